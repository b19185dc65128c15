"""``cliens-tk polisweb ...``: office list update, connection test, status and configuration,
headless, with the same Italian messages as the windows.

Exit codes: 0 done, 1 failed (card, network, PolisWeb), 2 bad input.

The smart-card PIN is asked with a hidden prompt, or read from the ``CLIENS_TK_PIN`` environment
variable for automation (never logged, never stored). The OTP code likewise: prompt or
``CLIENS_TK_OTP_CODE``; the OTP password for ``polisweb otp``: prompt or ``CLIENS_TK_OTP_PASSWORD``.
"""

from __future__ import annotations

import getpass
import os
import sys

from cliens_tk import cli
from cliens_tk.i18n import _

PIN_ENV = "CLIENS_TK_PIN"
OTP_CODE_ENV = "CLIENS_TK_OTP_CODE"
OTP_PASSWORD_ENV = "CLIENS_TK_OTP_PASSWORD"


def _register_type(text: str):
    from cliens_tk.domain.offices import parse_register

    import argparse

    try:
        return parse_register(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add(commands) -> None:
    parser = commands.add_parser("polisweb", help=_("accesso a PolisWeb: uffici, prova, stato, impostazioni"))
    actions = parser.add_subparsers(dest="action", required=True, metavar=_("AZIONE"))

    offices = actions.add_parser("offices", help=_("elenchi ministeriali degli uffici"))
    office_actions = offices.add_subparsers(dest="offices_action", required=True, metavar=_("AZIONE"))
    office_actions.add_parser("update", help=_("aggiorna gli elenchi ministeriali dal catalogo"))
    search = office_actions.add_parser("search", help=_("cerca un ufficio nell'elenco salvato"))
    search.add_argument("text", nargs="*", metavar=_("TESTO"))

    test = actions.add_parser("test", help=_("prova il collegamento (TestWS) con l'accesso configurato"))
    test.add_argument("--office", metavar=_("CODICE"), help=_("ufficio da usare (predefinito: il primo configurato)"))
    test.add_argument("--register", type=_register_type, metavar=_("REGISTRO"), help=_("registro (es. CC)"))

    status = actions.add_parser("status", help=_("uffici, registri e stato degli scaricamenti"))
    status.add_argument("--json", action="store_true", help=_("risultato in JSON"))

    configure = actions.add_parser("configure", help=_("imposta uffici, registri, anno iniziale e accesso"))
    configure.add_argument("--office", action="append", default=[], metavar=_("CODICE"),
                           help=_("aggiunge un ufficio da consultare (ripetibile)"))
    configure.add_argument("--register", action="append", default=[], type=_register_type, metavar=_("REGISTRO"),
                           help=_("registri da spuntare per gli uffici indicati (ripetibile; gli altri si tolgono)"))
    configure.add_argument("--remove-office", action="append", default=[], metavar=_("CODICE"),
                           help=_("toglie un ufficio da consultare"))
    configure.add_argument("--start-year", metavar=_("ANNO"), help=_("anno iniziale dello scaricamento"))
    configure.add_argument("--tax-code", metavar=_("CODICE_FISCALE"), help=_("il tuo codice fiscale"))
    configure.add_argument("--url", metavar="URL", help=_("indirizzo del punto di accesso (https://...)"))
    configure.add_argument("--ca-file", metavar=_("FILE"), help=_("autorità (CA) del server; vuoto: quelle del sistema"))
    mode = configure.add_mutually_exclusive_group()
    mode.add_argument("--smart-card", action="store_true", help=_("accesso con smart card"))
    mode.add_argument("--pkcs11-module", metavar=_("FILE"), help=_("smart card con questo driver PKCS#11"))
    mode.add_argument("--cert", metavar=_("FILE"), help=_("certificato PEM (prove e dimostrazione; serve --key)"))
    configure.add_argument("--token-label", metavar=_("ETICHETTA"), help=_("etichetta della smart card da usare"))
    configure.add_argument("--key", metavar=_("FILE"), help=_("chiave PEM del certificato"))

    download = actions.add_parser("download", help=_("scarica i dati PolisWeb degli uffici e registri configurati"))
    download.add_argument("--parallel", type=int, metavar="N",
                          help=_("richieste contemporanee (predefinito 3: rispetto per il servizio pubblico)"))
    purge = actions.add_parser("purge", help=_("elimina tutti i dati PolisWeb (attività verdi e dati di cancelleria)"))
    purge.add_argument("--yes", action="store_true", help=_("conferma l'eliminazione (obbligatorio)"))

    otp = actions.add_parser("otp", help=_("configura il dispositivo OTP (portachiavi del sistema)"))
    otp_mode = otp.add_mutually_exclusive_group(required=True)
    otp_mode.add_argument("--user", metavar=_("UTENTE"), help=_("nome utente (la password si chiede o si legge da "
                                                                "CLIENS_TK_OTP_PASSWORD)"))
    otp_mode.add_argument("--clear", action="store_true", help=_("dimentica l'OTP: si torna alla smart card"))


# --- prompts ------------------------------------------------------------------------------------

def ask_pin(status, label: str) -> str | None:
    if os.environ.get(PIN_ENV):
        return os.environ[PIN_ENV]
    if status.warning:
        print(status.warning, file=sys.stderr)
    try:
        return getpass.getpass(_("PIN della smart card «{label}»: ").format(label=label)) or None
    except (EOFError, KeyboardInterrupt):
        return None


def ask_otp_code() -> str | None:
    if os.environ.get(OTP_CODE_ENV):
        return os.environ[OTP_CODE_ENV]
    try:
        return getpass.getpass(_("Codice OTP: ")) or None
    except (EOFError, KeyboardInterrupt):
        return None


def _fail(exc: BaseException) -> int:
    print(f"cliens-tk: {exc}", file=sys.stderr)
    return cli.EXIT_FAILED


# --- handlers -------------------------------------------------------------------------------------

def _run(args) -> int:
    from cliens_tk.polisweb.access import access_errors
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService, SettingsError

    services = cli._services(args, create=args.action in ("configure", "otp"))
    try:
        settings = PolisWebSettingsService(services)
        handler = {"offices": _offices, "test": _test, "status": _status, "configure": _configure,
                   "otp": _otp, "download": _download, "purge": _purge}[args.action]
        try:
            return handler(args, services, settings)
        except SettingsError as exc:
            raise cli.UsageError(str(exc)) from exc
        except access_errors() as exc:
            return _fail(exc)
    finally:
        services.close()


def _offices(args, services, settings) -> int:
    if args.offices_action == "search":
        found = services.offices.search(" ".join(args.text))
        for office in found:
            registers = ",".join(r.value for r in office.registers) or "-"
            print(f"{office.code:<12} {office.gl_code:<5} {office.name:<50} {registers}")
        print(_("{n} uffici").format(n=len(found)))
        return cli.EXIT_OK
    from cliens_tk.services.polisweb_offices import update_office_list

    with settings.client(ask_pin, ask_otp_code) as client:
        result = update_office_list(services, client, progress=lambda text: print(text, file=sys.stderr))
    print(result.message())
    return cli.EXIT_OK


def _test(args, services, settings) -> int:
    from cliens_tk.services.polisweb_settings import CONSULTATION_REGISTERS

    if args.office:
        office = services.offices.get(args.office)
        if office is None:
            raise cli.UsageError(_("Ufficio sconosciuto: {code}. Cercalo con «cliens-tk polisweb offices search»."
                                   ).format(code=args.office))
        registers = [r for r in CONSULTATION_REGISTERS if r in office.registers]
        register = args.register or (registers[0] if registers else None)
        if register is None or register not in office.registers:
            raise cli.UsageError(_("{office} non offre quel registro su PolisWeb.").format(office=office.name))
    else:
        office, register = settings.test_target()
        register = args.register or register
    with settings.client(ask_pin, ask_otp_code) as client:
        report = client.test_connection(office, register)
    print(report.message())
    return cli.EXIT_OK


def _download(args, services, settings) -> int:
    """Text progress on stderr, the summary on stdout; 0 all registers ok, 1 some failed."""
    from cliens_tk.services.download import DownloadEngine

    if args.parallel is not None and not 1 <= args.parallel <= 10:
        raise cli.UsageError(_("--parallel deve essere tra 1 e 10"))
    last = [""]

    def progress(info) -> None:
        line = f"[{info.fraction:4.0%}] {info.text}"
        if line != last[0]:
            last[0] = line
            print(line, file=sys.stderr, flush=True)

    engine = DownloadEngine(services, settings.client(ask_pin, ask_otp_code), parallelism=args.parallel,
                            on_progress=progress)
    summary = engine.run()
    if summary.fatal and not summary.outcomes and not settings.targets():
        raise cli.UsageError(summary.text())
    print(summary.text())
    return cli.EXIT_OK if summary.ok else cli.EXIT_FAILED


def _purge(args, services, settings) -> int:
    from cliens_tk.services.download_apply import purge_polisweb_data

    if not args.yes:
        raise cli.UsageError(_("l'eliminazione di tutti i dati PolisWeb va confermata con --yes"))
    services.archive.backup(reason="before-purge")
    activities, records = purge_polisweb_data(services)
    print(_("Eliminati {a} attività PolisWeb e {r} dati di cancelleria; i fascicoli e le attività personali "
            "restano. Il prossimo scaricamento riscaricherà tutto.").format(a=activities, r=records))
    return cli.EXIT_OK


def _status(args, services, settings) -> int:
    from cliens_tk.services.polisweb_settings import status_rows

    config = settings.access()
    rows = status_rows(settings)
    if args.json:
        cli._print_json({
            "access": {k: v for k, v in config.to_dict().items() if k != "otp_user"},
            "tax_code": settings.tax_code(), "start_year": settings.start_year(),
            "last_download": settings.last_download(),
            "offices": [{"code": e.code, "name": e.name, "supported": [r.value for r in e.supported],
                         "ticked": [r.value for r in e.supported if e.is_ticked(r)]} for e in settings.entries()],
            "registers": [{"office_code": r.office_code, "register": r.register.value, "status": r.status,
                           "needs_download": r.needs_download, "last_download": r.last_download,
                           "last_attempt": r.last_attempt, "error": r.error} for r in rows],
            "warnings": settings.warnings(),
        })
        return cli.EXIT_OK
    print(_("Accesso: {mode}").format(mode=config.mode.label))
    print(_("Punto di accesso: {url}").format(url=config.base_url))
    print(_("Codice fiscale: {cf}").format(cf=settings.tax_code() or _("non indicato")))
    print(_("Anno iniziale: {year}").format(year=settings.start_year()))
    last = settings.last_download()
    print(_("Ultimo scaricamento: {when}").format(when=f"{last:%d/%m/%Y %H:%M}" if last else _("mai")))
    for entry in settings.entries():
        print(f"\n{entry.name} ({entry.code})")
        for register in entry.supported:
            mark = "[x]" if entry.is_ticked(register) else "[ ]"
            red = " *" if entry.needs_download(register) else ""
            print(f"  {mark} {register.label}{red}")
    if rows:
        print()
    for row in rows:
        when = f"{row.last_download:%d/%m/%Y %H:%M}" if row.last_download else "-"
        print(f"{row.office_name[:40]:<40} {row.register.label:<26} {row.status:<16} {when}  {row.error}")
    for warning in settings.warnings():
        print(warning, file=sys.stderr)
    return cli.EXIT_OK


def _configure(args, services, settings) -> int:
    from cliens_tk.polisweb.access import AccessMode

    config = settings.access()
    if args.url is not None:
        config.base_url = args.url
    if args.ca_file is not None:
        config.ca_file = str(os.path.abspath(args.ca_file)) if args.ca_file else ""
    if args.smart_card or args.pkcs11_module is not None or args.token_label is not None:
        config.mode = AccessMode.SMART_CARD
        if args.pkcs11_module is not None:
            config.pkcs11_module = os.path.abspath(args.pkcs11_module) if args.pkcs11_module else ""
        if args.token_label is not None:
            config.token_label = args.token_label
    if args.cert is not None or args.key is not None:
        if not (args.cert and args.key):
            raise cli.UsageError(_("Indica sia --cert sia --key."))
        config.mode = AccessMode.PEM
        config.cert_file, config.key_file = os.path.abspath(args.cert), os.path.abspath(args.key)
    settings.save_access(config)
    if args.tax_code is not None:
        settings.set_tax_code(args.tax_code)
    if args.start_year is not None:
        settings.set_start_year(args.start_year)
    for code in args.remove_office:
        if not settings.remove_office(code):
            raise cli.UsageError(_("L'ufficio {code} non è tra gli uffici da consultare.").format(code=code))
    if args.register and not args.office:
        raise cli.UsageError(_("--register va usato insieme a --office."))
    for code in args.office:
        office = services.offices.get(code)
        if office is None:
            raise cli.UsageError(_("Ufficio sconosciuto: {code}. Cercalo con «cliens-tk polisweb offices search»."
                                   ).format(code=code))
        for register in args.register:
            if register not in office.registers:
                raise cli.UsageError(_("{office} non offre il registro {register} su PolisWeb.").format(
                    office=office.name, register=register.label))
    settings.add_offices(args.office)
    for code in args.office:
        if args.register:
            office = services.offices.get(code)
            for register in office.registers:
                settings.set_register(code, register, register in args.register)
    print(_("Impostazioni PolisWeb salvate."))
    for warning in settings.warnings():
        print(warning, file=sys.stderr)
    return cli.EXIT_OK


def _otp(args, services, settings) -> int:
    if args.clear:
        settings.clear_otp()
        print(_("Dispositivo OTP dimenticato: l'accesso torna alla smart card."))
        return cli.EXIT_OK
    password = os.environ.get(OTP_PASSWORD_ENV)
    if not password:
        try:
            password = getpass.getpass(_("Password del dispositivo OTP: "))
        except (EOFError, KeyboardInterrupt):
            password = ""
    settings.save_otp(args.user, password)
    print(_("Dispositivo OTP configurato: nome utente e password sono nel portachiavi del sistema."))
    return cli.EXIT_OK


cli.register_command("polisweb", _add, _run)

"""``cliens-tk export ...`` and ``cliens-tk import ics``: calendar export without windows."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from cliens_tk import cli
from cliens_tk.i18n import _


def _add_export(commands) -> None:
    export = commands.add_parser("export", help=_("esporta l'agenda su un calendario on-line o in un file .ics"))
    kinds = export.add_subparsers(dest="target", required=True, metavar=_("DESTINAZIONE"), parser_class=cli._Parser)

    caldav = kinds.add_parser("caldav", help=_("calendario on-line (CalDAV, iCloud)"))
    actions = caldav.add_subparsers(dest="action", required=True, metavar=_("AZIONE"), parser_class=cli._Parser)
    configure = actions.add_parser(
        "configure", help=_("collega un calendario (password dal portachiavi, da CLIENS_TK_CALDAV_PASSWORD o chiesta)"))
    configure.add_argument("--url", default="", help=_("indirizzo del server CalDAV (non serve per iCloud)"))
    configure.add_argument("--user", required=True, metavar=_("NOME"), help=_("nome utente del calendario"))
    configure.add_argument("--calendar", default=None, metavar=_("NOME"),
                           help=_("nome del calendario (obbligatorio se l'utenza ne ha più di uno)"))
    configure.add_argument("--create", action="store_true", help=_("crea il calendario --calendar se non esiste"))
    configure.add_argument("--server", choices=("caldav", "icloud", "google"), default="caldav",
                           help=_("tipo di server (predefinito caldav)"))
    actions.add_parser("sync", help=_("invia le modifiche; esce con 0 se il calendario è allineato"))
    actions.add_parser("status", help=_("mostra lo stato dell'esportazione"))
    disable = actions.add_parser("disable", help=_("disattiva l'esportazione"))
    disable.add_argument("--remove", action="store_true", help=_("elimina anche gli eventi esportati dal calendario"))

    ics = kinds.add_parser("ics", help=_("scrive le attività in un file .ics"))
    ics.add_argument("file", type=Path, metavar=_("FILE"))
    ics.add_argument("--from", dest="start", type=cli.parse_date, default=None, metavar=_("DATA"),
                     help=_("primo giorno (gg/mm/aaaa)"))
    ics.add_argument("--to", dest="end", type=cli.parse_date, default=None, metavar=_("DATA"),
                     help=_("ultimo giorno (gg/mm/aaaa)"))


def _add_import(commands) -> None:
    imp = commands.add_parser("import", help=_("importa attività da un file"))
    kinds = imp.add_subparsers(dest="target", required=True, metavar=_("FORMATO"), parser_class=cli._Parser)
    ics = kinds.add_parser("ics", help=_("importa gli eventi di un file .ics come attività personali"))
    ics.add_argument("file", type=Path, metavar=_("FILE"))


def _password(url: str, user: str) -> str:
    from cliens_tk.security import secrets
    from cliens_tk.services.export_setup import SECRET_SERVICE, password_from_environment, secret_key

    env = password_from_environment()
    if env:
        return env
    try:
        stored = secrets.get_secret(SECRET_SERVICE, secret_key(url, user))
    except secrets.SecretStoreError:
        stored = None
    if stored:
        return stored
    if not sys.stdin.isatty():
        raise cli.UsageError(_("password mancante: impostare CLIENS_TK_CALDAV_PASSWORD o eseguire il comando "
                               "da un terminale"))
    return getpass.getpass(_("Password del calendario per {user}: ").format(user=user))


def _configure(export, args) -> int:
    from cliens_tk.export.caldav_client import CalDavError
    from cliens_tk.security.secrets import SecretStoreError
    from cliens_tk.services.export_setup import (
        ServerKind,
        create_calendar,
        password_from_environment,
        probe,
        server_url,
    )

    kind = ServerKind(args.server)
    try:
        url = server_url(kind, args.url)
        password = _password(url, args.user)
        found = probe(kind, url, args.user, password)
        calendar = found.single if args.calendar is None else next(
            (c for c in found.calendars if args.calendar in (c.name, c.url)), None)
        if calendar is None and args.calendar and args.create:
            calendar = create_calendar(kind, url, args.user, password, args.calendar)
        if calendar is None:
            names = ", ".join(f"«{c.name}»" for c in found.calendars) or _("nessuno")
            if args.calendar:
                raise cli.UsageError(_("calendario «{name}» non trovato (calendari disponibili: {names}); "
                                       "aggiungere --create per crearlo").format(name=args.calendar, names=names))
            raise cli.UsageError(_("l'utenza ha più calendari o nessuno: indicare --calendar NOME "
                                   "(calendari disponibili: {names})").format(names=names))
        try:
            queued = export.configure(kind, url, args.user, password, calendar)
        except SecretStoreError as exc:
            if not password_from_environment():
                raise cli.UsageError(exc.message) from exc
            queued = export.configure(kind, url, args.user, password, calendar, remember_password=False)
            print(_("Nota: la password non è stata salvata (portachiavi non disponibile); "
                    "le sincronizzazioni useranno CLIENS_TK_CALDAV_PASSWORD."))
    except CalDavError as exc:
        print(f"cliens-tk: {exc.message}", file=sys.stderr)
        return cli.EXIT_FAILED
    print(_("Calendario configurato: «{name}» ({url}). Attività da esportare: {n}. "
            "Eseguire «cliens-tk export caldav sync» per inviarle.").format(name=calendar.name, url=calendar.url,
                                                                             n=queued))
    return cli.EXIT_OK


def _sync(export) -> int:
    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    result = export.sync(progress=show)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(_("Inviate: {sent}, eliminate: {deleted}, invariate: {unchanged}, in attesa: {pending}.").format(
        sent=result.sent, deleted=result.deleted, unchanged=result.unchanged, pending=result.pending))
    if result.in_sync:
        print(_("Il calendario esterno è allineato all'agenda."))
        return cli.EXIT_OK
    reason = result.error or "; ".join(result.rejected)
    print(f"cliens-tk: {reason}", file=sys.stderr)
    return cli.EXIT_FAILED


def _cmd_export(args) -> int:
    if args.target == "ics":
        return _export_ics(args)
    from cliens_tk.services.export import ExportService

    services = cli._services(args)
    export = ExportService(services.archive)
    try:
        if args.action == "configure":
            return _configure(export, args)
        if args.action == "sync":
            return _sync(export)
        if args.action == "status":
            status = export.status()
            print(status.text())
            if status.account.configured:
                print(_("Calendario: «{name}» ({url}), utente {user}.").format(
                    name=status.account.calendar_name, url=status.account.calendar_url, user=status.account.username))
            return cli.EXIT_OK
        if args.action == "disable":
            from cliens_tk.export.caldav_client import CalDavError

            try:
                removed = export.disable(remove_events=args.remove)
            except CalDavError as exc:
                print(f"cliens-tk: {exc.message}", file=sys.stderr)
                return cli.EXIT_FAILED
            print(_("Esportazione disattivata. Eventi eliminati dal calendario: {n}.").format(n=removed))
            return cli.EXIT_OK
    finally:
        services.close()
    return cli.EXIT_USAGE


def _export_ics(args) -> int:
    from cliens_tk.export.ical import IcsError
    from cliens_tk.services.export_ics import export_ics

    services = cli._services(args)
    try:
        count = export_ics(services.archive, args.file, args.start, args.end)
    except IcsError as exc:
        raise cli.UsageError(str(exc)) from exc
    finally:
        services.close()
    print(_("{n} attività scritte in {path}").format(n=count, path=args.file))
    return cli.EXIT_OK


def _cmd_import(args) -> int:
    from cliens_tk.export.ical import IcsError
    from cliens_tk.services.export_ics import import_ics

    services = cli._services(args)
    try:
        result = import_ics(services.archive, args.file)
    except IcsError as exc:
        raise cli.UsageError(str(exc)) from exc
    finally:
        services.close()
    print(result.text())
    return cli.EXIT_OK


cli.register_command("export", _add_export, _cmd_export)
cli.register_command("import", _add_import, _cmd_import)

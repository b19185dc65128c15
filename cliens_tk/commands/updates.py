"""``cliens-tk updates``: check, download (verified and staged) and the update settings, headless.

    cliens-tk updates check [--json]
    cliens-tk updates download          verified and staged: installed at the next start
    cliens-tk updates settings [--on | --off] [--url URL]
"""

from __future__ import annotations

import json

from cliens_tk import __version__, cli
from cliens_tk.i18n import _


def _add_parser(commands) -> None:
    updates = commands.add_parser("updates", help=_("aggiornamenti del programma"))
    actions = updates.add_subparsers(dest="action", required=True, metavar=_("AZIONE"), parser_class=cli._Parser)
    check = actions.add_parser("check", help=_("controlla se c'è una versione più recente"))
    check.add_argument("--json", action="store_true", help=_("risultato in JSON"))
    actions.add_parser("download", help=_("scarica e controlla l'aggiornamento; si installa al prossimo avvio"))
    settings = actions.add_parser("settings", help=_("mostra o cambia le impostazioni degli aggiornamenti"))
    switch = settings.add_mutually_exclusive_group()
    switch.add_argument("--on", dest="enabled", action="store_const", const=True,
                        help=_("controlla all'avvio (predefinito)"))
    switch.add_argument("--off", dest="enabled", action="store_const", const=False,
                        help=_("non controllare all'avvio"))
    settings.add_argument("--url", metavar="URL", help=_("indirizzo del manifesto degli aggiornamenti"))


def _service(args):
    from cliens_tk.paths import data_dir
    from cliens_tk.services.updates import UpdateService

    services = cli._services(args, create=True)
    return services, UpdateService.for_data_dir(data_dir(args.data_dir), services.settings)


def _handle(args) -> int:
    from cliens_tk.services.updates import SETTING_ENABLED, SETTING_MANIFEST_URL, UpdateError

    services, service = _service(args)
    try:
        if args.action == "settings":
            if args.enabled is not None:
                services.settings.set(SETTING_ENABLED, args.enabled)
            if args.url is not None:
                if not args.url.startswith("https://"):
                    raise cli.UsageError(_("l'indirizzo del manifesto deve iniziare con https://"))
                services.settings.set(SETTING_MANIFEST_URL, args.url)
            print(_("Controllo all'avvio: {state}").format(state=_("sì") if service.enabled else _("no")))
            print(_("Manifesto: {url}").format(url=service.manifest_url))
            return cli.EXIT_OK
        try:
            release = service.check()
        except UpdateError as exc:
            raise cli.UsageError(str(exc)) from exc
        if args.action == "check":
            if args.json:
                print(json.dumps({"current": __version__, "available": release.version if release else None,
                                  "changes": list(release.changes) if release else []}, ensure_ascii=False))
            elif release is None:
                print(_("Cliens TK {version} è aggiornato.").format(version=__version__))
            else:
                print(_("Disponibile la versione {new} (installata: {old}). Novità:").format(
                    new=release.version, old=__version__))
                for change in release.changes:
                    print(f"  - {change}")
            return cli.EXIT_OK
        if release is None:
            print(_("Cliens TK {version} è aggiornato.").format(version=__version__))
            return cli.EXIT_OK
        shown = {"step": -1}

        def progress(done: int, total: int) -> None:
            step = done * 10 // total
            if step != shown["step"]:
                shown["step"] = step
                print(_("  scaricati {done:.1f} MB di {total:.1f} MB").format(done=done / 1e6, total=total / 1e6),
                      flush=True)

        try:
            service.download(release, progress=progress)
        except UpdateError as exc:
            raise cli.UsageError(str(exc)) from exc
        print(_("Versione {version} scaricata e verificata: sarà installata al prossimo avvio.").format(
            version=release.version))
        return cli.EXIT_OK
    finally:
        services.close()


cli.register_command("updates", _add_parser, _handle)

"""The ``cliens-tk`` command: no arguments starts the windows; sub-commands work headless.

Errors a user can cause (a wrong date, a missing or locked archive) end with one Italian line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path
from typing import Callable, Sequence

from cliens_tk import __version__, i18n
from cliens_tk.i18n import _

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the user: reported in one line, exit code 2."""


# argparse's own messages, in Italian (argparse looks them up through its module-level ``_``).
_ARGPARSE_IT = {
    "usage: ": "uso: ",
    "show this help message and exit": "mostra questo aiuto ed esce",
    "the following arguments are required: %s": "mancano questi argomenti: %s",
    "unrecognized arguments: %s": "argomenti non riconosciuti: %s",
    "expected one argument": "serve un valore",
    "invalid choice: %(value)r (choose from %(choices)s)": "scelta non valida: %(value)r (scegliere tra %(choices)s)",
    "invalid %(type)s value: %(value)r": "valore non valido: %(value)r",
    "positional arguments": "argomenti",
    "options": "opzioni",
    "argument %(argument_name)s: %(message)s": "argomento %(argument_name)s: %(message)s",
    "not allowed with argument %s": "non ammesso insieme a %s",
    "one of the arguments %s is required": "serve uno di questi argomenti: %s",
}


def _argparse_text(text: str) -> str:
    return _ARGPARSE_IT.get(text, text) if i18n.current_language() == "it" else text


def _localise_argparse() -> None:
    argparse._ = _argparse_text  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2
        raise UsageError(message)


def parse_date(text: str) -> dt.date:
    """A date as 31/12/2024, 31-12-2024, 2024-12-31, or «oggi»/«today»."""
    value = text.strip().lower()
    if value in ("oggi", "today"):
        return dt.date.today()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        _("data non valida «{text}»: scrivere gg/mm/aaaa, per esempio 31/12/2024").format(text=text)
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(_("numero non valido «{text}»").format(text=text))
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cliens-tk",
        description=_("Agenda, archivio fascicoli e scaricamento PolisWeb per i consulenti tecnici d'ufficio."),
        epilog=_("Senza comandi si apre la finestra principale."),
    )
    parser.add_argument("--version", action="version", version=f"cliens-tk {__version__}",
                        help=_("mostra la versione ed esce"))
    parser.add_argument("--data-dir", metavar=_("CARTELLA"),
                        help=_("cartella dei dati (anche con la variabile CLIENS_TK_DATA_DIR)"))
    parser.add_argument("--lang", choices=i18n.SUPPORTED, help=_("lingua dell'interfaccia (it, en)"))
    parser.add_argument("--open", choices=("agenda", "cases"), help=_("apre direttamente l'agenda o i fascicoli"))
    parser.add_argument("-v", "--verbose", action="store_true", help=_("registro dettagliato"))
    parser.add_argument("--demo", action="store_true",
                        help=_("usa l'archivio dimostrativo e un emulatore di PolisWeb (nessuna smart card)"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMANDO"), parser_class=_Parser)

    commands.add_parser("selftest", help=_("controlla l'installazione senza aprire finestre"))

    demo = commands.add_parser("demo", help=_("crea un archivio dimostrativo in una cartella dati vuota"))
    demo.add_argument("--cases", type=_positive, default=60, help=_("numero di fascicoli (predefinito 60)"))
    demo.add_argument("--activities", type=_positive, default=400, help=_("numero di attività (predefinito 400)"))
    demo.add_argument("--seed", type=int, default=2024, help=argparse.SUPPRESS)

    agenda = commands.add_parser("agenda", help=_("attività in agenda"))
    agenda_commands = agenda.add_subparsers(dest="action", required=True, metavar=_("AZIONE"), parser_class=_Parser)
    agenda_list = agenda_commands.add_parser("list", help=_("elenca le attività in un periodo"))
    agenda_list.add_argument("--from", dest="start", type=parse_date, required=True, metavar=_("DATA"),
                             help=_("primo giorno (gg/mm/aaaa)"))
    agenda_list.add_argument("--to", dest="end", type=parse_date, required=True, metavar=_("DATA"),
                             help=_("ultimo giorno (gg/mm/aaaa)"))
    agenda_list.add_argument("--json", action="store_true", help=_("risultato in JSON"))

    deadlines = commands.add_parser("deadlines", help=_("lista delle scadenze"))
    deadlines_commands = deadlines.add_subparsers(dest="action", required=True, metavar=_("AZIONE"),
                                                  parser_class=_Parser)
    deadlines_list = deadlines_commands.add_parser("list", help=_("le scadenze visibili in un giorno"))
    deadlines_list.add_argument("--on", type=parse_date, default=None, metavar=_("DATA"),
                                help=_("il giorno (predefinito oggi)"))
    deadlines_list.add_argument("--all", action="store_true", help=_("anche le scadenze fatte da più di 30 giorni"))
    deadlines_list.add_argument("--json", action="store_true", help=_("risultato in JSON"))

    cases = commands.add_parser("cases", help=_("archivio fascicoli"))
    cases_commands = cases.add_subparsers(dest="action", required=True, metavar=_("AZIONE"), parser_class=_Parser)
    cases_list = cases_commands.add_parser("list", help=_("elenca i fascicoli"))
    cases_list.add_argument("--search", default="", metavar=_("TESTO"),
                            help=_("cerca in intestazioni, parti, oggetti, ruoli, uffici, giudici"))
    cases_list.add_argument("--json", action="store_true", help=_("risultato in JSON"))

    backup = commands.add_parser("backup", help=_("copia di sicurezza dell'archivio"))
    backup.add_argument("--to", type=Path, default=None, metavar=_("FILE"),
                        help=_("dove salvarla (predefinito: la cartella backups)"))

    restore = commands.add_parser("restore", help=_("ripristina l'archivio da una copia di sicurezza"))
    restore.add_argument("file", type=Path, metavar=_("FILE"))

    for register in _EXTRA_COMMANDS:
        register(commands)
    return parser


# Feature areas add their sub-commands here (name -> handler), keeping this module small.
_EXTRA_COMMANDS: list[Callable] = []
_HANDLERS: dict[str, Callable] = {}


def register_command(name: str, add: Callable, handler: Callable) -> None:
    _EXTRA_COMMANDS.append(add)
    _HANDLERS[name] = handler


def _services(args, create: bool = False):
    from cliens_tk.paths import data_dir
    from cliens_tk.services.context import AppServices

    return AppServices.open(data_dir(args.data_dir), create=create)


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _cmd_demo(args) -> int:
    from cliens_tk.services.demo import DemoError, fill_demo

    services = _services(args, create=True)
    try:
        summary = fill_demo(services, cases=args.cases, activities=args.activities, seed=args.seed)
    except DemoError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        services.close()
    print(_("Archivio dimostrativo creato in {path}: {cases} fascicoli personali, {records} dati di cancelleria, "
            "{activities} attività.").format(path=services.archive.path, cases=summary.personal_cases,
                                               records=summary.registry_records, activities=summary.activities))
    return EXIT_OK


def _activity_json(activity) -> dict:
    return {
        "id": activity.id, "uid": activity.uid, "kind": activity.kind.value, "title": activity.title,
        "place": activity.place, "start": activity.start, "end": activity.end, "all_day": activity.all_day,
        "due_date": activity.due_date, "show_from": activity.show_from, "done": activity.done,
        "judge": activity.judge, "personal_case_id": activity.personal_case_id,
        "registry_record_id": activity.registry_record_id,
    }


def _cmd_agenda(args) -> int:
    from cliens_tk.domain.activity import Period

    if args.end < args.start:
        raise UsageError(_("la data finale viene prima di quella iniziale"))
    services = _services(args)
    try:
        activities = services.agenda.in_period(Period(args.start, args.end))
    finally:
        services.close()
    if args.json:
        _print_json([_activity_json(a) for a in activities])
        return EXIT_OK
    for a in activities:
        when = (f"{a.start:%d/%m/%Y}  {_('tutto il giorno'):>11}" if a.all_day
                else f"{a.start:%d/%m/%Y}  {a.start:%H:%M}-{a.end:%H:%M}")
        print(f"{when}  {a.kind.label:<22} {a.title}")
    print(_("{n} attività").format(n=len(activities)))
    return EXIT_OK


def _cmd_deadlines(args) -> int:
    day = args.on or dt.date.today()
    services = _services(args)
    try:
        deadlines = services.agenda.deadlines(day, None if args.all else 30)
    finally:
        services.close()
    if args.json:
        _print_json([{**_activity_json(a), "status": a.deadline_status(day).value} for a in deadlines])
        return EXIT_OK
    marks = {"OVERDUE": _("SCADUTA"), "DUE_TODAY": _("OGGI"), "OTHER": ""}
    for a in deadlines:
        due = f"{a.due_date:%d/%m/%Y}" if a.due_date else _("(dal {d:%d/%m/%Y})").format(d=a.show_from)
        done = _("fatta") if a.done else ""
        print(f"{due:<12} {marks[a.deadline_status(day).value]:<8} {done:<6} {a.title}")
    print(_("{n} scadenze").format(n=len(deadlines)))
    return EXIT_OK


def _cmd_cases(args) -> int:
    services = _services(args)
    try:
        rows = services.cases.list_rows(args.search)
        offices = services.offices.names()
    finally:
        services.close()
    if args.json:
        _print_json([
            {"kind": r.kind.value, "title": r.title, "subject": r.subject, "role": str(r.role) if r.role else None,
             "office_code": r.office_code, "office": offices.get(r.office_code, r.office_code),
             "register": r.register.value, "seen": r.seen, "personal_case_id": r.personal_case_id,
             "registry_record_id": r.registry_record_id}
            for r in rows
        ])
        return EXIT_OK
    icons = {"PERSONAL": "P  ", "REGISTRY": "  C", "BOTH": "P C"}
    for r in rows:
        role = str(r.role) if r.role else "-"
        bold = "*" if not r.seen else " "
        print(f"{icons[r.kind.value]} {bold} {role:>11}  {r.register.value:<4} "
              f"{offices.get(r.office_code, r.office_code)[:28]:<28}  {r.title[:50]:<50}  {r.subject}")
    print(_("{n} fascicoli").format(n=len(rows)))
    return EXIT_OK


def _cmd_backup(args) -> int:
    services = _services(args)
    try:
        path = services.archive.backup(reason="manual", target=args.to)
    finally:
        services.close()
    print(_("Copia di sicurezza salvata in {path}").format(path=path))
    return EXIT_OK


def _cmd_restore(args) -> int:
    services = _services(args, create=True)
    try:
        kept = services.archive.restore(args.file)
    finally:
        services.close()
    print(_("Archivio ripristinato da {source}. L'archivio precedente è stato conservato in {kept}").format(
        source=args.file, kept=kept))
    return EXIT_OK


def _cmd_selftest(args) -> int:
    from cliens_tk.selftest import run_selftest

    return run_selftest(args.data_dir)


def _cmd_gui(args) -> int:
    from cliens_tk.app import run_gui

    return run_gui(args.data_dir, open_window=args.open)


_BASE_HANDLERS = {
    None: _cmd_gui,
    "selftest": _cmd_selftest,
    "demo": _cmd_demo,
    "agenda": _cmd_agenda,
    "deadlines": _cmd_deadlines,
    "cases": _cmd_cases,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}


def _load_feature_commands() -> None:
    """Import the feature areas that add sub-commands (each calls ``register_command``)."""
    import importlib

    for module in ("cliens_tk.commands",):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    from cliens_tk.app import main as app_main
    from cliens_tk.app import only_window_options

    if only_window_options(list(sys.argv[1:] if argv is None else argv)):
        return app_main(argv)  # the windows' short path: first window before the archive code
    i18n.install(_language_from(argv))
    _localise_argparse()
    _load_feature_commands()
    from cliens_tk.store.archive import ArchiveError

    try:
        args = build_parser().parse_args(argv)
        handler = _HANDLERS.get(args.command) or _BASE_HANDLERS[args.command]
        if args.demo:
            return _run_demo(args, handler)
        _setup_logs(args)
        return handler(args)
    except UsageError as exc:
        print(f"cliens-tk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ArchiveError as exc:
        print(f"cliens-tk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(_("cliens-tk: interrotto"), file=sys.stderr)
        return 130


def _run_demo(args, handler) -> int:
    """``--demo``: the demo archive and a PolisWeb emulator running while the command runs."""
    from cliens_tk.services.polisweb_demo import DemoError, demo_environment

    try:
        with demo_environment(args.data_dir) as directory:
            args.data_dir = str(directory)
            _setup_logs(args)
            return handler(args)
    except DemoError as exc:
        raise UsageError(str(exc)) from exc


def _language_from(argv: Sequence[str] | None) -> str | None:
    items = list(sys.argv[1:] if argv is None else argv)
    for index, item in enumerate(items):
        if item == "--lang" and index + 1 < len(items):
            return items[index + 1]
        if item.startswith("--lang="):
            return item.split("=", 1)[1]
    return None


def _setup_logs(args) -> None:
    from cliens_tk.logging_setup import setup_logging
    from cliens_tk.paths import data_dir, log_dir

    try:
        setup_logging(log_dir(data_dir(args.data_dir)), verbose=args.verbose)
    except OSError as exc:  # a read-only home must not stop the CLI
        print(_("cliens-tk: impossibile scrivere il registro ({error})").format(error=exc), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

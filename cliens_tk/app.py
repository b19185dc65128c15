"""Starting the program: the first window fast, the first-run wizard, updates at start.

Order of a start, and why:

1. A staged update is installed before anything else (built program only): the old executable
   replaces itself and starts the new one (``services.updates``).
2. The Tk root appears with a small "opening the archive" view *before* the archive code is
   imported: dataset/SQLAlchemy/alembic alone cost more than the window (caldav, PyKCS11 and the
   PolisWeb transport are imported only by the windows that use them).
3. First run (no archive yet): the wizard asks for the codice fiscale and demo-or-empty while the
   archive code loads in the background; closing it leaves nothing behind.
4. The archive opens, the main window replaces the start view, and after it: the changes of a
   just-installed update (once), then the background update check.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from cliens_tk.i18n import _

log = logging.getLogger(__name__)

# Same name as cliens_tk.store.archive.ARCHIVE_FILE (a test keeps them equal): importing the
# store only to learn a file name would cost the fast start its point.
ARCHIVE_FILE_NAME = "cliens-tk.sqlite"
ASSETS = Path(__file__).resolve().parent / "assets"
_WINDOW_OPTIONS_WITH_VALUE = ("--data-dir", "--lang", "--open")
_WINDOW_FLAGS = ("-v", "--verbose")
EXIT_RESTART = "restart"


# -- entry of the built executables -----------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Start the windows on the short path when only window options are given; else the CLI."""
    _guard_missing_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    from cliens_tk import cli

    if not only_window_options(arguments):
        return cli.main(arguments)
    from cliens_tk import i18n

    i18n.install(cli._language_from(arguments))
    cli._localise_argparse()
    try:
        args = cli.build_parser().parse_args(arguments)
    except cli.UsageError as exc:
        print(f"cliens-tk: {exc}", file=sys.stderr)
        return cli.EXIT_USAGE
    cli._setup_logs(args)
    return run_gui(args.data_dir, open_window=args.open)


def only_window_options(arguments: list[str]) -> bool:
    """True when ``arguments`` just start the windows (no sub-command, no unknown option)."""
    index = 0
    while index < len(arguments):
        item = arguments[index]
        if item in _WINDOW_FLAGS:
            index += 1
        elif item in _WINDOW_OPTIONS_WITH_VALUE:
            index += 2
        elif item.split("=", 1)[0] in _WINDOW_OPTIONS_WITH_VALUE and "=" in item:
            index += 1
        else:
            return False
    return index == len(arguments)


class _LogStream:
    """Stands in for stdout/stderr in a windowed build, which has none: lines go to the log."""

    def __init__(self, level: int):
        self.level = level

    def write(self, text: str) -> int:
        if text.strip():
            logging.getLogger("cliens_tk.output").log(self.level, text.rstrip())
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _guard_missing_streams() -> None:
    if sys.stdout is None:
        sys.stdout = _LogStream(logging.INFO)
    if sys.stderr is None:
        sys.stderr = _LogStream(logging.WARNING)


# -- the windows ----------------------------------------------------------------------------
def run_gui(data_dir: str | None = None, open_window: str | None = None, ask_demo=None) -> int:
    """Open the windows and run until the user quits. ``ask_demo`` (a function returning True for
    the demo archive) replaces the first-run wizard for scripted starts."""
    from cliens_tk.paths import data_dir as resolve

    directory = resolve(data_dir)
    if _install_staged_update(directory):
        return 0
    from cliens_tk.ui.app import UiContext, create_root

    root = create_root()
    _set_icon(root)
    from cliens_tk.ui.first_run import StartView

    start_view = StartView(root)
    start_view.pack(fill="both", expand=True)
    root.update()  # the first window is on screen before the archive code is imported
    ctx = UiContext(root, None)
    starter = _Starter(ctx, directory, open_window, start_view)
    first_run = not (directory / ARCHIVE_FILE_NAME).exists()
    if first_run and ask_demo is None:
        starter.run_wizard()
    else:
        starter.open_archive(_first_run_choice(ask_demo) if first_run else None)
    try:
        if starter.exit_code is None:
            root.mainloop()
    finally:
        stop_background_work(ctx)
        ctx.close()
        if ctx.services is not None:
            ctx.services.close()
    if starter.exit_code == EXIT_RESTART:
        return _restart_into_update(directory)
    return starter.exit_code or 0


def _first_run_choice(ask_demo):
    from cliens_tk.ui.first_run import FirstRunChoice

    return FirstRunChoice(tax_code=None, demo=bool(ask_demo()))


class _Starter:
    """The steps after the first window: wizard (first run), archive, main window, updates."""

    def __init__(self, ctx, directory: Path, open_window: str | None, start_view):
        self.ctx = ctx
        self.directory = directory
        self.open_window = open_window
        self.start_view = start_view
        self.exit_code: int | str | None = None

    def run_wizard(self) -> None:
        from cliens_tk.ui.first_run import FirstRunWizard

        self.start_view.pack_forget()
        # the archive code loads on the worker while the user reads and types
        self.ctx.tasks.submit(lambda job: _preload_archive_code(), name="preload")
        wizard = FirstRunWizard(self.ctx.root, on_finish=self._wizard_done, on_cancel=self._wizard_cancelled)
        wizard.pack(fill="both", expand=True)
        wizard.focus_first()
        self.ctx.root.title(_("Cliens TK — primo avvio"))

    def _wizard_done(self, wizard, choice) -> None:
        wizard.destroy()
        self.start_view.pack(fill="both", expand=True)
        self.start_view.set_message(_("Creazione dell'archivio dimostrativo…") if choice.demo
                                    else _("Creazione dell'archivio…"))
        self.ctx.root.update_idletasks()
        self.open_archive(choice)

    def _wizard_cancelled(self, wizard) -> None:
        log.info("first-run wizard closed: nothing created")
        self.exit_code = 0
        self.ctx.root.destroy()

    def open_archive(self, choice=None) -> None:
        _preload_archive_code()
        from cliens_tk.services.context import AppServices
        from cliens_tk.store.archive import ArchiveError

        try:
            services = AppServices.open(self.directory)
        except ArchiveError as exc:
            from ttkbootstrap.dialogs import Messagebox

            Messagebox.show_error(str(exc), title=_("Archivio non disponibile"), parent=self.ctx.root)
            self.exit_code = 2
            self.ctx.root.destroy()
            return
        self.ctx.services = services
        if choice is not None:
            _apply_first_run_choice(services, choice)
        self.start_view.destroy()
        build_main(self.ctx, self.open_window)
        self.ctx.root.after_idle(self._after_main_window)

    def _after_main_window(self) -> None:
        from cliens_tk.ui import updates as update_ui

        _show_startup_notices(self.ctx.root)
        update_ui.show_installed_changes(self.ctx, self.directory)
        update_ui.start_update_check(self.ctx, self.directory, on_restart=self.request_restart)
        start_background_work(self.ctx)

    def request_restart(self) -> None:
        """The user chose to install a downloaded update now: quit, then replace and relaunch."""
        self.exit_code = EXIT_RESTART
        self.ctx.root.destroy()


def start_background_work(ctx) -> None:
    """What keeps running while the app is open: the calendar export (sends each change shortly
    after it is made) and the watch on deadlines computed from a hearing that has moved."""
    from cliens_tk.ui.deadline_calc import watch_recomputations
    from cliens_tk.ui.export import start_background_export

    start_background_export(ctx)
    watch_recomputations(ctx)


def stop_background_work(ctx) -> None:
    if ctx.services is None:
        return
    from cliens_tk.ui.export import stop_background_export

    stop_background_export(ctx)


def _preload_archive_code() -> None:
    for module in ("cliens_tk.services.context", "cliens_tk.services.demo"):
        importlib.import_module(module)


def _apply_first_run_choice(services, choice) -> None:
    from cliens_tk.services.demo import fill_demo

    if choice.tax_code:
        services.settings.set("tax_code", choice.tax_code)
    if choice.demo:
        fill_demo(services)
    log.info("first run: %s archive", "demo" if choice.demo else "empty")


def _set_icon(root) -> None:
    import tkinter

    try:
        images = [tkinter.PhotoImage(master=root, file=str(ASSETS / name)) for name in
                  ("cliens-tk.png", "cliens-tk-32.png")]
        root.iconphoto(True, *images)
        root._cliens_icons = images  # Tk forgets images nobody references
        if sys.platform.startswith("win"):  # the taskbar and every later window take the .ico
            root.wm_iconbitmap(default=str(ASSETS / "cliens-tk.ico"))
    except tkinter.TclError as exc:
        log.warning("window icon not set: %s", exc)


def build_main(ctx, open_window: str | None = None):
    from cliens_tk.ui.main_window import MainWindow
    from cliens_tk.ui.windows import open_agenda, open_cases

    suffix = _(" — ARCHIVIO DIMOSTRATIVO") if ctx.services.is_demo else ""
    ctx.root.title("Cliens TK" + suffix)
    window = MainWindow(ctx)
    window.pack(fill="both", expand=True)
    if open_window == "agenda":
        ctx.root.after_idle(lambda: open_agenda(ctx))
    elif open_window == "cases":
        ctx.root.after_idle(lambda: open_cases(ctx))
    return window


# -- updates at start -------------------------------------------------------------------------
_startup_notices: list[str] = []  # said to the user once the main window is up


def _install_staged_update(directory: Path) -> bool:
    """Built program with a staged update: install it and start the new version (True)."""
    from cliens_tk.services.updates import MANIFEST_FILE, STAGED_DIR, UPDATES_DIR, is_frozen

    if not is_frozen():
        return False
    from cliens_tk.services.updates import remove_leftovers

    remove_leftovers(Path(sys.executable))
    if not (directory / UPDATES_DIR / STAGED_DIR / MANIFEST_FILE).exists():
        return False
    return _restart_into_update(directory) == 0


def _restart_into_update(directory: Path) -> int:
    """Replace the executable with the staged update and relaunch it; 1 when that is not possible
    (the reason is kept for the user, and the current version goes on)."""
    from cliens_tk.services.updates import UpdateError, UpdateService, is_frozen, relaunch

    if not is_frozen():
        log.info("running from source: a staged update is not installed by the program itself")
        return 1
    service = UpdateService.for_data_dir(directory)
    try:
        target = service.install_staged(Path(sys.executable))
    except UpdateError as exc:
        _startup_notices.append(str(exc))
        return 1
    if target is None:
        if service.last_refusal:
            _startup_notices.append(service.last_refusal + " " + _("La versione attuale continua a funzionare."))
        return 1
    relaunch(target, sys.argv[1:])
    return 0


def _show_startup_notices(root) -> None:
    from ttkbootstrap.dialogs import Messagebox

    while _startup_notices:
        Messagebox.show_warning(_startup_notices.pop(0), title=_("Aggiornamento"), parent=root)

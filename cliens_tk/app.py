"""Starting the windows: the first run offers the demo archive, then the main window opens."""

from __future__ import annotations

import logging

from cliens_tk.i18n import _

log = logging.getLogger(__name__)


def run_gui(data_dir: str | None = None, open_window: str | None = None, ask_demo=None) -> int:
    from cliens_tk.paths import data_dir as resolve
    from cliens_tk.ui.app import UiContext, create_root

    root = create_root()
    root.withdraw()
    directory = resolve(data_dir)
    from cliens_tk.services.context import AppServices
    from cliens_tk.store.archive import ARCHIVE_FILE, ArchiveError

    first_run = not (directory / ARCHIVE_FILE).exists()
    try:
        services = AppServices.open(directory)
    except ArchiveError as exc:
        from ttkbootstrap.dialogs import Messagebox

        Messagebox.show_error(str(exc), title=_("Archivio non disponibile"), parent=root)
        root.destroy()
        return 2
    if first_run:
        _offer_demo(root, services, ask_demo)
    ctx = UiContext(root, services)
    build_main(ctx, open_window)
    root.deiconify()
    try:
        root.mainloop()
    finally:
        ctx.close()
        services.close()
    return 0


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


def _offer_demo(root, services, ask_demo=None) -> None:
    """First start: create the demo archive unless the user declines."""
    from cliens_tk.services.demo import fill_demo

    if ask_demo is None:
        from ttkbootstrap.dialogs import Messagebox

        def ask_demo() -> bool:
            answer = Messagebox.yesno(
                _("Benvenuto in Cliens TK.\n\nNon c'è ancora un archivio. Creare un archivio dimostrativo, con "
                  "fascicoli e udienze inventati, per provare il programma?\n\nRispondendo «No» si parte da un "
                  "archivio vuoto."),
                title=_("Primo avvio"),
                parent=root,
            )
            return answer in ("Yes", _("Sì"), "Sì", True)

    if ask_demo():
        fill_demo(services)

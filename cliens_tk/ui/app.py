"""The Tk root: theme, error reporting, the task runner and the event bus shared by all windows."""

from __future__ import annotations

import logging
import traceback

import ttkbootstrap as ttk
from ttkbootstrap.dialogs import Messagebox

from cliens_tk.i18n import _
from cliens_tk.ui.bus import EventBus
from cliens_tk.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
THEME = "bootstrap-light"


class UiContext:
    """What every window needs: the root, the services, the bus and the task runner."""

    def __init__(self, root: ttk.Window, services):
        self.root = root
        self.services = services
        self.bus = EventBus()
        self.tasks = TaskRunner(root)

    def close(self) -> None:
        self.tasks.close()


def create_root(title: str = "Cliens TK") -> ttk.Window:
    root = ttk.Window(title=title, theme=THEME, iconphoto=None)
    root.report_callback_exception = _report_callback_exception(root)
    return root


def _report_callback_exception(root):
    def report(exc_type, exc, tb) -> None:
        log.error("unexpected error in a window:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            Messagebox.show_error(
                _("Si è verificato un errore imprevisto: {error}\n\nI dati salvati non sono stati toccati. "
                  "Il dettaglio è nel file di registro.").format(error=exc),
                title=_("Errore"),
                parent=root,
            )
        except Exception:
            pass

    return report

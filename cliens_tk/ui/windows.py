"""Opening the application windows (one of each), used by the main window and ``--open``."""

from __future__ import annotations

from ttkbootstrap.dialogs import Messagebox

from cliens_tk.i18n import _


def open_agenda(ctx) -> None:
    Messagebox.show_info(_("L'agenda non è ancora disponibile in questa versione."), parent=ctx.root)


def open_cases(ctx) -> None:
    Messagebox.show_info(_("L'archivio fascicoli non è ancora disponibile in questa versione."), parent=ctx.root)

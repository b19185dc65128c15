"""Message boxes used by the PEC windows, in one place so tests can answer them."""

from __future__ import annotations

from ttkbootstrap.dialogs import Messagebox

from cliens_tk.i18n import _
from cliens_tk.ui.widgets import dialogs


class Dialogs:
    def error(self, parent, text: str) -> None:
        Messagebox.show_error(text, title=_("Gestore PEC"), parent=parent)

    def info(self, parent, text: str) -> None:
        Messagebox.show_info(text, title=_("Gestore PEC"), parent=parent)

    def confirm(self, parent, text: str) -> bool:
        return dialogs.confirm(parent, text, _("Gestore PEC"), _("Sì"))

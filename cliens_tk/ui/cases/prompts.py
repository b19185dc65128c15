"""The message boxes the case windows ask through, replaceable in tests.

Modal message boxes wait inside Tk's event loop; tests give the windows a ``Prompts`` of their own
that answers at once and remembers what was asked.
"""

from __future__ import annotations

from ttkbootstrap.dialogs import MessageDialog, Messagebox

from cliens_tk.i18n import _


class Prompts:
    def info(self, parent, message: str, title: str | None = None) -> None:
        Messagebox.show_info(message, title or _("Fascicoli"), parent=parent, localize=False)

    def error(self, parent, message: str, title: str | None = None) -> None:
        Messagebox.show_error(message, title or _("Fascicoli"), parent=parent, localize=False)

    def confirm(self, parent, message: str, title: str, action: str) -> bool:
        """Ask before a destructive ``action`` (the label of the button that goes ahead)."""
        dialog = MessageDialog(message, title=title, parent=parent, buttons=[_("Annulla"), f"{action}:danger"],
                               default=_("Annulla"), localize=False, icon=None)
        dialog.show()
        return dialog.result == action

    def ask_save(self, parent, message: str) -> str:
        """"save", "discard" or "cancel" for unsaved changes."""
        save, discard, cancel = _("Salva"), _("Non salvare"), _("Annulla")
        dialog = MessageDialog(message, title=_("Modifiche non salvate"), parent=parent,
                               buttons=[cancel, discard, f"{save}:primary"], default=save, localize=False)
        dialog.show()
        return {save: "save", discard: "discard"}.get(dialog.result, "cancel")


DEFAULT_PROMPTS = Prompts()

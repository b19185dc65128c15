"""Modal message boxes with Italian buttons that say what they do ("Elimina", not "Yes").

The answer is the button's text, so a test answers a dialog by invoking the button with that text.
"""

from __future__ import annotations

from ttkbootstrap.dialogs.message import MessageDialog

from cliens_tk.i18n import _


def _show(parent, message: str, title: str, buttons: list[str], default: str | None = None,
          icon: str | None = None) -> str | None:
    dialog = MessageDialog(message, title=title, buttons=buttons, parent=parent, default=default,
                           icon=icon, localize=False)
    dialog.show()
    return dialog.result


def confirm(parent, message: str, title: str, action: str, danger: bool = True) -> bool:
    """Ask before doing ``action`` (the confirm button's label); Esc, close or "Annulla" answer no."""
    style = "danger" if danger else "primary"
    answer = _show(parent, message, title, [_("Annulla"), f"{action}:{style}"], default=action,
                   icon="question-circle-fill")
    return answer == action


def info(parent, message: str, title: str | None = None) -> None:
    _show(parent, message, title or _("Informazione"), [_("OK") + ":primary"], icon="info-circle-fill")


def error(parent, message: str, title: str | None = None) -> None:
    _show(parent, message, title or _("Operazione non eseguita"), [_("OK") + ":primary"],
          icon="exclamation-triangle-fill")


def not_available(parent, feature: str) -> None:
    info(parent, _("{feature}: funzione non ancora disponibile in questa versione.").format(feature=feature),
         title=feature)

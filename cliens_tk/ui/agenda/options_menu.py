"""The entries of the activity window's "Opzioni" menu (5.1, 5.3, 5.5, 5.6), chosen by the
activity's state; the window maps each key to what it does.
"""

from __future__ import annotations

from dataclasses import dataclass

from cliens_tk.domain.activity import Activity
from cliens_tk.i18n import _


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    enabled: bool = True


def option_entries(activity: Activity) -> list[Option | None]:
    """None is a separator. ``activity`` is what the fields currently describe."""
    editable = not activity.read_only
    saved = activity.id is not None
    entries: list[Option | None] = []
    if activity.in_calendar:
        entries.append(Option("remove_calendar", _("Rimuovi dal calendario"), editable))
    else:
        entries.append(Option("add_calendar", _("Aggiungi al calendario"), editable))
    if activity.is_deadline:
        entries.append(Option("remove_deadlines", _("Rimuovi dalle scadenze"), editable))
    else:
        entries.append(Option("add_deadlines", _("Aggiungi alle scadenze"), editable))
    if activity.in_calendar:
        if activity.all_day:
            entries.append(Option("all_day_off", _("Orario preciso (non più intera giornata)"), editable))
        else:
            entries.append(Option("all_day_on", _("Intera giornata (0-24)"), editable))
    entries.append(None)
    if activity.personal_case_id is None:
        entries.append(Option("link_case", _("Aggiungi riferimenti fascicolo…"), editable))
    else:
        entries.append(Option("unlink_case", _("Rimuovi riferimenti fascicolo"), editable))
    entries.append(None)
    entries.append(Option("duplicate", _("Duplica attività"), saved))
    entries.append(Option("delete", _("Elimina attività…"), editable))
    entries.append(None)
    entries.append(Option("discard", _("Chiudi annullando le modifiche")))
    return entries

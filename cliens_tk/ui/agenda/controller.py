"""What the agenda's buttons, menus and keys do: call the agenda service, tell the user when a rule
refuses, and publish AGENDA_CHANGED after every change so every open window refreshes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from cliens_tk.domain.activity import Activity, ActivityRuleError
from cliens_tk.i18n import _
from cliens_tk.store.archive import ArchiveError
from cliens_tk.ui.bus import AGENDA_CHANGED
from cliens_tk.ui.widgets import dialogs

log = logging.getLogger(__name__)
REFUSALS = (ActivityRuleError, ArchiveError)


class AgendaActions:
    def __init__(self, ctx):
        self.ctx = ctx

    @property
    def agenda(self):
        return self.ctx.services.agenda

    def changed(self, activity_id: int | None = None) -> None:
        self.ctx.bus.publish(AGENDA_CHANGED, activity_id=activity_id)

    # -- opening and creating ----------------------------------------------------------------------
    def open(self, activity_id: int, parent=None):
        from cliens_tk.ui.agenda import open_activity

        try:
            return open_activity(self.ctx, activity_id=activity_id)
        except REFUSALS as exc:
            dialogs.error(parent or self.ctx.root, str(exc))
            return None

    def create_in_calendar(self, start: dt.datetime, all_day: bool = False):
        """A new activity there (not saved until "Salva"), opened in its detail window."""
        from cliens_tk.ui.agenda import open_activity

        activity = self.agenda.new_in_calendar(start, all_day=all_day)
        return open_activity(self.ctx, activity=activity)

    def create_deadline(self, due: dt.date, today: dt.date | None = None):
        """A new deadline (not saved until "Salva"); listed from ``today``, the agenda's today."""
        from cliens_tk.ui.agenda import open_activity

        activity = self.agenda.new_deadline(due)
        if today is not None:
            activity = dataclasses.replace(activity, created_on=today)
        return open_activity(self.ctx, activity=activity)

    # -- changing ----------------------------------------------------------------------------------
    def duplicate(self, activity_id: int, parent):
        """Save an editable copy (PolisWeb activities are read-only) and open it."""
        try:
            copy = self.agenda.duplicate(activity_id)
        except REFUSALS as exc:
            dialogs.error(parent, str(exc))
            return None
        self.changed(copy.id)
        return self.open(copy.id)

    def _deletable(self, activity_id: int, parent) -> Activity | None:
        """The activity if the user may delete it; otherwise say why (before asking to confirm)."""
        try:
            activity = self.agenda.get(activity_id)
            if activity.read_only:
                raise ActivityRuleError(
                    _("Le attività PolisWeb non possono essere eliminate: vengono aggiornate dallo scaricamento."))
        except REFUSALS as exc:
            dialogs.error(parent, str(exc))
            return None
        return activity

    def _attempt(self, parent, change, activity_id: int) -> bool:
        try:
            change()
        except REFUSALS as exc:
            dialogs.error(parent, str(exc))
            return False
        self.changed(activity_id)
        return True

    def delete(self, activity_id: int, parent) -> bool:
        """Delete after confirmation; True if it was deleted."""
        activity = self._deletable(activity_id, parent)
        if activity is None:
            return False
        message = _("Eliminare l'attività «{title}»?\n\nL'operazione non si può annullare.").format(
            title=activity.title)
        if activity.previous_hearing_id or activity.next_hearing_id:
            message += "\n" + _("Le udienze precedente e successiva resteranno collegate tra loro.")
        if not dialogs.confirm(parent, message, _("Elimina attività"), _("Elimina")):
            return False
        return self._attempt(parent, lambda: self.agenda.delete(activity_id), activity_id)

    def delete_deadline(self, activity_id: int, parent) -> bool:
        """The deadlines list's delete button: a deadline that is also in the calendar only leaves the
        list (the calendar keeps it); a deadline only is deleted. Both after confirmation."""
        activity = self._deletable(activity_id, parent)
        if activity is None:
            return False
        if activity.in_calendar:
            message = _("Togliere «{title}» dalle scadenze?\n\nL'attività resta nel calendario.").format(
                title=activity.title)
            if not dialogs.confirm(parent, message, _("Elimina scadenza"), _("Togli dalle scadenze")):
                return False
            return self._attempt(parent, lambda: self.agenda.save(activity.remove_from_deadlines()), activity_id)
        message = _("Eliminare la scadenza «{title}»?\n\nL'operazione non si può annullare.").format(
            title=activity.title)
        if not dialogs.confirm(parent, message, _("Elimina scadenza"), _("Elimina")):
            return False
        return self._attempt(parent, lambda: self.agenda.delete(activity_id), activity_id)

    def toggle_done(self, activity_id: int, parent) -> Activity | None:
        try:
            activity = self.agenda.get(activity_id)
            updated = self.agenda.set_done(activity_id, not activity.done)
        except REFUSALS as exc:
            dialogs.error(parent, str(exc))
            return None
        self.changed(activity_id)
        return updated

"""Agenda use cases: what the agenda window's buttons and the CLI call."""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.activity import (
    Activity,
    ActivityKind,
    ActivityRuleError,
    Period,
    day_period,
    month_period,
    week_period,
)
from cliens_tk.i18n import _
from cliens_tk.store.activities import ActivityRepository
from cliens_tk.store.archive import Archive
from cliens_tk.store.cases import CaseRepository


class AgendaService:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.activities = ActivityRepository(archive)
        self.cases = CaseRepository(archive)

    # -- reading -----------------------------------------------------------------------------
    def get(self, activity_id: int) -> Activity:
        activity = self.activities.get(activity_id)
        if activity is None:
            raise ActivityRuleError(_("L'attività non esiste più (forse è stata eliminata)."))
        return activity

    def in_period(self, period: Period) -> list[Activity]:
        return self.activities.in_period(period)

    def day(self, day: dt.date) -> list[Activity]:
        return self.in_period(day_period(day))

    def week(self, day: dt.date) -> list[Activity]:
        return self.in_period(week_period(day))

    def month(self, day: dt.date) -> list[Activity]:
        return self.in_period(month_period(day))

    def deadlines(self, today: dt.date | None = None, done_within_days: int | None = 30) -> list[Activity]:
        return self.activities.deadlines(today or dt.date.today(), done_within_days)

    # -- creating ----------------------------------------------------------------------------
    def new_in_calendar(self, start: dt.datetime, end: dt.datetime | None = None, all_day: bool = False,
                        kind: ActivityKind = ActivityKind.PERSONAL, title: str | None = None) -> Activity:
        """A new, unsaved calendar activity (double-click on a day or an hour slot)."""
        activity = Activity(kind=kind, title=title or _("Nuova attività"), start=start,
                            end=end or start + dt.timedelta(hours=1), all_day=all_day)
        if all_day:
            activity = activity.edited()
        return activity

    def new_deadline(self, due: dt.date, title: str | None = None) -> Activity:
        """A new, unsaved deadline (the deadlines list's add button)."""
        return Activity(kind=ActivityKind.PERSONAL, title=title or _("Nuova scadenza"), due_date=due)

    def save(self, activity: Activity) -> Activity:
        """Insert or update after checking the rules; PolisWeb activities are refused."""
        if activity.id is None:
            if activity.kind is ActivityKind.POLISWEB:
                raise ActivityRuleError(_("Le attività PolisWeb arrivano solo dallo scaricamento PolisWeb."))
            return self.activities.add(activity)
        stored = self.get(activity.id)
        if stored.read_only:
            stored.edited()  # raises the read-only message
        return self.activities.update(activity)

    def delete(self, activity_id: int) -> None:
        """Delete an activity; a hearing leaves its chain closed around the gap."""
        activity = self.get(activity_id)
        if activity.read_only:
            raise ActivityRuleError(
                _("Le attività PolisWeb non possono essere eliminate: vengono aggiornate dallo scaricamento.")
            )
        with self.archive.transaction():
            previous_id, next_id = activity.previous_hearing_id, activity.next_hearing_id
            if previous_id is not None:
                self.archive.execute("UPDATE activity SET next_hearing_id = :n WHERE id = :id", n=next_id, id=previous_id)
            if next_id is not None:
                self.archive.execute(
                    "UPDATE activity SET previous_hearing_id = :p WHERE id = :id", p=previous_id, id=next_id
                )
            self.activities.delete(activity_id)

    def set_done(self, activity_id: int, done: bool) -> Activity:
        return self.activities.update(self.get(activity_id).set_done(done))

    def duplicate(self, activity_id: int) -> Activity:
        """An editable, saved copy of an activity (meant for PolisWeb ones)."""
        return self.activities.add(self.get(activity_id).duplicate())

    # -- hearings ----------------------------------------------------------------------------
    def adjourn(self, hearing_id: int, start: dt.datetime, end: dt.datetime | None = None) -> Activity:
        """Create the next hearing and link the two both ways, in one transaction."""
        with self.archive.transaction():
            hearing = self.get(hearing_id)
            following = self.activities.add(hearing.adjournment(start, end))
            self.archive.execute(
                "UPDATE activity SET next_hearing_id = :n WHERE id = :id", n=following.id, id=hearing.id
            )
        return following

    def previous_hearing(self, activity: Activity) -> Activity | None:
        return self.activities.get(activity.previous_hearing_id) if activity.previous_hearing_id else None

    def next_hearing(self, activity: Activity) -> Activity | None:
        return self.activities.get(activity.next_hearing_id) if activity.next_hearing_id else None

    def chain(self, activity_id: int) -> list[Activity]:
        """The whole hearing chain through an activity, first hearing first."""
        current = self.get(activity_id)
        seen = {current.id}
        while current.previous_hearing_id and current.previous_hearing_id not in seen:
            current = self.get(current.previous_hearing_id)
            seen.add(current.id)
        chain = [current]
        while current.next_hearing_id and current.next_hearing_id not in {a.id for a in chain}:
            current = self.get(current.next_hearing_id)
            chain.append(current)
        return chain

    # -- case reference ------------------------------------------------------------------------
    def link_case(self, activity_id: int, case_id: int) -> Activity:
        if self.cases.get_case(case_id) is None:
            raise ActivityRuleError(_("Il fascicolo scelto non esiste più."))
        return self.activities.update(self.get(activity_id).link_case(case_id))

    def unlink_case(self, activity_id: int) -> Activity:
        return self.activities.update(self.get(activity_id).unlink_case())

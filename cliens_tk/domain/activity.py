"""Agenda activities (impegni) and their rules, from chapter 5 of the guide.

An activity may sit in the calendar (it has a start and an end), in the deadlines list (it has a
due date or a show-from date), or in both; it must always keep at least one reference date.
PolisWeb activities come from the court and are read-only; ``duplicate()`` makes an editable copy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from cliens_tk.i18n import _


class ActivityKind(StrEnum):
    HEARING = "HEARING"  # udienza
    OFFICE = "OFFICE"  # attività in studio
    OUTSIDE = "OUTSIDE"  # attività fuori studio
    PERSONAL = "PERSONAL"  # attività personale
    POLISWEB = "POLISWEB"  # attività PolisWeb (read-only)

    @property
    def label(self) -> str:
        return kind_label(self)

    @property
    def colour(self) -> str:
        return KIND_COLOURS[self]


KIND_COLOURS: dict[ActivityKind, str] = {
    ActivityKind.HEARING: "#d9534f",  # red
    ActivityKind.OFFICE: "#337ab7",  # blue
    ActivityKind.OUTSIDE: "#f0ad4e",  # yellow
    ActivityKind.PERSONAL: "#8c8c8c",  # grey
    ActivityKind.POLISWEB: "#3c9a4a",  # green
}

EDITABLE_KINDS = (ActivityKind.HEARING, ActivityKind.OFFICE, ActivityKind.OUTSIDE, ActivityKind.PERSONAL)


def kind_label(kind: ActivityKind) -> str:
    return {
        ActivityKind.HEARING: _("Udienza"),
        ActivityKind.OFFICE: _("Attività in studio"),
        ActivityKind.OUTSIDE: _("Attività fuori studio"),
        ActivityKind.PERSONAL: _("Attività personale"),
        ActivityKind.POLISWEB: _("Attività PolisWeb"),
    }[kind]


class ActivityRuleError(ValueError):
    """A change the agenda's rules refuse; the message is for the user, in Italian."""


class DeadlineStatus(StrEnum):
    OVERDUE = "OVERDUE"  # red: due date passed and not done
    DUE_TODAY = "DUE_TODAY"  # yellow: due today and not done
    OTHER = "OTHER"


def new_uid() -> str:
    """A stable identifier that follows the activity to external calendars."""
    return f"{uuid.uuid4()}@cliens-tk"


@dataclass(slots=True)
class Activity:
    kind: ActivityKind = ActivityKind.PERSONAL
    title: str = ""
    notes: str = ""
    place: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    all_day: bool = False
    due_date: dt.date | None = None
    show_from: dt.date | None = None
    done: bool = False
    judge: str = ""
    previous_hearing_id: int | None = None
    next_hearing_id: int | None = None
    personal_case_id: int | None = None
    registry_record_id: int | None = None
    polisweb_key: str | None = None  # identity of the court's hearing, for downloads
    created_on: dt.date = field(default_factory=dt.date.today)
    uid: str = field(default_factory=new_uid)
    id: int | None = None

    # -- reference dates -------------------------------------------------------------------
    @property
    def in_calendar(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def is_deadline(self) -> bool:
        return self.due_date is not None or self.show_from is not None

    @property
    def read_only(self) -> bool:
        return self.kind is ActivityKind.POLISWEB

    def check(self) -> None:
        """Raise ActivityRuleError if the activity breaks a rule; a saved activity never does."""
        if not self.in_calendar and not self.is_deadline:
            raise ActivityRuleError(
                _("Un'attività deve avere sempre almeno una data di riferimento (inizio-fine, scade il o mostra dal).")
            )
        if (self.start is None) != (self.end is None):
            raise ActivityRuleError(_("Indicare sia la data di inizio sia quella di fine."))
        if self.in_calendar and self.end < self.start:
            raise ActivityRuleError(_("La fine non può essere prima dell'inizio."))
        if self.show_from and self.due_date and self.show_from > self.due_date:
            raise ActivityRuleError(_("«Mostra dal» non può essere dopo la data di scadenza."))
        if not self.title.strip():
            raise ActivityRuleError(_("Indicare un titolo per l'attività."))

    def _ensure_editable(self) -> None:
        if self.read_only:
            raise ActivityRuleError(
                _("Le attività PolisWeb non sono modificabili: usare «Duplica attività» per averne una copia modificabile.")
            )

    def edited(self, **changes) -> "Activity":
        """A copy with ``changes`` applied, checked against the rules; refused for PolisWeb."""
        self._ensure_editable()
        if changes.get("kind") == ActivityKind.POLISWEB:
            raise ActivityRuleError(_("Un'attività non può diventare un'attività PolisWeb."))
        updated = dataclasses.replace(self, **changes)
        if updated.all_day and updated.in_calendar:
            updated = updated._spanning_whole_days()
        updated.check()
        return updated

    def set_calendar(self, start: dt.datetime, end: dt.datetime, all_day: bool | None = None) -> "Activity":
        return self.edited(start=start, end=end, all_day=self.all_day if all_day is None else all_day)

    def remove_from_calendar(self) -> "Activity":
        return self.edited(start=None, end=None, all_day=False)

    def remove_from_deadlines(self) -> "Activity":
        return self.edited(due_date=None, show_from=None, done=False)

    def add_to_deadlines(self, due: dt.date | None = None) -> "Activity":
        """Put the activity in the deadlines list, due on ``due`` or on its start day."""
        if self.due_date is not None:
            return self.edited()
        fallback = self.start.date() if self.start else dt.date.today()
        return self.edited(due_date=due or fallback)

    def add_to_calendar(self, day: dt.date | None = None, hour: int = 9) -> "Activity":
        """Put the activity in the calendar on ``day`` (default: its due date), one hour long."""
        if self.in_calendar:
            return self.edited()
        day = day or self.due_date or self.show_from or dt.date.today()
        start = dt.datetime.combine(day, dt.time(hour))
        return self.edited(start=start, end=start + dt.timedelta(hours=1))

    def set_all_day(self, all_day: bool) -> "Activity":
        """Toggle 0-24: an all-day activity spans whole days; back off, it gets 9:00-10:00."""
        if not self.in_calendar:
            raise ActivityRuleError(_("Solo un'attività nel calendario può coprire l'intera giornata."))
        if all_day:
            return self.edited(all_day=True)
        start = dt.datetime.combine(self.start.date(), dt.time(9))
        return self.edited(all_day=False, start=start, end=start + dt.timedelta(hours=1))

    def _spanning_whole_days(self) -> "Activity":
        first = self.start.date()
        last = self.end.date()
        if self.end.time() == dt.time(0) and last > first:
            last -= dt.timedelta(days=1)
        start = dt.datetime.combine(first, dt.time(0))
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0))
        return dataclasses.replace(self, start=start, end=end)

    def set_done(self, done: bool) -> "Activity":
        if self.due_date is None:
            raise ActivityRuleError(_("Solo una scadenza può essere annotata come fatta."))
        return self.edited(done=done)

    # -- case reference ----------------------------------------------------------------------
    def link_case(self, personal_case_id: int) -> "Activity":
        return self.edited(personal_case_id=personal_case_id)

    def unlink_case(self) -> "Activity":
        return self.edited(personal_case_id=None)

    # -- deadlines -------------------------------------------------------------------------------
    def deadline_status(self, today: dt.date) -> DeadlineStatus:
        if self.due_date is None or self.done:
            return DeadlineStatus.OTHER
        if self.due_date < today:
            return DeadlineStatus.OVERDUE
        if self.due_date == today:
            return DeadlineStatus.DUE_TODAY
        return DeadlineStatus.OTHER

    def visible_in_deadlines(self, today: dt.date) -> bool:
        """Shown in the deadlines list from its show-from date, or from its creation if unset."""
        if not self.is_deadline:
            return False
        return (self.show_from or self.created_on) <= today

    # -- PolisWeb ---------------------------------------------------------------------------------
    def duplicate(self, kind: ActivityKind | None = None, today: dt.date | None = None) -> "Activity":
        """An editable copy, not linked to the court's data (hearings become HEARING).

        The copy keeps the case reference, so it still shows in the case's activity list.
        """
        if kind is None:
            kind = ActivityKind.HEARING if self.kind is ActivityKind.POLISWEB else self.kind
        if kind is ActivityKind.POLISWEB:
            raise ActivityRuleError(_("La copia di un'attività deve essere modificabile."))
        copy = dataclasses.replace(
            self,
            kind=kind,
            id=None,
            uid=new_uid(),
            polisweb_key=None,
            previous_hearing_id=None,
            next_hearing_id=None,
            created_on=today or dt.date.today(),
            done=False,
        )
        copy.check()
        return copy

    # -- hearings ---------------------------------------------------------------------------------
    def adjournment(self, start: dt.datetime, end: dt.datetime | None = None) -> "Activity":
        """The next hearing created by adjourning this one (rinvio), not yet saved or linked.

        Same case and judge; ``previous_hearing_id`` points back here. The caller saves it and
        then sets this hearing's ``next_hearing_id`` (see services.agenda.adjourn).
        """
        self._ensure_editable()
        if self.kind is not ActivityKind.HEARING:
            raise ActivityRuleError(_("Solo un'udienza può essere rinviata."))
        if self.next_hearing_id is not None:
            raise ActivityRuleError(_("Questa udienza è già stata rinviata: aprire l'udienza successiva."))
        if self.id is None:
            raise ActivityRuleError(_("Salvare l'udienza prima di rinviarla."))
        if end is None:
            duration = (self.end - self.start) if self.in_calendar else dt.timedelta(hours=1)
            end = start + duration
        hearing = Activity(
            kind=ActivityKind.HEARING,
            title=self.title,
            place=self.place,
            start=start,
            end=end,
            judge=self.judge,
            previous_hearing_id=self.id,
            personal_case_id=self.personal_case_id,
            registry_record_id=self.registry_record_id,
        )
        hearing.check()
        return hearing


@dataclass(frozen=True)
class Period:
    """A half-open range of days [first, last + 1 day) shown by a calendar view."""

    first: dt.date
    last: dt.date

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time(0))

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(0))

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range((self.last - self.first).days + 1)]


def day_period(day: dt.date) -> Period:
    return Period(day, day)


def week_period(day: dt.date) -> Period:
    """The week containing ``day``, Monday first."""
    monday = day - dt.timedelta(days=day.weekday())
    return Period(monday, monday + dt.timedelta(days=6))


def month_period(day: dt.date) -> Period:
    first = day.replace(day=1)
    next_first = (first + dt.timedelta(days=32)).replace(day=1)
    return Period(first, next_first - dt.timedelta(days=1))


def overlaps(activity: Activity, period: Period) -> bool:
    return activity.in_calendar and activity.start < period.end and activity.end > period.start or (
        activity.in_calendar and activity.start == activity.end and period.start <= activity.start < period.end
    )


def deadline_sort_key(activity: Activity) -> tuple:
    return (activity.due_date or activity.show_from or dt.date.max, activity.title.lower(), activity.id or 0)

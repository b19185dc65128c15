"""What the activity detail window's fields hold, turned into an Activity and back (no Tk here).

Every refusal is tied to the field it concerns, so the window can write it next to that field;
``REFERENCE`` is the message about an activity left without any reference date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from cliens_tk.domain.activity import Activity, ActivityKind, ActivityRuleError
from cliens_tk.i18n import _

REFERENCE = "reference"
GENERAL = "general"

_DATE_RE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TIME_RE = re.compile(r"^\s*(\d{1,2})(?:\s*[:.]\s*(\d{2}))?\s*$")


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def format_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def format_time(moment: dt.datetime | dt.time | None) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}" if moment is not None else ""


def parse_date(text: str) -> dt.date | None:
    """``25/11/2026`` (also with ``-`` or ``.``, a two-digit year, or ISO); empty gives None."""
    if not text.strip():
        return None
    match = _DATE_RE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
    else:
        iso = _ISO_RE.match(text)
        if not iso:
            raise ValueError(_("«{text}» non è una data: scrivere giorno/mese/anno, per esempio 25/11/2026.").format(
                text=text.strip()))
        year, month, day = (int(g) for g in iso.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("«{text}» non è una data esistente: controllare giorno e mese.").format(
            text=text.strip())) from None


def parse_time(text: str) -> dt.time | None:
    """``9``, ``9:30``, ``09.30``; empty gives None."""
    if not text.strip():
        return None
    match = _TIME_RE.match(text)
    hour = int(match.group(1)) if match else -1
    minute = int(match.group(2) or 0) if match else -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(_("«{text}» non è un orario: scrivere ore:minuti, per esempio 9:30.").format(
            text=text.strip()))
    return dt.time(hour, minute)


@dataclass
class FormValues:
    """The text of every field, as typed."""

    kind: ActivityKind = ActivityKind.PERSONAL
    title: str = ""
    place: str = ""
    notes: str = ""
    start_date: str = ""
    start_time: str = ""
    end_date: str = ""
    end_time: str = ""
    all_day: bool = False
    due_date: str = ""
    show_from: str = ""
    done: bool = False
    judge: str = ""


def values_of(activity: Activity) -> FormValues:
    end = activity.end
    end_date = end.date() if end else None
    if activity.all_day and end is not None and activity.start is not None and end > activity.start:
        end_date = (end - dt.timedelta(microseconds=1)).date()  # the last day covered, not the midnight after it
    return FormValues(
        kind=activity.kind,
        title=activity.title,
        place=activity.place,
        notes=activity.notes,
        start_date=format_date(activity.start.date() if activity.start else None),
        start_time="" if activity.all_day else format_time(activity.start),
        end_date=format_date(end_date),
        end_time="" if activity.all_day else format_time(end),
        all_day=activity.all_day,
        due_date=format_date(activity.due_date),
        show_from=format_date(activity.show_from),
        done=activity.done,
        judge=activity.judge,
    )


def _field_date(field: str, text: str, errors: dict[str, str]) -> dt.date | None:
    try:
        return parse_date(text)
    except ValueError as exc:
        errors[field] = str(exc)
        return None


def _field_time(field: str, text: str, errors: dict[str, str]) -> dt.time | None:
    try:
        return parse_time(text)
    except ValueError as exc:
        errors[field] = str(exc)
        return None


def _calendar(values: FormValues, errors: dict[str, str]) -> tuple[dt.datetime | None, dt.datetime | None]:
    start_day = _field_date("start_date", values.start_date, errors)
    end_day = _field_date("end_date", values.end_date, errors)
    if values.all_day:
        start_clock = end_clock = None
    else:
        start_clock = _field_time("start_time", values.start_time, errors)
        end_clock = _field_time("end_time", values.end_time, errors)
    if errors:
        return None, None
    if start_day is None and end_day is None:
        if values.start_time.strip() and not values.all_day:
            errors["start_date"] = _("Indicare anche la data di inizio.")
        return None, None
    if start_day is None:
        errors["start_date"] = _("Indicare anche la data di inizio.")
        return None, None
    end_day = end_day or start_day
    if values.all_day:
        midnight = dt.time(0)
        return dt.datetime.combine(start_day, midnight), dt.datetime.combine(end_day + dt.timedelta(days=1), midnight)
    start_clock = start_clock or dt.time(9)
    start = dt.datetime.combine(start_day, start_clock)
    if end_clock is None:
        end = start + dt.timedelta(hours=1) if end_day == start_day else dt.datetime.combine(end_day, start_clock)
    else:
        end = dt.datetime.combine(end_day, end_clock)
    return start, end


def rule_field(activity: Activity) -> str:
    """Which field a rule refusal of ``activity.check()`` concerns."""
    if not activity.in_calendar and not activity.is_deadline:
        return REFERENCE
    if activity.start is None:
        return "start_date"
    if activity.end is None:
        return "end_date"
    if activity.end < activity.start:
        return "end_date" if activity.end.date() < activity.start.date() else "end_time"
    if activity.show_from and activity.due_date and activity.show_from > activity.due_date:
        return "show_from"
    if not activity.title.strip():
        return "title"
    return GENERAL


def build(base: Activity, values: FormValues) -> tuple[Activity | None, dict[str, str]]:
    """The activity the fields describe, or None and the refusals by field. ``base`` is not changed."""
    errors: dict[str, str] = {}
    start, end = _calendar(values, errors)
    due = _field_date("due_date", values.due_date, errors)
    show_from = _field_date("show_from", values.show_from, errors)
    if errors:
        return None, errors
    candidate = dataclasses.replace(
        base,
        kind=values.kind,
        title=values.title.strip(),
        place=values.place.strip(),
        notes=values.notes.rstrip(),
        start=start,
        end=end,
        all_day=values.all_day and start is not None,
        due_date=due,
        show_from=show_from,
        done=values.done and due is not None,
        judge=values.judge.strip() if values.kind is ActivityKind.HEARING else base.judge,
    )
    try:
        candidate.check()
    except ActivityRuleError as exc:
        return None, {rule_field(candidate): str(exc)}
    return candidate, {}

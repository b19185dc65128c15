"""Activities as iCalendar events (RFC 5545), and events read back as personal activities.

Times in the archive are local Italian times without a zone, so every timed event carries
``TZID=Europe/Rome`` with its VTIMEZONE; the wall-clock time a user typed is what the phone shows,
also on the nights when the clocks change. All-day activities become DATE values (the end date is
exclusive, as RFC 5545 wants). An activity outside the calendar that has a due date becomes an
all-day event on that day, so deadlines show on the phone too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar

from cliens_tk.domain.activity import Activity, ActivityKind, new_uid
from cliens_tk.i18n import _

TZID = "Europe/Rome"
ROME = ZoneInfo(TZID)
PRODID = "-//cliens-tk//Agenda CTU//IT"
DONE_MARK = "✓ "

# The European rule in force since 1996: summer time from the last Sunday of March at 02:00
# to the last Sunday of October at 03:00. Written as rules, not as a list of dates, so one
# event stays small and its text never changes from year to year.
VTIMEZONE_ROME = f"""BEGIN:VTIMEZONE
TZID:{TZID}
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


class IcsError(ValueError):
    """A file that is not a readable calendar; the message is for the user, in Italian."""


def _timezone() -> icalendar.Timezone:
    return icalendar.Timezone.from_ical(VTIMEZONE_ROME.replace("\n", "\r\n"))


def exportable(activity: Activity) -> bool:
    """Whether the activity has a day to show on a calendar (start-end, or a due date)."""
    return activity.in_calendar or activity.due_date is not None


def _description(activity: Activity, case_reference: str) -> str:
    lines = []
    if activity.notes.strip():
        lines += [activity.notes.strip(), ""]
    lines.append(_("Tipo: {kind}").format(kind=activity.kind.label))
    if case_reference:
        lines.append(_("Fascicolo: {case}").format(case=case_reference))
    if activity.judge:
        lines.append(_("Giudice: {judge}").format(judge=activity.judge))
    if activity.due_date and activity.in_calendar:
        lines.append(_("Scadenza: {day:%d/%m/%Y}").format(day=activity.due_date))
    if activity.done:
        lines.append(_("Annotata come fatta"))
    return "\n".join(lines)


def activity_event(activity: Activity, case_reference: str = "") -> icalendar.Event | None:
    """The VEVENT of an activity, or None when it has no day to show (only «mostra dal»)."""
    if not exportable(activity):
        return None
    event = icalendar.Event()
    event.add("uid", activity.uid)
    event.add("summary", (DONE_MARK if activity.done else "") + activity.title)
    if activity.in_calendar and not activity.all_day:
        event.add("dtstart", activity.start.replace(tzinfo=ROME))
        event.add("dtend", activity.end.replace(tzinfo=ROME))
    elif activity.in_calendar:
        first = activity.start.date()
        last = max(activity.end.date(), first + dt.timedelta(days=1))
        event.add("dtstart", first)
        event.add("dtend", last)
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", activity.due_date)
        event.add("dtend", activity.due_date + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    if activity.place:
        event.add("location", activity.place)
    event.add("description", _description(activity, case_reference))
    event.add("categories", [activity.kind.label])
    event.add("x-cliens-kind", activity.kind.value)
    return event


def content_hash(event: icalendar.Event) -> str:
    """A fingerprint of what the calendar shows: equal hashes mean nothing to send again."""
    return hashlib.sha256(event.to_ical()).hexdigest()


def _calendar(name: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", TZID)
    calendar.add_component(_timezone())
    return calendar


_RESOURCE_HEAD = _calendar().to_ical().replace(b"END:VCALENDAR\r\n", b"")


def _stamped(event: icalendar.Event, stamp: dt.datetime) -> bytes:
    """The event's text with a DTSTAMP line (kept out of the event so its hash stays stable)."""
    line = stamp.astimezone(dt.timezone.utc).strftime("DTSTAMP:%Y%m%dT%H%M%SZ\r\n").encode()
    return event.to_ical().replace(b"BEGIN:VEVENT\r\n", b"BEGIN:VEVENT\r\n" + line, 1)


def event_resource(event: icalendar.Event, stamp: dt.datetime | None = None) -> bytes:
    """A calendar object resource for CalDAV: one VEVENT and its VTIMEZONE."""
    return _RESOURCE_HEAD + _stamped(event, stamp or dt.datetime.now(dt.timezone.utc)) + b"END:VCALENDAR\r\n"


def calendar_file(events: list[icalendar.Event], name: str = "", stamp: dt.datetime | None = None) -> bytes:
    """An .ics file with many events."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    head = _calendar(name).to_ical().replace(b"END:VCALENDAR\r\n", b"")
    return head + b"".join(_stamped(e, stamp) for e in events) + b"END:VCALENDAR\r\n"


# -- import -------------------------------------------------------------------------------------
@dataclass
class ImportedEvents:
    activities: list[Activity] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why each unusable event was left out
    recurring: int = 0  # recurring events, imported as their first occurrence only


def _local(value: dt.datetime) -> dt.datetime:
    """A datetime as naive Italian local time (floating times are taken as they are)."""
    if value.tzinfo is None or getattr(value.tzinfo, "key", None) == TZID:
        return value.replace(tzinfo=None, second=0, microsecond=0)
    return value.astimezone(ROME).replace(tzinfo=None, second=0, microsecond=0)


def _text(component, name: str) -> str:
    value = component.get(name)
    return str(value).strip() if value is not None else ""


def _event_activity(event, today: dt.date) -> Activity:
    start_prop = event.get("dtstart")
    if start_prop is None:
        raise IcsError(_("evento senza data di inizio"))
    start = start_prop.dt
    end_prop = event.get("dtend")
    duration = event.get("duration")
    if end_prop is not None:
        end = end_prop.dt
    elif duration is not None:
        end = start + duration.dt
    else:
        end = start + dt.timedelta(days=1) if not isinstance(start, dt.datetime) else start
    title = _text(event, "summary") or _("(senza titolo)")
    common = dict(kind=ActivityKind.PERSONAL, title=title, place=_text(event, "location"),
                  notes=_text(event, "description"), created_on=today)
    if isinstance(start, dt.datetime):
        if not isinstance(end, dt.datetime):
            end = dt.datetime.combine(end, dt.time(0), tzinfo=start.tzinfo)
        activity = Activity(start=_local(start), end=_local(end), **common)
    else:
        if isinstance(end, dt.datetime):
            end = end.date()
        end = max(end, start + dt.timedelta(days=1))
        activity = Activity(start=dt.datetime.combine(start, dt.time(0)),
                            end=dt.datetime.combine(end, dt.time(0)), all_day=True, **common)
    uid = _text(event, "uid")
    activity.uid = uid or new_uid()
    activity.check()
    return activity


def read_events(data: bytes, today: dt.date | None = None) -> ImportedEvents:
    """Events of an .ics file as unsaved personal activities (to-dos and alarms are ignored)."""
    today = today or dt.date.today()
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as exc:
        raise IcsError(_("Il file non è un calendario iCalendar (.ics) leggibile: {error}").format(error=exc)) from exc
    result = ImportedEvents()
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            if event.get("recurrence-id") is not None:
                continue  # a changed occurrence of a recurring event: the first one is enough
            label = _text(event, "summary") or _text(event, "uid") or "?"
            try:
                activity = _event_activity(event, today)
            except (IcsError, ValueError, TypeError, AttributeError) as exc:
                result.skipped.append(f"{label}: {exc}")
                continue
            if event.get("rrule") is not None:
                result.recurring += 1
            result.activities.append(activity)
    if not calendars:
        raise IcsError(_("Il file non contiene un calendario iCalendar (.ics)."))
    return result

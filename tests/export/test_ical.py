from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.export import ical

UTC = dt.timezone.utc


def parse_single(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def hearing(**changes) -> Activity:
    values = dict(kind=ActivityKind.HEARING, title="Udienza Rossi c. Bianchi", place="Tribunale, aula 3",
                  start=dt.datetime(2026, 11, 25, 9, 30), end=dt.datetime(2026, 11, 25, 10, 30),
                  judge="Dott. Mario Verdi", notes="Portare la relazione")
    values.update(changes)
    return Activity(**values)


def test_timed_event_carries_the_rome_zone_and_every_field():
    activity = hearing()
    data = ical.event_resource(ical.activity_event(activity, "Rossi c. Bianchi - R.G. 1234/2024 - Tribunale di Milano"))
    calendar = icalendar.Calendar.from_ical(data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Rome"]
    event = parse_single(data)
    assert str(event["uid"]) == activity.uid
    assert str(event["summary"]) == "Udienza Rossi c. Bianchi"
    assert str(event["location"]) == "Tribunale, aula 3"
    assert event["dtstart"].params["TZID"] == "Europe/Rome"
    assert event["dtstart"].dt.astimezone(UTC) == dt.datetime(2026, 11, 25, 8, 30, tzinfo=UTC)  # CET = UTC+1
    assert event["dtend"].dt.astimezone(UTC) == dt.datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    description = str(event["description"])
    assert "Portare la relazione" in description
    assert "Tipo: Udienza" in description
    assert "Fascicolo: Rossi c. Bianchi - R.G. 1234/2024 - Tribunale di Milano" in description
    assert "Giudice: Dott. Mario Verdi" in description
    assert "Udienza" in event["categories"].cats
    assert "dtstamp" in event


def test_summer_time_is_two_hours_ahead_of_utc():
    event = parse_single(ical.event_resource(ical.activity_event(
        hearing(start=dt.datetime(2026, 7, 1, 9, 0), end=dt.datetime(2026, 7, 1, 10, 0)))))
    assert event["dtstart"].dt.astimezone(UTC) == dt.datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize("start, end, utc_start, utc_end", [
    # the night summer time starts (29/03/2026, 02:00 -> 03:00): 01:30-03:30 lasts one hour
    (dt.datetime(2026, 3, 29, 1, 30), dt.datetime(2026, 3, 29, 3, 30),
     dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
    # the night it ends (25/10/2026, 03:00 -> 02:00): 01:30-03:30 lasts three hours
    (dt.datetime(2026, 10, 25, 1, 30), dt.datetime(2026, 10, 25, 3, 30),
     dt.datetime(2026, 10, 24, 23, 30, tzinfo=UTC), dt.datetime(2026, 10, 25, 2, 30, tzinfo=UTC)),
])
def test_dst_nights_keep_wall_clock_times(start, end, utc_start, utc_end):
    activity = hearing(start=start, end=end)
    data = ical.event_resource(ical.activity_event(activity))
    event = parse_single(data)
    assert event["dtstart"].dt.replace(tzinfo=None) == start
    assert event["dtstart"].dt.astimezone(UTC) == utc_start
    assert event["dtend"].dt.astimezone(UTC) == utc_end
    back = ical.read_events(data).activities[0]
    assert (back.start, back.end, back.all_day) == (start, end, False)


def test_all_day_activities_are_dates_with_an_exclusive_end():
    activity = Activity(title="Ferie", start=dt.datetime(2026, 8, 10), end=dt.datetime(2026, 8, 13),
                        all_day=True)
    data = ical.event_resource(ical.activity_event(activity))
    event = parse_single(data)
    assert event["dtstart"].params.get("VALUE") == "DATE"
    assert event["dtstart"].dt == dt.date(2026, 8, 10)
    assert event["dtend"].dt == dt.date(2026, 8, 13)  # three days: 10, 11, 12
    assert b"DTSTART;VALUE=DATE:20260810" in data
    back = ical.read_events(data).activities[0]
    assert (back.start, back.end, back.all_day) == (activity.start, activity.end, True)


def test_a_deadline_is_an_all_day_event_on_its_due_date_and_done_ones_are_marked():
    deadline = Activity(title="Deposito relazione", due_date=dt.date(2026, 12, 15), done=True)
    event = parse_single(ical.event_resource(ical.activity_event(deadline)))
    assert event["dtstart"].dt == dt.date(2026, 12, 15)
    assert event["dtend"].dt == dt.date(2026, 12, 16)
    assert str(event["summary"]) == "✓ Deposito relazione"
    assert "Annotata come fatta" in str(event["description"])


def test_an_activity_with_only_a_show_from_date_has_nothing_to_export():
    assert ical.activity_event(Activity(title="Promemoria", show_from=dt.date(2026, 12, 1))) is None


def test_content_hash_ignores_the_timestamp_but_not_the_content():
    activity = hearing()
    first = ical.activity_event(activity, "ref")
    again = ical.activity_event(activity, "ref")
    ical.event_resource(first, dt.datetime(2020, 1, 1, tzinfo=UTC))
    assert ical.content_hash(first) == ical.content_hash(again)
    assert ical.content_hash(ical.activity_event(hearing(uid=activity.uid, place="Aula 4"), "ref")) != \
        ical.content_hash(first)


italian_text = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S")),
                       min_size=1, max_size=60).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(title=italian_text, place=st.text(max_size=40).map(str.strip),
       notes=st.sampled_from(["", "perché è già lì", "Città; virgole, e \\ barre", "a\nb"]))
def test_text_round_trips(title, place, notes):
    place = "".join(ch for ch in place if ch.isprintable())
    activity = Activity(title=title, place=place, notes=notes, start=dt.datetime(2026, 5, 4, 15),
                        end=dt.datetime(2026, 5, 4, 16))
    event = parse_single(ical.event_resource(ical.activity_event(activity)))
    assert str(event["summary"]) == title
    assert str(event.get("location", "")) == place
    assert str(event["description"]).startswith(notes.strip())


def test_accented_text_is_utf8_on_the_wire():
    activity = hearing(title="Sopralluogo a Città di Castello – perizia «urgente»", place="Via Garibaldi 3, Forlì")
    data = ical.event_resource(ical.activity_event(activity))
    assert "Città di Castello – perizia «urgente»".encode() in data
    back = ical.read_events(data).activities[0]
    assert back.title == activity.title and back.place == activity.place


def test_calendar_file_has_one_vtimezone_and_every_event():
    events = [ical.activity_event(hearing(title=f"Udienza {i}")) for i in range(3)]
    calendar = icalendar.Calendar.from_ical(ical.calendar_file(events, name="Agenda"))
    assert len(calendar.walk("VTIMEZONE")) == 1
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == ["Udienza 0", "Udienza 1", "Udienza 2"]
    assert str(calendar["x-wr-calname"]) == "Agenda"


FOREIGN = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Other//EN\r
BEGIN:VEVENT\r
UID:foreign-1\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260115T080000Z\r
DTEND:20260115T093000Z\r
SUMMARY:Riunione condominio\r
LOCATION:Sala riunioni\r
DESCRIPTION:Ordine del giorno\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:foreign-2\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20260120\r
SUMMARY:Compleanno\r
RRULE:FREQ=YEARLY\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:foreign-3\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Senza data\r
END:VEVENT\r
BEGIN:VTODO\r
UID:todo-1\r
SUMMARY:Da fare\r
END:VTODO\r
END:VCALENDAR\r
"""


def test_reading_a_foreign_file_gives_personal_activities_in_italian_time():
    result = ical.read_events(FOREIGN, today=dt.date(2026, 1, 1))
    meeting, birthday = result.activities
    assert meeting.kind is ActivityKind.PERSONAL
    assert (meeting.title, meeting.place, meeting.notes) == ("Riunione condominio", "Sala riunioni", "Ordine del giorno")
    assert (meeting.start, meeting.end) == (dt.datetime(2026, 1, 15, 9, 0), dt.datetime(2026, 1, 15, 10, 30))
    assert meeting.uid == "foreign-1"
    assert birthday.all_day and birthday.start == dt.datetime(2026, 1, 20) and birthday.end == dt.datetime(2026, 1, 21)
    assert result.recurring == 1
    assert len(result.skipped) == 1 and "Senza data" in result.skipped[0]


def test_a_file_that_is_not_a_calendar_is_refused_in_italian():
    with pytest.raises(ical.IcsError, match="non è un calendario"):
        ical.read_events(b"questo non e' un calendario")

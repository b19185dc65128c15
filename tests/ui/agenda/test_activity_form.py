"""Typed fields to activity and back, and where each refusal is shown."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.ui.agenda.activity_form import (
    REFERENCE,
    build,
    format_date,
    parse_date,
    parse_time,
    values_of,
)
from cliens_tk.ui.agenda.options_menu import option_entries


@given(st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31)))
def test_a_shown_date_reads_back_as_itself(day):
    assert parse_date(format_date(day)) == day


@pytest.mark.parametrize("text", ["25/11/2026", "25-11-2026", "25.11.2026", "25/11/26", "2026-11-25", " 25/11/2026 "])
def test_usual_ways_of_writing_a_date(text):
    assert parse_date(text) == dt.date(2026, 11, 25)


@pytest.mark.parametrize("text, words", [("31/02/2026", "non è una data esistente"),
                                          ("domani", "non è una data"), ("25/11", "non è una data")])
def test_a_date_that_is_not_a_date_is_refused_in_italian(text, words):
    with pytest.raises(ValueError, match=words):
        parse_date(text)


@given(st.integers(0, 23), st.integers(0, 59))
def test_times_read_as_typed(hour, minute):
    assert parse_time(f"{hour}:{minute:02d}") == dt.time(hour, minute)
    assert parse_time(f"{hour:02d}.{minute:02d}") == dt.time(hour, minute)


@pytest.mark.parametrize("text", ["25:00", "9:75", "nove"])
def test_bad_times_are_refused(text):
    with pytest.raises(ValueError, match="non è un orario"):
        parse_time(text)


def _timed() -> Activity:
    start = dt.datetime(2026, 11, 25, 9, 30)
    return Activity(kind=ActivityKind.OFFICE, title="Studio atti", start=start, end=start + dt.timedelta(hours=1))


def test_unchanged_fields_give_back_the_same_activity():
    activity = _timed()
    built, errors = build(activity, values_of(activity))
    assert errors == {} and built == activity


def test_end_before_start_is_shown_beside_the_end():
    values = dataclasses.replace(values_of(_timed()), end_time="08:00")
    built, errors = build(_timed(), values)
    assert built is None and "fine non può essere prima" in errors["end_time"]
    values = dataclasses.replace(values_of(_timed()), end_date="24/11/2026")
    assert "end_date" in build(_timed(), values)[1]


def test_no_reference_date_left_is_refused():
    values = dataclasses.replace(values_of(_timed()), start_date="", start_time="", end_date="", end_time="")
    built, errors = build(_timed(), values)
    assert built is None and "almeno una data di riferimento" in errors[REFERENCE]


def test_a_wrong_date_is_shown_beside_its_field_and_nothing_else_changes():
    values = dataclasses.replace(values_of(_timed()), due_date="30/02/2026")
    built, errors = build(_timed(), values)
    assert built is None and set(errors) == {"due_date"}


def test_all_day_shows_the_last_day_covered_and_keeps_it():
    activity = Activity(title="Ferie", start=dt.datetime(2026, 8, 10), end=dt.datetime(2026, 8, 13), all_day=True)
    values = values_of(activity)
    assert (values.start_date, values.end_date, values.start_time) == ("10/08/2026", "12/08/2026", "")
    built, errors = build(activity, values)
    assert errors == {} and built.end == dt.datetime(2026, 8, 13)


def test_a_missing_end_gives_one_hour():
    values = dataclasses.replace(values_of(_timed()), end_date="", end_time="")
    built, _errors = build(_timed(), values)
    assert built.end - built.start == dt.timedelta(hours=1)


def test_polisweb_options_only_duplicate_and_close():
    activity = dataclasses.replace(_timed(), kind=ActivityKind.POLISWEB, id=7)
    enabled = {o.key for o in option_entries(activity) if o is not None and o.enabled}
    assert enabled == {"duplicate", "discard"}


def test_options_follow_the_reference_dates():
    keys = {o.key for o in option_entries(_timed()) if o is not None}
    assert {"remove_calendar", "add_deadlines", "all_day_on", "link_case", "delete", "discard"} <= keys
    deadline = Activity(title="Deposito", due_date=dt.date(2026, 12, 1), personal_case_id=3)
    keys = {o.key for o in option_entries(deadline) if o is not None}
    assert {"add_calendar", "remove_deadlines", "unlink_case"} <= keys
    assert "all_day_on" not in keys

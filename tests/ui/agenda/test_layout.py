"""The calendar's pure geometry and date arithmetic."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.ui.agenda.layout import (
    View,
    cell_at,
    day_span,
    grid_period,
    holidays_between,
    month_grid,
    overlap_columns,
    period_title,
    shift,
    slot_at,
    text_colour_on,
    truncate,
    y_of,
)

spans = st.lists(
    st.tuples(st.integers(0, 47), st.integers(1, 8)).map(lambda p: (p[0] / 2, p[0] / 2 + p[1] / 2)),
    max_size=25,
)


@given(spans)
def test_overlapping_items_never_share_a_column(items):
    placements = overlap_columns(items)
    assert len(placements) == len(items)
    for i, (a_start, a_end) in enumerate(items):
        assert 0 <= placements[i].column < placements[i].columns
        for j, (b_start, b_end) in enumerate(items):
            if i < j and a_start < b_end and b_start < a_end:
                assert placements[i].column != placements[j].column
                assert placements[i].columns == placements[j].columns


def test_items_apart_take_the_whole_width():
    placements = overlap_columns([(9, 10), (11, 12), (9.5, 10.5)])
    assert placements[1].columns == 1
    assert placements[0].columns == placements[2].columns == 2


def test_a_short_item_is_treated_as_tall_as_it_is_drawn():
    # 9:00-9:00 (a moment) and 9:15-10:00 are drawn overlapping, so they go side by side
    placements = overlap_columns([(9, 9), (9.25, 10)])
    assert {p.column for p in placements} == {0, 1}


@given(st.times())
def test_slot_of_a_time_is_the_half_hour_it_falls_in(moment):
    slot = slot_at(y_of(moment, 44), 44)
    assert slot.hour == moment.hour
    assert slot.minute == (0 if moment.minute < 30 else 30)


def test_slot_is_clamped_inside_the_day():
    assert slot_at(-5, 44) == dt.time(0, 0)
    assert slot_at(24 * 44 + 100, 44) == dt.time(23, 30)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(-30, 30))
def test_month_steps_land_in_the_right_month_and_come_back(day, steps):
    moved = shift(View.MONTH, day, steps)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == steps
    assert moved.day <= day.day
    if day.day <= 28:
        assert shift(View.MONTH, moved, -steps) == day


def test_a_month_step_from_the_31st_clamps_to_the_month_end():
    assert shift(View.MONTH, dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert shift(View.WEEK, dt.date(2026, 11, 25), -1) == dt.date(2026, 11, 18)
    assert shift(View.DAY, dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 1)


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)))
def test_month_grid_is_six_monday_first_weeks_holding_the_whole_month(day):
    grid = month_grid(day)
    assert len(grid) == 6 and all(len(week) == 7 for week in grid)
    assert grid[0][0].weekday() == 0
    days = [d for week in grid for d in week]
    assert days == sorted(days) and len(set(days)) == 42
    month_days = [d for d in days if d.month == day.month and d.year == day.year]
    assert month_days[0].day == 1 and (month_days[-1] + dt.timedelta(days=1)).day == 1
    assert grid_period(View.MONTH, day).first == grid[0][0]


def test_period_titles_in_italian():
    wednesday = dt.date(2026, 11, 25)
    assert period_title(View.MONTH, wednesday) == "novembre 2026"
    assert period_title(View.WEEK, wednesday) == "23 – 29 novembre 2026"
    assert period_title(View.WEEK, dt.date(2026, 12, 31)) == "28 dicembre 2026 – 3 gennaio 2027"
    assert period_title(View.DAY, wednesday) == "mercoledì 25 novembre 2026"


def test_cell_under_a_point():
    assert cell_at(0, 0, 700, 600, 6, 7) == (0, 0)
    assert cell_at(699, 599, 700, 600, 6, 7) == (5, 6)
    assert cell_at(350, 250, 700, 600, 6, 7) == (2, 3)
    assert cell_at(700, 10, 700, 600, 6, 7) is None


def test_day_span_cuts_a_multi_day_activity_at_midnight():
    start, end = dt.datetime(2026, 11, 24, 22), dt.datetime(2026, 11, 25, 2)
    assert day_span(start, end, dt.date(2026, 11, 24)) == (22, 24)
    assert day_span(start, end, dt.date(2026, 11, 25)) == (0, 2)
    assert day_span(start, end, dt.date(2026, 11, 26)) is None
    moment = dt.datetime(2026, 11, 25, 9)
    assert day_span(moment, moment, dt.date(2026, 11, 25)) == (9, 9)


def test_court_holidays_are_named():
    found = holidays_between(dt.date(2026, 12, 1), dt.date(2027, 1, 10))
    assert found[dt.date(2026, 12, 25)] == "Natale"
    assert dt.date(2027, 1, 6) in found
    assert dt.date(2026, 12, 27) not in found  # a Sunday, shaded as such but not a named holiday


def test_text_stays_readable_on_kind_colours():
    assert text_colour_on("#f0ad4e") == "#212529"  # yellow: dark text
    assert text_colour_on("#d9534f") == "#ffffff"  # red: white text


def test_truncate_adds_an_ellipsis_only_when_cutting():
    assert truncate("Udienza", 100, 7) == "Udienza"
    assert truncate("Udienza lunga", 50, 7).endswith("…")
    assert len(truncate("Udienza lunga", 50, 7)) == 7

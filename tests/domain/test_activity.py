import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.activity import (
    KIND_COLOURS,
    Activity,
    ActivityKind,
    ActivityRuleError,
    DeadlineStatus,
    day_period,
    month_period,
    overlaps,
    week_period,
)

NOON = dt.datetime(2026, 11, 25, 12, 0)


def calendar_activity(**kw) -> Activity:
    defaults = dict(kind=ActivityKind.OFFICE, title="Sopralluogo", start=NOON, end=NOON + dt.timedelta(hours=1))
    defaults.update(kw)
    return Activity(**defaults)


def test_every_kind_has_its_colour():
    assert KIND_COLOURS[ActivityKind.HEARING] != KIND_COLOURS[ActivityKind.POLISWEB]
    assert len(set(KIND_COLOURS.values())) == len(ActivityKind)
    assert ActivityKind.HEARING.label == "Udienza"


def test_an_activity_without_any_reference_date_is_refused():
    with pytest.raises(ActivityRuleError, match="almeno una data di riferimento"):
        Activity(title="x").check()


def test_removing_the_last_reference_date_is_refused():
    activity = calendar_activity()
    with pytest.raises(ActivityRuleError, match="almeno una data"):
        activity.remove_from_calendar()
    deadline = Activity(title="Deposito", due_date=dt.date(2026, 12, 1))
    with pytest.raises(ActivityRuleError, match="almeno una data"):
        deadline.remove_from_deadlines()


def test_calendar_and_deadline_views_can_be_swapped():
    activity = calendar_activity().add_to_deadlines()
    assert activity.due_date == NOON.date() and activity.in_calendar
    only_deadline = activity.remove_from_calendar()
    assert not only_deadline.in_calendar and only_deadline.is_deadline
    back = only_deadline.add_to_calendar()
    assert back.start.date() == NOON.date() and back.end > back.start
    only_calendar = back.remove_from_deadlines()
    assert only_calendar.due_date is None and only_calendar.in_calendar


def test_end_before_start_is_refused():
    with pytest.raises(ActivityRuleError, match="prima dell'inizio"):
        calendar_activity(end=NOON - dt.timedelta(minutes=1)).check()


def test_all_day_spans_whole_days_and_back():
    activity = calendar_activity().set_all_day(True)
    assert activity.all_day
    assert activity.start == dt.datetime(2026, 11, 25) and activity.end == dt.datetime(2026, 11, 26)
    timed = activity.set_all_day(False)
    assert not timed.all_day and timed.start.hour == 9 and timed.end - timed.start == dt.timedelta(hours=1)


def test_polisweb_activities_refuse_every_edit_and_duplicate_into_an_editable_copy():
    court = calendar_activity(kind=ActivityKind.POLISWEB, id=7, polisweb_key="k1", registry_record_id=3)
    for change in (lambda a: a.edited(title="y"), lambda a: a.remove_from_calendar(),
                   lambda a: a.add_to_deadlines(), lambda a: a.link_case(1), lambda a: a.set_all_day(True)):
        with pytest.raises(ActivityRuleError, match="PolisWeb"):
            change(court)
    copy = court.duplicate()
    assert copy.kind is ActivityKind.HEARING and copy.id is None and copy.polisweb_key is None
    assert copy.uid != court.uid and copy.registry_record_id == 3
    assert copy.edited(title="Mia copia").title == "Mia copia"


def test_an_activity_cannot_become_polisweb():
    with pytest.raises(ActivityRuleError):
        calendar_activity().edited(kind=ActivityKind.POLISWEB)


@pytest.mark.parametrize(
    "due, done, expected",
    [
        (dt.date(2026, 11, 24), False, DeadlineStatus.OVERDUE),
        (dt.date(2026, 11, 24), True, DeadlineStatus.OTHER),
        (dt.date(2026, 11, 25), False, DeadlineStatus.DUE_TODAY),
        (dt.date(2026, 11, 26), False, DeadlineStatus.OTHER),
    ],
)
def test_deadline_colours(today, due, done, expected):
    assert Activity(title="x", due_date=due, done=done).deadline_status(today) is expected


def test_deadline_visible_from_show_from_or_creation(today):
    later = Activity(title="x", due_date=dt.date(2027, 1, 10), show_from=today + dt.timedelta(days=1))
    assert not later.visible_in_deadlines(today)
    assert later.visible_in_deadlines(today + dt.timedelta(days=1))
    created = Activity(title="x", due_date=dt.date(2027, 1, 10), created_on=today)
    assert created.visible_in_deadlines(today) and not created.visible_in_deadlines(today - dt.timedelta(days=1))


def test_only_a_deadline_can_be_done():
    with pytest.raises(ActivityRuleError):
        calendar_activity().set_done(True)
    assert Activity(title="x", due_date=dt.date(2026, 1, 1)).set_done(True).done


def test_adjournment_carries_case_and_judge():
    hearing = calendar_activity(kind=ActivityKind.HEARING, id=5, judge="Dott. Bianchi", personal_case_id=9)
    following = hearing.adjournment(dt.datetime(2027, 1, 12, 10))
    assert following.previous_hearing_id == 5 and following.judge == "Dott. Bianchi"
    assert following.personal_case_id == 9 and following.end - following.start == dt.timedelta(hours=1)
    with pytest.raises(ActivityRuleError, match="udienza"):
        calendar_activity(id=1).adjournment(dt.datetime(2027, 1, 1, 9))
    with pytest.raises(ActivityRuleError, match="già stata rinviata"):
        calendar_activity(kind=ActivityKind.HEARING, id=5, next_hearing_id=6).adjournment(NOON)


def test_week_starts_on_monday_and_month_covers_the_month():
    week = week_period(dt.date(2026, 11, 25))
    assert week.first == dt.date(2026, 11, 23) and week.first.weekday() == 0 and len(week.days()) == 7
    month = month_period(dt.date(2024, 2, 10))
    assert (month.first, month.last) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_periods_contain_their_day(day):
    for period in (day_period(day), week_period(day), month_period(day)):
        assert period.first <= day <= period.last
    assert week_period(day).first.weekday() == 0


@given(st.integers(min_value=-72, max_value=72), st.integers(min_value=0, max_value=96))
def test_overlap_matches_interval_arithmetic(offset_hours, length_hours):
    start = dt.datetime(2026, 11, 25) + dt.timedelta(hours=offset_hours)
    activity = calendar_activity(start=start, end=start + dt.timedelta(hours=length_hours))
    period = day_period(dt.date(2026, 11, 25))
    expected = (activity.start < period.end and activity.end > period.start) or (
        length_hours == 0 and period.start <= start < period.end
    )
    assert overlaps(activity, period) == expected

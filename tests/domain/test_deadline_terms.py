"""Deadline computation: worked examples from legal sources, then properties.

Sources quoted by the tests (see also the module docstrings):
* art. 155 c.p.c. (text: brocardi.it, avvocatoandreani.it); art. 2963 c.c.
* art. 1 L. 742/1969 as amended by D.L. 132/2014 conv. L. 162/2014 (normattiva.it)
* Cass. n. 688/2006, n. 6679/2005, n. 8102/2006, n. 2258/1985, n. 19530/2005, n. 14767/2014
* Cons. Stato Ad. plen. n. 11/2022 (31 days added to a term in months)
* serviziamministrativi.ddp.it, 2023 note on the summer suspension: worked examples
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.court_calendar import is_court_holiday
from cliens_tk.domain.deadline_terms import (
    DeadlineError,
    ExpertTerm,
    SkipReason,
    TermKind,
    TermSpec,
    add_months,
    compute_deadline,
    counted_days_between,
    days_after,
    days_before,
    expert_schedule,
    free_days_before,
    months_after,
    reschedule_expert_terms,
    suspension_exclusions,
    years_after,
)

D = date


# --- days forward ------------------------------------------------------------------------------


def test_plain_days_start_not_counted_last_counted() -> None:
    """Art. 155 c.1 c.p.c.: 10 days from Monday 9 March 2026 end Thursday 19 March 2026."""
    result = days_after(D(2026, 3, 9), 10)
    assert result.deadline == result.natural_end == D(2026, 3, 19)
    assert not result.moved


def test_days_across_august_ddp_example() -> None:
    """ddp.it 2023: an act notified 20.7.2023 -> 60 days -> 19.10.2023 (August not counted)."""
    result = days_after(D(2023, 7, 20), 60)
    assert result.deadline == D(2023, 10, 19)
    spans = [s for s in result.skipped if s.reason is SkipReason.SUSPENSION]
    assert [(s.first, s.last) for s in spans] == [(D(2023, 8, 1), D(2023, 8, 31))]


@pytest.mark.parametrize("day", range(1, 32))
def test_days_starting_in_august_ddp_example(day: int) -> None:
    """ddp.it 2023: notified any day 1-31 August 2023 -> 60 days -> 30.10.2023.

    Art. 1 L. 742/1969 second period; Cass. n. 688/2006: 1 September counts as day one.
    """
    assert days_after(D(2023, 8, day), 60).deadline == D(2023, 10, 30)


def test_first_day_after_suspension_counts_even_on_sunday() -> None:
    """Cass. n. 6679/2005: the first day after the suspension is counted even if a Sunday.

    1 September 2024 is a Sunday: 30 days from 10 August 2024 end Monday 30 September 2024;
    a 1-day term ends on that Sunday and is then moved to Monday 2 September.
    """
    assert days_after(D(2024, 8, 10), 30).deadline == D(2024, 9, 30)
    one_day = days_after(D(2024, 8, 10), 1)
    assert one_day.natural_end == D(2024, 9, 1)
    assert one_day.deadline == D(2024, 9, 2)


def test_term_from_31_july() -> None:
    """The day after 31 July that counts is 1 September (art. 1 L. 742/1969)."""
    assert days_after(D(2026, 7, 31), 1).deadline == D(2026, 9, 1)
    assert days_after(D(2026, 7, 30), 2).deadline == D(2026, 9, 1)


def test_saturday_end_moves_to_monday() -> None:
    """Art. 155 c.5 c.p.c.: a Saturday deadline (act outside the hearing) -> Monday."""
    result = days_after(D(2026, 3, 4), 10)  # Saturday 14 March 2026
    assert result.natural_end == D(2026, 3, 14)
    assert result.deadline == D(2026, 3, 16)
    assert {s.reason for s in result.skipped} == {SkipReason.SATURDAY, SkipReason.HOLIDAY}
    assert "saturday_shift" in result.rule_codes


def test_saturday_rule_off_keeps_saturday() -> None:
    """Art. 155 c.6 c.p.c.: Saturday is a working day for hearings and court activity."""
    result = days_after(D(2026, 3, 4), 10, saturday_rule=False)
    assert result.deadline == D(2026, 3, 14)


def test_sunday_end_moves_to_monday() -> None:
    """Art. 155 c.4 c.p.c.: Sunday is a holiday (L. 260/1949)."""
    assert days_after(D(2026, 3, 5), 10).deadline == D(2026, 3, 16)  # Sunday 15 -> Monday 16


def test_easter_monday_2026_end() -> None:
    """Art. 155 c.4 c.p.c. + L. 260/1949: 10 days from 27 March 2026 end on Easter Monday
    6 April 2026 and move to Tuesday 7 April."""
    result = days_after(D(2026, 3, 27), 10)
    assert result.natural_end == D(2026, 4, 6)
    assert result.deadline == D(2026, 4, 7)
    assert "Lunedì dell'Angelo" in result.explanation_text()


def test_easter_monday_2027_end() -> None:
    """Easter 2027 is 28 March: 10 days from 19 March 2027 end on Monday 29 March -> 30 March."""
    assert days_after(D(2027, 3, 19), 10).deadline == D(2027, 3, 30)


def test_4_october_2027_end() -> None:
    """L. 151/2025: 4 October 2027 (Monday) is a holiday -> Tuesday 5 October 2027."""
    result = days_after(D(2027, 9, 24), 10)
    assert result.natural_end == D(2027, 10, 4)
    assert result.deadline == D(2027, 10, 5)
    assert "San Francesco" in result.explanation_text()


def test_4_october_before_2026_is_ordinary() -> None:
    assert days_after(D(2024, 9, 24), 10).deadline == D(2024, 10, 4)  # a Friday


def test_15_august_without_suspension() -> None:
    """Labour matter (art. 3 L. 742/1969, no suspension): 10 days from 5 August 2025 end on
    Friday 15 August (Assumption, L. 260/1949) -> Saturday -> Sunday -> Monday 18 August."""
    result = days_after(D(2025, 8, 5), 10, suspension=False)
    assert result.natural_end == D(2025, 8, 15)
    assert result.deadline == D(2025, 8, 18)


def test_15_august_with_suspension_is_irrelevant() -> None:
    """Same start with the suspension: counting starts on 1 September -> 10 September 2025."""
    assert days_after(D(2025, 8, 5), 10).deadline == D(2025, 9, 10)


def test_forward_shift_into_august_is_the_earlier_reading() -> None:
    """30 days from 1 July 2027 end Saturday 31 July; art. 155 c.4-5 moves the deadline to
    Monday 2 August. Some read the proroga as suspended until 1 September: the earlier date is
    kept and the explanation says so."""
    result = days_after(D(2027, 7, 1), 30)
    assert result.natural_end == D(2027, 7, 31)
    assert result.deadline == D(2027, 8, 2)
    assert result.warnings
    assert "1° settembre" in result.explanation_text()


# --- months and years --------------------------------------------------------------------------


def test_month_same_day_number() -> None:
    """Art. 2963 c.4 c.c. (laleggepertutti note): one month from 15 February ends 15 March."""
    assert months_after(D(2027, 2, 15), 1, suspension=False).deadline == D(2027, 3, 15)


def test_31_january_plus_one_month() -> None:
    """Art. 2963 c.5 c.c.: a missing day becomes the month's last day (leap year and not)."""
    assert months_after(D(2025, 1, 31), 1).deadline == D(2025, 2, 28)
    leap = months_after(D(2024, 1, 31), 1)
    assert leap.deadline == D(2024, 2, 29)
    assert "manca il giorno 31" in leap.explanation_text()


def test_leap_day_plus_one_year() -> None:
    """29 February 2024 + 1 year -> 28 February 2025 (art. 2963 c.5 c.c.)."""
    assert years_after(D(2024, 2, 29), 1, suspension=False).deadline == D(2025, 2, 28)


def test_six_months_across_august_adds_31_days() -> None:
    """Cons. Stato Ad. plen. n. 11/2022 (aligned with Cassazione): 6 months from 15 March 2024
    give 15 September, plus 31 days of suspension -> Wednesday 16 October 2024."""
    result = months_after(D(2024, 3, 15), 6)
    assert result.deadline == D(2024, 10, 16)
    assert "suspension_months" in result.rule_codes


def test_extension_reaching_next_august_extends_again() -> None:
    """Cass. n. 2258/1985: the extension reaching the next feriale period is extended again,
    but not when it ends on 31 July."""
    assert years_after(D(2024, 7, 10), 1).deadline == D(2025, 9, 10)
    ends_31_july = years_after(D(2024, 6, 30), 1)
    assert ends_31_july.natural_end == D(2025, 7, 31)


def test_month_term_starting_in_august_prudent_reading() -> None:
    """Cass. n. 8102/2006: 1 September is counted in the term, so 2 months from 10 August 2026
    run 1 September - 31 October (a Saturday; 1 November is a holiday) -> 2 November 2026.
    The other reading (1 September as dies a quo, 1 November) is mentioned as a warning."""
    result = months_after(D(2026, 8, 10), 2)
    assert result.natural_end == D(2026, 10, 31)
    assert result.deadline == D(2026, 11, 2)
    assert any(w.code == "warn_months_start_in_august" for w in result.warnings)


def test_month_term_without_suspension_ignores_august() -> None:
    assert months_after(D(2024, 3, 15), 6, suspension=False).deadline == D(2024, 9, 16)


# --- backward and free terms -------------------------------------------------------------------


def test_days_before_counts_back_from_the_hearing() -> None:
    """Cass. n. 19530/2005 (art. 378 c.p.c.): five days before a hearing on the 20th is the
    15th (the hearing day is not counted, the last day is)."""
    assert days_before(D(2024, 11, 20), 5).deadline == D(2024, 11, 15)


def test_days_before_skip_august() -> None:
    """Cass. n. 19530/2005: August days are not useful days of a backward term. Five days
    before Thursday 4 September 2025: 3, 2, 1 September, then 31 and 30 July."""
    result = days_before(D(2025, 9, 4), 5)
    assert result.deadline == D(2025, 7, 30)


def test_days_before_landing_on_saturday_moves_back() -> None:
    """Cass. sez. III n. 14767/2014: a backward term ending on a Saturday or holiday moves to
    the previous working day (mirror of art. 155 c.4-5). Hearing Thursday 13 November 2025,
    five days before -> Saturday 8 November -> Friday 7 November."""
    result = days_before(D(2025, 11, 13), 5)
    assert result.natural_end == D(2025, 11, 8)
    assert result.deadline == D(2025, 11, 7)
    assert "backward" in result.rule_codes


def test_days_before_landing_on_sunday_and_in_august() -> None:
    """Hearing Friday 6 September 2024: five days before is Sunday 1 September; Saturday
    31 August is not useful either (art. 155 c.5), so Friday 30 August 2024. The act may be done
    in August; the explanation warns."""
    result = days_before(D(2024, 9, 6), 5)
    assert result.natural_end == D(2024, 9, 1)
    assert result.deadline == D(2024, 8, 30)
    assert any(w.code == "warn_backward_in_august" for w in result.warnings)


def test_free_days_before_ddp_example() -> None:
    """ddp.it 2023 (art. 32 D.Lgs. 546/1992): hearing 5.9.2023, 20 free days before -> free days
    4-1 September and 31-16 July; 15 July is a Saturday -> 14.7.2023."""
    result = free_days_before(D(2023, 9, 5), 20)
    assert result.natural_end == D(2023, 7, 15)
    assert result.deadline == D(2023, 7, 14)


def test_free_days_exclude_both_ends() -> None:
    """Art. 163-bis c.p.c. style: 10 free days before Monday 23 November 2026 -> the act by
    Thursday 12 November (13-22 are the ten free days)."""
    assert free_days_before(D(2026, 11, 23), 10, suspension=False).deadline == D(2026, 11, 12)


def test_rome_29_june_forward_and_backward() -> None:
    """D.P.R. 792/1985: 29 June is a holiday for the comune di Roma only."""
    forward_start = D(2026, 6, 19)  # +10 days = Monday 29 June 2026
    assert days_after(forward_start, 10, seat="Roma").deadline == D(2026, 6, 30)
    assert days_after(forward_start, 10, seat="Milano").deadline == D(2026, 6, 29)
    unknown = days_after(forward_start, 10)
    assert unknown.deadline == D(2026, 6, 29)  # prudent: not a holiday
    assert any(w.code == "warn_rome_unknown_forward" for w in unknown.warnings)
    backward = days_before(D(2026, 7, 4), 5)  # 5 days before Saturday 4 July = 29 June
    assert backward.natural_end == D(2026, 6, 29)
    assert backward.deadline == D(2026, 6, 26)  # prudent: treated as a holiday
    assert days_before(D(2026, 7, 4), 5, seat="Milano").deadline == D(2026, 6, 29)


# --- explanation, dispatch, errors -------------------------------------------------------------


def test_explanation_is_italian_and_cites_sources() -> None:
    result = days_after(D(2023, 7, 20), 60)
    text = result.explanation_text()
    assert "Il giorno iniziale non si computa" in text
    assert "dal 1° agosto 2023 al 31 agosto 2023" in text
    assert "L. 7 ottobre 1969 n. 742" in text
    assert "Scadenza: giovedì 19 ottobre 2023." in text


def test_italian_elision_in_explanations() -> None:
    result = days_after(D(2026, 11, 28), 10)  # Tuesday 8 December 2026, Immacolata
    assert "L'8 dicembre 2026 è festivo (Immacolata Concezione)" in result.explanation_text()


def test_to_dict_is_json_ready() -> None:
    data = months_after(D(2024, 3, 15), 6, seat="Roma").to_dict()
    encoded = json.loads(json.dumps(data))
    assert encoded["deadline"] == "2024-10-16"
    assert encoded["skipped"][0]["reason"] == "suspension"
    assert encoded["rules"] and encoded["explanation"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    # 20 July + 2 months = 20 September, + 31 days = Saturday 21 October -> Monday 23 October;
    # 60 days before 18 July 2023 = Friday 19 May; 60 free days before = Thursday 18 May.
    [("days", D(2023, 10, 19)), ("months", D(2023, 10, 23)),
     ("days_before", D(2023, 5, 19)), ("free_days_before", D(2023, 5, 18))],
)
def test_compute_deadline_dispatch(kind: str, expected: date) -> None:
    reference = D(2023, 7, 20) if kind in ("days", "months") else D(2023, 7, 18)
    assert compute_deadline(kind, reference, 60 if kind != "months" else 2).deadline == expected


def test_invalid_amounts_raise() -> None:
    with pytest.raises(DeadlineError):
        days_after(D(2026, 1, 1), 0)
    with pytest.raises(ValueError):
        compute_deadline("weeks", D(2026, 1, 1), 1)
    with pytest.raises(DeadlineError):
        compute_deadline(TermKind.FIXED_DATE, D(2026, 1, 1), 1)


def test_suspension_exclusions_cite_the_law() -> None:
    codes = {item.code for item in suspension_exclusions()}
    assert {"labour", "social_security", "interim", "eviction", "declared_urgent"} <= codes
    assert all("742" in item.source for item in suspension_exclusions())
    assert all(item.label for item in suspension_exclusions())


def test_add_months_and_counted_days_helpers() -> None:
    assert add_months(D(2024, 12, 31), 2) == D(2025, 2, 28)
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert counted_days_between(D(2026, 7, 30), D(2026, 9, 2)) == 3  # 31 Jul, 1-2 Sep
    assert counted_days_between(D(2026, 7, 30), D(2026, 9, 2), suspension=False) == 34


# --- the expert's terms (art. 195 c.3 c.p.c.) --------------------------------------------------


def _schedule(**kwargs: object):
    return expert_schedule(
        D(2026, 6, 15), TermSpec.in_days(60), TermSpec.in_days(15), TermSpec.in_days(15),
        **kwargs,  # type: ignore[arg-type]
    )


def test_expert_schedule_days_with_suspension() -> None:
    """Oath on 15 June 2026, 60 + 15 + 15 days: June 16-30 and July give 46 days, August is
    skipped, 14 more in September -> Monday 14 September; then 29 September, 14 October."""
    schedule = _schedule()
    assert schedule.dates() == (D(2026, 9, 14), D(2026, 9, 29), D(2026, 10, 14))
    assert "Deposito della relazione finale: mercoledì 14 ottobre 2026." in (
        schedule.explanation_text()
    )
    assert json.dumps(schedule.to_dict())


def test_expert_schedule_with_fixed_dates_and_hearing_warning() -> None:
    schedule = expert_schedule(
        D(2026, 6, 15), TermSpec.in_days(60), TermSpec.fixed(D(2026, 10, 3)),
        TermSpec.fixed(D(2026, 10, 20)), next_hearing=D(2026, 10, 20),
    )
    # 3 October 2026 is a Saturday: the party's term moves to Monday 5 October (art. 155 c.5).
    assert schedule.dates() == (D(2026, 9, 14), D(2026, 10, 5), D(2026, 10, 20))
    assert schedule.warnings and "udienza del 20 ottobre 2026" in schedule.explanation_text()


def test_expert_schedule_rejects_out_of_order_dates() -> None:
    with pytest.raises(DeadlineError):
        expert_schedule(
            D(2026, 6, 15), TermSpec.fixed(D(2026, 10, 1)), TermSpec.fixed(D(2026, 9, 1)),
            TermSpec.in_days(10),
        )
    with pytest.raises(DeadlineError):
        TermSpec(days=10, on=D(2026, 1, 1))


def test_extension_shifts_later_terms_keeping_intervals() -> None:
    """Judge extends the draft to 30 October 2026 (art. 154 c.p.c.): the parties still get
    15 days (-> Saturday 14 -> Monday 16 November), the final report 15 more (1 December)."""
    moved = reschedule_expert_terms(_schedule(), ExpertTerm.DRAFT_TO_PARTIES, D(2026, 10, 30))
    assert moved.dates() == (D(2026, 10, 30), D(2026, 11, 16), D(2026, 12, 1))


def test_extension_converts_fixed_later_dates_to_intervals() -> None:
    schedule = expert_schedule(
        D(2026, 6, 15), TermSpec.in_days(60), TermSpec.fixed(D(2026, 10, 30)),
        TermSpec.fixed(D(2026, 11, 20)),
    )
    moved = reschedule_expert_terms(schedule, ExpertTerm.DRAFT_TO_PARTIES, D(2026, 10, 5))
    # 46 days from 14 Sep to 30 Oct, 21 from 30 Oct to 20 Nov, re-applied from 5 October.
    assert moved.dates() == (D(2026, 10, 5), D(2026, 11, 20), D(2026, 12, 11))


def test_moving_the_last_term_leaves_the_others() -> None:
    schedule = _schedule()
    moved = reschedule_expert_terms(schedule, ExpertTerm.FINAL_REPORT, D(2026, 11, 3))
    assert moved.dates() == (D(2026, 9, 14), D(2026, 9, 29), D(2026, 11, 3))


# --- properties --------------------------------------------------------------------------------

starts = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))
day_counts = st.integers(min_value=1, max_value=400)
month_counts = st.integers(min_value=1, max_value=40)
seats = st.sampled_from([None, "Roma", "Milano"])


@given(starts, day_counts, seats, st.booleans())
def test_forward_deadline_is_always_a_working_day(
    start: date, days: int, seat: str | None, suspension: bool
) -> None:
    deadline = days_after(start, days, seat=seat, suspension=suspension).deadline
    assert deadline.weekday() not in (5, 6)
    assert not is_court_holiday(deadline, seat)


@given(starts, month_counts, seats)
def test_forward_month_deadline_is_always_a_working_day(
    start: date, months: int, seat: str | None
) -> None:
    deadline = months_after(start, months, seat=seat).deadline
    assert deadline.weekday() not in (5, 6) and not is_court_holiday(deadline, seat)


@given(starts, day_counts, seats, st.booleans())
def test_one_more_day_never_moves_the_deadline_earlier(
    start: date, days: int, seat: str | None, suspension: bool
) -> None:
    options = dict(seat=seat, suspension=suspension)
    assert days_after(start, days + 1, **options).deadline >= days_after(
        start, days, **options
    ).deadline
    assert days_before(start, days + 1, **options).deadline <= days_before(
        start, days, **options
    ).deadline
    assert free_days_before(start, days + 1, **options).deadline <= free_days_before(
        start, days, **options
    ).deadline


@given(starts, month_counts, st.booleans())
def test_one_more_month_never_moves_the_deadline_earlier(
    start: date, months: int, suspension: bool
) -> None:
    assert months_after(start, months + 1, suspension=suspension).deadline >= months_after(
        start, months, suspension=suspension
    ).deadline


@given(starts, day_counts)
def test_with_suspension_no_counted_day_is_in_august(start: date, days: int) -> None:
    """The last counted day is never in August. The deadline reaches August only through the
    art. 155 shift over a weekend at the end of July (forward) or the start of September
    (backward): the earlier readings, documented in the warnings."""
    forward = days_after(start, days)
    assert forward.natural_end.month != 8
    if forward.deadline.month == 8:
        assert forward.natural_end.month == 7 and forward.warnings
        assert (forward.deadline - forward.natural_end).days <= 2
    backward = days_before(start, days)
    assert backward.natural_end.month != 8
    if backward.deadline.month == 8:
        assert backward.natural_end.month == 9 and backward.warnings
        assert (backward.natural_end - backward.deadline).days <= 2
    months = months_after(start, 1 + days % 30)
    assert months.natural_end.month != 8


@given(starts, day_counts, seats)
def test_backward_deadline_is_working_and_not_after_natural_end(
    start: date, days: int, seat: str | None
) -> None:
    result = days_before(start, days, seat=seat)
    assert result.deadline <= result.natural_end < start
    assert result.deadline.weekday() not in (5, 6)
    assert not is_court_holiday(result.deadline, seat)


@given(starts, day_counts, seats, st.booleans())
def test_forward_deadline_never_before_natural_end(
    start: date, days: int, seat: str | None, suspension: bool
) -> None:
    result = days_after(start, days, seat=seat, suspension=suspension)
    assert start < result.natural_end <= result.deadline
    assert counted_days_between(start, result.natural_end, suspension) == days
    assert json.dumps(result.to_dict())


@given(st.dates(min_value=D(1995, 1, 1), max_value=D(2080, 12, 31)),
       st.integers(1, 120), st.integers(1, 60), st.integers(1, 60), st.integers(1, 200))
def test_extension_keeps_later_day_terms(
    start: date, first: int, second: int, third: int, extra: int
) -> None:
    schedule = expert_schedule(
        start, TermSpec.in_days(first), TermSpec.in_days(second), TermSpec.in_days(third)
    )
    new_date = schedule.draft_to_parties + timedelta(days=extra)
    moved = reschedule_expert_terms(schedule, ExpertTerm.DRAFT_TO_PARTIES, new_date)
    assert moved.draft_to_parties >= new_date
    assert moved.results[1].amount == second and moved.results[2].amount == third
    assert moved.party_observations >= schedule.party_observations
    assert moved.final_report >= schedule.final_report

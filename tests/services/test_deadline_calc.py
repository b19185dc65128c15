"""The deadline calculator's service: deadlines that remember how they were computed, the
expert's term chain (art. 195 c.p.c.) and recomputation when the start moves.

Expected dates come from the worked examples of tests/domain/test_deadline_terms.py (art. 155
c.p.c.; art. 1 L. 742/1969; the expert's chain example of 15 June 2026).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.deadline_terms import DeadlineError, ExpertTerm, TermKind, TermSpec
from cliens_tk.domain.offices import Register
from cliens_tk.services.deadline_calc import (
    EXPLANATION_MARKER,
    CaseLink,
    DeadlineCalcService,
    ExpertOrder,
    TermRequest,
    parse_user_date,
    suspension_default,
)

D = dt.date


@pytest.fixture
def calc(services) -> DeadlineCalcService:
    return DeadlineCalcService(services.archive)


@pytest.fixture
def case_id(services) -> int:
    rome = next(o for o in services.offices.search("Tribunale Roma") if o.city == "Roma")
    return services.cases.create_case("Rossi c. Bianchi", rome.code, Register.CIVIL).case.id


def _hearing(services, case_id: int, day: dt.date) -> Activity:
    start = dt.datetime.combine(day, dt.time(10))
    return services.agenda.save(Activity(kind=ActivityKind.HEARING, title="Udienza Rossi", start=start,
                                         end=start + dt.timedelta(hours=1), personal_case_id=case_id))


def _move(services, activity: Activity, day: dt.date) -> None:
    start = dt.datetime.combine(day, dt.time(10))
    services.agenda.save(services.agenda.get(activity.id).set_calendar(start, start + dt.timedelta(hours=1)))


def test_created_deadline_is_in_the_deadlines_list_with_its_parameters(services, calc, case_id) -> None:
    """10 days from Friday 27 March 2026 end on Easter Monday -> Tuesday 7 April 2026."""
    request = TermRequest(TermKind.DAYS_AFTER, 10, reference=D(2026, 3, 27), seat="Roma")
    activity = calc.create_deadline(request, "Deposito note", CaseLink(case_id), notice_days=10)
    listed = [a for a in services.agenda.deadlines(D(2026, 4, 1)) if a.id == activity.id]
    assert listed and listed[0].due_date == D(2026, 4, 7)
    assert listed[0].show_from == D(2026, 3, 28)
    assert listed[0].personal_case_id == case_id
    assert EXPLANATION_MARKER in listed[0].notes and "Lunedì dell'Angelo" in listed[0].notes
    stored = calc.stored_term(activity.id)
    assert stored.parameters["kind"] == "days" and stored.parameters["amount"] == 10
    assert stored.parameters["seat"] == "Roma" and stored.reference_date == D(2026, 3, 27)
    assert TermRequest.from_stored(stored).amount == 10


def test_deleting_the_deadline_deletes_its_parameters(services, calc) -> None:
    activity = calc.create_deadline(TermRequest(TermKind.DAYS_AFTER, 5, reference=D(2026, 3, 2)), "X")
    services.agenda.delete(activity.id)
    assert calc.stored_term(activity.id) is None


def test_default_title_and_seat_and_hearings(services, calc, case_id) -> None:
    hearing = _hearing(services, case_id, D(2026, 9, 10))
    link = CaseLink(case_id)
    assert calc.seat_of(link) == "Roma"
    assert "Roma" in calc.seats() and "Milano" in calc.seats()
    assert [h.id for h in calc.hearings_of(link)] == [hearing.id]
    request = TermRequest(TermKind.DAYS_BEFORE, 20, reference_activity_id=hearing.id)
    assert calc.default_title(request) == "Termine di 20 giorni prima di: Udienza Rossi (10 settembre 2026)"
    assert calc.default_title(TermRequest(TermKind.DAYS_AFTER, 1, reference=D(2026, 3, 8))) == \
        "Termine di 1 giorno dall'8 marzo 2026"


def test_deadline_before_a_hearing_skips_august(services, calc, case_id) -> None:
    """20 days before 10 September 2026, August not counted -> 21 July 2026 (L. 742/1969)."""
    hearing = _hearing(services, case_id, D(2026, 9, 10))
    request = TermRequest(TermKind.DAYS_BEFORE, 20, reference_activity_id=hearing.id)
    assert calc.compute(request).deadline == D(2026, 7, 21)
    labour = TermRequest(TermKind.DAYS_BEFORE, 20, reference_activity_id=hearing.id, matter="labour",
                         suspension=suspension_default("labour"))
    assert calc.compute(labour).deadline == D(2026, 8, 21)


def test_moved_hearing_is_recomputed_only_when_confirmed(services, calc, case_id) -> None:
    hearing = _hearing(services, case_id, D(2026, 9, 10))
    deadline = calc.create_deadline(
        TermRequest(TermKind.DAYS_BEFORE, 20, reference_activity_id=hearing.id), "Note", CaseLink(case_id))
    assert calc.pending_recomputations() == []
    _move(services, hearing, D(2026, 10, 15))
    [pending] = calc.pending_recomputations()
    assert pending.old_reference == D(2026, 9, 10) and pending.new_reference == D(2026, 10, 15)
    # 20 days before Thursday 15 October 2026 = Friday 25 September 2026
    assert [(c.old_due, c.new_due) for c in pending.changes] == [(D(2026, 7, 21), D(2026, 9, 25))]
    assert services.agenda.get(deadline.id).due_date == D(2026, 7, 21)  # nothing moved yet
    calc.apply_recomputation(pending)
    assert services.agenda.get(deadline.id).due_date == D(2026, 9, 25)
    assert calc.stored_term(deadline.id).reference_date == D(2026, 10, 15)
    assert calc.pending_recomputations() == []


def test_declined_recomputation_keeps_the_date_and_is_not_asked_again(services, calc, case_id) -> None:
    hearing = _hearing(services, case_id, D(2026, 9, 10))
    deadline = calc.create_deadline(
        TermRequest(TermKind.DAYS_BEFORE, 20, reference_activity_id=hearing.id), "Note")
    _move(services, hearing, D(2026, 10, 15))
    [pending] = calc.pending_recomputations()
    calc.decline_recomputation(pending)
    assert services.agenda.get(deadline.id).due_date == D(2026, 7, 21)
    assert calc.pending_recomputations() == []


def test_stale_recomputation_is_refused(services, calc, case_id) -> None:
    hearing = _hearing(services, case_id, D(2026, 9, 10))
    calc.create_deadline(TermRequest(TermKind.DAYS_BEFORE, 20, reference_activity_id=hearing.id), "Note")
    _move(services, hearing, D(2026, 10, 15))
    [pending] = calc.pending_recomputations()
    _move(services, hearing, D(2026, 11, 5))
    with pytest.raises(DeadlineError):
        calc.apply_recomputation(pending)


def test_done_deadline_is_not_proposed(services, calc, case_id) -> None:
    hearing = _hearing(services, case_id, D(2026, 9, 10))
    deadline = calc.create_deadline(
        TermRequest(TermKind.DAYS_BEFORE, 20, reference_activity_id=hearing.id), "Note")
    services.agenda.set_done(deadline.id, True)
    _move(services, hearing, D(2026, 10, 15))
    assert calc.pending_recomputations() == []


def test_expert_chain_created_linked_and_moved(services, calc, case_id) -> None:
    """Oath 15 June 2026, 60 + 15 + 15 days -> 14 Sep, 29 Sep, 14 Oct 2026; the draft extended
    to 30 October moves the others to 16 November and 1 December (domain example)."""
    order = ExpertOrder((TermSpec.in_days(60), TermSpec.in_days(15), TermSpec.in_days(15)), start=D(2026, 6, 15))
    created = calc.create_expert_chain(order, CaseLink(case_id))
    assert [a.due_date for a in created] == [D(2026, 9, 14), D(2026, 9, 29), D(2026, 10, 14)]
    assert all(a.personal_case_id == case_id for a in created)
    assert created[2].title == "Deposito della relazione finale — Rossi c. Bianchi"
    chain = calc.chain_of(created[1].id)
    assert [a.id for a in chain.activities] == [a.id for a in created]
    preview = calc.preview_move(chain.chain_id, ExpertTerm.DRAFT_TO_PARTIES, D(2026, 10, 30))
    assert preview.dates() == (D(2026, 10, 30), D(2026, 11, 16), D(2026, 12, 1))
    assert services.agenda.get(created[0].id).due_date == D(2026, 9, 14)  # a preview changes nothing
    calc.move_expert_term(chain.chain_id, ExpertTerm.DRAFT_TO_PARTIES, D(2026, 10, 30))
    assert [services.agenda.get(a.id).due_date for a in created] == [D(2026, 10, 30), D(2026, 11, 16),
                                                                    D(2026, 12, 1)]
    assert calc.chain(chain.chain_id).schedule.dates() == (D(2026, 10, 30), D(2026, 11, 16), D(2026, 12, 1))


def test_expert_chain_follows_the_oath_hearing(services, calc, case_id) -> None:
    oath = _hearing(services, case_id, D(2026, 6, 15))
    order = ExpertOrder((TermSpec.in_days(60), TermSpec.in_days(15), TermSpec.in_days(15)),
                        start_activity_id=oath.id)
    created = calc.create_expert_chain(order, CaseLink(case_id))
    _move(services, oath, D(2026, 6, 22))
    [pending] = calc.pending_recomputations()
    assert pending.chain_id is not None and len(pending.changes) == 3
    calc.apply_recomputation(pending)
    # 60 days from 22 June: 39 days to 31 July, August skipped, 21 in September -> 21 Sep 2026
    assert services.agenda.get(created[0].id).due_date == D(2026, 9, 21)


def test_errors_are_italian_deadline_errors(calc) -> None:
    with pytest.raises(DeadlineError, match="Data non valida"):
        parse_user_date("31/02/2026")
    with pytest.raises(DeadlineError, match="1986"):
        calc.compute(TermRequest(TermKind.DAYS_AFTER, 10, reference=D(1980, 1, 1)))
    with pytest.raises(DeadlineError, match="troppo lunga"):
        calc.compute(TermRequest(TermKind.YEARS_AFTER, 500, reference=D(2026, 1, 1)))
    with pytest.raises(DeadlineError):
        calc.compute(TermRequest(TermKind.DAYS_AFTER, 10))


@given(st.dates(min_value=D(1986, 1, 1), max_value=D(2200, 12, 31)),
       st.sampled_from(["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]))
def test_parse_user_date_reads_every_accepted_format(day: dt.date, pattern: str) -> None:
    assert parse_user_date(f"  {day.strftime(pattern)} ") == day

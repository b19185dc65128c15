import datetime as dt

import pytest

from cliens_tk.domain.activity import Activity, ActivityKind, ActivityRuleError
from cliens_tk.domain.offices import Register


def hearing(services, when=dt.datetime(2026, 11, 25, 10), **kw):
    return services.agenda.save(Activity(kind=ActivityKind.HEARING, title="Udienza Rossi c/ Bianchi",
                                         start=when, end=when + dt.timedelta(hours=1), judge="Dott. Neri", **kw))


def test_adjourn_twice_and_walk_the_chain_both_ways(services):
    first = hearing(services)
    second = services.agenda.adjourn(first.id, dt.datetime(2027, 1, 20, 11))
    third = services.agenda.adjourn(second.id, dt.datetime(2027, 3, 3, 9, 30))
    assert [a.id for a in services.agenda.chain(second.id)] == [first.id, second.id, third.id]
    assert services.agenda.next_hearing(services.agenda.get(first.id)).id == second.id
    assert services.agenda.previous_hearing(services.agenda.get(third.id)).id == second.id
    assert services.agenda.get(third.id).judge == "Dott. Neri"
    with pytest.raises(ActivityRuleError, match="già stata rinviata"):
        services.agenda.adjourn(first.id, dt.datetime(2027, 5, 1, 9))


def test_deleting_a_middle_hearing_closes_the_chain(services):
    first = hearing(services)
    second = services.agenda.adjourn(first.id, dt.datetime(2027, 1, 20, 11))
    third = services.agenda.adjourn(second.id, dt.datetime(2027, 3, 3, 9, 30))
    services.agenda.delete(second.id)
    assert [a.id for a in services.agenda.chain(third.id)] == [first.id, third.id]


def test_polisweb_activities_cannot_be_saved_edited_or_deleted_but_duplicate(services, archive):
    from cliens_tk.store.activities import ActivityRepository

    court = ActivityRepository(archive).add(Activity(kind=ActivityKind.POLISWEB, title="Udienza PolisWeb",
                                                     start=dt.datetime(2026, 12, 2, 9),
                                                     end=dt.datetime(2026, 12, 2, 9, 30), polisweb_key="K1"))
    with pytest.raises(ActivityRuleError, match="PolisWeb"):
        services.agenda.save(Activity(kind=ActivityKind.POLISWEB, title="x", due_date=dt.date(2026, 1, 1)))
    edited = services.agenda.get(court.id)
    edited.title = "manomesso"
    with pytest.raises(ActivityRuleError, match="PolisWeb"):
        services.agenda.save(edited)
    with pytest.raises(ActivityRuleError, match="PolisWeb"):
        services.agenda.delete(court.id)
    assert services.agenda.get(court.id).title == "Udienza PolisWeb"
    copy = services.agenda.duplicate(court.id)
    assert copy.id != court.id and copy.kind is ActivityKind.HEARING and not copy.read_only


def test_done_toggle_and_case_reference(services):
    deadline = services.agenda.save(services.agenda.new_deadline(dt.date(2026, 12, 1)))
    assert services.agenda.set_done(deadline.id, True).done
    created = services.cases.create_case("CTU Verdi", "0151460094", Register.CIVIL)
    linked = services.agenda.link_case(deadline.id, created.case.id)
    assert linked.personal_case_id == created.case.id
    assert [a.id for a in services.cases.detail(created.case.id).activities] == [deadline.id]
    assert services.agenda.unlink_case(deadline.id).personal_case_id is None

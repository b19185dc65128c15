import datetime as dt

import pytest

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import CaseRowKind, CaseRuleError, RegistryRecord, RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.store.activities import ActivityRepository

MILANO, ROMA = "0151460094", "0580910098"


def downloaded(services, role="1025/2024", office=MILANO, register=Register.CIVIL, **kw):
    values = dict(office_code=office, register=register, role=RoleNumber.parse(role), plaintiff="Rossi Mario",
                  defendant="Edil Costruzioni S.r.l.", subject="Appalto: vizi dell'opera", judge="Dott.ssa Gialli")
    values.update(kw)
    return services.cases.store_record(RegistryRecord(**values))


def test_registry_data_arriving_for_a_held_role_is_linked_automatically(services):
    created = services.cases.create_case("CTU Rossi", MILANO, Register.CIVIL, RoleNumber(2024, 1025))
    record = downloaded(services)
    assert record.personal_case_id == created.case.id and not record.seen
    rows = services.cases.list_rows()
    assert len(rows) == 1 and rows[0].kind is CaseRowKind.BOTH and rows[0].subject.startswith("Appalto")


def test_creating_a_case_with_the_role_of_downloaded_data_links_it(services):
    record = downloaded(services)
    created = services.cases.create_case("CTU Rossi", MILANO, Register.CIVIL, RoleNumber(2024, 1025))
    assert created.linked_record.id == record.id
    assert services.cases.get_record(record.id).personal_case_id == created.case.id


def test_a_personal_case_for_unlinked_registry_data_proposes_matching_cases_first(services):
    record = downloaded(services)
    same = services.cases.create_case("Perizia senza ruolo", MILANO, Register.CIVIL).case
    services.cases.create_case("Altro registro", MILANO, Register.LABOUR)
    services.cases.create_case("Altro ruolo", MILANO, Register.CIVIL, RoleNumber(2023, 5))
    assert [c.id for c in services.cases.linkable_cases(record.id)] == [same.id]
    services.cases.link_record(same.id, record.id)
    assert services.cases.get_case(same.id).role == RoleNumber(2024, 1025)
    other = downloaded(services, role="77/2025")
    new_case = services.cases.create_case_for_record(other.id)
    assert new_case.title == "Rossi Mario - Edil Costruzioni S.r.l." and new_case.role == RoleNumber(2025, 77)


def test_adding_a_role_by_hand_links_matching_data_or_offers_the_unlinked_ones(services):
    case = services.cases.create_case("CTU Verdi", MILANO, Register.CIVIL).case
    downloaded(services, role="9/2022")
    candidates = services.cases.linkable_records(case.id)
    assert [str(r.role) for r in candidates] == ["9/2022"]
    record = downloaded(services, role="10/2022")
    _, linked = services.cases.set_role(case.id, RoleNumber(2022, 10))
    assert linked.id == record.id
    with pytest.raises(CaseRuleError, match="dati di cancelleria"):
        services.cases.set_role(case.id, RoleNumber(2022, 11))


def test_a_duplicate_role_is_refused_naming_the_case_that_holds_it(services):
    services.cases.create_case("CTU Rossi", MILANO, Register.CIVIL, RoleNumber(2024, 1))
    with pytest.raises(CaseRuleError, match="«CTU Rossi»"):
        services.cases.create_case("Doppione", MILANO, Register.CIVIL, RoleNumber(2024, 1))
    other = services.cases.create_case("Senza ruolo", MILANO, Register.CIVIL).case
    with pytest.raises(CaseRuleError, match="«CTU Rossi»"):
        services.cases.set_role(other.id, RoleNumber(2024, 1))
    services.cases.create_case("Altro ufficio", ROMA, Register.CIVIL, RoleNumber(2024, 1))


def test_deleting_a_case_deletes_its_personal_activities_and_frees_its_registry_data(services, archive):
    case = services.cases.create_case("CTU Rossi", MILANO, Register.CIVIL, RoleNumber(2024, 1025)).case
    record = downloaded(services)
    own = services.cases.add_activity(case.id, today=dt.date(2026, 11, 25))
    court = ActivityRepository(archive).add(Activity(kind=ActivityKind.POLISWEB, title="Udienza", polisweb_key="H1",
                                                     start=dt.datetime(2026, 12, 1, 9),
                                                     end=dt.datetime(2026, 12, 1, 10),
                                                     registry_record_id=record.id, personal_case_id=case.id))
    assert services.cases.delete_case(case.id) == 1
    assert services.agenda.activities.get(own.id) is None
    survivor = services.agenda.activities.get(court.id)
    assert survivor is not None and survivor.personal_case_id is None
    assert services.cases.get_record(record.id).personal_case_id is None
    rows = services.cases.list_rows()
    assert [r.kind for r in rows] == [CaseRowKind.REGISTRY]


def test_adding_an_activity_to_a_case_dates_it_today_and_links_it(services):
    case = services.cases.create_case("CTU Rossi", MILANO, Register.CIVIL).case
    activity = services.cases.add_activity(case.id, today=dt.date(2026, 11, 25))
    assert activity.start.date() == dt.date(2026, 11, 25) and activity.personal_case_id == case.id
    assert activity.kind is ActivityKind.PERSONAL


def test_search_finds_titles_parties_subjects_roles_offices_and_judges(services):
    services.cases.create_case("Perizia Città Studi", ROMA, Register.LABOUR)
    downloaded(services, role="1025/2024", parties=[])
    downloaded(services, role="88/2023", office=ROMA, plaintiff="Bianchi Anna", defendant="ASL Roma 1",
               subject="Responsabilità sanitaria", judge="Dott. Neri")
    def titles(text):
        return sorted(r.title for r in services.cases.list_rows(text))
    assert titles("citta") == ["Perizia Città Studi"]
    assert titles("edil") == ["Rossi Mario - Edil Costruzioni S.r.l."]
    assert titles("SANITARIA") == ["Bianchi Anna - ASL Roma 1"]
    assert titles("1025/2024") == ["Rossi Mario - Edil Costruzioni S.r.l."]
    assert titles("milano") == ["Rossi Mario - Edil Costruzioni S.r.l."]
    assert titles("neri") == ["Bianchi Anna - ASL Roma 1"]
    assert titles("100%_") == []


def test_opening_a_case_marks_it_seen_and_mark_all_seen(services):
    first = downloaded(services)
    downloaded(services, role="2/2024")
    assert services.cases.repo.counts()["unseen"] == 2
    services.cases.detail(record_id=first.id)
    assert services.cases.repo.counts()["unseen"] == 1
    assert services.cases.mark_all_seen() == 1
    assert all(r.seen for r in services.cases.list_rows())


def test_an_unchanged_download_keeps_a_case_seen(services):
    record = downloaded(services)
    services.cases.detail(record_id=record.id)
    downloaded(services)
    assert services.cases.get_record(record.id).seen
    downloaded(services, status="Definita")
    assert not services.cases.get_record(record.id).seen

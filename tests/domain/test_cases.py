import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.cases import (
    CaseRowKind,
    CaseRuleError,
    PersonalCase,
    RegistryRecord,
    RoleNumber,
    case_row,
    linkable_cases,
    linkable_records,
)
from cliens_tk.domain.offices import Register, load_bundled_offices, parse_register

MILANO = "0151460094"
ROMA = "0580910098"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1234/2024", RoleNumber(2024, 1234)),
        ("R.G. n. 1234/2024", RoleNumber(2024, 1234)),
        ("00001025/2023", RoleNumber(2023, 1025)),
        ("77-24", RoleNumber(2024, 77)),
    ],
)
def test_role_numbers_parse_the_forms_people_write(text, expected):
    assert RoleNumber.parse(text) == expected


@pytest.mark.parametrize("text", ["", "1234", "abc/2024", "0/2024", "12/1800"])
def test_bad_role_numbers_are_refused_with_a_hint(text):
    with pytest.raises(CaseRuleError, match="numero|anno"):
        RoleNumber.parse(text)


@given(st.integers(1, 99_999_999), st.integers(1900, 2999))
def test_role_number_round_trips_through_text(number, year):
    role = RoleNumber(year, number)
    assert RoleNumber.parse(str(role)) == role
    assert RoleNumber.parse(f"{number:08d}/{year}") == role


def record(**kw) -> RegistryRecord:
    values = dict(office_code=MILANO, register=Register.CIVIL, role=RoleNumber(2024, 10),
                  plaintiff="Rossi Mario", defendant="Edil S.r.l.", subject="Appalto")
    values.update(kw)
    return RegistryRecord(**values)


def test_list_row_of_an_unlinked_record_is_titled_by_its_parties():
    row = case_row(None, record(id=4))
    assert row.kind is CaseRowKind.REGISTRY and row.title == "Rossi Mario - Edil S.r.l."
    assert row.subject == "Appalto" and row.role == RoleNumber(2024, 10)


def test_list_row_of_a_linked_case_takes_title_from_user_and_data_from_registry():
    personal = PersonalCase(title="CTU Rossi", office_code=ROMA, register=Register.LABOUR, id=1)
    row = case_row(personal, record(id=4, personal_case_id=1, seen=False))
    assert row.kind is CaseRowKind.BOTH and row.title == "CTU Rossi"
    assert (row.office_code, row.register) == (MILANO, Register.CIVIL)
    assert not row.seen


def test_list_row_of_a_personal_case_alone():
    row = case_row(PersonalCase(title="Perizia", office_code=ROMA, register=Register.LABOUR, id=2), None)
    assert row.kind is CaseRowKind.PERSONAL and row.subject == "" and row.office_code == ROMA and row.seen


def test_linkable_records_are_unlinked_and_of_the_same_office_and_register():
    case = PersonalCase(title="x", office_code=MILANO, register=Register.CIVIL, id=1)
    records = [record(id=1), record(id=2, personal_case_id=5), record(id=3, office_code=ROMA),
               record(id=4, register=Register.LABOUR)]
    assert [r.id for r in linkable_records(case, records)] == [1]


def test_linkable_cases_skip_linked_and_other_roles():
    cases = [PersonalCase(title="a", office_code=MILANO, register=Register.CIVIL, id=1),
             PersonalCase(title="b", office_code=MILANO, register=Register.CIVIL, id=2),
             PersonalCase(title="c", office_code=MILANO, register=Register.CIVIL, id=3, role=RoleNumber(2020, 1)),
             PersonalCase(title="d", office_code=ROMA, register=Register.CIVIL, id=4)]
    assert [c.id for c in linkable_cases(record(), cases, linked_ids={2})] == [1]


def test_bundled_office_list_has_the_real_codes_and_marks_samples():
    offices = {o.code: o for o in load_bundled_offices()}
    assert offices[MILANO].name == "Tribunale di Milano" and not offices[MILANO].sample
    assert offices[ROMA].gl_code == "GLRM" and not offices[ROMA].sample
    assert any(o.sample for o in offices.values())
    assert all(o.code.isdigit() and 10 <= len(o.code) <= 11 for o in offices.values())


def test_register_parse_accepts_codes_and_labels():
    assert parse_register("lav") is Register.LABOUR
    assert parse_register("Volontaria giurisdizione") is Register.VOLUNTARY
    with pytest.raises(ValueError, match="Registro sconosciuto"):
        parse_register("penale")

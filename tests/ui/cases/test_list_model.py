"""The case list's in-memory search and sort, without a screen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.cases import CaseRow, CaseRowKind, RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.ui.cases.list_model import make_entries, matching, sorted_entries

NAMES = {"0151460094": "Tribunale di Milano", "0580910098": "Tribunale di Roma"}


def _row(title, role=None, office="0151460094", subject="", judge="", parties="", pid=None, rid=None):
    return CaseRow(kind=CaseRowKind.PERSONAL if rid is None else CaseRowKind.BOTH, title=title, subject=subject,
                   role=role, office_code=office, register=Register.CIVIL, seen=True, personal_case_id=pid,
                   registry_record_id=rid, judge=judge, parties=parties)


ROWS = [
    _row("Perizia Città di Sesto", RoleNumber(2024, 12), pid=1),
    _row("CTU Rossi", RoleNumber(2023, 5), office="0580910098", subject="Vizi dell'opera", pid=2, rid=9),
    _row("Stima immobile", judge="Dott. Gallo", parties="Verdi Anna", pid=3),
]


def _titles(entries):
    return [e.row.title for e in entries]


def test_search_ignores_accents_case_and_word_order():
    entries = make_entries(ROWS, NAMES)
    assert _titles(matching(entries, "CITTA")) == ["Perizia Città di Sesto"]
    assert _titles(matching(entries, "roma rossi")) == ["CTU Rossi"]
    assert _titles(matching(entries, "12/2024")) == ["Perizia Città di Sesto"]
    assert _titles(matching(entries, "gallo verdi")) == ["Stima immobile"]
    assert _titles(matching(entries, "milano")) == ["Perizia Città di Sesto", "Stima immobile"]
    assert len(matching(entries, "  ")) == 3


def test_role_sort_is_by_year_then_number_with_no_role_last():
    entries = make_entries(ROWS, NAMES)
    assert _titles(sorted_entries(entries, "role")) == ["CTU Rossi", "Perizia Città di Sesto", "Stima immobile"]
    assert _titles(sorted_entries(entries, "title", descending=True)) == [
        "Stima immobile", "Perizia Città di Sesto", "CTU Rossi"]


@given(st.lists(st.text(alphabet="abcàè ", max_size=12), max_size=8), st.text(alphabet="abcàè ", max_size=5))
def test_narrowing_the_query_never_adds_rows(titles, query):
    entries = make_entries([_row(t, pid=i) for i, t in enumerate(titles)], NAMES)
    wider = {e.iid for e in matching(entries, query)}
    narrower = {e.iid for e in matching(entries, query + "a")}
    assert narrower <= wider

"""What the case list shows and how it narrows and sorts, without any widget.

Filtering runs on the Tk thread at every keystroke, so it works on rows already in memory: each
row carries one folded search key (title, parties, subject, role, office, judge) and a query
matches when every word of it appears in the key. 10,000 rows filter in a few milliseconds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from cliens_tk.domain.cases import CaseRow, CaseRowKind
from cliens_tk.domain.offices import Register
from cliens_tk.i18n import _

COLUMNS = ("title", "subject", "role", "office", "register")


def column_headings() -> dict[str, str]:
    return {
        "title": _("Intestazione"),
        "subject": _("Oggetto"),
        "role": _("Ruolo (n/anno)"),
        "office": _("Ufficio"),
        "register": _("Registro"),
    }


def fold(text: str) -> str:
    """Lower case without accents, so «citta» finds «Città»."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def row_iid(row: CaseRow) -> str:
    """A stable tree item id: the personal case if there is one, else the registry record."""
    if row.personal_case_id is not None:
        return f"P{row.personal_case_id}"
    return f"R{row.registry_record_id}"


@dataclass(frozen=True)
class ListEntry:
    iid: str
    row: CaseRow
    values: tuple[str, str, str, str, str]  # the five columns, as shown
    key: str  # folded search text

    @property
    def kind(self) -> CaseRowKind:
        return self.row.kind

    @property
    def unseen(self) -> bool:
        return not self.row.seen


def make_entries(rows: Iterable[CaseRow], office_names: dict[str, str]) -> list[ListEntry]:
    """List entries for ``rows``; pure Python, so it can run on the worker thread."""
    labels = {register: register.label for register in Register}
    entries = []
    for row in rows:
        office = office_names.get(row.office_code, row.office_code)
        role = str(row.role) if row.role else ""
        key = fold(" ".join((row.title, row.parties, row.subject, role, office, row.office_code, row.judge)))
        entries.append(ListEntry(row_iid(row), row, (row.title, row.subject, role, office, labels[row.register]),
                                 key))
    return entries


def query_words(query: str) -> list[str]:
    return fold(query).split()


def matching(entries: Iterable[ListEntry], query: str) -> list[ListEntry]:
    words = query_words(query)
    if not words:
        return list(entries)
    return [e for e in entries if all(w in e.key for w in words)]


def _sort_key(column: str) -> Callable[[ListEntry], object]:
    if column == "role":
        # rows without a role go last when ascending
        return lambda e: (e.row.role is None, e.row.role.year if e.row.role else 0,
                          e.row.role.number if e.row.role else 0)
    index = COLUMNS.index(column)
    return lambda e: (e.values[index].casefold(), e.iid)


def sorted_entries(entries: Iterable[ListEntry], column: str, descending: bool = False) -> list[ListEntry]:
    return sorted(entries, key=_sort_key(column), reverse=descending)

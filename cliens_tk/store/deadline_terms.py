"""Reading and writing the stored parameters of computed deadlines (table ``deadline_term``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from cliens_tk.store.archive import Archive
from cliens_tk.store.codec import date_in, date_out


@dataclass
class StoredTerm:
    """How one deadline activity was computed.

    ``parameters`` is plain JSON data written and read by ``services.deadline_calc``;
    ``reference_date`` is the start (or reference) date the deadline was computed from.
    """

    activity_id: int
    parameters: dict
    reference_date: dt.date
    reference_activity_id: int | None = None
    chain_id: str | None = None
    chain_position: int | None = None
    computed_at: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))


def _to_row(term: StoredTerm) -> dict:
    return {
        "activity_id": term.activity_id,
        "parameters": json.dumps(term.parameters, ensure_ascii=False, sort_keys=True),
        "reference_date": date_out(term.reference_date),
        "reference_activity_id": term.reference_activity_id,
        "chain_id": term.chain_id,
        "chain_position": term.chain_position,
        "computed_at": term.computed_at,
    }


def _from_row(row: dict) -> StoredTerm:
    return StoredTerm(
        activity_id=row["activity_id"],
        parameters=json.loads(row["parameters"]),
        reference_date=date_in(row["reference_date"]),
        reference_activity_id=row["reference_activity_id"],
        chain_id=row["chain_id"],
        chain_position=row["chain_position"],
        computed_at=row["computed_at"],
    )


_COLUMNS = ("activity_id", "parameters", "reference_date", "reference_activity_id", "chain_id",
            "chain_position", "computed_at")


class DeadlineTermRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    def save(self, term: StoredTerm) -> StoredTerm:
        """Insert or replace the row of ``term.activity_id``."""
        columns = ", ".join(_COLUMNS)
        params = ", ".join(f":{c}" for c in _COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "activity_id")
        self.archive.execute(
            f"INSERT INTO deadline_term ({columns}) VALUES ({params})"
            f" ON CONFLICT (activity_id) DO UPDATE SET {updates}",
            **_to_row(term),
        )
        return term

    def get(self, activity_id: int) -> StoredTerm | None:
        rows = self.archive.read("SELECT * FROM deadline_term WHERE activity_id = :id", id=activity_id)
        return _from_row(rows[0]) if rows else None

    def chain(self, chain_id: str) -> list[StoredTerm]:
        rows = self.archive.read(
            "SELECT * FROM deadline_term WHERE chain_id = :chain ORDER BY chain_position", chain=chain_id
        )
        return [_from_row(r) for r in rows]

    def with_moved_reference(self) -> list[StoredTerm]:
        """Terms whose reference activity's date differs from the date they were computed from.

        The reference activity's date is its start day, or its due date when it is not in the
        calendar (the same rule as ``services.deadline_calc.reference_date_of``).
        """
        rows = self.archive.read(
            "SELECT t.* FROM deadline_term AS t JOIN activity AS a ON a.id = t.reference_activity_id"
            " WHERE COALESCE(substr(a.start_at, 1, 10), a.due_date, a.show_from) IS NOT NULL"
            " AND COALESCE(substr(a.start_at, 1, 10), a.due_date, a.show_from) != t.reference_date"
            " ORDER BY t.chain_id, t.chain_position, t.activity_id"
        )
        return [_from_row(r) for r in rows]

    def delete(self, activity_id: int) -> None:
        self.archive.execute("DELETE FROM deadline_term WHERE activity_id = :id", id=activity_id)

    def count(self) -> int:
        return int(self.archive.read("SELECT COUNT(*) AS n FROM deadline_term")[0]["n"])

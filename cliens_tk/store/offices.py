"""The stored office list (elenchi ministeriali) and its search."""

from __future__ import annotations

import json

from cliens_tk.domain.offices import Office, OfficeListChange, Register, diff_office_lists
from cliens_tk.store.archive import Archive
from cliens_tk.store.codec import fold, like_pattern


def _to_row(office: Office) -> dict:
    return {
        "code": office.code,
        "name": office.name,
        "kind": office.kind,
        "city": office.city,
        "province": office.province,
        "district": office.district,
        "gl_code": office.gl_code,
        "pec": office.pec,
        "services": json.dumps(list(office.services)),
        "registers": json.dumps([r.value for r in office.registers]),
        "sample": int(office.sample),
        "search_text": fold(f"{office.name} {office.city} {office.province} {office.code}"),
    }


def _from_row(row: dict) -> Office:
    return Office(
        code=row["code"],
        name=row["name"],
        kind=row["kind"],
        city=row["city"],
        province=row["province"],
        district=row["district"],
        gl_code=row["gl_code"],
        pec=row["pec"],
        services=tuple(json.loads(row["services"])),
        registers=tuple(Register(r) for r in json.loads(row["registers"])),
        sample=bool(row["sample"]),
    )


class OfficeRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    def count(self) -> int:
        return int(self.archive.read("SELECT COUNT(*) AS n FROM office")[0]["n"])

    def all(self) -> list[Office]:
        return [_from_row(r) for r in self.archive.read("SELECT * FROM office ORDER BY name")]

    def get(self, code: str) -> Office | None:
        rows = self.archive.read("SELECT * FROM office WHERE code = :code", code=code)
        return _from_row(rows[0]) if rows else None

    def names(self) -> dict[str, str]:
        return {r["code"]: r["name"] for r in self.archive.read("SELECT code, name FROM office")}

    def search(self, text: str, limit: int = 200) -> list[Office]:
        """Offices whose name, city, province or code contains every word of ``text``."""
        words = fold(text).split()
        clauses = " AND ".join(f"search_text LIKE :w{i} ESCAPE '\\'" for i in range(len(words))) or "1"
        params = {f"w{i}": like_pattern(w) for i, w in enumerate(words)}
        rows = self.archive.read(
            f"SELECT * FROM office WHERE {clauses} ORDER BY name LIMIT :limit", limit=limit, **params
        )
        return [_from_row(r) for r in rows]

    def replace_all(self, offices: list[Office]) -> OfficeListChange:
        """Replace the whole list in one transaction; on any error the old list stays."""
        with self.archive.transaction():
            change = diff_office_lists(self.all(), offices)
            self.archive.execute("DELETE FROM office")
            if offices:
                self.archive.db["office"].insert_many([_to_row(o) for o in offices])
        return change

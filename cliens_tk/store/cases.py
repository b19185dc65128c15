"""Reading and writing personal cases and registry records, and the case list."""

from __future__ import annotations

import json

from cliens_tk.domain.cases import (
    CaseKey,
    CaseRow,
    CaseRowKind,
    HistoryEvent,
    Party,
    PersonalCase,
    RegistryRecord,
    RoleNumber,
)
from cliens_tk.domain.offices import Register
from cliens_tk.store.archive import Archive
from cliens_tk.store.codec import date_in, date_out, datetime_in, datetime_out, fold, like_pattern


def _role_in(row: dict, prefix: str = "") -> RoleNumber | None:
    year, number = row[f"{prefix}role_year"], row[f"{prefix}role_number"]
    return RoleNumber(year=year, number=number) if number is not None else None


def case_from_row(row: dict) -> PersonalCase:
    return PersonalCase(
        id=row["id"],
        title=row["title"],
        office_code=row["office_code"],
        register=Register(row["register"]),
        role=_role_in(row),
        notes=row["notes"],
        created_on=date_in(row["created_on"]),
    )


def _case_search_text(case: PersonalCase) -> str:
    return fold(f"{case.title} {case.role or ''}")


def _record_search_text(record: RegistryRecord) -> str:
    parts = [record.plaintiff, record.defendant, record.subject, record.judge, str(record.role)]
    parts += [p.name for p in record.parties]
    return fold(" ".join(parts))


def record_to_row(record: RegistryRecord) -> dict:
    return {
        "office_code": record.office_code,
        "register": record.register.value,
        "role_year": record.role.year,
        "role_number": record.role.number,
        "plaintiff": record.plaintiff,
        "defendant": record.defendant,
        "parties": json.dumps([p.__dict__ for p in record.parties], ensure_ascii=False),
        "judge": record.judge,
        "section": record.section,
        "subject": record.subject,
        "rite": record.rite,
        "status": record.status,
        "registered_on": date_out(record.registered_on),
        "last_hearing": datetime_out(record.last_hearing),
        "next_hearing": datetime_out(record.next_hearing),
        "modified_at": datetime_out(record.modified_at),
        "history": json.dumps(
            [
                {"when": datetime_out(e.when), "description": e.description, "registered_on": datetime_out(e.registered_on)}
                for e in record.history
            ],
            ensure_ascii=False,
        ),
        "remote_id": record.remote_id,
        "personal_case_id": record.personal_case_id,
        "seen": int(record.seen),
        "search_text": _record_search_text(record),
    }


def record_from_row(row: dict) -> RegistryRecord:
    return RegistryRecord(
        id=row["id"],
        office_code=row["office_code"],
        register=Register(row["register"]),
        role=_role_in(row),
        plaintiff=row["plaintiff"],
        defendant=row["defendant"],
        parties=[Party(**p) for p in json.loads(row["parties"])],
        judge=row["judge"],
        section=row["section"],
        subject=row["subject"],
        rite=row["rite"],
        status=row["status"],
        registered_on=date_in(row["registered_on"]),
        last_hearing=datetime_in(row["last_hearing"]),
        next_hearing=datetime_in(row["next_hearing"]),
        modified_at=datetime_in(row["modified_at"]),
        history=[
            HistoryEvent(datetime_in(e["when"]), e["description"], datetime_in(e.get("registered_on")))
            for e in json.loads(row["history"])
        ],
        remote_id=row["remote_id"],
        personal_case_id=row["personal_case_id"],
        seen=bool(row["seen"]),
    )


_RECORD_COLUMNS = list(record_to_row(RegistryRecord("0", Register.CIVIL, RoleNumber(2000, 1))).keys())

# One query gives the whole case list: personal cases (with their record, if linked) and the
# registry records that no personal case holds.
_LIST_SQL = """
SELECT 'P' AS src, p.id AS pid, p.title, p.office_code AS p_office, p.register AS p_register,
       p.role_year AS p_role_year, p.role_number AS p_role_number,
       r.id AS rid, r.office_code AS r_office, r.register AS r_register, r.role_year AS r_role_year,
       r.role_number AS r_role_number, r.plaintiff, r.defendant, r.subject, r.judge, r.seen,
       r.search_text AS r_search
  FROM personal_case p LEFT JOIN registry_record r ON r.personal_case_id = p.id
 WHERE {personal_filter}
UNION ALL
SELECT 'R', NULL, NULL, NULL, NULL, NULL, NULL,
       r.id, r.office_code, r.register, r.role_year, r.role_number, r.plaintiff, r.defendant,
       r.subject, r.judge, r.seen, r.search_text
  FROM registry_record r
 WHERE r.personal_case_id IS NULL AND {record_filter}
"""

_PERSONAL_MATCH = (
    "(p.search_text LIKE :pattern ESCAPE '\\' OR r.search_text LIKE :pattern ESCAPE '\\'"
    " OR p.office_code IN (SELECT code FROM office WHERE search_text LIKE :pattern ESCAPE '\\'))"
)
_RECORD_MATCH = (
    "(r.search_text LIKE :pattern ESCAPE '\\'"
    " OR r.office_code IN (SELECT code FROM office WHERE search_text LIKE :pattern ESCAPE '\\'))"
)


def _list_row(row: dict) -> CaseRow:
    has_personal = row["pid"] is not None
    has_record = row["rid"] is not None
    kind = CaseRowKind.BOTH if has_personal and has_record else (
        CaseRowKind.PERSONAL if has_personal else CaseRowKind.REGISTRY
    )
    prefix = "r_" if has_record else "p_"
    if has_personal:
        title = row["title"]
    else:
        title = " - ".join(n for n in (row["plaintiff"], row["defendant"]) if n) or "—"
    return CaseRow(
        kind=kind,
        title=title,
        subject=row["subject"] or "",
        role=_role_in(row, prefix),
        office_code=row[f"{prefix}office"],
        register=Register(row[f"{prefix}register"]),
        seen=bool(row["seen"]) if has_record else True,
        personal_case_id=row["pid"],
        registry_record_id=row["rid"],
        judge=row["judge"] or "",
        parties=row["r_search"] or "",  # folded text of the record's parties, subject, judge, role
    )


class CaseRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    # -- personal cases ----------------------------------------------------------------------
    def add_case(self, case: PersonalCase) -> PersonalCase:
        case.id = self.archive.insert(
            "INSERT INTO personal_case (title, office_code, register, role_year, role_number, notes, created_on,"
            " search_text) VALUES (:title, :office, :register, :year, :number, :notes, :created, :search)",
            search=_case_search_text(case),
            title=case.title,
            office=case.office_code,
            register=case.register.value,
            year=case.role.year if case.role else None,
            number=case.role.number if case.role else None,
            notes=case.notes,
            created=date_out(case.created_on),
        )
        return case

    def update_case(self, case: PersonalCase) -> None:
        self.archive.execute(
            "UPDATE personal_case SET title = :title, office_code = :office, register = :register,"
            " role_year = :year, role_number = :number, notes = :notes, search_text = :search WHERE id = :id",
            id=case.id,
            search=_case_search_text(case),
            title=case.title,
            office=case.office_code,
            register=case.register.value,
            year=case.role.year if case.role else None,
            number=case.role.number if case.role else None,
            notes=case.notes,
        )

    def delete_case(self, case_id: int) -> None:
        self.archive.execute("DELETE FROM personal_case WHERE id = :id", id=case_id)

    def get_case(self, case_id: int) -> PersonalCase | None:
        rows = self.archive.read("SELECT * FROM personal_case WHERE id = :id", id=case_id)
        return case_from_row(rows[0]) if rows else None

    def _by_key(self, table: str, key: CaseKey) -> dict | None:
        rows = self.archive.read(
            f"SELECT * FROM {table} WHERE office_code = :office AND register = :register"
            " AND role_year = :year AND role_number = :number",
            office=key.office_code, register=key.register.value, year=key.role.year, number=key.role.number,
        )
        return rows[0] if rows else None

    def case_by_key(self, key: CaseKey) -> PersonalCase | None:
        row = self._by_key("personal_case", key)
        return case_from_row(row) if row else None

    def cases(self) -> list[PersonalCase]:
        return [case_from_row(r) for r in self.archive.read("SELECT * FROM personal_case ORDER BY id")]

    def unlinked_cases(self, office_code: str, register: Register) -> list[PersonalCase]:
        rows = self.archive.read(
            "SELECT p.* FROM personal_case p WHERE p.office_code = :office AND p.register = :register"
            " AND NOT EXISTS (SELECT 1 FROM registry_record r WHERE r.personal_case_id = p.id)"
            " ORDER BY p.title",
            office=office_code, register=register.value,
        )
        return [case_from_row(r) for r in rows]

    # -- registry records ---------------------------------------------------------------------
    def add_record(self, record: RegistryRecord) -> RegistryRecord:
        row = record_to_row(record)
        names = ", ".join(row)
        params = ", ".join(f":{k}" for k in row)
        record.id = self.archive.insert(f"INSERT INTO registry_record ({names}) VALUES ({params})", **row)
        return record

    def update_record(self, record: RegistryRecord) -> None:
        row = record_to_row(record)
        sets = ", ".join(f"{k} = :{k}" for k in row)
        self.archive.execute(f"UPDATE registry_record SET {sets} WHERE id = :id", id=record.id, **row)

    def get_record(self, record_id: int) -> RegistryRecord | None:
        rows = self.archive.read("SELECT * FROM registry_record WHERE id = :id", id=record_id)
        return record_from_row(rows[0]) if rows else None

    def record_by_key(self, key: CaseKey) -> RegistryRecord | None:
        row = self._by_key("registry_record", key)
        return record_from_row(row) if row else None

    def record_of_case(self, case_id: int) -> RegistryRecord | None:
        rows = self.archive.read("SELECT * FROM registry_record WHERE personal_case_id = :id", id=case_id)
        return record_from_row(rows[0]) if rows else None

    def records(self) -> list[RegistryRecord]:
        return [record_from_row(r) for r in self.archive.read("SELECT * FROM registry_record ORDER BY id")]

    def unlinked_records(self, office_code: str, register: Register) -> list[RegistryRecord]:
        rows = self.archive.read(
            "SELECT * FROM registry_record WHERE personal_case_id IS NULL AND office_code = :office"
            " AND register = :register ORDER BY role_year DESC, role_number DESC",
            office=office_code, register=register.value,
        )
        return [record_from_row(r) for r in rows]

    def link(self, record_id: int, case_id: int | None) -> None:
        self.archive.execute(
            "UPDATE registry_record SET personal_case_id = :case WHERE id = :id", id=record_id, case=case_id
        )

    def mark_seen(self, record_id: int) -> None:
        self.archive.execute("UPDATE registry_record SET seen = 1 WHERE id = :id AND seen = 0", id=record_id)

    def mark_all_seen(self) -> int:
        with self.archive.transaction():
            count = self.archive.read("SELECT COUNT(*) AS n FROM registry_record WHERE seen = 0")[0]["n"]
            self.archive.execute("UPDATE registry_record SET seen = 1 WHERE seen = 0")
        return int(count)

    # -- the case list -------------------------------------------------------------------------
    def list_rows(self, search: str = "") -> list[CaseRow]:
        """The case list, optionally narrowed to rows matching ``search`` anywhere."""
        if search.strip():
            sql = _LIST_SQL.format(personal_filter=_PERSONAL_MATCH, record_filter=_RECORD_MATCH)
            rows = self.archive.read(sql, pattern=like_pattern(search.strip()))
        else:
            rows = self.archive.read(_LIST_SQL.format(personal_filter="1", record_filter="1"))
        return [_list_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        row = self.archive.read(
            "SELECT (SELECT COUNT(*) FROM personal_case) AS personal,"
            " (SELECT COUNT(*) FROM registry_record) AS registry,"
            " (SELECT COUNT(*) FROM registry_record WHERE seen = 0) AS unseen"
        )[0]
        return {k: int(v) for k, v in row.items()}

"""The calendar export's state: the account (never its password), what is on the server, the outbox.

The outbox is filled by the triggers of migration 3 (one row per activity UID, latest operation
wins). A row leaves the outbox only when the server has accepted that very change: if the activity
changed again while its PUT was on the way, the newer change stays queued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from cliens_tk.domain.activity import Activity
from cliens_tk.store.activities import from_row
from cliens_tk.store.archive import Archive


@dataclass
class ExportAccount:
    enabled: bool = False
    server_kind: str = ""  # see services.export_setup.ServerKind
    url: str = ""
    username: str = ""
    calendar_url: str = ""
    calendar_name: str = ""
    last_export_at: dt.datetime | None = None
    last_error: str = ""
    last_error_at: dt.datetime | None = None
    failures: int = 0  # consecutive failed attempts (for the back-off)
    retry_at: dt.datetime | None = None

    @property
    def configured(self) -> bool:
        return bool(self.url and self.calendar_url)


@dataclass(frozen=True)
class OutboxEntry:
    uid: str
    operation: str  # PUT or DELETE
    changed_at: str


@dataclass(frozen=True)
class ExportedItem:
    uid: str
    href: str
    etag: str
    content_hash: str


_TIMES = ("last_export_at", "last_error_at", "retry_at")


def _time_out(value: dt.datetime | None) -> str | None:
    return value.isoformat(sep=" ", timespec="seconds") if value else None


def _time_in(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


# A case reference per activity: the personal case (title and role number) or the registry record.
_ACTIVITY_WITH_CASE = """
    SELECT a.*,
           pc.title AS pc_title, pc.role_number AS pc_number, pc.role_year AS pc_year,
           COALESCE(rr.role_number, rr2.role_number) AS rr_number,
           COALESCE(rr.role_year, rr2.role_year) AS rr_year,
           COALESCE(rr.plaintiff, '') AS rr_plaintiff, COALESCE(rr.defendant, '') AS rr_defendant,
           COALESCE(o1.name, o2.name, o3.name, '') AS office_name
    FROM activity a
    LEFT JOIN personal_case pc ON pc.id = a.personal_case_id
    LEFT JOIN registry_record rr ON rr.id = a.registry_record_id
    LEFT JOIN registry_record rr2 ON rr.id IS NULL AND rr2.personal_case_id = pc.id
    LEFT JOIN office o1 ON o1.code = pc.office_code
    LEFT JOIN office o2 ON o2.code = rr.office_code
    LEFT JOIN office o3 ON o3.code = rr2.office_code
"""


def case_reference(row: dict) -> str:
    """"Title - R.G. 1234/2024 - Tribunale di Milano" from a row of ``_ACTIVITY_WITH_CASE``."""
    parts = []
    if row.get("pc_title"):
        parts.append(row["pc_title"])
    elif row.get("rr_plaintiff") or row.get("rr_defendant"):
        parts.append(" - ".join(p for p in (row["rr_plaintiff"], row["rr_defendant"]) if p))
    number = row.get("pc_number") or row.get("rr_number")
    year = row.get("pc_year") or row.get("rr_year")
    if number:
        parts.append(f"R.G. {number}/{year}")
    if parts and row.get("office_name"):
        parts.append(row["office_name"])
    return " - ".join(parts)


class ExportRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    # -- account -----------------------------------------------------------------------------
    def account(self) -> ExportAccount:
        row = self.archive.read("SELECT * FROM export_account WHERE id = 1")[0]
        values = {f.name: row[f.name] for f in fields(ExportAccount)}
        values["enabled"] = bool(values["enabled"])
        for name in _TIMES:
            values[name] = _time_in(values[name])
        return ExportAccount(**values)

    def update_account(self, **changes) -> None:
        allowed = {f.name for f in fields(ExportAccount)}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"unknown account fields {unknown}")
        params = {k: (_time_out(v) if k in _TIMES else int(v) if isinstance(v, bool) else v)
                  for k, v in changes.items()}
        assignments = ", ".join(f"{k} = :{k}" for k in params)
        self.archive.execute(f"UPDATE export_account SET {assignments} WHERE id = 1", **params)

    def enable(self) -> int:
        """Switch the export on and queue what differs from the server: every exportable
        activity (unchanged ones are skipped by their hash) and every exported event whose
        activity is gone. Returns the number of queued changes."""
        now = dt.datetime.now().isoformat(sep=" ", timespec="milliseconds")
        with self.archive.transaction():
            self.archive.execute("UPDATE export_account SET enabled = 1, failures = 0, retry_at = NULL WHERE id = 1")
            self.archive.execute(
                "INSERT INTO export_outbox (uid, operation, changed_at)"
                " SELECT uid, 'PUT', :now FROM activity WHERE true"
                " ON CONFLICT (uid) DO UPDATE SET operation = 'PUT', changed_at = excluded.changed_at",
                now=now,
            )
            self.archive.execute(
                "INSERT INTO export_outbox (uid, operation, changed_at)"
                " SELECT uid, 'DELETE', :now FROM export_item WHERE uid NOT IN (SELECT uid FROM activity)"
                " ON CONFLICT (uid) DO UPDATE SET operation = 'DELETE', changed_at = excluded.changed_at",
                now=now,
            )
        return self.pending_count()

    def disable(self) -> None:
        with self.archive.transaction():
            self.archive.execute("UPDATE export_account SET enabled = 0, retry_at = NULL WHERE id = 1")
            self.archive.execute("DELETE FROM export_outbox")

    def forget_exported(self) -> None:
        """After the calendar changed or its events were removed: nothing is on the server."""
        self.archive.execute("DELETE FROM export_item")

    def forget_hashes(self) -> None:
        """Make every exported event look changed, so the next sync sends them all again."""
        self.archive.execute("UPDATE export_item SET content_hash = ''")

    # -- outbox ------------------------------------------------------------------------------
    def pending(self, limit: int = 100) -> list[OutboxEntry]:
        rows = self.archive.read(
            "SELECT uid, operation, changed_at FROM export_outbox ORDER BY changed_at, uid LIMIT :limit", limit=limit
        )
        return [OutboxEntry(**r) for r in rows]

    def pending_count(self) -> int:
        return int(self.archive.read("SELECT COUNT(*) AS n FROM export_outbox")[0]["n"])

    def activities_with_case(self, uids: list[str]) -> dict[str, tuple[Activity, str]]:
        if not uids:
            return {}
        names = {f"u{i}": uid for i, uid in enumerate(uids)}
        placeholders = ", ".join(f":{k}" for k in names)
        rows = self.archive.read(f"{_ACTIVITY_WITH_CASE} WHERE a.uid IN ({placeholders})", **names)
        return {r["uid"]: (from_row(r), case_reference(r)) for r in rows}

    def activities_in(self, first: dt.date | None = None, last: dt.date | None = None) -> list[tuple[Activity, str]]:
        """Activities with a day in [first, last] (by start or due date), for an .ics file."""
        clauses, params = [], {}
        if first:
            clauses.append("COALESCE(date(a.end_at, '-1 second'), a.due_date) >= :first")
            params["first"] = first.isoformat()
        if last:
            clauses.append("COALESCE(date(a.start_at), a.due_date) <= :last")
            params["last"] = last.isoformat()
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.archive.read(f"{_ACTIVITY_WITH_CASE}{where} ORDER BY COALESCE(a.start_at, a.due_date), a.id",
                                 **params)
        return [(from_row(r), case_reference(r)) for r in rows]

    def done(self, entry: OutboxEntry) -> None:
        """Drop the entry unless the activity changed again in the meantime."""
        self.archive.execute(
            "DELETE FROM export_outbox WHERE uid = :uid AND operation = :operation AND changed_at = :changed_at",
            uid=entry.uid, operation=entry.operation, changed_at=entry.changed_at,
        )

    # -- exported items --------------------------------------------------------------------
    def items(self, uids: list[str] | None = None) -> dict[str, ExportedItem]:
        if uids is None:
            rows = self.archive.read("SELECT uid, href, etag, content_hash FROM export_item")
        elif not uids:
            return {}
        else:
            names = {f"u{i}": uid for i, uid in enumerate(uids)}
            placeholders = ", ".join(f":{k}" for k in names)
            rows = self.archive.read(
                f"SELECT uid, href, etag, content_hash FROM export_item WHERE uid IN ({placeholders})", **names)
        return {r["uid"]: ExportedItem(**r) for r in rows}

    def item_count(self) -> int:
        return int(self.archive.read("SELECT COUNT(*) AS n FROM export_item")[0]["n"])

    def record_put(self, entry: OutboxEntry, href: str, etag: str, content_hash: str) -> None:
        with self.archive.transaction():
            self.archive.execute(
                "INSERT INTO export_item (uid, href, etag, content_hash, exported_at)"
                " VALUES (:uid, :href, :etag, :hash, :now)"
                " ON CONFLICT (uid) DO UPDATE SET href = excluded.href, etag = excluded.etag,"
                " content_hash = excluded.content_hash, exported_at = excluded.exported_at",
                uid=entry.uid, href=href, etag=etag, hash=content_hash,
                now=dt.datetime.now().isoformat(sep=" ", timespec="seconds"),
            )
            self.done(entry)

    def record_removed(self, entry: OutboxEntry) -> None:
        with self.archive.transaction():
            self.archive.execute("DELETE FROM export_item WHERE uid = :uid", uid=entry.uid)
            self.done(entry)

    def remove_item(self, uid: str) -> None:
        self.archive.execute("DELETE FROM export_item WHERE uid = :uid", uid=uid)

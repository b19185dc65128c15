"""The PEC part of the archive: boxes, folder sync state, message rows and raw message files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cliens_tk.pec.account import PecAccount
from cliens_tk.store.archive import Archive, ensure_private_dir

PEC_DIR = "pec"

_ACCOUNT_FIELDS = ("address", "display_name", "username", "imap_host", "imap_port", "imap_security",
                   "smtp_host", "smtp_port", "smtp_security", "size_limit_mb", "provider")

_MESSAGE_FIELDS = ("account_id", "folder", "uid", "uidvalidity", "direction", "kind", "receipt_type",
                   "message_id", "ref_message_id", "parent_id", "sender", "recipients", "subject", "sent_at",
                   "event_at", "delivered_to", "reason", "signature", "state", "tracking", "file", "size",
                   "attachments", "seen", "personal_case_id", "registry_record_id", "search_text", "created_at")

LIST_COLUMNS = ("id, account_id, folder, direction, kind, receipt_type, message_id, sender, recipients, subject, "
                "sent_at, signature, state, size, attachments, seen, personal_case_id, registry_record_id, "
                "(SELECT COUNT(*) FROM pec_message r WHERE r.parent_id = m.id) AS receipts")


@dataclass
class FolderState:
    name: str
    special: str = ""
    uidvalidity: int = 0
    last_uid: int = 0


def _account_from_row(row: dict) -> PecAccount:
    return PecAccount(id=row["id"], **{k: row[k] for k in _ACCOUNT_FIELDS})


def search_key(text: str) -> str:
    return " ".join((text or "").lower().split())


class PecRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    # -- files -------------------------------------------------------------------------------
    @property
    def files_dir(self) -> Path:
        return self.archive.data_dir / PEC_DIR

    def write_raw(self, account_id: int, raw: bytes) -> str:
        """Store a raw message (mode 0600) named by its hash; returns the path relative to the data dir."""
        digest = hashlib.sha256(raw).hexdigest()
        folder = ensure_private_dir(self.files_dir / str(account_id) / digest[:2])
        target = folder / f"{digest}.eml"
        if not target.exists():
            tmp = target.with_suffix(".part")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(raw)
            os.replace(tmp, target)
        return str(target.relative_to(self.archive.data_dir))

    def read_raw(self, relative: str) -> bytes:
        return (self.archive.data_dir / relative).read_bytes()

    # -- accounts ----------------------------------------------------------------------------
    def accounts(self) -> list[PecAccount]:
        return [_account_from_row(r) for r in self.archive.read("SELECT * FROM pec_account ORDER BY address")]

    def account(self, account_id: int) -> PecAccount | None:
        rows = self.archive.read("SELECT * FROM pec_account WHERE id = :id", id=account_id)
        return _account_from_row(rows[0]) if rows else None

    def account_by_address(self, address: str) -> PecAccount | None:
        rows = self.archive.read("SELECT * FROM pec_account WHERE address = :a", a=address.lower())
        return _account_from_row(rows[0]) if rows else None

    def save_account(self, account: PecAccount) -> PecAccount:
        values = {k: getattr(account, k) for k in _ACCOUNT_FIELDS}
        if account.id is None:
            account.id = self.archive.insert(
                f"INSERT INTO pec_account ({', '.join(_ACCOUNT_FIELDS)}, created_on) VALUES "
                f"({', '.join(':' + k for k in _ACCOUNT_FIELDS)}, :created_on)",
                created_on=dt.date.today().isoformat(), **values)
        else:
            self.archive.execute(
                f"UPDATE pec_account SET {', '.join(f'{k} = :{k}' for k in _ACCOUNT_FIELDS)} WHERE id = :id",
                id=account.id, **values)
        return account

    def delete_account(self, account_id: int) -> None:
        self.archive.execute("DELETE FROM pec_account WHERE id = :id", id=account_id)

    # -- folders -----------------------------------------------------------------------------
    def folders(self, account_id: int) -> list[FolderState]:
        rows = self.archive.read(
            "SELECT name, special, uidvalidity, last_uid FROM pec_folder WHERE account_id = :a "
            "ORDER BY special != 'inbox', name", a=account_id)
        return [FolderState(**r) for r in rows]

    def folder(self, account_id: int, name: str) -> FolderState | None:
        rows = self.archive.read("SELECT name, special, uidvalidity, last_uid FROM pec_folder "
                                 "WHERE account_id = :a AND name = :n", a=account_id, n=name)
        return FolderState(**rows[0]) if rows else None

    def save_folder(self, account_id: int, state: FolderState) -> None:
        self.archive.execute(
            "INSERT INTO pec_folder (account_id, name, special, uidvalidity, last_uid) VALUES (:a, :n, :s, :v, :u) "
            "ON CONFLICT (account_id, name) DO UPDATE SET special = :s, uidvalidity = :v, last_uid = :u",
            a=account_id, n=state.name, s=state.special, v=state.uidvalidity, u=state.last_uid)

    def forget_folder_messages(self, account_id: int, name: str) -> None:
        """UIDVALIDITY changed: the server renumbered the folder, so its rows are fetched again."""
        self.archive.execute("DELETE FROM pec_message WHERE account_id = :a AND folder = :f AND uid IS NOT NULL "
                             "AND direction = 'in'", a=account_id, f=name)

    # -- messages ----------------------------------------------------------------------------
    def insert_message(self, **row) -> int:
        values = {k: row.get(k) for k in _MESSAGE_FIELDS}
        values["recipients"] = json.dumps(row.get("recipients") or [])
        if isinstance(values.get("tracking"), (dict, list)):
            values["tracking"] = json.dumps(values["tracking"])
        values["created_at"] = values["created_at"] or dt.datetime.now().isoformat(timespec="seconds")
        for key, default in (("folder", ""), ("message_id", ""), ("ref_message_id", ""), ("sender", ""),
                             ("subject", ""), ("delivered_to", ""), ("reason", ""), ("signature", "unsigned"),
                             ("size", 0), ("attachments", 0), ("seen", 0), ("search_text", "")):
            if values[key] is None:
                values[key] = default
        return self.archive.insert(
            f"INSERT INTO pec_message ({', '.join(_MESSAGE_FIELDS)}) VALUES ({', '.join(':' + k for k in _MESSAGE_FIELDS)})",
            **values)

    def message(self, message_id: int) -> dict | None:
        rows = self.archive.read("SELECT * FROM pec_message WHERE id = :id", id=message_id)
        return _decoded(rows[0]) if rows else None

    def known_uids(self, account_id: int, folder: str, uidvalidity: int) -> set[int]:
        rows = self.archive.read("SELECT uid FROM pec_message WHERE account_id = :a AND folder = :f AND "
                                 "uidvalidity = :v AND uid IS NOT NULL", a=account_id, f=folder, v=uidvalidity)
        return {r["uid"] for r in rows}

    def sent_by_message_id(self, account_id: int, message_id: str) -> dict | None:
        if not message_id:
            return None
        rows = self.archive.read("SELECT * FROM pec_message WHERE account_id = :a AND message_id = :m AND "
                                 "kind = 'sent' ORDER BY id LIMIT 1", a=account_id, m=message_id)
        return _decoded(rows[0]) if rows else None

    def orphan_receipts(self, account_id: int, message_id: str) -> list[int]:
        rows = self.archive.read("SELECT id FROM pec_message WHERE account_id = :a AND kind = 'receipt' AND "
                                 "ref_message_id = :m AND parent_id IS NULL", a=account_id, m=message_id)
        return [r["id"] for r in rows]

    def set_parent(self, ids: list[int], parent_id: int) -> None:
        with self.archive.transaction():
            for receipt_id in ids:
                self.archive.execute("UPDATE pec_message SET parent_id = :p WHERE id = :id", p=parent_id, id=receipt_id)

    def receipts(self, parent_id: int) -> list[dict]:
        rows = self.archive.read("SELECT * FROM pec_message WHERE parent_id = :p ORDER BY COALESCE(event_at, sent_at), id",
                                 p=parent_id)
        return [_decoded(r) for r in rows]

    def set_tracking(self, message_id: int, state: str, tracking: dict) -> None:
        self.archive.execute("UPDATE pec_message SET state = :s, tracking = :t WHERE id = :id",
                             s=state, t=json.dumps(tracking), id=message_id)

    def mark_seen(self, message_id: int, seen: bool = True) -> None:
        self.archive.execute("UPDATE pec_message SET seen = :s WHERE id = :id", s=int(seen), id=message_id)

    def link_case(self, message_id: int, case_id: int | None, record_id: int | None) -> None:
        self.archive.execute("UPDATE pec_message SET personal_case_id = :c, registry_record_id = :r WHERE id = :id",
                             c=case_id, r=record_id, id=message_id)

    def list_messages(self, account_id: int, folder: str | None = None, direction: str | None = None,
                      search: str = "", case_id: int | None = None, record_id: int | None = None,
                      limit: int = 2000) -> list[dict]:
        """Top-level messages (receipts are under their message), newest first."""
        where = ["m.account_id = :a", "m.parent_id IS NULL"]
        params: dict = {"a": account_id, "limit": limit}
        if folder is not None:
            where.append("m.folder = :f")
            params["f"] = folder
        if direction is not None:
            where.append("m.direction = :d")
            params["d"] = direction
        if case_id is not None:
            where.append("m.personal_case_id = :c")
            params["c"] = case_id
        if record_id is not None:
            where.append("m.registry_record_id = :r")
            params["r"] = record_id
        for index, word in enumerate(search_key(search).split()[:6]):
            where.append(f"(m.search_text LIKE :w{index} ESCAPE '\\' OR m.personal_case_id IN "
                         f"(SELECT id FROM personal_case WHERE search_text LIKE :w{index} ESCAPE '\\'))")
            params[f"w{index}"] = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.archive.read(
            f"SELECT {LIST_COLUMNS} FROM pec_message m WHERE {' AND '.join(where)} "
            "ORDER BY m.sent_at DESC, m.id DESC LIMIT :limit", **params)
        return [_decoded(r) for r in rows]

    def messages_for_case(self, case_id: int | None = None, record_id: int | None = None) -> list[dict]:
        rows = self.archive.read(
            f"SELECT {LIST_COLUMNS} FROM pec_message m WHERE m.parent_id IS NULL AND "
            "((:c IS NOT NULL AND m.personal_case_id = :c) OR (:r IS NOT NULL AND m.registry_record_id = :r)) "
            "ORDER BY m.sent_at DESC", c=case_id, r=record_id)
        return [_decoded(r) for r in rows]

    def unseen_count(self, account_id: int, folder: str) -> int:
        return int(self.archive.read("SELECT COUNT(*) AS n FROM pec_message WHERE account_id = :a AND folder = :f "
                                     "AND parent_id IS NULL AND seen = 0", a=account_id, f=folder)[0]["n"])

    def cases_by_role(self, year: int, number: int) -> list[dict]:
        return self.archive.read(
            "SELECT 'case' AS source, id, title AS title FROM personal_case WHERE role_year = :y AND role_number = :n "
            "UNION ALL SELECT 'record', id, TRIM(plaintiff || ' / ' || defendant) FROM registry_record "
            "WHERE role_year = :y AND role_number = :n AND personal_case_id IS NULL", y=year, n=number)


def _decoded(row: dict) -> dict:
    if isinstance(row.get("recipients"), str):
        row["recipients"] = json.loads(row["recipients"] or "[]")
    if isinstance(row.get("tracking"), str):
        row["tracking"] = json.loads(row["tracking"])
    return row

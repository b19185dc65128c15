"""The PEC use cases: boxes, connection test, mailbox sync, reading offline, sending and following
the state of what was sent, linking messages to cases.

Network calls are blocking: the UI runs them through its task runner, the CLI directly. Nothing
here touches Tk. Passwords are read from the OS keyring when needed and never stored elsewhere.
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from cryptography import x509

from cliens_tk.i18n import _
from cliens_tk.pec import imap, smtp
from cliens_tk.pec.account import PecAccount
from cliens_tk.pec.compose import Draft
from cliens_tk.pec.envelope import OpenedMessage, open_message
from cliens_tk.pec.errors import PecError
from cliens_tk.pec.providers import PRESETS
from cliens_tk.security import secrets
from cliens_tk.services import pec_import
from cliens_tk.store.archive import Archive, ensure_private_dir
from cliens_tk.store.pec import FolderState, PecRepository

log = logging.getLogger(__name__)
TRUSTED_DIR = "trusted-cas"


@dataclass
class SyncResult:
    new_messages: int = 0
    receipts: int = 0
    folders: int = 0


@dataclass
class ConnectionReport:
    folders: list[str]
    smtp_ok: bool


class PecService:
    def __init__(self, archive: Archive, ssl_context: ssl.SSLContext | None = None):
        self.archive = archive
        self.repo = PecRepository(archive)
        self._ssl_context = ssl_context

    @property
    def ssl_context(self) -> ssl.SSLContext:
        return self._ssl_context or ssl.create_default_context()

    presets = PRESETS

    # -- trusted provider CAs ------------------------------------------------------------------
    @property
    def trusted_dir(self) -> Path:
        return self.archive.data_dir / "pec" / TRUSTED_DIR

    def trusted_cas(self) -> list[x509.Certificate]:
        found = []
        if self.trusted_dir.is_dir():
            for path in sorted(self.trusted_dir.glob("*.pem")):
                try:
                    found.extend(x509.load_pem_x509_certificates(path.read_bytes()))
                except ValueError:
                    log.warning("unreadable trusted CA file %s", path)
        return found

    def add_trusted_ca(self, pem: bytes, name: str) -> Path:
        """Trust a provider CA (PEM); e.g. one from the public list of PEC providers."""
        x509.load_pem_x509_certificates(pem)  # refuse what is not a certificate
        ensure_private_dir(self.trusted_dir)
        target = self.trusted_dir / f"{name}.pem"
        target.write_bytes(pem)
        return target

    # -- accounts ------------------------------------------------------------------------------
    def accounts(self) -> list[PecAccount]:
        return self.repo.accounts()

    def account(self, account_id: int) -> PecAccount:
        account = self.repo.account(account_id)
        if account is None:
            raise PecError(_("Casella PEC non trovata: forse è stata eliminata."))
        return account

    def save_account(self, account: PecAccount, password: str | None = None) -> PecAccount:
        """Save the box; ``password`` (if given) goes to the OS keyring, never to the archive."""
        account.check()
        other = self.repo.account_by_address(account.address)
        if other is not None and other.id != account.id:
            raise PecError(_("La casella {address} è già configurata.").format(address=account.address))
        if password:
            secrets.set_secret(*account.secret_key, password)
        return self.repo.save_account(account)

    def has_password(self, account: PecAccount) -> bool:
        return bool(secrets.get_secret(*account.secret_key))

    def password(self, account: PecAccount) -> str:
        value = secrets.get_secret(*account.secret_key)
        if not value:
            raise PecError(_("Manca la password della casella {address}: inserirla nelle impostazioni della casella.")
                           .format(address=account.address))
        return value

    def delete_account(self, account_id: int) -> None:
        """Forget the box, its messages (rows and files) and its password."""
        account = self.account(account_id)
        self.repo.delete_account(account_id)
        secrets.delete_secret(*account.secret_key)
        folder = self.repo.files_dir / str(account_id)
        if folder.is_dir():
            import shutil

            shutil.rmtree(folder, ignore_errors=True)

    def test_connection(self, account: PecAccount, password: str) -> ConnectionReport:
        """Log in to IMAP and SMTP; raises ``PecError`` with a clear message on the first failure."""
        account.check()
        folders = imap.check_login(account, password, self.ssl_context)
        smtp.check_login(account, password, self.ssl_context)
        return ConnectionReport([f.name for f in folders], True)

    # -- sync ----------------------------------------------------------------------------------
    def sync(self, account_id: int, progress: Callable[[str], None] | None = None,
             folders: list[str] | None = None, cancelled: Callable[[], bool] | None = None) -> SyncResult:
        """Fetch new messages of every folder (or ``folders``) into the archive."""
        account = self.account(account_id)
        result = SyncResult()
        trusted = self.trusted_cas()
        with imap.ImapSession(account, self.password(account), self.ssl_context) as session:
            remote = session.folders()
            wanted = [f for f in remote if folders is None or f.name in folders]
            for folder in wanted:
                if cancelled and cancelled():
                    break
                if progress:
                    progress(_("Cartella {folder}…").format(folder=folder.name))
                self._sync_folder(account, session, folder, trusted, result, progress)
                result.folders += 1
        return result

    def _sync_folder(self, account: PecAccount, session: imap.ImapSession, folder: imap.Folder, trusted,
                     result: SyncResult, progress) -> None:
        uidvalidity, _uidnext = session.select(folder.name)
        state = self.repo.folder(account.id, folder.name) or FolderState(folder.name, folder.special)
        if state.uidvalidity and state.uidvalidity != uidvalidity:
            self.repo.forget_folder_messages(account.id, folder.name)
            state.last_uid = 0
        state.uidvalidity, state.special = uidvalidity, folder.special
        known = self.repo.known_uids(account.id, folder.name, uidvalidity)
        uids = [u for u in session.uids_after(state.last_uid) if u not in known]
        direction = "out" if folder.special == "\\Sent" else "in"
        for index, fetched in enumerate(session.fetch(uids), start=1):
            self._import(account, folder.name, uidvalidity, fetched, direction, trusted, result)
            state.last_uid = max(state.last_uid, fetched.uid)
            if progress and index % 20 == 0:
                progress(_("Cartella {folder}: {done} di {total}").format(folder=folder.name, done=index, total=len(uids)))
        self.repo.save_folder(account.id, state)

    def _import(self, account, folder, uidvalidity, fetched: imap.Fetched, direction, trusted, result) -> None:
        row, _opened = pec_import.row_for(fetched.raw, trusted, direction)
        if direction == "out" and row["kind"] == "plain":
            if self.repo.sent_by_message_id(account.id, row["message_id"]) is not None:
                return  # our own copy of a message sent from here: already in the archive
            row["kind"] = "sent"
            row["state"] = "sent"
        row.update(account_id=account.id, folder=folder, uid=fetched.uid, uidvalidity=uidvalidity,
                   file=self.repo.write_raw(account.id, fetched.raw), seen=int("\\Seen" in fetched.flags))
        with self.archive.transaction():
            parent = None
            if row["kind"] == "receipt":
                parent = self.repo.sent_by_message_id(account.id, row["ref_message_id"])
                row["parent_id"] = parent["id"] if parent else None
                result.receipts += 1
            new_id = self.repo.insert_message(**row)
            if row["kind"] == "sent":
                orphans = self.repo.orphan_receipts(account.id, row["message_id"])
                if orphans:
                    self.repo.set_parent(orphans, new_id)
                parent = self.repo.message(new_id)
            if parent is not None:
                self._refresh_state(parent)
        result.new_messages += 1

    def _refresh_state(self, sent_row: dict) -> None:
        tracking = pec_import.tracking_of(sent_row, self.repo.receipts(sent_row["id"]))
        self.repo.set_tracking(sent_row["id"], tracking.state.value, pec_import.tracking_json(tracking))

    # -- sending -------------------------------------------------------------------------------
    def send(self, account_id: int, draft: Draft) -> int:
        """Send ``draft``; returns the new message's id (state «Inviata», then its receipts follow).

        The draft is checked first (addresses, subject, size against the provider's limit), so a
        refused draft loses nothing: the caller keeps it.
        """
        account = self.account(account_id)
        draft.sender = account.address
        draft.sender_name = draft.sender_name or account.display_name
        draft.check(account.size_limit_bytes)
        message = draft.build()
        raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))  # SMTP wants CRLF
        smtp.send(account, self.password(account), raw, draft.recipients, self.ssl_context)
        return self.record_sent(account, raw)

    def record_sent(self, account: PecAccount, raw: bytes) -> int:
        row, _opened = pec_import.row_for(raw, [], "out")
        row.update(account_id=account.id, kind="sent", state="sent", folder="", seen=1,
                   file=self.repo.write_raw(account.id, raw))
        row["tracking"] = pec_import.tracking_json(pec_import.tracking_of(row, []))
        with self.archive.transaction():
            new_id = self.repo.insert_message(**row)
            orphans = self.repo.orphan_receipts(account.id, row["message_id"])
            if orphans:
                self.repo.set_parent(orphans, new_id)
                self._refresh_state(self.repo.message(new_id))
        return new_id

    # -- reading -------------------------------------------------------------------------------
    def messages(self, account_id: int, view: str = "inbox", search: str = "", limit: int = 2000) -> list[dict]:
        """``view``: "inbox" (received), "sent" (sent, with their state) or a folder name."""
        if view == "sent":
            return self.repo.list_messages(account_id, direction="out", search=search, limit=limit)
        if view == "inbox":
            return self.repo.list_messages(account_id, folder="INBOX", direction="in", search=search, limit=limit)
        return self.repo.list_messages(account_id, folder=view, search=search, limit=limit)

    def message(self, message_id: int) -> dict:
        row = self.repo.message(message_id)
        if row is None:
            raise PecError(_("Messaggio non trovato nell'archivio."))
        return row

    def receipts(self, message_id: int) -> list[dict]:
        return self.repo.receipts(message_id)

    def raw(self, message_id: int) -> bytes:
        row = self.message(message_id)
        try:
            return self.repo.read_raw(row["file"])
        except OSError as exc:
            raise PecError(_("Il file del messaggio non è leggibile ({error}): sincronizzare di nuovo la casella.")
                           .format(error=exc)) from None

    def open(self, message_id: int, mark_seen: bool = True) -> OpenedMessage:
        """The message read from the archive (offline), signature checked again against today's trust."""
        opened = open_message(self.raw(message_id), self.trusted_cas())
        if mark_seen:
            self.repo.mark_seen(message_id)
        return opened

    def save_raw(self, message_id: int, target: Path) -> Path:
        """Save the message as received (.eml): the legal proof of a receipt or an envelope."""
        Path(target).write_bytes(self.raw(message_id))
        return Path(target)

    def save_attachment(self, message_id: int, index: int, target: Path) -> Path:
        attachment = self.open(message_id, mark_seen=False).attachments[index]
        Path(target).write_bytes(attachment.data)
        return Path(target)

    # -- cases ---------------------------------------------------------------------------------
    def suggest_cases(self, message_id: int) -> list[dict]:
        """Cases whose role number appears in the subject: {source: case|record, id, title, role}."""
        row = self.message(message_id)
        found = []
        for year, number in pec_import.role_numbers(row["subject"]):
            for match in self.repo.cases_by_role(year, number):
                match["role"] = f"{number}/{year}"
                found.append(match)
        return found

    def link_case(self, message_id: int, case_id: int | None = None, record_id: int | None = None) -> None:
        self.message(message_id)
        self.repo.link_case(message_id, case_id, record_id)

    def messages_for_case(self, case_id: int | None = None, record_id: int | None = None) -> list[dict]:
        return self.repo.messages_for_case(case_id, record_id)

    # -- live updates --------------------------------------------------------------------------
    def watcher(self, account_id: int, on_new: Callable[[str], None],
                on_error: Callable[[BaseException], None] | None = None, check_seconds: float = 20.0) -> imap.IdleWatcher:
        account = self.account(account_id)
        return imap.IdleWatcher(account, self.password(account), on_new, on_error, ssl_context=self.ssl_context,
                                check_seconds=check_seconds)


def pec_service(services) -> PecService:
    """The PecService of an ``AppServices`` (created on first use and kept on it)."""
    existing = getattr(services, "pec", None)
    if isinstance(existing, PecService):
        return existing
    created = PecService(services.archive)
    services.pec = created
    return created

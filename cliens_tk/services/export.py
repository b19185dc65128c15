"""Agenda export to an on-line calendar (chapter 8): configure, keep in sync, switch off.

Change tracking lives in the archive (triggers fill an outbox, see store/export.py), so changes
made by any window, the CLI or a download are exported. ``sync`` sends what the outbox holds, one
PUT or DELETE per changed activity, and records success or the error with a back-off time; it is
thread-agnostic and runs in the UI's worker or in the ``export caldav sync`` command. The app owns
the events it exports: a PUT overwrites whatever the server holds (no If-Match), so a change made
on the phone to an exported event is replaced by the agenda's version at its next change.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Callable

from cliens_tk.export.caldav_client import CalDavClient, CalDavError, CalendarInfo, EventRejectedError
from cliens_tk.export.ical import activity_event, content_hash, event_resource
from cliens_tk.i18n import _
from cliens_tk.security import secrets
from cliens_tk.services.export_setup import (
    SECRET_SERVICE,
    ServerKind,
    open_client,
    password_from_environment,
    secret_key,
    server_url,
)
from cliens_tk.store.archive import Archive
from cliens_tk.store.export import ExportAccount, ExportRepository, OutboxEntry

log = logging.getLogger(__name__)

BATCH = 100
FIRST_RETRY_S = 30
MAX_RETRY_S = 30 * 60


def retry_delay(failures: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... up to 30 min between attempts while the server cannot be reached."""
    seconds = FIRST_RETRY_S * 2 ** max(0, failures - 1)
    return dt.timedelta(seconds=min(seconds, MAX_RETRY_S))


@dataclass
class SyncResult:
    sent: int = 0  # PUTs
    deleted: int = 0  # DELETEs
    unchanged: int = 0  # changes that did not alter the event (nothing sent)
    rejected: list[str] = field(default_factory=list)
    pending: int = 0  # still in the outbox afterwards
    error: str = ""  # why the sync stopped early ('' = it did not)
    retry_at: dt.datetime | None = None

    @property
    def in_sync(self) -> bool:
        return not self.error and not self.rejected and self.pending == 0


@dataclass(frozen=True)
class ExportStatus:
    account: ExportAccount
    pending: int
    exported: int

    def text(self) -> str:
        """The status line: last export and any error, in Italian."""
        a = self.account
        if not a.configured:
            return _("Esportazione non configurata: premere «Configura calendario».")
        if not a.enabled:
            return _("Esportazione disattivata.")
        parts = []
        if a.last_export_at:
            parts.append(_("Ultima esportazione: {when:%d/%m/%Y %H:%M}.").format(when=a.last_export_at))
        else:
            parts.append(_("Nessuna esportazione ancora eseguita."))
        if self.pending:
            parts.append(_("Attività da inviare: {n}.").format(n=self.pending))
        if a.last_error:
            parts.append(_("Errore: {error}").format(error=a.last_error))
            if a.retry_at:
                parts.append(_("Nuovo tentativo alle {when:%H:%M}.").format(when=a.retry_at))
        return " ".join(parts)


class ExportService:
    def __init__(self, archive: Archive, clock: Callable[[], dt.datetime] = dt.datetime.now):
        self.archive = archive
        self.repo = ExportRepository(archive)
        self.clock = clock

    # -- state -------------------------------------------------------------------------------
    def account(self) -> ExportAccount:
        return self.repo.account()

    def status(self) -> ExportStatus:
        return ExportStatus(self.repo.account(), self.repo.pending_count(), self.repo.item_count())

    def is_due(self) -> bool:
        """Something to send, and not waiting for the back-off after a failure."""
        account = self.repo.account()
        if not (account.enabled and account.configured):
            return False
        if account.retry_at and account.retry_at > self.clock():
            return False
        return self.repo.pending_count() > 0

    # -- configuration -------------------------------------------------------------------------
    def configure(self, kind: ServerKind, url: str, username: str, password: str | None,
                  calendar: CalendarInfo, remember_password: bool = True, enable: bool = True) -> int:
        """Save the account and calendar (the password in the keyring) and queue a full export.

        Returns the number of activities queued. Choosing another calendar starts from scratch.
        """
        url = server_url(kind, url)
        previous = self.repo.account()
        if password and remember_password:
            secrets.set_secret(SECRET_SERVICE, secret_key(url, username), password)
        if previous.calendar_url != calendar.url:
            self.repo.forget_exported()
        self.repo.update_account(server_kind=kind.value, url=url, username=username, calendar_url=calendar.url,
                                 calendar_name=calendar.name, last_error="", last_error_at=None, failures=0,
                                 retry_at=None)
        return self.enable() if enable else 0

    def enable(self) -> int:
        if not self.repo.account().configured:
            raise CalDavError(_("Prima di attivare l'esportazione premere «Configura calendario»."))
        return self.repo.enable()

    def disable(self, remove_events: bool = False, progress: Callable[[int, int], None] | None = None) -> int:
        """Switch the export off; with ``remove_events`` delete what was exported. Returns deletions.

        The export is switched off first, so nothing new is queued while the events are removed;
        if removal fails half-way, what is left is still tracked and can be removed later.
        """
        self.repo.disable()
        if not remove_events:
            return 0
        return self.remove_exported(progress)

    def remove_exported(self, progress: Callable[[int, int], None] | None = None) -> int:
        items = list(self.repo.items().values())
        if not items:
            return 0
        removed = 0
        with self._client(self.repo.account()) as client:
            for index, item in enumerate(items, 1):
                client.delete_event(item.href)
                self.repo.remove_item(item.uid)
                removed += 1
                if progress:
                    progress(index, len(items))
        return removed

    def forget_password(self) -> None:
        account = self.repo.account()
        if account.username:
            secrets.delete_secret(SECRET_SERVICE, secret_key(account.url, account.username))

    def password(self, account: ExportAccount | None = None) -> str | None:
        """The account's password: the OS keyring, else ``CLIENS_TK_CALDAV_PASSWORD``."""
        account = account or self.repo.account()
        try:
            stored = secrets.get_secret(SECRET_SERVICE, secret_key(account.url, account.username))
        except secrets.SecretStoreError:
            stored = None
            if not password_from_environment():
                raise
        return stored or password_from_environment()

    def _client(self, account: ExportAccount) -> CalDavClient:
        if not account.configured:
            raise CalDavError(_("Il calendario esterno non è configurato: premere «Configura calendario»."))
        try:
            password = self.password(account)
        except secrets.SecretStoreError as exc:
            raise CalDavError(exc.message, exc.detail) from exc
        if not password:
            raise CalDavError(_("La password del calendario non è nel portachiavi del sistema: configurare di "
                                "nuovo il calendario."))
        return open_client(ServerKind(account.server_kind or "caldav"), account.url, account.username, password)

    # -- sync --------------------------------------------------------------------------------
    def sync(self, max_changes: int | None = None, progress: Callable[[int, int], None] | None = None,
             client: CalDavClient | None = None) -> SyncResult:
        """Send queued changes (all, or at most ``max_changes``); never raises for server trouble:
        the error goes into the result and the account (with the time of the next attempt)."""
        result = SyncResult()
        account = self.repo.account()
        if not (account.enabled and account.configured):
            result.error = ExportStatus(account, 0, 0).text()
            return result
        total = self.repo.pending_count()
        if total == 0:
            self._record_success()
            return result
        done = 0
        own_client = client is None
        try:
            if own_client:
                client = self._client(account)
            while max_changes is None or done < max_changes:
                limit = BATCH if max_changes is None else min(BATCH, max_changes - done)
                entries = self.repo.pending(limit)
                if not entries:
                    break
                self._send_batch(client, account.calendar_url, entries, result)
                done += len(entries)
                if progress:
                    progress(min(done, total), total)
        except CalDavError as exc:
            self._record_failure(exc, result)
        finally:
            if own_client and client is not None:
                client.close()
        result.pending = self.repo.pending_count()
        if not result.error:
            self._record_success(result.rejected)
        return result

    def _send_batch(self, client: CalDavClient, calendar_url: str, entries: list[OutboxEntry],
                    result: SyncResult) -> None:
        uids = [e.uid for e in entries]
        activities = self.repo.activities_with_case(uids)
        items = self.repo.items(uids)
        for entry in entries:
            item = items.get(entry.uid)
            found = activities.get(entry.uid) if entry.operation == "PUT" else None
            event = activity_event(*found) if found else None
            try:
                if event is None:  # deleted, or left with no day to show: off the calendar
                    if item is not None:
                        client.delete_event(item.href)
                        result.deleted += 1
                    self.repo.record_removed(entry)
                    continue
                fingerprint = content_hash(event)
                if item is not None and item.content_hash == fingerprint:
                    result.unchanged += 1
                    self.repo.done(entry)
                    continue
                href, etag = client.put_event(calendar_url, entry.uid, event_resource(event),
                                              href=item.href if item else None)
                self.repo.record_put(entry, href, etag, fingerprint)
                result.sent += 1
            except EventRejectedError as exc:
                log.warning("calendar server rejected %s %s: %s", entry.operation, entry.uid, exc.detail)
                title = found[0].title if found else entry.uid
                result.rejected.append(f"{title}: {exc.message}")
                self.repo.done(entry)  # retrying the same content would fail again

    def _record_success(self, rejected: list[str] | None = None) -> None:
        error = ""
        if rejected:
            error = _("{n} attività rifiutate dal server (ad esempio «{first}»).").format(n=len(rejected),
                                                                                       first=rejected[0])
        now = self.clock()
        self.repo.update_account(last_export_at=now, last_error=error, last_error_at=now if error else None,
                                 failures=0, retry_at=None)

    def _record_failure(self, exc: CalDavError, result: SyncResult) -> None:
        account = self.repo.account()
        failures = account.failures + 1
        now = self.clock()
        # A wrong password or a vanished calendar needs the user: retry rarely, never hammer.
        retry_at = now + (retry_delay(failures) if exc.retry else dt.timedelta(seconds=MAX_RETRY_S))
        log.warning("calendar export failed (%s attempt(s)): %s %s", failures, exc.message, exc.detail)
        self.repo.update_account(last_error=exc.message, last_error_at=now, failures=failures, retry_at=retry_at)
        result.error = exc.message
        result.retry_at = retry_at

    def full_export(self, progress: Callable[[int, int], None] | None = None, force: bool = False) -> SyncResult:
        """«Esporta ora»: queue everything and send it now. Unchanged events are skipped unless
        ``force`` (which also restores events deleted by hand on the server)."""
        if force:
            self.repo.forget_hashes()
        self.enable()
        return self.sync(progress=progress)

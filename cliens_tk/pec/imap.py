"""IMAP access to a PEC box (``imapclient``), always over TLS with the server certificate verified."""

from __future__ import annotations

import logging
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from cliens_tk.i18n import _
from cliens_tk.pec.account import PecAccount
from cliens_tk.pec.errors import PecError, PecLoginError, connection_error

log = logging.getLogger(__name__)
TIMEOUT = 30.0
FETCH_BATCH = 50


@dataclass(frozen=True)
class Folder:
    name: str
    special: str = ""  # \Sent, \Trash, ... (RFC 6154), or "" ; INBOX is "inbox"


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes
    flags: tuple[str, ...]


def _flag_names(flags) -> tuple[str, ...]:
    return tuple(f.decode() if isinstance(f, bytes) else str(f) for f in flags)


class ImapSession:
    """One logged-in IMAP connection. Not thread-safe: one thread uses it at a time."""

    def __init__(self, account: PecAccount, password: str, ssl_context: ssl.SSLContext | None = None,
                 timeout: float = TIMEOUT):
        self.account = account
        self._password = password
        self._context = ssl_context or ssl.create_default_context()
        self._timeout = timeout
        self.client: imapclient.IMAPClient | None = None

    def __enter__(self) -> "ImapSession":
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def connect(self) -> None:
        host, port = self.account.imap_host, self.account.imap_port
        try:
            implicit = self.account.imap_security == "ssl"
            client = imapclient.IMAPClient(host, port=port, ssl=implicit, ssl_context=self._context,
                                           timeout=self._timeout)
            if not implicit:
                client.starttls(self._context)
        except (OSError, IMAPClientError) as exc:
            raise connection_error(exc, host, port, _("di posta in arrivo")) from None
        try:
            client.login(self.account.username, self._password)
        except LoginError as exc:
            try:
                client.shutdown()
            except OSError:
                pass
            raise PecLoginError(_("La casella {address} ha rifiutato nome utente o password: controllarli (alcuni "
                                  "gestori richiedono una password dedicata ai programmi di posta).")
                                .format(address=self.account.address), str(exc)) from None
        except (OSError, IMAPClientError) as exc:
            raise connection_error(exc, host, port, _("di posta in arrivo")) from None
        self.client = client

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except (OSError, IMAPClientError):
                try:
                    self.client.shutdown()
                except OSError:
                    pass
            self.client = None

    def _guard(self, action: Callable):
        try:
            return action()
        except (OSError, IMAPClientError) as exc:
            if isinstance(exc, IMAPClientError):
                raise PecError(_("Il server di posta ha risposto con un errore: {error}").format(error=exc)) from None
            raise connection_error(exc, self.account.imap_host, self.account.imap_port, _("di posta in arrivo")) from None

    def folders(self) -> list[Folder]:
        found = []
        for flags, _delimiter, name in self._guard(self.client.list_folders):
            names = _flag_names(flags)
            if "\\Noselect" in names or "\\NonExistent" in names:
                continue
            special = next((f for f in names if f in ("\\Sent", "\\Trash", "\\Drafts", "\\Junk", "\\Archive")), "")
            found.append(Folder(name, "inbox" if name.upper() == "INBOX" else special))
        found.sort(key=lambda f: (f.special != "inbox", f.name.lower()))
        return found

    def select(self, folder: str) -> tuple[int, int]:
        """Select ``folder`` read-only; returns (UIDVALIDITY, UIDNEXT)."""
        info = self._guard(lambda: self.client.select_folder(folder, readonly=True))
        return int(info.get(b"UIDVALIDITY", 0)), int(info.get(b"UIDNEXT", 0))

    def uids_after(self, last_uid: int) -> list[int]:
        uids = self._guard(lambda: self.client.search(["UID", f"{last_uid + 1}:*"]))
        return sorted(u for u in uids if u > last_uid)  # "n:*" always includes the last message

    def all_uids(self) -> list[int]:
        return sorted(self._guard(lambda: self.client.search(["ALL"])))

    def fetch(self, uids: Iterable[int]) -> Iterable[Fetched]:
        uids = list(uids)
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start:start + FETCH_BATCH]
            data = self._guard(lambda: self.client.fetch(batch, ["BODY.PEEK[]", "FLAGS"]))
            for uid in batch:
                item = data.get(uid)
                if item is None:
                    continue
                yield Fetched(uid, bytes(item.get(b"BODY[]", b"")), _flag_names(item.get(b"FLAGS", ())))

    def append(self, folder: str, raw: bytes, seen: bool = True) -> None:
        self._guard(lambda: self.client.append(folder, raw, flags=[imapclient.SEEN] if seen else []))

    def has_idle(self) -> bool:
        return self._guard(lambda: self.client.has_capability("IDLE"))


class IdleWatcher:
    """Watches one folder with IMAP IDLE on its own connection and calls ``on_new(folder)``.

    It runs in its own daemon thread because an IDLE wait would block the app's single worker
    thread. It does network only: no archive, no widgets; the UI reacts to ``on_new`` by queueing
    a sync through the task runner. Waits are bounded (``check_seconds``) and every wait ends with
    a UID search, because mail arriving just before IDLE starts is not announced.
    """

    def __init__(self, account: PecAccount, password: str, on_new: Callable[[str], None],
                 on_error: Callable[[BaseException], None] | None = None, folder: str = "INBOX",
                 ssl_context: ssl.SSLContext | None = None, check_seconds: float = 20.0,
                 retry_seconds: float = 30.0):
        self.account, self.folder = account, folder
        self._password, self._context = password, ssl_context
        self.on_new, self.on_error = on_new, on_error
        self.check_seconds, self.retry_seconds = check_seconds, retry_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ready = threading.Event()

    def start(self) -> "IdleWatcher":
        self._thread = threading.Thread(target=self._run, name=f"pec-idle-{self.account.address}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._watch()
            except Exception as exc:  # reported, then retried after a pause
                log.warning("IDLE on %s stopped: %s", self.account.address, exc)
                if self.on_error:
                    self.on_error(exc)
                self._stop.wait(self.retry_seconds)

    def _watch(self) -> None:
        session = ImapSession(self.account, self._password, self._context)
        session.connect()
        try:
            client = session.client
            client.select_folder(self.folder, readonly=True)
            uids = client.search(["ALL"])
            last = max(uids) if uids else 0
            self.ready.set()
            while not self._stop.is_set():
                client.idle()
                try:
                    deadline = time.monotonic() + self.check_seconds
                    while not self._stop.is_set() and time.monotonic() < deadline:
                        if client.idle_check(timeout=min(1.0, max(0.05, deadline - time.monotonic()))):
                            break
                finally:
                    client.idle_done()
                new = [u for u in client.search(["UID", f"{last + 1}:*"]) if u > last]
                if new:
                    last = max(new)
                    self.on_new(self.folder)
        finally:
            session.close()


def check_login(account: PecAccount, password: str, ssl_context: ssl.SSLContext | None = None) -> list[Folder]:
    with ImapSession(account, password, ssl_context, timeout=15) as session:
        return session.folders()


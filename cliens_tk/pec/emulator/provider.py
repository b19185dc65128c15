"""The emulated PEC provider: an SMTP submission server that certifies what its users send.

Implicit TLS (like port 465 of real providers) with AUTH LOGIN/PLAIN. ``aiosmtpd`` refuses AUTH
before STARTTLS unless ``auth_require_tls=False``, which is right here because the whole session
is already TLS. A refused login is returned as "not handled", otherwise the client is left waiting.

After the SMTP transaction, one worker thread (so receipts keep their order) writes:
- a non-acceptance notice when the message breaks the rules (sender not the authenticated box,
  a virus), else the acceptance receipt;
- for each certified recipient of its domains: the signed transport envelope into the recipient's
  box and a delivery receipt to the sender, or a delivery-error notice for an unknown box.
Recipients outside its domains are "esterno" (ordinary mail): no receipt, as in real PEC.
"""

from __future__ import annotations

import concurrent.futures
import email
import email.policy
import logging
import ssl
import threading
import time
from email.utils import parseaddr
from typing import Callable

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from cliens_tk.pec.emulator import messages
from cliens_tk.pec.emulator.signing import ProviderIdentity

log = logging.getLogger(__name__)

# The standard anti-virus test string, split so that no scanner flags this source file.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class PecProvider:
    def __init__(self, identity: ProviderIdentity, store: Callable[[str, bytes], None],
                 passwords: dict[str, str], ssl_context: ssl.SSLContext, domains: tuple[str, ...] = ("pec.prova.it",),
                 name: str = "PEC di Prova S.p.A.", host: str = "127.0.0.1", port: int = 0,
                 size_limit: int = 30 * 1024 * 1024, delivery_delay: float = 0.0):
        self.identity = identity
        self.store = store
        self.passwords = passwords  # shared with the IMAP server: one credential per box
        self.domains = tuple(d.lower() for d in domains)
        self.name = name
        self.host, self.port = host, port
        self.size_limit = size_limit
        self.delivery_delay = delivery_delay
        self.ssl_context = ssl_context
        self.external: list[tuple[str, bytes]] = []  # what went to ordinary mailboxes
        self.logins_refused = 0
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pec-provider")
        self._pending: list[concurrent.futures.Future] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    # -- server ------------------------------------------------------------------------------
    def start(self) -> "PecProvider":
        if not self.port:
            import socket

            with socket.socket() as sock:
                sock.bind((self.host, 0))
                self.port = sock.getsockname()[1]
        self._controller = Controller(
            self, hostname=self.host, port=self.port, ssl_context=self.ssl_context,
            server_hostname="localhost", authenticator=self._authenticate, auth_required=True,
            auth_require_tls=False, data_size_limit=self.size_limit,
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        self.wait_idle()
        self._pool.shutdown(wait=True)

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Wait until every accepted message has been certified and delivered (tests, benchmarks)."""
        with self._lock:
            pending = list(self._pending)
            self._pending.clear()
        concurrent.futures.wait(pending, timeout=timeout)
        for future in pending:
            if future.done() and future.exception():
                raise future.exception()

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if mechanism in ("LOGIN", "PLAIN") and isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode("utf-8", "replace")
            password = auth_data.password.decode("utf-8", "replace")
            if login in self.passwords and self.passwords[login] == password:
                return AuthResult(success=True, auth_data=login)
        self.logins_refused += 1
        return AuthResult(success=False, handled=False)

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data if isinstance(session.auth_data, str) else ""
        job = self._pool.submit(self._certify, login, envelope.mail_from, list(envelope.rcpt_tos),
                                bytes(envelope.original_content or envelope.content))
        with self._lock:
            self._pending.append(job)
        return "250 2.0.0 Ok: messaggio preso in carico"

    # -- certification -----------------------------------------------------------------------
    def _local(self, address: str) -> bool:
        return address.rsplit("@", 1)[-1].lower() in self.domains

    def _domain_of(self, address: str) -> str:
        domain = address.rsplit("@", 1)[-1].lower()
        return domain if domain in self.domains else self.domains[0]

    def _certify(self, login: str, mail_from: str, rcpt_tos: list[str], original: bytes) -> None:
        if self.delivery_delay:
            time.sleep(self.delivery_delay)
        message = email.message_from_bytes(original, policy=email.policy.default)
        subject = " ".join(str(message.get("Subject", "")).split())
        msgid = str(message.get("Message-ID", "")).strip() or messages.new_msgid(self._domain_of(mail_from))
        header_from = parseaddr(str(message.get("From", "")))[1].lower()
        sender = mail_from.lower()
        recipients = [(r.lower(), self._local(r)) for r in rcpt_tos]
        domain = self._domain_of(sender)
        common = dict(identity=self.identity, domain=domain, provider=self.name, original=original,
                      sender=sender, recipients=recipients, subject=subject, msgid=msgid)
        refusal = None
        if header_from != sender or sender != login.lower():
            refusal = ("altro", "il mittente del messaggio non corrisponde alla casella autenticata")
        elif _infected(message, original):
            refusal = ("virus", "virus informatico rilevato nel messaggio")
        if refusal is not None:
            self.store(sender, messages.receipt(kind="non-accettazione", error=refusal[0],
                                                error_detail=refusal[1], **common))
            return
        self.store(sender, messages.receipt(kind="accettazione", **common))
        to_header = str(message.get("To", ""))
        cc_header = str(message.get("Cc", ""))
        for address, certified in recipients:
            if not certified:
                self.external.append((address, original))
                continue
            if address not in self.passwords:
                self.store(sender, messages.receipt(
                    kind="errore-consegna", error="no-dest", delivered_to=address,
                    error_detail="5.1.1 - Utente sconosciuto: la casella di destinazione non esiste", **common))
                continue
            self.store(address, messages.envelope(self.identity, domain, self.name, original, sender, recipients,
                                                  to_header, cc_header, subject, msgid))
            self.store(sender, messages.receipt(kind="avvenuta-consegna", delivered_to=address, **common))



def _infected(message, original: bytes) -> bool:
    """The emulator's anti-virus: finds the standard test string, also inside encoded attachments."""
    if EICAR in original:
        return True
    return any(EICAR in (part.get_payload(decode=True) or b"") for part in message.walk() if not part.is_multipart())

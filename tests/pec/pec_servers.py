"""Real servers for the PEC tests: Dovecot (IMAP over implicit TLS) from its own config file in a
temp dir, and the PEC provider emulator delivering into the Dovecot boxes by IMAP APPEND.

Dovecot facts this relies on: it needs its own ``base_dir``/``state_dir``; started as root it runs
the mail processes as an unprivileged user (``nobody`` here), so the mail root is made traversable
and owned by that user; boxes come from a static passdb (one password, created on first login)
because a passwd-file changed twice within a second is not re-read; the login after a failed one is delayed (``auth_failure_delay``, set to 0
so wrong-password tests stay fast).
"""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cliens_tk.security import pki

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "Segreta-1"


def _die_with_parent() -> None:
    """Linux: Dovecot gets SIGTERM if the test process dies without its teardown (e.g. killed)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


@dataclass
class TlsMaterial:
    """A test CA and a server certificate for 127.0.0.1/localhost, as files."""

    directory: Path
    ca: pki.Issued = field(default_factory=lambda: pki.create_ca("cliens-tk PEC test CA"))

    def __post_init__(self):
        self.server = pki.issue_server_cert(self.ca)
        self.ca_file = self.directory / "ca.pem"
        self.cert_file = self.directory / "server.pem"
        self.key_file = self.directory / "server.key"
        pki.save_issued(self.ca, self.ca_file)
        pki.save_issued(self.server, self.cert_file, self.key_file)
        os.chmod(self.directory, 0o755)
        os.chmod(self.cert_file, 0o644)

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.cert_file), str(self.key_file))
        return context


class Dovecot:
    """A Dovecot IMAP server on 127.0.0.1 with passwd-file users and maildir boxes."""

    def __init__(self, tls: TlsMaterial):
        self.tls = tls
        self.root = Path(tempfile.mkdtemp(prefix="cliens-dovecot-"))
        os.chmod(self.root, 0o755)
        self.port = free_port()
        self.users: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        self._append_lock = threading.Lock()
        self._connections: dict[str, imaplib.IMAP4_SSL] = {}
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            self.mail_uid, self.mail_gid = nobody.pw_uid, nobody.pw_gid
            self.service_user = "nobody"
        else:
            self.mail_uid, self.mail_gid = os.getuid(), os.getgid()
            self.service_user = pwd.getpwuid(os.getuid()).pw_name

    def add_user(self, address: str, password: str = PASSWORD) -> None:
        """Boxes exist on first login (static passdb, one password); ``users`` is the list the
        emulated provider knows, so an address not added here is an unknown box to it."""
        if password != PASSWORD:
            raise ValueError(f"every test box uses the password {PASSWORD!r}")
        self.users[address] = password

    def _config(self) -> str:
        r = self.root
        dh = "/usr/share/dovecot/dh.pem"
        return f"""
base_dir = {r}/run
state_dir = {r}/state
instance_name = cliens-test-{self.port}
protocols = imap
listen = 127.0.0.1
log_path = {r}/dovecot.log
ssl = required
ssl_cert = <{self.tls.cert_file}
ssl_key = <{self.tls.key_file}
{"ssl_dh = <" + dh if os.path.exists(dh) else ""}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {self.service_user}
default_internal_user = {self.service_user}
first_valid_uid = {min(self.mail_uid, 500)}
first_valid_gid = 0
mail_location = maildir:~/Maildir
mail_plugins =
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={self.mail_uid} gid={self.mail_gid} home={r}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""

    def start(self) -> "Dovecot":
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir(exist_ok=True)
        os.chown(self.root / "mail", self.mail_uid, self.mail_gid)
        conf = self.root / "dovecot.conf"
        conf.write_text(self._config())
        with open(self.root / "stderr.log", "wb") as stderr:
            self.process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                                            stderr=stderr, preexec_fn=_die_with_parent)
        try:
            wait_port(self.port)
        except TimeoutError:
            self.stop()
            raise RuntimeError("Dovecot did not start:\n" + self.log())
        return self

    def log(self) -> str:
        texts = []
        for name in ("stderr.log", "dovecot.log"):
            path = self.root / name
            if path.exists():
                texts.append(path.read_text(errors="replace")[-4000:])
        return "\n".join(texts)

    def append(self, address: str, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver ``raw`` into a box the way the emulated provider does: IMAP APPEND as the owner."""
        with self._append_lock:
            conn = self._connections.get(address)
            if conn is None:
                conn = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=self.tls.client_context())
                conn.login(address, self.users[address])
                self._connections[address] = conn
            status, detail = conn.append(folder, None, None, raw)
            if status != "OK":
                raise RuntimeError(f"APPEND to {address} failed: {detail}")

    def stop(self) -> None:
        for conn in self._connections.values():
            try:
                conn.logout()
            except Exception:
                pass
        self._connections.clear()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)

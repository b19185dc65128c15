"""A real Radicale CalDAV server (htpasswd authentication), a counting proxy in front of it, and a
file keyring: the test helpers of the calendar export (fixtures in conftest.py, benchmarks reuse them).

The proxy forwards every request to Radicale and records its method and path, so a test can prove
that one edit sends exactly one PUT.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from support.keyrings import FileKeyring  # noqa: F401  (used by the export fixtures)

PASSWORD = "Segreta-2026"
USERS = ("anna", "bruno", "carla", "dora", "mario")  # anna: one calendar, bruno: two, others none

_LAUNCHER = """
import sys
from radicale import config, server
configuration = config.load([(sys.argv[1], False)])
if sys.argv[2] == "nofsync":
    configuration.update({"storage": {"_filesystem_fsync": "False"}}, "tests", privileged=True)
server.serve(configuration)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RadicaleServer:
    """Radicale in a child process; ``stop()`` and ``start()`` keep port and storage."""

    def __init__(self, folder: Path, fsync: bool = False):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.fsync = fsync
        self.process: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "users").write_text("".join(f"{u}:{PASSWORD}\n" for u in USERS))
        (folder / "config").write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\nhtpasswd_encryption = plain\n"
            "delay = 0\n"
            f"[storage]\nfilesystem_folder = {folder / 'storage'}\n"
            "[rights]\ntype = owner_only\n[web]\ntype = none\n[logging]\nlevel = warning\n"
        )

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(self.folder / "config"), "fsync" if self.fsync else "nofsync"],
            stdout=subprocess.DEVNULL, stderr=open(self.folder / "log", "ab"),
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError((self.folder / "log").read_text())
                time.sleep(0.05)
        raise RuntimeError("Radicale did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def make_calendar(self, user: str, slug: str, name: str) -> str:
        url = f"{self.url}{user}/{slug}/"
        body = ("<?xml version='1.0'?><c:mkcalendar xmlns:d='DAV:' xmlns:c='urn:ietf:params:xml:ns:caldav'>"
                f"<d:set><d:prop><d:displayname>{name}</d:displayname></d:prop></d:set></c:mkcalendar>")
        session = requests.Session()
        session.trust_env = False
        response = session.request("MKCALENDAR", url, data=body.encode(), auth=(user, PASSWORD))
        assert response.status_code == 201, response.text
        return url


class CountingProxy:
    """A reverse proxy that records ``(method, path)`` of every request it forwards."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy._lock:
                    proxy.log.append((self.command, self.path))
                conn = http.client.HTTPConnection("127.0.0.1", proxy.target_port, timeout=30)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    data = response.read()
                except OSError:
                    self.send_response(502)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                finally:
                    conn.close()
                self.send_response(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_MKCALENDAR = do_REPORT = do_OPTIONS = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        with self._lock:
            self.log.clear()

    def methods(self, *, path_part: str = "") -> list[str]:
        with self._lock:
            return [m for m, p in self.log if path_part in p]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

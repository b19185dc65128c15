"""A small threaded HTTPS server (stdlib ``ssl``) requiring a client certificate, for tests.

Endpoints:
- ``/echo``: JSON with the client certificate's subject and codice fiscale, the TLS version, the
  connection number and how many requests that connection has carried (keep-alive checks);
- ``/bytes/<n>``: ``n`` bytes with Content-Length; ``/chunked/<n>``: ``n`` bytes, chunked;
- ``/sleep/<seconds>``: answers after a delay.

The handshake runs in the handler thread, so a failed handshake does not block the server;
failures are kept in ``handshake_errors``.
"""

from __future__ import annotations

import json
import ssl
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509

from cliens_tk.security import pki

_VERSIONS = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1  # one TLS record per response where possible (flushed after each request)
    disable_nagle_algorithm = True
    server: "_Server"

    def setup(self):
        super().setup()
        self.requests_on_connection = 0
        self.connection_number = self.server.next_connection_number()

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass

    def _send(self, body: bytes, content_type="application/octet-stream", chunked=False):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 8192):
                part = body[start : start + 8192]
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def _handle(self):
        self.requests_on_connection += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = self.path.strip("/").split("/")
        if parts[0] == "echo":
            der = self.connection.getpeercert(binary_form=True)
            cert = x509.load_der_x509_certificate(der) if der else None
            payload = {
                "subject": cert.subject.rfc4514_string() if cert else None,
                "tax_code": pki.tax_code_of(cert) if cert else None,
                "tls_version": self.connection.version(),
                "connection": self.connection_number,
                "requests_on_connection": self.requests_on_connection,
                "method": self.command,
                "body_length": len(body),
                "headers": dict(self.headers),
            }
            self._send(json.dumps(payload).encode(), "application/json")
        elif parts[0] in ("bytes", "chunked"):
            self._send(b"x" * int(parts[1]), chunked=parts[0] == "chunked")
        elif parts[0] == "sleep":
            time.sleep(float(parts[1]))
            self._send(b"late")
        else:
            self.send_error(404)

    do_GET = do_POST = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, context: ssl.SSLContext):
        super().__init__(address, _Handler)
        self.context = context
        self.handshake_errors: list[str] = []
        self._counter = 0
        self._lock = threading.Lock()

    def next_connection_number(self) -> int:
        with self._lock:
            self._counter += 1
            return self._counter

    @property
    def connections(self) -> int:
        return self._counter

    def finish_request(self, request, client_address):
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            with self._lock:
                self.handshake_errors.append(str(exc))
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        except (ssl.SSLError, OSError) as exc:
            with self._lock:
                self.handshake_errors.append(str(exc))
        finally:
            try:
                tls.close()
            except OSError:
                pass


class TlsTestServer:
    """``with TlsTestServer(ca, tls_version="1.3") as server: server.url(...)``.

    ``server_cert`` defaults to one issued by ``ca`` for localhost/127.0.0.1; ``client_ca`` (the
    CA client certificates must chain to) defaults to ``ca``. ``ca_file`` is ``ca`` as a PEM file.
    """

    def __init__(
        self,
        ca: pki.Issued,
        tls_version: str | None = None,
        server_cert: pki.Issued | None = None,
        client_ca: pki.Issued | None = None,
        require_client_cert: bool = True,
    ):
        self._dir = Path(tempfile.mkdtemp(prefix="cliens-tls-"))
        server_cert = server_cert or pki.issue_server_cert(ca)
        pki.save_issued(server_cert, self._dir / "server.pem", self._dir / "server.key")
        (self._dir / "ca.pem").write_bytes(ca.cert_pem())
        (self._dir / "client-ca.pem").write_bytes((client_ca or ca).cert_pem())
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self._dir / "server.pem", self._dir / "server.key")
        context.load_verify_locations(self._dir / "client-ca.pem")
        context.verify_mode = ssl.CERT_REQUIRED if require_client_cert else ssl.CERT_NONE
        if tls_version:
            context.minimum_version = context.maximum_version = _VERSIONS[tls_version]
        else:
            context.minimum_version = ssl.TLSVersion.TLSv1_2
        self.ca_file = str(self._dir / "ca.pem")
        self._server = _Server(("127.0.0.1", 0), context)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> "TlsTestServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        for path in self._dir.iterdir():
            path.unlink()
        self._dir.rmdir()

    def url(self, path: str = "/echo", host: str = "127.0.0.1") -> str:
        return f"https://{host}:{self.port}{path}"

    @property
    def connections(self) -> int:
        """TLS connections that completed the handshake and reached the HTTP handler."""
        return self._server.connections

    @property
    def handshake_errors(self) -> list[str]:
        return list(self._server.handshake_errors)

    def __enter__(self) -> "TlsTestServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

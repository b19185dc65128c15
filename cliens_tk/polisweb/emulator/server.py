"""The access-point emulator: a real HTTPS server speaking the PolisWeb protocol.

``Emulator(state_dir, seed=..., cases=...)`` creates (first time) a test CA, a server
certificate for localhost/127.0.0.1 and a demo client certificate in ``state_dir``, and serves
on 127.0.0.1 (port 0: any free port) with a client certificate REQUIRED by the TLS layer:

- ``/servizi/CatalogoServizi``: the office catalogue;
- ``/pda/pycons/<GL>/<SERVICE>``: the consultation service of a district back-end;
- ``/pda/otp/login``: OTP login (only when ``otp=True``; then the certificate is optional);
- ``/_control/...``: JSON control API for a server run from the command line
  (GET ``truth``; POST ``advance_clock`` {"days"}, ``change_cases`` {"n"}, ``inject`` {...},
  ``clear``), behind the same authentication.

Errors are the real ones: 401/403 HTML pages, 404 for unknown GL or service, SOAP faults with
HTTP 500. ``inject`` forces errors, faults, malformed or huge bodies for given office/register/
query.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509

from cliens_tk.polisweb.emulator import xml_out as X
from cliens_tk.polisweb.emulator.catalogue_service import CatalogueService
from cliens_tk.polisweb.emulator.credentials import Credentials, ensure_credentials
from cliens_tk.polisweb.emulator.injections import Injection, Injections
from cliens_tk.polisweb.emulator.offices_data import build_catalogue
from cliens_tk.polisweb.emulator.otp import OtpAccount, OtpGate
from cliens_tk.polisweb.emulator.qbuilder import SERVICE_PATHS, Consultation, Fault, call_registers
from cliens_tk.polisweb.emulator.world import DEMO_TAX_CODE, DEFAULT_CASE_OFFICES, World
from cliens_tk.polisweb.protocol import assumptions as A
from cliens_tk.polisweb.protocol.soap_requests import CATALOGUE_PATH, CONSULTATION_PREFIX, MalformedRequest, parse_request
from cliens_tk.security import pki

MAX_REQUEST_BYTES = 4 * 1024 * 1024
_CONSULTATION_RE = re.compile(r"^" + re.escape(CONSULTATION_PREFIX) + r"/([^/]+)/([^/?]+)/?$")


class _TLSServer(ThreadingHTTPServer):
    """Accepts plain sockets and does the TLS handshake in the worker thread, so a slow or
    refused handshake never blocks the accept loop."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, handler, context: ssl.SSLContext, emulator: "Emulator"):
        self.context = context
        self.emulator = emulator
        super().__init__(address, handler)

    def finish_request(self, request, client_address):
        request.settimeout(30)
        try:  # headers and body go out in separate writes: no Nagle/delayed-ACK 40 ms stalls
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            try:
                request.close()
            except OSError:
                pass
            return
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            try:
                tls.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):  # keep test output quiet
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PdA-Emulator/1.0"
    server: _TLSServer

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    # --- replies -----------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str = "text/xml; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _html(self, status: int, title: str, message: str) -> None:
        self._send(status, X.html_page(status, title, message), "text/html; charset=utf-8")

    def _fault(self, fault: Fault) -> None:
        self._send(500, X.fault(fault.faultstring, fault.faultcode))

    def _json(self, data: object, status: int = 200) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

    # --- identity ------------------------------------------------------------------------------

    def _identity(self) -> tuple[str | None, int, str]:
        """(tax code, 0, "") when authenticated, else (None, HTTP status, reason)."""
        emulator = self.server.emulator
        der = None
        try:
            der = self.connection.getpeercert(binary_form=True)
        except (AttributeError, ValueError):
            der = None
        if der:
            tax_code = pki.tax_code_of(x509.load_der_x509_certificate(der))
            if not tax_code:
                return None, 403, "Certificato senza codice fiscale"
            if tax_code not in emulator.registered_users:
                return None, 403, "Utente non abilitato ai servizi telematici (ReGIndE)"
            return tax_code, 0, ""
        if emulator.otp_gate is not None and emulator.otp_gate.has_credentials(self.headers):
            tax_code = emulator.otp_gate.authenticate(self.headers)
            if tax_code is None:
                return None, 401, "Credenziali OTP non valide o scadute"
            return tax_code, 0, ""
        return None, 401, "Certificato di autenticazione client assente"

    def _read_body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._html(413, "Request Entity Too Large", "Richiesta troppo grande")
            return None
        return self.rfile.read(length) if length else b""

    # --- routes ---------------------------------------------------------------------------------

    def do_GET(self):  # noqa: N802 - stdlib name
        emulator = self.server.emulator
        emulator._pause()
        user, status, reason = self._identity()
        if user is None:
            return self._html(status, "Unauthorized" if status == 401 else "Forbidden", reason)
        if self.path.rstrip("/") == "/_control/truth":
            return self._json(emulator.truth())
        self._html(404, "Not Found", f"{self.path} non trovato")

    def do_POST(self):  # noqa: N802 - stdlib name
        emulator = self.server.emulator
        emulator._pause()
        body = self._read_body()
        if body is None:
            return
        path = self.path.split("?", 1)[0]
        if path == A.OTP_LOGIN_PATH and emulator.otp_gate is not None:
            token = emulator.otp_gate.login(self.headers)
            if token is None:
                return self._html(401, "Unauthorized", "Credenziali OTP non valide")
            return self._json({"session": token, "expires_in": emulator.otp_gate.session_seconds})
        user, status, reason = self._identity()
        if user is None:
            return self._html(status, "Unauthorized" if status == 401 else "Forbidden", reason)
        if path.startswith("/_control/"):
            return self._control(path, body)
        match = _CONSULTATION_RE.match(path)
        if path == CATALOGUE_PATH:
            return self._catalogue(body)
        if not match:
            return self._html(404, "Not Found", f"{path} non trovato")
        gl, service = match.group(1), match.group(2)
        if gl.upper() not in emulator.gl_codes or gl != gl.upper() or service not in SERVICE_PATHS:
            return self._html(404, "Not Found", f"{path} non trovato")
        self._consultation(gl, service, body, user)

    def _catalogue(self, body: bytes) -> None:
        emulator = self.server.emulator
        try:
            request = parse_request(body)
        except MalformedRequest as exc:
            return self._fault(Fault(f"Richiesta non valida: {exc}", "soapenv:Client"))
        if self._injected("", (), request.operation, ""):
            return
        emulator._record("catalogue", request.operation, "")
        try:
            self._send(200, emulator.catalogue_service.handle(request))
        except Fault as fault:
            self._fault(fault)

    def _consultation(self, gl: str, service: str, body: bytes, user: str) -> None:
        emulator = self.server.emulator
        try:
            request = parse_request(body)
        except MalformedRequest as exc:
            return self._fault(Fault(f"Richiesta non valida: {exc}", "soapenv:Client"))
        group = request.invocation_domain.group if request.invocation_domain else ""
        registers = tuple(r.value for r in call_registers(service, request))
        emulator._record(f"{gl}/{service}", request.operation, request.name)
        wasp_user = (self.headers.get("X-WASP-User") or "").strip().upper()
        if self._injected(group, registers, request.name, user):
            return
        if not wasp_user:
            return self._fault(Fault("CODICEFISCALE"))
        if wasp_user != user:
            return self._fault(Fault(f"L'utente '{wasp_user}' non puo' eseguire l'operazione "
                                     f"'{request.operation}'"))
        try:
            self._send(200, emulator.consultation.handle(gl, service, request, user))
        except Fault as fault:
            self._fault(fault)

    def _injected(self, office: str, registers: tuple[str, ...], query: str, user: str) -> bool:
        injection = self.server.emulator.injections.take(office, registers, query)
        if injection is None:
            return False
        if injection.http_status:
            status = injection.http_status
            titles = {401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error",
                      502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
            self._html(status, titles.get(status, "Error"), "Errore simulato dall'emulatore")
        elif injection.fault:
            self._fault(Fault(injection.fault_text(user, query)))
        elif injection.malformed:
            self._send(200, b'<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="'
                            b'http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
                            b'<ns1:executeResponse xmlns:ns1="urn:CONS-SICC-BE"><return available="3">'
                            b'<row class="InfoFascicoloExt"><property name="NUMERO')
        elif injection.huge_bytes:
            padding = "x" * injection.huge_bytes
            row = X.OutRow("InfoFascicoloExt").add("ANNORUOLO", 2024, "long").add(
                "NUMERORUOLO", "00000001").add("DESCOGGETTO", padding)
            self._send(200, X.execute_response("urn:CONS-SICC-BE", [row], 1, 1, 0))
        else:
            return False
        return True

    def _control(self, path: str, body: bytes) -> None:
        emulator = self.server.emulator
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return self._json({"error": "JSON non valido"}, 400)
        action = path[len("/_control/"):].strip("/")
        if action == "advance_clock":
            now = emulator.advance_clock(float(data.get("days", 0)), float(data.get("hours", 0)))
            return self._json({"now": now.isoformat()})
        if action == "change_cases":
            return self._json({"changes": emulator.change_cases(int(data.get("n", 1)))})
        if action == "inject":
            allowed = {k: data[k] for k in ("http_status", "fault", "malformed", "huge_bytes", "office",
                                            "register", "query", "times") if k in data}
            emulator.inject(**allowed)
            return self._json({"ok": True})
        if action == "clear":
            emulator.clear_injections()
            return self._json({"ok": True})
        if action == "truth":
            return self._json(emulator.truth())
        self._json({"error": f"azione sconosciuta: {action}"}, 404)


class Emulator:
    """The emulated access point, usable in-process (tests, demo) and from the CLI.

    ``latency`` is seconds added to every request. ``otp=True`` enables the OTP login and makes
    the client certificate optional; ``client_cert="optional"`` alone makes the server answer
    401 (HTML) instead of refusing the TLS handshake when no certificate is sent.
    """

    def __init__(self, state_dir: Path | str, *, seed: int = 1, cases: int = 200, latency: float = 0.0,
                 now: dt.datetime | None = None, catalogue_size: int = 0, otp: bool = False,
                 client_cert: str = "required", host: str = "127.0.0.1", port: int = 0,
                 tax_code: str = DEMO_TAX_CODE, case_offices: tuple[str, ...] = DEFAULT_CASE_OFFICES):
        if client_cert not in ("required", "optional"):
            raise ValueError("client_cert must be 'required' or 'optional'")
        self.state_dir = Path(state_dir)
        self.tax_code = tax_code.upper()
        self.latency = float(latency)
        self.host, self.port = host, port
        self.client_cert_mode = "optional" if otp else client_cert
        self.catalogue = build_catalogue(catalogue_size, seed)
        self.world = World(self.catalogue, seed=seed, cases=cases, now=now, tax_code=self.tax_code,
                           case_offices=case_offices)
        self.gl_codes = {o.gl_code.upper() for o in self.catalogue if o.gl_code}
        self.consultation = Consultation(self.world)
        self.catalogue_service = CatalogueService(self.catalogue)
        self.injections = Injections()
        self.registered_users = {self.tax_code}
        self.credentials: Credentials = ensure_credentials(self.state_dir, self.tax_code)
        account = self.credentials.otp_account()
        self.otp_account = OtpAccount(account["user"], account["password"], account["secret"], self.tax_code)
        self.otp_gate = OtpGate([self.otp_account]) if otp else None
        self.requests: list[tuple[str, str, str]] = []  # (path, operation, query), last 10,000
        self._requests_lock = threading.Lock()
        self._server: _TLSServer | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle ----------------------------------------------------------------------------

    def _ssl_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.credentials.server_cert_file, self.credentials.server_key_file)
        context.load_verify_locations(cafile=str(self.credentials.ca_file))
        context.verify_mode = ssl.CERT_REQUIRED if self.client_cert_mode == "required" else ssl.CERT_OPTIONAL
        return context

    def start(self) -> tuple[str, int]:
        if self._server is not None:
            return self.address
        self._server = _TLSServer((self.host, self.port), _Handler, self._ssl_context(), self)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="polisweb-emulator", daemon=True)
        self._thread.start()
        return self.address

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> "Emulator":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        if self._server is None:
            raise RuntimeError("emulator not started")
        host, port = self._server.server_address[:2]
        return host, port

    @property
    def base_url(self) -> str:
        host, port = self.address
        return f"https://{host}:{port}"

    url = base_url

    def consultation_url(self, gl: str, service: str) -> str:
        return f"{self.base_url}{CONSULTATION_PREFIX}/{gl}/{service}"

    @property
    def catalogue_url(self) -> str:
        return self.base_url + CATALOGUE_PATH

    @property
    def ca_file(self) -> Path:
        return self.credentials.ca_file

    @property
    def client_cert_file(self) -> Path:
        return self.credentials.client_cert_file

    @property
    def client_key_file(self) -> Path:
        return self.credentials.client_key_file

    # --- control -----------------------------------------------------------------------------------

    @property
    def now(self) -> dt.datetime:
        return self.world.now

    def advance_clock(self, days: float = 0, hours: float = 0) -> dt.datetime:
        return self.world.advance_clock(days, hours)

    def change_cases(self, n: int = 1) -> list[dict]:
        return self.world.change_cases(n)

    def truth(self) -> dict:
        return self.world.truth()

    def inject(self, http_status: int | None = None, *, fault: str | None = None, malformed: bool = False,
               huge_bytes: int = 0, office: str | None = None, register: str | None = None,
               query: str | None = None, times: int | None = None) -> Injection:
        """Make matching requests fail: ``http_status`` (401/403/404/5xx with an HTML body),
        ``fault`` (a name of ``injections.FAULT_TEXTS`` or a literal faultstring),
        ``malformed`` (truncated XML, HTTP 200) or ``huge_bytes`` (a valid body that large)."""
        return self.injections.add(Injection(http_status, fault, malformed, huge_bytes, office,
                                             register, query, times))

    def clear_injections(self) -> None:
        self.injections.clear()

    def set_latency(self, seconds: float) -> None:
        self.latency = float(seconds)

    def current_otp(self) -> str:
        import pyotp

        return pyotp.TOTP(self.otp_account.secret).now()

    def _pause(self) -> None:
        if self.latency > 0:
            time.sleep(self.latency)

    def _record(self, path: str, operation: str, query: str) -> None:
        with self._requests_lock:
            self.requests.append((path, operation, query))
            del self.requests[:-10000]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]

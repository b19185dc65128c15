"""PolisWebClient: the transport (mutual TLS, token or PEM, or OTP) joined to the protocol layer.

One client is one session with PolisWeb: the card is logged in ONCE when the client opens (the
PIN is asked through ``ask_pin``, never retried), connections are kept alive, parameter names
are discovered per (GL, service, query) and cached, paged queries are followed to the end.
Every failure is a typed error whose text is an Italian message naming office and register
(see ``access.access_errors()``).

The client is used by one thread at a time (the task runner's worker).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from cliens_tk.domain.offices import REGISTER_SERVICE, Office, Register
from cliens_tk.i18n import _
from cliens_tk.polisweb.access import (
    AccessCancelled,
    AccessConfig,
    AccessError,
    AccessMode,
    BadBaseUrlError,
    MissingTaxCodeError,
    OtpLoginError,
    OtpNotConfiguredError,
    PemFilesError,
    TaxCodeMismatchError,
)
from cliens_tk.polisweb.protocol import assumptions as A
from cliens_tk.polisweb.protocol import catalogue as C
from cliens_tk.polisweb.protocol import queries as Q
from cliens_tk.polisweb.protocol import responses as R
from cliens_tk.polisweb.protocol import soap_requests as S
from cliens_tk.polisweb.protocol.discovery import DescriptorCache, bind_values
from cliens_tk.polisweb.protocol.errors import CallContext, MalformedResponseError
from cliens_tk.polisweb.protocol.model import CaseProfile, Deadline, HistoryEvent, Page, ServiceDescriptor
from cliens_tk.security.token import PinLockedError, PinStatus

log = logging.getLogger(__name__)

MAX_PAGES = 1000  # a server that keeps promising rows must not keep a download spinning
CONNECT_TIMEOUT = 15.0

# Shared by every client of the process: descriptors do not change during a run.
DESCRIPTORS = DescriptorCache()

PinCallback = Callable[[PinStatus, str], "str | None"]  # (PIN flags, token label) -> PIN or None
OtpCallback = Callable[[], "str | None"]  # -> the one-time code or None


class UnknownDistrictError(AccessError):
    def __init__(self, office: Office):
        super().__init__(_(
            "Per {office} manca il distretto (Gestore Locale) nell'elenco degli uffici: aggiorna gli "
            "elenchi ministeriali dal menu PolisWeb."
        ).format(office=f"{office.name} ({office.code})"))


@dataclass(frozen=True)
class ConnectionReport:
    """What ``test_connection`` learnt, for the message shown to the user."""

    tax_code: str
    office: Office
    register: Register
    server_user: str
    server_time: dt.datetime | None
    elapsed_ms: int
    mode: AccessMode

    def message(self) -> str:
        return _(
            "Collegamento a PolisWeb riuscito ({office}, registro {register}) come {tax_code}, in {ms} ms."
        ).format(office=self.office.name, register=self.register.label, tax_code=self.tax_code, ms=self.elapsed_ms)


class PolisWebClient:
    def __init__(self, config: AccessConfig, *, ask_pin: PinCallback | None = None,
                 ask_otp_code: OtpCallback | None = None, otp_password: str | None = None,
                 expected_tax_code: str = "", credentials=None,
                 descriptors: DescriptorCache | None = None,
                 max_response_bytes: int | None = None):
        """``expected_tax_code``: the user's codice fiscale from the settings ("" = not set);
        with a certificate it must match the certificate's, with OTP it is the identity sent.
        ``credentials``: already logged-in credentials to use (the client closes them)."""
        self.config = config
        self.ask_pin = ask_pin
        self.ask_otp_code = ask_otp_code
        self._otp_password = otp_password
        self.expected_tax_code = (expected_tax_code or "").strip().upper()
        self.credentials = credentials
        self.descriptors = descriptors if descriptors is not None else DESCRIPTORS
        self.max_response_bytes = max_response_bytes
        overrides = {}
        for code, path in (config.service_paths or {}).items():
            try:
                overrides[Register(code)] = path
            except ValueError:
                continue
        self.endpoint = S.Endpoint(base_url=config.base_url.rstrip("/"),
                                   service_paths={**REGISTER_SERVICE, **overrides})
        self.tax_code = ""
        self.session = None
        self.pool_size = 2  # kept-alive connections; a parallel download raises it to its parallelism
        self._extra_headers: dict[str, str] = {}

    # --- life cycle ----------------------------------------------------------------------------
    def __enter__(self) -> "PolisWebClient":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def is_open(self) -> bool:
        return self.session is not None

    def open(self) -> None:
        """Log in (card: once, with the PIN from ``ask_pin``; OTP: one login with a fresh code)."""
        if self.session is not None:
            return
        from cliens_tk.polisweb.transport import open_session

        if not self.config.base_url.lower().startswith("https://"):
            raise BadBaseUrlError(self.config.base_url)
        try:
            if self.config.mode is AccessMode.OTP:
                self.tax_code = self._otp_identity()
                code = self._ask_otp_code()
            else:
                if self.credentials is None:
                    self.credentials = self._open_credentials()
                self.tax_code = self._certificate_identity()
            self.session = open_session(
                self.credentials, ca_file=self.config.ca_file or None,
                timeout=(CONNECT_TIMEOUT, float(self.config.timeout)),
                min_tls=self.config.min_tls, max_tls=self.config.max_tls, pool_maxsize=self.pool_size,
                **({"max_response_bytes": self.max_response_bytes} if self.max_response_bytes else {}))
            if self.config.mode is AccessMode.OTP:
                self._otp_login(code)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.close()
        credentials, self.credentials = self.credentials, None
        if credentials is not None:
            credentials.close()
        self._extra_headers = {}

    # --- identity -------------------------------------------------------------------------------
    def _open_credentials(self):
        config = self.config
        if config.mode is AccessMode.PEM:
            from cliens_tk.security.token import PemCredentials

            for path in (config.cert_file, config.key_file):
                if not path:
                    raise PemFilesError("", "missing path")
            try:
                return PemCredentials.from_files(config.cert_file, config.key_file)
            except (OSError, ValueError, TypeError) as exc:
                raise PemFilesError(f"{config.cert_file}, {config.key_file}", str(exc)) from None
        from cliens_tk.security.token import Token

        token = Token(config.pkcs11_module or None, config.token_label or None)
        try:
            status = token.pin_status()
            if status.locked:
                raise PinLockedError(status.warning or "")
            pin = self.ask_pin(status, token.label) if self.ask_pin else None
            if pin is None and not token.info.protected_auth_path:
                raise AccessCancelled()
            return token.login(pin)
        except BaseException:
            token.close()
            raise
        finally:
            pin = None  # noqa: F841 - drop the reference as soon as possible

    def _certificate_identity(self) -> str:
        found = (self.credentials.tax_code or "").upper()
        if not found:
            raise MissingTaxCodeError()
        if self.expected_tax_code and found != self.expected_tax_code:
            raise TaxCodeMismatchError(found, self.expected_tax_code)
        return found

    def _otp_identity(self) -> str:
        if not self.config.otp_user or not self._otp_password:
            raise OtpNotConfiguredError()
        if not self.expected_tax_code:
            raise MissingTaxCodeError(otp=True)
        return self.expected_tax_code

    def _ask_otp_code(self) -> str:
        code = self.ask_otp_code() if self.ask_otp_code else None
        if code is None:
            raise AccessCancelled()
        code = code.strip().replace(" ", "")
        if not code.isdigit():
            raise OtpLoginError()
        return code

    def _otp_login(self, code: str) -> None:
        url = self.config.base_url.rstrip("/") + A.OTP_LOGIN_PATH
        response = self.session.post(url, data=b"", headers={
            A.OTP_USER_HEADER: self.config.otp_user, A.OTP_PASSWORD_HEADER: self._otp_password or "",
            A.OTP_CODE_HEADER: code})
        if response.status_code in (401, 403):
            raise OtpLoginError()
        error = R.error_for_http(response.status_code, response.content,
                                 CallContext(office_name=_("punto di accesso")))
        if error is not None:
            raise error
        try:
            token = str(response.json()["session"])
        except (ValueError, KeyError, TypeError):
            raise MalformedResponseError(CallContext(office_name=_("punto di accesso")),
                                         "risposta di login OTP non valida") from None
        self._extra_headers = {A.OTP_SESSION_HEADER: token}
        self._otp_password = None  # the session token is enough from now on

    # --- calls ------------------------------------------------------------------------------------
    def _context(self, office: Office | None, register: Register | None, query: str = "") -> CallContext:
        if office is None:
            return CallContext(register=register, query=query)
        return CallContext(office_code=office.code, office_name=office.name, register=register, query=query,
                           gl=office.gl_code, service=self.endpoint.service(register) if register else "")

    def _url(self, office: Office, register: Register) -> str:
        if not office.gl_code:
            raise UnknownDistrictError(office)
        return self.endpoint.url(office.gl_code, register)

    def _post(self, url: str, body: bytes, context: CallContext) -> bytes:
        self.open()
        headers = S.http_headers(self.tax_code)
        headers.update(self._extra_headers)
        response = self.session.post(url, data=body, headers=headers)
        R.raise_for_http(response.status_code, response.content, context)
        return response.content

    def _parse_kwargs(self) -> dict:
        return {"max_bytes": self.max_response_bytes} if self.max_response_bytes else {}

    def descriptor(self, office: Office, register: Register, query: str) -> ServiceDescriptor:
        """The query's parameters as this back-end declares them (asked once per GL/service)."""
        register = Register(register)
        context = self._context(office, register, query)

        def fetch() -> ServiceDescriptor:
            body = S.build_get_service_descriptor(query, register)
            return R.parse_service_descriptor(self._post(self._url(office, register), body, context), context)

        return self.descriptors.get_or_fetch(office.gl_code, self.endpoint.service(register), query, fetch)

    def execute_raw(self, office: Office, register: Register, query: str, values: Mapping[str, object],
                    order_by=None) -> bytes:
        """``execute`` of ``query`` with our canonical parameter names bound to the server's."""
        register = Register(register)
        context = self._context(office, register, query)
        if values:
            descriptor = self.descriptor(office, register, query)
            bound = bind_values(descriptor, values, optional=Q.OPTIONAL_PARAMS, context=context)
        else:
            bound = []
        body = S.build_execute(query, bound, register=register, office_code=office.code, order_by=order_by)
        return self._post(self._url(office, register), body, context)

    # --- the queries ------------------------------------------------------------------------------
    def test_connection(self, office: Office, register: Register) -> ConnectionReport:
        """TestWS through the configured access, for one office and register."""
        register = Register(register)
        started = time.perf_counter()
        data = self.execute_raw(office, register, Q.TEST, {})
        result = R.parse_execute(data, self._context(office, register, Q.TEST), **self._parse_kwargs())
        elapsed = int((time.perf_counter() - started) * 1000)
        row = result.rows[0] if result.rows else None
        server_time = R.parse_datetime(row.get("DATA")) if row is not None else None
        return ConnectionReport(self.tax_code, office, register, row.get("UTENTE") if row else "", server_time,
                                elapsed, self.config.mode)

    def service_names(self, office: Office, register: Register) -> list[str]:
        register = Register(register)
        context = self._context(office, register)
        body = S.build_get_service_names(register)
        return R.parse_service_names(self._post(self._url(office, register), body, context), context)

    def _pages(self, office: Office, register: Register, query: str, values_for: Callable[[int], dict],
               parse: Callable) -> Iterator[Page]:
        context = self._context(office, register, query)
        page_no = A.FIRST_PAGE
        for _i in range(MAX_PAGES):
            values = values_for(page_no)
            page = parse(self.execute_raw(office, register, query, values), context, page_no,
                         int(values.get(A.PAGE_SIZE_PARAM) or 0), **self._parse_kwargs())
            yield page
            if not page.has_more:
                return
            page_no += 1

    def iter_cases(self, office: Office, register: Register, start_year: int,
                   modified_since: dt.date | None = None,
                   page_size: int = A.DEFAULT_PAGE_SIZE) -> Iterator[list[CaseProfile]]:
        """The CTU's cases of an office/register with role year >= ``start_year``, page by page
        (optionally only those modified since a date: the client filters too)."""
        register = Register(register)
        pages = self._pages(office, register, Q.CASES,
                            lambda n: Q.cases_values(office.code, register, start_year, n, page_size, modified_since),
                            R.parse_cases)
        for page in pages:
            items = [c for c in page.items if c.year >= start_year]
            if modified_since is not None:
                items = [c for c in items if c.modified_at is None or c.modified_at.date() >= modified_since]
            yield items

    def cases(self, office: Office, register: Register, start_year: int, modified_since: dt.date | None = None,
              page_size: int = A.DEFAULT_PAGE_SIZE) -> list[CaseProfile]:
        return [c for page in self.iter_cases(office, register, start_year, modified_since, page_size) for c in page]

    def profile(self, office: Office, register: Register, number: int, year: int) -> CaseProfile | None:
        """The case's detail with its parties (ProfiloFascicolo); None when not visible."""
        register = Register(register)
        values = Q.profile_values(office.code, register, number, year)
        context = self._context(office, register, Q.CASE_PROFILE)
        return R.parse_case_profile(self.execute_raw(office, register, Q.CASE_PROFILE, values), context,
                                    **self._parse_kwargs())

    def history(self, office: Office, register: Register, number: int, year: int) -> list[HistoryEvent]:
        register = Register(register)
        values = Q.case_values(office.code, register, number, year)
        context = self._context(office, register, Q.CASE_HISTORY)
        return R.parse_history(self.execute_raw(office, register, Q.CASE_HISTORY, values), context,
                               **self._parse_kwargs())

    def deadlines(self, office: Office, register: Register, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, kind: str = Q.FILTER_HEARINGS, number: int | None = None,
                  year: int | None = None, page_size: int = A.DEFAULT_PAGE_SIZE) -> list[Deadline]:
        """Hearings (default), deadlines or both, of the office/register or of one case, within dates."""
        register = Register(register)
        pages = self._pages(office, register, Q.DEADLINES,
                            lambda n: Q.deadlines_values(office.code, register, date_from, date_to, kind, number,
                                                         year, n, page_size),
                            R.parse_deadlines)
        return [item for page in pages for item in page.items]

    def hearings(self, office: Office, register: Register, date_from: dt.date, date_to: dt.date,
                 number: int | None = None, year: int | None = None) -> list[Deadline]:
        return self.deadlines(office, register, date_from, date_to, Q.FILTER_HEARINGS, number, year)

    # --- the office catalogue -----------------------------------------------------------------------
    def fetch_catalogue(self) -> list:
        """Every office of the ministry's catalogue, with its district's GL code."""
        context = C.catalogue_context()
        url = self.endpoint.catalogue_url
        districts = C.parse_districts(self._post(url, C.build_get_districts(), context), context)
        offices = C.parse_offices(self._post(url, C.build_get_offices(), context), districts, context)
        if not offices:
            raise MalformedResponseError(context, _("il catalogo non contiene uffici"))
        return offices

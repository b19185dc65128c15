"""A small CalDAV client (RFC 4791) on ``requests``: find calendars, create one, put and delete events.

Why not the ``caldav`` library: every caldav 3.x release requires ``niquests``, whose
``urllib3-future`` rewrites the upstream ``urllib3`` package through a ``.pth`` file; the builds
without it (3.x ``aN``) cannot use their calendar objects unless an async HTTP library is installed.
The app needs only a handful of WebDAV requests, and owning them means one HTTP stack (requests
on upstream urllib3), certificates always verified (``trust_env`` off, so no environment variable
can replace the trust store) and an exact request count: one PUT per edited activity.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit
from xml.etree.ElementTree import Element

import requests
from defusedxml import ElementTree as SafeET
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from cliens_tk import __version__
from cliens_tk.i18n import _

log = logging.getLogger(__name__)

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
TIMEOUT = (5, 30)  # connect, read (seconds)
MAX_XML = 8 * 1024 * 1024
MAX_REDIRECTS = 5

_PROPFIND_START = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:current-user-principal/><c:calendar-home-set/><d:resourcetype/><d:displayname/></d:prop>
</d:propfind>"""
_PROPFIND_CALENDARS = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:resourcetype/><d:displayname/><c:supported-calendar-component-set/></d:prop>
</d:propfind>"""
_PROPFIND_ITEMS = """<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>"""
_MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:set><d:prop>
    <d:displayname>{name}</d:displayname>
    <c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>
  </d:prop></d:set>
</c:mkcalendar>"""


class CalDavError(Exception):
    """A CalDAV problem; ``str(error)`` is an Italian message saying what to do.

    ``retry`` tells the exporter whether trying again later may help (the network, a busy
    server) or whether the user must act (a wrong password, a calendar deleted on the server).
    """

    retry = False

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class WrongCredentialsError(CalDavError):
    pass


class ServerUnreachableError(CalDavError):
    retry = True


class ServerBusyError(CalDavError):
    retry = True


class NotCalDavError(CalDavError):
    pass


class CalendarMissingError(CalDavError):
    pass


class EventRejectedError(CalDavError):
    """The server refused one event (its content); the others can still be sent."""


@dataclass(frozen=True)
class CalendarInfo:
    url: str
    name: str


class BearerAuth(AuthBase):
    """OAuth2 access token (Google accepts no passwords over CalDAV)."""

    def __init__(self, token: str):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def _xml(response: requests.Response) -> Element:
    if len(response.content) > MAX_XML:
        raise NotCalDavError(_("Il server ha risposto con troppi dati: non sembra un server calendario."))
    try:
        return SafeET.fromstring(response.content)
    except Exception as exc:  # defusedxml and expat raise several kinds
        raise NotCalDavError(
            _("Il server non risponde come un server calendario (CalDAV): controllare l'indirizzo."),
            str(exc),
        ) from exc


def _responses(root: Element):
    """(href, props) for each 200-status propstat of a multistatus reply."""
    for response in root.iter(f"{DAV}response"):
        href = (response.findtext(f"{DAV}href") or "").strip()
        props: dict[str, Element] = {}
        for propstat in response.findall(f"{DAV}propstat"):
            status = propstat.findtext(f"{DAV}status") or ""
            if " 200 " not in f"{status} ":
                continue
            prop = propstat.find(f"{DAV}prop")
            if prop is not None:
                for child in prop:
                    props[child.tag] = child
        yield href, props


def _inner_href(prop: Element | None) -> str | None:
    if prop is None:
        return None
    href = prop.find(f"{DAV}href")
    return href.text.strip() if href is not None and href.text else None


def _is_calendar(props: dict[str, Element]) -> bool:
    kind = props.get(f"{DAV}resourcetype")
    return kind is not None and kind.find(f"{CALDAV}calendar") is not None


def _holds_events(props: dict[str, Element]) -> bool:
    components = props.get(f"{CALDAV}supported-calendar-component-set")
    if components is None or len(components) == 0:
        return True
    return any(c.get("name", "").upper() == "VEVENT" for c in components)


def event_name(uid: str) -> str:
    """The resource name of an event: readable when the UID allows it, always URL-safe."""
    local = uid.split("@", 1)[0]
    if re.fullmatch(r"[A-Za-z0-9._-]{1,100}", local) and uid.endswith("@cliens-tk"):
        return f"{local}.ics"
    return quote(uid, safe="") + ".ics"


def _slug(name: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "calendario"


class CalDavClient:
    """One account on one server; keeps the connection open between requests."""

    def __init__(self, url: str, username: str = "", password: str | None = None, token: str | None = None,
                 auth_scheme: str = "basic", timeout=TIMEOUT, verify: bool | str = True):
        if not urlsplit(url).scheme in ("http", "https") or not urlsplit(url).netloc:
            raise CalDavError(_("Indirizzo del server non valido: «{url}». Scrivere ad esempio "
                                "https://calendario.esempio.it/").format(url=url))
        self.url = url if url.endswith("/") else url + "/"
        self.username = username
        self._password = password or ""
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # no CA bundle or proxy from the environment
        self.session.verify = verify
        self.session.headers["User-Agent"] = f"cliens-tk/{__version__}"
        if token:
            self.auth_scheme = "bearer"
            self.session.auth = BearerAuth(token)
        else:
            self.auth_scheme = auth_scheme
            self.session.auth = self._password_auth(auth_scheme)
        self.requests_sent = 0

    def _password_auth(self, scheme: str) -> AuthBase:
        if scheme == "digest":
            return HTTPDigestAuth(self.username, self._password)
        return HTTPBasicAuth(self.username, self._password)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "CalDavClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- HTTP -------------------------------------------------------------------------------
    def _send(self, method: str, url: str, body: bytes | str | None = None, headers: dict | None = None,
              ok: tuple[int, ...] = (200, 201, 204, 207)) -> requests.Response:
        headers = dict(headers or {})
        if isinstance(body, str):
            body = body.encode("utf-8")
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._raw(method, url, body, headers)
            if response.status_code == 401 and self.auth_scheme == "basic" and \
                    "digest" in response.headers.get("WWW-Authenticate", "").lower():
                self.auth_scheme = "digest"
                self.session.auth = self._password_auth("digest")
                response = self._raw(method, url, body, headers)
            if response.status_code in (301, 302, 307, 308) and "Location" in response.headers:
                url = urljoin(url, response.headers["Location"])
                continue
            break
        status = response.status_code
        if status in ok:
            return response
        if status == 401:
            raise WrongCredentialsError(
                _("Nome utente o password non accettati dal server calendario. Controllarli (per iCloud "
                  "serve una password specifica per le app) e configurare di nuovo il calendario."))
        if status == 403:
            raise WrongCredentialsError(
                _("Il server calendario non permette questa operazione a questo utente (errore 403)."))
        if status in (429, 500, 502, 503, 504):
            raise ServerBusyError(
                _("Il server calendario non è disponibile in questo momento (errore {status}): "
                  "si riproverà più tardi.").format(status=status))
        raise _UnexpectedStatus(status, response.text[:300])

    def _raw(self, method: str, url: str, body: bytes | None, headers: dict) -> requests.Response:
        try:
            self.requests_sent += 1
            return self.session.request(method, url, data=body, headers=headers, timeout=self.timeout,
                                        allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise CalDavError(
                _("Il certificato del server calendario non è valido: la connessione è stata rifiutata "
                  "per sicurezza. Controllare l'indirizzo del server."), str(exc)) from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            raise ServerUnreachableError(
                _("Il server calendario non è raggiungibile: controllare la connessione a Internet e "
                  "l'indirizzo del server. Si riproverà più tardi."), str(exc)) from exc
        except requests.exceptions.RequestException as exc:
            raise CalDavError(_("Errore di comunicazione con il server calendario: {error}").format(
                error=type(exc).__name__), str(exc)) from exc

    def _propfind(self, url: str, body: str, depth: str) -> tuple[str, Element]:
        try:
            response = self._send("PROPFIND", url, body, {"Depth": depth,
                                                          "Content-Type": "application/xml; charset=utf-8"},
                                  ok=(207,))
        except _UnexpectedStatus as exc:
            raise NotCalDavError(
                _("All'indirizzo indicato non risponde un server calendario (CalDAV): controllare "
                  "l'indirizzo (errore {status}).").format(status=exc.status), exc.detail) from None
        return response.url or url, _xml(response)

    # -- discovery ---------------------------------------------------------------------------
    def calendars(self) -> list[CalendarInfo]:
        """The account's calendars that can hold events; contacts the server (a few requests)."""
        found_self, home = self._home_set()
        if found_self is not None:
            return [found_self]
        base, root = self._propfind(home, _PROPFIND_CALENDARS, "1")
        calendars = []
        for href, props in _responses(root):
            if _is_calendar(props) and _holds_events(props):
                url = urljoin(base, href)
                name_el = props.get(f"{DAV}displayname")
                name = (name_el.text or "").strip() if name_el is not None else ""
                calendars.append(CalendarInfo(url=url, name=name or urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]))
        return sorted(calendars, key=lambda c: c.name.lower())

    def _home_set(self) -> tuple[CalendarInfo | None, str]:
        """The calendar home (or the calendar itself when the URL points at one)."""
        base, root = self._propfind_start(self.url)
        principal = None
        for href, props in _responses(root):
            if _is_calendar(props) and urljoin(base, href).rstrip("/") == base.rstrip("/"):
                name_el = props.get(f"{DAV}displayname")
                return CalendarInfo(url=base, name=(name_el.text or "").strip() if name_el is not None else base), base
            home = _inner_href(props.get(f"{CALDAV}calendar-home-set"))
            if home:
                return None, urljoin(base, home)
            principal = principal or _inner_href(props.get(f"{DAV}current-user-principal"))
        if principal:
            base2, root2 = self._propfind(urljoin(base, principal), _PROPFIND_START, "0")
            for _href, props in _responses(root2):
                home = _inner_href(props.get(f"{CALDAV}calendar-home-set"))
                if home:
                    return None, urljoin(base2, home)
        raise NotCalDavError(
            _("Il server risponde ma non indica i calendari dell'utente: non sembra un server calendario "
              "(CalDAV). Controllare l'indirizzo."))

    def _propfind_start(self, url: str) -> tuple[str, Element]:
        try:
            return self._propfind(url, _PROPFIND_START, "0")
        except NotCalDavError:
            parts = urlsplit(url)
            if parts.path not in ("", "/"):
                raise
            return self._propfind(urljoin(url, "/.well-known/caldav"), _PROPFIND_START, "0")

    def create_calendar(self, name: str) -> CalendarInfo:
        """Create a calendar for events in the account's calendar home (MKCALENDAR)."""
        _self_calendar, home = self._home_set()
        if _self_calendar is not None:
            raise CalDavError(_("L'indirizzo indica già un calendario: crearne uno nuovo dal sito del fornitore."))
        from xml.sax.saxutils import escape

        slug = _slug(name)
        existing = {urlsplit(c.url).path.rstrip("/").rsplit("/", 1)[-1] for c in self.calendars()}
        candidate, n = slug, 2
        while candidate in existing:
            candidate, n = f"{slug}-{n}", n + 1
        url = urljoin(home if home.endswith("/") else home + "/", candidate + "/")
        try:
            self._send("MKCALENDAR", url, _MKCALENDAR.format(name=escape(name)),
                       {"Content-Type": "application/xml; charset=utf-8"}, ok=(200, 201))
        except _UnexpectedStatus as exc:
            raise CalDavError(
                _("Il server non permette di creare calendari da qui (errore {status}): crearlo dal sito del "
                  "fornitore del calendario e poi sceglierlo.").format(status=exc.status), exc.detail) from None
        return CalendarInfo(url=url, name=name)

    # -- events ------------------------------------------------------------------------------
    def put_event(self, calendar_url: str, uid: str, data: bytes, href: str | None = None) -> tuple[str, str]:
        """Create or overwrite one event (the app owns it: no If-Match); returns (href, etag)."""
        url = href or urljoin(calendar_url if calendar_url.endswith("/") else calendar_url + "/", event_name(uid))
        try:
            response = self._send("PUT", url, data, {"Content-Type": "text/calendar; charset=utf-8"},
                                  ok=(200, 201, 204))
        except _UnexpectedStatus as exc:
            if exc.status in (404, 409, 410):
                raise CalendarMissingError(
                    _("Il calendario scelto non esiste più sul server: configurare di nuovo il calendario."),
                    exc.detail) from None
            raise EventRejectedError(
                _("Il server calendario ha rifiutato un'attività (errore {status}).").format(status=exc.status),
                exc.detail) from None
        return url, response.headers.get("ETag", "")

    def delete_event(self, href: str) -> None:
        """Delete one event; one that is already gone counts as deleted."""
        try:
            self._send("DELETE", href, ok=(200, 204, 404, 410))
        except _UnexpectedStatus as exc:
            raise EventRejectedError(
                _("Il server calendario non ha eliminato un'attività (errore {status}).").format(status=exc.status),
                exc.detail) from None

    def get_event(self, href: str) -> bytes:
        try:
            return self._send("GET", href, ok=(200,)).content
        except _UnexpectedStatus as exc:
            raise CalDavError(_("Evento non trovato sul server (errore {status}).").format(status=exc.status)) from None

    def event_hrefs(self, calendar_url: str) -> dict[str, str]:
        """href -> etag of every object in a calendar (one PROPFIND)."""
        base, root = self._propfind(calendar_url, _PROPFIND_ITEMS, "1")
        found = {}
        for href, props in _responses(root):
            url = urljoin(base, href)
            if url.rstrip("/") == base.rstrip("/") or props.get(f"{DAV}resourcetype") is not None and \
                    len(props[f"{DAV}resourcetype"]) > 0:
                continue
            etag = props.get(f"{DAV}getetag")
            found[url] = (etag.text or "") if etag is not None else ""
        return found


class _UnexpectedStatus(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(status)
        self.status = status
        self.detail = detail

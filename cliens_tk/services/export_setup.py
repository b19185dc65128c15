"""Connecting to an on-line calendar (guide 8.1): the server choice, the account's calendars.

Google Calendar accepts no passwords over CalDAV, only OAuth2 tokens; the installed-app OAuth
flow cannot be exercised here (no Google servers reachable), so the Google choice says so plainly
instead of pretending to work.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum

from cliens_tk.export.caldav_client import CalDavClient, CalDavError, CalendarInfo
from cliens_tk.i18n import _

PASSWORD_ENV = "CLIENS_TK_CALDAV_PASSWORD"
SECRET_SERVICE = "caldav"


class ServerKind(StrEnum):
    GOOGLE = "google"
    ICLOUD = "icloud"
    CALDAV = "caldav"

    @property
    def label(self) -> str:
        return {
            ServerKind.GOOGLE: _("Google Calendar"),
            ServerKind.ICLOUD: _("Apple iCloud"),
            ServerKind.CALDAV: _("Altro server CalDAV (Nextcloud, Radicale, Fastmail, ...)"),
        }[self]


FIXED_URLS = {
    ServerKind.ICLOUD: "https://caldav.icloud.com/",
    ServerKind.GOOGLE: "https://apidata.googleusercontent.com/caldav/v2/",
}


class GoogleNotSupportedError(CalDavError):
    def __init__(self) -> None:
        super().__init__(
            _("Google Calendar non accetta password per il collegamento CalDAV: richiede un'autorizzazione "
              "OAuth2 dal browser, che questa versione di cliens-tk non offre ancora. Nel frattempo si può "
              "esportare un file .ics e importarlo in Google Calendar (Impostazioni > Importa), oppure usare "
              "un altro server calendario.")
        )


def server_url(kind: ServerKind, url: str = "") -> str:
    if kind in FIXED_URLS:
        return FIXED_URLS[kind]
    url = url.strip()
    if not url:
        raise CalDavError(_("Indicare l'indirizzo del server calendario (ad esempio https://cloud.esempio.it/remote.php/dav/)."))
    if "://" not in url:
        url = "https://" + url
    return url


def secret_key(url: str, username: str) -> str:
    """The keyring entry's user name: one password per account and server."""
    return f"{username}@{url}"


def open_client(kind: ServerKind, url: str, username: str, password: str) -> CalDavClient:
    if kind is ServerKind.GOOGLE:
        raise GoogleNotSupportedError()
    if not username.strip():
        raise CalDavError(_("Indicare il nome utente del calendario."))
    if not password:
        raise CalDavError(_("Indicare la password (per iCloud: una password specifica per le app)."))
    return CalDavClient(server_url(kind, url), username.strip(), password)


@dataclass(frozen=True)
class ProbeResult:
    url: str
    calendars: list[CalendarInfo]

    @property
    def single(self) -> CalendarInfo | None:
        """The calendar to choose without asking (guide 8.1: an account with one calendar)."""
        return self.calendars[0] if len(self.calendars) == 1 else None


def probe(kind: ServerKind, url: str, username: str, password: str) -> ProbeResult:
    """Contact the server with the credentials and list the account's calendars."""
    with open_client(kind, url, username, password) as client:
        return ProbeResult(url=client.url, calendars=client.calendars())


def create_calendar(kind: ServerKind, url: str, username: str, password: str, name: str) -> CalendarInfo:
    if not name.strip():
        raise CalDavError(_("Indicare il nome del nuovo calendario."))
    with open_client(kind, url, username, password) as client:
        return client.create_calendar(name.strip())


def password_from_environment() -> str | None:
    return os.environ.get(PASSWORD_ENV) or None

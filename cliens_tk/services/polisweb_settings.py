"""PolisWeb settings (guide 7.2-7.3): access mode, offices to consult, ticked registers, start year,
OTP credentials (OS keyring), and the client built from them.

Settings live in the archive's ``setting`` table (``polisweb.access``, ``polisweb.start_year``,
the user's ``tax_code``); the OTP username and password live only in the OS keyring.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cliens_tk.domain.offices import Office, Register
from cliens_tk.i18n import _
from cliens_tk.polisweb.access import AccessConfig, AccessMode, NoOfficeError
from cliens_tk.store.polisweb import ConsultedOffice, PolisWebRepository, RegisterState

ACCESS_KEY = "polisweb.access"
START_YEAR_KEY = "polisweb.start_year"
TAX_CODE_KEY = "tax_code"
OTP_SERVICE = "polisweb-otp"
FIRST_YEAR = 1990
# Consultation registers in the order of the settings window's check boxes.
CONSULTATION_REGISTERS = (Register.CIVIL, Register.LABOUR, Register.VOLUNTARY, Register.PEACE,
                          Register.ENFORCEMENT_MOVABLE, Register.ENFORCEMENT_REAL, Register.BANKRUPTCY)
_TAX_CODE_RE = re.compile(r"^[A-Z0-9]{16}$|^[0-9]{11}$")


class SettingsError(Exception):
    """A value the user typed is refused; ``str(error)`` says what to write instead."""


@dataclass
class OfficeEntry:
    """One line of "Uffici da consultare": the office, what it supports, what is ticked."""

    consulted: ConsultedOffice
    office: Office | None  # None: no longer in the ministry's list
    start_year: int

    @property
    def code(self) -> str:
        return self.consulted.code

    @property
    def name(self) -> str:
        return self.office.name if self.office else _("Ufficio {code} (non più nell'elenco ministeriale)").format(
            code=self.code)

    @property
    def supported(self) -> list[Register]:
        registers = self.office.registers if self.office else ()
        return [r for r in CONSULTATION_REGISTERS if r in registers]

    def state(self, register: Register) -> RegisterState | None:
        return self.consulted.registers.get(register)

    def is_ticked(self, register: Register) -> bool:
        state = self.state(register)
        return bool(state and state.ticked)

    def needs_download(self, register: Register) -> bool:
        state = self.state(register)
        return bool(state and state.needs_download(self.start_year))

    @property
    def has_ticked(self) -> bool:
        return any(self.is_ticked(r) for r in self.supported)


def valid_tax_code(text: str) -> str:
    value = (text or "").strip().upper()
    if value and not _TAX_CODE_RE.match(value):
        raise SettingsError(_("Codice fiscale non valido «{text}»: servono 16 lettere e cifre "
                              "(per esempio RSSMRA80A01H501U).").format(text=text))
    return value


class PolisWebSettingsService:
    def __init__(self, services, clock=dt.datetime.now):
        self.services = services
        self.settings = services.settings
        self.repo = PolisWebRepository(services.archive)
        self.clock = clock

    # --- access -------------------------------------------------------------------------------------
    def access(self) -> AccessConfig:
        return AccessConfig.from_dict(self.settings.get(ACCESS_KEY, {}))

    def save_access(self, config: AccessConfig) -> None:
        url = config.base_url.strip()
        if not url.lower().startswith("https://") or len(url) < 12:
            raise SettingsError(_("L'indirizzo del punto di accesso deve iniziare con https:// "
                                  "(per esempio {url}).").format(url=AccessConfig().base_url))
        if config.mode is AccessMode.PEM and not (config.cert_file and config.key_file):
            raise SettingsError(_("Per l'accesso con file PEM indica sia il certificato sia la chiave."))
        data = config.to_dict()
        data["base_url"] = url
        data.pop("otp_user", None)  # the OTP username lives in the keyring only
        self.settings.set(ACCESS_KEY, data)

    def tax_code(self) -> str:
        return str(self.settings.get(TAX_CODE_KEY, "") or "").upper()

    def set_tax_code(self, text: str) -> None:
        value = valid_tax_code(text)
        if value:
            self.settings.set(TAX_CODE_KEY, value)
        else:
            self.settings.delete(TAX_CODE_KEY)

    # --- start year ---------------------------------------------------------------------------------
    def start_year(self) -> int:
        return int(self.settings.get(START_YEAR_KEY, self.clock().year - 1))

    def set_start_year(self, value: int | str) -> int:
        this_year = self.clock().year
        try:
            year = int(str(value).strip())
        except ValueError:
            year = 0
        if not FIRST_YEAR <= year <= this_year:
            raise SettingsError(_("Anno iniziale non valido «{value}»: scrivi un anno tra {first} e {last}.").format(
                value=value, first=FIRST_YEAR, last=this_year))
        self.settings.set(START_YEAR_KEY, year)
        return year

    # --- offices and registers ----------------------------------------------------------------------
    def entries(self) -> list[OfficeEntry]:
        start_year = self.start_year()
        return [OfficeEntry(c, self.services.offices.get(c.code), start_year) for c in self.repo.offices()]

    def add_offices(self, codes: list[str]) -> list[str]:
        unknown = [c for c in codes if self.services.offices.get(c) is None]
        if unknown:
            raise SettingsError(_("Ufficio sconosciuto: {codes}. Aggiorna gli elenchi ministeriali.").format(
                codes=", ".join(unknown)))
        return self.repo.add_offices(list(codes), self.clock())

    def remove_office(self, code: str) -> bool:
        return self.repo.remove_office(code)

    def set_register(self, code: str, register: Register, ticked: bool) -> None:
        register = Register(register)
        office = self.services.offices.get(code)
        if ticked and (office is None or register not in office.registers):
            name = office.name if office else code
            raise SettingsError(_("{office} non offre il registro {register} su PolisWeb.").format(
                office=name, register=register.label))
        if code not in self.repo.office_codes():
            raise SettingsError(_("L'ufficio {code} non è tra gli uffici da consultare.").format(code=code))
        self.repo.set_ticked(code, register, ticked, self.clock())

    def warnings(self) -> list[str]:
        """One line per office with no register ticked (guide 7.3: nothing would be downloaded)."""
        return [_("Nessun registro spuntato per {office}: spunta almeno un registro, altrimenti non verrà "
                  "scaricato nulla.").format(office=e.name) for e in self.entries() if not e.has_ticked]

    def last_download(self) -> dt.datetime | None:
        """The last successful download of all the ticked registers (None if one never was)."""
        dates = []
        for entry in self.entries():
            for register in entry.supported:
                state = entry.state(register)
                if state and state.ticked:
                    if state.last_download is None:
                        return None
                    dates.append(state.last_download)
        return min(dates) if dates else None

    def targets(self) -> list[tuple[Office, Register]]:
        """(office, register) pairs to download: ticked registers the office supports."""
        return [(e.office, r) for e in self.entries() if e.office for r in e.supported if e.is_ticked(r)]

    def test_target(self) -> tuple[Office, Register]:
        """Where ``TestWS`` goes: the first ticked register, else any consulted office, else the first
        stored office that offers consultation."""
        found = self.targets()
        if found:
            return found[0]
        for entry in self.entries():
            if entry.office and entry.supported:
                return entry.office, entry.supported[0]
        for office in self.services.offices.search(""):
            registers = [r for r in CONSULTATION_REGISTERS if r in office.registers]
            if office.gl_code and registers:
                return office, registers[0]
        raise NoOfficeError()

    # --- OTP (7.2) ------------------------------------------------------------------------------------
    def otp_credentials(self) -> tuple[str, str] | None:
        from cliens_tk.security import secrets

        user = secrets.get_secret(OTP_SERVICE, "username")
        password = secrets.get_secret(OTP_SERVICE, "password") if user else None
        return (user, password) if user and password else None

    def save_otp(self, user: str, password: str) -> None:
        """Store the OTP device's account in the OS keyring and switch access to OTP."""
        from cliens_tk.security import secrets

        user = (user or "").strip()
        if not user or not password:
            raise SettingsError(_("Indica sia il nome utente sia la password del dispositivo OTP."))
        secrets.set_secret(OTP_SERVICE, "username", user)
        secrets.set_secret(OTP_SERVICE, "password", password)
        config = self.access()
        config.mode = AccessMode.OTP
        self.settings.set(ACCESS_KEY, {**config.to_dict(), "otp_user": ""})

    def clear_otp(self) -> None:
        """Forget the OTP account: access goes back to the smart card (guide 7.2)."""
        from cliens_tk.security import secrets

        secrets.delete_secret(OTP_SERVICE, "username")
        secrets.delete_secret(OTP_SERVICE, "password")
        config = self.access()
        if config.mode is AccessMode.OTP:
            config.mode = AccessMode.SMART_CARD
            self.settings.set(ACCESS_KEY, {**config.to_dict(), "otp_user": ""})

    def otp_page_url(self) -> str:
        return self.access().otp_page_url

    # --- the client -----------------------------------------------------------------------------------
    def client(self, ask_pin=None, ask_otp_code=None, credentials=None):
        """A PolisWebClient for the configured access (not yet logged in: ``open()`` or use it)."""
        from cliens_tk.polisweb.client import PolisWebClient

        config = self.access()
        password = None
        if config.mode is AccessMode.OTP:
            found = self.otp_credentials()
            if found:
                config.otp_user, password = found
        return PolisWebClient(config, ask_pin=ask_pin, ask_otp_code=ask_otp_code, otp_password=password,
                              expected_tax_code=self.tax_code(), credentials=credentials)


@dataclass(frozen=True)
class RegisterStatusRow:
    """A line of the "?" status table and of ``cliens-tk polisweb status``."""

    office_code: str
    office_name: str
    register: Register
    status: str  # an Italian word
    last_download: dt.datetime | None
    last_attempt: dt.datetime | None
    error: str
    needs_download: bool


def status_word(state: RegisterState | None, needs_download: bool) -> str:
    from cliens_tk.store.polisweb import RegisterStatus

    if state is None or state.status is RegisterStatus.NEVER:
        return _("mai scaricato")
    if state.status is RegisterStatus.RUNNING:
        return _("in corso")
    if state.status is RegisterStatus.ERROR:
        return _("errore")
    return _("da aggiornare") if needs_download else _("aggiornato")


def status_rows(settings: PolisWebSettingsService) -> list[RegisterStatusRow]:
    rows = []
    for entry in settings.entries():
        for register in entry.supported:
            if not entry.is_ticked(register):
                continue
            state = entry.state(register)
            needs = entry.needs_download(register)
            rows.append(RegisterStatusRow(entry.code, entry.name, register, status_word(state, needs),
                                          state.last_download, state.last_attempt, state.error, needs))
    return rows

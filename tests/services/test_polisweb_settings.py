"""PolisWeb settings: offices to consult, ticked registers and their red state, start year,
tax code, OTP account in the keyring, status rows."""

from __future__ import annotations

import datetime as dt

import keyring
import pytest

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.access import AccessConfig, AccessMode
from cliens_tk.services.polisweb_settings import (
    PolisWebSettingsService,
    SettingsError,
    status_rows,
)
from cliens_tk.store.polisweb import PolisWebRepository
from support.keyrings import MemoryKeyring

MILANO, GDP_MILANO, ROMA = "0151460094", "0151460095", "0580910098"


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 25, 9, 0)

    def __call__(self):
        return self.now

    def tick(self, minutes=1):
        self.now += dt.timedelta(minutes=minutes)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def settings(services, clock):
    return PolisWebSettingsService(services, clock=clock)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def entry(settings, code):
    return next(e for e in settings.entries() if e.code == code)


def test_offices_are_added_once_in_order_and_removed(settings):
    assert settings.add_offices([ROMA, MILANO, ROMA]) == [ROMA, MILANO]
    assert settings.add_offices([MILANO, GDP_MILANO]) == [GDP_MILANO]
    assert [e.code for e in settings.entries()] == [ROMA, MILANO, GDP_MILANO]
    with pytest.raises(SettingsError, match="Ufficio sconosciuto"):
        settings.add_offices(["1234567890"])
    assert settings.remove_office(ROMA) is True
    assert settings.remove_office(ROMA) is False
    assert [e.code for e in settings.entries()] == [MILANO, GDP_MILANO]


def test_only_registers_the_office_supports(settings):
    settings.add_offices([GDP_MILANO, MILANO])
    assert entry(settings, GDP_MILANO).supported == [Register.PEACE]
    assert Register.PEACE not in entry(settings, MILANO).supported
    with pytest.raises(SettingsError, match="non offre il registro Giudice di pace"):
        settings.set_register(MILANO, Register.PEACE, True)


def test_red_state_never_downloaded_then_added_since_then_start_year_moved_back(settings, services, clock):
    repo = PolisWebRepository(services.archive)
    settings.add_offices([MILANO])
    settings.set_register(MILANO, Register.CIVIL, True)
    assert entry(settings, MILANO).needs_download(Register.CIVIL)  # never downloaded
    clock.tick()
    repo.mark_succeeded(MILANO, Register.CIVIL, clock(), settings.start_year(), 12)
    assert not entry(settings, MILANO).needs_download(Register.CIVIL)
    assert settings.last_download() == clock()
    clock.tick()
    settings.set_register(MILANO, Register.CIVIL, False)
    assert not entry(settings, MILANO).needs_download(Register.CIVIL)  # unticked: never red
    clock.tick()
    settings.set_register(MILANO, Register.CIVIL, True)
    assert entry(settings, MILANO).needs_download(Register.CIVIL)  # ticked again after the download
    clock.tick()
    repo.mark_succeeded(MILANO, Register.CIVIL, clock(), settings.start_year())
    assert not entry(settings, MILANO).needs_download(Register.CIVIL)
    settings.set_start_year(settings.start_year() - 2)
    assert entry(settings, MILANO).needs_download(Register.CIVIL)  # older years not downloaded yet


def test_warning_for_an_office_without_registers(settings):
    settings.add_offices([MILANO, GDP_MILANO])
    settings.set_register(GDP_MILANO, Register.PEACE, True)
    warnings = settings.warnings()
    assert len(warnings) == 1 and "Tribunale di Milano" in warnings[0] and "almeno un registro" in warnings[0]


def test_start_year_and_tax_code_validation(settings, clock):
    assert settings.start_year() == clock().year - 1
    assert settings.set_start_year("2019") == 2019
    for bad in ("19", "duemila", clock().year + 1):
        with pytest.raises(SettingsError, match="Anno iniziale non valido"):
            settings.set_start_year(bad)
    assert settings.start_year() == 2019
    settings.set_tax_code(" rssmra80a01h501u ")
    assert settings.tax_code() == "RSSMRA80A01H501U"
    with pytest.raises(SettingsError, match="Codice fiscale non valido"):
        settings.set_tax_code("RSSMRA80")
    settings.set_tax_code("")
    assert settings.tax_code() == ""


def test_access_settings_round_trip_without_secrets(settings, services):
    config = AccessConfig(mode=AccessMode.PEM, base_url="https://pda.example.it", cert_file="/c.pem",
                          key_file="/k.pem", ca_file="/ca.pem")
    settings.save_access(config)
    assert settings.access() == config
    with pytest.raises(SettingsError, match="https://"):
        settings.save_access(AccessConfig(base_url="http://pda.example.it"))
    with pytest.raises(SettingsError, match="certificato sia la chiave"):
        settings.save_access(AccessConfig(mode=AccessMode.PEM, cert_file="/c.pem"))
    assert "password" not in str(services.settings.get("polisweb.access"))


def test_otp_account_lives_in_the_keyring_and_switches_access(settings, services, memory_keyring):
    assert settings.otp_credentials() is None
    settings.save_otp("mario.rossi", "s3gr3ta")
    assert settings.access().mode is AccessMode.OTP
    assert settings.otp_credentials() == ("mario.rossi", "s3gr3ta")
    stored = services.archive.read("SELECT value FROM setting")
    assert not any("s3gr3ta" in r["value"] or "mario.rossi" in r["value"] for r in stored)
    client = settings.client()
    assert client.config.otp_user == "mario.rossi"
    with pytest.raises(SettingsError):
        settings.save_otp("", "x")
    settings.clear_otp()
    assert settings.otp_credentials() is None
    assert settings.access().mode is AccessMode.SMART_CARD  # no OTP: the smart card is used


def test_status_rows_and_test_target(settings, services, clock):
    assert settings.test_target()[0].gl_code  # with nothing configured: any office that consults
    settings.add_offices([MILANO])
    settings.set_register(MILANO, Register.LABOUR, True)
    settings.set_register(MILANO, Register.CIVIL, True)
    assert settings.test_target()[1] is Register.CIVIL
    repo = PolisWebRepository(services.archive)
    repo.mark_running(MILANO, Register.CIVIL, clock())
    repo.mark_failed(MILANO, Register.LABOUR, clock(), "Servizio non disponibile")
    rows = {r.register: r for r in status_rows(settings)}
    assert rows[Register.CIVIL].status == "in corso"
    assert rows[Register.LABOUR].status == "errore" and rows[Register.LABOUR].error == "Servizio non disponibile"
    assert set(rows) == {Register.CIVIL, Register.LABOUR}

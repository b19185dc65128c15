"""The PolisWeb menu actions against the emulator: office list update with progress and a result
message, the connection test from the settings window, OTP settings and page."""

from __future__ import annotations

import datetime as dt

import keyring
import pytest

from cliens_tk.polisweb.access import AccessConfig, AccessMode
from cliens_tk.polisweb.emulator import DEMO_TAX_CODE, Emulator
from cliens_tk.services.polisweb_settings import PolisWebSettingsService
from cliens_tk.ui import polisweb as entry_points
from cliens_tk.ui.polisweb import access_flow, pin_dialog
from cliens_tk.ui.polisweb.settings_window import PolisWebSettingsWindow
from support.keyrings import MemoryKeyring


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    with Emulator(tmp_path_factory.mktemp("ui-emulator"), seed=2, cases=10, catalogue_size=150,
                  now=dt.datetime(2025, 3, 10)) as em:
        yield em


@pytest.fixture
def messages(monkeypatch):
    shown = []
    monkeypatch.setattr(access_flow, "show_info", lambda parent, text, title: shown.append(("info", text)))
    monkeypatch.setattr(access_flow, "show_error", lambda parent, text, title: shown.append(("error", text)))
    return shown


def configure_pem(ctx, em):
    PolisWebSettingsService(ctx.services).save_access(AccessConfig(
        mode=AccessMode.PEM, base_url=em.base_url, ca_file=str(em.ca_file), cert_file=str(em.client_cert_file),
        key_file=str(em.client_key_file)))


def finish(ctx, job):
    assert job is not None
    ctx.tasks.wait_idle(30)
    ctx.root.update()


def test_office_list_update_shows_progress_then_what_changed(ctx, emulator, messages):
    configure_pem(ctx, emulator)
    job = entry_points.open_office_list_update(ctx)
    progress = [w for w in ctx.root.winfo_children() if isinstance(w, access_flow.ProgressWindow)]
    assert progress and progress[0].winfo_exists()
    finish(ctx, job)
    assert not progress[0].winfo_exists()
    assert messages[0][0] == "info" and "Elenchi ministeriali aggiornati: 150 uffici." in messages[0][1]
    assert ctx.services.offices.repo.count() == 150


def test_office_list_update_failure_is_a_message_and_keeps_the_list(ctx, emulator, messages):
    configure_pem(ctx, emulator)
    before = ctx.services.offices.names()
    emulator.inject(503, query="getDistretti", times=1)
    try:
        finish(ctx, entry_points.open_office_list_update(ctx))
    finally:
        emulator.clear_injections()
    assert messages[0][0] == "error" and "temporaneamente non disponibile" in messages[0][1]
    assert ctx.services.offices.names() == before


def test_connection_test_from_the_settings_window(ctx, emulator, messages):
    configure_pem(ctx, emulator)
    window = PolisWebSettingsWindow(ctx)
    finish(ctx, window.test_connection())
    assert "Collegamento a PolisWeb riuscito" in window.message.cget("text")
    assert DEMO_TAX_CODE in window.message.cget("text")
    window.tax_code.set("VRDLGU70M12L219K")
    finish(ctx, window.test_connection())
    assert messages and messages[-1][0] == "error" and "codice fiscale del certificato" in messages[-1][1]
    window.destroy()


def test_cancelled_pin_starts_nothing(ctx, emulator, messages, monkeypatch):
    from support.softhsm import softhsm_module

    if softhsm_module() is None:
        pytest.skip("SoftHSM2 is not installed")
    from cliens_tk.security import pki
    from support.softhsm import shared_softhsm

    ca = pki.load_issued(emulator.ca_file, emulator.credentials.ca_key_file)
    card = shared_softhsm().create_token("CTU-UI-TESTS", ca, tax_code=DEMO_TAX_CODE)
    PolisWebSettingsService(ctx.services).save_access(AccessConfig(
        mode=AccessMode.SMART_CARD, base_url=emulator.base_url, ca_file=str(emulator.ca_file),
        pkcs11_module=card.module, token_label="CTU-UI-TESTS"))
    asked = []
    monkeypatch.setattr(pin_dialog, "ask_pin", lambda parent, status, label: asked.append(label))
    assert entry_points.open_office_list_update(ctx) is None
    assert asked == ["CTU-UI-TESTS"] and messages == []
    monkeypatch.setattr(pin_dialog, "ask_pin", lambda parent, status, label: "999999")
    assert entry_points.open_office_list_update(ctx) is None
    assert messages[-1][0] == "error" and "PIN errato" in messages[-1][1]
    monkeypatch.setattr(pin_dialog, "ask_pin", lambda parent, status, label: card.pin)
    finish(ctx, entry_points.open_office_list_update(ctx))
    assert messages[-1][0] == "info"


def test_otp_window_and_page(ctx):
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        window = entry_points.open_otp_settings(ctx)
        window.user.set("mario")
        assert window.save() is False  # no password: refused, the username stays
        assert window.user.get() == "mario" and "password" in window.message.cget("text")
        window.password.set("s3gr3ta")
        assert window.save() is True
        settings = PolisWebSettingsService(ctx.services)
        assert settings.otp_credentials() == ("mario", "s3gr3ta")
        assert settings.access().mode is AccessMode.OTP
        assert window.remove(ask=lambda parent, text: False) is False
        assert settings.otp_credentials() is not None
        assert window.remove(ask=lambda parent, text: True) is True
        assert settings.otp_credentials() is None and settings.access().mode is AccessMode.SMART_CARD
        window.destroy()
    finally:
        keyring.set_keyring(previous)
    opened = []
    assert entry_points.open_otp_page(ctx, open_url=opened.append) == opened[0]
    assert opened[0].startswith("https://")

"""Smart-card access against a real PKCS#11 token (SoftHSM2)."""

from __future__ import annotations

import logging

import PyKCS11
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from cliens_tk.security import pki, token as tok
from cliens_tk.security.token import (
    EmptyPinError,
    ModuleMissingError,
    PemCredentials,
    PinLockedError,
    PinStatus,
    Token,
    TokenAbsentError,
    WrongPinError,
    choose_authentication_certificate,
    error_from_pkcs11,
    list_tokens,
    open_token,
    read_pin_status,
)
from support.softhsm import shared_softhsm, softhsm_module

pytestmark = pytest.mark.skipif(softhsm_module() is None, reason="SoftHSM2 is not installed")

TAX_CODE = "BNCGVN75C41F205X"
LABEL = "CTU-TOKEN-TESTS"


@pytest.fixture(scope="module")
def ca():
    return pki.create_ca()


@pytest.fixture(scope="module")
def hsm():
    return shared_softhsm()


@pytest.fixture(scope="module")
def card(hsm, ca):
    # The signature-only certificate is stored first: naive "first certificate" code picks it.
    return hsm.create_token(LABEL, ca, tax_code=TAX_CODE, with_signature_certificate=True)


@pytest.fixture
def login_calls(monkeypatch):
    """Every C_Login the application code makes (the real call still happens)."""
    calls = []
    real_login = PyKCS11.Session.login

    def spy(self, pin, user_type=PyKCS11.CKU_USER):
        calls.append(user_type)
        return real_login(self, pin, user_type)

    monkeypatch.setattr(PyKCS11.Session, "login", spy)
    return calls


def _digest_info_sha256(data: bytes) -> bytes:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return tok.DIGEST_INFO_PREFIXES["sha256"] + digest.finalize()


# --- discovery and PIN state ------------------------------------------------------------------


def test_list_tokens_shows_the_token_by_label(card):
    tokens = {t.label: t for t in list_tokens(card.module)}
    assert LABEL in tokens
    assert tokens[LABEL].flags & PyKCS11.CKF_TOKEN_INITIALIZED
    assert tokens[LABEL].pin_status == PinStatus()


def test_pin_status_of_a_fresh_token_has_no_warning(card):
    status = read_pin_status(card.module, LABEL)
    assert status.can_login and status.warning is None


@pytest.mark.parametrize(
    "flags, expected",
    [
        (0, None),
        (PyKCS11.CKF_USER_PIN_COUNT_LOW, "restano pochi tentativi"),
        (PyKCS11.CKF_USER_PIN_COUNT_LOW | PyKCS11.CKF_USER_PIN_FINAL_TRY, "resta un solo tentativo"),
        (PyKCS11.CKF_USER_PIN_FINAL_TRY, "resta un solo tentativo"),
        (PyKCS11.CKF_USER_PIN_LOCKED, "PUK"),
        (PyKCS11.CKF_USER_PIN_LOCKED | PyKCS11.CKF_USER_PIN_FINAL_TRY, "è bloccato"),
    ],
)
def test_pin_flags_map_to_italian_warnings(flags, expected):
    # SoftHSM2 never locks a PIN: the mapping is tested from the flag values.
    status = PinStatus.from_flags(flags | PyKCS11.CKF_TOKEN_INITIALIZED | PyKCS11.CKF_LOGIN_REQUIRED)
    if expected is None:
        assert status.warning is None
    else:
        assert expected in status.warning
    assert status.can_login == (not flags & PyKCS11.CKF_USER_PIN_LOCKED)


def test_locked_pin_is_refused_without_a_login_attempt(card, monkeypatch, login_calls):
    monkeypatch.setattr(Token, "pin_status", lambda self: PinStatus(locked=True))
    with pytest.raises(PinLockedError, match="PUK"):
        open_token(card.pin, card.module, LABEL)
    assert login_calls == []


def test_pin_locked_return_code_maps_to_pin_locked_error():
    error = error_from_pkcs11(PyKCS11.PyKCS11Error(PyKCS11.CKR_PIN_LOCKED))
    assert isinstance(error, PinLockedError) and "bloccato" in str(error)


# --- login -------------------------------------------------------------------------------------


def test_login_reads_the_authentication_certificate_and_tax_code(card, login_calls):
    with open_token(card.pin, card.module, LABEL) as credentials:
        assert credentials.certificate == card.auth_certificate
        assert credentials.cka_id == b"\x01"
        assert credentials.tax_code == TAX_CODE
        assert credentials.label == LABEL
        assert credentials.supports_pss  # SoftHSM2 has CKM_RSA_PKCS_PSS
    assert login_calls == [PyKCS11.CKU_USER]


def test_wrong_pin_is_tried_once_and_explained(card, login_calls):
    with pytest.raises(WrongPinError) as caught:
        open_token("000000", card.module, LABEL)
    assert login_calls == [PyKCS11.CKU_USER]  # exactly one attempt, no retry
    message = str(caught.value)
    assert "PIN errato" in message and "PUK" in message
    assert "000000" not in message
    # SoftHSM2 raises CKF_USER_PIN_COUNT_LOW after a failure: the warning is carried along.
    assert caught.value.status is not None and caught.value.status.count_low
    assert caught.value.status.warning in message
    # The right PIN still works afterwards (SoftHSM2 never locks).
    open_token(card.pin, card.module, LABEL).close()


def test_a_token_is_logged_in_at_most_once(card, login_calls):
    token = Token(card.module, LABEL)
    try:
        with pytest.raises(WrongPinError):
            token.login("000000")
        with pytest.raises(tok.TokenOperationError):
            token.login(card.pin)
    finally:
        token.close()
    assert login_calls == [PyKCS11.CKU_USER]


@pytest.mark.parametrize("pin", ["", "   ", None])
def test_empty_pin_never_reaches_the_card(card, login_calls, pin):
    with pytest.raises(EmptyPinError, match="Inserisci il PIN"):
        open_token(pin, card.module, LABEL)
    assert login_calls == []


def test_empty_pin_return_code_from_the_token_maps_to_empty_pin_error(hsm, card):
    code = hsm.login_raw(LABEL, "")
    assert code == PyKCS11.CKR_ARGUMENTS_BAD  # what SoftHSM2 answers
    assert isinstance(error_from_pkcs11(PyKCS11.PyKCS11Error(code)), EmptyPinError)


def test_pin_is_neither_kept_nor_logged(card, caplog):
    pin = card.pin
    caplog.set_level(logging.DEBUG)
    credentials = open_token(pin, card.module, LABEL)
    try:
        holders = [credentials, credentials._token]
        for holder in holders:
            for value in vars(holder).values():
                assert value != pin
        credentials.sign(_digest_info_sha256(b"x"), "pkcs1")
    finally:
        credentials.close()
    assert pin not in caplog.text


# --- absent token / module -------------------------------------------------------------------


def test_unknown_label_is_reported_as_absent_token(card):
    with pytest.raises(TokenAbsentError, match="«NON-ESISTE» non trovata"):
        open_token(card.pin, card.module, "NON-ESISTE")


def test_missing_module_is_reported(tmp_path):
    with pytest.raises(ModuleMissingError, match="non esiste"):
        open_token("123456", str(tmp_path / "libbit4xpki.so"))


def test_file_that_is_not_a_pkcs11_module_is_reported(tmp_path):
    fake = tmp_path / "libfake.so"
    fake.write_bytes(b"not a shared library")
    with pytest.raises(ModuleMissingError, match="Impossibile caricare"):
        open_token("123456", str(fake))


def test_no_module_installed_is_reported(monkeypatch):
    monkeypatch.setattr(tok, "default_module", lambda: None)
    with pytest.raises(ModuleMissingError, match="Nessun driver"):
        list_tokens()


# --- signing and certificate choice --------------------------------------------------------------


def test_token_signs_pkcs1_and_pss_with_the_key_inside(card):
    data = b"handshake transcript"
    with open_token(card.pin, card.module, LABEL) as credentials:
        public_key = credentials.certificate.public_key()
        signature = credentials.sign(_digest_info_sha256(data), "pkcs1")
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        digest = hashes.Hash(hashes.SHA256())
        digest.update(data)
        signature = credentials.sign(digest.finalize(), "pss", "sha256", 32)
        public_key.verify(
            signature, data, padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256()
        )
    with pytest.raises(tok.TokenOperationError):
        credentials.sign(_digest_info_sha256(data), "pkcs1")  # closed


def test_certificate_choice_prefers_client_auth(ca):
    signature = pki.issue_client_cert(ca, TAX_CODE, client_auth=False).certificate
    auth = pki.issue_client_cert(ca, TAX_CODE).certificate
    assert choose_authentication_certificate([ca.certificate, signature, auth]) == auth
    assert choose_authentication_certificate([ca.certificate, signature]) is None


def test_pem_credentials_have_the_same_interface(ca, tmp_path):
    issued = pki.issue_client_cert(ca, TAX_CODE)
    pki.save_issued(issued, tmp_path / "c.pem", tmp_path / "c.key")
    credentials = PemCredentials.from_files(tmp_path / "c.pem", tmp_path / "c.key")
    assert credentials.tax_code == TAX_CODE and credentials.supports_pss
    data = b"abc"
    signature = credentials.sign(_digest_info_sha256(data), "pkcs1")
    issued.certificate.public_key().verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    credentials.close()

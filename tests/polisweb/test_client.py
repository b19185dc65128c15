"""PolisWebClient against the access-point emulator over real HTTPS: SoftHSM2 token (TLS 1.2 and
1.3), PEM demo certificate, OTP; every failure reaches the caller as its Italian message."""

from __future__ import annotations

import datetime as dt

import pytest

from cliens_tk.domain.offices import Register, load_bundled_offices
from cliens_tk.polisweb import access as AC
from cliens_tk.polisweb.access import AccessConfig, AccessMode
from cliens_tk.polisweb.client import PolisWebClient, UnknownDistrictError
from cliens_tk.polisweb.emulator import DEMO_TAX_CODE, Emulator
from cliens_tk.polisweb.protocol import errors as E
from cliens_tk.polisweb.protocol import queries as Q
from cliens_tk.polisweb.protocol.discovery import DescriptorCache
from cliens_tk.polisweb.transport import (
    HostnameMismatchError,
    ResponseTooLargeError,
    UnknownCertificateAuthorityError,
)
from cliens_tk.security import pki
from cliens_tk.security.token import TokenAbsentError, WrongPinError
from support.softhsm import shared_softhsm, softhsm_module

NOW = dt.datetime(2025, 3, 10, 9, 0)
OFFICES = {o.code: o for o in load_bundled_offices()}
MILANO = OFFICES["0151460094"]
GDP_MILANO = OFFICES["0151460095"]
LABEL = "CTU-CLIENT-TESTS"

needs_softhsm = pytest.mark.skipif(softhsm_module() is None, reason="SoftHSM2 is not installed")


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    with Emulator(tmp_path_factory.mktemp("client-emulator"), seed=11, cases=60, now=NOW) as em:
        yield em


@pytest.fixture(scope="module")
def card(emulator):
    if softhsm_module() is None:
        pytest.skip("SoftHSM2 is not installed")
    ca = pki.load_issued(emulator.ca_file, emulator.credentials.ca_key_file)
    return shared_softhsm().create_token(LABEL, ca, tax_code=DEMO_TAX_CODE, with_signature_certificate=True)


@pytest.fixture
def clean(emulator):
    emulator.clear_injections()
    yield emulator
    emulator.clear_injections()


def pem_config(em: Emulator, **changes) -> AccessConfig:
    config = AccessConfig(mode=AccessMode.PEM, base_url=em.base_url, ca_file=str(em.ca_file),
                          cert_file=str(em.client_cert_file), key_file=str(em.client_key_file))
    for key, value in changes.items():
        setattr(config, key, value)
    return config


def card_config(em: Emulator, card, **changes) -> AccessConfig:
    config = AccessConfig(mode=AccessMode.SMART_CARD, base_url=em.base_url, ca_file=str(em.ca_file),
                          pkcs11_module=card.module, token_label=LABEL)
    for key, value in changes.items():
        setattr(config, key, value)
    return config


class PinAsker:
    def __init__(self, pin):
        self.pin = pin
        self.calls = []

    def __call__(self, status, label):
        self.calls.append((status, label))
        return self.pin


# --- smart card ---------------------------------------------------------------------------------

@needs_softhsm
@pytest.mark.parametrize("tls", ["1.2", "1.3"])
def test_token_mutual_tls_one_login_one_handshake(emulator, card, tls):
    asker = PinAsker(card.pin)
    with PolisWebClient(card_config(emulator, card, min_tls=tls, max_tls=tls), ask_pin=asker,
                        descriptors=DescriptorCache()) as client:
        report = client.test_connection(MILANO, Register.CIVIL)
        cases = client.cases(MILANO, Register.CIVIL, 2015)
        client.test_connection(MILANO, Register.LABOUR)
        assert client.session.transport.handshakes == 1  # keep-alive: one card signature
    assert report.tax_code == DEMO_TAX_CODE == report.server_user
    assert "Collegamento a PolisWeb riuscito" in report.message() and "Tribunale di Milano" in report.message()
    assert len(asker.calls) == 1 and asker.calls[0][1] == LABEL  # the PIN is asked once per session
    assert cases


@needs_softhsm
def test_wrong_pin_is_tried_once_with_a_clear_message(emulator, card):
    asker = PinAsker("000000")
    client = PolisWebClient(card_config(emulator, card), ask_pin=asker)
    with pytest.raises(WrongPinError) as caught:
        client.open()
    assert "PIN errato" in str(caught.value) and "000000" not in str(caught.value)
    assert len(asker.calls) == 1  # never retried on its own
    assert not client.is_open
    assert shared_softhsm().login_raw(LABEL, card.pin) == 0  # the right PIN still works afterwards


@needs_softhsm
def test_cancelled_pin_dialog_tries_nothing(emulator, card):
    client = PolisWebClient(card_config(emulator, card), ask_pin=PinAsker(None))
    with pytest.raises(AC.AccessCancelled, match="annullata"):
        client.open()


@needs_softhsm
def test_token_absent(emulator, card):
    asker = PinAsker(card.pin)
    client = PolisWebClient(card_config(emulator, card, token_label="CARTA-NON-INSERITA"), ask_pin=asker)
    with pytest.raises(TokenAbsentError, match="Inserisci la carta"):
        client.open()
    assert asker.calls == []


@needs_softhsm
def test_certificate_tax_code_must_match_the_configured_one(emulator, card):
    client = PolisWebClient(card_config(emulator, card), ask_pin=PinAsker(card.pin),
                            expected_tax_code="VRDLGU70M12L219K")
    with pytest.raises(AC.TaxCodeMismatchError) as caught:
        client.open()
    assert DEMO_TAX_CODE in str(caught.value) and "VRDLGU70M12L219K" in str(caught.value)


# --- server verification ---------------------------------------------------------------------------

def test_server_from_an_unknown_ca_is_refused(emulator, tmp_path):
    other = tmp_path / "other-ca.pem"
    pki.save_issued(pki.create_ca("another CA"), other)
    for ca_file in (str(other), ""):  # a wrong CA file, and the system trust store
        client = PolisWebClient(pem_config(emulator, ca_file=ca_file))
        with pytest.raises(UnknownCertificateAuthorityError, match="autorità riconosciuta"):
            client.test_connection(MILANO, Register.CIVIL)
        client.close()


def test_wrong_hostname_is_refused(tmp_path):
    em = Emulator(tmp_path / "state", seed=1, cases=5, now=NOW)
    ca = pki.load_issued(em.ca_file, em.credentials.ca_key_file)
    pki.save_issued(pki.issue_server_cert(ca, ("pda.example.invalid",), ()), em.credentials.server_cert_file,
                    em.credentials.server_key_file)
    with em:
        with PolisWebClient(pem_config(em)) as client:
            with pytest.raises(HostnameMismatchError, match="non corrisponde all'indirizzo 127.0.0.1"):
                client.test_connection(MILANO, Register.CIVIL)


def test_plain_http_base_url_is_refused(emulator):
    with pytest.raises(AC.BadBaseUrlError, match="https://"):
        PolisWebClient(pem_config(emulator, base_url="http://127.0.0.1:1")).open()


# --- PEM, identity, queries ---------------------------------------------------------------------------

def test_pem_tax_code_mismatch_and_missing_files(emulator, tmp_path):
    with pytest.raises(AC.TaxCodeMismatchError):
        PolisWebClient(pem_config(emulator), expected_tax_code="VRDLGU70M12L219K").open()
    with pytest.raises(AC.PemFilesError, match="Impossibile leggere"):
        PolisWebClient(pem_config(emulator, cert_file=str(tmp_path / "manca.pem"))).open()


def test_queries_match_the_emulator_truth(emulator):
    truth = emulator.truth()
    expected = sorted((c["number"], c["year"]) for c in truth["cases"]
                      if c["office_code"] == MILANO.code and c["register"] == "CC" and c["year"] >= 2019)
    with PolisWebClient(pem_config(emulator)) as client:
        cases = client.cases(MILANO, Register.CIVIL, 2019, page_size=3)  # several pages
        assert sorted((c.number, c.year) for c in cases) == expected
        first = cases[0]
        profile = client.profile(MILANO, Register.CIVIL, first.number, first.year)
        assert profile.parties and profile.number == first.number
        assert client.history(MILANO, Register.CIVIL, first.number, first.year)
        start, end = dt.date(2025, 3, 1), Q.end_of_next_month(dt.date(2025, 3, 10))
        hearings = client.hearings(MILANO, Register.CIVIL, start, end)
        assert all(h.kind.value == "udienza" and start <= h.when.date() <= end for h in hearings)
        assert client.profile(MILANO, Register.CIVIL, 99999999, 1999) is None  # available="0"


def test_modified_since_narrows_the_cases(emulator):
    with PolisWebClient(pem_config(emulator)) as client:
        everything = client.cases(MILANO, Register.CIVIL, 2010)
        since = dt.date(2024, 6, 1)
        recent = client.cases(MILANO, Register.CIVIL, 2010, modified_since=since)
    assert len(recent) < len(everything)
    assert all(c.modified_at is None or c.modified_at.date() >= since for c in recent)


def test_catalogue_gives_offices_with_their_gl(emulator):
    with PolisWebClient(pem_config(emulator)) as client:
        offices = client.fetch_catalogue()
    by_code = {o.code: o for o in offices}
    assert by_code[MILANO.code].gl_code == "GLMI"
    assert by_code["0160240094"].gl_code == "GLBS"  # Bergamo belongs to the district of Brescia
    assert Register.PEACE in by_code[GDP_MILANO.code].registers


def test_office_without_district_is_a_clear_error(emulator):
    import dataclasses

    with PolisWebClient(pem_config(emulator)) as client:
        with pytest.raises(UnknownDistrictError, match="Aggiorna gli elenchi|aggiorna gli elenchi"):
            client.test_connection(dataclasses.replace(MILANO, gl_code=""), Register.CIVIL)


# --- every fault and HTTP error ---------------------------------------------------------------------

@pytest.mark.parametrize("injection, error_type, words", [
    ({"http_status": 401}, E.AuthenticationError, "certificato di autenticazione mancante"),
    ({"http_status": 403}, E.ForbiddenError, "non risulta abilitato"),
    ({"http_status": 404}, E.EndpointNotFoundError, "Servizio PolisWeb non trovato"),
    ({"http_status": 500}, E.ServerError, "temporaneamente non disponibile"),
    ({"http_status": 503}, E.ServerError, "HTTP 503"),
    ({"fault": "not_allowed"}, E.NotAllowedError, "non consente la consultazione"),
    ({"fault": "wrong_type"}, E.WrongValueTypeError, "parametro di tipo errato"),
    ({"fault": "unsupported_type"}, E.UnsupportedValueTypeError, "non riconosce il tipo"),
    ({"fault": "parameter_not_resolved"}, E.ParameterNotResolvedError, "Manca un parametro"),
    ({"fault": "service_not_found"}, E.ServiceNotFoundError, "non è disponibile"),
    ({"fault": "cursor"}, E.CursorError, "apertura cursore"),
    ({"fault": "missing_tax_code"}, E.MissingTaxCodeError, "codice fiscale"),
    ({"fault": "Errore sconosciuto del back-end"}, E.UnknownFaultError, "Errore sconosciuto del back-end"),
    ({"malformed": True}, E.MalformedResponseError, "non leggibile"),
])
def test_every_failure_is_an_italian_message_naming_office_and_register(clean, injection, error_type, words):
    with PolisWebClient(pem_config(clean)) as client:
        client.test_connection(MILANO, Register.CIVIL)  # discovery and session ready
        clean.inject(**injection, office=MILANO.code, query=Q.CASES)
        with pytest.raises(error_type) as caught:
            client.cases(MILANO, Register.CIVIL, 2020)
    message = str(caught.value)
    assert words in message
    if not isinstance(caught.value, E.MissingTaxCodeError | E.CursorError):
        assert "Tribunale di Milano" in message
    assert "Civile contenzioso" in message


def test_oversized_response_is_refused(clean):
    with PolisWebClient(pem_config(clean), max_response_bytes=50_000) as client:
        client.test_connection(MILANO, Register.CIVIL)
        clean.inject(huge_bytes=200_000, office=MILANO.code, query=Q.CASES, times=1)
        with pytest.raises((ResponseTooLargeError, E.ResponseTooLargeError), match="limite|troppo grande"):
            client.cases(MILANO, Register.CIVIL, 2020)


# --- OTP -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def otp_emulator(tmp_path_factory):
    with Emulator(tmp_path_factory.mktemp("otp-emulator"), seed=3, cases=10, now=NOW, otp=True) as em:
        yield em


def otp_config(em: Emulator) -> AccessConfig:
    return AccessConfig(mode=AccessMode.OTP, base_url=em.base_url, ca_file=str(em.ca_file),
                        otp_user=em.otp_account.user)


def test_otp_login_good(otp_emulator):
    em = otp_emulator
    codes = []
    client = PolisWebClient(otp_config(em), otp_password=em.otp_account.password, expected_tax_code=DEMO_TAX_CODE,
                            ask_otp_code=lambda: codes.append(1) or em.current_otp())
    with client:
        assert client.test_connection(MILANO, Register.CIVIL).server_user == DEMO_TAX_CODE
        assert client.cases(MILANO, Register.CIVIL, 2000) is not None
    assert codes == [1]  # one code per session


@pytest.mark.parametrize("bad", ["password", "code"])
def test_otp_login_bad(otp_emulator, bad):
    em = otp_emulator
    code = em.current_otp()
    wrong = f"{(int(code) + 500_000) % 1_000_000:06d}"
    client = PolisWebClient(otp_config(em), expected_tax_code=DEMO_TAX_CODE,
                            otp_password="sbagliata" if bad == "password" else em.otp_account.password,
                            ask_otp_code=lambda: wrong if bad == "code" else code)
    with pytest.raises(AC.OtpLoginError, match="Accesso OTP rifiutato"):
        client.open()
    assert not client.is_open


def test_otp_needs_account_and_tax_code(otp_emulator):
    em = otp_emulator
    with pytest.raises(AC.OtpNotConfiguredError, match="Configura OTP"):
        PolisWebClient(otp_config(em), expected_tax_code=DEMO_TAX_CODE, ask_otp_code=em.current_otp).open()
    with pytest.raises(AC.MissingTaxCodeError, match="codice fiscale"):
        PolisWebClient(otp_config(em), otp_password="x", ask_otp_code=em.current_otp).open()
    with pytest.raises(AC.AccessCancelled):
        PolisWebClient(otp_config(em), otp_password="x", expected_tax_code=DEMO_TAX_CODE,
                       ask_otp_code=lambda: None).open()

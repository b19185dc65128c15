"""Mutual TLS through a real PKCS#11 token (SoftHSM2) against a stdlib ``ssl`` server."""

from __future__ import annotations

import socket
import time

import pytest

from cliens_tk.polisweb.transport import (
    CaFileError,
    ClientCertificateRejectedError,
    ConnectionFailedError,
    HandshakeRefusedError,
    HostnameMismatchError,
    InsecureUrlError,
    ResponseTooLargeError,
    TransportTimeoutError,
    UnknownCertificateAuthorityError,
    open_session,
)
from cliens_tk.security import pki
from cliens_tk.security.token import PemCredentials, open_token
from support.softhsm import shared_softhsm, softhsm_module
from support.tls_server import TlsTestServer

pytestmark = pytest.mark.skipif(softhsm_module() is None, reason="SoftHSM2 is not installed")

TAX_CODE = "VRDLGU70M12L219K"
LABEL = "CTU-TRANSPORT-TESTS"


@pytest.fixture(scope="module")
def ca():
    return pki.create_ca()


@pytest.fixture(scope="module")
def card(ca):
    return shared_softhsm().create_token(LABEL, ca, tax_code=TAX_CODE, with_signature_certificate=True)


@pytest.fixture
def credentials(card):
    creds = open_token(card.pin, card.module, LABEL)
    yield creds
    creds.close()


@pytest.fixture(scope="module", params=["1.2", "1.3"])
def server(request, ca):
    with TlsTestServer(ca, tls_version=request.param) as srv:
        srv.tls_version = request.param
        yield srv


@pytest.fixture(scope="module")
def any_version_server(ca):
    with TlsTestServer(ca) as srv:
        yield srv


class CountingCredentials:
    """Wraps credentials to count signatures (and optionally hide PSS support)."""

    def __init__(self, inner, supports_pss=None):
        self._inner = inner
        self.certificate = inner.certificate
        self.tax_code = inner.tax_code
        self.supports_pss = inner.supports_pss if supports_pss is None else supports_pss
        self.signatures = []

    def sign(self, data, padding, hash_name=None, salt_len=None):
        self.signatures.append(padding)
        return self._inner.sign(data, padding, hash_name, salt_len)

    def close(self):
        pass


# --- the happy path -----------------------------------------------------------------------------


def test_mutual_tls_through_the_token(server, credentials):
    counting = CountingCredentials(credentials)
    with open_session(counting, ca_file=server.ca_file) as session:
        response = session.get(server.url("/echo"))
    assert response.status_code == 200
    echo = response.json()
    assert echo["tax_code"] == TAX_CODE
    assert f"IT:{TAX_CODE}" in echo["subject"]
    assert echo["tls_version"] == f"TLSv{server.tls_version}"
    # TLS 1.3 allows only RSA-PSS; TLS 1.2 with tlslite prefers PSS too when the card has it.
    assert counting.signatures == ["pss"]


def test_keep_alive_reuses_one_connection_and_one_signature(server, credentials):
    before = server.connections
    with open_session(credentials, ca_file=server.ca_file) as session:
        answers = [session.get(server.url("/echo")).json() for _ in range(3)]
        answers.append(session.post(server.url("/echo"), data=b"<soap/>" * 100).json())
        assert session.transport.handshakes == 1
    assert [a["requests_on_connection"] for a in answers] == [1, 2, 3, 4]
    assert len({a["connection"] for a in answers}) == 1
    assert answers[-1]["body_length"] == 700 and answers[-1]["method"] == "POST"
    assert server.connections == before + 1


def test_card_without_pss_uses_tls12_with_pkcs1(any_version_server, credentials):
    counting = CountingCredentials(credentials, supports_pss=False)
    with open_session(counting, ca_file=any_version_server.ca_file) as session:
        echo = session.get(any_version_server.url("/echo")).json()
    assert echo["tls_version"] == "TLSv1.2"
    assert counting.signatures == ["pkcs1"]


def test_card_without_pss_cannot_do_tls13_only_servers(ca, credentials):
    counting = CountingCredentials(credentials, supports_pss=False)
    with TlsTestServer(ca, tls_version="1.3") as srv, open_session(counting, ca_file=srv.ca_file) as session:
        with pytest.raises(HandshakeRefusedError):
            session.get(srv.url("/echo"))
    assert counting.signatures == []


def test_pem_credentials_take_the_same_path(server, ca):
    pem = PemCredentials.from_issued(pki.issue_client_cert(ca, TAX_CODE))
    with open_session(pem, ca_file=server.ca_file) as session:
        assert session.get(server.url("/echo")).json()["tax_code"] == TAX_CODE


# --- server verification ------------------------------------------------------------------------


def test_server_from_an_unknown_ca_is_refused_before_the_card_signs(credentials, ca):
    other_ca = pki.create_ca("another CA")
    counting = CountingCredentials(credentials)
    with TlsTestServer(ca, server_cert=pki.issue_server_cert(other_ca)) as srv:
        with open_session(counting, ca_file=srv.ca_file) as session:
            with pytest.raises(UnknownCertificateAuthorityError, match="autorità riconosciuta"):
                session.get(srv.url("/echo"))
    assert counting.signatures == []


def test_system_trust_store_is_the_default_and_environment_cannot_replace_it(
    any_version_server, credentials, monkeypatch
):
    for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.setenv(variable, any_version_server.ca_file)
    with open_session(credentials) as session:
        with pytest.raises(UnknownCertificateAuthorityError):
            session.get(any_version_server.url("/echo"))
        with pytest.raises(UnknownCertificateAuthorityError):
            session.get(any_version_server.url("/echo"), verify=False)


def test_wrong_hostname_is_refused(ca, credentials):
    cert = pki.issue_server_cert(ca, hostnames=("pda.example.it",), ips=())
    with TlsTestServer(ca, server_cert=cert) as srv, open_session(credentials, ca_file=srv.ca_file) as session:
        with pytest.raises(HostnameMismatchError, match="non corrisponde all'indirizzo 127.0.0.1"):
            session.get(srv.url("/echo"))


def test_hostname_is_checked_by_name_too(ca, credentials):
    cert = pki.issue_server_cert(ca, hostnames=(), ips=("127.0.0.1",))
    with TlsTestServer(ca, server_cert=cert) as srv, open_session(credentials, ca_file=srv.ca_file) as session:
        assert session.get(srv.url("/echo", host="127.0.0.1")).status_code == 200
        with pytest.raises(HostnameMismatchError):
            session.get(srv.url("/echo", host="localhost"))


def test_missing_ca_file_is_reported(tmp_path, credentials):
    with pytest.raises(CaFileError, match="non esiste"):
        open_session(credentials, ca_file=str(tmp_path / "missing.pem"))


# --- the server refuses us ----------------------------------------------------------------------


def test_server_rejecting_the_client_certificate_is_reported(server, credentials):
    stranger = PemCredentials.from_issued(pki.issue_client_cert(pki.create_ca("rogue"), TAX_CODE))
    with open_session(stranger, ca_file=server.ca_file) as session:
        with pytest.raises(ClientCertificateRejectedError, match="rifiutato il certificato"):
            session.get(server.url("/echo"))
    deadline = time.monotonic() + 5
    while not server.handshake_errors and time.monotonic() < deadline:
        time.sleep(0.02)  # the server thread records its side a moment later
    assert any("certificate verify failed" in e for e in server.handshake_errors)


# --- network failures and limits ------------------------------------------------------------------


def test_connection_refused_is_reported(credentials, ca):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with open_session(credentials, ca_file=None) as session:
        with pytest.raises(ConnectionFailedError, match="Impossibile collegarsi a 127.0.0.1"):
            session.get(f"https://127.0.0.1:{port}/echo", timeout=5)


def test_timeout_is_reported(any_version_server, credentials):
    with open_session(credentials, ca_file=any_version_server.ca_file, timeout=(5, 0.3)) as session:
        with pytest.raises(TransportTimeoutError, match="non ha risposto"):
            session.get(any_version_server.url("/sleep/2"))
        # a new connection works afterwards
        assert session.get(any_version_server.url("/echo")).status_code == 200


@pytest.mark.parametrize("kind", ["bytes", "chunked"])
def test_response_size_cap(any_version_server, credentials, kind):
    with open_session(credentials, ca_file=any_version_server.ca_file, max_response_bytes=50_000) as session:
        assert len(session.get(any_version_server.url(f"/{kind}/50000")).content) == 50_000
        with pytest.raises(ResponseTooLargeError, match="supera il limite"):
            session.get(any_version_server.url(f"/{kind}/50001"))
        assert session.get(any_version_server.url("/echo")).status_code == 200


def test_large_response_is_fast_enough_to_be_plausible(any_version_server, credentials):
    # 4 MB through the record layer: seconds with tlslite's pure-Python AES, well under 1 s here.
    with open_session(credentials, ca_file=any_version_server.ca_file) as session:
        assert len(session.get(any_version_server.url("/bytes/4000000")).content) == 4_000_000


def test_plain_http_is_refused(credentials):
    with open_session(credentials) as session:
        with pytest.raises(InsecureUrlError, match="non usa HTTPS"):
            session.get("http://127.0.0.1:1/echo")


def test_session_ignores_the_environment(credentials, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with open_session(credentials) as session:
        assert session.trust_env is False
        assert session.merge_environment_settings("https://x/", {}, False, None, None)["proxies"] == {}

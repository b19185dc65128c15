"""Mutual TLS for `requests` with a private key that stays in the smart card.

The stdlib ``ssl`` module needs the private key in a file, so the TLS client here is tlslite-ng
(pure Python) running under a custom urllib3 connection class, with a key object that asks the
credentials (``cliens_tk.security.token``) to sign. Pitfalls of tlslite-ng 0.8 handled here:

- it verifies no server certificate: ``_VerifyingTLSConnection`` verifies the chain and host name
  as soon as the server's Certificate message arrives, before the card signs anything;
- in TLS 1.3 it sends a compressed client certificate although nobody asked: certificate
  compression is switched off both ways;
- its pure-Python ciphers are slow: ``tls_ciphers.install()`` plugs in `cryptography`;
- TLS 1.3 needs RSA-PSS signatures: with a card that cannot do PSS, TLS 1.2 + PKCS#1 v1.5 only.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import socket
import threading
import warnings

from cryptography.hazmat.primitives.serialization import Encoding

with warnings.catch_warnings():
    # tlslite.api imports asyncore for an integration we do not use (deprecated in 3.11).
    warnings.simplefilter("ignore", DeprecationWarning)
    from tlslite import HandshakeSettings, TLSConnection, X509, X509CertChain
    from tlslite.constants import AlertDescription
    from tlslite.handshakesettings import TLS13_PERMITTED_GROUPS
    from tlslite.errors import TLSAbruptCloseError, TLSError, TLSLocalAlert, TLSRemoteAlert
    from tlslite.utils.python_rsakey import Python_RSAKey

from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPSConnectionPool
from urllib3.poolmanager import PoolManager

from cliens_tk.polisweb import tls_ciphers
from cliens_tk.polisweb.transport_errors import (
    ServerCertificateError,
    UnknownCertificateAuthorityError,
)
from cliens_tk.polisweb.tls_verify import TrustStore

log = logging.getLogger(__name__)

TLS_VERSIONS = {"1.2": (3, 3), "1.3": (3, 4)}
# AEAD suites first; CBC only for old servers. All run on `cryptography` (see tls_ciphers).
_CIPHERS = ["aes256gcm", "aes128gcm", "chacha20-poly1305", "aes256", "aes128"]


class DelegatedRSAKey(Python_RSAKey):
    """A tlslite RSA key with only the public half; private operations go to ``credentials``.

    tlslite calls ``sign(data, padding, hashAlg, saltLen)``: for "pkcs1" ``data`` is the
    DigestInfo (or a digest to prefix when ``hashAlg`` is given), for "pss" it is the digest.
    tlslite then verifies the signature with the public key, which catches a card that signed
    with the wrong key.
    """

    def __init__(self, credentials):
        numbers = credentials.certificate.public_key().public_numbers()
        super().__init__(numbers.n, numbers.e)
        self._credentials = credentials

    def hasPrivateKey(self):  # noqa: N802 - tlslite API
        return True

    def sign(self, bytes, padding="pkcs1", hashAlg=None, saltLen=None):  # noqa: A002,N803
        return bytearray(self._credentials.sign(bytes, padding, hashAlg, saltLen))

    def _raw_private_key_op_bytes(self, message):
        raise NotImplementedError("the private key is in the token")

    def _rawPrivateKeyOp(self, message):  # noqa: N802
        raise NotImplementedError("the private key is in the token")


class _VerifyingTLSConnection(TLSConnection):
    """TLSConnection that verifies the server chain when it arrives (tlslite 0.8 internals)."""

    def __init__(self, sock, verify_chain):
        super().__init__(sock)
        self._verify_chain = verify_chain
        self.server_verified = False

    def _clientGetKeyFromChain(self, certificate, settings, tack_ext=None):  # noqa: N802
        chain = certificate.cert_chain
        ders = [bytes(c.bytes) for c in chain.x509List] if chain else []
        try:
            self._verify_chain(ders)
        except ServerCertificateError as error:
            alert = (
                AlertDescription.unknown_ca
                if isinstance(error, UnknownCertificateAuthorityError)
                else AlertDescription.bad_certificate
            )
            try:
                for result in self._sendError(alert, error.message):
                    yield result
            except TLSLocalAlert:
                pass
            raise error
        self.server_verified = True
        for result in super()._clientGetKeyFromChain(certificate, settings, tack_ext):
            yield result

    def _shutdown(self, resumable):
        self._state_at_shutdown = (self.version, self._recordLayer._readState)
        super()._shutdown(resumable)

    def raise_pending_alert(self, raw: socket.socket) -> None:
        """After a send failed, raise the alert the server sent before closing, if any.

        A server that refuses the client certificate sends an alert and closes; our next send
        (a late handshake message, or in TLS 1.3 the request itself, since the client's handshake
        ends before the server has judged the certificate) fails with EPIPE/ECONNRESET while
        the alert that says why waits in the socket. tlslite has torn the read state down by
        then: it is put back only to read that alert (tlslite 0.8 internals, best effort).
        """
        state = getattr(self, "_state_at_shutdown", None)
        if state is None:
            return
        try:
            self.version, self._recordLayer._readState = state
            self.closed = False
            raw.settimeout(1.0)
            self.read(1)
        except TLSRemoteAlert:
            raise
        except Exception:  # noqa: BLE001 - the caller raises the original error
            pass
        finally:
            self.closed = True


class TLSSocket:
    """Just enough of a socket over a tlslite connection for http.client and urllib3."""

    def __init__(self, tls: TLSConnection, raw: socket.socket):
        self._tls = tls
        self._raw = raw
        self._io_refs = 0
        self._closed = False

    @property
    def tls(self) -> TLSConnection:
        return self._tls

    def version(self) -> str:
        return {(3, 3): "TLSv1.2", (3, 4): "TLSv1.3"}.get(self._tls.version, str(self._tls.version))

    def sendall(self, data) -> None:
        self._write(bytes(data))

    def send(self, data) -> int:
        self._write(bytes(data))
        return len(data)

    def _write(self, data: bytes) -> None:
        try:
            self._tls.write(data)
        except OSError:
            self._tls.raise_pending_alert(self._raw)
            raise

    def recv(self, size: int) -> bytes:
        try:
            return bytes(self._tls.read(size))
        except TLSAbruptCloseError as exc:
            raise ConnectionResetError("TLS connection closed without close_notify") from exc

    def recv_into(self, buffer, nbytes: int = 0) -> int:
        data = self.recv(nbytes or len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def makefile(self, mode: str = "r", buffering=None, **_kwargs):
        self._io_refs += 1
        if "w" in mode:
            return io.BufferedWriter(socket.SocketIO(self, "wb"), 16384)
        return io.BufferedReader(socket.SocketIO(self, "rb"), 65536)

    def _decref_socketios(self) -> None:
        self._io_refs -= 1
        if self._closed and self._io_refs <= 0:
            self._real_close()

    def close(self) -> None:
        self._closed = True
        if self._io_refs <= 0:
            self._real_close()

    def _real_close(self) -> None:
        # No close_notify exchange: tlslite would block waiting for the peer's answer.
        try:
            self._raw.close()
        except OSError:
            pass

    def fileno(self) -> int:
        return self._raw.fileno()

    def settimeout(self, value) -> None:
        self._raw.settimeout(value)

    def gettimeout(self):
        return self._raw.gettimeout()

    def setsockopt(self, *args) -> None:
        self._raw.setsockopt(*args)

    def shutdown(self, how) -> None:
        self._raw.shutdown(how)

    def getpeername(self):
        return self._raw.getpeername()

    def getsockname(self):
        return self._raw.getsockname()

    def selected_alpn_protocol(self):
        return None


class TlsClient:
    """Everything a connection needs for one set of credentials; counts handshakes.

    ``credentials=None`` sends no client certificate (the server still gets verified)."""

    def __init__(self, credentials, trust: TrustStore, min_version: str = "1.2", max_version: str = "1.3"):
        tls_ciphers.install()
        self.credentials = credentials
        self.trust = trust
        if credentials is None:  # no client certificate (OTP login at the access point)
            self._chain = self._key = None
        else:
            der = credentials.certificate.public_bytes(Encoding.DER)
            leaf = X509()
            leaf.parseBinary(bytearray(der))
            self._chain = X509CertChain([leaf])
            self._key = DelegatedRSAKey(credentials)
        self.settings = _settings(min_version, max_version, credentials is None or credentials.supports_pss)
        self._lock = threading.Lock()
        self.handshakes = 0

    def wrap(self, raw: socket.socket, host: str) -> TLSSocket:
        """Run the handshake on ``raw`` (server verified for ``host``) and return the socket."""
        tls = _VerifyingTLSConnection(raw, lambda ders: self.trust.verify_server(ders, host))
        tls.closeSocket = False  # we close it (see raise_pending_alert)
        server_name = None if _is_ip(host) else host
        try:
            tls.handshakeClientCert(
                certChain=self._chain,
                privateKey=self._key,
                settings=self.settings,
                serverName=server_name,
                alpn=[bytearray(b"http/1.1")],
            )
        except OSError:
            tls.raise_pending_alert(raw)
            raise
        if not tls.server_verified:  # tlslite changed its internals: verify after the fact
            chain = tls.session.serverCertChain
            self.trust.verify_server([bytes(c.bytes) for c in chain.x509List] if chain else [], host)
        with self._lock:
            self.handshakes += 1
        log.debug("TLS %s with %s, cipher %s", tls.version, host, tls.getCipherName())
        return TLSSocket(tls, raw)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def _settings(min_version: str, max_version: str, supports_pss: bool) -> HandshakeSettings:
    settings = HandshakeSettings()
    settings.minVersion = TLS_VERSIONS[min_version]
    settings.maxVersion = TLS_VERSIONS[max_version]
    if not supports_pss:
        # TLS 1.3 allows only RSA-PSS signatures: a PKCS#1-only card is limited to TLS 1.2.
        settings.maxVersion = min(settings.maxVersion, (3, 3))
        settings.rsaSchemes = ["pkcs1"]
    settings.versions = [v for v in [(3, 4), (3, 3)] if settings.minVersion <= v <= settings.maxVersion]
    if (3, 3) not in settings.versions:
        # TLS 1.3 only: tlslite refuses its own default curve list (brainpool is not allowed in 1.3).
        settings.eccCurves = [c for c in settings.eccCurves if c in TLS13_PERMITTED_GROUPS]
    settings.cipherNames = list(_CIPHERS)
    settings.certificate_compression_send = []
    settings.certificate_compression_receive = []
    settings.keyShares = ["x25519"]
    settings.use_heartbeat_extension = False
    return settings


class TlsliteHTTPSConnection(HTTPSConnection):
    """urllib3 connection whose TLS layer is tlslite (no proxy support: PolisWeb is direct)."""

    def __init__(self, *args, tls_client: TlsClient, **kwargs):
        super().__init__(*args, **kwargs)
        self._tls_client = tls_client

    def connect(self) -> None:
        raw = self._new_conn()
        try:
            host = (self.server_hostname or self.host).rstrip(".")
            self.sock = self._tls_client.wrap(raw, host)
        except BaseException:
            raw.close()
            raise
        self.is_verified = True
        self.proxy_is_verified = None
        self._has_connected_to_proxy = False


class _TlslitePool(HTTPSConnectionPool):
    ConnectionCls = TlsliteHTTPSConnection


class TlslitePoolManager(PoolManager):
    """Pool manager whose HTTPS pools use ``TlsliteHTTPSConnection`` with one ``TlsClient``."""

    def __init__(self, tls_client: TlsClient, **kwargs):
        super().__init__(**kwargs)
        self._tls_client = tls_client

    def _new_pool(self, scheme, host, port, request_context=None):
        if scheme != "https":
            raise ValueError("only https is supported")
        context = dict(request_context or self.connection_pool_kw)
        for key in ("scheme", "host", "port"):
            context.pop(key, None)
        context.setdefault("blocksize", 16384)
        return _TlslitePool(host, port, tls_client=self._tls_client, **context)


"""HTTPS transport to PolisWeb: a ``requests.Session`` doing mutual TLS with the user's card.

``open_session(credentials)`` is the one entry point. ``credentials`` is a logged-in
``TokenCredentials`` (key in the smart card) or a ``PemCredentials`` (demo/development); both go
through the same tlslite path, so server verification is identical. The session:

- verifies the server against ``ca_file`` or the system trust store, host name included;
- ignores the environment (``trust_env = False``): CA-bundle and proxy variables are not read;
- speaks HTTPS only, reuses connections (keep-alive: one card signature per connection),
  applies a default timeout and a cap on the size of each response body;
- raises the typed errors of ``transport_errors`` (Italian messages) instead of the network
  libraries' ones.
"""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.exceptions import ReadTimeoutError

from cliens_tk.polisweb.tls_adapter import (
    AlertDescription,
    TlsClient,
    TlslitePoolManager,
    TLSError,
    TLSRemoteAlert,
)
from cliens_tk.polisweb.tls_verify import TrustStore
from cliens_tk.polisweb.transport_errors import (  # noqa: F401 - re-exported
    CaFileError,
    ClientCertificateRejectedError,
    ConnectionFailedError,
    HandshakeRefusedError,
    HostnameMismatchError,
    InsecureUrlError,
    ResponseTooLargeError,
    ServerCertificateError,
    ServerCertificateInvalidError,
    TransportError,
    TransportTimeoutError,
    UnknownCertificateAuthorityError,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = (15.0, 60.0)  # (connect + handshake, each read) in seconds
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
_CHUNK = 64 * 1024

# Alerts a server sends when it does not accept the client's certificate.
_CLIENT_CERT_ALERTS = {
    AlertDescription.bad_certificate,
    AlertDescription.unsupported_certificate,
    AlertDescription.certificate_revoked,
    AlertDescription.certificate_expired,
    AlertDescription.certificate_unknown,
    AlertDescription.unknown_ca,
    AlertDescription.access_denied,
    getattr(AlertDescription, "certificate_required", 116),
}


def _causes(exc: BaseException):
    """``exc`` and everything it wraps (cause, context, urllib3 ``reason``, exception args)."""
    seen, queue = set(), [exc]
    while queue:
        current = queue.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        queue += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        queue += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]


def map_error(exc: BaseException, host: str, timeout=None) -> TransportError | None:
    """The typed error for a failure of the network stack, or None if it is not one."""
    causes = list(_causes(exc))
    for cause in causes:
        if isinstance(cause, TransportError):
            return cause
    for cause in causes:
        if isinstance(cause, TLSRemoteAlert):
            if cause.description in _CLIENT_CERT_ALERTS:
                return ClientCertificateRejectedError(host, str(cause))
            return HandshakeRefusedError(host, str(cause))
    for cause in causes:
        if isinstance(cause, (socket.timeout, TimeoutError, ReadTimeoutError, ConnectTimeoutError)) or isinstance(
            cause, requests.exceptions.Timeout
        ):
            if isinstance(cause, NewConnectionError) and not isinstance(
                cause.__context__, (socket.timeout, TimeoutError)
            ):
                continue  # urllib3 derives NewConnectionError from ConnectTimeoutError
            return TransportTimeoutError(host, _seconds(timeout), str(exc))
    for cause in causes:
        if isinstance(cause, TLSError):
            return HandshakeRefusedError(host, f"{type(cause).__name__}: {cause}")
    for cause in causes:
        if isinstance(cause, (NewConnectionError, NameResolutionError, socket.gaierror, OSError)):
            return ConnectionFailedError(host, str(exc))
    return None


def _seconds(timeout) -> float | None:
    if isinstance(timeout, (tuple, list)):
        values = [t for t in timeout if t]
        return max(values) if values else None
    return timeout


class MutualTLSAdapter(HTTPAdapter):
    """requests adapter over ``TlslitePoolManager``: error mapping, default timeout, size cap."""

    def __init__(
        self,
        tls_client: TlsClient,
        timeout=DEFAULT_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        pool_maxsize: int = 2,
    ):
        self.tls_client = tls_client
        self.default_timeout = timeout
        self.max_response_bytes = max_response_bytes
        super().__init__(pool_connections=4, pool_maxsize=pool_maxsize, max_retries=0)

    @property
    def handshakes(self) -> int:
        """TLS handshakes made so far (each one is a signature by the card)."""
        return self.tls_client.handshakes

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = TlslitePoolManager(
            self.tls_client, num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs
        )

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        raise TransportError("proxies are not supported by the smart-card transport")

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        host = urlsplit(request.url).hostname or ""
        if timeout is None:
            timeout = self.default_timeout
        try:
            # verify/cert/proxies are ignored on purpose: verification is tls_verify's job.
            response = super().send(request, stream=True, timeout=timeout, verify=True, cert=None, proxies=None)
            self._check_declared_length(response, host)
            if not stream:
                self._read_capped(response, host)
        except TransportError:
            raise
        except Exception as exc:
            mapped = map_error(exc, host, timeout)
            if mapped is None:
                raise
            log.info("transport error with %s: %s (%s)", host, type(mapped).__name__, mapped.detail)
            raise mapped from exc
        return response

    def _check_declared_length(self, response, host: str) -> None:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_response_bytes:
            response.close()
            raise ResponseTooLargeError(host, self.max_response_bytes, f"Content-Length {declared}")

    def _read_capped(self, response, host: str) -> None:
        """Read the body (decoded) into ``response._content``, at most ``max_response_bytes``."""
        chunks, total = [], 0
        for chunk in response.iter_content(_CHUNK):
            total += len(chunk)
            if total > self.max_response_bytes:
                response.close()
                raise ResponseTooLargeError(host, self.max_response_bytes, f"more than {total} bytes")
            chunks.append(chunk)
        response._content = b"".join(chunks)
        response._content_consumed = True


class _RefuseAdapter(BaseAdapter):
    def send(self, request, *args, **kwargs):
        raise InsecureUrlError(request.url)

    def close(self):
        pass


class TransportSession(requests.Session):
    """A requests session mounted on ``MutualTLSAdapter`` only (no http://, no environment)."""

    def __init__(self, adapter: MutualTLSAdapter):
        super().__init__()
        self.trust_env = False
        self.adapters.clear()
        self.mount("https://", adapter)
        self.mount("http://", _RefuseAdapter())
        self.transport = adapter

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        # trust_env is False, but be explicit: nothing from the environment, ever.
        return {"proxies": {}, "stream": stream, "verify": True, "cert": None}


def open_session(
    credentials,
    ca_file: str | None = None,
    timeout=DEFAULT_TIMEOUT,
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    min_tls: str = "1.2",
    max_tls: str = "1.3",
    pool_maxsize: int = 2,
) -> TransportSession:
    """A session authenticating with ``credentials`` (token or PEM) and verifying servers
    against ``ca_file`` (PEM bundle) or, when None, the operating system's trust store.

    ``timeout`` applies to every request that does not pass its own: seconds or
    ``(connect, read)``. Close the session before closing the credentials.
    """
    try:
        trust = TrustStore.for_ca_file(ca_file)
    except (OSError, ValueError) as exc:
        raise CaFileError(str(ca_file or "system"), str(exc)) from None
    tls_client = TlsClient(credentials, trust, min_version=min_tls, max_version=max_tls)
    adapter = MutualTLSAdapter(tls_client, timeout, max_response_bytes, pool_maxsize)
    return TransportSession(adapter)

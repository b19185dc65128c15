"""Server-certificate verification for the tlslite transport (tlslite checks nothing itself).

The chain is verified with `cryptography`'s X.509 path validation (RFC 5280 + CA/B web profile)
against either the configured CA file or the operating system's trust store, and the host name
(or IP address) is matched against the certificate's subjectAltName (RFC 6125, no CN fallback).

The system trust store is read from the OpenSSL *compiled-in* locations (not from environment
variables such as ``SSL_CERT_FILE``/``REQUESTS_CA_BUNDLE``, which must not silently replace
verification), plus the Windows/macOS certificate stores as the stdlib ``ssl`` module sees them,
with ``certifi`` as a last resort.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import logging
import os
import platform
import ssl
import warnings
from pathlib import Path

from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.hazmat.primitives import hashes
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from cliens_tk.polisweb.transport_errors import (
    HostnameMismatchError,
    ServerCertificateInvalidError,
    UnknownCertificateAuthorityError,
)

log = logging.getLogger(__name__)


def _load_pem_file(path: Path) -> list[x509.Certificate]:
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if b"-----BEGIN CERTIFICATE-----" not in data:
        try:
            return [x509.load_der_x509_certificate(data)]
        except ValueError:
            return []
    try:
        with warnings.catch_warnings():
            # System bundles still carry a few old roots with non-positive serial numbers.
            warnings.simplefilter("ignore", CryptographyDeprecationWarning)
            return x509.load_pem_x509_certificates(data)
    except ValueError:
        # One malformed entry must not hide the others: load block by block.
        certs = []
        for block in data.split(b"-----END CERTIFICATE-----")[:-1]:
            start = block.find(b"-----BEGIN CERTIFICATE-----")
            if start < 0:
                continue
            try:
                certs.append(x509.load_pem_x509_certificate(block[start:] + b"-----END CERTIFICATE-----\n"))
            except ValueError:
                continue
        return certs


def _unique(certs: list[x509.Certificate]) -> list[x509.Certificate]:
    seen, result = set(), []
    for cert in certs:
        key = cert.fingerprint(hashes.SHA256())
        if key not in seen:
            seen.add(key)
            result.append(cert)
    return result


@functools.lru_cache(maxsize=1)
def system_ca_certificates() -> tuple[x509.Certificate, ...]:
    """The operating system's trusted roots (read once per process)."""
    paths = ssl.get_default_verify_paths()
    certs: list[x509.Certificate] = []
    if paths.openssl_cafile:
        certs += _load_pem_file(Path(paths.openssl_cafile))
    if paths.openssl_capath and os.path.isdir(paths.openssl_capath) and not certs:
        for entry in sorted(Path(paths.openssl_capath).iterdir()):
            if entry.is_file():
                certs += _load_pem_file(entry)
    if platform.system() in ("Windows", "Darwin"):
        context = ssl.create_default_context()
        for der in context.get_ca_certs(binary_form=True):
            try:
                certs.append(x509.load_der_x509_certificate(der))
            except ValueError:
                continue
    if not certs:
        try:
            import certifi

            certs += _load_pem_file(Path(certifi.where()))
        except ImportError:
            pass
    return tuple(_unique(certs))


class TrustStore:
    """The certificates a server chain must lead to."""

    def __init__(self, certificates: list[x509.Certificate] | tuple[x509.Certificate, ...], source: str):
        if not certificates:
            raise ValueError(f"no CA certificate in {source}")
        self.certificates = tuple(certificates)
        self.source = source
        self._store = Store(list(self.certificates))
        self._subjects = {c.subject for c in self.certificates}

    @classmethod
    def from_ca_file(cls, path: str | os.PathLike) -> "TrustStore":
        certs = _load_pem_file(Path(path))
        if not certs:
            raise FileNotFoundError(f"no CA certificate in {path}")
        return cls(certs, str(path))

    @classmethod
    def system(cls) -> "TrustStore":
        return cls(system_ca_certificates(), "system")

    @classmethod
    def for_ca_file(cls, ca_file: str | os.PathLike | None) -> "TrustStore":
        return cls.from_ca_file(ca_file) if ca_file else cls.system()

    def knows_issuer_of(self, cert: x509.Certificate) -> bool:
        return cert.issuer in self._subjects or cert.subject in self._subjects

    def verify_server(self, chain_der: list[bytes], host: str) -> x509.Certificate:
        """Verify the server's chain (leaf first) for ``host``; return the leaf.

        Raises UnknownCertificateAuthorityError, HostnameMismatchError or
        ServerCertificateInvalidError. On failure the chain is checked again under a name the
        certificate does carry, so that a wrong host name is told apart from an unknown CA.
        """
        if not chain_der:
            raise ServerCertificateInvalidError(host, "empty certificate chain")
        try:
            chain = [x509.load_der_x509_certificate(bytes(der)) for der in chain_der]
        except ValueError as exc:
            raise ServerCertificateInvalidError(host, f"unparsable certificate: {exc}") from None
        leaf, intermediates = chain[0], chain[1:]
        try:
            self._verify(leaf, intermediates, _subject_for(host))
            return leaf
        except VerificationError as exc:
            first_error = str(exc)
        own_name = _a_name_of(leaf)
        if own_name is not None:
            try:
                self._verify(leaf, intermediates, own_name)
            except VerificationError:
                pass
            else:
                raise HostnameMismatchError(host, f"certificate names: {_names_of(leaf)}")
        if not any(self.knows_issuer_of(c) for c in chain):
            raise UnknownCertificateAuthorityError(host, first_error)
        raise ServerCertificateInvalidError(host, first_error)

    def _verify(self, leaf, intermediates, subject) -> None:
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(dt.datetime.now(dt.timezone.utc))
            .build_server_verifier(subject)
        )
        verifier.verify(leaf, intermediates)


def _subject_for(host: str):
    host = host.strip("[]").rstrip(".")
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host.lower())


def _san(cert: x509.Certificate):
    try:
        return cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None


def _a_name_of(cert: x509.Certificate):
    san = _san(cert)
    if san is None:
        return None
    for name in san.get_values_for_type(x509.DNSName):
        return x509.DNSName(name.replace("*.", "wildcard.", 1))
    for ip in san.get_values_for_type(x509.IPAddress):
        return x509.IPAddress(ip)
    return None


def _names_of(cert: x509.Certificate) -> list[str]:
    san = _san(cert)
    if san is None:
        return []
    return [str(v) for v in san.get_values_for_type(x509.DNSName)] + [
        str(v) for v in san.get_values_for_type(x509.IPAddress)
    ]

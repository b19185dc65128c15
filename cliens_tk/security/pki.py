"""A tiny certificate authority for the access-point emulator, the demo and the tests.

Real users authenticate with the CNS certificate on their smart card; nobody here has one, so the
emulator and the demo need a CA that issues a server certificate for 127.0.0.1/localhost and
client certificates shaped like a CNS authentication certificate:

- subject CN ``<codice fiscale>/<serial>.<hash>`` and serialNumber ``IT:<codice fiscale>``,
- extended key usage clientAuth, key usage digitalSignature.

A client certificate can be issued for an existing public key (the key generated inside a
PKCS#11 token stays there) or with a fresh key pair (the demo's PEM stand-in for a token).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_VALIDITY = dt.timedelta(days=3650)


@dataclass(frozen=True)
class Issued:
    """A certificate and, when this module generated it, its private key."""

    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey | None

    def cert_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        if self.private_key is None:
            raise ValueError("this certificate's key is not held here")
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


def new_rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)


def create_ca(common_name: str = "cliens-tk test CA") -> Issued:
    key = new_rsa_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cliens-tk"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now())
        .not_valid_after(_now() + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True,
                content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def _leaf_builder(ca: Issued, subject: x509.Name, public_key) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now())
        .not_valid_after(_now() + _VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()),
            critical=False,
        )
    )


def _sign(builder: x509.CertificateBuilder, ca: Issued) -> x509.Certificate:
    if ca.private_key is None:
        raise ValueError("the CA's private key is needed to issue certificates")
    return builder.sign(ca.private_key, hashes.SHA256())


def issue_server_cert(
    ca: Issued, hostnames: tuple[str, ...] = ("localhost",), ips: tuple[str, ...] = ("127.0.0.1",)
) -> Issued:
    key = new_rsa_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostnames[0] if hostnames else ips[0])])
    san = [x509.DNSName(h) for h in hostnames] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    builder = (
        _leaf_builder(ca, subject, key.public_key())
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    )
    return Issued(_sign(builder, ca), key)


def cns_common_name(tax_code: str, serial: str = "7420000000000001") -> str:
    """The CN of a CNS authentication certificate: ``CF/serial.hash``."""
    digest = hashlib.sha1(f"{tax_code}{serial}".encode()).hexdigest()[:28]
    return f"{tax_code}/{serial}.{digest}"


def issue_client_cert(
    ca: Issued,
    tax_code: str,
    given_name: str = "Mario",
    surname: str = "Rossi",
    public_key=None,
    client_auth: bool = True,
) -> Issued:
    """Issue a CNS-like authentication certificate.

    With ``public_key`` (e.g. read from a PKCS#11 token) no key is generated and the result has
    ``private_key=None``. ``client_auth=False`` makes a signature-only certificate, the other one a
    real card carries, so that certificate selection can be tested.
    """
    key = None
    if public_key is None:
        key = new_rsa_key()
        public_key = key.public_key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cliens-tk demo"),
            x509.NameAttribute(NameOID.SURNAME, surname),
            x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IT:{tax_code}"),
            x509.NameAttribute(NameOID.COMMON_NAME, cns_common_name(tax_code)),
        ]
    )
    usages = [ExtendedKeyUsageOID.CLIENT_AUTH] if client_auth else [ExtendedKeyUsageOID.EMAIL_PROTECTION]
    builder = (
        _leaf_builder(ca, subject, public_key)
        .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=False, crl_sign=False,
                content_commitment=not client_auth, key_encipherment=client_auth,
                data_encipherment=False, key_agreement=False, encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return Issued(_sign(builder, ca), key)


def tax_code_of(certificate: x509.Certificate) -> str | None:
    """The codice fiscale in a CNS certificate (serialNumber ``IT:CF``, else the CN prefix)."""
    for attr in certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER):
        value = str(attr.value)
        if value.upper().startswith(("IT:", "TINIT-")):
            return value.split(":", 1)[-1].split("-", 1)[-1].upper()
    for attr in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME):
        prefix = str(attr.value).split("/", 1)[0].strip().upper()
        if len(prefix) == 16 and prefix.isalnum():
            return prefix
    return None


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable only by the user (keys, and anything next to them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def load_issued(cert_path: Path, key_path: Path | None = None) -> Issued:
    cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
    key = None
    if key_path is not None and Path(key_path).exists():
        key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    return Issued(cert, key)


def save_issued(issued: Issued, cert_path: Path, key_path: Path | None = None) -> None:
    Path(cert_path).parent.mkdir(parents=True, exist_ok=True)
    Path(cert_path).write_bytes(issued.cert_pem())
    if key_path is not None and issued.private_key is not None:
        write_private(Path(key_path), issued.key_pem())

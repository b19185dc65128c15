"""The emulated provider's certificate (from a test CA) and S/MIME signing of what it issues."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from cliens_tk.security import pki


@dataclass(frozen=True)
class ProviderIdentity:
    ca: pki.Issued
    signer: pki.Issued

    def ca_pem(self) -> bytes:
        return self.ca.cert_pem()


def create_provider_identity(name: str = "PEC di Prova S.p.A.", domain: str = "pec.prova.it") -> ProviderIdentity:
    """A provider CA and the provider's signing certificate (emailProtection, like the real ones)."""
    ca = pki.create_ca(f"{name} - CA di prova")
    key = pki.new_rsa_key()
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
        x509.NameAttribute(NameOID.COMMON_NAME, f"posta-certificata@{domain}"),
    ])
    now = pki._now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + pki._VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()), critical=False)
        .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(f"posta-certificata@{domain}")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False,
                          crl_sign=False, encipher_only=False, decipher_only=False),
            critical=True,
        )
        .sign(ca.private_key, hashes.SHA256())
    )
    return ProviderIdentity(ca, pki.Issued(cert, key))


def sign_mime(identity: ProviderIdentity, entity: bytes) -> bytes:
    """Wrap a MIME entity (its own headers + body) into a ``multipart/signed`` S/MIME entity.

    Returns ``MIME-Version``/``Content-Type`` headers and the body; the caller puts its envelope
    headers (From, To, Subject, X-Trasporto, ...) in front.
    """
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(entity)
        .add_signer(identity.signer.certificate, identity.signer.private_key, hashes.SHA256())
        .sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature])
    )

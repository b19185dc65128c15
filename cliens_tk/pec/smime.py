"""Checking the provider's S/MIME signature on an envelope or a receipt (``multipart/signed``).

``cryptography`` signs S/MIME but has no public verification, so this is a small CMS check:
``asn1crypto`` reads the SignedData, ``cryptography`` checks the RSA/ECDSA signature over the
signed attributes, the ``messageDigest`` attribute against the signed part's bytes, and the
signer's certificate up to one of the trusted provider CAs. The signed part is taken from the raw
message bytes (line ends canonicalised to CRLF), never re-serialised, so a single changed byte
shows as a broken signature.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from cliens_tk.i18n import _


class SignatureStatus(StrEnum):
    VALID = "valid"  # intact and signed by a trusted provider
    UNTRUSTED = "untrusted"  # intact, but the signer is not among the trusted provider CAs
    INVALID = "invalid"  # the message was changed after signing, or the signature is wrong
    UNSIGNED = "unsigned"  # no provider signature at all
    UNREADABLE = "unreadable"  # a signature is there but cannot be read


STATUS_LABELS = {
    SignatureStatus.VALID: "Firma del gestore valida",
    SignatureStatus.UNTRUSTED: "Firma non verificabile: gestore non riconosciuto",
    SignatureStatus.INVALID: "Firma NON valida: messaggio alterato",
    SignatureStatus.UNSIGNED: "Messaggio non firmato",
    SignatureStatus.UNREADABLE: "Firma non verificabile: illeggibile",
}


def status_label(status: SignatureStatus | str) -> str:
    return _(STATUS_LABELS[SignatureStatus(status)])


@dataclass(frozen=True)
class SignatureCheck:
    status: SignatureStatus
    signer: str = ""  # subject of the signer's certificate
    detail: str = ""
    signed_at: dt.datetime | None = None

    @property
    def label(self) -> str:
        return status_label(self.status)


_HASHES = {
    "sha1": (hashlib.sha1, hashes.SHA1),
    "sha224": (hashlib.sha224, hashes.SHA224),
    "sha256": (hashlib.sha256, hashes.SHA256),
    "sha384": (hashlib.sha384, hashes.SHA384),
    "sha512": (hashlib.sha512, hashes.SHA512),
}


def canonical(raw: bytes) -> bytes:
    return re.sub(rb"\r?\n", b"\r\n", raw)


def split_signed(raw: bytes) -> tuple[bytes, bytes] | None:
    """(signed part bytes, DER signature) of a ``multipart/signed`` message, or None if it is not one."""
    raw = canonical(raw)
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/signed":
        return None
    boundary = message.get_boundary()
    if not boundary:
        raise ValueError("multipart/signed without boundary")
    head_end = raw.find(b"\r\n\r\n")
    body = b"\r\n" + raw[head_end + 4 :] if head_end >= 0 else b""
    delimiter = b"\r\n--" + boundary.encode("ascii", "replace")
    first = body.find(delimiter + b"\r\n")
    if first < 0:
        raise ValueError("signed part not found")
    start = first + len(delimiter) + 2
    end = body.find(delimiter, start)
    if end < 0:
        raise ValueError("signed part not terminated")
    signed = body[start:end]
    signature = None
    for part in message.get_payload() if message.is_multipart() else []:
        if part.get_content_type() in ("application/pkcs7-signature", "application/x-pkcs7-signature"):
            signature = part.get_payload(decode=True)
    if not signature:
        raise ValueError("signature part not found")
    return signed, signature


def _load_trusted(trusted) -> list[x509.Certificate]:
    return [c if isinstance(c, x509.Certificate) else x509.load_pem_x509_certificate(c) for c in trusted]


def _valid_at(cert: x509.Certificate, moment: dt.datetime) -> bool:
    return cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc


def _chains_to_trusted(signer: x509.Certificate, pool: list[x509.Certificate],
                       trusted: list[x509.Certificate], moment: dt.datetime) -> bool:
    current = signer
    for _depth in range(5):
        if not _valid_at(current, moment):
            return False
        for anchor in trusted:
            if anchor.subject == current.issuer:
                try:
                    current.verify_directly_issued_by(anchor)
                    return _valid_at(anchor, moment)
                except (ValueError, TypeError, InvalidSignature):
                    continue
        parent = next((c for c in pool if c.subject == current.issuer and c != current), None)
        if parent is None:
            return False
        try:
            current.verify_directly_issued_by(parent)
        except (ValueError, TypeError, InvalidSignature):
            return False
        current = parent
    return False


def _check_signature(public_key, signature: bytes, data: bytes, algo: str, hash_cls, pss: bool) -> None:
    if isinstance(public_key, rsa.RSAPublicKey):
        if pss:
            public_key.verify(signature, data, padding.PSS(padding.MGF1(hash_cls()), padding.PSS.AUTO), hash_cls())
        else:
            public_key.verify(signature, data, padding.PKCS1v15(), hash_cls())
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(hash_cls()))
    else:
        raise InvalidSignature(f"unsupported key {algo}")


def verify_cms(content: bytes, der: bytes, trusted, now: dt.datetime | None = None) -> SignatureCheck:
    """Check a detached CMS SignedData ``der`` over ``content``."""
    try:
        info = cms.ContentInfo.load(der)
        if info["content_type"].native != "signed_data":
            return SignatureCheck(SignatureStatus.UNREADABLE, detail="not SignedData")
        signed_data = info["content"]
        signer_info = signed_data["signer_infos"][0]
        certificates = [c.chosen for c in signed_data["certificates"] if c.name == "certificate"]
        sid = signer_info["sid"]
        signer_asn1 = None
        for cert in certificates:
            if sid.name == "issuer_and_serial_number":
                if cert.issuer == sid.chosen["issuer"] and cert.serial_number == sid.chosen["serial_number"].native:
                    signer_asn1 = cert
            elif cert.key_identifier == sid.chosen.native:
                signer_asn1 = cert
        if signer_asn1 is None:
            return SignatureCheck(SignatureStatus.UNREADABLE, detail="signer certificate missing")
        digest_name = signer_info["digest_algorithm"]["algorithm"].native
        if digest_name not in _HASHES:
            return SignatureCheck(SignatureStatus.UNREADABLE, detail=f"digest {digest_name}")
        hashlib_fn, hash_cls = _HASHES[digest_name]
        signer = x509.load_der_x509_certificate(signer_asn1.dump())
        pool = [x509.load_der_x509_certificate(c.dump()) for c in certificates]
        signature = signer_info["signature"].native
        algorithm = signer_info["signature_algorithm"]
        pss = algorithm["algorithm"].native == "rsassa_pss"
        signed_attrs = signer_info["signed_attrs"]
        signed_at = None
        if signed_attrs.native is not None and len(signed_attrs):
            attrs = {a["type"].native: a["values"] for a in signed_attrs}
            digest_values = attrs.get("message_digest")
            if digest_values is None or len(digest_values) != 1:
                return SignatureCheck(SignatureStatus.UNREADABLE, detail="messageDigest missing")
            if "signing_time" in attrs and len(attrs["signing_time"]):
                signed_at = attrs["signing_time"][0].native
            if digest_values[0].native != hashlib_fn(content).digest():
                return SignatureCheck(SignatureStatus.INVALID, signer.subject.rfc4514_string(),
                                      "content digest mismatch", signed_at)
            to_verify = b"\x31" + signed_attrs.dump()[1:]
        else:
            to_verify = content
        subject = signer.subject.rfc4514_string()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return SignatureCheck(SignatureStatus.UNREADABLE, detail=f"{type(exc).__name__}: {exc}")
    try:
        _check_signature(signer.public_key(), signature, to_verify, digest_name, hash_cls, pss)
    except (InvalidSignature, ValueError, TypeError) as exc:
        return SignatureCheck(SignatureStatus.INVALID, subject, f"signature: {exc}", signed_at)
    moment = signed_at or now or dt.datetime.now(dt.timezone.utc)
    if not _chains_to_trusted(signer, pool, _load_trusted(trusted), moment):
        return SignatureCheck(SignatureStatus.UNTRUSTED, subject, "signer not trusted", signed_at)
    return SignatureCheck(SignatureStatus.VALID, subject, "", signed_at)


def verify_message(raw: bytes, trusted) -> SignatureCheck:
    """Check the S/MIME signature of a whole raw message (bytes as received)."""
    try:
        parts = split_signed(raw)
    except (ValueError, TypeError, UnicodeError) as exc:
        return SignatureCheck(SignatureStatus.UNREADABLE, detail=str(exc))
    if parts is None:
        return SignatureCheck(SignatureStatus.UNSIGNED)
    content, der = parts
    return verify_cms(content, der, trusted)

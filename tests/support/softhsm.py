"""A real PKCS#11 token for tests: SoftHSM2 with its own configuration in a temp dir.

``SoftHsm(directory)`` writes a ``softhsm2.conf`` there and points ``SOFTHSM2_CONF`` at it
(SoftHSM reads it when the module is initialised, so use one ``SoftHsm`` per test session and
release every PyKCS11 handle after use). ``create_token`` initialises a token, generates an RSA key
pair INSIDE it, has the test CA issue a CNS-like certificate for that public key
(``pki.issue_client_cert(public_key=...)``) and stores the certificate with the key's CKA_ID.
Tokens are selected by label: SoftHSM renumbers slots.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import PyKCS11
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

from cliens_tk.security import pki

_MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
)

DEFAULT_PIN = "123456"
DEFAULT_SO_PIN = "12345678"


def softhsm_module() -> str | None:
    """The SoftHSM2 module path, or None when SoftHSM2 is not installed."""
    override = os.environ.get("CLIENS_TK_SOFTHSM_MODULE")
    if override and os.path.isfile(override):
        return override
    return next((p for p in _MODULE_CANDIDATES if os.path.isfile(p)), None)


@dataclass
class CertOnToken:
    certificate: x509.Certificate
    cka_id: bytes
    client_auth: bool


@dataclass
class SoftHsmToken:
    module: str
    label: str
    pin: str
    so_pin: str
    tax_code: str
    certificates: list[CertOnToken] = field(default_factory=list)

    @property
    def auth_certificate(self) -> x509.Certificate:
        return next(c.certificate for c in self.certificates if c.client_auth)


class SoftHsm:
    """One SoftHSM2 configuration (token directory) for the process."""

    def __init__(self, directory: str | os.PathLike, module: str | None = None):
        self.module = module or softhsm_module()
        if self.module is None:
            raise RuntimeError("SoftHSM2 is not installed (Debian: apt install softhsm2)")
        self.directory = Path(directory)
        self.token_dir = self.directory / "tokens"
        self.token_dir.mkdir(parents=True, exist_ok=True)
        self.conf = self.directory / "softhsm2.conf"
        self.conf.write_text(
            f"directories.tokendir = {self.token_dir}\n"
            "objectstore.backend = file\n"
            "log.level = ERROR\n"
            "slots.removable = false\n"
            "slots.mechanisms = ALL\n"
        )
        self._previous_conf = os.environ.get("SOFTHSM2_CONF")
        os.environ["SOFTHSM2_CONF"] = str(self.conf)

    def close(self) -> None:
        if self._previous_conf is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = self._previous_conf
        shutil.rmtree(self.directory, ignore_errors=True)

    def _lib(self) -> PyKCS11.PyKCS11Lib:
        lib = PyKCS11.PyKCS11Lib()
        lib.load(self.module)
        return lib

    def create_token(
        self,
        label: str,
        ca: pki.Issued,
        tax_code: str = "RSSMRA80A01H501U",
        pin: str = DEFAULT_PIN,
        so_pin: str = DEFAULT_SO_PIN,
        with_signature_certificate: bool = False,
        key_bits: int = 2048,
    ) -> SoftHsmToken:
        """A new token ``label`` holding an authentication key + certificate (and, on request,
        a signature-only key + certificate stored BEFORE it, as a trap for naive selection)."""
        lib = self._lib()
        try:
            free = [
                s
                for s in lib.getSlotList(tokenPresent=True)
                if not lib.getTokenInfo(s).flags & PyKCS11.CKF_TOKEN_INITIALIZED
            ]
            lib.initToken(free[0], so_pin, label.ljust(32))  # PyKCS11 pads with NULs otherwise
            slot = find_slot(lib, label)
            session = lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION | PyKCS11.CKF_RW_SESSION)
            try:
                session.login(so_pin, user_type=PyKCS11.CKU_SO)
                session.initPin(pin)
                session.logout()
                session.login(pin)
                token = SoftHsmToken(self.module, label, pin, so_pin, tax_code)
                plan = [(b"\x02", False), (b"\x01", True)] if with_signature_certificate else [(b"\x01", True)]
                for cka_id, client_auth in plan:
                    public_key = _generate_key_pair(session, cka_id, key_bits)
                    cert = pki.issue_client_cert(
                        ca, tax_code, public_key=public_key, client_auth=client_auth
                    ).certificate
                    _store_certificate(session, cert, cka_id, "auth" if client_auth else "sign")
                    token.certificates.append(CertOnToken(cert, cka_id, client_auth))
                session.logout()
            finally:
                session.closeSession()
            return token
        finally:
            lib.unload()

    def login_raw(self, label: str, pin: str) -> int:
        """Call C_Login directly (no app code) and return the CKR code, CKR_OK on success."""
        lib = self._lib()
        try:
            session = lib.openSession(find_slot(lib, label), PyKCS11.CKF_SERIAL_SESSION)
            try:
                session.login(pin)
                session.logout()
                return PyKCS11.CKR_OK
            except PyKCS11.PyKCS11Error as exc:
                return exc.value
            finally:
                session.closeSession()
        finally:
            lib.unload()


def find_slot(lib: PyKCS11.PyKCS11Lib, label: str) -> int:
    for slot in lib.getSlotList(tokenPresent=True):
        if lib.getTokenInfo(slot).label.replace("\x00", " ").strip() == label:
            return slot
    raise LookupError(f"no token labelled {label!r}")


def _generate_key_pair(session, cka_id: bytes, bits: int) -> rsa.RSAPublicKey:
    public_template = [
        (PyKCS11.CKA_CLASS, PyKCS11.CKO_PUBLIC_KEY),
        (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
        (PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE),
        (PyKCS11.CKA_VERIFY, PyKCS11.CK_TRUE),
        (PyKCS11.CKA_MODULUS_BITS, bits),
        (PyKCS11.CKA_PUBLIC_EXPONENT, (0x01, 0x00, 0x01)),
        (PyKCS11.CKA_ID, cka_id),
    ]
    private_template = [
        (PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY),
        (PyKCS11.CKA_KEY_TYPE, PyKCS11.CKK_RSA),
        (PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE),
        (PyKCS11.CKA_PRIVATE, PyKCS11.CK_TRUE),
        (PyKCS11.CKA_SENSITIVE, PyKCS11.CK_TRUE),
        (PyKCS11.CKA_EXTRACTABLE, PyKCS11.CK_FALSE),
        (PyKCS11.CKA_SIGN, PyKCS11.CK_TRUE),
        (PyKCS11.CKA_ID, cka_id),
    ]
    public, _private = session.generateKeyPair(
        public_template, private_template, mecha=PyKCS11.MechanismRSAGENERATEKEYPAIR
    )
    modulus, exponent = session.getAttributeValue(
        public, [PyKCS11.CKA_MODULUS, PyKCS11.CKA_PUBLIC_EXPONENT]
    )
    return rsa.RSAPublicNumbers(
        int.from_bytes(bytes(exponent), "big"), int.from_bytes(bytes(modulus), "big")
    ).public_key()


def _store_certificate(session, cert: x509.Certificate, cka_id: bytes, label: str) -> None:
    session.createObject(
        [
            (PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE),
            (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509),
            (PyKCS11.CKA_TOKEN, PyKCS11.CK_TRUE),
            (PyKCS11.CKA_PRIVATE, PyKCS11.CK_FALSE),
            (PyKCS11.CKA_LABEL, label),
            (PyKCS11.CKA_ID, cka_id),
            (PyKCS11.CKA_SUBJECT, cert.subject.public_bytes()),
            (PyKCS11.CKA_ISSUER, cert.issuer.public_bytes()),
            (PyKCS11.CKA_VALUE, cert.public_bytes(Encoding.DER)),
        ]
    )


_shared: SoftHsm | None = None


def shared_softhsm() -> SoftHsm:
    """The process-wide SoftHSM2 configuration (SoftHSM reads one config per initialisation,
    so every test module shares it; tokens are told apart by label)."""
    global _shared
    if _shared is None:
        import atexit
        import tempfile

        _shared = SoftHsm(tempfile.mkdtemp(prefix="cliens-softhsm-"))
        atexit.register(_shared.close)
    return _shared

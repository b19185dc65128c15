"""Smart-card (PKCS#11) access: find the token, show the PIN state, log in once, sign.

Rules that shape this module:

- The PIN is tried at most ONCE per ``login()`` call and never retried automatically: a card
  locks after a few wrong PINs and only the PUK unlocks it. An empty PIN is refused here, before
  the card sees it, so it can never cost a try.
- The PIN is never logged, stored, or kept in an attribute; error messages never contain it.
- The key never leaves the token: ``TokenCredentials.sign`` asks the token to sign the digest the
  TLS handshake needs (RSA PKCS#1 v1.5 on a DigestInfo, or RSA-PSS on a digest).
- The authentication certificate is the one with extended key usage clientAuth: a CNS also holds a
  signature certificate (non-repudiation) that must not be used to log in.

``PemCredentials`` (certificate + key files) has the same interface, for the demo and development.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import PyKCS11
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa, utils as asym_utils
from cryptography.x509.oid import ExtendedKeyUsageOID

from cliens_tk.i18n import _
from cliens_tk.security import pki
from cliens_tk.security.pkcs11_modules import default_module

log = logging.getLogger(__name__)

# DER prefixes of DigestInfo (RFC 8017 section 9.2, note 1) by hash name.
DIGEST_INFO_PREFIXES = {
    "md5": bytes.fromhex("3020300c06082a864886f70d020505000410"),
    "sha1": bytes.fromhex("3021300906052b0e03021a05000414"),
    "sha224": bytes.fromhex("302d300d06096086480165030402040500041c"),
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}
_HASHES = {
    "md5": hashes.MD5,
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


# ---------------------------------------------------------------------------------------------
# Errors


class TokenError(Exception):
    """A smart-card problem; ``str(error)`` is an Italian message for the user."""

    def __init__(self, message: str, code: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code


class ModuleMissingError(TokenError):
    """No PKCS#11 module (the card's driver) installed, or the chosen one cannot be loaded."""


class TokenAbsentError(TokenError):
    """No card in the reader, no token with the wanted label, or the card was removed."""


class WrongPinError(TokenError):
    """CKR_PIN_INCORRECT. ``status`` is the PIN state read right after the failure."""

    def __init__(self, message: str, status: "PinStatus | None" = None):
        super().__init__(message, PyKCS11.CKR_PIN_INCORRECT)
        self.status = status


class PinLockedError(TokenError):
    """The user PIN is locked: only the PUK (vendor software) can unlock it."""


class EmptyPinError(TokenError):
    """The PIN was empty (refused before reaching the card; CKR_ARGUMENTS_BAD from some tokens)."""


class InvalidPinError(TokenError):
    """CKR_PIN_LEN_RANGE / CKR_PIN_INVALID: the PIN has the wrong length or characters."""


class CertificateMissingError(TokenError):
    """The token holds no authentication certificate (or no private key for it)."""


class TokenOperationError(TokenError):
    """Any other PKCS#11 failure (signing refused, device error, ...)."""


def _module_missing(path: str | None) -> ModuleMissingError:
    if path:
        msg = _(
            "Il driver della smart card «{path}» non esiste. Controlla il percorso del modulo "
            "PKCS#11 nelle impostazioni PolisWeb."
        ).format(path=path)
    else:
        msg = _(
            "Nessun driver della smart card trovato. Installa il software della tua carta "
            "(ad esempio Aruba Key/Bit4id o OpenSC) oppure indica il percorso del modulo PKCS#11 "
            "nelle impostazioni PolisWeb."
        )
    return ModuleMissingError(msg)


def _token_absent(label: str | None) -> TokenAbsentError:
    if label:
        msg = _(
            "Smart card «{label}» non trovata. Inserisci la carta nel lettore (o collega la "
            "chiavetta) e riprova."
        ).format(label=label)
    else:
        msg = _(
            "Nessuna smart card trovata. Inserisci la carta nel lettore (o collega la chiavetta) "
            "e riprova."
        )
    return TokenAbsentError(msg)


_ABSENT_CODES = {
    PyKCS11.CKR_TOKEN_NOT_PRESENT,
    PyKCS11.CKR_DEVICE_REMOVED,
    PyKCS11.CKR_SLOT_ID_INVALID,
    PyKCS11.CKR_TOKEN_NOT_RECOGNIZED,
    PyKCS11.CKR_SESSION_HANDLE_INVALID,
    PyKCS11.CKR_SESSION_CLOSED,
}


def error_from_pkcs11(error: PyKCS11.PyKCS11Error, label: str | None = None) -> TokenError:
    """Map a PyKCS11 error to a typed error with an Italian message (never mentions the PIN)."""
    code = error.value
    if code == PyKCS11.CKR_PIN_INCORRECT:
        return WrongPinError(_wrong_pin_message(None))
    if code == PyKCS11.CKR_PIN_LOCKED:
        return PinLockedError(PinStatus(locked=True).warning or "", code)
    if code == PyKCS11.CKR_ARGUMENTS_BAD:
        return EmptyPinError(_("Inserisci il PIN della smart card."), code)
    if code in (PyKCS11.CKR_PIN_LEN_RANGE, PyKCS11.CKR_PIN_INVALID):
        return InvalidPinError(
            _("Il PIN non ha una lunghezza o dei caratteri validi per questa smart card."), code
        )
    if code in _ABSENT_CODES:
        return _token_absent(label)
    name = PyKCS11.CKR.get(code, hex(code)) if isinstance(code, int) else str(code)
    return TokenOperationError(
        _("La smart card ha restituito un errore ({code}). Scollega e ricollega la carta e riprova.")
        .format(code=name),
        code,
    )


def _wrong_pin_message(status: "PinStatus | None") -> str:
    msg = _(
        "PIN errato. Controlla il PIN prima di riprovare: dopo troppi tentativi sbagliati la "
        "smart card si blocca e servirà il PUK."
    )
    if status is not None and status.warning:
        msg = f"{msg}\n{status.warning}"
    return msg


# ---------------------------------------------------------------------------------------------
# PIN state and token description


@dataclass(frozen=True)
class PinStatus:
    """The user-PIN flags of a token (CK_TOKEN_INFO.flags), shown before asking for the PIN."""

    count_low: bool = False  # CKF_USER_PIN_COUNT_LOW: a wrong PIN was entered since the last good one
    final_try: bool = False  # CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the card
    locked: bool = False  # CKF_USER_PIN_LOCKED
    to_be_changed: bool = False  # CKF_USER_PIN_TO_BE_CHANGED

    @classmethod
    def from_flags(cls, flags: int) -> "PinStatus":
        return cls(
            count_low=bool(flags & PyKCS11.CKF_USER_PIN_COUNT_LOW),
            final_try=bool(flags & PyKCS11.CKF_USER_PIN_FINAL_TRY),
            locked=bool(flags & PyKCS11.CKF_USER_PIN_LOCKED),
            to_be_changed=bool(flags & PyKCS11.CKF_USER_PIN_TO_BE_CHANGED),
        )

    @property
    def can_login(self) -> bool:
        return not self.locked

    @property
    def warning(self) -> str | None:
        """An Italian warning for the PIN dialog, or None when all is well (most severe first)."""
        if self.locked:
            return _(
                "Il PIN della smart card è bloccato. Sbloccalo con il PUK usando il programma del "
                "fornitore della carta, poi riprova."
            )
        if self.final_try:
            return _(
                "Attenzione: resta un solo tentativo. Se il PIN è sbagliato la smart card si "
                "blocca e servirà il PUK."
            )
        if self.count_low:
            return _(
                "Attenzione: un PIN sbagliato è già stato inserito e restano pochi tentativi. "
                "Controlla il PIN prima di confermare."
            )
        if self.to_be_changed:
            return _(
                "Il PIN della smart card è quello iniziale e va cambiato con il programma del "
                "fornitore della carta."
            )
        return None


def _clean(text: str) -> str:
    return text.replace("\x00", " ").strip()


@dataclass(frozen=True)
class TokenInfo:
    slot_id: int
    label: str
    manufacturer: str
    model: str
    serial: str
    flags: int

    @property
    def pin_status(self) -> PinStatus:
        return PinStatus.from_flags(self.flags)

    @property
    def protected_auth_path(self) -> bool:
        """The reader has its own PIN pad: login with ``pin=None``."""
        return bool(self.flags & PyKCS11.CKF_PROTECTED_AUTHENTICATION_PATH)


def _token_info(lib: PyKCS11.PyKCS11Lib, slot: int) -> TokenInfo:
    info = lib.getTokenInfo(slot)
    return TokenInfo(
        slot_id=slot,
        label=_clean(info.label),
        manufacturer=_clean(info.manufacturerID),
        model=_clean(info.model),
        serial=_clean(info.serialNumber),
        flags=info.flags,
    )


# ---------------------------------------------------------------------------------------------
# Library and token discovery


def load_library(module_path: str | None = None) -> tuple[PyKCS11.PyKCS11Lib, str]:
    """Load the PKCS#11 module (the user's choice, else the first one found on this system)."""
    path = str(module_path) if module_path else default_module()
    if not path:
        raise _module_missing(None)
    if not Path(path).is_file():
        raise _module_missing(path)
    lib = PyKCS11.PyKCS11Lib()
    try:
        lib.load(path)
    except PyKCS11.PyKCS11Error as exc:
        raise ModuleMissingError(
            _(
                "Impossibile caricare il driver della smart card «{path}» ({error}). Reinstalla il "
                "software della carta o scegli un altro modulo PKCS#11 nelle impostazioni."
            ).format(path=path, error=exc)
        ) from exc
    return lib, path


def _present_tokens(lib: PyKCS11.PyKCS11Lib) -> list[TokenInfo]:
    tokens = []
    for slot in lib.getSlotList(tokenPresent=True):
        try:
            info = _token_info(lib, slot)
        except PyKCS11.PyKCS11Error:
            continue  # a reader whose card vanished meanwhile
        if info.flags & PyKCS11.CKF_TOKEN_INITIALIZED:
            tokens.append(info)
    return tokens


def list_tokens(module_path: str | None = None) -> list[TokenInfo]:
    """The initialised tokens the module sees (label, flags...), for a token chooser."""
    lib, _path = load_library(module_path)
    try:
        return _present_tokens(lib)
    except PyKCS11.PyKCS11Error as exc:
        raise error_from_pkcs11(exc) from exc
    finally:
        lib.unload()


def read_pin_status(module_path: str | None = None, label: str | None = None) -> PinStatus:
    """The PIN flags of the token that ``open_token`` would use, read without logging in."""
    with Token(module_path, label) as token:
        return token.pin_status()


# ---------------------------------------------------------------------------------------------
# Certificates


def _has_client_auth(cert: x509.Certificate) -> bool | None:
    """True/False from the EKU extension, None when the certificate has no EKU."""
    try:
        eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return None
    return ExtendedKeyUsageOID.CLIENT_AUTH in eku


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _non_repudiation(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.KeyUsage).value.content_commitment
    except x509.ExtensionNotFound:
        return False


def _currently_valid(cert: x509.Certificate) -> bool:
    now = dt.datetime.now(dt.timezone.utc)
    return cert.not_valid_before_utc <= now <= cert.not_valid_after_utc


def choose_authentication_certificate(certs: list[x509.Certificate]) -> x509.Certificate | None:
    """The certificate to log in with: EKU clientAuth (valid ones first); without any EKU, a
    certificate that is not a signature (non-repudiation) one. CA certificates never qualify."""
    ranked = []
    for index, cert in enumerate(certs):
        if _is_ca(cert) or not isinstance(cert.public_key(), rsa.RSAPublicKey):
            continue
        client_auth = _has_client_auth(cert)
        if client_auth is True:
            rank = 0
        elif client_auth is None and not _non_repudiation(cert):
            rank = 2
        else:
            continue
        if not _currently_valid(cert):
            rank += 1
        ranked.append((rank, index, cert))
    return min(ranked)[2] if ranked else None


# ---------------------------------------------------------------------------------------------
# Credentials: the common interface


class Credentials(Protocol):
    """What the TLS transport needs: a certificate and a way to sign with its key."""

    certificate: x509.Certificate

    @property
    def tax_code(self) -> str | None: ...

    @property
    def supports_pss(self) -> bool: ...

    def sign(
        self, data: bytes, padding: str, hash_name: str | None = None, salt_len: int | None = None
    ) -> bytes:
        """``padding="pkcs1"``: ``data`` is a DigestInfo (or a digest when ``hash_name`` is given);
        ``padding="pss"``: ``data`` is a digest made with ``hash_name``."""
        ...

    def close(self) -> None: ...


def _digest_info(data: bytes, hash_name: str | None) -> bytes:
    if hash_name is None:
        return bytes(data)
    return DIGEST_INFO_PREFIXES[hash_name.lower()] + bytes(data)


def _split_digest_info(data: bytes) -> tuple[str, bytes]:
    for name, prefix in DIGEST_INFO_PREFIXES.items():
        if data.startswith(prefix) and len(data) == len(prefix) + _HASHES[name].digest_size:
            return name, data[len(prefix):]
    raise ValueError("not a DigestInfo this module knows")


class PemCredentials:
    """A certificate and its private key in PEM files: the demo's and developers' stand-in for a
    smart card, with the same interface as ``TokenCredentials``."""

    def __init__(self, certificate: x509.Certificate, private_key: rsa.RSAPrivateKey):
        if not isinstance(private_key, rsa.RSAPrivateKey):
            raise TypeError("only RSA keys are supported")
        self.certificate = certificate
        self._key = private_key

    @classmethod
    def from_files(
        cls, cert_path: str | Path, key_path: str | Path, password: bytes | None = None
    ) -> "PemCredentials":
        cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
        key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=password)
        return cls(cert, key)

    @classmethod
    def from_issued(cls, issued: pki.Issued) -> "PemCredentials":
        return cls(issued.certificate, issued.private_key)

    @property
    def tax_code(self) -> str | None:
        return pki.tax_code_of(self.certificate)

    @property
    def supports_pss(self) -> bool:
        return True

    def sign(
        self, data: bytes, padding: str, hash_name: str | None = None, salt_len: int | None = None
    ) -> bytes:
        padding = padding.lower()
        if padding == "pkcs1":
            name, digest = _split_digest_info(_digest_info(data, hash_name))
            return self._key.sign(digest, asym_padding.PKCS1v15(), asym_utils.Prehashed(_HASHES[name]()))
        if padding == "pss":
            algorithm = _HASHES[(hash_name or "").lower()]()
            pss = asym_padding.PSS(
                mgf=asym_padding.MGF1(algorithm),
                salt_length=algorithm.digest_size if salt_len is None else salt_len,
            )
            return self._key.sign(bytes(data), pss, asym_utils.Prehashed(algorithm))
        raise ValueError(f"unknown padding {padding!r}")

    def close(self) -> None:
        pass

    def __enter__(self) -> "PemCredentials":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------
# The token


_PSS_PARAMS = {
    "sha1": (PyKCS11.CKM_SHA_1, PyKCS11.CKG_MGF1_SHA1),
    "sha224": (PyKCS11.CKM_SHA224, PyKCS11.CKG_MGF1_SHA224),
    "sha256": (PyKCS11.CKM_SHA256, PyKCS11.CKG_MGF1_SHA256),
    "sha384": (PyKCS11.CKM_SHA384, PyKCS11.CKG_MGF1_SHA384),
    "sha512": (PyKCS11.CKM_SHA512, PyKCS11.CKG_MGF1_SHA512),
}


class Token:
    """An open session on one token, before login: read its PIN state, then ``login`` once.

    ``label=None`` takes the token holding an authentication certificate (else the first one):
    a CNS read through OpenSC shows several tokens, one per PIN.
    """

    def __init__(self, module_path: str | None = None, label: str | None = None):
        self._lib, self.module_path = load_library(module_path)
        self._session = None
        self._logged_in = False
        self._login_attempted = False
        try:
            self.info = self._choose_token(label)
            self._session = self._lib.openSession(self.info.slot_id, PyKCS11.CKF_SERIAL_SESSION)
        except PyKCS11.PyKCS11Error as exc:
            self.close()
            raise error_from_pkcs11(exc, label) from exc
        except TokenError:
            self.close()
            raise

    def _choose_token(self, label: str | None) -> TokenInfo:
        tokens = _present_tokens(self._lib)
        if label is not None:
            tokens = [t for t in tokens if t.label == label.strip()]
        if not tokens:
            raise _token_absent(label)
        if len(tokens) > 1:
            for token in tokens:
                if self._has_auth_certificate(token.slot_id):
                    return token
        return tokens[0]

    def _has_auth_certificate(self, slot: int) -> bool:
        try:
            session = self._lib.openSession(slot, PyKCS11.CKF_SERIAL_SESSION)
        except PyKCS11.PyKCS11Error:
            return False
        try:
            return choose_authentication_certificate([c for c, _id in _read_certificates(session)]) is not None
        finally:
            session.closeSession()

    @property
    def label(self) -> str:
        return self.info.label

    def pin_status(self) -> PinStatus:
        """Fresh PIN flags (they change after each wrong or good PIN)."""
        try:
            return _token_info(self._lib, self.info.slot_id).pin_status
        except PyKCS11.PyKCS11Error as exc:
            raise error_from_pkcs11(exc, self.info.label) from exc

    def login(self, pin: str | None) -> "TokenCredentials":
        """Log in with ``pin`` exactly once and return the credentials for TLS.

        ``pin=None`` only for readers with a PIN pad. A wrong PIN raises ``WrongPinError``; the
        caller must ask the user again (showing ``pin_status().warning``), never retry by itself.
        """
        if self._login_attempted:
            raise TokenOperationError(
                _("Il PIN è già stato usato per questa sessione: chiudi e riapri la smart card.")
            )
        if pin is None and not self.info.protected_auth_path:
            raise EmptyPinError(_("Inserisci il PIN della smart card."))
        if pin is not None and not pin.strip():
            raise EmptyPinError(_("Inserisci il PIN della smart card."))  # never costs a try
        status = self.pin_status()
        if status.locked:
            raise PinLockedError(status.warning or "", PyKCS11.CKR_PIN_LOCKED)
        self._login_attempted = True
        try:
            self._session.login(pin)
        except PyKCS11.PyKCS11Error as exc:
            if exc.value != PyKCS11.CKR_USER_ALREADY_LOGGED_IN:
                error = error_from_pkcs11(exc, self.info.label)
                if isinstance(error, WrongPinError):
                    after = self._status_or_none()
                    error = WrongPinError(_wrong_pin_message(after), after)
                raise error from None  # the PyKCS11 traceback adds nothing and holds frames
        finally:
            del pin
        self._logged_in = True
        log.info("logged in to token %r", self.info.label)
        return TokenCredentials(self)

    def _status_or_none(self) -> PinStatus | None:
        try:
            return self.pin_status()
        except TokenError:
            return None

    def close(self) -> None:
        """Log out, close the session and release the module (safe to call twice)."""
        session, self._session = self._session, None
        if session is not None:
            if self._logged_in:
                try:
                    session.logout()
                except PyKCS11.PyKCS11Error:
                    pass
            try:
                session.closeSession()
            except PyKCS11.PyKCS11Error:
                pass
        self._logged_in = False
        lib, self._lib = self._lib, None
        if lib is not None:
            try:
                lib.unload()
            except PyKCS11.PyKCS11Error:
                pass

    def __enter__(self) -> "Token":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _read_certificates(session) -> list[tuple[x509.Certificate, bytes]]:
    """The X.509 certificates on the token with their CKA_ID."""
    result = []
    handles = session.findObjects(
        [(PyKCS11.CKA_CLASS, PyKCS11.CKO_CERTIFICATE), (PyKCS11.CKA_CERTIFICATE_TYPE, PyKCS11.CKC_X_509)]
    )
    for handle in handles:
        value, cka_id = session.getAttributeValue(handle, [PyKCS11.CKA_VALUE, PyKCS11.CKA_ID])
        try:
            cert = x509.load_der_x509_certificate(bytes(value))
        except ValueError:
            continue
        result.append((cert, bytes(cka_id or b"")))
    return result


class TokenCredentials:
    """A logged-in token: the authentication certificate and signing with its private key.

    Created by ``Token.login`` or ``open_token``; ``close()`` logs out and releases the token.
    """

    def __init__(self, token: Token):
        self._token = token
        self._lock = threading.Lock()
        session = token._session
        try:
            certs = _read_certificates(session)
            chosen = choose_authentication_certificate([c for c, _id in certs])
            if chosen is None:
                raise CertificateMissingError(
                    _(
                        "Sulla smart card «{label}» non c'è un certificato di autenticazione "
                        "(CNS). Usa la carta con cui accedi ai servizi telematici."
                    ).format(label=token.label)
                )
            self.certificate = chosen
            self.cka_id = next(i for c, i in certs if c is chosen)
            self._key_handle = self._find_private_key(session)
            mechanisms = set(token._lib.getMechanismList(token.info.slot_id))
        except PyKCS11.PyKCS11Error as exc:
            raise error_from_pkcs11(exc, token.label) from exc
        self._supports_pss = "CKM_RSA_PKCS_PSS" in mechanisms

    def _find_private_key(self, session):
        template = [(PyKCS11.CKA_CLASS, PyKCS11.CKO_PRIVATE_KEY)]
        if self.cka_id:
            keys = session.findObjects(template + [(PyKCS11.CKA_ID, self.cka_id)])
            if keys:
                return keys[0]
        # No CKA_ID match (some middleware): match the modulus of the certificate's key.
        modulus = self.certificate.public_key().public_numbers().n
        for handle in session.findObjects(template):
            (value,) = session.getAttributeValue(handle, [PyKCS11.CKA_MODULUS])
            if value and int.from_bytes(bytes(value), "big") == modulus:
                return handle
        raise CertificateMissingError(
            _(
                "Sulla smart card «{label}» manca la chiave privata del certificato di "
                "autenticazione."
            ).format(label=self._token.label)
        )

    @property
    def label(self) -> str:
        return self._token.label

    @property
    def tax_code(self) -> str | None:
        return pki.tax_code_of(self.certificate)

    @property
    def supports_pss(self) -> bool:
        return self._supports_pss

    def sign(
        self, data: bytes, padding: str, hash_name: str | None = None, salt_len: int | None = None
    ) -> bytes:
        padding = padding.lower()
        if padding == "pkcs1":
            mechanism = PyKCS11.Mechanism(PyKCS11.CKM_RSA_PKCS, None)
            payload = _digest_info(data, hash_name)
        elif padding == "pss":
            if not self._supports_pss:
                raise TokenOperationError(_("Questa smart card non supporta le firme RSA-PSS."))
            hash_mech, mgf = _PSS_PARAMS[(hash_name or "").lower()]
            length = _HASHES[hash_name.lower()].digest_size if salt_len is None else salt_len
            mechanism = PyKCS11.RSA_PSS_Mechanism(PyKCS11.CKM_RSA_PKCS_PSS, hash_mech, mgf, length)
            payload = bytes(data)
        else:
            raise ValueError(f"unknown padding {padding!r}")
        with self._lock:
            session = self._token._session
            if session is None:
                raise TokenOperationError(_("La sessione della smart card è già stata chiusa."))
            try:
                return bytes(session.sign(self._key_handle, payload, mechanism))
            except PyKCS11.PyKCS11Error as exc:
                raise error_from_pkcs11(exc, self.label) from exc

    def close(self) -> None:
        with self._lock:
            self._token.close()

    def __enter__(self) -> "TokenCredentials":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def open_token(
    pin: str | None, module_path: str | None = None, label: str | None = None
) -> TokenCredentials:
    """Find the token, log in once with ``pin`` and return its credentials (close them after)."""
    token = Token(module_path, label)
    try:
        return token.login(pin)
    except BaseException:
        token.close()
        raise
    finally:
        del pin

"""Secrets (CalDAV, PEC and OTP-portal passwords) in the operating system's keyring.

Never in the SQLite archive or the settings file. The smart-card PIN is not a secret kept here:
it is never stored anywhere. When no keyring backend is usable (a bare Linux desktop without
Secret Service, a headless session), the user gets an Italian message saying what to install.
"""

from __future__ import annotations

import keyring
from keyring.backends import fail, null
from keyring.errors import KeyringError, KeyringLocked, NoKeyringError, PasswordDeleteError

from cliens_tk.i18n import _

SERVICE_PREFIX = "cliens-tk"


class SecretStoreError(Exception):
    """A keyring problem; ``str(error)`` is an Italian message for the user."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class KeyringUnavailableError(SecretStoreError):
    def __init__(self, detail: str = ""):
        super().__init__(
            _(
                "Il portachiavi del sistema non è disponibile, quindi la password non può essere "
                "salvata in modo sicuro. Su Linux installa e avvia un portachiavi (ad esempio "
                "GNOME Keyring o KWallet); su Windows e macOS controlla di aver effettuato "
                "l'accesso con il tuo utente."
            ),
            detail,
        )


class KeyringLockedError(SecretStoreError):
    def __init__(self, detail: str = ""):
        super().__init__(
            _("Il portachiavi del sistema è bloccato: sbloccalo e riprova."),
            detail,
        )


def service_name(service: str) -> str:
    """``cliens-tk/<service>``: our entries are easy to find and to tell apart in the keyring."""
    return service if service.startswith(SERVICE_PREFIX) else f"{SERVICE_PREFIX}/{service}"


def _backend():
    backend = keyring.get_keyring()
    # fail.Keyring: nothing usable found; null.Keyring: keyring disabled (it would drop secrets).
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        raise KeyringUnavailableError(type(backend).__module__)
    return backend


def keyring_available() -> bool:
    try:
        _backend()
        return True
    except SecretStoreError:
        return False


def _wrap(error: KeyringError) -> SecretStoreError:
    if isinstance(error, NoKeyringError):
        return KeyringUnavailableError(str(error))
    if isinstance(error, KeyringLocked):
        return KeyringLockedError(str(error))
    return SecretStoreError(
        _("Errore del portachiavi del sistema: {error}").format(error=type(error).__name__),
        str(error),
    )


def set_secret(service: str, user: str, secret: str) -> None:
    if not secret:
        raise ValueError("empty secret: use delete_secret")
    backend = _backend()
    try:
        backend.set_password(service_name(service), user, secret)
    except KeyringError as error:
        raise _wrap(error) from None


def get_secret(service: str, user: str) -> str | None:
    """The stored secret, or None when there is none."""
    backend = _backend()
    try:
        return backend.get_password(service_name(service), user)
    except KeyringError as error:
        raise _wrap(error) from None


def delete_secret(service: str, user: str) -> bool:
    """Delete the secret; False when there was none."""
    backend = _backend()
    try:
        backend.delete_password(service_name(service), user)
        return True
    except PasswordDeleteError:
        return False
    except KeyringError as error:
        raise _wrap(error) from None

"""How the app reaches PolisWeb: the access configuration and the access errors.

Three access modes, as in the seed product (guide 7.2): the smart card (PKCS#11 token: the
normal way), an OTP device of the access point (username + password kept in the OS keyring, a
one-time code typed at download time), and, for the demo and development only, a certificate
and key in PEM files standing in for the card.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum

from cliens_tk.i18n import _
from cliens_tk.polisweb.protocol.soap_requests import DEFAULT_BASE_URL

DEFAULT_OTP_PAGE = "https://pst.giustizia.it/PST/"


class AccessMode(StrEnum):
    SMART_CARD = "smartcard"
    PEM = "pem"
    OTP = "otp"

    @property
    def label(self) -> str:
        return {
            AccessMode.SMART_CARD: _("Smart card / token USB"),
            AccessMode.PEM: _("Certificato e chiave in file PEM (prove e dimostrazione)"),
            AccessMode.OTP: _("Dispositivo OTP del punto di accesso"),
        }[self]


@dataclass
class AccessConfig:
    """Where and how to connect. Never holds a PIN, a password or an OTP code."""

    mode: AccessMode = AccessMode.SMART_CARD
    base_url: str = DEFAULT_BASE_URL
    ca_file: str = ""  # empty: the operating system's trust store
    pkcs11_module: str = ""  # empty: found automatically
    token_label: str = ""  # empty: the token holding an authentication certificate
    cert_file: str = ""
    key_file: str = ""
    otp_user: str = ""
    otp_page_url: str = DEFAULT_OTP_PAGE
    min_tls: str = "1.2"
    max_tls: str = "1.3"
    timeout: float = 60.0
    service_paths: dict[str, str] = field(default_factory=dict)  # register code -> path override

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["mode"] = self.mode.value
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> "AccessConfig":
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and v is not None}
        try:
            values["mode"] = AccessMode(values.get("mode", AccessMode.SMART_CARD.value))
        except ValueError:
            values["mode"] = AccessMode.SMART_CARD
        return cls(**values)


class AccessError(Exception):
    """A problem with the user's access setup; ``str(error)`` is an Italian message."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AccessCancelled(AccessError):
    """The user closed the PIN or OTP dialog: nothing was tried."""

    def __init__(self) -> None:
        super().__init__(_("Operazione annullata: nessun accesso a PolisWeb è stato tentato."))


class TaxCodeMismatchError(AccessError):
    def __init__(self, certificate: str, configured: str):
        super().__init__(_(
            "Il codice fiscale del certificato ({certificate}) è diverso da quello indicato nelle "
            "impostazioni ({configured}). Usa la smart card intestata a te, oppure correggi il codice "
            "fiscale nelle impostazioni."
        ).format(certificate=certificate, configured=configured))
        self.certificate = certificate
        self.configured = configured


class MissingTaxCodeError(AccessError):
    def __init__(self, otp: bool = False):
        if otp:
            message = _("Per l'accesso con OTP serve il tuo codice fiscale: indicalo nelle impostazioni "
                        "PolisWeb (campo «Codice fiscale»).")
        else:
            message = _("Il certificato di autenticazione non contiene un codice fiscale: usa la smart card "
                        "(CNS) con cui accedi ai servizi telematici.")
        super().__init__(message)


class OtpNotConfiguredError(AccessError):
    def __init__(self) -> None:
        super().__init__(_("Il dispositivo OTP non è configurato: usa «Configura OTP» nel menu PolisWeb "
                           "per indicare nome utente e password."))


class OtpLoginError(AccessError):
    def __init__(self) -> None:
        super().__init__(_("Accesso OTP rifiutato: nome utente, password o codice OTP errati, oppure codice "
                           "scaduto. Controlla i dati in «Configura OTP» e riprova con un codice nuovo."))


class PemFilesError(AccessError):
    def __init__(self, path: str, detail: str = ""):
        super().__init__(_("Impossibile leggere il certificato o la chiave «{path}». Controlla i file nelle "
                           "impostazioni PolisWeb.").format(path=path))
        self.detail = detail


class BadBaseUrlError(AccessError):
    def __init__(self, url: str):
        super().__init__(_("L'indirizzo del punto di accesso «{url}» non è valido: deve iniziare con "
                           "https://").format(url=url))


class NoOfficeError(AccessError):
    def __init__(self) -> None:
        super().__init__(_("Nessun ufficio da consultare: aggiungine uno nelle impostazioni PolisWeb "
                           "(pulsante +) e spunta almeno un registro."))


def access_errors() -> tuple[type[BaseException], ...]:
    """Every error whose text is a message for the user (to show instead of a traceback)."""
    from cliens_tk.polisweb.protocol.errors import PolisWebError
    from cliens_tk.polisweb.transport_errors import TransportError
    from cliens_tk.security.secrets import SecretStoreError
    from cliens_tk.security.token import TokenError

    return (AccessError, PolisWebError, TransportError, TokenError, SecretStoreError)

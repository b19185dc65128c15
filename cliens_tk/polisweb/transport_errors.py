"""Typed transport errors; ``str(error)`` is an Italian message for the user.

They deliberately do not derive from ``OSError``/``requests.RequestException``: urllib3 would
catch an ``OSError`` raised during the handshake, wrap it and maybe retry; these must reach the
caller unchanged.
"""

from __future__ import annotations

from cliens_tk.i18n import _


class TransportError(Exception):
    """Base class. ``host`` is the server the error is about."""

    def __init__(self, message: str, host: str = "", detail: str = ""):
        super().__init__(message)
        self.message = message
        self.host = host
        self.detail = detail  # technical detail for the log, not for the dialog


class ServerCertificateError(TransportError):
    """The server's certificate did not pass verification: nothing was sent to it."""


class UnknownCertificateAuthorityError(ServerCertificateError):
    def __init__(self, host: str, detail: str = ""):
        super().__init__(
            _(
                "Il certificato del server {host} non è emesso da un'autorità riconosciuta: la "
                "connessione è stata interrotta per sicurezza. Se usi un server di prova, indica "
                "il file della sua autorità (CA) nelle impostazioni PolisWeb."
            ).format(host=host),
            host,
            detail,
        )


class HostnameMismatchError(ServerCertificateError):
    def __init__(self, host: str, detail: str = ""):
        super().__init__(
            _(
                "Il certificato del server non corrisponde all'indirizzo {host}: la connessione è "
                "stata interrotta per sicurezza. Controlla l'indirizzo del servizio nelle "
                "impostazioni PolisWeb."
            ).format(host=host),
            host,
            detail,
        )


class ServerCertificateInvalidError(ServerCertificateError):
    """Known CA and right name, but the certificate is unusable (expired, wrong usage...)."""

    def __init__(self, host: str, detail: str = ""):
        super().__init__(
            _(
                "Il certificato del server {host} non è valido (ad esempio è scaduto): la "
                "connessione è stata interrotta per sicurezza. Controlla anche che data e ora del "
                "computer siano corrette."
            ).format(host=host),
            host,
            detail,
        )


class ConnectionFailedError(TransportError):
    """Refused, unreachable, name not resolved, or dropped by the network."""

    def __init__(self, host: str, detail: str = ""):
        super().__init__(
            _(
                "Impossibile collegarsi a {host}: il server non risponde o la rete non è "
                "disponibile. Controlla la connessione a Internet e riprova."
            ).format(host=host),
            host,
            detail,
        )


class TransportTimeoutError(TransportError):
    def __init__(self, host: str, seconds: float | None = None, detail: str = ""):
        if seconds:
            message = _(
                "Il server {host} non ha risposto entro {seconds:g} secondi. Riprova più tardi."
            ).format(host=host, seconds=seconds)
        else:
            message = _("Il server {host} non ha risposto in tempo. Riprova più tardi.").format(
                host=host
            )
        super().__init__(message, host, detail)


class ResponseTooLargeError(TransportError):
    def __init__(self, host: str, limit: int, detail: str = ""):
        super().__init__(
            _(
                "La risposta del server {host} supera il limite di {size} ed è stata scartata."
            ).format(host=host, size=_human_size(limit)),
            host,
            detail,
        )
        self.limit = limit


class HandshakeRefusedError(TransportError):
    """The server ended the TLS handshake (or the first request) with an alert."""

    def __init__(self, host: str, detail: str = "", message: str | None = None):
        super().__init__(
            message
            or _(
                "Il server {host} ha rifiutato la connessione sicura. Può dipendere dal "
                "certificato della smart card o dalle impostazioni di sicurezza del server."
            ).format(host=host),
            host,
            detail,
        )


class ClientCertificateRejectedError(HandshakeRefusedError):
    def __init__(self, host: str, detail: str = ""):
        super().__init__(
            host,
            detail,
            _(
                "Il server {host} ha rifiutato il certificato della smart card. Controlla che la "
                "carta sia valida (non scaduta né revocata) e che sia quella registrata al "
                "ReGIndE."
            ).format(host=host),
        )


class InsecureUrlError(TransportError):
    def __init__(self, url: str):
        super().__init__(
            _("L'indirizzo {url} non usa HTTPS: la connessione non è consentita.").format(url=url),
            url,
        )


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} byte"


class CaFileError(TransportError):
    """The configured CA file is missing or holds no certificate."""

    def __init__(self, path: str, detail: str = ""):
        super().__init__(
            _(
                "Il file dell'autorità di certificazione «{path}» non esiste o non contiene "
                "certificati. Correggi il percorso nelle impostazioni PolisWeb."
            ).format(path=path),
            "",
            detail,
        )

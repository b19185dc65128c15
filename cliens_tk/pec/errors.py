"""Errors of the PEC connection, with an Italian message that says what to do."""

from __future__ import annotations

import socket
import ssl
import smtplib

from cliens_tk.i18n import _


class PecError(Exception):
    """A PEC problem; ``str(error)`` is for the user."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class PecLoginError(PecError):
    pass


class PecConnectionError(PecError):
    pass


class PecSendError(PecError):
    pass


def connection_error(exc: BaseException, host: str, port: int, what: str) -> PecError:
    """Turn a socket/TLS error into a message a non-programmer can act on."""
    where = f"{host}:{port}"
    if isinstance(exc, socket.gaierror):
        return PecConnectionError(_("Server {what} «{host}» non trovato: controllare il nome del server e la "
                                    "connessione a Internet.").format(what=what, host=host), str(exc))
    if isinstance(exc, ssl.SSLCertVerificationError):
        return PecConnectionError(_("Il certificato del server {what} {where} non è valido ({reason}): la connessione "
                                    "è stata interrotta per sicurezza. Controllare il nome del server.")
                                  .format(what=what, where=where, reason=exc.verify_message or exc.reason), str(exc))
    if isinstance(exc, ssl.SSLError):
        return PecConnectionError(_("Connessione sicura (TLS) con il server {what} {where} non riuscita: controllare la "
                                    "porta e il tipo di sicurezza (SSL/TLS o STARTTLS).").format(what=what, where=where),
                                  str(exc))
    if isinstance(exc, ConnectionRefusedError):
        return PecConnectionError(_("Il server {what} {where} rifiuta la connessione: controllare la porta.")
                                  .format(what=what, where=where), str(exc))
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return PecConnectionError(_("Il server {what} {where} non risponde: riprovare più tardi o controllare la "
                                    "connessione a Internet.").format(what=what, where=where), str(exc))
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return PecLoginError(_("Il server di posta in uscita ha rifiutato nome utente o password: controllarli "
                               "(alcuni gestori richiedono una password dedicata per i programmi di posta)."), str(exc))
    return PecConnectionError(_("Errore di connessione con il server {what} {where}: {error}")
                              .format(what=what, where=where, error=exc), repr(exc))

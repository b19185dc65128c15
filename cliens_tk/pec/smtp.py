"""Sending over SMTP to the PEC provider (TLS always, server certificate verified)."""

from __future__ import annotations

import smtplib
import ssl

from cliens_tk.i18n import _
from cliens_tk.pec.account import PecAccount
from cliens_tk.pec.errors import PecLoginError, PecSendError, connection_error

TIMEOUT = 60.0


def _open(account: PecAccount, ssl_context: ssl.SSLContext, timeout: float) -> smtplib.SMTP:
    if account.smtp_security == "ssl":
        return smtplib.SMTP_SSL(account.smtp_host, account.smtp_port, timeout=timeout, context=ssl_context)
    server = smtplib.SMTP(account.smtp_host, account.smtp_port, timeout=timeout)
    server.starttls(context=ssl_context)
    return server


def connect(account: PecAccount, password: str, ssl_context: ssl.SSLContext | None = None,
            timeout: float = TIMEOUT) -> smtplib.SMTP:
    context = ssl_context or ssl.create_default_context()
    try:
        server = _open(account, context, timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise connection_error(exc, account.smtp_host, account.smtp_port, _("di posta in uscita")) from None
    try:
        server.login(account.username, password)
    except smtplib.SMTPAuthenticationError as exc:
        server.close()
        raise PecLoginError(_("Il server di posta in uscita ha rifiutato nome utente o password di {address}: "
                              "controllarli.").format(address=account.address), str(exc)) from None
    except (OSError, smtplib.SMTPException) as exc:
        server.close()
        raise connection_error(exc, account.smtp_host, account.smtp_port, _("di posta in uscita")) from None
    return server


def check_login(account: PecAccount, password: str, ssl_context: ssl.SSLContext | None = None) -> None:
    server = connect(account, password, ssl_context, timeout=15)
    try:
        server.quit()
    except (OSError, smtplib.SMTPException):
        server.close()


def send(account: PecAccount, password: str, raw: bytes, recipients: list[str],
         ssl_context: ssl.SSLContext | None = None, server: smtplib.SMTP | None = None) -> None:
    """Hand ``raw`` to the provider. Raises ``PecSendError`` with the provider's reason when refused."""
    own = server is None
    server = server or connect(account, password, ssl_context)
    try:
        server.sendmail(account.address, recipients, raw)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise PecSendError(_("Il gestore ha rifiutato questi destinatari: {who}.").format(who=refused), str(exc)) from None
    except smtplib.SMTPSenderRefused as exc:
        raise PecSendError(_("Il gestore ha rifiutato il mittente {address}: {reason}").format(
            address=account.address, reason=_reason(exc.smtp_error)), str(exc)) from None
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code == 552:
            raise PecSendError(_("Il messaggio è troppo grande per il gestore: ridurre o togliere qualche allegato."),
                               str(exc)) from None
        raise PecSendError(_("Il gestore ha rifiutato il messaggio: {reason}").format(reason=_reason(exc.smtp_error)),
                           str(exc)) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise connection_error(exc, account.smtp_host, account.smtp_port, _("di posta in uscita")) from None
    finally:
        if own:
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()


def _reason(error) -> str:
    return error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)

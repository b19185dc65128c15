"""Errors of the PolisWeb protocol layer, each with an Italian message naming office and register.

Every failure to read a response ends in a ``PolisWebError`` subclass, never in a bare parser
exception, so the download engine can stop one office/register cleanly and tell the user why.
"""

from __future__ import annotations

from dataclasses import dataclass

from cliens_tk.domain.offices import Register, parse_register
from cliens_tk.i18n import _


@dataclass(frozen=True)
class CallContext:
    """Where a call went: used only to word error messages (and logs)."""

    office_code: str = ""
    office_name: str = ""
    register: Register | str | None = None
    query: str = ""
    gl: str = ""
    service: str = ""

    def office_text(self) -> str:
        if self.office_name and self.office_code:
            return f"{self.office_name} ({self.office_code})"
        return self.office_name or self.office_code or _("ufficio non indicato")

    def register_text(self) -> str:
        if self.register is None or self.register == "":
            return _("non indicato")
        if isinstance(self.register, Register):
            return self.register.label
        try:
            return parse_register(str(self.register)).label
        except ValueError:
            return str(self.register)


class PolisWebError(Exception):
    """Base class. ``message`` is the Italian text for the user; ``detail`` the server's words."""

    retryable = False

    def __init__(self, context: CallContext | None = None, detail: str = ""):
        self.context = context or CallContext()
        self.detail = detail
        self.message = self._message()
        super().__init__(self.message)

    @property
    def office(self) -> str:
        return self.context.office_text()

    @property
    def register(self) -> str:
        return self.context.register_text()

    def _template(self) -> str:
        return _("Errore del servizio PolisWeb per {office}, registro {register}: {detail}")

    def _message(self) -> str:
        return self._template().format(
            office=self.office, register=self.register, detail=self.detail or "-",
            query=self.context.query or "-",
        )


# --- SOAP faults ---------------------------------------------------------------------------

class SoapFaultError(PolisWebError):
    """A SOAP fault; ``faultcode``/``faultstring`` keep the server's words."""

    def __init__(self, context: CallContext | None = None, detail: str = "", faultcode: str = ""):
        self.faultcode = faultcode
        super().__init__(context, detail)


class NotAllowedError(SoapFaultError):
    def _template(self) -> str:
        return _(
            "PolisWeb non consente la consultazione di {office}, registro {register}: verificare "
            "l'incarico come CTU e l'abilitazione dell'utente. ({detail})"
        )


class WrongValueTypeError(SoapFaultError):
    def _template(self) -> str:
        return _(
            "PolisWeb ha rifiutato un parametro di tipo errato nell'interrogazione {query} "
            "per {office}, registro {register}. ({detail})"
        )


class UnsupportedValueTypeError(SoapFaultError):
    def _template(self) -> str:
        return _(
            "PolisWeb non riconosce il tipo di un parametro dell'interrogazione {query} "
            "per {office}, registro {register}. ({detail})"
        )


class ParameterNotResolvedError(SoapFaultError):
    def _template(self) -> str:
        return _(
            "Manca un parametro richiesto da PolisWeb nell'interrogazione {query} "
            "per {office}, registro {register}. ({detail})"
        )


class ServiceNotFoundError(SoapFaultError):
    def _template(self) -> str:
        return _(
            "L'interrogazione {query} non è disponibile su PolisWeb per {office}, "
            "registro {register}. ({detail})"
        )


class CursorError(SoapFaultError):
    retryable = True

    def _template(self) -> str:
        return _(
            "Errore interno del servizio PolisWeb (apertura cursore) per {office}, "
            "registro {register}: riprovare più tardi."
        )


class MissingTaxCodeError(SoapFaultError):
    def _template(self) -> str:
        return _(
            "PolisWeb non ha ricevuto il codice fiscale dell'utente per {office}, "
            "registro {register}: verificare il certificato di autenticazione."
        )


class UnknownFaultError(SoapFaultError):
    def _template(self) -> str:
        return _("PolisWeb ha segnalato un errore per {office}, registro {register}: {detail}")


# --- HTTP status ---------------------------------------------------------------------------

class HttpStatusError(PolisWebError):
    def __init__(self, context: CallContext | None = None, detail: str = "", status: int = 0):
        self.status = status
        super().__init__(context, detail)

    def _template(self) -> str:
        return _("Risposta inattesa di PolisWeb (HTTP {status}) per {office}, registro {register}.")

    def _message(self) -> str:
        return self._template().format(
            office=self.office, register=self.register, detail=self.detail or "-",
            query=self.context.query or "-", status=self.status,
        )


class AuthenticationError(HttpStatusError):
    """HTTP 401: certificate (or OTP login) missing or refused."""

    def _template(self) -> str:
        return _(
            "Accesso a PolisWeb negato per {office}, registro {register}: certificato di "
            "autenticazione mancante o non valido (HTTP {status})."
        )


class ForbiddenError(HttpStatusError):
    """HTTP 403: the user is known but not enabled (e.g. not registered in ReGIndE)."""

    def _template(self) -> str:
        return _(
            "Accesso a PolisWeb non consentito per {office}, registro {register}: l'utente "
            "non risulta abilitato ai servizi telematici (HTTP {status})."
        )


class EndpointNotFoundError(HttpStatusError):
    """HTTP 404: unknown district back-end (GL) or service path."""

    def _template(self) -> str:
        return _(
            "Servizio PolisWeb non trovato per {office}, registro {register}: verificare il "
            "distretto dell'ufficio e l'elenco ministeriale (HTTP {status})."
        )


class ServerError(HttpStatusError):
    retryable = True

    def _template(self) -> str:
        return _(
            "Servizio PolisWeb temporaneamente non disponibile per {office}, registro "
            "{register} (HTTP {status}): riprovare più tardi."
        )


# --- unreadable responses -------------------------------------------------------------------

class MalformedResponseError(PolisWebError):
    def _template(self) -> str:
        return _("Risposta di PolisWeb non leggibile per {office}, registro {register}: {detail}")


class ResponseTooLargeError(MalformedResponseError):
    def _template(self) -> str:
        return _(
            "Risposta di PolisWeb troppo grande per {office}, registro {register}: "
            "scaricamento interrotto. ({detail})"
        )


class ProtocolMismatchError(PolisWebError):
    """The server's descriptor does not offer a parameter we need (see ``discovery``)."""

    def _template(self) -> str:
        return _(
            "L'interrogazione {query} di PolisWeb per {office}, registro {register} non "
            "prevede un parametro necessario: {detail}"
        )

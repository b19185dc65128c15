"""What a message in a PEC box is: an ordinary message, a transport envelope, an anomaly envelope
or one of the provider's receipts.

The classification reads ``X-Ricevuta`` (receipts) and ``X-Trasporto`` (envelopes) only:
``X-Riferimento-Message-ID`` is on receipts and envelopes alike, so it never decides alone.
"""

from __future__ import annotations

from enum import StrEnum
from email.message import Message

from cliens_tk.i18n import _


class MessageKind(StrEnum):
    PLAIN = "plain"  # not certified (e.g. a message sent from an ordinary mailbox)
    ENVELOPE = "envelope"  # busta di trasporto: X-Trasporto: posta-certificata
    ANOMALY = "anomaly"  # busta di anomalia: X-Trasporto: errore
    RECEIPT = "receipt"  # ricevuta / avviso: X-Ricevuta: <type>


class ReceiptType(StrEnum):
    """The ``X-Ricevuta`` values (and the ``tipo`` of ``daticert.xml``)."""

    ACCEPTANCE = "accettazione"
    NON_ACCEPTANCE = "non-accettazione"
    TAKEN_IN_CHARGE = "presa-in-carico"
    DELIVERY = "avvenuta-consegna"
    DELIVERY_ERROR = "errore-consegna"
    DELIVERY_WARNING = "preavviso-errore-consegna"
    VIRUS_DETECTED = "rilevazione-virus"


RECEIPT_LABELS = {
    ReceiptType.ACCEPTANCE: "Ricevuta di accettazione",
    ReceiptType.NON_ACCEPTANCE: "Avviso di non accettazione",
    ReceiptType.TAKEN_IN_CHARGE: "Ricevuta di presa in carico",
    ReceiptType.DELIVERY: "Ricevuta di avvenuta consegna",
    ReceiptType.DELIVERY_ERROR: "Avviso di mancata consegna",
    ReceiptType.DELIVERY_WARNING: "Preavviso di mancata consegna",
    ReceiptType.VIRUS_DETECTED: "Avviso di rilevazione virus",
}


def receipt_label(receipt: ReceiptType | str | None) -> str:
    try:
        return _(RECEIPT_LABELS[ReceiptType(receipt)])
    except (ValueError, KeyError):
        return _("Ricevuta")


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return str(value).strip().lower() if value is not None else ""


def receipt_type(message: Message) -> ReceiptType | None:
    """The receipt type of a message, or None; unknown ``X-Ricevuta`` values are still receipts
    but without a type we act on (None is returned and ``classify`` says RECEIPT)."""
    value = _header(message, "X-Ricevuta")
    try:
        return ReceiptType(value) if value else None
    except ValueError:
        return None


def classify(message: Message) -> MessageKind:
    if _header(message, "X-Ricevuta"):
        return MessageKind.RECEIPT
    transport = _header(message, "X-Trasporto")
    if transport == "posta-certificata":
        return MessageKind.ENVELOPE
    if transport == "errore":
        return MessageKind.ANOMALY
    return MessageKind.PLAIN

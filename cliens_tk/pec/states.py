"""The state of a sent PEC, followed from its receipts.

Sent -> accepted (acceptance receipt) -> delivered to each recipient (one delivery receipt per
certified recipient, with its time) or not delivered (with the reason from ``errore-esteso``);
refused when the provider does not accept it. Recipients in ordinary mailboxes (``esterno``) never
produce a delivery receipt, so they do not keep a message "waiting" for ever. PEC has no read
receipt. Receipts may arrive in any order; applying the same receipt twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from cliens_tk.i18n import _
from cliens_tk.pec.kinds import ReceiptType


class MessageState(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DELIVERED = "delivered"
    PARTIALLY_DELIVERED = "partially_delivered"
    NOT_DELIVERED = "not_delivered"
    REFUSED = "refused"


class RecipientState(StrEnum):
    WAITING = "waiting"
    DELIVERED = "delivered"
    WARNING = "warning"  # preavviso di mancata consegna: not delivered within 12 hours, still trying
    FAILED = "failed"
    EXTERNAL = "external"  # an ordinary mailbox: no delivery receipt will come


STATE_LABELS = {
    MessageState.SENT: "Inviata",
    MessageState.ACCEPTED: "Accettata",
    MessageState.DELIVERED: "Consegnata",
    MessageState.PARTIALLY_DELIVERED: "Consegnata in parte",
    MessageState.NOT_DELIVERED: "Non consegnata",
    MessageState.REFUSED: "Non accettata",
}

RECIPIENT_LABELS = {
    RecipientState.WAITING: "In attesa",
    RecipientState.DELIVERED: "Consegnata",
    RecipientState.WARNING: "Consegna in ritardo",
    RecipientState.FAILED: "Non consegnata",
    RecipientState.EXTERNAL: "Casella non PEC",
}


def state_label(state: MessageState | str) -> str:
    return _(STATE_LABELS[MessageState(state)])


def recipient_label(state: RecipientState | str) -> str:
    return _(RECIPIENT_LABELS[RecipientState(state)])


@dataclass(frozen=True)
class Delivery:
    address: str
    state: RecipientState = RecipientState.WAITING
    at: dt.datetime | None = None
    reason: str = ""


@dataclass(frozen=True)
class ReceiptEvent:
    """What the state machine needs from one receipt (taken from its ``daticert.xml``)."""

    type: ReceiptType
    at: dt.datetime | None = None
    recipient: str = ""  # consegna: whom a delivery receipt or error is about
    recipients: tuple[tuple[str, bool], ...] = ()  # (address, certified) from intestazione
    reason: str = ""  # errore-esteso


@dataclass(frozen=True)
class Tracking:
    accepted_at: dt.datetime | None = None
    refused: bool = False
    refusal_reason: str = ""
    deliveries: tuple[Delivery, ...] = field(default_factory=tuple)

    @classmethod
    def new(cls, recipients) -> "Tracking":
        return cls(deliveries=tuple(Delivery(normalise(a)) for a in recipients))

    @property
    def state(self) -> MessageState:
        if self.refused:
            return MessageState.REFUSED
        states = [d.state for d in self.deliveries if d.state is not RecipientState.EXTERNAL]
        delivered = states.count(RecipientState.DELIVERED)
        failed = states.count(RecipientState.FAILED)
        if states and delivered == len(states):
            return MessageState.DELIVERED
        if states and delivered + failed == len(states):
            return MessageState.PARTIALLY_DELIVERED if delivered else MessageState.NOT_DELIVERED
        # Any receipt about a recipient means the sender's provider accepted the message.
        if self.accepted_at is not None or any(s is not RecipientState.WAITING for s in states):
            return MessageState.ACCEPTED
        return MessageState.SENT

    def delivery(self, address: str) -> Delivery | None:
        wanted = normalise(address)
        return next((d for d in self.deliveries if d.address == wanted), None)


def normalise(address: str) -> str:
    return (address or "").strip().strip("<>").lower()


def _set(tracking: Tracking, delivery: Delivery) -> Tracking:
    found = False
    updated = []
    for current in tracking.deliveries:
        if current.address == delivery.address:
            updated.append(delivery)
            found = True
        else:
            updated.append(current)
    if not found:
        updated.append(delivery)
    return replace(tracking, deliveries=tuple(updated))


_FINAL = (RecipientState.DELIVERED, RecipientState.FAILED)


def apply(tracking: Tracking, event: ReceiptEvent) -> Tracking:
    """The tracking after ``event``; a final recipient state is never downgraded by a late warning."""
    if event.type is ReceiptType.NON_ACCEPTANCE:
        return replace(tracking, refused=True, refusal_reason=event.reason)
    if event.type is ReceiptType.ACCEPTANCE:
        result = replace(tracking, accepted_at=tracking.accepted_at or event.at)
        for address, certified in event.recipients:
            current = result.delivery(address)
            if current is None:
                result = _set(result, Delivery(normalise(address)))
                current = result.delivery(address)
            if not certified and current.state is RecipientState.WAITING:
                result = _set(result, replace(current, state=RecipientState.EXTERNAL))
        return result
    if event.type is ReceiptType.TAKEN_IN_CHARGE or not event.recipient:
        return tracking
    address = normalise(event.recipient)
    current = tracking.delivery(address) or Delivery(address)
    if event.type is ReceiptType.DELIVERY:
        return _set(tracking, replace(current, state=RecipientState.DELIVERED, at=event.at, reason=""))
    if current.state in _FINAL:
        return tracking
    if event.type in (ReceiptType.DELIVERY_ERROR, ReceiptType.VIRUS_DETECTED):
        return _set(tracking, replace(current, state=RecipientState.FAILED, at=event.at, reason=event.reason))
    if event.type is ReceiptType.DELIVERY_WARNING:
        return _set(tracking, replace(current, state=RecipientState.WARNING, at=event.at, reason=event.reason))
    return tracking

"""Turning a raw message of a PEC box into an archive row, and receipts into a message's state."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from cliens_tk.pec import content, states
from cliens_tk.pec.envelope import OpenedMessage, open_message
from cliens_tk.pec.kinds import MessageKind, ReceiptType

SEARCH_TEXT_LIMIT = 20_000


def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def _header_date(message) -> dt.datetime | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None


def _addresses(message, *names) -> list[str]:
    values = []
    for name in names:
        values += [str(v) for v in message.get_all(name, [])]
    return [a.lower() for _, a in email.utils.getaddresses(values) if a]


def _msgid(value) -> str:
    return " ".join(str(value or "").split())


def row_for(raw: bytes, trusted_cas, direction: str = "in") -> tuple[dict, OpenedMessage]:
    """The columns describing ``raw`` (without account, folder, uid, file) and the opened message."""
    opened = open_message(raw, trusted_cas)
    outer = content.parse(raw)
    cert = opened.certification
    row = {
        "direction": direction,
        "kind": opened.kind.value,
        "receipt_type": opened.receipt_type.value if opened.receipt_type else None,
        "message_id": _msgid(outer.get("Message-ID")),
        "ref_message_id": _msgid(outer.get("X-Riferimento-Message-ID")) or (cert.msgid if cert else ""),
        "signature": opened.signature.status.value,
        "size": len(raw),
        "sent_at": _iso(_header_date(outer) or (cert.issued_at if cert else None)),
        "attachments": len(opened.attachments),
    }
    inner = opened.original_message if opened.kind in (MessageKind.ENVELOPE, MessageKind.ANOMALY) else None
    shown = inner if inner is not None else outer
    row["subject"] = content.header_text(shown, "Subject")
    senders = _addresses(shown, "From")
    row["sender"] = (cert.sender if cert and opened.kind is MessageKind.ENVELOPE else "") or \
        (senders[0] if senders else "")
    row["recipients"] = _addresses(shown, "To", "Cc")
    if inner is not None:
        row["message_id"] = _msgid(inner.get("Message-ID")) or row["message_id"]
    if opened.kind is MessageKind.RECEIPT and cert is not None:
        row["event_at"] = _iso(cert.issued_at)
        row["delivered_to"] = cert.delivered_to.lower()
        row["reason"] = cert.error_detail
        row["recipients"] = [[r.address.lower(), r.certified] for r in cert.recipients]
    text = opened.text
    row["search_text"] = " ".join(
        part.lower() for part in (row["sender"], " ".join(a if isinstance(a, str) else a[0] for a in row["recipients"]),
                                  row["subject"], " ".join(a.filename for a in opened.attachments),
                                  text[:SEARCH_TEXT_LIMIT]) if part)
    return row, opened


def event_of(receipt_row: dict) -> states.ReceiptEvent | None:
    try:
        kind = ReceiptType(receipt_row.get("receipt_type") or "")
    except ValueError:
        return None
    at = dt.datetime.fromisoformat(receipt_row["event_at"]) if receipt_row.get("event_at") else None
    recipients = tuple((r[0], bool(r[1])) for r in receipt_row.get("recipients") or [] if isinstance(r, list))
    return states.ReceiptEvent(kind, at, receipt_row.get("delivered_to") or "", recipients,
                               receipt_row.get("reason") or "")


def tracking_of(sent_row: dict, receipts: list[dict]) -> states.Tracking:
    tracking = states.Tracking.new(sent_row.get("recipients") or [])
    for receipt in receipts:
        event = event_of(receipt)
        if event is not None:
            tracking = states.apply(tracking, event)
    return tracking


def tracking_json(tracking: states.Tracking) -> dict:
    return {
        "accepted_at": _iso(tracking.accepted_at),
        "refused": tracking.refused,
        "refusal_reason": tracking.refusal_reason,
        "deliveries": [{"address": d.address, "state": d.state.value, "at": _iso(d.at), "reason": d.reason}
                       for d in tracking.deliveries],
    }


_ROLE_IN_TEXT = re.compile(r"(?<![\d/])(\d{1,8})\s*/\s*((?:19|20)\d{2})(?![\d/])")


def role_numbers(text: str) -> list[tuple[int, int]]:
    """(year, number) of each role number written in ``text`` (e.g. «R.G. n. 1234/2024»)."""
    found = []
    for match in _ROLE_IN_TEXT.finditer(text or ""):
        pair = (int(match.group(2)), int(match.group(1)))
        if pair[1] > 0 and pair not in found:
            found.append(pair)
    return found

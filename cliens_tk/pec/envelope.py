"""Opening a message from a PEC box: what it is, the provider's certification data and signature,
and the original message unwrapped from its transport envelope (``postacert.eml``)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from email.message import Message

from cliens_tk.pec import content, daticert
from cliens_tk.pec.kinds import MessageKind, ReceiptType, classify, receipt_type
from cliens_tk.pec.smime import SignatureCheck, SignatureStatus, verify_message


@dataclass
class OpenedMessage:
    kind: MessageKind
    receipt_type: ReceiptType | None
    outer: Message
    signature: SignatureCheck
    certification: daticert.Daticert | None = None
    certification_error: str = ""
    original: bytes | None = None  # the unwrapped postacert.eml (the whole message when not wrapped)
    daticert_xml: bytes | None = None
    provider_text: str = ""  # the provider's human text on envelopes and receipts
    attachments: list[content.Attachment] = field(default_factory=list)  # of the original

    @property
    def original_message(self) -> Message | None:
        return content.parse(self.original) if self.original else None

    @property
    def text(self) -> str:
        inner = self.original_message
        if inner is not None and self.kind in (MessageKind.ENVELOPE, MessageKind.PLAIN):
            return content.body_text(inner)
        return self.provider_text

    @property
    def is_anomaly(self) -> bool:
        return self.kind is MessageKind.ANOMALY


def _certified_parts(message: Message) -> tuple[bytes | None, bytes | None, str]:
    xml = original = None
    text = ""
    for part in message.walk():
        filename = (part.get_filename() or "").lower()
        ctype = part.get_content_type()
        if filename == "daticert.xml" and xml is None:
            xml = part.get_payload(decode=True)
        elif ctype == "message/rfc822" and original is None and (filename in ("postacert.eml", "")):
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                original = inner[0].as_bytes(policy=email.policy.compat32)
        elif ctype == "text/plain" and not filename and not text and original is None:
            text = content._decoded(part).strip()
    return xml, original, text


def open_message(raw: bytes, trusted_cas) -> OpenedMessage:
    outer = email.message_from_bytes(raw, policy=email.policy.compat32)
    kind = classify(outer)
    signature = verify_message(raw, trusted_cas) if outer.get_content_type() == "multipart/signed" else \
        SignatureCheck(SignatureStatus.UNSIGNED)
    opened = OpenedMessage(kind, receipt_type(outer), outer, signature)
    if kind is MessageKind.PLAIN:
        opened.original = raw
    else:
        xml, original, text = _certified_parts(outer)
        opened.daticert_xml, opened.provider_text = xml, text
        if kind in (MessageKind.ENVELOPE, MessageKind.ANOMALY):
            opened.original = original
        if xml is None:
            opened.certification_error = "daticert.xml mancante"
        else:
            try:
                opened.certification = daticert.parse(xml)
            except daticert.DaticertError as exc:
                opened.certification_error = str(exc)
    if opened.original is not None and kind is not MessageKind.RECEIPT:
        opened.attachments = content.attachments(content.parse(opened.original))
    return opened

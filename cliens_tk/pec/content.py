"""The readable parts of a message: its text and its attachments."""

from __future__ import annotations

import email
import email.policy
import html
import re
from dataclasses import dataclass
from email.message import EmailMessage, Message


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def parse(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def header_text(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    try:
        return " ".join(str(value).split())
    except Exception:  # a broken encoded word: keep what can be read
        return " ".join(str(message.get(name, "")).split())


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _strip_html(text: str) -> str:
    text = re.sub(r"(?is)<(script|style).*?</\1>", "", text)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def body_text(message: Message) -> str:
    """The message's text: the first text/plain part, else its HTML turned to text."""
    plain = html_text = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_type() == "message/rfc822":
            if part.get_content_type() == "message/rfc822":
                break
            continue
        if part.get_filename() or (part.get("Content-Disposition", "").lower().startswith("attachment")):
            continue
        if part.get_content_type() == "text/plain" and plain is None:
            plain = _decoded(part)
        elif part.get_content_type() == "text/html" and html_text is None:
            html_text = _strip_html(_decoded(part))
    return (plain if plain is not None else html_text or "").strip()


def attachments(message: Message) -> list[Attachment]:
    """The attached files of a message (not descending into attached messages)."""
    found: list[Attachment] = []
    stack = [message]
    while stack:
        part = stack.pop(0)
        if part.is_multipart():
            stack[:0] = part.get_payload()
            continue
        filename = part.get_filename()
        if part.get_content_type() == "message/rfc822":
            inner = part.get_payload()
            data = inner[0].as_bytes() if isinstance(inner, list) and inner else b""
            found.append(Attachment(filename or "messaggio.eml", "message/rfc822", data))
            continue
        if filename or part.get("Content-Disposition", "").lower().startswith("attachment"):
            found.append(Attachment(filename or "allegato", part.get_content_type(),
                                    part.get_payload(decode=True) or b""))
    return found

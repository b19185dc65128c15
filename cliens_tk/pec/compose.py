"""Composing a PEC: addresses, text, attachments, and the size against the provider's limit.

PEC has no blind copy (CCN): the provider would refuse it, so a draft has only To and Cc.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from cliens_tk.i18n import _
from cliens_tk.pec.account import valid_address
from cliens_tk.pec.errors import PecError

# Base64 turns 3 bytes into 4 plus a line end every 76 characters.
BASE64_GROWTH = 4 / 3 * 78 / 76


def split_addresses(text: str) -> list[str]:
    return [a.strip().strip("<>") for a in re.split(r"[;,\s]+", text or "") if a.strip()]


@dataclass
class Draft:
    sender: str
    to: list[str]
    subject: str
    body: str = ""
    cc: list[str] = field(default_factory=list)
    attachments: list[Path] = field(default_factory=list)
    sender_name: str = ""

    @property
    def recipients(self) -> list[str]:
        seen, result = set(), []
        for address in self.to + self.cc:
            key = address.lower()
            if key not in seen:
                seen.add(key)
                result.append(address)
        return result

    def estimated_size(self) -> int:
        """Bytes on the wire, close enough to compare with the provider's limit before sending."""
        files = sum(Path(p).stat().st_size for p in self.attachments if Path(p).is_file())
        return int(files * BASE64_GROWTH) + len(self.body.encode("utf-8")) * 2 + 2048

    def check(self, size_limit: int | None = None) -> None:
        if not self.to:
            raise PecError(_("Indicare almeno un destinatario."))
        wrong = [a for a in self.to + self.cc if not valid_address(a)]
        if wrong:
            raise PecError(_("Indirizzo non valido: {address}. Correggerlo e riprovare.").format(address=wrong[0]))
        if not self.subject.strip():
            raise PecError(_("Scrivere l'oggetto del messaggio: serve a riconoscerlo nelle ricevute."))
        missing = [str(p) for p in self.attachments if not Path(p).is_file()]
        if missing:
            raise PecError(_("Allegato non trovato: {path}").format(path=missing[0]))
        if size_limit is not None and self.estimated_size() > size_limit:
            raise PecError(_("Il messaggio occupa circa {size} e supera il limite del gestore ({limit}): togliere o "
                             "ridurre qualche allegato.").format(size=human_size(self.estimated_size()),
                                                                 limit=human_size(size_limit)))

    def build(self) -> EmailMessage:
        message = EmailMessage()
        message["From"] = formataddr((self.sender_name, self.sender)) if self.sender_name else self.sender
        message["To"] = ", ".join(self.to)
        if self.cc:
            message["Cc"] = ", ".join(self.cc)
        message["Subject"] = self.subject.strip()
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1])
        message.set_content(self.body or "")
        for path in self.attachments:
            path = Path(path)
            ctype, _encoding = mimetypes.guess_type(path.name)
            maintype, subtype = (ctype or "application/octet-stream").split("/", 1)
            message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
        return message


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")

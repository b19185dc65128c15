"""A PEC box as the app knows it: where its IMAP and SMTP servers are and who logs in.

The password is not here: it lives in the operating system's keyring under ``secret_key``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cliens_tk.i18n import _
from cliens_tk.pec.errors import PecError

SECURITY_CHOICES = ("ssl", "starttls")
_ADDRESS_RE = re.compile(r"^[^@\s<>\"']+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def valid_address(address: str) -> bool:
    return bool(_ADDRESS_RE.match((address or "").strip()))


@dataclass
class PecAccount:
    address: str
    imap_host: str
    smtp_host: str
    username: str = ""
    display_name: str = ""
    imap_port: int = 993
    imap_security: str = "ssl"
    smtp_port: int = 465
    smtp_security: str = "ssl"
    size_limit_mb: int = 30
    provider: str = "other"
    id: int | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.address = (self.address or "").strip().lower()
        self.username = (self.username or "").strip() or self.address
        self.imap_host = (self.imap_host or "").strip()
        self.smtp_host = (self.smtp_host or "").strip()

    @property
    def secret_key(self) -> tuple[str, str]:
        """(service, user) of the password in the keyring."""
        return "pec", f"{self.username}@{self.imap_host}"

    @property
    def size_limit_bytes(self) -> int:
        return int(self.size_limit_mb) * 1024 * 1024

    def check(self) -> None:
        """Refuse what cannot work, with a message that says which field to fix."""
        if not valid_address(self.address):
            raise PecError(_("Indirizzo PEC non valido: «{address}». Scrivere l'indirizzo completo, ad esempio "
                             "nome.cognome@pec.it.").format(address=self.address))
        for host, label in ((self.imap_host, _("posta in arrivo (IMAP)")), (self.smtp_host, _("posta in uscita (SMTP)"))):
            if not host or " " in host:
                raise PecError(_("Manca il server di {label}: sceglierlo dall'elenco dei gestori o scriverlo.")
                               .format(label=label))
        for port, label in ((self.imap_port, "IMAP"), (self.smtp_port, "SMTP")):
            if not 1 <= int(port) <= 65535:
                raise PecError(_("Porta {label} non valida: {port}.").format(label=label, port=port))
        if self.imap_security not in SECURITY_CHOICES or self.smtp_security not in SECURITY_CHOICES:
            raise PecError(_("Tipo di sicurezza non valido: scegliere SSL/TLS o STARTTLS."))
        if int(self.size_limit_mb) <= 0:
            raise PecError(_("Il limite di dimensione dei messaggi deve essere di almeno 1 MB."))

"""Connection presets for the common Italian PEC providers.

``verified`` says whether the host names were checked against the provider's own documentation
when this list was written; the others are the commonly published values and the connection test
tells the user at once if they are wrong. Ports: 993 IMAP over TLS, 465 SMTP over TLS.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderPreset:
    key: str
    name: str
    imap_host: str
    smtp_host: str
    imap_port: int = 993
    smtp_port: int = 465
    security: str = "ssl"  # "ssl" (implicit TLS) or "starttls"
    size_limit_mb: int = 30  # message size limit, attachments included (base64 adds ~37%)
    domains: tuple[str, ...] = ()
    verified: bool = False


PRESETS: tuple[ProviderPreset, ...] = (
    ProviderPreset("aruba", "Aruba PEC", "imaps.pec.aruba.it", "smtps.pec.aruba.it", size_limit_mb=50,
                   domains=("pec.it", "arubapec.it"), verified=True),
    ProviderPreset("legalmail", "Legalmail (InfoCert)", "mbox.cert.legalmail.it", "sendm.cert.legalmail.it",
                   size_limit_mb=50, domains=("legalmail.it",), verified=True),
    ProviderPreset("poste", "Poste Italiane (Postecert)", "imaps.postecert.it", "relay.postecert.it",
                   size_limit_mb=30, domains=("postecert.it",)),
    ProviderPreset("namirial", "Namirial (Sicurezza Postale)", "imaps.sicurezzapostale.it", "smtps.sicurezzapostale.it",
                   size_limit_mb=30, domains=("sicurezzapostale.it",)),
    ProviderPreset("register", "Register.it PEC", "imaps.pec.register.it", "smtps.pec.register.it",
                   size_limit_mb=30, domains=("pec.register.it",)),
    ProviderPreset("other", "Altro gestore", "", "", size_limit_mb=30),
)


def preset(key: str) -> ProviderPreset:
    return next(p for p in PRESETS if p.key == key)


def guess_preset(address: str) -> ProviderPreset | None:
    """The preset whose domain ends the address (e.g. ``studio@pec.it`` -> Aruba)."""
    domain = address.rsplit("@", 1)[-1].lower()
    for candidate in PRESETS:
        if any(domain == d or domain.endswith("." + d) for d in candidate.domains):
            return candidate
    return None

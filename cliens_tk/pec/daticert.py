"""``daticert.xml``: the certification data the provider attaches to envelopes and receipts.

Root ``postacert`` (attributes ``tipo`` and ``errore``), ``intestazione`` (mittente, destinatari
with ``tipo`` certificato/esterno, risposte, oggetto) and ``dati`` (gestore-emittente, data with
zona/giorno/ora, identificativo, msgid, ricevuta tipo, consegna, errore-esteso).

Parsed with ``defusedxml`` (no entities, no external references), bounded in size, lenient about
namespaces and case because providers differ. Anything malformed raises ``DaticertError`` and
nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from cliens_tk.i18n import _

MAX_SIZE = 1_000_000


class DaticertError(ValueError):
    """``daticert.xml`` is missing or unreadable; the message is for the user."""


@dataclass(frozen=True)
class Recipient:
    address: str
    certified: bool  # tipo="certificato" (a PEC box) or "esterno" (an ordinary mailbox)


@dataclass(frozen=True)
class Daticert:
    kind: str  # tipo: posta-certificata, accettazione, avvenuta-consegna, ...
    error: str = "nessuno"  # errore: nessuno, no-dest, no-dominio, virus, altro
    sender: str = ""
    recipients: tuple[Recipient, ...] = ()
    reply_to: str = ""
    subject: str = ""
    provider: str = ""  # gestore-emittente
    issued_at: dt.datetime | None = None
    identifier: str = ""  # identificativo (the provider's id of the message)
    msgid: str = ""  # the original Message-ID, with angle brackets
    receipt_kind: str = ""  # ricevuta tipo: completa, breve, sintetica
    delivered_to: str = ""  # consegna: the recipient this receipt is about
    error_detail: str = ""  # errore-esteso
    extra: dict = field(default_factory=dict, compare=False)


def _local(tag) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    found = _children(element, name)
    return found[0] if found else None


def _text(element: Element | None, name: str) -> str:
    child = _child(element, name)
    return " ".join((child.text or "").split()) if child is not None else ""


def _attr(element: Element | None, name: str, default: str = "") -> str:
    if element is None:
        return default
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value.strip()
    return default


_ZONE_RE = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def _timestamp(data: Element | None) -> dt.datetime | None:
    node = _child(data, "data")
    if node is None:
        return None
    day, hour = _text(node, "giorno"), _text(node, "ora")
    try:
        moment = dt.datetime.strptime(f"{day} {hour}", "%d/%m/%Y %H:%M:%S")
    except ValueError:
        return None
    zone = _ZONE_RE.match(_attr(node, "zona"))
    if zone:
        sign = -1 if zone.group(1) == "-" else 1
        hours, minutes = int(zone.group(2)), int(zone.group(3))
        if hours < 24 and minutes < 60:
            return moment.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes)))
    return moment


def parse(data: bytes | str) -> Daticert:
    if data is None or len(data) == 0:
        raise DaticertError(_("Dati di certificazione (daticert.xml) vuoti."))
    if len(data) > MAX_SIZE:
        raise DaticertError(_("Dati di certificazione (daticert.xml) troppo grandi."))
    try:
        root = SafeET.fromstring(data)
    except (ParseError, DefusedXmlException, ValueError, TypeError, UnicodeError) as exc:
        raise DaticertError(_("Dati di certificazione (daticert.xml) illeggibili: {error}").format(error=exc)) from None
    if root is None or _local(root.tag) != "postacert":
        raise DaticertError(_("Il file daticert.xml non contiene dati di certificazione PEC."))
    kind = _attr(root, "tipo").lower()
    if not kind:
        raise DaticertError(_("Il file daticert.xml non dice di che ricevuta si tratta (manca «tipo»)."))
    header = _child(root, "intestazione")
    data_node = _child(root, "dati")
    recipients = tuple(
        Recipient(" ".join((node.text or "").split()), _attr(node, "tipo", "certificato").lower() != "esterno")
        for node in (_children(header, "destinatari") if header is not None else [])
        if (node.text or "").strip()
    )
    return Daticert(
        kind=kind,
        error=_attr(root, "errore", "nessuno").lower() or "nessuno",
        sender=_text(header, "mittente"),
        recipients=recipients,
        reply_to=_text(header, "risposte"),
        subject=_text(header, "oggetto"),
        provider=_text(data_node, "gestore-emittente"),
        issued_at=_timestamp(data_node),
        identifier=_text(data_node, "identificativo"),
        msgid=_text(data_node, "msgid"),
        receipt_kind=_attr(_child(data_node, "ricevuta"), "tipo").lower(),
        delivered_to=_text(data_node, "consegna"),
        error_detail=_text(data_node, "errore-esteso"),
    )

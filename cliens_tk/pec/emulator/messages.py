"""What the emulated provider writes: ``daticert.xml``, receipts and transport envelopes, the way
the PEC technical rules shape them (subjects, ``X-Ricevuta``/``X-Trasporto`` headers, the
certified content as a signed ``multipart/mixed`` with a text, ``daticert.xml`` and, where due,
the original as ``postacert.eml``)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import itertools
import os
import xml.etree.ElementTree as ET
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid

from cliens_tk.pec.emulator.signing import ProviderIdentity, sign_mime
from cliens_tk.pec.smime import canonical

_counter = itertools.count(1)


def provider_id(domain: str, moment: dt.datetime) -> str:
    """An ``identificativo`` shaped like the real ones."""
    return f"opec{os.getpid() % 1000}.{moment:%Y%m%d%H%M%S}.{next(_counter):05d}.01.1.1@{domain}"


def build_daticert(kind: str, sender: str, recipients: list[tuple[str, bool]], subject: str, provider: str,
                   moment: dt.datetime, identifier: str, msgid: str, error: str = "nessuno",
                   delivered_to: str = "", error_detail: str = "", receipt_kind: str = "completa") -> bytes:
    root = ET.Element("postacert", tipo=kind, errore=error)
    head = ET.SubElement(root, "intestazione")
    ET.SubElement(head, "mittente").text = sender
    for address, certified in recipients:
        ET.SubElement(head, "destinatari", tipo="certificato" if certified else "esterno").text = address
    ET.SubElement(head, "risposte").text = sender
    ET.SubElement(head, "oggetto").text = subject
    data = ET.SubElement(root, "dati")
    ET.SubElement(data, "gestore-emittente").text = provider
    when = ET.SubElement(data, "data", zona=moment.strftime("%z") or "+0000")
    ET.SubElement(when, "giorno").text = moment.strftime("%d/%m/%Y")
    ET.SubElement(when, "ora").text = moment.strftime("%H:%M:%S")
    ET.SubElement(data, "identificativo").text = identifier
    ET.SubElement(data, "msgid").text = msgid
    if kind in ("avvenuta-consegna", "accettazione", "errore-consegna", "preavviso-errore-consegna"):
        ET.SubElement(data, "ricevuta", tipo=receipt_kind)
    if delivered_to:
        ET.SubElement(data, "consegna").text = delivered_to
    if error_detail:
        ET.SubElement(data, "errore-esteso").text = error_detail
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _headers(**fields) -> bytes:
    message = EmailMessage(policy=email.policy.SMTP)
    for name, value in fields.items():
        if value:
            message[name.replace("_", "-")] = value
    return message.as_bytes()[:-2]  # without the blank line that ends the header block


def certified_content(text: str, daticert: bytes, original: bytes | None) -> bytes:
    mixed = MIMEMultipart("mixed")
    del mixed["MIME-Version"]
    mixed.attach(MIMEText(text, "plain", "utf-8"))
    xml = MIMEApplication(daticert, "xml")
    xml.add_header("Content-Disposition", "inline", filename="daticert.xml")
    del xml["MIME-Version"]
    mixed.attach(xml)
    if original is not None:
        inner = MIMEMessage(email.message_from_bytes(original, policy=email.policy.compat32))
        inner.add_header("Content-Disposition", "attachment", filename="postacert.eml")
        del inner["MIME-Version"]
        mixed.attach(inner)
    return canonical(mixed.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n")))


def signed_message(identity: ProviderIdentity, headers: bytes, text: str, daticert: bytes,
                   original: bytes | None) -> bytes:
    return canonical(headers) + sign_mime(identity, certified_content(text, daticert, original))


def _human_time(moment: dt.datetime) -> str:
    return f"{moment:%d/%m/%Y} alle ore {moment:%H:%M:%S} ({moment:%z})"


RECEIPT_SUBJECTS = {
    "accettazione": "ACCETTAZIONE",
    "non-accettazione": "AVVISO DI NON ACCETTAZIONE",
    "avvenuta-consegna": "CONSEGNA",
    "errore-consegna": "AVVISO DI MANCATA CONSEGNA",
    "preavviso-errore-consegna": "AVVISO DI MANCATA CONSEGNA ENTRO 12 ORE",
}


def receipt(identity: ProviderIdentity, domain: str, provider: str, kind: str, original: bytes,
            sender: str, recipients: list[tuple[str, bool]], subject: str, msgid: str,
            delivered_to: str = "", error: str = "nessuno", error_detail: str = "",
            moment: dt.datetime | None = None) -> bytes:
    moment = moment or dt.datetime.now().astimezone()
    identifier = provider_id(domain, moment)
    daticert = build_daticert(kind, sender, recipients, subject, provider, moment, identifier, msgid,
                              error=error, delivered_to=delivered_to, error_detail=error_detail)
    lines = {
        "accettazione": f"Il giorno {_human_time(moment)} il messaggio \"{subject}\" proveniente da "
                        f"\"{sender}\" ed indirizzato a: {', '.join(a for a, _ in recipients)} "
                        "è stato accettato dal sistema ed inoltrato.",
        "non-accettazione": f"Il giorno {_human_time(moment)} nel messaggio \"{subject}\" proveniente da "
                            f"\"{sender}\" è stato rilevato un problema che ne impedisce l'accettazione "
                            f"a causa di: {error_detail}. Il messaggio non è stato accettato.",
        "avvenuta-consegna": f"Il giorno {_human_time(moment)} il messaggio \"{subject}\" proveniente da "
                             f"\"{sender}\" ed indirizzato a \"{delivered_to}\" è stato consegnato nella "
                             "casella di destinazione.",
        "errore-consegna": f"Il giorno {_human_time(moment)} nel messaggio \"{subject}\" proveniente da "
                           f"\"{sender}\" ed indirizzato a \"{delivered_to}\" è stato rilevato un errore "
                           f"di consegna: {error_detail}. Il messaggio non è stato consegnato.",
    }
    text = lines.get(kind, f"Ricevuta {kind} del messaggio \"{subject}\".")
    # A delivery receipt of type "completa" carries the original message.
    attached = original if kind == "avvenuta-consegna" else None
    headers = _headers(
        Return_Path=f"<posta-certificata@{domain}>",
        From=f"posta-certificata@{domain}",
        To=sender,
        Subject=f"{RECEIPT_SUBJECTS.get(kind, kind.upper())}: {subject}",
        Date=format_datetime(moment),
        Message_ID=f"<{identifier}>",
        X_Ricevuta=kind,
        X_Riferimento_Message_ID=msgid,
        X_Mittente=sender,
        X_Verificasicurezza="errore" if error == "virus" else "",
    )
    return signed_message(identity, headers, text, daticert, attached)


def envelope(identity: ProviderIdentity, domain: str, provider: str, original: bytes, sender: str,
             recipients: list[tuple[str, bool]], to_header: str, cc_header: str, subject: str, msgid: str,
             moment: dt.datetime | None = None, anomaly: bool = False) -> bytes:
    """A transport envelope (``busta di trasporto``) carrying ``original`` as postacert.eml."""
    moment = moment or dt.datetime.now().astimezone()
    identifier = provider_id(domain, moment)
    daticert = build_daticert("errore" if anomaly else "posta-certificata", sender, recipients, subject,
                              provider, moment, identifier, msgid)
    text = (f"Messaggio di posta certificata\r\n\r\nIl giorno {_human_time(moment)} il messaggio "
            f"\"{subject}\" è stato inviato da \"{sender}\" indirizzato a: "
            f"{', '.join(a for a, _ in recipients)}\r\nIl messaggio originale è incluso in allegato.")
    headers = _headers(
        Return_Path=f"<posta-certificata@{domain}>",
        From=f"\"Per conto di: {sender}\" <posta-certificata@{domain}>",
        Reply_To=sender,
        To=to_header,
        Cc=cc_header,
        Subject=f"{'ANOMALIA MESSAGGIO' if anomaly else 'POSTA CERTIFICATA'}: {subject}",
        Date=format_datetime(moment),
        Message_ID=f"<{identifier}>",
        X_Trasporto="errore" if anomaly else "posta-certificata",
        X_Riferimento_Message_ID=msgid,
    )
    return signed_message(identity, headers, text, daticert, original)


def new_msgid(domain: str) -> str:
    return make_msgid(domain=domain)

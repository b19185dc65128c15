"""SOAP responses as the real back-ends write them, quirks included.

- property names UPPER-CASE (the catalogs say camelCase);
- the row namespace alternates between responses (``variant``);
- the echoed header is sometimes ``invocationDomain`` (lower-case i);
- dates ``dd/MM/yyyy HH:mm:ss.SSS``, empty dates as empty elements;
- NUMERORUOLO zero-padded to 8 digits, ANNORUOLO typed ``long``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cliens_tk.polisweb.protocol.xmlutil import SECURITY_NS, SOAP_ENV_NS, escape_attr, escape_text

ROW_NAMESPACES = ("http://www.netserv.it/QBuilder/types", "urn:qbuilder-types")


def wire_datetime(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value.strftime("%d/%m/%Y %H:%M:%S.") + f"{value.microsecond // 1000:03d}"


def padded_number(number: int) -> str:
    return f"{number:08d}"


@dataclass
class OutRow:
    cls: str
    properties: list[tuple[str, str, str]] = field(default_factory=list)  # name, type, text
    sub_rows: list["OutRow"] = field(default_factory=list)

    def add(self, name: str, value: object, value_type: str = "string") -> "OutRow":
        if value is None:
            text = ""
        elif value_type == "date":
            text = wire_datetime(value)  # type: ignore[arg-type]
        else:
            text = str(value)
        self.properties.append((name.upper(), value_type, text))
        return self


def envelope(body: str, header: str = "") -> bytes:
    head = f"<soapenv:Header>{header}</soapenv:Header>" if header else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV_NS}" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{head}<soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
    ).encode("utf-8")


def domain_header(role: str, group: str, variant: int) -> str:
    tag = "invocationDomain" if variant % 2 else "InvocationDomain"
    return (f'<sec:{tag} xmlns:sec="{SECURITY_NS}" name="JPW" role="{escape_attr(role)}" '
            f'group="{escape_attr(group)}"/>')


def fault(faultstring: str, faultcode: str = "soapenv:Server") -> bytes:
    return envelope(
        f"<soapenv:Fault><faultcode>{escape_text(faultcode)}</faultcode>"
        f"<faultstring>{escape_text(faultstring)}</faultstring><detail/></soapenv:Fault>"
    )


def _row_xml(row: OutRow, prefix: str, tag: str = "row") -> str:
    parts = [f'<{prefix}{tag} class="{escape_attr(row.cls)}">']
    for name, value_type, text in row.properties:
        if text:
            parts.append(f'<{prefix}property name="{name}" type="{value_type}">{escape_text(text)}</{prefix}property>')
        else:
            parts.append(f'<{prefix}property name="{name}" type="{value_type}"/>')
    for sub in row.sub_rows:
        parts.append(_row_xml(sub, prefix, "subRows"))
    parts.append(f"</{prefix}{tag}>")
    return "".join(parts)


def execute_response(namespace: str, rows: Sequence[OutRow], available: int, elapsed_ms: int,
                     variant: int, header: str = "") -> bytes:
    """An executeResponse; even variants put rows in a prefixed QBuilder namespace, odd ones in a
    default ``urn:qbuilder-types`` namespace, as different back-ends do."""
    if variant % 2:
        rows_xml = "".join(
            _row_xml(r, "").replace("<row ", f'<row xmlns="{ROW_NAMESPACES[1]}" ', 1) for r in rows
        )
        ret = f'<return available="{available}" time="{elapsed_ms}">{rows_xml}</return>'
    else:
        ret = (f'<return xmlns:ns2="{ROW_NAMESPACES[0]}" available="{available}" time="{elapsed_ms}">'
               + "".join(_row_xml(r, "ns2:") for r in rows) + "</return>")
    return envelope(f'<ns1:executeResponse xmlns:ns1="{namespace}">{ret}</ns1:executeResponse>', header)


def service_names_response(namespace: str, names: Iterable[str], header: str = "") -> bytes:
    items = "".join(f"<item>{escape_text(n)}</item>" for n in names)
    return envelope(f'<ns1:getServiceNamesResponse xmlns:ns1="{namespace}"><return>{items}</return>'
                    "</ns1:getServiceNamesResponse>", header)


def service_descriptor_response(namespace: str, name: str, row_class: str,
                                params: Iterable[tuple[str, str, str]], header: str = "") -> bytes:
    items = "".join(
        f"<params><name>{escape_text(p)}</name><type>{t}</type><description>{escape_text(d)}</description></params>"
        for p, t, d in params
    )
    return envelope(
        f'<ns1:getServiceDescriptorResponse xmlns:ns1="{namespace}"><return><name>{escape_text(name)}</name>'
        f"<rowClass>{escape_text(row_class)}</rowClass>{items}</return></ns1:getServiceDescriptorResponse>",
        header,
    )


def row_class_descriptor_response(namespace: str, name: str, properties: Iterable[tuple[str, str]],
                                  header: str = "") -> bytes:
    items = "".join(f"<properties><name>{escape_text(p)}</name><type>{t}</type></properties>"
                    for p, t in properties)
    return envelope(
        f'<ns1:getRowClassDescriptorResponse xmlns:ns1="{namespace}"><return><name>{escape_text(name)}</name>'
        f"{items}</return></ns1:getRowClassDescriptorResponse>", header,
    )


def html_page(status: int, title: str, message: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{status} {escape_text(title)}</title></head>"
        f"<body><h1>{escape_text(title)}</h1><p>{escape_text(message)}</p></body></html>"
    ).encode("utf-8")

"""Small XML helpers shared by the builders and parsers.

Parsing always goes through ``defusedxml`` (no DTDs, no entities, no external references) with a
size limit, and every element lookup ignores namespaces and letter case: real PolisWeb servers
vary both between responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET

SOAP_ENV_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SECURITY_NS = "http://www.netserv.it/anag/security"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Characters XML 1.0 does not allow, even escaped.
_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class XmlTooLarge(Exception):
    pass


class XmlUnreadable(Exception):
    pass


def parse_xml(data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> Element:
    """Parse untrusted XML safely; raise ``XmlTooLarge`` or ``XmlUnreadable`` only."""
    if isinstance(data, str):
        data = data.encode("utf-8", errors="replace")
    if not isinstance(data, (bytes, bytearray)):
        raise XmlUnreadable(f"not bytes: {type(data).__name__}")
    if len(data) > max_bytes:
        raise XmlTooLarge(f"{len(data)} byte > {max_bytes}")
    if not data.strip():
        raise XmlUnreadable("empty body")
    try:
        return SafeET.fromstring(bytes(data), forbid_dtd=True)
    except Exception as exc:  # ParseError, DefusedXmlException, ValueError, LookupError...
        raise XmlUnreadable(f"{type(exc).__name__}: {exc}") from None


def local(tag: object) -> str:
    """The local name of a tag, lower-case: ``{ns}InvocationDomain`` -> ``invocationdomain``."""
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def children(element: Element, name: str | None = None) -> Iterator[Element]:
    """Child elements, optionally only those whose local name matches ``name`` (any case)."""
    wanted = name.lower() if name else None
    for child in element:
        tag = local(child.tag)
        if tag and (wanted is None or tag == wanted):
            yield child


def child(element: Element, name: str) -> Element | None:
    return next(children(element, name), None)


def descendants(element: Element, name: str) -> Iterator[Element]:
    wanted = name.lower()
    for node in element.iter():
        if local(node.tag) == wanted:
            yield node


def descendant(element: Element, name: str) -> Element | None:
    return next(descendants(element, name), None)


def attr(element: Element, name: str, default: str = "") -> str:
    """An attribute by local name, any case and any namespace."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if local(key) == wanted:
            return value
    return default


def text(element: Element | None) -> str:
    """The element's own text, stripped ("" for a missing or empty element)."""
    if element is None:
        return ""
    return (element.text or "").strip()


def child_text(element: Element, name: str) -> str:
    return text(child(element, name))


def escape_text(value: str) -> str:
    value = _INVALID_XML_CHARS.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attr(value: str) -> str:
    return escape_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")

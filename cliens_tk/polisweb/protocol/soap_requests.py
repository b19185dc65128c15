"""Build the SOAP 1.1 requests of the PolisWeb consultation service ("QBuilder").

Named ``soap_requests`` so it never shadows the ``requests`` HTTP library.

Every request is an RPC/literal envelope whose operation element lives in the register's
namespace (``urn:CONS-SICC-BE``...), with the ``InvocationDomain`` SOAP header that tells the
back-end who is asking (role) and for which office (group). ``parse_request`` reads such an
envelope back: the emulator and the tests use it.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cliens_tk.domain.offices import REGISTER_SERVICE, Register
from cliens_tk.polisweb.protocol import assumptions
from cliens_tk.polisweb.protocol.xmlutil import (
    SECURITY_NS,
    SOAP_ENV_NS,
    XmlTooLarge,
    XmlUnreadable,
    attr,
    child,
    children,
    escape_attr,
    escape_text,
    local,
    namespace,
    parse_xml,
    text,
)

# --- documented facts --------------------------------------------------------------------------

DEFAULT_BASE_URL = "https://ext.processotelematico.giustizia.it"
CONSULTATION_PREFIX = "/pda/pycons"
CATALOGUE_PATH = "/servizi/CatalogoServizi"

INVOCATION_NAME = "JPW"
CATALOG_ROLE = "JPW"  # getServiceNames / getServiceDescriptor / getRowClassDescriptor
CATALOG_GROUP = "jpwusers"
EXPERT_ROLE = "CTU"

ROLES_BY_SERVICE: dict[str, tuple[str, ...]] = {
    "JPW_SICID": ("AVV", "CTU", "PARTE", "NOT", "TUT", "AUS"),
    "JPW_SIECIC": ("AVV", "CTU", "PARTE", "CUS", "DEL"),
    "JPW_SIGP": ("AVV", "CTU", "PARTE"),
}

# The body parameter SIECIC needs besides the header role.
SIECIC_ROLE_PARAM = "idRuoloJPW"

REGISTER_NAMESPACE: dict[Register, str] = {
    Register.CIVIL: "urn:CONS-SICC-BE",
    Register.LABOUR: "urn:CONS-SIL-BE",
    Register.VOLUNTARY: "urn:CONS-SIVG-BE",
    Register.ENFORCEMENT_MOVABLE: "urn:CONS-SIECIC-BE",
    Register.ENFORCEMENT_REAL: "urn:CONS-SIECIC-BE",
    Register.BANKRUPTCY: "urn:CONS-SIECIC-BE",
    Register.PEACE: "urn:CONS-SIGP-BE",
}

VALUE_TYPES = ("string", "integer", "date", "boolean", "long", "float", "double", "binary")
ORDER_MODES = ("asc", "desc")
DATE_FORMAT = "%d/%m/%Y"

_GL_RE = re.compile(r"^[A-Za-z0-9_]{2,16}$")


def register_namespace(register: Register) -> str:
    return REGISTER_NAMESPACE[Register(register)]


def needs_role_param(register: Register) -> bool:
    """SIECIC registers (executions, bankruptcies) want ``idRuoloJPW`` in the body."""
    return REGISTER_SERVICE[Register(register)] == "JPW_SIECIC"


# --- endpoint ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoint:
    """Where the consultation service lives: base URL and the register -> service path map.

    The map is configurable because some clients reached lavoro/VG through ``JPW_SIL`` and
    ``JPW_SIVG`` instead of ``JPW_SICID``.
    """

    base_url: str = DEFAULT_BASE_URL
    prefix: str = CONSULTATION_PREFIX
    service_paths: Mapping[Register, str] = field(default_factory=lambda: dict(REGISTER_SERVICE))

    def service(self, register: Register) -> str:
        return self.service_paths.get(Register(register)) or REGISTER_SERVICE[Register(register)]

    def url(self, gl: str, register: Register) -> str:
        """``https://<host>/pda/pycons/<GL>/<SERVICE>`` for an office's district and register."""
        return consultation_url(gl, self.service(register), self.base_url, self.prefix)

    @property
    def catalogue_url(self) -> str:
        return self.base_url.rstrip("/") + CATALOGUE_PATH


def consultation_url(gl: str, service: str, base_url: str = DEFAULT_BASE_URL,
                     prefix: str = CONSULTATION_PREFIX) -> str:
    if not _GL_RE.match(gl or ""):
        raise ValueError(f"invalid GL code: {gl!r}")
    if not _GL_RE.match(service or ""):
        raise ValueError(f"invalid service name: {service!r}")
    return f"{base_url.rstrip('/')}/{prefix.strip('/')}/{gl.upper()}/{service}"


def http_headers(tax_code: str) -> dict[str, str]:
    """HTTP headers of every consultation call: SOAPAction is ignored, so it is sent empty."""
    return {
        "Content-Type": "text/xml; charset=utf-8",
        "SOAPAction": '""',
        "X-WASP-User": tax_code.strip().upper(),
    }


# --- typed values --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Value:
    """One ``value`` element of a ``valueSet``: name, declared type and text on the wire."""

    name: str
    text: str
    type: str = "string"


def infer_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, (dt.date, dt.datetime)):
        return "date"
    if isinstance(value, (bytes, bytearray)):
        return "binary"
    return "string"


def format_value(value: object, value_type: str) -> str:
    """The wire text of ``value`` as ``value_type``: dates ``dd/MM/yyyy``, numbers unpadded."""
    if value_type not in VALUE_TYPES:
        raise ValueError(f"unsupported value type {value_type!r}")
    if value is None:
        return ""
    if value_type == "date":
        if isinstance(value, (dt.date, dt.datetime)):
            return value.strftime(DATE_FORMAT)
        return dt.datetime.strptime(str(value).strip(), DATE_FORMAT).strftime(DATE_FORMAT)
    if value_type in ("integer", "long"):
        if isinstance(value, bool):
            raise ValueError("a boolean is not a number")
        return str(int(str(value).strip()))  # "00001025" -> "1025"
    if value_type == "boolean":
        if isinstance(value, str):
            return "true" if value.strip().lower() in ("true", "1", "s", "si", "y", "yes") else "false"
        return "true" if value else "false"
    if value_type in ("float", "double"):
        return repr(float(value))
    if value_type == "binary":
        raw = value if isinstance(value, (bytes, bytearray)) else str(value).encode()
        return base64.b64encode(bytes(raw)).decode("ascii")
    return str(value)


def typed_value(name: str, value: object, value_type: str | None = None) -> Value:
    value_type = value_type or infer_type(value)
    return Value(name, format_value(value, value_type), value_type)


def as_values(values: Mapping[str, object] | Iterable[Value] | None) -> list[Value]:
    """Accept ``Value`` objects or a ``{name: python value}`` mapping (types inferred)."""
    if values is None:
        return []
    if isinstance(values, Mapping):
        return [typed_value(name, value) for name, value in values.items() if value is not None]
    return list(values)


@dataclass(frozen=True)
class OrderBy:
    properties: str  # e.g. "ANNORUOLO, NUMERORUOLO"
    mode: str = "asc"


# --- envelopes -------------------------------------------------------------------------------------

def invocation_domain_xml(role: str, group: str) -> str:
    return (
        f'<sec:InvocationDomain xmlns:sec="{SECURITY_NS}" soapenv:mustUnderstand="1" '
        f'name="{INVOCATION_NAME}" role="{escape_attr(role)}" group="{escape_attr(group)}"/>'
    )


def envelope(body_xml: str, header_xml: str = "") -> bytes:
    header = f"<soapenv:Header>{header_xml}</soapenv:Header>" if header_xml else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV_NS}" '
        'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{header}<soapenv:Body>{body_xml}</soapenv:Body></soapenv:Envelope>"
    ).encode("utf-8")


def _operation(register: Register, operation: str, inner: str) -> str:
    return f'<ns:{operation} xmlns:ns="{register_namespace(register)}">{inner}</ns:{operation}>'


def build_get_service_names(register: Register, role: str = CATALOG_ROLE,
                            group: str = CATALOG_GROUP) -> bytes:
    return envelope(_operation(register, "getServiceNames", ""), invocation_domain_xml(role, group))


def build_get_service_descriptor(query: str, register: Register, role: str = CATALOG_ROLE,
                                 group: str = CATALOG_GROUP) -> bytes:
    inner = f"<name>{escape_text(query)}</name>"
    return envelope(_operation(register, "getServiceDescriptor", inner),
                    invocation_domain_xml(role, group))


def build_get_row_class_descriptor(row_class: str, register: Register, role: str = CATALOG_ROLE,
                                   group: str = CATALOG_GROUP) -> bytes:
    inner = f"<name>{escape_text(row_class)}</name>"
    return envelope(_operation(register, "getRowClassDescriptor", inner),
                    invocation_domain_xml(role, group))


def build_execute(
    query: str,
    values: Mapping[str, object] | Iterable[Value] | None,
    *,
    register: Register,
    office_code: str,
    role: str = EXPERT_ROLE,
    order_by: Sequence[OrderBy] | OrderBy | None = None,
) -> bytes:
    """An ``execute`` call of ``query`` for one office (InvocationDomain group) and register.

    For SIECIC registers ``idRuoloJPW`` is added with the role when the caller did not give it.
    """
    items = as_values(values)
    if needs_role_param(register) and not any(v.name.lower() == SIECIC_ROLE_PARAM.lower() for v in items):
        items.append(Value(SIECIC_ROLE_PARAM, role, "string"))
    for item in items:
        if item.type not in VALUE_TYPES:
            raise ValueError(f"unsupported value type {item.type!r}")
    value_xml = "".join(
        f'<value name="{escape_attr(v.name)}" type="{v.type}">{escape_text(v.text)}</value>' for v in items
    )
    if isinstance(order_by, OrderBy):
        order_by = [order_by]
    order_xml = ""
    for entry in order_by or ():
        if entry.mode not in ORDER_MODES:
            raise ValueError(f"unsupported order mode {entry.mode!r}")
        order_xml += f'<entry property="{escape_attr(entry.properties)}" mode="{entry.mode}"/>'
    inner = (
        f"<name>{escape_text(query)}</name>"
        f"<valueSet>{value_xml}</valueSet>"
        f"<orderBy>{order_xml}</orderBy>"
    )
    return envelope(_operation(register, "execute", inner), invocation_domain_xml(role, office_code))


def page_values(page_no: int, page_size: int = assumptions.DEFAULT_PAGE_SIZE) -> list[Value]:
    """The paging parameters of a paged query."""
    return [
        Value(assumptions.PAGE_SIZE_PARAM, str(int(page_size)), "integer"),
        Value(assumptions.PAGE_NO_PARAM, str(int(page_no)), "integer"),
    ]


# --- reading a request back (emulator, tests) ------------------------------------------------------

class MalformedRequest(ValueError):
    pass


@dataclass
class InvocationDomain:
    name: str
    role: str
    group: str
    must_understand: str = ""


@dataclass
class SoapRequest:
    operation: str  # local name as sent, e.g. "execute"
    namespace: str
    name: str = ""  # query or row class name
    values: list[Value] = field(default_factory=list)
    order_by: list[OrderBy] = field(default_factory=list)
    invocation_domain: InvocationDomain | None = None
    body_element: object = None  # the operation element, for document/literal services

    def value(self, name: str) -> Value | None:
        wanted = name.lower()
        return next((v for v in self.values if v.name.lower() == wanted), None)


def parse_request(data: bytes, max_bytes: int = 2 * 1024 * 1024) -> SoapRequest:
    """Read a SOAP request (lenient on namespaces and case), raise ``MalformedRequest``."""
    try:
        root = parse_xml(data, max_bytes)
    except (XmlTooLarge, XmlUnreadable) as exc:
        raise MalformedRequest(str(exc)) from None
    if local(root.tag) != "envelope":
        raise MalformedRequest("not a SOAP envelope")
    body = child(root, "Body")
    if body is None:
        raise MalformedRequest("no SOAP body")
    operation = next(children(body), None)
    if operation is None:
        raise MalformedRequest("empty SOAP body")
    domain = None
    header = child(root, "Header")
    if header is not None:
        element = child(header, "InvocationDomain")
        if element is not None:
            domain = InvocationDomain(
                attr(element, "name"), attr(element, "role"), attr(element, "group"),
                attr(element, "mustUnderstand"),
            )
    request = SoapRequest(
        operation=operation.tag.rsplit("}", 1)[-1],
        namespace=namespace(operation.tag),
        name=text(child(operation, "name")),
        invocation_domain=domain,
        body_element=operation,
    )
    value_set = child(operation, "valueSet")
    if value_set is not None:
        for item in children(value_set, "value"):
            request.values.append(Value(attr(item, "name"), item.text or "", attr(item, "type")))
    order = child(operation, "orderBy")
    if order is not None:
        for entry in children(order, "entry"):
            request.order_by.append(OrderBy(attr(entry, "property"), attr(entry, "mode") or "asc"))
    return request


def escape_free(text: str) -> str:
    """What a text becomes after a trip through XML: invalid characters dropped, CR/CRLF -> LF."""
    from cliens_tk.polisweb.protocol.xmlutil import _INVALID_XML_CHARS

    return _INVALID_XML_CHARS.sub("", text).replace("\r\n", "\n").replace("\r", "\n")

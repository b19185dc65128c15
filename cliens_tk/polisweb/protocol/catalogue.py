"""The ministry's office catalogue (Catalogo Uffici Giudiziari): requests and parsers.

A document/literal SOAP service at ``<base>/servizi/CatalogoServizi`` in the namespace below.
Its answers become ``cliens_tk.domain.offices.Office`` objects for the office list
("elenchi ministeriali"). Parsing is as lenient as for the consultation service: element names
in any case and namespace, records recognised by their ``codiceUfficio`` child.
"""

from __future__ import annotations

import dataclasses
from xml.etree.ElementTree import Element

from cliens_tk.domain.offices import Office, Register
from cliens_tk.i18n import _
from cliens_tk.polisweb.protocol import assumptions
from cliens_tk.polisweb.protocol.errors import CallContext, MalformedResponseError
from cliens_tk.polisweb.protocol.model import District, OfficeService
from cliens_tk.polisweb.protocol.responses import read_body
from cliens_tk.polisweb.protocol.soap_requests import (
    CATALOG_GROUP,
    CATALOG_ROLE,
    envelope,
    invocation_domain_xml,
)
from cliens_tk.polisweb.protocol.xmlutil import (
    DEFAULT_MAX_BYTES,
    child,
    child_text,
    descendants,
    escape_text,
    local,
    text,
)

CATALOGUE_NS = "http://www.giustizia.it/serviziTelematici/serviziGenerici"

# Registers of each consultation service, used when an office record lists a service but not
# its registers.
SERVICE_REGISTERS: dict[str, tuple[Register, ...]] = {
    "JPW_SICID": (Register.CIVIL, Register.LABOUR, Register.VOLUNTARY),
    "JPW_SIECIC": (Register.ENFORCEMENT_MOVABLE, Register.ENFORCEMENT_REAL, Register.BANKRUPTCY),
    "JPW_SIGP": (Register.PEACE,),
}

_REGISTER_ALIASES = {"GP": Register.PEACE, "SIGP": Register.PEACE, "CIVILE": Register.CIVIL,
                     "LAVORO": Register.LABOUR}


def catalogue_context() -> CallContext:
    return CallContext(office_name=_("catalogo degli uffici giudiziari"), service="CatalogoServizi")


# --- requests -------------------------------------------------------------------------------------

def _request(operation: str, fields: dict[str, str | None]) -> bytes:
    inner = "".join(
        f"<cat:{name}>{escape_text(value)}</cat:{name}>" if value else f"<cat:{name}/>"
        for name, value in fields.items()
    )
    header = invocation_domain_xml(CATALOG_ROLE, CATALOG_GROUP) if assumptions.CATALOGUE_SENDS_INVOCATION_DOMAIN else ""
    return envelope(f'<cat:{operation} xmlns:cat="{CATALOGUE_NS}">{inner}</cat:{operation}>', header)


def build_get_districts() -> bytes:
    return _request("getDistretti", {})


def build_get_offices(district: str = "", city: str = "", office_kind: str = "") -> bytes:
    """getListaUfficiGiudiziari; empty filters mean "all"."""
    return _request("getListaUfficiGiudiziari",
                    {"distretto": district, "comune": city, "tipoUfficio": office_kind})


def build_get_office(office_code: str) -> bytes:
    return _request("getUfficioGiudiziario", {"codiceUfficio": office_code})


def build_get_registers(office_code: str) -> bytes:
    return _request("getRegistriFromUfficio", {"codiceUfficio": office_code})


# --- parsers -----------------------------------------------------------------------------------------

def to_register(code: str) -> Register | None:
    value = code.strip().upper()
    if not value:
        return None
    try:
        return Register(value)
    except ValueError:
        return _REGISTER_ALIASES.get(value)


def parse_districts(data: bytes | str, context: CallContext | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> list[District]:
    context = context or catalogue_context()
    body = read_body(data, context, max_bytes)
    out = []
    for node in body.iter():
        if local(node.tag) != "distretto" or len(node) == 0:
            continue
        gl = child_text(node, "codiceGestoreLocale") or child_text(node, "codiceGL")
        name = child_text(node, "descrizione") or child_text(node, "nome")
        code = child_text(node, "codice") or child_text(node, "codiceDistretto") or name
        if gl or name:
            out.append(District(code=code, name=name, gl_code=gl.upper()))
    return out


def _services_of(element: Element) -> list[OfficeService]:
    services: list[OfficeService] = []
    for node in descendants(element, "servizio"):
        code = child_text(node, "codice") or child_text(node, "codiceServizio") or (
            text(node) if len(node) == 0 else "")
        registers = []
        for reg in descendants(node, "registro"):
            value = child_text(reg, "codice") or child_text(reg, "codiceRegistro") or text(reg)
            if value:
                registers.append(value.upper())
        if code:
            services.append(OfficeService(code.upper(), tuple(registers)))
    if not services:
        holder = child(element, "servizi")
        if holder is not None and len(holder) == 0 and text(holder):
            services = [OfficeService(c.strip().upper()) for c in text(holder).split(",") if c.strip()]
    return services


def registers_of(services: list[OfficeService]) -> tuple[Register, ...]:
    """Registers of the consultation services, in the Register enum's order."""
    found: set[Register] = set()
    for service in services:
        listed = [r for r in map(to_register, service.registers) if r is not None]
        if listed:
            found.update(listed)
        else:
            found.update(SERVICE_REGISTERS.get(service.code, ()))
    return tuple(r for r in Register if r in found)


def office_from_element(element: Element, gl_by_district: dict[str, str] | None = None,
                        context: CallContext | None = None) -> Office:
    code = child_text(element, "codiceUfficio")
    if not code.isdigit():
        raise MalformedResponseError(context, f"codice ufficio non valido: {code[:20]!r}")
    services = _services_of(element)
    district = child_text(element, "distretto")
    gl = (child_text(element, "codiceGL") or child_text(element, "codiceGestoreLocale")).upper()
    if not gl and gl_by_district:
        gl = gl_by_district.get(district.lower(), "")
    return Office(
        code=code,
        name=child_text(element, "descrizione"),
        kind=child_text(element, "tipoUfficio"),
        city=child_text(element, "comune"),
        province=child_text(element, "provincia"),
        district=district,
        gl_code=gl,
        pec=child_text(element, "indirizzoPec"),
        services=tuple(s.code for s in services),
        registers=registers_of(services),
    )


def parse_offices(data: bytes | str, districts: list[District] | None = None,
                  context: CallContext | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> list[Office]:
    """Offices of getListaUfficiGiudiziari (or getUfficioGiudiziario); the district list, when
    given, fills in a missing GL code."""
    context = context or catalogue_context()
    body = read_body(data, context, max_bytes)
    gl_by_district = {d.name.lower(): d.gl_code for d in districts or ()}
    offices = []
    for node in body.iter():
        tag = local(node.tag)
        if tag in ("body", "getregistrifromufficioresponse") or child(node, "codiceUfficio") is None:
            continue
        offices.append(office_from_element(node, gl_by_district, context))
    return offices


def parse_office(data: bytes | str, districts: list[District] | None = None,
                 context: CallContext | None = None) -> Office | None:
    offices = parse_offices(data, districts, context)
    return offices[0] if offices else None


def parse_registers(data: bytes | str, context: CallContext | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> list[OfficeService]:
    """getRegistriFromUfficio: the office's services and their registers."""
    context = context or catalogue_context()
    body = read_body(data, context, max_bytes)
    services = _services_of(body)
    if not services:  # a flat list of registers
        registers = tuple(
            (child_text(n, "codice") or text(n)).upper() for n in descendants(body, "registro")
        )
        if registers:
            services = [OfficeService("", tuple(r for r in registers if r))]
    return services


def with_services(office: Office, services: list[OfficeService]) -> Office:
    """The office with services and registers replaced by a getRegistriFromUfficio answer."""
    codes = tuple(s.code for s in services if s.code) or office.services
    return dataclasses.replace(office, services=codes, registers=registers_of(services) or office.registers)

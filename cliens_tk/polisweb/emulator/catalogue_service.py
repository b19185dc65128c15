"""The office catalogue service (CatalogoServizi) as the emulator plays it: document/literal."""

from __future__ import annotations

from cliens_tk.domain.offices import Office
from cliens_tk.polisweb.emulator import xml_out as X
from cliens_tk.polisweb.emulator.offices_data import DistrictInfo, districts
from cliens_tk.polisweb.emulator.qbuilder import Fault
from cliens_tk.polisweb.protocol.catalogue import CATALOGUE_NS
from cliens_tk.polisweb.protocol.soap_requests import SoapRequest
from cliens_tk.polisweb.protocol.xmlutil import child_text, escape_text


def _e(name: str, value: str) -> str:
    return f"<cat:{name}>{escape_text(value)}</cat:{name}>" if value else f"<cat:{name}/>"


def _district_xml(d: DistrictInfo) -> str:
    return ("<cat:distretto>" + _e("codice", d.code) + _e("descrizione", d.name)
            + _e("codiceGestoreLocale", d.gl_code) + "</cat:distretto>")


def _services_xml(office: Office) -> str:
    from cliens_tk.polisweb.protocol.catalogue import SERVICE_REGISTERS

    parts = []
    for service in office.services:
        registers = [r.value for r in SERVICE_REGISTERS.get(service, ()) if r in office.registers]
        regs = "".join(f"<cat:registro>{r}</cat:registro>" for r in registers)
        parts.append(f"<cat:servizio>{_e('codice', service)}<cat:registri>{regs}</cat:registri></cat:servizio>")
    return "<cat:servizi>" + "".join(parts) + "</cat:servizi>"


def _office_xml(office: Office, regione: str = "") -> str:
    return (
        "<cat:ufficio>" + _e("codiceUfficio", office.code) + _e("descrizione", office.name)
        + _e("tipoUfficio", office.kind) + _e("comune", office.city) + _e("provincia", office.province)
        + _e("regione", regione) + _e("distretto", office.district) + _e("codiceGL", office.gl_code)
        + _e("indirizzoPec", office.pec) + _services_xml(office) + "</cat:ufficio>"
    )


class CatalogueService:
    def __init__(self, catalogue: list[Office]):
        self.catalogue = catalogue
        self.by_code = {o.code: o for o in catalogue}
        self.districts = districts(catalogue)

    def handle(self, request: SoapRequest) -> bytes:
        op = request.operation
        element = request.body_element
        field = (lambda name: child_text(element, name)) if element is not None else (lambda name: "")
        if op == "getDistretti":
            inner = "".join(_district_xml(d) for d in self.districts)
        elif op == "getListaUfficiGiudiziari":
            district, city, kind = field("distretto").lower(), field("comune").lower(), field("tipoUfficio").upper()
            found = [o for o in self.catalogue
                     if (not district or o.district.lower() == district or o.gl_code.lower() == district)
                     and (not city or o.city.lower() == city) and (not kind or o.kind == kind)]
            inner = "".join(_office_xml(o) for o in found)
        elif op == "getUfficioGiudiziario":
            office = self.by_code.get(field("codiceUfficio"))
            inner = _office_xml(office) if office else ""
        elif op == "getRegistriFromUfficio":
            office = self.by_code.get(field("codiceUfficio"))
            if office is None:
                raise Fault(f"Ufficio '{field('codiceUfficio')}' non trovato")
            inner = _services_xml(office)
        else:
            raise Fault(f"No such operation '{op}'", "soapenv:Client")
        return X.envelope(f'<cat:{op}Response xmlns:cat="{CATALOGUE_NS}">{inner}</cat:{op}Response>')

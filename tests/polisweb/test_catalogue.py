"""The office catalogue service: requests and parsing into Office objects."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cliens_tk.domain.offices import Office, Register, load_bundled_offices
from cliens_tk.polisweb.emulator.catalogue_service import CatalogueService
from cliens_tk.polisweb.emulator.offices_data import build_catalogue
from cliens_tk.polisweb.protocol import catalogue as C
from cliens_tk.polisweb.protocol import errors as E
from cliens_tk.polisweb.protocol.soap_requests import parse_request

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_requests_are_document_literal_in_the_catalogue_namespace():
    request = parse_request(C.build_get_offices(district="Milano"))
    assert request.operation == "getListaUfficiGiudiziari"
    assert request.namespace == C.CATALOGUE_NS
    fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in request.body_element}
    assert fields == {"distretto": "Milano", "comune": "", "tipoUfficio": ""}
    assert parse_request(C.build_get_districts()).operation == "getDistretti"
    registers = parse_request(C.build_get_registers("0151460094"))
    assert registers.operation == "getRegistriFromUfficio"
    assert registers.body_element[0].text == "0151460094"
    assert parse_request(C.build_get_office("0151460094")).operation == "getUfficioGiudiziario"
    domain = parse_request(C.build_get_districts()).invocation_domain
    assert (domain.role, domain.group) == ("JPW", "jpwusers")


def test_districts_with_gl_codes():
    districts = C.parse_districts(fixture("catalogue_districts.xml"))
    assert [(d.code, d.name, d.gl_code) for d in districts] == [("MI", "Milano", "GLMI"), ("BS", "Brescia", "GLBS")]


def test_offices_become_office_objects():
    districts = C.parse_districts(fixture("catalogue_districts.xml"))
    offices = C.parse_offices(fixture("catalogue_offices.xml"), districts)
    milano, bergamo = offices
    assert isinstance(milano, Office)
    assert milano.code == "0151460094" and milano.name == "Tribunale di Milano"
    assert milano.kind == "TRIBUNALE" and milano.city == "Milano" and milano.province == "MI"
    assert milano.gl_code == "GLMI"
    assert milano.pec == "tribunale.milano@civile.ptel.giustiziacert.it"
    assert milano.services == ("JPW_SICID", "JPW_SIECIC", "DEPOT")
    # SICID lists its registers; SIECIC lists none, so its usual ones are assumed
    assert milano.registers == (Register.CIVIL, Register.LABOUR, Register.VOLUNTARY,
                                Register.ENFORCEMENT_MOVABLE, Register.ENFORCEMENT_REAL, Register.BANKRUPTCY)
    assert not milano.sample
    # The GL comes from the district when the record has none: Bergamo is in Brescia's district
    assert bergamo.gl_code == "GLBS" and bergamo.registers == (Register.PEACE,)


def test_registers_from_office_and_aliases():
    services = C.parse_registers(fixture("catalogue_registers.xml"))
    assert [s.code for s in services] == ["JPW_SICID", "JPW_SIGP"]
    assert C.registers_of(services) == (Register.CIVIL, Register.VOLUNTARY, Register.PEACE)
    office = load_bundled_offices()[0]
    updated = C.with_services(office, services)
    assert updated.registers == (Register.CIVIL, Register.VOLUNTARY, Register.PEACE)
    assert updated.services == ("JPW_SICID", "JPW_SIGP")


def test_catalogue_fault_is_typed_and_names_the_catalogue():
    with pytest.raises(E.CursorError) as caught:
        C.parse_offices(fixture("fault_cursor.xml"))
    assert "catalogo degli uffici giudiziari" in caught.value.message


def test_unreadable_catalogue_raises_our_error():
    with pytest.raises(E.MalformedResponseError):
        C.parse_offices(fixture("malformed_truncated.xml"))
    with pytest.raises(E.PolisWebError):
        C.parse_districts(b"<html/>")


def test_emulator_catalogue_round_trip_keeps_every_bundled_office():
    bundled = load_bundled_offices()
    service = CatalogueService(build_catalogue(0))
    districts = C.parse_districts(service.handle(parse_request(C.build_get_districts())))
    assert {"GLMI", "GLBS", "GLRM", "GLCC"} <= {d.gl_code for d in districts}
    offices = C.parse_offices(service.handle(parse_request(C.build_get_offices())), districts)
    by_code = {o.code: o for o in offices}
    for office in bundled:
        got = by_code[office.code]
        assert (got.name, got.gl_code, got.district, got.pec) == (office.name, office.gl_code, office.district, office.pec)
        assert set(got.registers) == set(office.registers)
        assert got.services == office.services


def test_generated_catalogue_reaches_the_size_with_unique_codes_and_names():
    offices = build_catalogue(3000, seed=5)
    assert len(offices) == 3000
    assert len({o.code for o in offices}) == 3000
    assert len({o.name for o in offices}) == 3000
    assert all(o.gl_code.startswith("GL") for o in offices)
    assert build_catalogue(3000, seed=5) == offices


def test_filtering_by_district_and_kind():
    service = CatalogueService(build_catalogue(300, seed=2))
    offices = C.parse_offices(service.handle(parse_request(C.build_get_offices("Brescia", "", "GIUDICE_PACE"))))
    assert offices and all(o.district == "Brescia" and o.kind == "GIUDICE_PACE" for o in offices)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_catalogue_parsers_never_crash(data):
    for parse in (C.parse_offices, C.parse_districts, C.parse_registers):
        try:
            parse(data)
        except E.PolisWebError:
            pass

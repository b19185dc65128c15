"""Building PolisWeb requests: envelope, header, namespaces, typed values, URLs, headers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.protocol import assumptions, queries
from cliens_tk.polisweb.protocol import soap_requests as S
from cliens_tk.polisweb.protocol.xmlutil import SECURITY_NS, parse_xml

MILANO = "0151460094"


def _domain(body: bytes):
    request = S.parse_request(body)
    return request, request.invocation_domain


def test_execute_envelope_has_invocation_domain_for_the_office_and_ctu_role():
    body = S.build_execute("ProfiloFascicolo", {"idUfficio": MILANO, "anno": 2024, "numero": 1025},
                           register=Register.CIVIL, office_code=MILANO)
    root = parse_xml(body)
    header = root.find("{http://schemas.xmlsoap.org/soap/envelope/}Header")
    domain = header.find(f"{{{SECURITY_NS}}}InvocationDomain")
    assert domain is not None
    assert domain.get("name") == "JPW"
    assert domain.get("role") == "CTU"
    assert domain.get("group") == MILANO
    assert domain.get("{http://schemas.xmlsoap.org/soap/envelope/}mustUnderstand") == "1"


@pytest.mark.parametrize("build", [
    lambda: S.build_get_service_names(Register.CIVIL),
    lambda: S.build_get_service_descriptor("RicercaScadenze", Register.CIVIL),
    lambda: S.build_get_row_class_descriptor("InfoParte", Register.CIVIL),
])
def test_catalog_calls_use_role_jpw_group_jpwusers(build):
    _request, domain = _domain(build())
    assert (domain.name, domain.role, domain.group) == ("JPW", "JPW", "jpwusers")


@pytest.mark.parametrize("register, namespace", [
    (Register.CIVIL, "urn:CONS-SICC-BE"),
    (Register.LABOUR, "urn:CONS-SIL-BE"),
    (Register.VOLUNTARY, "urn:CONS-SIVG-BE"),
    (Register.ENFORCEMENT_MOVABLE, "urn:CONS-SIECIC-BE"),
    (Register.ENFORCEMENT_REAL, "urn:CONS-SIECIC-BE"),
    (Register.BANKRUPTCY, "urn:CONS-SIECIC-BE"),
    (Register.PEACE, "urn:CONS-SIGP-BE"),
])
def test_operation_element_is_in_the_register_namespace(register, namespace):
    request = S.parse_request(S.build_execute("TestWS", {}, register=register, office_code=MILANO))
    assert request.operation == "execute"
    assert request.namespace == namespace


def test_siecic_gets_id_ruolo_jpw_and_others_do_not():
    siecic = S.parse_request(S.build_execute("TestWS", {}, register=Register.BANKRUPTCY, office_code=MILANO))
    assert siecic.value("idRuoloJPW").text == "CTU"
    civil = S.parse_request(S.build_execute("TestWS", {}, register=Register.CIVIL, office_code=MILANO))
    assert civil.value("idRuoloJPW") is None


def test_siecic_role_param_is_not_duplicated():
    body = S.build_execute("TestWS", [S.Value("IDRUOLOJPW", "CTU")], register=Register.ENFORCEMENT_REAL,
                           office_code=MILANO)
    assert body.count(b"RUOLOJPW") + body.count(b"RuoloJPW") == 1


def test_values_are_typed_dates_dd_mm_yyyy_and_numbers_without_leading_zeros():
    values = [
        S.typed_value("numero", "00001025", "integer"),
        S.typed_value("anno", 2024),
        S.typed_value("dataDa", dt.date(2025, 3, 7)),
        S.typed_value("scadTermini", True),
        S.typed_value("tipo", "RGN"),
        S.typed_value("numeroLungo", "0042", "long"),
    ]
    request = S.parse_request(S.build_execute("X", values, register=Register.CIVIL, office_code=MILANO))
    got = {v.name: (v.type, v.text) for v in request.values}
    assert got["numero"] == ("integer", "1025")
    assert got["anno"] == ("integer", "2024")
    assert got["dataDa"] == ("date", "07/03/2025")
    assert got["scadTermini"] == ("boolean", "true")
    assert got["tipo"] == ("string", "RGN")
    assert got["numeroLungo"] == ("long", "42")


def test_unknown_value_type_is_refused_before_sending():
    with pytest.raises(ValueError):
        S.build_execute("X", [S.Value("a", "1", "stri")], register=Register.CIVIL, office_code=MILANO)
    with pytest.raises(ValueError):
        S.typed_value("a", "x", "stri")


def test_order_by_entry():
    body = S.build_execute("ArchivioFascicoli", {}, register=Register.CIVIL, office_code=MILANO,
                           order_by=S.OrderBy("ANNORUOLO, NUMERORUOLO", "desc"))
    request = S.parse_request(body)
    assert request.order_by == [S.OrderBy("ANNORUOLO, NUMERORUOLO", "desc")]
    empty = S.parse_request(S.build_execute("X", {}, register=Register.CIVIL, office_code=MILANO))
    assert empty.order_by == []
    with pytest.raises(ValueError):
        S.build_execute("X", {}, register=Register.CIVIL, office_code=MILANO, order_by=S.OrderBy("A", "up"))


def test_special_characters_are_escaped():
    body = S.build_execute("X", {"nome": "D'Angelo & <Figli> \"srl\"\x01"}, register=Register.CIVIL,
                           office_code=MILANO)
    assert S.parse_request(body).value("nome").text == "D'Angelo & <Figli> \"srl\""


def test_http_headers():
    headers = S.http_headers(" rssmra80a01h501u ")
    assert headers["Content-Type"] == "text/xml; charset=utf-8"
    assert headers["SOAPAction"] in ("", '""')
    assert headers["X-WASP-User"] == "RSSMRA80A01H501U"


def test_url_builder_default_and_configurable():
    endpoint = S.Endpoint()
    assert endpoint.url("GLBS", Register.CIVIL) == \
        "https://ext.processotelematico.giustizia.it/pda/pycons/GLBS/JPW_SICID"
    assert endpoint.url("glmi", Register.PEACE).endswith("/pda/pycons/GLMI/JPW_SIGP")
    assert endpoint.url("GLRM", Register.BANKRUPTCY).endswith("/GLRM/JPW_SIECIC")
    custom = S.Endpoint(base_url="https://127.0.0.1:8443/", service_paths={
        Register.LABOUR: "JPW_SIL", Register.VOLUNTARY: "JPW_SIVG"})
    assert custom.url("GLMI", Register.LABOUR) == "https://127.0.0.1:8443/pda/pycons/GLMI/JPW_SIL"
    assert custom.url("GLMI", Register.VOLUNTARY).endswith("/JPW_SIVG")
    assert custom.url("GLMI", Register.CIVIL).endswith("/JPW_SICID")
    assert custom.catalogue_url == "https://127.0.0.1:8443/servizi/CatalogoServizi"
    with pytest.raises(ValueError):
        endpoint.url("../etc", Register.CIVIL)


def test_query_values_use_the_assumed_names():
    values = queries.cases_values(MILANO, Register.CIVIL, 2020, page_no=2, page_size=50)
    assert values == {assumptions.OFFICE_PARAM: MILANO, assumptions.REGISTER_PARAM: "CC",
                      assumptions.CASES_YEAR_PARAM: 2020, assumptions.PAGE_SIZE_PARAM: 50,
                      assumptions.PAGE_NO_PARAM: 2}
    lookup = queries.lookup_values(MILANO, Register.CIVIL, 1025, 2024)
    assert lookup["tipo"] == "RGN"
    with pytest.raises(ValueError):
        queries.deadlines_values(MILANO, Register.CIVIL, kind="X")


@pytest.mark.parametrize("today, expected", [
    (dt.date(2025, 1, 15), dt.date(2025, 2, 28)),
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),
    (dt.date(2025, 11, 30), dt.date(2025, 12, 31)),
    (dt.date(2025, 12, 1), dt.date(2026, 1, 31)),
])
def test_end_of_next_month(today, expected):
    assert queries.end_of_next_month(today) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_date_values_round_trip(day):
    text = S.format_value(day, "date")
    assert dt.datetime.strptime(text, "%d/%m/%Y").date() == day


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=6))
def test_numbers_lose_their_padding(number, padding):
    assert S.format_value("0" * padding + str(number), "integer") == str(number)


@given(st.dictionaries(
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,15}", fullmatch=True),
    st.one_of(st.text(max_size=40), st.integers(-10**9, 10**9), st.booleans(),
              st.dates(min_value=dt.date(1900, 1, 1))),
    max_size=6,
).filter(lambda d: len({k.lower() for k in d}) == len(d)))
def test_build_then_parse_request_round_trip(values):
    """Parameter names are matched case-insensitively, so the names sent differ in more than case."""
    body = S.build_execute("Q", values, register=Register.CIVIL, office_code=MILANO)
    request = S.parse_request(body)
    assert request.name == "Q"
    for name, value in values.items():
        sent = S.typed_value(name, value)
        got = request.value(name)
        assert got is not None and got.type == sent.type
        # XML normalises line ends and drops characters it cannot carry
        assert got.text == S.escape_free(sent.text)

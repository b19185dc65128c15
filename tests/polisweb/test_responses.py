"""Parsing PolisWeb responses: every documented quirk, every fault, HTTP errors, robustness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.emulator import xml_out as X
from cliens_tk.polisweb.protocol import errors as E
from cliens_tk.polisweb.protocol import responses as R
from cliens_tk.polisweb.protocol.discovery import DescriptorCache, bind_values
from cliens_tk.polisweb.protocol.model import DeadlineKind, ServiceDescriptor, ServiceParam
from cliens_tk.polisweb.protocol.paging import needs_more_pages, page_count

FIXTURES = Path(__file__).parent / "fixtures"
MILANO = E.CallContext(office_code="0151460094", office_name="Tribunale di Milano",
                       register=Register.CIVIL, query="ArchivioFascicoli", gl="GLMI", service="JPW_SICID")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --- quirks -------------------------------------------------------------------------------------

def test_upper_case_names_padded_numbers_long_years_dates_with_milliseconds():
    page = R.parse_cases(fixture("cases_qbuilder_ns.xml"), MILANO, page_no=1, page_size=100)
    assert page.available == 2
    first = page.items[0]
    assert (first.number, first.year) == (1025, 2024)  # NUMERORUOLO 00001025, ANNORUOLO long
    assert first.role_number == "1025/2024"
    assert first.office_code == "0151460094"
    assert first.register is Register.CIVIL
    assert first.judge == "BIANCHI MARIO"
    assert first.section == "SEZIONE IV CIVILE"  # DESCSEZIONE preferred to the code
    assert first.subject.startswith("Appalto")
    assert first.rite == "Ordinario di cognizione"
    assert first.status == "PENDENTE"
    assert first.registered_on == dt.date(2024, 1, 15)
    assert first.last_hearing == dt.datetime(2024, 6, 12, 9, 30)
    assert first.next_hearing == dt.datetime(2025, 4, 3, 10, 0)
    assert first.modified_at == dt.datetime(2025, 2, 20, 16, 45, 12, 345000)
    assert first.plaintiff == "Edilnord S.r.l." and first.defendant == "Rossi Giulia"
    assert first.remote_id == "3001234"


def test_sub_rows_info_parte_are_parties():
    case = R.parse_cases(fixture("cases_qbuilder_ns.xml"), MILANO).items[0]
    assert [p.kind for p in case.parties] == ["ATTORE", "CONVENUTO"]
    assert case.parties[0].name == "Edilnord S.r.l."  # empty NOME is not glued on
    assert case.parties[1].name == "Rossi Giulia"
    assert case.parties[1].tax_code == "RSSGLU85M41F205X"
    assert case.parties[1].lawyer == "Avv. Laura Greco"


def test_empty_dates_are_none():
    second = R.parse_cases(fixture("cases_qbuilder_ns.xml"), MILANO).items[1]
    assert second.number == 7
    assert second.next_hearing is None  # <property .../>
    assert second.modified_at is None  # <property ...></property>
    assert second.judge == ""


def test_other_row_namespace_and_camel_case_names_and_nested_sub_rows():
    context = E.CallContext(office_code="0580910098", register=Register.LABOUR)
    page = R.parse_cases(fixture("cases_urn_ns_camelcase.xml"), context)
    case = page.items[0]
    assert (case.number, case.year, case.office_code) == (12345, 2022, "0580910098")
    assert case.status == "IN ISTRUTTORIA"
    assert case.register is Register.LABOUR
    assert [p.name for p in case.parties] == ["Verdi Anna", "INPS"]


def test_both_fixtures_parse_to_equal_shapes_whatever_the_namespace():
    rows_a = R.parse_execute(fixture("cases_qbuilder_ns.xml")).rows
    rows_b = R.parse_execute(fixture("cases_urn_ns_camelcase.xml")).rows
    assert "NUMERORUOLO" in rows_a[0].values and "NUMERORUOLO" in rows_b[0].values


def test_no_match_is_available_zero_without_rows():
    page = R.parse_cases(fixture("no_match.xml"), MILANO, page_no=1, page_size=100)
    assert page.available == 0 and page.items == [] and not page.has_more
    assert R.parse_case_profile(fixture("no_match.xml"), MILANO) is None


def test_paging_helper():
    page = R.parse_cases(fixture("paged_first_page.xml"), MILANO, page_no=1, page_size=2)
    assert page.available == 5 and len(page.items) == 2 and page.has_more
    assert needs_more_pages(5, 2, 2, 2)
    assert not needs_more_pages(5, 3, 2, 1)
    assert not needs_more_pages(5, 3, 2, 0)  # an empty page ends the loop whatever available says
    assert not needs_more_pages(0, 1, 100, 0)
    assert page_count(5, 2) == 3 and page_count(0, 100) == 1


def test_history_events():
    events = R.parse_history(fixture("history.xml"), MILANO)
    assert [e.code for e in events] == ["ISCR", "NCTU"]
    assert events[0].registered_at == dt.datetime(2024, 1, 16, 12, 31, 2, 120000)
    assert events[1].registered_at is None
    assert events[1].description.startswith("Nomina")


def test_deadlines_hearings_and_both_kind_spellings():
    page = R.parse_deadlines(fixture("deadlines.xml"), E.CallContext(office_code="0151460095",
                                                                     register=Register.PEACE))
    kinds = [d.kind for d in page.items]
    assert kinds == [DeadlineKind.HEARING, DeadlineKind.DEADLINE, DeadlineKind.HEARING]
    first = page.items[0]
    assert (first.number, first.year, first.office_code, first.register) == (1025, 2024, "0151460095", "GDP")
    assert first.when == dt.datetime(2025, 4, 3, 10, 0)
    assert first.remote_id == "70000001"
    assert page.items[1].number is None and page.items[1].office_code == "0151460095"


def test_service_names_and_descriptors_in_both_shapes():
    assert R.parse_service_names(fixture("service_names.xml")) == ["TestWS", "RicercaScadenze", "ProfiloFascicolo"]
    descriptor = R.parse_service_descriptor(fixture("service_descriptor.xml"))
    assert descriptor.name == "RicercaInformazioniFascicoloPerTipo"
    assert descriptor.row_class == "InfoFascicoloExt"
    assert [p.name for p in descriptor.params] == ["IDUFFICIO", "tipo", "numero", "anno"]
    assert descriptor.param("idUfficio").name == "IDUFFICIO"
    attrs = R.parse_service_descriptor(fixture("service_descriptor_attributes.xml"))
    assert attrs.name == "RicercaScadenze" and attrs.row_class == "InfoScadenze"
    assert [p.type for p in attrs.params] == ["string", "string", "string"]
    row_class = R.parse_row_class_descriptor(fixture("row_class_descriptor.xml"))
    assert row_class.name == "InfoParte"
    assert [p.name for p in row_class.properties] == ["cognome", "codiceFiscaleParte"]


# --- faults -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, error_type, words", [
    ("not_allowed", E.NotAllowedError, "non consente"),
    ("wrong_type", E.WrongValueTypeError, "tipo errato"),
    ("unsupported_type", E.UnsupportedValueTypeError, "non riconosce il tipo"),
    ("parameter_not_resolved", E.ParameterNotResolvedError, "Manca un parametro"),
    ("missing_role_param", E.ParameterNotResolvedError, "idRuoloJPW"),
    ("service_not_found", E.ServiceNotFoundError, "non è disponibile"),
    ("cursor", E.CursorError, "apertura cursore"),
    ("missing_tax_code", E.MissingTaxCodeError, "codice fiscale"),
    ("unknown", E.UnknownFaultError, "NullPointerException"),
])
def test_every_fault_becomes_its_italian_error_naming_office_and_register(name, error_type, words):
    body = fixture(f"fault_{name}.xml")
    with pytest.raises(error_type) as caught:
        R.parse_execute(body, MILANO)
    message = str(caught.value)
    assert "Tribunale di Milano (0151460094)" in message
    assert "Civile contenzioso" in message
    assert words in message
    assert caught.value.message == message
    # the same fault arriving as SOAP 1.1 does (HTTP 500) maps the same way
    assert type(R.error_for_http(500, body, MILANO)) is error_type


def test_service_not_found_names_the_query_from_the_fault():
    error = R.error_for_http(500, fixture("fault_service_not_found.xml"), E.CallContext(office_code="1"))
    assert "ArchivioFascicoliX" in error.message


def test_cursor_and_server_errors_are_retryable():
    assert R.error_for_http(500, fixture("fault_cursor.xml")).retryable
    assert R.error_for_http(503, b"<html>down</html>").retryable
    assert not R.error_for_http(500, fixture("fault_not_allowed.xml")).retryable


@pytest.mark.parametrize("status, body, error_type", [
    (401, "http_401.html", E.AuthenticationError),
    (403, "http_403.html", E.ForbiddenError),
    (404, "http_404.html", E.EndpointNotFoundError),
    (500, None, E.ServerError),
    (502, None, E.ServerError),
    (503, None, E.ServerError),
    (418, None, E.HttpStatusError),
])
def test_http_status_mapping(status, body, error_type):
    data = fixture(body) if body else b"<html><body>Errore</body></html>"
    error = R.error_for_http(status, data, MILANO)
    assert type(error) is error_type
    assert error.status == status
    assert "Tribunale di Milano" in error.message and "Civile contenzioso" in error.message
    assert str(status) in error.message
    with pytest.raises(error_type):
        R.raise_for_http(status, data, MILANO)


def test_http_200_is_no_error():
    assert R.error_for_http(200, b"", MILANO) is None
    R.raise_for_http(200, fixture("no_match.xml"), MILANO)


def test_messages_without_context_still_read_well():
    error = E.CursorError()
    assert "ufficio non indicato" in error.message and "non indicato" in error.message


# --- unreadable bodies ----------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    fixture("malformed_truncated.xml"),
    fixture("entity_expansion.xml"),
    b"",
    b"   ",
    b"<html><body>Service Unavailable</body></html>",
    b"<?xml version='1.0'?><soapenv:Envelope xmlns:soapenv='http://schemas.xmlsoap.org/soap/envelope/'/>",
    b"\xff\xfe\x00<",
])
def test_unreadable_bodies_raise_malformed(body):
    with pytest.raises(E.MalformedResponseError):
        R.parse_execute(body, MILANO)


def test_size_limit():
    body = X.execute_response("urn:CONS-SICC-BE", [X.OutRow("X").add("DESCOGGETTO", "x" * 5000)], 1, 1, 0)
    with pytest.raises(E.ResponseTooLargeError) as caught:
        R.parse_execute(body, MILANO, max_bytes=1000)
    assert "troppo grande" in caught.value.message
    assert R.parse_execute(body, MILANO, max_bytes=10_000).rows[0].get("descoggetto") == "x" * 5000


@pytest.mark.parametrize("field, value", [
    ("NUMERORUOLO", "12A"), ("ANNORUOLO", "duemila"), ("DATAULTIMAMODIFICA", "31/02/2024 10:00:00.000"),
    ("DATAISCRIZIONE", "ieri"),
])
def test_bad_values_raise_malformed_naming_the_field(field, value):
    row = X.OutRow("InfoFascicoloExt").add("NUMERORUOLO", "00000001").add("ANNORUOLO", "2024")
    row.properties = [p for p in row.properties if p[0] != field] + [(field, "string", value)]
    body = X.execute_response("urn:CONS-SICC-BE", [row], 1, 1, 0)
    with pytest.raises(E.MalformedResponseError) as caught:
        R.parse_cases(body, MILANO)
    assert field in caught.value.message


def test_case_without_role_number_is_malformed():
    body = X.execute_response("urn:CONS-SICC-BE", [X.OutRow("InfoFascicoloExt").add("GIUDICE", "X")], 1, 1, 0)
    with pytest.raises(E.MalformedResponseError):
        R.parse_cases(body, MILANO)


@pytest.mark.parametrize("text, expected", [
    ("03/04/2025 10:00:00.000", dt.datetime(2025, 4, 3, 10, 0)),
    ("03/04/2025 10:00:00", dt.datetime(2025, 4, 3, 10, 0)),
    ("03/04/2025 10:00", dt.datetime(2025, 4, 3, 10, 0)),
    ("03/04/2025", dt.datetime(2025, 4, 3)),
    ("2025-04-03T10:00:00", dt.datetime(2025, 4, 3, 10, 0)),
    ("", None), (None, None), ("   ", None),
])
def test_date_formats(text, expected):
    assert R.parse_datetime(text) == expected


# --- discovery -------------------------------------------------------------------------------------

def test_descriptor_cache_is_keyed_per_gl_service_query():
    cache = DescriptorCache()
    calls = []

    def fetch():
        calls.append(1)
        return ServiceDescriptor("Q", (ServiceParam("x", "string"),), "Row")

    first = cache.get_or_fetch("GLMI", "JPW_SICID", "RicercaScadenze", fetch)
    again = cache.get_or_fetch("glmi", "jpw_sicid", "ricercascadenze", fetch)
    assert first is again and len(calls) == 1
    cache.get_or_fetch("GLRM", "JPW_SICID", "RicercaScadenze", fetch)
    cache.get_or_fetch("GLMI", "JPW_SIGP", "RicercaScadenze", fetch)
    assert len(calls) == 3 and len(cache) == 3
    cache.clear()
    assert cache.get("GLMI", "JPW_SICID", "RicercaScadenze") is None


def test_bind_values_uses_server_spelling_and_declared_types():
    descriptor = R.parse_service_descriptor(fixture("service_descriptor.xml"))
    values = bind_values(descriptor, {"idUfficio": "0151460094", "tipo": "RGN", "numero": "0001025",
                                      "anno": 2024, "pageSize": None, "extra": 1}, optional=("extra",))
    assert [(v.name, v.type, v.text) for v in values] == [
        ("IDUFFICIO", "string", "0151460094"), ("tipo", "string", "RGN"),
        ("numero", "long", "1025"), ("anno", "integer", "2024")]
    with pytest.raises(E.ProtocolMismatchError) as caught:
        bind_values(descriptor, {"dataModificaDa": dt.date(2025, 1, 1)}, context=MILANO)
    assert "dataModificaDa" in caught.value.message and "Tribunale di Milano" in caught.value.message
    with pytest.raises(E.ProtocolMismatchError):
        bind_values(descriptor, {"numero": "abc"})
    kept = bind_values(descriptor, {"idRuoloJPW": "CTU"})
    assert kept[0].name == "idRuoloJPW"


# --- properties ------------------------------------------------------------------------------------

_ANY_ERRORS = (E.PolisWebError,)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_parser_never_crashes_on_random_bytes(data):
    for parse in (R.parse_execute, R.parse_cases, R.parse_deadlines, R.parse_history,
                  R.parse_service_names, R.parse_service_descriptor, R.parse_row_class_descriptor):
        try:
            parse(data, MILANO)
        except _ANY_ERRORS:
            pass


_names = st.sampled_from(["NUMERORUOLO", "ANNORUOLO", "DATAULTIMAMODIFICA", "IDUFFICIO", "TIPOSCADENZA",
                          "DATASCADENZA", "COGNOME", "x", ""])
_texts = st.one_of(st.text(max_size=30), st.sampled_from(["00001025", "2024", "03/04/2025 10:00:00.000", ""]))


@st.composite
def soapish(draw):
    """XML that looks like a response: the structure right, the contents random."""
    props = "".join(
        f'<property name="{draw(_names)}" type="{draw(st.sampled_from(["string", "long", "date", "", "zz"]))}">'
        f'{X.escape_text(draw(_texts))}</property>'
        for _ in range(draw(st.integers(0, 5)))
    )
    nested = draw(st.sampled_from(["", f'<subRows class="InfoParte">{props}</subRows>',
                                   f'<subRows><row>{props}</row></subRows>']))
    rows = "".join(f'<row class="{draw(st.sampled_from(["InfoFascicoloExt", "InfoScadenze", ""]))}">{props}{nested}</row>'
                   for _ in range(draw(st.integers(0, 3))))
    available = draw(st.sampled_from(["", "0", "3", "-1", "x", "99999999999999999999"]))
    ns = draw(st.sampled_from(["", ' xmlns="urn:qbuilder-types"']))
    return (f'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body>'
            f'<executeResponse><return available="{available}"{ns}>{rows}</return></executeResponse>'
            f'</e:Body></e:Envelope>').encode()


@settings(max_examples=300, deadline=None)
@given(soapish())
def test_parser_never_crashes_on_response_shaped_input(data):
    for parse in (R.parse_execute, R.parse_cases, R.parse_deadlines, R.parse_history, R.parse_case_profile):
        try:
            parse(data, MILANO)
        except _ANY_ERRORS:
            pass


_safe_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(str.strip)


@settings(max_examples=150, deadline=None)
@given(
    number=st.integers(1, 99_999_999), year=st.integers(1950, 2100),
    judge=_safe_text, status=_safe_text,
    modified=st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    next_hearing=st.one_of(st.none(), st.datetimes(min_value=dt.datetime(1950, 1, 1),
                                                   max_value=dt.datetime(2100, 1, 1))),
    variant=st.integers(0, 1),
)
def test_written_cases_read_back_the_same(number, year, judge, status, modified, next_hearing, variant):
    row = (X.OutRow("InfoFascicoloExt").add("NUMERORUOLO", X.padded_number(number))
           .add("ANNORUOLO", year, "long").add("GIUDICE", judge).add("DESCSTATO", status)
           .add("DATAULTIMAMODIFICA", modified, "date").add("DATAPROSSIMAUDIENZA", next_hearing, "date"))
    body = X.execute_response("urn:CONS-SICC-BE", [row], 1, 1, variant, X.domain_header("CTU", "1", variant))
    case = R.parse_cases(body, MILANO).items[0]
    assert (case.number, case.year, case.judge, case.status) == (number, year, judge, status)
    assert case.modified_at == modified.replace(microsecond=modified.microsecond // 1000 * 1000)
    expected_next = next_hearing.replace(microsecond=next_hearing.microsecond // 1000 * 1000) if next_hearing else None
    assert case.next_hearing == expected_next

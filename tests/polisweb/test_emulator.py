"""The access-point emulator over real HTTPS, driven with plain ``requests`` and our parsers."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import stat
import threading
import time

import pytest
import requests

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.emulator import DEMO_TAX_CODE, Emulator
from cliens_tk.polisweb.emulator import cli as emulator_cli
from cliens_tk.polisweb.protocol import assumptions as A
from cliens_tk.polisweb.protocol import catalogue as C
from cliens_tk.polisweb.protocol import errors as E
from cliens_tk.polisweb.protocol import queries as Q
from cliens_tk.polisweb.protocol import responses as R
from cliens_tk.polisweb.protocol import soap_requests as S
from cliens_tk.polisweb.protocol.discovery import DescriptorCache, bind_values
from cliens_tk.security import pki

NOW = dt.datetime(2025, 3, 10, 9, 0)
MILANO, GDP_MILANO, ROMA, BERGAMO = "0151460094", "0151460095", "0580910098", "0160240094"
GL = {MILANO: "GLMI", GDP_MILANO: "GLMI", ROMA: "GLRM", BERGAMO: "GLBS", "1080330094": "GLMI"}


@pytest.fixture(scope="module")
def state_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("emulator-state")


@pytest.fixture(scope="module")
def emulator(state_dir):
    with Emulator(state_dir, seed=7, cases=80, now=NOW) as em:
        yield em


def session_for(em: Emulator, cert: bool = True) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # this machine sets REQUESTS_CA_BUNDLE
    session.verify = str(em.ca_file)
    if cert:
        session.cert = (str(em.client_cert_file), str(em.client_key_file))
    return session


class Client:
    """A minimal client: the protocol layer plus requests (the real transport is elsewhere)."""

    def __init__(self, em: Emulator, session: requests.Session | None = None):
        self.em = em
        self.session = session or session_for(em)
        self.endpoint = S.Endpoint(base_url=em.base_url)

    def post(self, office: str, register: Register, body: bytes, tax_code: str | None = DEMO_TAX_CODE,
             headers: dict | None = None, service: str | None = None) -> requests.Response:
        url = self.endpoint.url(GL[office], register) if service is None else \
            S.consultation_url(GL[office], service, self.em.base_url)
        all_headers = S.http_headers(tax_code or "")
        if tax_code is None:
            del all_headers["X-WASP-User"]
        all_headers.update(headers or {})
        return self.session.post(url, data=body, headers=all_headers, timeout=30)

    def execute(self, office: str, register: Register, query: str, values, **kw) -> requests.Response:
        body = S.build_execute(query, values, register=register, office_code=office)
        return self.post(office, register, body, **kw)

    def ok(self, response: requests.Response, office: str, register: Register, query: str = "") -> bytes:
        R.raise_for_http(response.status_code, response.content, E.CallContext(office, register=register, query=query))
        return response.content


def cases_in_truth(truth, office, register, start_year=0):
    return sorted((c for c in truth["cases"] if c["office_code"] == office and c["register"] == register.value
                   and c["year"] >= start_year), key=lambda c: (c["year"], c["number"]))


def download_cases(client: Client, office: str, register: Register, start_year: int, page_size: int = 7,
                   modified_since: dt.date | None = None):
    """Page through ArchivioFascicoli as the download engine will."""
    items, page_no, pages = [], A.FIRST_PAGE, 0
    while True:
        values = Q.cases_values(office, register, start_year, page_no, page_size, modified_since)
        body = client.ok(client.execute(office, register, Q.CASES, values), office, register)
        page = R.parse_cases(body, E.CallContext(office, register=register), page_no, page_size)
        items += page.items
        pages += 1
        if not page.has_more:
            return items, pages
        page_no += 1


# --- TLS and identity -------------------------------------------------------------------------

def test_state_folder_holds_ca_server_and_demo_client_with_private_keys(emulator, state_dir):
    for name in ("ca.pem", "server.pem", "client-demo.pem"):
        assert (state_dir / name).exists()
    for name in ("ca-key.pem", "server-key.pem", "client-demo-key.pem", "otp.json"):
        assert stat.S_IMODE(os.stat(state_dir / name).st_mode) == 0o600
    cert = pki.load_issued(emulator.client_cert_file).certificate
    assert pki.tax_code_of(cert) == DEMO_TAX_CODE
    ca_before = (state_dir / "ca.pem").read_bytes()
    Emulator(state_dir, seed=1, cases=1, now=NOW)  # a second instance reuses the same PKI
    assert (state_dir / "ca.pem").read_bytes() == ca_before


def test_test_ws_over_mutual_tls(emulator):
    client = Client(emulator)
    body = client.ok(client.execute(MILANO, Register.CIVIL, Q.TEST, {}), MILANO, Register.CIVIL)
    row = R.parse_execute(body).rows[0]
    assert row.get("esito") == "OK" and row.get("UTENTE") == DEMO_TAX_CODE
    host, port = emulator.address
    assert host == "127.0.0.1" and port > 0


def test_no_client_certificate_is_refused(emulator):
    session = session_for(emulator, cert=False)
    try:
        response = Client(emulator, session).execute(MILANO, Register.CIVIL, Q.TEST, {})
    except requests.exceptions.RequestException:
        return  # refused by TLS
    assert response.status_code in (401, 403)


def test_certificate_of_another_ca_is_refused(emulator, tmp_path):
    other_ca = pki.create_ca("someone else")
    stranger = pki.issue_client_cert(other_ca, DEMO_TAX_CODE)
    pki.save_issued(stranger, tmp_path / "c.pem", tmp_path / "k.pem")
    session = session_for(emulator, cert=False)
    session.cert = (str(tmp_path / "c.pem"), str(tmp_path / "k.pem"))
    try:
        response = Client(emulator, session).execute(MILANO, Register.CIVIL, Q.TEST, {})
    except requests.exceptions.RequestException:
        return  # refused by TLS
    assert response.status_code in (401, 403)


def test_optional_certificate_mode_answers_401_html(state_dir):
    with Emulator(state_dir, seed=1, cases=5, now=NOW, client_cert="optional") as em:
        response = Client(em, session_for(em, cert=False)).execute(MILANO, Register.CIVIL, Q.TEST, {})
        assert response.status_code == 401 and "text/html" in response.headers["Content-Type"]
        assert isinstance(R.error_for_http(response.status_code, response.content), E.AuthenticationError)
        ok = Client(em).execute(MILANO, Register.CIVIL, Q.TEST, {})
        assert ok.status_code == 200


def test_user_not_enabled_gets_403_html(emulator):
    cert, key = emulator.credentials.issue_client("BNCLRA70A41F205Z", "notenabled")
    session = session_for(emulator, cert=False)
    session.cert = (str(cert), str(key))
    response = Client(emulator, session).execute(MILANO, Register.CIVIL, Q.TEST, {}, tax_code="BNCLRA70A41F205Z")
    assert response.status_code == 403 and response.text.lstrip().lower().startswith("<!doctype html")
    assert isinstance(R.error_for_http(403, response.content), E.ForbiddenError)


def test_missing_x_wasp_user_is_the_codicefiscale_fault(emulator):
    client = Client(emulator)
    response = client.execute(MILANO, Register.CIVIL, Q.TEST, {}, tax_code=None)
    assert response.status_code == 500
    with pytest.raises(E.MissingTaxCodeError):
        client.ok(response, MILANO, Register.CIVIL)


def test_x_wasp_user_must_match_the_certificate(emulator):
    client = Client(emulator)
    response = client.execute(MILANO, Register.CIVIL, Q.TEST, {}, tax_code="VRDLCU80A01F205X")
    with pytest.raises(E.NotAllowedError) as caught:
        client.ok(response, MILANO, Register.CIVIL)
    assert "VRDLCU80A01F205X" in caught.value.detail


# --- paths and InvocationDomain -------------------------------------------------------------------

def test_unknown_gl_or_service_is_404_html(emulator):
    session = session_for(emulator)
    body = S.build_execute(Q.TEST, {}, register=Register.CIVIL, office_code=MILANO)
    headers = S.http_headers(DEMO_TAX_CODE)
    for url in (S.consultation_url("GLXX", "JPW_SICID", emulator.base_url),
                S.consultation_url("GLMI", "JPW_NOPE", emulator.base_url),
                emulator.base_url + "/pda/altro"):
        response = session.post(url, data=body, headers=headers)
        assert response.status_code == 404 and "html" in response.headers["Content-Type"]
        assert isinstance(R.error_for_http(404, response.content), E.EndpointNotFoundError)


@pytest.mark.parametrize("role, group, gl", [
    ("CTU", ROMA, "GLMI"),          # an office of another district
    ("CTU", "9999999999", "GLMI"),  # no such office
    ("AVV", MILANO, "GLMI"),        # a role this user does not have
    ("JPW", "jpwusers", "GLMI"),    # the catalog identity cannot execute
])
def test_execute_checks_the_invocation_domain(emulator, role, group, gl):
    body = S.build_execute(Q.TEST, {}, register=Register.CIVIL, office_code=group, role=role)
    response = session_for(emulator).post(S.consultation_url(gl, "JPW_SICID", emulator.base_url), data=body,
                                          headers=S.http_headers(DEMO_TAX_CODE))
    with pytest.raises(E.NotAllowedError):
        R.raise_for_http(response.status_code, response.content)


def test_giudice_di_pace_office_is_not_served_by_sicid(emulator):
    client = Client(emulator)
    response = client.execute(GDP_MILANO, Register.CIVIL, Q.TEST, {})
    with pytest.raises(E.NotAllowedError):
        client.ok(response, GDP_MILANO, Register.CIVIL)
    assert client.execute(GDP_MILANO, Register.PEACE, Q.TEST, {}).status_code == 200


def test_missing_invocation_domain_is_a_fault(emulator):
    body = S.envelope('<ns:execute xmlns:ns="urn:CONS-SICC-BE"><name>TestWS</name><valueSet/></ns:execute>')
    response = Client(emulator).post(MILANO, Register.CIVIL, body)
    with pytest.raises(E.UnknownFaultError):
        R.raise_for_http(response.status_code, response.content)


def test_siecic_without_id_ruolo_jpw(emulator):
    body = S.build_execute(Q.CASES, Q.cases_values(MILANO, Register.ENFORCEMENT_REAL, 2019),
                           register=Register.ENFORCEMENT_REAL, office_code=MILANO)
    stripped = body.replace(b'<value name="idRuoloJPW" type="string">CTU</value>', b"")
    assert stripped != body
    client = Client(emulator)
    with pytest.raises(E.ParameterNotResolvedError) as caught:
        client.ok(client.post(MILANO, Register.ENFORCEMENT_REAL, stripped), MILANO, Register.ENFORCEMENT_REAL)
    assert "idRuoloJPW" in caught.value.detail
    assert client.post(MILANO, Register.ENFORCEMENT_REAL, body).status_code == 200


@pytest.mark.parametrize("mutate, error_type", [
    (lambda b: b.replace(b'name="anno" type="integer"', b'name="anno" type="string"'), E.WrongValueTypeError),
    (lambda b: b.replace(b'name="tipo" type="string"', b'name="tipo" type="stri"'), E.UnsupportedValueTypeError),
    (lambda b: b.replace(b'<value name="tipo" type="string">RGN</value>', b""), E.ParameterNotResolvedError),
    (lambda b: b.replace(b"<name>RicercaInformazioniFascicoloPerTipo</name>", b"<name>Inesistente</name>"),
     E.ServiceNotFoundError),
])
def test_parameter_faults(emulator, mutate, error_type):
    body = S.build_execute(Q.CASE_LOOKUP, Q.lookup_values(MILANO, Register.CIVIL, 1, 2024),
                           register=Register.CIVIL, office_code=MILANO)
    client = Client(emulator)
    response = client.post(MILANO, Register.CIVIL, mutate(body))
    with pytest.raises(error_type) as caught:
        client.ok(response, MILANO, Register.CIVIL, Q.CASE_LOOKUP)
    assert "0151460094" in caught.value.message and "Civile contenzioso" in caught.value.message


# --- catalog calls and discovery -------------------------------------------------------------------

def test_service_names_descriptor_and_discovery(emulator):
    client = Client(emulator)
    names = R.parse_service_names(client.ok(client.post(MILANO, Register.CIVIL,
                                                        S.build_get_service_names(Register.CIVIL)), MILANO, Register.CIVIL))
    for query in (Q.TEST, Q.CASES, Q.CASE_PROFILE, Q.CASE_HISTORY, Q.DEADLINES, Q.CASE_LOOKUP, Q.AGENDA):
        assert query in names
    cache = DescriptorCache()
    fetches = []

    def fetch():
        fetches.append(1)
        body = S.build_get_service_descriptor(Q.CASES, Register.ENFORCEMENT_REAL)
        return R.parse_service_descriptor(client.ok(client.post(MILANO, Register.ENFORCEMENT_REAL, body),
                                                    MILANO, Register.ENFORCEMENT_REAL))

    descriptor = cache.get_or_fetch("GLMI", "JPW_SIECIC", Q.CASES, fetch)
    cache.get_or_fetch("GLMI", "JPW_SIECIC", Q.CASES, fetch)
    assert len(fetches) == 1
    assert descriptor.row_class == Q.ROW_CASE
    assert descriptor.param("idRuoloJPW") is not None  # SIECIC wants it
    values = bind_values(descriptor, Q.cases_values(MILANO, Register.ENFORCEMENT_REAL, 2019) | {"idRuoloJPW": "CTU"},
                         optional=Q.OPTIONAL_PARAMS)
    body = client.ok(client.execute(MILANO, Register.ENFORCEMENT_REAL, Q.CASES, values), MILANO,
                     Register.ENFORCEMENT_REAL)
    assert R.parse_cases(body).available == len(cases_in_truth(emulator.truth(), MILANO, Register.ENFORCEMENT_REAL, 2019))
    row_class = R.parse_row_class_descriptor(client.ok(client.post(
        MILANO, Register.CIVIL, S.build_get_row_class_descriptor(Q.ROW_CASE, Register.CIVIL)), MILANO, Register.CIVIL))
    assert "numeroRuolo" in [p.name for p in row_class.properties]  # catalogs are camelCase...


def test_responses_show_the_real_quirks(emulator):
    client = Client(emulator)
    bodies = [client.execute(MILANO, Register.CIVIL, Q.CASES, Q.cases_values(MILANO, Register.CIVIL, 2019, 1, 2)).content
              for _ in range(2)]
    joined = b"".join(bodies)
    assert b"http://www.netserv.it/QBuilder/types" in joined and b"urn:qbuilder-types" in joined
    assert b"<sec:invocationDomain" in joined and b"<sec:InvocationDomain" in joined
    assert b'name="NUMERORUOLO" type="string">000' in joined  # ...responses UPPER-CASE and padded
    assert b'name="ANNORUOLO" type="long"' in joined
    assert re.search(rb'type="date">\d\d/\d\d/\d{4} \d\d:\d\d:\d\d\.\d{3}<', joined)
    assert R.parse_cases(bodies[0]).items == R.parse_cases(bodies[1]).items


def test_no_match_is_available_zero(emulator):
    client = Client(emulator)
    response = client.execute(MILANO, Register.CIVIL, Q.CASE_LOOKUP, Q.lookup_values(MILANO, Register.CIVIL, 99_999, 1990))
    assert response.status_code == 200 and b'available="0"' in response.content
    assert R.parse_cases(response.content).items == []


def test_padded_number_finds_nothing_unpadded_finds_the_case(emulator):
    case = cases_in_truth(emulator.truth(), MILANO, Register.CIVIL)[0]
    client = Client(emulator)
    padded = [S.Value("idUfficio", MILANO), S.Value("tipo", "RGN"), S.Value("numero", f"{case['number']:08d}", "integer"),
              S.Value("anno", str(case["year"]), "integer")]
    assert R.parse_cases(client.execute(MILANO, Register.CIVIL, Q.CASE_LOOKUP, padded).content).available == 0
    good = Q.lookup_values(MILANO, Register.CIVIL, case["number"], case["year"])
    found = R.parse_cases(client.execute(MILANO, Register.CIVIL, Q.CASE_LOOKUP, good).content).items
    assert [(c.number, c.year) for c in found] == [(case["number"], case["year"])]


# --- data: paging and truth -----------------------------------------------------------------------

def test_paging_lists_exactly_the_cases_since_the_year(emulator):
    truth = emulator.truth()
    client = Client(emulator)
    for office, register in ((MILANO, Register.CIVIL), (GDP_MILANO, Register.PEACE), (BERGAMO, Register.CIVIL)):
        expected = cases_in_truth(truth, office, register, 2021)
        items, pages = download_cases(client, office, register, 2021, page_size=4)
        assert [(c.number, c.year) for c in items] == [(c["number"], c["year"]) for c in expected]
        assert pages == max(1, -(-len(expected) // 4))
        assert all(c.office_code == office for c in items)


def test_order_by_descending(emulator):
    client = Client(emulator)
    body = S.build_execute(Q.CASES, Q.cases_values(MILANO, Register.CIVIL, 2000, 1, 100), register=Register.CIVIL,
                           office_code=MILANO, order_by=S.OrderBy("ANNORUOLO, NUMERORUOLO", "desc"))
    items = R.parse_cases(client.ok(client.post(MILANO, Register.CIVIL, body), MILANO, Register.CIVIL)).items
    keys = [(c.year, c.number) for c in items]
    assert keys == sorted(keys, reverse=True) and len(keys) > 1


def test_truth_matches_profile_history_and_deadlines(emulator):
    truth = emulator.truth()
    json.dumps(truth)  # JSON-able
    client = Client(emulator)
    checked = 0
    for case in truth["cases"][:12]:
        office, register = case["office_code"], Register(case["register"])
        context = E.CallContext(office, register=register)
        profile = R.parse_case_profile(client.ok(client.execute(
            office, register, Q.CASE_PROFILE, Q.profile_values(office, register, case["number"], case["year"])),
            office, register), context)
        assert profile.remote_id == str(case["id"])
        assert (profile.judge, profile.status, profile.subject, profile.section) == \
               (case["judge"], case["status"], case["subject"], case["section"])
        assert profile.registered_on.isoformat() == case["registered_on"]
        assert (profile.next_hearing.isoformat() if profile.next_hearing else None) == case["next_hearing"]
        assert (profile.last_hearing.isoformat() if profile.last_hearing else None) == case["last_hearing"]
        assert profile.modified_at.isoformat() == case["modified_at"]
        assert [(p.name, p.kind, p.tax_code, p.lawyer) for p in profile.parties] == \
               [(p["name"], p["kind"], p["tax_code"], p["lawyer"]) for p in case["parties"]]
        assert (profile.plaintiff, profile.defendant) == (case["plaintiff"], case["defendant"])
        history = R.parse_history(client.execute(office, register, Q.CASE_HISTORY,
                                                 Q.case_values(office, register, case["number"], case["year"])).content)
        assert [(e.code, e.when.isoformat()) for e in history] == [(e["code"], e["when"]) for e in case["events"]]
        items = R.parse_deadlines(client.execute(office, register, Q.DEADLINES, Q.deadlines_values(
            office, register, number=case["number"], year=case["year"])).content).items
        assert [(d.remote_id, d.kind.value, d.when.isoformat(), d.description) for d in items] == \
               [(str(i["id"]), i["kind"], i["when"], i["description"]) for i in case["items"]]
        checked += 1
    assert checked == 12


def test_deadline_filters_and_date_range(emulator):
    truth = emulator.truth()
    client = Client(emulator)
    start, end = NOW.date(), Q.end_of_next_month(NOW.date())
    for kind, kinds in (("U", {"udienza"}), ("S", {"scadenza"}), ("", {"udienza", "scadenza"})):
        got = []
        page_no = 1
        while True:
            values = Q.deadlines_values(MILANO, Register.CIVIL, start, end, kind, page_no=page_no, page_size=5)
            page = R.parse_deadlines(client.execute(MILANO, Register.CIVIL, Q.DEADLINES, values).content,
                                     page_no=page_no, page_size=5)
            got += page.items
            if not page.has_more:
                break
            page_no += 1
        expected = sorted(
            (i["when"], i["id"]) for c in cases_in_truth(truth, MILANO, Register.CIVIL) for i in c["items"]
            if i["kind"] in kinds and start.isoformat() <= i["when"][:10] <= end.isoformat())
        assert [(d.when.isoformat(), int(d.remote_id)) for d in got] == expected
        assert {d.kind.value for d in got} <= kinds
    agenda = R.parse_deadlines(client.execute(MILANO, Register.CIVIL, Q.AGENDA,
                                              Q.agenda_values(MILANO, Register.CIVIL, start, end)).content)
    assert agenda.available == len(expected)


def test_seeded_data_is_realistic_and_deterministic(emulator, state_dir):
    truth = emulator.truth()
    assert len(truth["cases"]) == 80
    assert len({(c["office_code"], c["register"]) for c in truth["cases"]}) >= 5
    assert len({c["year"] for c in truth["cases"]}) >= 4
    items = [i for c in truth["cases"] for i in c["items"]]
    assert any(i["when"] > truth["now"] for i in items) and any(i["when"] < truth["now"] for i in items)
    assert all(c["parties"] and c["judge"] and c["events"] for c in truth["cases"])
    again = Emulator(state_dir, seed=7, cases=80, now=NOW).truth()
    assert again == truth
    assert Emulator(state_dir, seed=8, cases=80, now=NOW).truth() != truth


def test_labour_through_the_alternative_sil_path(emulator):
    client = Client(emulator)
    body = S.build_execute(Q.CASES, Q.cases_values(MILANO, Register.LABOUR, 2000), register=Register.LABOUR,
                           office_code=MILANO)
    via_sicid = R.parse_cases(client.post(MILANO, Register.LABOUR, body).content).items
    via_sil = R.parse_cases(client.post(MILANO, Register.LABOUR, body, service="JPW_SIL").content).items
    assert via_sicid == via_sil and via_sil


# --- clock and changes -------------------------------------------------------------------------------

def test_clock_advance_and_changes_update_modification_dates(state_dir):
    with Emulator(state_dir, seed=11, cases=60, now=NOW) as em:
        client = Client(em)
        before = {c["id"]: c for c in em.truth()["cases"]}
        new_now = em.advance_clock(days=3)
        assert new_now == NOW + dt.timedelta(days=3) and em.now == new_now
        changes = em.change_cases(8)
        assert len(changes) == 8
        assert {c["change"] for c in changes} >= {"new_hearing", "status"}
        after = {c["id"]: c for c in em.truth()["cases"]}
        changed_ids = {c["case_id"] for c in changes}
        for case_id in changed_ids:
            assert after[case_id]["modified_at"] == new_now.isoformat()
            assert before[case_id]["modified_at"] < new_now.isoformat()
        assert all(after[i]["modified_at"] == before[i]["modified_at"] for i in before if i not in changed_ids)
        # an incremental download: the cases modified since the previous download are exactly the changed ones
        found = set()
        for office, register in {(c["office_code"], Register(c["register"])) for c in after.values()}:
            assert office in GL
            items, _pages = download_cases(client, office, register, 2000, 50, modified_since=NOW.date())
            found |= {int(c.remote_id) for c in items}
            assert all(c.modified_at >= NOW for c in items)
        assert found == changed_ids
        # and each change shows in the hearings the server returns
        for change in changes:
            office, register = change["office_code"], Register(change["register"])
            items = R.parse_deadlines(client.execute(office, register, Q.DEADLINES, Q.deadlines_values(
                office, register, kind="U", number=change["number"], year=change["year"])).content).items
            by_id = {int(d.remote_id): d for d in items}
            if change["change"] == "new_hearing":
                assert by_id[change["hearing_id"]].when.isoformat() == change["when"]
            elif change["change"] == "moved_hearing":
                assert by_id[change["hearing_id"]].when.isoformat() == change["when"] != change["old_when"]
            elif change["change"] == "removed_hearing":
                assert change["hearing_id"] not in by_id
            else:
                profile = R.parse_case_profile(client.execute(office, register, Q.CASE_PROFILE, Q.profile_values(
                    office, register, change["number"], change["year"])).content)
                assert profile.status == change["status"] != change["old_status"]


# --- OTP ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def otp_emulator(state_dir):
    with Emulator(state_dir, seed=3, cases=10, now=NOW, otp=True) as em:
        yield em


def otp_headers(em: Emulator, code: str | None = None, password: str | None = None) -> dict:
    return {A.OTP_USER_HEADER: em.otp_account.user,
            A.OTP_PASSWORD_HEADER: password or em.otp_account.password,
            A.OTP_CODE_HEADER: code or em.current_otp()}


def test_otp_headers_good_and_bad(otp_emulator):
    em = otp_emulator
    client = Client(em, session_for(em, cert=False))
    good = client.execute(MILANO, Register.CIVIL, Q.TEST, {}, headers=otp_headers(em))
    assert good.status_code == 200
    wrong_code = f"{(int(em.current_otp()) + 500_000) % 1_000_000:06d}"
    for headers in (otp_headers(em, code=wrong_code), otp_headers(em, password="sbagliata"), {}):
        response = client.execute(MILANO, Register.CIVIL, Q.TEST, {}, headers=headers)
        assert response.status_code == 401
        assert isinstance(R.error_for_http(401, response.content), E.AuthenticationError)


def test_otp_login_session(otp_emulator):
    em = otp_emulator
    session = session_for(em, cert=False)
    login = session.post(em.base_url + A.OTP_LOGIN_PATH, headers=otp_headers(em))
    assert login.status_code == 200
    token = login.json()["session"]
    assert login.json()["expires_in"] == A.OTP_SESSION_SECONDS
    client = Client(em, session)
    assert client.execute(MILANO, Register.CIVIL, Q.TEST, {}, headers={A.OTP_SESSION_HEADER: token}).status_code == 200
    assert client.execute(MILANO, Register.CIVIL, Q.TEST, {},
                          headers={A.OTP_SESSION_HEADER: "inventato"}).status_code == 401
    bad = session.post(em.base_url + A.OTP_LOGIN_PATH, headers=otp_headers(em, password="no"))
    assert bad.status_code == 401


def test_otp_mode_still_accepts_the_certificate(otp_emulator):
    assert Client(otp_emulator).execute(MILANO, Register.CIVIL, Q.TEST, {}).status_code == 200


# --- switches ------------------------------------------------------------------------------------------

@pytest.fixture
def clean(emulator):
    emulator.clear_injections()
    yield emulator
    emulator.clear_injections()


@pytest.mark.parametrize("status, error_type", [
    (401, E.AuthenticationError), (403, E.ForbiddenError), (404, E.EndpointNotFoundError),
    (500, E.ServerError), (503, E.ServerError),
])
def test_forced_http_errors_fire_once_then_clear(clean, status, error_type):
    clean.inject(status, query=Q.TEST, times=1)
    client = Client(clean)
    first = client.execute(MILANO, Register.CIVIL, Q.TEST, {})
    assert first.status_code == status and "html" in first.headers["Content-Type"]
    with pytest.raises(error_type):
        client.ok(first, MILANO, Register.CIVIL)
    assert client.execute(MILANO, Register.CIVIL, Q.TEST, {}).status_code == 200


@pytest.mark.parametrize("fault, error_type", [
    ("not_allowed", E.NotAllowedError), ("wrong_type", E.WrongValueTypeError),
    ("unsupported_type", E.UnsupportedValueTypeError), ("parameter_not_resolved", E.ParameterNotResolvedError),
    ("service_not_found", E.ServiceNotFoundError), ("cursor", E.CursorError),
    ("missing_tax_code", E.MissingTaxCodeError), ("Errore imprevisto del back-end", E.UnknownFaultError),
])
def test_forced_faults_only_where_asked(clean, fault, error_type):
    clean.inject(fault=fault, office=MILANO, register="LAV", query=Q.CASES)
    client = Client(clean)
    hit = client.execute(MILANO, Register.LABOUR, Q.CASES, Q.cases_values(MILANO, Register.LABOUR, 2020))
    with pytest.raises(error_type) as caught:
        client.ok(hit, MILANO, Register.LABOUR, Q.CASES)
    assert "Lavoro" in caught.value.message
    for office, register, query in ((MILANO, Register.CIVIL, Q.CASES), (ROMA, Register.LABOUR, Q.CASES),
                                    (MILANO, Register.LABOUR, Q.TEST)):
        values = Q.cases_values(office, register, 2020) if query == Q.CASES else {}
        assert client.execute(office, register, query, values).status_code == 200


def test_malformed_and_huge_bodies(clean):
    client = Client(clean)
    clean.inject(malformed=True, times=1)
    response = client.execute(MILANO, Register.CIVIL, Q.TEST, {})
    assert response.status_code == 200
    with pytest.raises(E.MalformedResponseError):
        R.parse_execute(response.content)
    clean.inject(huge_bytes=3_000_000, times=1)
    response = client.execute(MILANO, Register.CIVIL, Q.TEST, {})
    assert len(response.content) > 3_000_000
    with pytest.raises(E.ResponseTooLargeError):
        R.parse_execute(response.content, max_bytes=1_000_000)


def test_latency(clean):
    client = Client(clean)
    client.execute(MILANO, Register.CIVIL, Q.TEST, {})
    clean.set_latency(0.3)
    try:
        started = time.monotonic()
        assert client.execute(MILANO, Register.CIVIL, Q.TEST, {}).status_code == 200
        assert time.monotonic() - started >= 0.3
    finally:
        clean.set_latency(0)


# --- catalogue, control API, CLI -----------------------------------------------------------------------

def test_catalogue_over_https(emulator):
    session = session_for(emulator)
    districts = C.parse_districts(session.post(emulator.catalogue_url, data=C.build_get_districts(),
                                               headers=S.http_headers(DEMO_TAX_CODE)).content)
    offices = C.parse_offices(session.post(emulator.catalogue_url, data=C.build_get_offices("Brescia"),
                                           headers=S.http_headers(DEMO_TAX_CODE)).content, districts)
    assert BERGAMO in {o.code for o in offices} and all(o.gl_code == "GLBS" for o in offices)
    services = C.parse_registers(session.post(emulator.catalogue_url, data=C.build_get_registers(GDP_MILANO)).content)
    assert C.registers_of(services) == (Register.PEACE,)


def test_control_api(state_dir):
    with Emulator(state_dir, seed=5, cases=20, now=NOW) as em:
        session = session_for(em)
        truth = session.get(em.base_url + "/_control/truth").json()
        assert truth == json.loads(json.dumps(em.truth()))
        moved = session.post(em.base_url + "/_control/advance_clock", json={"days": 2}).json()
        assert moved["now"] == (NOW + dt.timedelta(days=2)).isoformat()
        changes = session.post(em.base_url + "/_control/change_cases", json={"n": 3}).json()["changes"]
        assert len(changes) == 3
        session.post(em.base_url + "/_control/inject", json={"http_status": 503, "times": 1})
        assert Client(em, session).execute(MILANO, Register.CIVIL, Q.TEST, {}).status_code == 503
        assert session_for(em, cert=True).get(em.base_url + "/_control/nothing").status_code == 404


def test_cli_truth_and_serve(state_dir, capsys):
    parser = argparse.ArgumentParser()
    emulator_cli.add_arguments(parser)
    args = parser.parse_args(["truth", "--state", str(state_dir), "--seed", "4", "--cases", "5",
                              "--now", NOW.isoformat()])
    assert emulator_cli.run(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert len(printed["cases"]) == 5 and printed["now"] == NOW.isoformat()

    args = parser.parse_args(["serve", "--state", str(state_dir), "--port", "0", "--seed", "4", "--cases", "5",
                              "--latency-ms", "10"])
    stop = threading.Event()
    thread = threading.Thread(target=emulator_cli.run, args=(args, stop), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    url = None
    while time.monotonic() < deadline and url is None:
        out = capsys.readouterr().out
        for line in out.splitlines():
            if line.startswith("URL: "):
                url = line[5:].strip()
        time.sleep(0.05)
    assert url and url.startswith("https://127.0.0.1:")
    session = requests.Session()
    session.trust_env = False
    session.verify = str(state_dir / "ca.pem")
    session.cert = (str(state_dir / "client-demo.pem"), str(state_dir / "client-demo-key.pem"))
    response = session.post(S.consultation_url("GLMI", "JPW_SICID", url),
                            data=S.build_execute(Q.TEST, {}, register=Register.CIVIL, office_code=MILANO),
                            headers=S.http_headers(DEMO_TAX_CODE))
    assert response.status_code == 200
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()

"""The consultation service ("QBuilder") of one district back-end, as the emulator plays it.

It answers getServiceNames, getServiceDescriptor, getRowClassDescriptor and execute for the
queries a CTU download needs, checks the InvocationDomain and the parameters the way the real
back-ends do, and raises the real faults (texts as documented).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from dataclasses import dataclass

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.emulator import xml_out as X
from cliens_tk.polisweb.emulator.world import Case, Item, World
from cliens_tk.polisweb.protocol import assumptions as A
from cliens_tk.polisweb.protocol import queries as Q
from cliens_tk.polisweb.protocol.soap_requests import (
    CATALOG_GROUP,
    CATALOG_ROLE,
    EXPERT_ROLE,
    ROLES_BY_SERVICE,
    SIECIC_ROLE_PARAM,
    VALUE_TYPES,
    SoapRequest,
)

# Path -> (registers served, the catalogue service the office must offer)
SERVICE_PATHS: dict[str, tuple[tuple[Register, ...], str]] = {
    "JPW_SICID": ((Register.CIVIL, Register.LABOUR, Register.VOLUNTARY), "JPW_SICID"),
    "JPW_SIL": ((Register.LABOUR,), "JPW_SICID"),
    "JPW_SIVG": ((Register.VOLUNTARY,), "JPW_SICID"),
    "JPW_SIECIC": ((Register.ENFORCEMENT_MOVABLE, Register.ENFORCEMENT_REAL, Register.BANKRUPTCY), "JPW_SIECIC"),
    "JPW_SIGP": ((Register.PEACE,), "JPW_SIGP"),
}
NAMESPACE_REGISTERS: dict[str, tuple[Register, ...]] = {
    "urn:CONS-SICC-BE": (Register.CIVIL,),
    "urn:CONS-SIL-BE": (Register.LABOUR,),
    "urn:CONS-SIVG-BE": (Register.VOLUNTARY,),
    "urn:CONS-SIECIC-BE": (Register.ENFORCEMENT_MOVABLE, Register.ENFORCEMENT_REAL, Register.BANKRUPTCY),
    "urn:CONS-SIGP-BE": (Register.PEACE,),
}

# name, type, description, required
Param = tuple[str, str, str, bool]
_OFFICE: Param = (A.OFFICE_PARAM, "string", "Codice ministeriale dell'ufficio", True)
_REGISTER: Param = (A.REGISTER_PARAM, "string", "Registro (CC, LAV, VG, ESM, ESIM, FALL)", False)
_YEAR: Param = ("anno", "integer", "Anno di ruolo", True)
_NUMBER: Param = ("numero", "integer", "Numero di ruolo senza zeri iniziali", True)
_PAGING: tuple[Param, ...] = (
    (A.PAGE_SIZE_PARAM, "integer", "Righe per pagina", False),
    (A.PAGE_NO_PARAM, "integer", "Numero di pagina (da 1)", False),
)


@dataclass(frozen=True)
class QuerySpec:
    name: str
    row_class: str
    params: tuple[Param, ...]


QUERIES: dict[str, QuerySpec] = {q.name: q for q in (
    QuerySpec(Q.TEST, "TestWS", ()),
    QuerySpec(Q.CASES, Q.ROW_CASE, (
        _OFFICE, _REGISTER, (A.CASES_YEAR_PARAM, "integer", "Anno di ruolo iniziale", True),
        (A.CASES_MODIFIED_SINCE_PARAM, "date", "Modificati dal", False), *_PAGING)),
    QuerySpec(Q.CASE_PROFILE, Q.ROW_CASE, (
        _OFFICE, _REGISTER, _YEAR, _NUMBER,
        ("scadTermini", "boolean", "Includi scadenze", False),
        ("fascPrecedente", "boolean", "Includi fascicolo precedente", False))),
    QuerySpec(Q.CASE_HISTORY, Q.ROW_EVENT, (_OFFICE, _REGISTER, _YEAR, _NUMBER)),
    QuerySpec(Q.DEADLINES, Q.ROW_DEADLINE, (
        _OFFICE, _REGISTER, ("filtroScadenza", "string", "U udienze, S scadenze, vuoto entrambe", False),
        ("anno", "integer", "Anno di ruolo", False), ("numero", "integer", "Numero di ruolo", False),
        (A.DATE_FROM_PARAM, "date", "Dal", False), (A.DATE_TO_PARAM, "date", "Al", False), *_PAGING)),
    QuerySpec(Q.CASE_LOOKUP, Q.ROW_CASE, (
        _OFFICE, _REGISTER, ("tipo", "string", "Tipo di ricerca (RGN)", True), _NUMBER, _YEAR, *_PAGING)),
    QuerySpec(Q.AGENDA, Q.ROW_DEADLINE, (
        _OFFICE, _REGISTER, (A.DATE_FROM_PARAM, "date", "Dal", True), (A.DATE_TO_PARAM, "date", "Al", True))),
)}

ROW_CLASSES: dict[str, tuple[tuple[str, str], ...]] = {
    Q.ROW_CASE: (
        ("idFascicolo", "long"), ("idUfficio", "string"), ("annoRuolo", "long"), ("numeroRuolo", "string"),
        ("subProcedimento", "string"), ("giudice", "string"), ("sezione", "string"),
        ("descSezione", "string"), ("descOggetto", "string"), ("rito", "string"),
        ("descStato", "string"), ("dataIscrizione", "date"), ("dataUltimaUdienza", "date"),
        ("dataProssimaUdienza", "date"), ("dataUltimaModifica", "date"),
        ("attorePrincipale", "string"), ("convenutoPrincipale", "string"), ("registro", "string")),
    Q.ROW_PARTY: (("cognome", "string"), ("nome", "string"), ("tipo", "string"),
                  ("codiceFiscaleParte", "string"), ("avvocato", "string")),
    Q.ROW_EVENT: (("tipo", "string"), ("desc", "string"), ("data", "date"), ("dataRegistrazione", "date")),
    Q.ROW_DEADLINE: (("idScadenza", "long"), ("tipoScadenza", "string"), ("descScadenza", "string"),
                     ("dataScadenza", "date"), ("giudice", "string"), ("registro", "string"),
                     ("idUfficio", "string"), ("annoRuolo", "long"), ("numeroRuolo", "string"),
                     ("idFascicolo", "long")),
    "TestWS": (("esito", "string"), ("data", "date"), ("utente", "string")),
}

_COMPATIBLE = {"integer": "int", "long": "int", "float": "real", "double": "real"}


class Fault(Exception):
    """A SOAP fault to send back (HTTP 500)."""

    def __init__(self, faultstring: str, faultcode: str = "soapenv:Server"):
        super().__init__(faultstring)
        self.faultstring = faultstring
        self.faultcode = faultcode


def not_allowed(user: str, operation: str) -> Fault:
    return Fault(f"L'utente '{user}' non puo' eseguire l'operazione '{operation}'")


def call_registers(service_path: str, request: SoapRequest) -> tuple[Register, ...]:
    """Registers a request is about: namespace, narrowed by the ``registro`` parameter."""
    served = SERVICE_PATHS.get(service_path, ((), ""))[0]
    by_namespace = NAMESPACE_REGISTERS.get(request.namespace, ())
    registers = tuple(r for r in by_namespace if r in served)
    value = request.value(A.REGISTER_PARAM)
    if value is not None and value.text.strip():
        registers = tuple(r for r in registers if r.value == value.text.strip().upper())
    return registers


class Consultation:
    """Stateless apart from a response counter (to vary namespaces); data lives in the World."""

    def __init__(self, world: World):
        self.world = world
        self._counter = itertools.count()

    # --- entry point -------------------------------------------------------------------------

    def handle(self, gl: str, service_path: str, request: SoapRequest, user: str) -> bytes:
        """The response body for a request already authenticated as ``user``; raises ``Fault``."""
        variant = next(self._counter)
        operation = request.operation
        domain = request.invocation_domain
        if domain is None or domain.name.upper() != "JPW":
            raise Fault("Header InvocationDomain mancante o non valido", "soapenv:Client")
        served = SERVICE_PATHS[service_path][0]
        if not any(r in served for r in NAMESPACE_REGISTERS.get(request.namespace, ())):
            raise Fault(f"No such operation '{operation}' in namespace '{request.namespace}'", "soapenv:Client")
        header = X.domain_header(domain.role, domain.group, variant)
        op = operation.lower()
        if op in ("getservicenames", "getservicedescriptor", "getrowclassdescriptor"):
            if not ((domain.role == CATALOG_ROLE and domain.group == CATALOG_GROUP)
                    or self._office_ok(gl, service_path, domain.group)):
                raise not_allowed(user, operation)
            if op == "getservicenames":
                return X.service_names_response(request.namespace, list(QUERIES), header)
            if op == "getservicedescriptor":
                spec = self._spec(request.name, service_path)
                return X.service_descriptor_response(
                    request.namespace, spec.name, spec.row_class,
                    [(p[0], p[1], p[2]) for p in spec.params], header)
            props = ROW_CLASSES.get(request.name)
            if props is None:
                raise Fault(f"RowClass '{request.name}' non trovata")
            return X.row_class_descriptor_response(request.namespace, request.name, props, header)
        if op != "execute":
            raise Fault(f"No such operation '{operation}'", "soapenv:Client")
        allowed = ROLES_BY_SERVICE.get(SERVICE_PATHS[service_path][1], ())
        if domain.role not in allowed or domain.role != EXPERT_ROLE:
            raise not_allowed(user, operation)
        if not self._office_ok(gl, service_path, domain.group):
            raise not_allowed(user, operation)
        spec = self._spec(request.name, service_path)
        values = self._check_values(spec, request)
        office_value = values.get(A.OFFICE_PARAM.lower())
        if office_value is not None and office_value != domain.group:
            raise not_allowed(user, operation)
        registers = call_registers(service_path, request)
        office = self.world.offices_by_code[domain.group]
        registers = tuple(r for r in registers if r in office.registers)
        with self.world.lock:
            rows, available = self._execute(spec, values, request, domain.group, registers, user)
        elapsed = random.Random(variant).randrange(5, 120)
        return X.execute_response(request.namespace, rows, available, elapsed, variant, header)

    # --- checks ------------------------------------------------------------------------------

    def _office_ok(self, gl: str, service_path: str, group: str) -> bool:
        office = self.world.offices_by_code.get(group)
        if office is None or office.gl_code.upper() != gl.upper():
            return False
        return SERVICE_PATHS[service_path][1] in office.services

    def _spec(self, name: str, service_path: str) -> QuerySpec:
        spec = QUERIES.get(name)
        if spec is None:
            raise Fault(f"Service '{name}' non trovato")
        if service_path == "JPW_SIECIC" and spec.name != Q.TEST:
            spec = QuerySpec(spec.name, spec.row_class,
                             spec.params + ((SIECIC_ROLE_PARAM, "string", "Ruolo dell'utente", True),))
        return spec

    def _check_values(self, spec: QuerySpec, request: SoapRequest) -> dict[str, object]:
        """Typed values by lower-case name; the real faults for bad types and missing params."""
        declared = {p[0].lower(): p for p in spec.params}
        out: dict[str, object] = {}
        for value in request.values:
            if value.type not in VALUE_TYPES:
                raise Fault(f"Unsupported value type '{value.type}'")
            param = declared.get(value.name.lower())
            if param is None:
                continue
            wanted = param[1]
            if wanted != value.type and (_COMPATIBLE.get(wanted) is None
                                         or _COMPATIBLE.get(wanted) != _COMPATIBLE.get(value.type)):
                raise Fault(f"Can not set value type '{wanted}' from {value.type}")
            out[value.name.lower()] = self._convert(value.text, wanted)
            if wanted in ("integer", "long") and value.text.strip().startswith("0") and value.text.strip() != "0":
                out[value.name.lower() + "#padded"] = True
        for name, _type, _desc, required in spec.params:
            if required and out.get(name.lower()) in (None, ""):
                raise Fault(f"Parameter not resolved '{name}'")
        return out

    @staticmethod
    def _convert(text: str, value_type: str) -> object:
        raw = (text or "").strip()
        if raw == "":
            return None
        try:
            if value_type in ("integer", "long"):
                return int(raw)
            if value_type in ("float", "double"):
                return float(raw)
            if value_type == "date":
                if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", raw):
                    raise ValueError(raw)
                return dt.datetime.strptime(raw, "%d/%m/%Y").date()
            if value_type == "boolean":
                return raw.lower() in ("true", "1")
        except ValueError:
            raise Fault(f"Can not set value type '{value_type}' from string") from None
        return raw

    # --- queries -----------------------------------------------------------------------------

    def _execute(self, spec: QuerySpec, values: dict, request: SoapRequest, office_code: str,
                 registers: tuple[Register, ...], user: str) -> tuple[list[X.OutRow], int]:
        world = self.world
        now = world.now
        mine = world.cases_of(office_code, registers, user)
        name = spec.name
        if name == Q.TEST:
            return [X.OutRow("TestWS").add("ESITO", "OK").add("DATA", now, "date").add("UTENTE", user)], 1
        if name == Q.CASES:
            since = values.get(A.CASES_MODIFIED_SINCE_PARAM.lower())
            found = [c for c in mine if c.year >= values[A.CASES_YEAR_PARAM.lower()]
                     and (since is None or (c.modified_at and c.modified_at.date() >= since))]
            rows = [self.case_row(c, now) for c in found]
            return self._page(rows, values, request)
        if name in (Q.CASE_PROFILE, Q.CASE_HISTORY, Q.CASE_LOOKUP):
            case = self._one(mine, values)
            if name == Q.CASE_LOOKUP and str(values.get("tipo", "")).upper() != "RGN":
                case = None
            if case is None:
                return [], 0
            if name == Q.CASE_HISTORY:
                rows = [self.event_row(e) for e in case.events]
                return self._order(rows, request), len(rows)
            rows = [self.case_row(case, now, with_parties=(name == Q.CASE_PROFILE))]
            return rows, 1
        if name in (Q.DEADLINES, Q.AGENDA):
            kind = str(values.get("filtroscadenza") or "").upper()
            if kind not in ("", "U", "S"):
                return [], 0
            date_from = values.get(A.DATE_FROM_PARAM.lower())
            date_to = values.get(A.DATE_TO_PARAM.lower())
            cases = mine
            if values.get("numero") is not None and values.get("anno") is not None:
                one = self._one(mine, values)
                cases = [one] if one else []
            items = [
                (case, item) for case in cases for item in case.items
                if (not kind or item.kind == kind)
                and (date_from is None or item.when.date() >= date_from)
                and (date_to is None or item.when.date() <= date_to)
            ]
            items.sort(key=lambda pair: (pair[1].when, pair[1].id))
            rows = [self.item_row(case, item) for case, item in items]
            return self._page(rows, values, request)
        raise Fault(f"Service '{name}' non trovato")

    @staticmethod
    def _one(cases: list[Case], values: dict) -> Case | None:
        if values.get("numero#padded"):
            return None  # the back-end compares the unpadded number
        number, year = values.get("numero"), values.get("anno")
        return next((c for c in cases if c.number == number and c.year == year), None)

    def _page(self, rows: list[X.OutRow], values: dict, request: SoapRequest) -> tuple[list[X.OutRow], int]:
        rows = self._order(rows, request)
        available = len(rows)
        size = values.get(A.PAGE_SIZE_PARAM.lower())
        page = values.get(A.PAGE_NO_PARAM.lower()) or A.FIRST_PAGE
        if size:
            start = (page - A.FIRST_PAGE) * size
            rows = rows[max(start, 0):max(start, 0) + size] if start >= 0 else []
        return rows, available

    @staticmethod
    def _order(rows: list[X.OutRow], request: SoapRequest) -> list[X.OutRow]:
        for entry in reversed(request.order_by):
            names = [n.strip().upper() for n in entry.properties.split(",") if n.strip()]
            if not names:
                continue

            def key(row: X.OutRow, names=names):
                found = {n: (t, v) for n, t, v in row.properties}
                out = []
                for n in names:
                    value_type, text = found.get(n, ("string", ""))
                    if text.isdigit():
                        out.append((0, int(text), ""))
                    elif value_type == "date" and text:
                        out.append((1, 0, dt.datetime.strptime(text, "%d/%m/%Y %H:%M:%S.%f").isoformat()))
                    else:
                        out.append((2, 0, text))
                return out

            rows = sorted(rows, key=key, reverse=(entry.mode.lower() == "desc"))
        return rows

    # --- rows ----------------------------------------------------------------------------------

    @staticmethod
    def case_row(case: Case, now: dt.datetime, with_parties: bool = False) -> X.OutRow:
        row = (
            X.OutRow(Q.ROW_CASE)
            .add("IDFASCICOLO", case.id, "long")
            .add("IDUFFICIO", case.office.code)
            .add("ANNORUOLO", case.year, "long")
            .add("NUMERORUOLO", X.padded_number(case.number))
            .add("SUBPROCEDIMENTO", "0")
            .add("REGISTRO", case.register.value)
            .add("GIUDICE", case.judge)
            .add("SEZIONE", case.section_code)
            .add("DESCSEZIONE", case.section)
            .add("DESCOGGETTO", case.subject)
            .add("RITO", case.rite)
            .add("DESCSTATO", case.status)
            .add("DATAISCRIZIONE", case.registered_on, "date")
            .add("DATAULTIMAUDIENZA", case.last_hearing(now), "date")
            .add("DATAPROSSIMAUDIENZA", case.next_hearing(now), "date")
            .add("DATAULTIMAMODIFICA", case.modified_at, "date")
            .add("ATTOREPRINCIPALE", case.plaintiff)
            .add("CONVENUTOPRINCIPALE", case.defendant)
        )
        if with_parties:
            for party in case.parties:
                row.sub_rows.append(
                    X.OutRow(Q.ROW_PARTY).add("COGNOME", party.surname).add("NOME", party.name)
                    .add("TIPO", party.kind).add("CODICEFISCALEPARTE", party.tax_code)
                    .add("AVVOCATO", party.lawyer)
                )
        return row

    @staticmethod
    def event_row(event) -> X.OutRow:
        return (X.OutRow(Q.ROW_EVENT).add("TIPO", event.code).add("DESC", event.description)
                .add("DATA", event.when, "date").add("DATAREGISTRAZIONE", event.registered_at, "date"))

    @staticmethod
    def item_row(case: Case, item: Item) -> X.OutRow:
        return (
            X.OutRow(Q.ROW_DEADLINE)
            .add("IDSCADENZA", item.id, "long")
            .add("TIPOSCADENZA", item.kind)
            .add("DESCSCADENZA", item.description)
            .add("DATASCADENZA", item.when, "date")
            .add("GIUDICE", item.judge)
            .add("REGISTRO", case.register.value)
            .add("IDUFFICIO", case.office.code)
            .add("ANNORUOLO", case.year, "long")
            .add("NUMERORUOLO", X.padded_number(case.number))
            .add("IDFASCICOLO", case.id, "long")
        )

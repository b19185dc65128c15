"""Parse PolisWeb responses, leniently, into ``model`` objects; map faults to ``errors``.

Real servers differ from their own catalogs, so the parser:
- matches property and element names ignoring case (``NUMERORUOLO`` vs ``numeroRuolo``) and
  namespaces (rows come in ``http://www.netserv.it/QBuilder/types`` or ``urn:qbuilder-types``);
- reads dates ``dd/MM/yyyy HH:mm:ss.SSS`` (and shorter forms), empty elements as "no date";
- reads zero-padded role numbers (``00001025``) and ``long`` years;
- takes ``available="0"`` with no rows as "no match", not as an error.

Whatever the input, a parse function returns a result or raises a ``PolisWebError``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.protocol import assumptions
from cliens_tk.polisweb.protocol.errors import (
    AuthenticationError,
    CallContext,
    CursorError,
    EndpointNotFoundError,
    ForbiddenError,
    HttpStatusError,
    MalformedResponseError,
    MissingTaxCodeError,
    NotAllowedError,
    ParameterNotResolvedError,
    PolisWebError,
    ResponseTooLargeError,
    ServerError,
    ServiceNotFoundError,
    SoapFaultError,
    UnknownFaultError,
    UnsupportedValueTypeError,
    WrongValueTypeError,
)
from cliens_tk.polisweb.protocol.model import (
    CaseProfile,
    Deadline,
    DeadlineKind,
    HistoryEvent,
    Page,
    Party,
    RowClassDescriptor,
    ServiceDescriptor,
    ServiceParam,
)
from cliens_tk.polisweb.protocol.xmlutil import (
    DEFAULT_MAX_BYTES,
    XmlTooLarge,
    XmlUnreadable,
    attr,
    child,
    children,
    descendant,
    local,
    parse_xml,
    text,
)

MAX_ROW_DEPTH = 8

# --- values ------------------------------------------------------------------------------------

_DATETIME_FORMATS = (
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)


def parse_datetime(value: str | None, context: CallContext | None = None,
                   field_name: str = "") -> dt.datetime | None:
    """``dd/MM/yyyy HH:mm:ss.SSS`` (or shorter, or ISO) -> datetime; empty -> None."""
    raw = (value or "").strip()
    if not raw:
        return None
    for fmt in _DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt)
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(raw)
        return parsed.replace(tzinfo=None) if parsed.tzinfo else parsed
    except ValueError:
        pass
    raise MalformedResponseError(context, f"data non valida in {field_name or 'campo'}: {raw[:40]!r}")


def parse_date(value: str | None, context: CallContext | None = None,
               field_name: str = "") -> dt.date | None:
    parsed = parse_datetime(value, context, field_name)
    return parsed.date() if parsed else None


def parse_number(value: str | None, context: CallContext | None = None,
                 field_name: str = "") -> int | None:
    """A number that may be zero-padded (``00001025``) or typed long; empty -> None."""
    raw = (value or "").strip()
    if not raw:
        return None
    if raw.endswith(".0"):  # some servers write longs as decimals
        raw = raw[:-2]
    if not re.fullmatch(r"[+-]?\d{1,18}", raw):
        raise MalformedResponseError(context, f"numero non valido in {field_name or 'campo'}: {raw[:40]!r}")
    return int(raw)


# --- rows --------------------------------------------------------------------------------------

@dataclass
class Row:
    """One ``row`` of an execute response: properties by UPPER-CASE name, plus sub-rows."""

    cls: str = ""
    values: dict[str, str | None] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    sub_rows: list["Row"] = field(default_factory=list)

    def get(self, *names: str) -> str:
        """The first non-empty value among ``names`` (any case), else ""."""
        for name in names:
            value = self.values.get(name.upper())
            if value:
                return value
        return ""

    def has(self, name: str) -> bool:
        return name.upper() in self.values


@dataclass
class ExecuteResult:
    available: int
    rows: list[Row]
    elapsed_ms: int | None = None


# --- faults and HTTP status ----------------------------------------------------------------------

_FAULT_PATTERNS: tuple[tuple[re.Pattern, type[SoapFaultError]], ...] = (
    (re.compile(r"non\s+pu[oò]'?\s+eseguire", re.I), NotAllowedError),
    (re.compile(r"can\s*not\s+set\s+value\s+type", re.I), WrongValueTypeError),
    (re.compile(r"unsupported\s+value\s+type", re.I), UnsupportedValueTypeError),
    (re.compile(r"parameter\s+not\s+resolved", re.I), ParameterNotResolvedError),
    (re.compile(r"service\s+'[^']*'\s+non\s+trovat", re.I), ServiceNotFoundError),
    (re.compile(r"apertura\s+cursore", re.I), CursorError),
    (re.compile(r"codice\s*fiscale", re.I), MissingTaxCodeError),
)


def fault_error(faultcode: str, faultstring: str, context: CallContext | None = None) -> SoapFaultError:
    """The typed error for a SOAP fault's text."""
    context = context or CallContext()
    message = (faultstring or "").strip()[:500]
    for pattern, error_type in _FAULT_PATTERNS:
        if pattern.search(message):
            if error_type is ServiceNotFoundError and not context.query:
                found = re.search(r"service\s+'([^']*)'", message, re.I)
                if found:
                    context = dataclasses.replace(context, query=found.group(1))
            return error_type(context, message, faultcode)
    return UnknownFaultError(context, message or faultcode or "?", faultcode)


def _fault_in(root: Element) -> tuple[str, str] | None:
    body = child(root, "Body")
    fault = child(body, "Fault") if body is not None else None
    if fault is None:
        return None
    return text(child(fault, "faultcode")), text(child(fault, "faultstring"))


def _html_text(body: bytes | str | None, limit: int = 200) -> str:
    raw = body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else (body or "")
    plain = re.sub(r"<[^>]*>", " ", raw[:20000])
    return re.sub(r"\s+", " ", plain).strip()[:limit]


def error_for_http(status: int, body: bytes | str | None, context: CallContext | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> PolisWebError | None:
    """The error an HTTP answer means, or None for a 2xx answer to be parsed.

    A SOAP fault travels with HTTP 500 (SOAP 1.1) and is mapped to its typed error; 401/403
    (certificate or user refused) and 404 (unknown GL or service) come with HTML bodies.
    """
    context = context or CallContext()
    if 200 <= status < 300:
        return None
    data = body if body is not None else b""
    if status >= 500 and data and len(data) <= max_bytes:
        try:
            root = parse_xml(data, max_bytes)
        except (XmlTooLarge, XmlUnreadable):
            root = None
        if root is not None and local(root.tag) == "envelope":
            found = _fault_in(root)
            if found:
                return fault_error(found[0], found[1], context)
    detail = _html_text(data)
    if status == 401:
        return AuthenticationError(context, detail, status)
    if status == 403:
        return ForbiddenError(context, detail, status)
    if status == 404:
        return EndpointNotFoundError(context, detail, status)
    if status >= 500:
        return ServerError(context, detail, status)
    return HttpStatusError(context, detail, status)


def raise_for_http(status: int, body: bytes | str | None, context: CallContext | None = None) -> None:
    error = error_for_http(status, body, context)
    if error is not None:
        raise error


# --- envelope ---------------------------------------------------------------------------------------

def read_body(data: bytes | str, context: CallContext | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Element:
    """The SOAP Body of a response; a Fault inside raises its typed error."""
    try:
        root = parse_xml(data, max_bytes)
    except XmlTooLarge as exc:
        raise ResponseTooLargeError(context, str(exc)) from None
    except XmlUnreadable as exc:
        raise MalformedResponseError(context, str(exc)[:200]) from None
    if local(root.tag) != "envelope":
        raise MalformedResponseError(context, "la risposta non è una busta SOAP")
    found = _fault_in(root)
    if found:
        raise fault_error(found[0], found[1], context)
    body = child(root, "Body")
    if body is None:
        raise MalformedResponseError(context, "busta SOAP senza Body")
    return body


def _response_element(body: Element, operation: str, context: CallContext | None) -> Element:
    wanted = f"{operation}response".lower()
    element = next((c for c in children(body) if local(c.tag) == wanted), None)
    if element is None:
        element = next(children(body), None)
    if element is None:
        raise MalformedResponseError(context, f"risposta {operation} vuota")
    return element


def _return_element(response: Element) -> Element:
    found = child(response, "return")
    return found if found is not None else response


def _read_row(element: Element, context: CallContext | None, depth: int = 0) -> Row:
    if depth > MAX_ROW_DEPTH:
        raise MalformedResponseError(context, "righe annidate troppo in profondità")
    row = Row(cls=attr(element, "class"))
    for node in children(element):
        tag = local(node.tag)
        if tag == "property":
            name = attr(node, "name").strip().upper()
            if not name:
                continue
            raw = node.text
            row.values[name] = raw.strip() if raw is not None and raw.strip() else None
            row.types[name] = attr(node, "type").lower()
        elif tag == "subrows":
            nested = list(children(node, "row"))
            if nested:
                for sub in nested:
                    sub_row = _read_row(sub, context, depth + 1)
                    sub_row.cls = sub_row.cls or attr(node, "class")
                    row.sub_rows.append(sub_row)
            else:
                sub_row = _read_row(node, context, depth + 1)
                row.sub_rows.append(sub_row)
    return row


def parse_execute(data: bytes | str, context: CallContext | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> ExecuteResult:
    """Rows and ``available`` of an ``executeResponse``."""
    body = read_body(data, context, max_bytes)
    ret = _return_element(_response_element(body, "execute", context))
    rows = [_read_row(node, context) for node in children(ret, "row")]
    available_text = attr(ret, "available").strip()
    if available_text:
        available = parse_number(available_text, context, "available")
        if available is None or available < 0:
            raise MalformedResponseError(context, f"available non valido: {available_text[:20]!r}")
    else:
        available = len(rows)
    elapsed = attr(ret, "time").strip()
    elapsed_ms = int(elapsed) if elapsed.isdigit() and len(elapsed) < 12 else None
    # A server that counts fewer matches than it sends is believed about the rows.
    return ExecuteResult(available=max(available, len(rows)), rows=rows, elapsed_ms=elapsed_ms)


# --- rows -> model ----------------------------------------------------------------------------------

def _register_of(row: Row, context: CallContext | None) -> Register | None:
    if context is not None and isinstance(context.register, Register):
        return context.register
    code = row.get("REGISTRO").upper()
    try:
        return Register(code) if code else None
    except ValueError:
        return None


def party_from_row(row: Row) -> Party:
    name = " ".join(p for p in (row.get("COGNOME"), row.get("NOME")) if p)
    name = name or row.get("DENOMINAZIONE", "RAGIONESOCIALE", "NOMINATIVO")
    lawyer = row.get("AVVOCATO") or " ".join(
        p for p in (row.get("COGNOMEAVVOCATO"), row.get("NOMEAVVOCATO")) if p
    )
    return Party(
        name=name,
        kind=row.get("TIPO", "TIPOPARTE", "RUOLO"),
        tax_code=row.get("CODICEFISCALEPARTE", "CODICEFISCALE").upper(),
        lawyer=lawyer,
    )


def case_from_row(row: Row, context: CallContext | None = None) -> CaseProfile:
    number = parse_number(row.get("NUMERORUOLO", "NUMERO"), context, "NUMERORUOLO")
    year = parse_number(row.get("ANNORUOLO", "ANNO"), context, "ANNORUOLO")
    if number is None or year is None:
        raise MalformedResponseError(context, "fascicolo senza numero o anno di ruolo")
    return CaseProfile(
        office_code=row.get("IDUFFICIO") or (context.office_code if context else ""),
        register=_register_of(row, context),
        number=number,
        year=year,
        plaintiff=row.get("ATTOREPRINCIPALE"),
        defendant=row.get("CONVENUTOPRINCIPALE"),
        parties=tuple(party_from_row(sub) for sub in row.sub_rows
                      if not sub.cls or sub.cls.lower() == "infoparte"),
        judge=row.get("GIUDICE"),
        section=row.get("DESCSEZIONE", "SEZIONE"),
        subject=row.get("DESCOGGETTO", "OGGETTO"),
        rite=row.get("RITO", "DESCRITO"),
        status=row.get("DESCSTATO", "STATO"),
        registered_on=parse_date(row.get("DATAISCRIZIONE"), context, "DATAISCRIZIONE"),
        last_hearing=parse_datetime(row.get("DATAULTIMAUDIENZA"), context, "DATAULTIMAUDIENZA"),
        next_hearing=parse_datetime(row.get("DATAPROSSIMAUDIENZA"), context, "DATAPROSSIMAUDIENZA"),
        modified_at=parse_datetime(row.get("DATAULTIMAMODIFICA"), context, "DATAULTIMAMODIFICA"),
        remote_id=row.get("IDFASCICOLO"),
        sub_procedure=row.get("SUBPROCEDIMENTO"),
    )


def event_from_row(row: Row, context: CallContext | None = None) -> HistoryEvent:
    return HistoryEvent(
        description=row.get("DESC", "DESCRIZIONE", "DESCEVENTO") or row.get("TIPO"),
        when=parse_datetime(row.get("DATA"), context, "DATA"),
        code=row.get("TIPO", "CODICE"),
        registered_at=parse_datetime(row.get("DATAREGISTRAZIONE"), context, "DATAREGISTRAZIONE"),
    )


def deadline_kind(code: str) -> DeadlineKind:
    value = (code or "").strip().upper()
    if value in assumptions.HEARING_KIND_CODES or value.startswith("UD"):
        return DeadlineKind.HEARING
    return DeadlineKind.DEADLINE


def deadline_from_row(row: Row, context: CallContext | None = None) -> Deadline:
    return Deadline(
        kind=deadline_kind(row.get("TIPOSCADENZA", "TIPO")),
        description=row.get("DESCSCADENZA", "DESCRIZIONE", "DESC"),
        when=parse_datetime(row.get("DATASCADENZA", "DATA"), context, "DATASCADENZA"),
        judge=row.get("GIUDICE"),
        register=row.get("REGISTRO"),
        office_code=row.get("IDUFFICIO") or (context.office_code if context else ""),
        number=parse_number(row.get("NUMERORUOLO"), context, "NUMERORUOLO"),
        year=parse_number(row.get("ANNORUOLO"), context, "ANNORUOLO"),
        case_id=row.get("IDFASCICOLO"),
        remote_id=row.get("IDSCADENZA", "ID"),
    )


def parse_cases(data: bytes | str, context: CallContext | None = None, page_no: int = 1,
                page_size: int = 0, max_bytes: int = DEFAULT_MAX_BYTES) -> Page[CaseProfile]:
    """A page of cases (ArchivioFascicoli, RicercaInformazioniFascicoloPerTipo)."""
    result = parse_execute(data, context, max_bytes)
    items = [case_from_row(row, context) for row in result.rows]
    return Page(items, result.available, page_no, page_size or len(items), result.elapsed_ms)


def parse_case_profile(data: bytes | str, context: CallContext | None = None,
                       max_bytes: int = DEFAULT_MAX_BYTES) -> CaseProfile | None:
    """The case of a ProfiloFascicolo answer, or None when the server found nothing."""
    result = parse_execute(data, context, max_bytes)
    return case_from_row(result.rows[0], context) if result.rows else None


def parse_history(data: bytes | str, context: CallContext | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> list[HistoryEvent]:
    result = parse_execute(data, context, max_bytes)
    return [event_from_row(row, context) for row in result.rows]


def parse_deadlines(data: bytes | str, context: CallContext | None = None, page_no: int = 1,
                    page_size: int = 0, max_bytes: int = DEFAULT_MAX_BYTES) -> Page[Deadline]:
    """A page of hearings/deadlines (RicercaScadenze, Agenda)."""
    result = parse_execute(data, context, max_bytes)
    items = [deadline_from_row(row, context) for row in result.rows]
    return Page(items, result.available, page_no, page_size or len(items), result.elapsed_ms)


# --- catalog calls -------------------------------------------------------------------------------------

def _leaf_texts(element: Element) -> list[str]:
    out = []
    for node in element.iter():
        if node is element or not local(node.tag):
            continue
        if len(node) == 0 and text(node):
            out.append(text(node))
    return out


def parse_service_names(data: bytes | str, context: CallContext | None = None,
                        max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    body = read_body(data, context, max_bytes)
    ret = _return_element(_response_element(body, "getServiceNames", context))
    names = _leaf_texts(ret)
    if not names and text(ret):
        names = [n.strip() for n in text(ret).split(",") if n.strip()]
    return names


def _param_nodes(container: Element, names: tuple[str, ...]) -> list[Element]:
    """Param elements, whether listed directly or wrapped in a container element."""
    out: list[Element] = []
    for node in children(container):
        if local(node.tag) in names:
            inner = [c for c in children(node) if local(c.tag) in ("param", "item", "property", "params", "properties")]
            out.extend(inner if inner and not attr(node, "name") and child(node, "name") is None else [node])
    return out


def _param_of(node: Element) -> ServiceParam:
    return ServiceParam(
        name=attr(node, "name") or text(child(node, "name")),
        type=(attr(node, "type") or text(child(node, "type"))).lower(),
        description=attr(node, "description") or text(child(node, "description")),
    )


def parse_service_descriptor(data: bytes | str, context: CallContext | None = None,
                             max_bytes: int = DEFAULT_MAX_BYTES) -> ServiceDescriptor:
    body = read_body(data, context, max_bytes)
    ret = _return_element(_response_element(body, "getServiceDescriptor", context))
    params = tuple(p for p in map(_param_of, _param_nodes(ret, ("params", "param"))) if p.name)
    name = attr(ret, "name") or text(child(ret, "name")) or (context.query if context else "")
    row_class = attr(ret, "rowClass") or text(child(ret, "rowClass"))
    if not row_class:
        node = descendant(ret, "rowClass")
        row_class = (attr(node, "name") or text(node)) if node is not None else ""
    return ServiceDescriptor(name=name, params=params, row_class=row_class)


def parse_row_class_descriptor(data: bytes | str, context: CallContext | None = None,
                               max_bytes: int = DEFAULT_MAX_BYTES) -> RowClassDescriptor:
    body = read_body(data, context, max_bytes)
    ret = _return_element(_response_element(body, "getRowClassDescriptor", context))
    props = tuple(p for p in map(_param_of, _param_nodes(ret, ("properties", "property"))) if p.name)
    name = attr(ret, "name") or text(child(ret, "name"))
    return RowClassDescriptor(name=name, properties=props)

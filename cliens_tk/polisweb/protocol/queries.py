"""The queries a CTU download uses, and the canonical parameter values of each.

Each ``*_values`` function returns ``{canonical name: python value}``. Pass it straight to
``soap_requests.build_execute`` (types inferred: int -> integer, date -> date, ...) or first
through ``discovery.bind_values`` to use the server's spelling and declared types.
"""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.protocol import assumptions as A

TEST = "TestWS"
CASES = A.CASES_QUERY  # assumed, see assumptions
CASE_PROFILE = "ProfiloFascicolo"
CASE_HISTORY = "StoricoFascicolo"
DEADLINES = "RicercaScadenze"
CASE_LOOKUP = "RicercaInformazioniFascicoloPerTipo"
AGENDA = "Agenda"
DOCUMENTS = "DocumentiFascicolo"

ROW_CASE = "InfoFascicoloExt"
ROW_PARTY = "InfoParte"
ROW_EVENT = "Evento"
ROW_DEADLINE = "InfoScadenze"

# RicercaScadenze's filtroScadenza
FILTER_HEARINGS = "U"
FILTER_DEADLINES = "S"
FILTER_BOTH = ""

# Parameters a server may not declare without changing the answer's meaning.
OPTIONAL_PARAMS = (A.CASES_MODIFIED_SINCE_PARAM, "scadTermini", "fascPrecedente")


def _base(office_code: str, register: Register) -> dict[str, object]:
    return {A.OFFICE_PARAM: office_code, A.REGISTER_PARAM: Register(register).value}


def _paging(page_no: int, page_size: int) -> dict[str, object]:
    return {A.PAGE_SIZE_PARAM: int(page_size), A.PAGE_NO_PARAM: int(page_no)}


def cases_values(office_code: str, register: Register, start_year: int, page_no: int = A.FIRST_PAGE,
                 page_size: int = A.DEFAULT_PAGE_SIZE,
                 modified_since: dt.date | None = None) -> dict[str, object]:
    """The CTU's cases of an office/register with role year >= ``start_year``."""
    values = _base(office_code, register)
    values[A.CASES_YEAR_PARAM] = int(start_year)
    if modified_since is not None:
        values[A.CASES_MODIFIED_SINCE_PARAM] = modified_since
    values.update(_paging(page_no, page_size))
    return values


def case_values(office_code: str, register: Register, number: int, year: int) -> dict[str, object]:
    """One case by role number: ProfiloFascicolo / StoricoFascicolo."""
    values = _base(office_code, register)
    values.update({"anno": int(year), "numero": int(number)})
    return values


def profile_values(office_code: str, register: Register, number: int, year: int,
                   with_deadlines: bool = False, with_previous: bool = False) -> dict[str, object]:
    values = case_values(office_code, register, number, year)
    values.update({"scadTermini": with_deadlines, "fascPrecedente": with_previous})
    return values


def lookup_values(office_code: str, register: Register, number: int, year: int,
                  page_no: int = A.FIRST_PAGE, page_size: int = A.DEFAULT_PAGE_SIZE) -> dict[str, object]:
    """RicercaInformazioniFascicoloPerTipo by role number (``tipo=RGN``)."""
    values = _base(office_code, register)
    values.update({"tipo": "RGN", "numero": int(number), "anno": int(year)})
    values.update(_paging(page_no, page_size))
    return values


def deadlines_values(office_code: str, register: Register, date_from: dt.date | None = None,
                     date_to: dt.date | None = None, kind: str = FILTER_BOTH,
                     number: int | None = None, year: int | None = None,
                     page_no: int = A.FIRST_PAGE,
                     page_size: int = A.DEFAULT_PAGE_SIZE) -> dict[str, object]:
    """RicercaScadenze: hearings (``U``), deadlines (``S``) or both (``""``), optionally of one
    case and/or within dates."""
    if kind not in (FILTER_HEARINGS, FILTER_DEADLINES, FILTER_BOTH):
        raise ValueError(f"filtroScadenza must be U, S or empty, not {kind!r}")
    values = _base(office_code, register)
    values["filtroScadenza"] = kind
    if number is not None and year is not None:
        values.update({"anno": int(year), "numero": int(number)})
    if date_from is not None:
        values[A.DATE_FROM_PARAM] = date_from
    if date_to is not None:
        values[A.DATE_TO_PARAM] = date_to
    values.update(_paging(page_no, page_size))
    return values


def agenda_values(office_code: str, register: Register, date_from: dt.date,
                  date_to: dt.date) -> dict[str, object]:
    values = _base(office_code, register)
    values.update({A.DATE_FROM_PARAM: date_from, A.DATE_TO_PARAM: date_to})
    return values


def end_of_next_month(today: dt.date) -> dt.date:
    """The last day of the month after ``today``'s: the horizon of future hearings (guide 7.4)."""
    first_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    first_after = (first_next + dt.timedelta(days=32)).replace(day=1)
    return first_after - dt.timedelta(days=1)

"""What PolisWeb responses carry, as plain dataclasses (no XML, no network).

Dates and times are naive local (Italian) time, as the registry writes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from cliens_tk.domain.offices import Register
from cliens_tk.polisweb.protocol.paging import needs_more_pages

T = TypeVar("T")


@dataclass(frozen=True)
class Party:
    """A party of a case (InfoParte sub-row)."""

    name: str  # COGNOME + NOME, or the company name
    kind: str = ""  # TIPO: attore, convenuto, ...
    tax_code: str = ""  # CODICEFISCALEPARTE
    lawyer: str = ""  # AVVOCATO


@dataclass(frozen=True)
class CaseProfile:
    """A case as the registry describes it (ProfiloFascicolo / InfoFascicoloExt)."""

    office_code: str  # IDUFFICIO
    register: Register | None
    number: int  # NUMERORUOLO (zero-padded on the wire)
    year: int  # ANNORUOLO
    plaintiff: str = ""  # ATTOREPRINCIPALE
    defendant: str = ""  # CONVENUTOPRINCIPALE
    parties: tuple[Party, ...] = ()
    judge: str = ""  # GIUDICE
    section: str = ""  # SEZIONE / DESCSEZIONE
    subject: str = ""  # DESCOGGETTO
    rite: str = ""  # RITO
    status: str = ""  # DESCSTATO
    registered_on: dt.date | None = None  # DATAISCRIZIONE
    last_hearing: dt.datetime | None = None  # DATAULTIMAUDIENZA
    next_hearing: dt.datetime | None = None  # DATAPROSSIMAUDIENZA
    modified_at: dt.datetime | None = None  # DATAULTIMAMODIFICA
    remote_id: str = ""  # IDFASCICOLO
    sub_procedure: str = ""  # SUBPROCEDIMENTO

    @property
    def role_number(self) -> str:
        """The docket number as people write it: ``1025/2024``."""
        return f"{self.number}/{self.year}"


@dataclass(frozen=True)
class HistoryEvent:
    """One event of a case's history (StoricoFascicolo, row class Evento)."""

    description: str  # DESC
    when: dt.datetime | None  # DATA
    code: str = ""  # TIPO
    registered_at: dt.datetime | None = None  # DATAREGISTRAZIONE


class DeadlineKind(StrEnum):
    HEARING = "udienza"
    DEADLINE = "scadenza"


@dataclass(frozen=True)
class Deadline:
    """A hearing or a deadline (RicercaScadenze / Agenda, row class InfoScadenze)."""

    kind: DeadlineKind  # TIPOSCADENZA
    description: str  # DESCSCADENZA
    when: dt.datetime | None  # DATASCADENZA
    judge: str = ""  # GIUDICE
    register: str = ""  # REGISTRO, as the server writes it
    office_code: str = ""  # IDUFFICIO (assumed present, see assumptions)
    number: int | None = None  # NUMERORUOLO
    year: int | None = None  # ANNORUOLO
    case_id: str = ""  # IDFASCICOLO
    remote_id: str = ""  # IDSCADENZA / ID, when given


@dataclass(frozen=True)
class ServiceParam:
    name: str
    type: str  # string|integer|date|boolean|long|float|double|binary
    description: str = ""


@dataclass(frozen=True)
class ServiceDescriptor:
    """A query's parameters and row class (getServiceDescriptor)."""

    name: str
    params: tuple[ServiceParam, ...] = ()
    row_class: str = ""

    def param(self, name: str) -> ServiceParam | None:
        """The parameter called ``name``, ignoring case (servers and catalogs disagree)."""
        wanted = name.lower()
        for param in self.params:
            if param.name.lower() == wanted:
                return param
        return None


@dataclass(frozen=True)
class RowClassDescriptor:
    """The properties of a row class (getRowClassDescriptor)."""

    name: str
    properties: tuple[ServiceParam, ...] = ()


@dataclass(frozen=True)
class District:
    """A Court of Appeal district of the office catalogue (getDistretti)."""

    code: str
    name: str
    gl_code: str  # codiceGestoreLocale, e.g. GLMI


@dataclass(frozen=True)
class OfficeService:
    """A telematic service of an office and its registers (getRegistriFromUfficio)."""

    code: str  # e.g. JPW_SICID
    registers: tuple[str, ...] = ()


@dataclass
class Page(Generic[T]):
    """One page of a paged query: its items and the server's total (``available``)."""

    items: list[T] = field(default_factory=list)
    available: int = 0
    page_no: int = 1
    page_size: int = 0
    elapsed_ms: int | None = None

    @property
    def has_more(self) -> bool:
        return needs_more_pages(self.available, self.page_no, self.page_size, len(self.items))

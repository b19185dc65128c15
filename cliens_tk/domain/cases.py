"""Cases (fascicoli): personal cases and registry records, from chapter 6 of the guide.

A personal case is the user's own; a registry record is the court's data from PolisWeb and is
read-only. Within one office and register a role number identifies one case: a personal case and
a registry record with the same role are always linked, and no two personal cases (or two
registry records) share a role.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from cliens_tk.domain.offices import Register
from cliens_tk.i18n import _


class CaseRuleError(ValueError):
    """A change the case rules refuse; the message is for the user, in Italian."""


_ROLE_RE = re.compile(r"^\s*(?:r\.?\s*g\.?\s*(?:n\.?)?\s*)?(\d{1,8})\s*[/\-]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class RoleNumber:
    """A docket number (numero di ruolo generale) n/year, unique within an office and register."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 99_999_999:
            raise CaseRuleError(_("Il numero di ruolo deve essere compreso tra 1 e 99999999."))
        if not 1900 <= self.year <= 2999:
            raise CaseRuleError(_("L'anno di ruolo deve essere di quattro cifre (es. 2024)."))

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"

    @classmethod
    def parse(cls, text: str) -> "RoleNumber":
        """Parse ``1234/2024`` (also ``R.G. n. 1234/2024``, ``00001234/2024``, ``1234-24``)."""
        match = _ROLE_RE.match(text or "")
        if not match:
            raise CaseRuleError(
                _("Numero di ruolo non valido: «{text}». Scrivere numero/anno, per esempio 1234/2024.").format(text=text)
            )
        number, year = int(match.group(1)), int(match.group(2))
        if year < 100:
            year += 2000 if year < 70 else 1900
        return cls(year=year, number=number)


@dataclass(frozen=True)
class CaseKey:
    """What identifies a case across personal and registry data: office, register, role."""

    office_code: str
    register: Register
    role: RoleNumber


@dataclass
class PersonalCase:
    title: str
    office_code: str
    register: Register
    role: RoleNumber | None = None
    notes: str = ""
    created_on: dt.date = field(default_factory=dt.date.today)
    id: int | None = None

    def check(self) -> None:
        if not self.title.strip():
            raise CaseRuleError(_("Indicare un'intestazione per il fascicolo."))
        if not self.office_code:
            raise CaseRuleError(_("Scegliere l'ufficio giudiziario del fascicolo."))

    @property
    def key(self) -> CaseKey | None:
        return CaseKey(self.office_code, self.register, self.role) if self.role else None


@dataclass(frozen=True)
class Party:
    name: str
    kind: str = ""  # TIPO: attore, convenuto, ...
    tax_code: str = ""
    lawyer: str = ""


@dataclass(frozen=True)
class HistoryEvent:
    when: dt.datetime | None
    description: str
    registered_on: dt.datetime | None = None


@dataclass
class RegistryRecord:
    """Registry data (dati di cancelleria) as downloaded; the user never edits it."""

    office_code: str
    register: Register
    role: RoleNumber
    plaintiff: str = ""  # attore principale
    defendant: str = ""  # convenuto principale
    parties: list[Party] = field(default_factory=list)
    judge: str = ""
    section: str = ""
    subject: str = ""  # oggetto
    rite: str = ""
    status: str = ""  # stato
    registered_on: dt.date | None = None  # data iscrizione
    last_hearing: dt.datetime | None = None
    next_hearing: dt.datetime | None = None
    modified_at: dt.datetime | None = None  # data ultima modifica, from the court
    history: list[HistoryEvent] = field(default_factory=list)
    remote_id: str = ""
    personal_case_id: int | None = None
    seen: bool = False
    id: int | None = None

    @property
    def key(self) -> CaseKey:
        return CaseKey(self.office_code, self.register, self.role)

    @property
    def parties_title(self) -> str:
        """The list heading of an unlinked record: "plaintiff - defendant"."""
        names = [n for n in (self.plaintiff.strip(), self.defendant.strip()) if n]
        return " - ".join(names) or _("(parti non indicate)")


class CaseRowKind(StrEnum):
    PERSONAL = "PERSONAL"
    REGISTRY = "REGISTRY"
    BOTH = "BOTH"


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list (Intestazione, Oggetto, Ruolo, Ufficio, Registro)."""

    kind: CaseRowKind
    title: str
    subject: str
    role: RoleNumber | None
    office_code: str
    register: Register
    seen: bool
    personal_case_id: int | None
    registry_record_id: int | None
    judge: str = ""
    parties: str = ""


def case_row(personal: PersonalCase | None, record: RegistryRecord | None) -> CaseRow:
    """Compose a list row as 6.2 describes: registry data wins for subject, role, office, register."""
    if personal is None and record is None:
        raise ValueError("a case row needs a personal case or a registry record")
    if personal is not None and record is not None:
        kind = CaseRowKind.BOTH
    elif personal is not None:
        kind = CaseRowKind.PERSONAL
    else:
        kind = CaseRowKind.REGISTRY
    title = personal.title if personal is not None else record.parties_title
    source = record if record is not None else personal
    return CaseRow(
        kind=kind,
        title=title,
        subject=record.subject if record is not None else "",
        role=record.role if record is not None else personal.role,
        office_code=source.office_code,
        register=source.register,
        seen=record.seen if record is not None else True,
        personal_case_id=personal.id if personal is not None else None,
        registry_record_id=record.id if record is not None else None,
        judge=record.judge if record is not None else "",
        parties=" ".join(p.name for p in record.parties) if record is not None else "",
    )


def linkable_records(case: PersonalCase, records: list[RegistryRecord]) -> list[RegistryRecord]:
    """Registry records a personal case may be linked to: unlinked, same office and register (6.5)."""
    return [
        r for r in records
        if r.personal_case_id is None and r.office_code == case.office_code and r.register == case.register
    ]


def linkable_cases(record: RegistryRecord, cases: list[PersonalCase], linked_ids: set[int]) -> list[PersonalCase]:
    """Personal cases a registry record may be linked to: unlinked, same office and register (6.6).

    A case whose role differs from the record's cannot take it: linking would give one case two roles.
    """
    return [
        c for c in cases
        if c.id not in linked_ids
        and c.office_code == record.office_code
        and c.register == record.register
        and (c.role is None or c.role == record.role)
    ]

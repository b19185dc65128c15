"""Case archive use cases, with the linking rules of 6.5-6.7.

The invariant kept here: within an office and register, a role number belongs to at most one
personal case and one registry record, and when both exist they are linked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import (
    CaseKey,
    CaseRow,
    CaseRuleError,
    PersonalCase,
    RegistryRecord,
    RoleNumber,
    linkable_records,
)
from cliens_tk.domain.offices import Register
from cliens_tk.i18n import _
from cliens_tk.store.activities import ActivityRepository
from cliens_tk.store.archive import Archive
from cliens_tk.store.cases import CaseRepository, record_to_row


@dataclass
class CaseDetail:
    """Everything the case detail window shows."""

    personal: PersonalCase | None
    record: RegistryRecord | None
    activities: list[Activity]

    @property
    def title(self) -> str:
        if self.personal is not None:
            return self.personal.title
        return self.record.parties_title if self.record else ""


@dataclass
class CreatedCase:
    case: PersonalCase
    linked_record: RegistryRecord | None


def _same_data(a: RegistryRecord, b: RegistryRecord) -> bool:
    ignored = ("seen", "personal_case_id")
    row_a, row_b = record_to_row(a), record_to_row(b)
    return all(row_a[k] == row_b[k] for k in row_a if k not in ignored)


class CaseService:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.repo = CaseRepository(archive)
        self.activities = ActivityRepository(archive)

    # -- reading -----------------------------------------------------------------------------
    def list_rows(self, search: str = "") -> list[CaseRow]:
        return self.repo.list_rows(search)

    def get_case(self, case_id: int) -> PersonalCase:
        case = self.repo.get_case(case_id)
        if case is None:
            raise CaseRuleError(_("Il fascicolo non esiste più (forse è stato eliminato)."))
        return case

    def get_record(self, record_id: int) -> RegistryRecord:
        record = self.repo.get_record(record_id)
        if record is None:
            raise CaseRuleError(_("I dati di cancelleria non esistono più (forse sono stati eliminati)."))
        return record

    def detail(self, case_id: int | None = None, record_id: int | None = None, mark_seen: bool = True) -> CaseDetail:
        """Open a case by personal case or registry record; opening it marks it as seen."""
        personal = self.get_case(case_id) if case_id is not None else None
        record = self.repo.record_of_case(case_id) if personal is not None else self.get_record(record_id)
        if personal is None and record is not None and record.personal_case_id is not None:
            personal = self.repo.get_case(record.personal_case_id)
        if record is not None and mark_seen and not record.seen:
            self.repo.mark_seen(record.id)
            record.seen = True
        if personal is not None:
            activities = self.activities.of_personal_case(personal.id)
        else:
            activities = self.activities.of_registry_record(record.id)
        return CaseDetail(personal, record, activities)

    def mark_all_seen(self) -> int:
        return self.repo.mark_all_seen()

    def holder_description(self, key: CaseKey) -> str | None:
        """The case that holds a role, described for a refusal message."""
        case = self.repo.case_by_key(key)
        if case is not None:
            return f"«{case.title}»"
        return None

    # -- creating and editing ------------------------------------------------------------------
    def _refuse_taken_role(self, key: CaseKey, except_case_id: int | None = None) -> None:
        holder = self.repo.case_by_key(key)
        if holder is not None and holder.id != except_case_id:
            raise CaseRuleError(
                _("Il numero di ruolo {role} è già assegnato al fascicolo «{title}» per lo stesso ufficio e registro.").format(
                    role=key.role, title=holder.title
                )
            )

    def create_case(self, title: str, office_code: str, register: Register, role: RoleNumber | None = None,
                    notes: str = "") -> CreatedCase:
        """Create a personal case (6.3); with a role, link the registry data of that role if present."""
        case = PersonalCase(title=title.strip(), office_code=office_code, register=register, role=role, notes=notes)
        case.check()
        with self.archive.transaction():
            record = None
            if case.key is not None:
                self._refuse_taken_role(case.key)
                record = self.repo.record_by_key(case.key)
            self.repo.add_case(case)
            if record is not None:
                self.repo.link(record.id, case.id)
                record.personal_case_id = case.id
        return CreatedCase(case, record)

    def update_case(self, case_id: int, title: str, notes: str) -> PersonalCase:
        case = self.get_case(case_id)
        case.title, case.notes = title.strip(), notes
        case.check()
        self.repo.update_case(case)
        return case

    def linkable_records(self, case_id: int) -> list[RegistryRecord]:
        """Unlinked registry records of the case's office and register (6.5 selection window)."""
        case = self.get_case(case_id)
        if self.repo.record_of_case(case_id) is not None:
            return []
        return linkable_records(case, self.repo.unlinked_records(case.office_code, case.register))

    def link_record(self, case_id: int, record_id: int) -> PersonalCase:
        """Link a registry record to a personal case; the case takes the record's role (6.5)."""
        with self.archive.transaction():
            case = self.get_case(case_id)
            record = self.get_record(record_id)
            if record.personal_case_id is not None and record.personal_case_id != case_id:
                raise CaseRuleError(_("Questi dati di cancelleria sono già collegati a un altro fascicolo."))
            linked = self.repo.record_of_case(case_id)
            if linked is not None and linked.id != record_id:
                raise CaseRuleError(_("Il fascicolo è già collegato ad altri dati di cancelleria."))
            if (record.office_code, record.register) != (case.office_code, case.register):
                raise CaseRuleError(_("Ufficio e registro dei dati di cancelleria non coincidono con quelli del fascicolo."))
            if case.role is not None and case.role != record.role:
                raise CaseRuleError(
                    _("Il fascicolo ha già il numero di ruolo {role}: non può essere collegato al ruolo {other}.").format(
                        role=case.role, other=record.role
                    )
                )
            self._refuse_taken_role(record.key, except_case_id=case_id)
            case.role = record.role
            self.repo.update_case(case)
            self.repo.link(record.id, case.id)
        return case

    def set_role(self, case_id: int, role: RoleNumber | None) -> tuple[PersonalCase, RegistryRecord | None]:
        """Add, change or remove a case's role by hand (6.5); registry data of that role is linked."""
        with self.archive.transaction():
            case = self.get_case(case_id)
            current = self.repo.record_of_case(case_id)
            if current is not None:
                raise CaseRuleError(
                    _("Il numero di ruolo di questo fascicolo viene dai dati di cancelleria collegati e non può essere cambiato a mano.")
                )
            case.role = role
            record = None
            if case.key is not None:
                self._refuse_taken_role(case.key, except_case_id=case_id)
                record = self.repo.record_by_key(case.key)
            self.repo.update_case(case)
            if record is not None:
                self.repo.link(record.id, case.id)
                record.personal_case_id = case.id
        return case, record

    def linkable_cases(self, record_id: int) -> list[PersonalCase]:
        """Unlinked personal cases of the record's office and register (6.6, second situation)."""
        record = self.get_record(record_id)
        return [
            c for c in self.repo.unlinked_cases(record.office_code, record.register)
            if c.role is None or c.role == record.role
        ]

    def create_case_for_record(self, record_id: int, title: str | None = None) -> PersonalCase:
        """A new personal case for unlinked registry data, linked to it."""
        with self.archive.transaction():
            record = self.get_record(record_id)
            if record.personal_case_id is not None:
                raise CaseRuleError(_("Questi dati di cancelleria hanno già un fascicolo personale."))
            self._refuse_taken_role(record.key)
            case = PersonalCase(
                title=(title or record.parties_title).strip(),
                office_code=record.office_code,
                register=record.register,
                role=record.role,
            )
            case.check()
            self.repo.add_case(case)
            self.repo.link(record.id, case.id)
        return case

    def delete_case(self, case_id: int) -> int:
        """Delete a personal case and its personal activities; its registry data become independent.

        PolisWeb activities are the court's and stay (unlinked from the deleted case). Returns the
        number of activities deleted.
        """
        with self.archive.transaction():
            self.get_case(case_id)
            deleted = self.archive.read(
                "SELECT COUNT(*) AS n FROM activity WHERE personal_case_id = :id AND kind != :polisweb",
                id=case_id, polisweb=ActivityKind.POLISWEB.value,
            )[0]["n"]
            self.archive.execute(
                "UPDATE activity SET previous_hearing_id = NULL WHERE previous_hearing_id IN"
                " (SELECT id FROM activity WHERE personal_case_id = :id AND kind != :polisweb)",
                id=case_id, polisweb=ActivityKind.POLISWEB.value,
            )
            self.archive.execute(
                "UPDATE activity SET next_hearing_id = NULL WHERE next_hearing_id IN"
                " (SELECT id FROM activity WHERE personal_case_id = :id AND kind != :polisweb)",
                id=case_id, polisweb=ActivityKind.POLISWEB.value,
            )
            self.archive.execute(
                "DELETE FROM activity WHERE personal_case_id = :id AND kind != :polisweb",
                id=case_id, polisweb=ActivityKind.POLISWEB.value,
            )
            self.repo.delete_case(case_id)  # foreign keys clear the record's and activities' links
        return int(deleted)

    def add_activity(self, case_id: int, today: dt.date | None = None) -> Activity:
        """A personal activity dated today, linked to the case (6.8); the UI opens it for editing."""
        case = self.get_case(case_id)
        day = today or dt.date.today()
        start = dt.datetime.combine(day, dt.time(9))
        activity = Activity(
            kind=ActivityKind.PERSONAL,
            title=_("Attività per {title}").format(title=case.title),
            start=start,
            end=start + dt.timedelta(hours=1),
            personal_case_id=case.id,
            created_on=day,
        )
        return self.activities.add(activity)

    # -- registry data arriving (download) ----------------------------------------------------------
    def store_record(self, record: RegistryRecord) -> RegistryRecord:
        """Insert or update registry data; a personal case with the same role is linked (6.6, first).

        New or changed records become unseen. Meant to run inside the download's per-case
        transaction.
        """
        with self.archive.transaction():
            existing = self.repo.record_by_key(record.key)
            holder = self.repo.case_by_key(record.key)
            if existing is not None:
                record.id = existing.id
                record.personal_case_id = existing.personal_case_id
            if holder is not None:
                record.personal_case_id = holder.id
            record.seen = existing is not None and existing.seen and _same_data(existing, record)
            if existing is None:
                self.repo.add_record(record)
            else:
                self.repo.update_record(record)
        return record

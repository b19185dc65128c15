"""Writing downloaded court data into the archive, one case at a time (guide 7.4).

Each case (registry record, history and hearings) is written in one transaction, so an
interrupted download never leaves half a case. Hearings become green PolisWeb activities keyed by
the court's identity (``polisweb_key``); within the span a download covers, a hearing that moved
upstream is updated and one that disappeared is removed. The user's own activities (duplicates
included) have no key and are never touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import HistoryEvent, Party, RegistryRecord, RoleNumber
from cliens_tk.domain.offices import Office, Register
from cliens_tk.i18n import _
from cliens_tk.polisweb.protocol.model import CaseProfile, Deadline
from cliens_tk.polisweb.protocol.model import HistoryEvent as RemoteEvent
from cliens_tk.store.activities import from_row as activity_from_row
from cliens_tk.store.codec import datetime_out

HEARING_LENGTH = dt.timedelta(minutes=30)  # the registry gives no duration


@dataclass(frozen=True)
class Span:
    """The stretch of time a download is authoritative for: hearings there mirror the court."""

    start: dt.datetime
    end: dt.datetime

    def __contains__(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


@dataclass
class CaseChanges:
    added: int = 0
    updated: int = 0
    removed: int = 0
    new_activity_ids: list[int] = field(default_factory=list)

    def __iadd__(self, other: "CaseChanges") -> "CaseChanges":
        self.added += other.added
        self.updated += other.updated
        self.removed += other.removed
        self.new_activity_ids += other.new_activity_ids
        return self


def hearing_key(office_code: str, register: Register, item: Deadline) -> str:
    """The court's identity of a hearing: its id when given, else case + moment."""
    if item.remote_id:
        return f"pw:{office_code}:{register.value}:{item.remote_id}"
    return f"pw:{office_code}:{register.value}:{item.year}/{item.number}:{item.when:%Y%m%d%H%M}"


def record_from_profile(profile: CaseProfile, register: Register, history: list[RemoteEvent]) -> RegistryRecord:
    return RegistryRecord(
        office_code=profile.office_code,
        register=register,
        role=RoleNumber(year=profile.year, number=profile.number),
        plaintiff=profile.plaintiff,
        defendant=profile.defendant,
        parties=[Party(p.name, p.kind, p.tax_code, p.lawyer) for p in profile.parties],
        judge=profile.judge,
        section=profile.section,
        subject=profile.subject,
        rite=profile.rite,
        status=profile.status,
        registered_on=profile.registered_on,
        last_hearing=profile.last_hearing,
        next_hearing=profile.next_hearing,
        modified_at=profile.modified_at,
        history=[HistoryEvent(e.when, e.description, e.registered_at)
                 for e in sorted(history, key=lambda e: (e.when or dt.datetime.min))],
        remote_id=profile.remote_id,
    )


def hearing_activity(item: Deadline, record: RegistryRecord, office: Office) -> Activity:
    description = item.description.strip() or _("Udienza")
    return Activity(
        kind=ActivityKind.POLISWEB,
        title=_("{what}: {parties} (R.G. {role})").format(what=description, parties=record.parties_title,
                                                        role=record.role),
        place=office.name,
        start=item.when,
        end=item.when + HEARING_LENGTH,
        judge=item.judge or record.judge,
        registry_record_id=record.id,
        personal_case_id=record.personal_case_id,
        polisweb_key=hearing_key(office.code, record.register, item),
        created_on=dt.date.today(),
    )


def _same(stored: Activity, fresh: Activity) -> bool:
    return (stored.title, stored.place, stored.start, stored.end, stored.judge, stored.personal_case_id) == (
        fresh.title, fresh.place, fresh.start, fresh.end, fresh.judge, fresh.personal_case_id)


def sync_hearings(services, record: RegistryRecord, office: Office, items: list[Deadline], span: Span) -> CaseChanges:
    """Make the record's PolisWeb hearings within ``span`` equal to ``items``. Call inside a transaction."""
    archive = services.archive
    changes = CaseChanges()
    wanted = {}
    for item in items:
        if item.when is None or item.when not in span:
            continue
        activity = hearing_activity(item, record, office)
        wanted[activity.polisweb_key] = activity
    stored = {
        row["polisweb_key"]: activity_from_row(row)
        for row in archive.read(
            "SELECT * FROM activity WHERE registry_record_id = :record AND kind = :kind"
            " AND polisweb_key IS NOT NULL AND start_at >= :start AND start_at < :end",
            record=record.id, kind=ActivityKind.POLISWEB.value,
            start=datetime_out(span.start), end=datetime_out(span.end))
    }
    for key, old in stored.items():
        if key not in wanted:
            archive.execute("UPDATE activity SET previous_hearing_id = NULL WHERE previous_hearing_id = :id", id=old.id)
            archive.execute("UPDATE activity SET next_hearing_id = NULL WHERE next_hearing_id = :id", id=old.id)
            archive.execute("DELETE FROM activity WHERE id = :id", id=old.id)
            changes.removed += 1
    for key, fresh in wanted.items():
        old = stored.get(key) or services.agenda.activities.by_polisweb_key(key)
        if old is None:
            services.agenda.activities.add(fresh)
            changes.added += 1
            changes.new_activity_ids.append(fresh.id)
        elif not _same(old, fresh):
            fresh.id, fresh.uid, fresh.created_on = old.id, old.uid, old.created_on
            services.agenda.activities.update(fresh)
            changes.updated += 1
    return changes


def apply_case(services, office: Office, record: RegistryRecord, items: list[Deadline], span: Span) -> CaseChanges:
    """Write one case and its hearings within ``span``, all or nothing."""
    with services.archive.transaction():
        services.cases.store_record(record)
        return sync_hearings(services, record, office, items, span)


def apply_window(services, office: Office, register: Register, items: list[Deadline], span: Span,
                 skip_record_ids: set[int]) -> CaseChanges:
    """Mirror the register-wide hearings of ``span`` onto every stored record of the office/register.

    Records already written by this download (``skip_record_ids``) are left alone; hearings of
    cases the archive does not hold are out of scope and ignored. Only cases whose hearings differ
    are written, each in its own transaction.
    """
    by_role: dict[tuple[int, int], list[Deadline]] = {}
    for item in items:
        if item.number is not None and item.year is not None:
            by_role.setdefault((item.year, item.number), []).append(item)
    total = CaseChanges()
    records = services.archive.read(
        "SELECT id, role_year, role_number FROM registry_record WHERE office_code = :office AND register = :register",
        office=office.code, register=register.value)
    for row in records:
        if row["id"] in skip_record_ids:
            continue
        record = services.cases.repo.get_record(row["id"])
        with services.archive.transaction():
            total += sync_hearings(services, record, office, by_role.get((row["role_year"], row["role_number"]), []),
                                   span)
    return total


def purge_polisweb_data(services) -> tuple[int, int]:
    """Delete every PolisWeb activity and registry record (guide 7.5); personal data stays.

    Personal cases lose their link (their registry data is gone) and every register's state is
    reset, so the next download is a first download. Returns (activities, records) deleted.
    """
    archive = services.archive
    with archive.transaction():
        activities = int(archive.read("SELECT COUNT(*) AS n FROM activity WHERE kind = :k",
                                      k=ActivityKind.POLISWEB.value)[0]["n"])
        records = int(archive.read("SELECT COUNT(*) AS n FROM registry_record")[0]["n"])
        archive.execute("UPDATE activity SET previous_hearing_id = NULL WHERE previous_hearing_id IN"
                        " (SELECT id FROM activity WHERE kind = :k)", k=ActivityKind.POLISWEB.value)
        archive.execute("UPDATE activity SET next_hearing_id = NULL WHERE next_hearing_id IN"
                        " (SELECT id FROM activity WHERE kind = :k)", k=ActivityKind.POLISWEB.value)
        archive.execute("DELETE FROM activity WHERE kind = :k", k=ActivityKind.POLISWEB.value)
        archive.execute("UPDATE activity SET registry_record_id = NULL WHERE registry_record_id IS NOT NULL")
        archive.execute("DELETE FROM registry_record")
        archive.execute(
            "UPDATE polisweb_register SET status = 'never', error = '', last_download = NULL,"
            " start_year_done = NULL, cases_found = 0")
    return activities, records

"""Change tracking in the archive: whatever code path changes an activity, the outbox knows."""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.services.export import ExportService, retry_delay
from cliens_tk.store.export import ExportRepository


def outbox(archive) -> dict[str, str]:
    return {r["uid"]: r["operation"] for r in archive.read("SELECT uid, operation FROM export_outbox")}


def enabled(archive) -> ExportRepository:
    repo = ExportRepository(archive)
    repo.update_account(url="http://x/", calendar_url="http://x/cal/", username="u")
    repo.enable()
    return repo


def test_nothing_is_tracked_while_the_export_is_off(services):
    services.agenda.save(Activity(title="Visita", due_date=dt.date(2026, 12, 1)))
    assert outbox(services.archive) == {}


def test_create_edit_delete_leave_one_entry_with_the_latest_operation(services):
    enabled(services.archive)
    activity = services.agenda.save(Activity(title="Visita", due_date=dt.date(2026, 12, 1)))
    assert outbox(services.archive) == {activity.uid: "PUT"}
    services.agenda.save(activity.edited(title="Visita medica"))
    services.agenda.save(activity.edited(title="Visita medica legale"))
    assert outbox(services.archive) == {activity.uid: "PUT"}
    services.agenda.delete(activity.id)
    assert outbox(services.archive) == {activity.uid: "DELETE"}


def test_changes_made_with_plain_sql_are_tracked_too(services):
    """A download or another tool writing the table directly is still exported."""
    enabled(services.archive)
    services.archive.execute(
        "INSERT INTO activity (uid, kind, title, due_date, created_on, updated_at)"
        " VALUES ('dl-1', 'POLISWEB', 'Udienza', '2026-12-01', '2026-11-25', '2026-11-25')")
    services.archive.execute("UPDATE activity SET title = 'Udienza rinviata' WHERE uid = 'dl-1'")
    assert outbox(services.archive) == {"dl-1": "PUT"}


def test_enabling_queues_every_activity_and_the_events_of_deleted_ones(services):
    archive = services.archive
    kept = services.agenda.save(Activity(title="A", due_date=dt.date(2026, 12, 1)))
    archive.execute("INSERT INTO export_item (uid, href, etag, content_hash, exported_at)"
                    " VALUES ('gone@cliens-tk', 'http://x/cal/gone.ics', '', 'h', '2026-01-01')")
    repo = enabled(archive)
    assert outbox(archive) == {kept.uid: "PUT", "gone@cliens-tk": "DELETE"}
    repo.disable()
    assert outbox(archive) == {}


def test_an_entry_changed_during_its_upload_stays_queued(services):
    repo = enabled(services.archive)
    activity = services.agenda.save(Activity(title="Visita", due_date=dt.date(2026, 12, 1)))
    [entry] = repo.pending()
    services.agenda.save(activity.edited(title="Visita spostata"))  # while the PUT is on the way
    repo.record_put(entry, "http://x/cal/v.ics", "etag", "hash")
    assert outbox(services.archive) == {activity.uid: "PUT"}
    [again] = repo.pending()
    repo.record_put(again, "http://x/cal/v.ics", "etag2", "hash2")
    assert outbox(services.archive) == {}


def test_case_reference_names_the_case(services):
    from cliens_tk.domain.cases import PersonalCase, RoleNumber
    from cliens_tk.domain.offices import Register

    office = services.offices.names()
    code = next(iter(office))
    case = services.cases.repo.add_case(PersonalCase(title="Rossi c. Bianchi", office_code=code,
                                                      register=Register.CIVIL, role=RoleNumber(2024, 1234)))
    activity = services.agenda.save(Activity(kind=ActivityKind.HEARING, title="Udienza", personal_case_id=case.id,
                                             start=dt.datetime(2026, 12, 1, 9), end=dt.datetime(2026, 12, 1, 10)))
    [(_, reference)] = ExportRepository(services.archive).activities_with_case([activity.uid]).values()
    assert reference == f"Rossi c. Bianchi - R.G. 1234/2024 - {office[code]}"


def test_back_off_grows_and_is_capped():
    delays = [retry_delay(n).total_seconds() for n in range(1, 10)]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == 30 * 60


def test_status_line_for_an_unconfigured_export(services):
    assert "non configurata" in ExportService(services.archive).status().text()

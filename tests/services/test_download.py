"""The PolisWeb download against the access-point emulator over real mutual TLS.

The archive must end up equal to the emulator's truth for the configured scope: cases of the ticked
offices/registers with role year >= the start year, their parties, and their hearings up to the end
of the month after the current one, none beyond.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.services.download import DownloadEngine, end_of_next_month
from cliens_tk.services.download_apply import purge_polisweb_data

NOW = dt.datetime(2026, 11, 25, 9, 0)


@pytest.fixture
def polisweb(services, tmp_path):
    """A running emulator and an archive configured to download from it with the demo certificate."""
    from cliens_tk.polisweb.emulator import Emulator
    from cliens_tk.services.polisweb_demo import configure_for

    emulator = Emulator(tmp_path / "emulator", seed=7, cases=60, now=NOW)
    emulator.start()
    configure_for(services.archive.data_dir, emulator)
    yield emulator
    emulator.stop()


def download(services, today=NOW.date(), **kwargs):
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService

    client = PolisWebSettingsService(services).client()
    return DownloadEngine(services, client, today=today, **kwargs).run()


def scope(services):
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService

    settings = PolisWebSettingsService(services)
    return {(office.code, register.value) for office, register in settings.targets()}, settings.start_year()


def expected_from_truth(services, truth, today):
    targets, start_year = scope(services)
    last = dt.datetime.combine(end_of_next_month(today) + dt.timedelta(days=1), dt.time(0))
    cases = [c for c in truth["cases"] if (c["office_code"], c["register"]) in targets and c["year"] >= start_year]
    hearings = {
        (c["office_code"], c["register"], c["year"], c["number"], dt.datetime.fromisoformat(i["when"]))
        for c in cases for i in c["items"]
        if i["kind"] == "udienza" and dt.datetime(start_year, 1, 1) <= dt.datetime.fromisoformat(i["when"]) < last
    }
    return cases, hearings


def archive_state(services):
    records = {(r.office_code, r.register.value, r.role.year, r.role.number): r for r in services.cases.repo.records()}
    by_id = {r.id: key for key, r in records.items()}
    hearings = {
        (*by_id[a.registry_record_id], a.start)
        for a in services.agenda.activities.all() if a.kind is ActivityKind.POLISWEB
    }
    return records, hearings


def assert_mirrors_truth(services, emulator, today):
    cases, expected_hearings = expected_from_truth(services, emulator.truth(), today)
    records, hearings = archive_state(services)
    assert set(records) == {(c["office_code"], c["register"], c["year"], c["number"]) for c in cases}
    for case in cases:
        record = records[(case["office_code"], case["register"], case["year"], case["number"])]
        assert (record.judge, record.subject, record.status) == (case["judge"], case["subject"], case["status"])
        assert sorted(p.name for p in record.parties) == sorted(p["name"] for p in case["parties"])
        assert len(record.history) == len(case["events"])
    assert hearings == expected_hearings
    assert services.archive.read("PRAGMA integrity_check")[0]["integrity_check"] == "ok"


def test_first_download_equals_the_emulator_truth_and_nothing_beyond_the_window(services, polisweb):
    summary = download(services)
    assert summary.ok, summary.text()
    assert_mirrors_truth(services, polisweb, NOW.date())
    limit = dt.datetime(2027, 1, 1)
    assert all(a.start < limit for a in services.agenda.activities.all() if a.kind is ActivityKind.POLISWEB)
    assert all(not r.seen for r in services.cases.repo.records())
    assert "fascicoli scaricati" in summary.text()


def test_incremental_download_fetches_only_changed_cases_and_converges(services, polisweb):
    first = download(services)
    targets, _ = scope(services)
    quiet = download(services)
    assert quiet.ok and quiet.requests < first.requests / 2
    polisweb.advance_clock(days=3)
    changed = polisweb.change_cases(8)
    later = NOW.date() + dt.timedelta(days=3)
    summary = download(services, today=later)
    assert summary.ok, summary.text()
    in_scope = {(c["office_code"], c["register"]) for c in changed} & targets
    assert sum(o.cases for o in summary.outcomes) >= len([c for c in changed
                                                          if (c["office_code"], c["register"]) in in_scope]) - 1
    assert_mirrors_truth(services, polisweb, later)


def test_requests_grow_with_registers_not_cases_when_nothing_changed(services, polisweb):
    download(services)
    download(services)  # the one-day margin refetches what changed just before
    quiet = download(services)
    targets, _ = scope(services)
    refetched = sum(o.cases for o in quiet.outcomes)
    assert quiet.requests <= 2 * len(targets) + 3 * refetched + 10


def test_a_failing_register_does_not_stop_the_others(services, polisweb):
    targets, _ = scope(services)
    office, register = sorted(targets)[0]
    polisweb.inject(503, office=office, register=register)
    summary = download(services)
    failed = summary.failed
    assert [(o.office.code, o.register.value) for o in failed] == [(office, register)]
    assert len(summary.outcomes) == len(targets) and not summary.ok
    assert "Non riuscito" in summary.text() and "Riprovare" in summary.text()
    from cliens_tk.store.polisweb import PolisWebRepository, RegisterStatus

    state = PolisWebRepository(services.archive).state(office, Register(register))
    assert state.status is RegisterStatus.ERROR and state.last_download is None
    polisweb.clear_injections()
    assert download(services).ok
    assert_mirrors_truth(services, polisweb, NOW.date())


def test_fault_on_one_register_is_reported_in_italian(services, polisweb):
    targets, _ = scope(services)
    office, register = sorted(targets)[-1]
    polisweb.inject(fault="cursor", office=office, register=register)
    summary = download(services)
    assert not summary.ok and len(summary.failed) == 1
    assert summary.failed[0].error and "Traceback" not in summary.failed[0].error


def test_user_data_survives_downloads(services, polisweb):
    download(services)
    record = services.cases.repo.records()[0]
    created = services.cases.create_case_for_record(record.id, title="Il mio fascicolo")
    services.cases.update_case(created.id, "Il mio fascicolo", "note mie")
    court = next(a for a in services.agenda.activities.all()
                 if a.kind is ActivityKind.POLISWEB and a.registry_record_id == record.id)
    copy = services.agenda.duplicate(court.id)
    copy = services.agenda.save(copy.edited(title="Mia copia", notes="portare perizia"))
    own = services.agenda.save(Activity(kind=ActivityKind.OFFICE, title="Studio", due_date=dt.date(2026, 12, 1),
                                        personal_case_id=created.id))
    polisweb.advance_clock(days=2)
    polisweb.change_cases(20)
    download(services, today=NOW.date() + dt.timedelta(days=2))
    case = services.cases.get_case(created.id)
    assert (case.title, case.notes, case.role) == ("Il mio fascicolo", "note mie", record.role)
    assert services.agenda.get(copy.id).title == "Mia copia"
    assert services.agenda.get(own.id).personal_case_id == created.id
    assert services.cases.get_record(record.id).personal_case_id == created.id


def test_registry_data_for_a_role_the_user_holds_is_linked(services, polisweb):
    cases, _ = expected_from_truth(services, polisweb.truth(), NOW.date())
    target = cases[0]
    created = services.cases.create_case("Già mio", target["office_code"], Register(target["register"]),
                                         RoleNumber(target["year"], target["number"])).case
    download(services)
    record = services.cases.repo.record_of_case(created.id)
    assert record is not None and record.subject == target["subject"]
    hearings = [a for a in services.agenda.activities.all() if a.registry_record_id == record.id]
    assert hearings and all(a.personal_case_id == created.id for a in hearings)


def test_purge_removes_polisweb_data_keeps_personal_and_resets_registers(services, polisweb):
    download(services)
    record = services.cases.repo.records()[0]
    case = services.cases.create_case_for_record(record.id, title="Tenuto")
    services.agenda.save(Activity(kind=ActivityKind.PERSONAL, title="Mia", due_date=dt.date(2026, 12, 3),
                                  personal_case_id=case.id))
    activities, records = purge_polisweb_data(services)
    assert activities > 0 and records > 0
    assert services.cases.repo.records() == []
    assert not [a for a in services.agenda.activities.all() if a.kind is ActivityKind.POLISWEB]
    assert services.cases.get_case(case.id).title == "Tenuto"
    from cliens_tk.store.polisweb import PolisWebRepository

    assert all(s.last_download is None for o in PolisWebRepository(services.archive).offices()
               for s in o.registers.values())
    summary = download(services)
    assert summary.ok and all(o.first for o in summary.outcomes)
    assert services.cases.repo.record_of_case(case.id) is not None


def test_cancel_stops_between_cases_and_the_next_download_converges(services, polisweb):
    import threading

    cancel = threading.Event()
    seen = []

    def on_progress(progress):
        seen.append(progress.done)
        if progress.done >= 3:
            cancel.set()

    summary = download(services, on_progress=on_progress, cancel=cancel, parallelism=1)
    assert summary.cancelled and "annullato" in summary.text()
    assert services.archive.read("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    assert download(services).ok
    assert_mirrors_truth(services, polisweb, NOW.date())

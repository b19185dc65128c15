"""The headless commands: export caldav configure/sync/status/disable, export ics, import ics."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from cliens_tk import cli
from cliens_tk.domain.activity import Activity
from cliens_tk.services.export import ExportService

from radicale_server import PASSWORD, free_port


@pytest.fixture
def with_password(monkeypatch):
    monkeypatch.setenv("CLIENS_TK_CALDAV_PASSWORD", PASSWORD)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_configure_and_sync_an_account_with_one_calendar(services, radicale, capsys, with_password, file_keyring,
                                                          monkeypatch):
    services.agenda.save(Activity(title="Udienza Verdi", start=dt.datetime(2026, 12, 1, 9),
                                  end=dt.datetime(2026, 12, 1, 10)))
    code, out, _ = run(capsys, "export", "caldav", "configure", "--url", radicale.url, "--user", "anna")
    assert code == 0 and "«Personale»" in out and "Attività da esportare: 1" in out
    assert PASSWORD in file_keyring.path.read_text()
    monkeypatch.delenv("CLIENS_TK_CALDAV_PASSWORD")  # from now on the keyring's password is used
    code, out, _ = run(capsys, "export", "caldav", "sync")
    assert code == 0 and "Inviate: 1" in out and "allineato" in out
    code, out, _ = run(capsys, "export", "caldav", "status")
    assert "Ultima esportazione" in out and "Personale" in out
    code, out, _ = run(capsys, "export", "caldav", "disable", "--remove")
    assert code == 0 and "eliminati dal calendario: 1" in out


def test_several_calendars_need_a_name(services, radicale, capsys, with_password):
    code, _, err = run(capsys, "export", "caldav", "configure", "--url", radicale.url, "--user", "bruno")
    assert code == 2 and "--calendar" in err and "«Famiglia», «Lavoro»" in err
    code, out, _ = run(capsys, "export", "caldav", "configure", "--url", radicale.url, "--user", "bruno",
                       "--calendar", "Lavoro")
    assert code == 0 and "«Lavoro»" in out


def test_a_missing_calendar_can_be_created(services, radicale, capsys, with_password):
    code, _, err = run(capsys, "export", "caldav", "configure", "--url", radicale.url, "--user", "mario",
                       "--calendar", "Agenda da riga di comando")
    assert code == 2 and "--create" in err
    code, out, _ = run(capsys, "export", "caldav", "configure", "--url", radicale.url, "--user", "mario",
                       "--calendar", "Agenda da riga di comando", "--create")
    assert code == 0 and "agenda-da-riga-di-comando" in out


def test_a_wrong_password_fails_with_the_reason(services, radicale, capsys, monkeypatch):
    monkeypatch.setenv("CLIENS_TK_CALDAV_PASSWORD", "sbagliata")
    code, _, err = run(capsys, "export", "caldav", "configure", "--url", radicale.url, "--user", "anna")
    assert code == 1 and "password non accettati" in err


def test_sync_fails_with_the_reason_when_the_server_is_unreachable(services, radicale, capsys, with_password):
    assert run(capsys, "export", "caldav", "configure", "--url", radicale.url, "--user", "anna")[0] == 0
    dead = f"http://127.0.0.1:{free_port()}/"
    ExportService(services.archive).repo.update_account(url=dead, calendar_url=dead + "anna/personale/")
    services.agenda.save(Activity(title="Scadenza", due_date=dt.date(2026, 12, 1)))
    code, out, err = run(capsys, "export", "caldav", "sync")
    assert code == 1 and "non è raggiungibile" in err and "in attesa: 1" in out


def test_sync_without_configuration_fails(services, capsys):
    code, _, err = run(capsys, "export", "caldav", "sync")
    assert code == 1 and "Configura calendario" in err


def test_ics_export_of_a_period_and_import_back(services, tmp_path, capsys):
    for day in (1, 10, 20):
        services.agenda.save(Activity(title=f"Udienza del {day}", start=dt.datetime(2026, 12, day, 9),
                                      end=dt.datetime(2026, 12, day, 10)))
    services.agenda.save(Activity(title="Deposito", due_date=dt.date(2026, 12, 12)))
    target = tmp_path / "dicembre.ics"
    code, out, _ = run(capsys, "export", "ics", str(target), "--from", "05/12/2026", "--to", "15/12/2026")
    assert code == 0 and "2 attività" in out
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert sorted(str(e["summary"]) for e in calendar.walk("VEVENT")) == ["Deposito", "Udienza del 10"]

    foreign = tmp_path / "altro.ics"
    foreign.write_bytes(target.read_bytes().replace(b"@cliens-tk", b"@altro"))
    code, out, _ = run(capsys, "import", "ics", str(foreign))
    assert code == 0 and "Attività importate: 2" in out
    code, out, _ = run(capsys, "import", "ics", str(foreign))
    assert "Già presenti in agenda (non importate di nuovo): 2" in out
    assert services.agenda.activities.count() == 6


def test_import_of_a_missing_or_broken_file_is_a_usage_error(services, tmp_path, capsys):
    code, _, err = run(capsys, "import", "ics", str(tmp_path / "nessuno.ics"))
    assert code == 2 and "File non trovato" in err
    broken = tmp_path / "rotto.ics"
    broken.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\n")
    code, _, err = run(capsys, "import", "ics", str(broken))
    assert code == 2 and "calendario" in err

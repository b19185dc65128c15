"""The export against a real Radicale server, counting the requests it receives."""

from __future__ import annotations

import datetime as dt
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading

import icalendar
import pytest

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.export import caldav_client
from cliens_tk.export.caldav_client import CalDavClient, CalendarInfo
from cliens_tk.export.ical import read_events
from cliens_tk.services.export import ExportService
from cliens_tk.services.export_setup import ServerKind, create_calendar, probe

from radicale_server import PASSWORD, RadicaleServer, free_port


def direct(radicale, url: str) -> str:
    """The same calendar addressed to Radicale itself, bypassing the counting proxy."""
    return radicale.url + url.split("/", 3)[3]


def server_events(radicale, calendar_url: str) -> dict[str, icalendar.Event]:
    """UID -> event, as stored on the server, parsed with the icalendar library."""
    with CalDavClient(radicale.url, "mario", PASSWORD) as client:
        events = {}
        for href in client.event_hrefs(direct(radicale, calendar_url)):
            calendar = icalendar.Calendar.from_ical(client.get_event(href))
            for event in calendar.walk("VEVENT"):
                events[str(event["uid"])] = event
        return events


@pytest.fixture
def export(services, proxy, calendar_url):
    service = ExportService(services.archive)
    queued = service.configure(ServerKind.CALDAV, proxy.url, "mario", PASSWORD, CalendarInfo(calendar_url, "Agenda"))
    assert queued == 0
    proxy.reset()
    return service


def add(services, **values) -> Activity:
    values.setdefault("title", "Udienza")
    if not {"due_date", "show_from", "start"} & set(values):
        values["start"] = dt.datetime(2026, 12, 1, 9, 30)
        values["end"] = dt.datetime(2026, 12, 1, 10, 30)
    return services.agenda.save(Activity(**values))


# -- the wizard's server checks ---------------------------------------------------------------
def test_an_account_with_one_calendar_is_chosen_without_asking(radicale):
    result = probe(ServerKind.CALDAV, radicale.url, "anna", PASSWORD)
    assert result.single is not None and result.single.name == "Personale"
    assert result.single.url == f"{radicale.url}anna/personale/"


def test_an_account_with_several_calendars_lists_them(radicale):
    result = probe(ServerKind.CALDAV, radicale.url, "bruno", PASSWORD)
    assert result.single is None
    assert [c.name for c in result.calendars] == ["Famiglia", "Lavoro"]


def test_a_separate_calendar_can_be_created(radicale):
    assert probe(ServerKind.CALDAV, radicale.url, "carla", PASSWORD).calendars == []
    created = create_calendar(ServerKind.CALDAV, radicale.url, "carla", PASSWORD, "Agenda CTU – Tribunale")
    assert created.url == f"{radicale.url}carla/agenda-ctu-tribunale/"
    found = probe(ServerKind.CALDAV, radicale.url, "carla", PASSWORD)
    assert found.single == CalendarInfo(created.url, "Agenda CTU – Tribunale")


def test_a_wrong_password_is_reported_as_such(radicale):
    with pytest.raises(caldav_client.WrongCredentialsError, match="password non accettati"):
        probe(ServerKind.CALDAV, radicale.url, "anna", "sbagliata")


def test_an_unreachable_server_is_reported_as_such():
    with pytest.raises(caldav_client.ServerUnreachableError, match="non è raggiungibile"):
        probe(ServerKind.CALDAV, f"http://127.0.0.1:{free_port()}/", "anna", PASSWORD)


def test_a_web_server_that_is_not_caldav_is_reported_as_such():
    class Plain(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_PROPFIND(self):
            body = b"<html><body>Benvenuti</body></html>"
            self.send_response(405)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Plain)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(caldav_client.NotCalDavError, match="server calendario"):
            probe(ServerKind.CALDAV, f"http://127.0.0.1:{server.server_address[1]}/", "anna", PASSWORD)
    finally:
        server.shutdown()
        server.server_close()


def test_google_is_honest_about_oauth():
    from cliens_tk.services.export_setup import GoogleNotSupportedError

    with pytest.raises(GoogleNotSupportedError, match="OAuth2"):
        probe(ServerKind.GOOGLE, "", "mario@gmail.com", "x")


def test_the_password_goes_to_the_keyring_not_the_archive(services, proxy, calendar_url, file_keyring):
    ExportService(services.archive).configure(ServerKind.CALDAV, proxy.url, "mario", PASSWORD,
                                              CalendarInfo(calendar_url, "Agenda"))
    assert PASSWORD in file_keyring.path.read_text()
    raw = services.archive.path.read_bytes() + b"".join(
        p.read_bytes() for p in services.archive.path.parent.glob("*.sqlite-wal"))
    assert PASSWORD.encode() not in raw


# -- incremental export -----------------------------------------------------------------------
def test_full_export_puts_every_activity_with_a_day(services, radicale, proxy, calendar_url):
    activities = [add(services, title=f"Udienza {i}", start=dt.datetime(2026, 12, 1 + i, 9),
                      end=dt.datetime(2026, 12, 1 + i, 10)) for i in range(5)]
    activities.append(add(services, title="Deposito relazione", due_date=dt.date(2026, 12, 20)))
    add(services, title="Solo promemoria", show_from=dt.date(2026, 12, 1))
    service = ExportService(services.archive)
    proxy.reset()
    service.configure(ServerKind.CALDAV, proxy.url, "mario", PASSWORD, CalendarInfo(calendar_url, "Agenda"))
    result = service.sync()
    assert result.in_sync and result.sent == 6
    assert proxy.methods() == ["PUT"] * 6
    on_server = server_events(radicale, calendar_url)
    assert set(on_server) == {a.uid for a in activities}
    deadline = on_server[activities[-1].uid]
    assert deadline["dtstart"].dt == dt.date(2026, 12, 20)
    assert service.status().account.last_export_at is not None
    # «Esporta ora» again: nothing changed, nothing sent
    proxy.reset()
    assert service.full_export().sent == 0
    assert proxy.methods() == []


def test_one_edit_sends_exactly_one_put(services, radicale, proxy, calendar_url, export):
    hearing = add(services, kind=ActivityKind.HEARING, title="Udienza Rossi", place="Aula 3")
    add(services, title="Altra attività")
    export.sync()
    proxy.reset()
    services.agenda.save(hearing.edited(place="Aula 12"))
    result = export.sync()
    assert proxy.methods() == ["PUT"]
    assert result.sent == 1 and result.in_sync
    assert str(server_events(radicale, calendar_url)[hearing.uid]["location"]) == "Aula 12"


def test_saving_without_changes_sends_nothing(services, proxy, export):
    hearing = add(services)
    export.sync()
    proxy.reset()
    services.agenda.save(services.agenda.get(hearing.id))
    assert export.sync().unchanged == 1
    assert proxy.methods() == []


def test_many_changes_at_once_send_one_request_per_activity(services, proxy, export):
    activities = [add(services, title=f"Attività {i}") for i in range(12)]
    for _ in range(3):  # three edits each before the exporter runs: still one PUT each
        for activity in activities:
            activity = services.agenda.save(services.agenda.get(activity.id).edited(title=activity.title + "!"))
    assert export.sync().sent == 12
    assert proxy.methods() == ["PUT"] * 12


def test_delete_sends_exactly_one_delete(services, radicale, proxy, calendar_url, export):
    activity = add(services)
    export.sync()
    proxy.reset()
    services.agenda.delete(activity.id)
    assert export.sync().deleted == 1
    assert proxy.methods() == ["DELETE"]
    assert server_events(radicale, calendar_url) == {}


def test_an_activity_created_and_deleted_before_the_export_costs_nothing(services, proxy, export):
    activity = add(services)
    services.agenda.delete(activity.id)
    assert export.sync().in_sync
    assert proxy.methods() == []


def test_the_app_wins_when_the_event_changed_on_the_server(services, radicale, proxy, calendar_url, export):
    activity = add(services, title="Udienza")
    export.sync()
    with CalDavClient(radicale.url, "mario", PASSWORD) as phone:  # someone edits it on the phone
        href = next(iter(phone.event_hrefs(direct(radicale, calendar_url))))
        text = phone.get_event(href).replace(b"SUMMARY:Udienza", b"SUMMARY:Cambiata dal telefono")
        phone.put_event("", activity.uid, text, href=href)
    services.agenda.save(services.agenda.get(activity.id).edited(place="Aula 1"))
    assert export.sync().in_sync
    event = server_events(radicale, calendar_url)[activity.uid]
    assert str(event["summary"]) == "Udienza" and str(event["location"]) == "Aula 1"


def test_dst_night_all_day_and_accents_round_trip_through_the_server(services, radicale, calendar_url, export):
    night = add(services, title="Sopralluogo notturno a Forlì – «urgente»", place="Città di Castello, già lì",
                notes="Perché sì: è così.\nSeconda riga; virgola, barra \\",
                start=dt.datetime(2026, 10, 25, 1, 30), end=dt.datetime(2026, 10, 25, 3, 30))
    spring = add(services, title="Notte del cambio d'ora", start=dt.datetime(2026, 3, 29, 1, 45),
                 end=dt.datetime(2026, 3, 29, 3, 15))
    holiday = add(services, title="Ferie d'agosto", start=dt.datetime(2026, 8, 10), end=dt.datetime(2026, 8, 22),
                  all_day=True)
    assert export.sync().in_sync
    with CalDavClient(radicale.url, "mario", PASSWORD) as client:
        stored = b"".join(client.get_event(h) for h in client.event_hrefs(direct(radicale, calendar_url)))
    back = {a.uid: a for a in read_events(stored).activities}
    for original in (night, spring, holiday):
        copy = back[original.uid]
        assert (copy.title, copy.place, copy.start, copy.end, copy.all_day) == \
            (original.title, original.place, original.start, original.end, original.all_day)
    assert back[night.uid].notes.startswith(night.notes)


def test_disable_can_remove_the_exported_events(services, radicale, calendar_url, export):
    for i in range(3):
        add(services, title=f"Udienza {i}")
    export.sync()
    assert len(server_events(radicale, calendar_url)) == 3
    assert export.disable(remove_events=True) == 3
    assert server_events(radicale, calendar_url) == {}
    add(services, title="Dopo la disattivazione")
    assert export.repo.pending_count() == 0  # nothing tracked while off


def test_disable_can_keep_the_exported_events(services, radicale, calendar_url, export):
    add(services)
    export.sync()
    assert export.disable(remove_events=False) == 0
    assert len(server_events(radicale, calendar_url)) == 1


def test_a_changed_password_stops_the_export_with_a_clear_error(services, proxy, export, file_keyring):
    from cliens_tk.security import secrets
    from cliens_tk.services.export_setup import secret_key

    secrets.set_secret("caldav", secret_key(proxy.url, "mario"), "vecchia")
    add(services)
    result = export.sync()
    assert not result.in_sync and "password non accettati" in result.error
    assert export.repo.pending_count() == 1
    assert "password non accettati" in export.status().text()


# -- offline, then back on line -----------------------------------------------------------------
def test_offline_changes_are_retried_with_back_off_and_sent_when_back(services, tmp_path):
    server = RadicaleServer(tmp_path / "radicale")
    server.start()
    try:
        calendar = server.make_calendar("mario", "agenda", "Agenda")
        now = [dt.datetime(2026, 11, 25, 10, 0)]
        service = ExportService(services.archive, clock=lambda: now[0])
        service.configure(ServerKind.CALDAV, server.url, "mario", PASSWORD, CalendarInfo(calendar, "Agenda"))
        first = add(services, title="Prima")
        assert service.sync().in_sync

        server.stop()  # off line
        services.agenda.save(first.edited(title="Prima, modificata"))
        second = add(services, title="Seconda")
        result = service.sync()
        assert "non è raggiungibile" in result.error and result.pending == 2
        assert result.retry_at == now[0] + dt.timedelta(seconds=30)
        assert not service.is_due()  # waits for the back-off
        now[0] += dt.timedelta(seconds=31)
        assert service.is_due()
        assert service.sync().retry_at == now[0] + dt.timedelta(seconds=60)  # still off: longer wait

        server.start()  # back on line
        now[0] += dt.timedelta(seconds=61)
        assert service.is_due()
        result = service.sync()
        assert result.in_sync and result.sent == 2
        status = service.status()
        assert status.account.last_error == "" and status.account.failures == 0
        with CalDavClient(server.url, "mario", PASSWORD) as client:
            titles = sorted(str(icalendar.Calendar.from_ical(client.get_event(h)).walk("VEVENT")[0]["summary"])
                            for h in client.event_hrefs(calendar))
        assert titles == ["Prima, modificata", "Seconda"]
        assert second.uid
    finally:
        server.stop()


def test_a_busy_server_is_retried_later(services):
    class Busy(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_PUT(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(503)
            self.send_header("Retry-After", "120")
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Busy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        service = ExportService(services.archive)
        service.configure(ServerKind.CALDAV, url, "mario", PASSWORD, CalendarInfo(url + "cal/", "Agenda"))
        add(services)
        result = service.sync()
        assert "non è disponibile in questo momento (errore 503)" in result.error
        assert result.pending == 1 and result.retry_at is not None
    finally:
        server.shutdown()
        server.server_close()

"""The export settings window and the «Configura calendario» wizard, driven as a user would,
against the real Radicale server; the background exporter sends the agenda's changes."""

from __future__ import annotations

import datetime as dt
import time

import icalendar
import pytest

from cliens_tk.domain.activity import Activity
from cliens_tk.services.export_setup import ServerKind
from cliens_tk.ui import export as ui_export
from cliens_tk.ui.app import UiContext
from cliens_tk.ui.bus import AGENDA_CHANGED
from cliens_tk.ui.export.scheduler import ExportScheduler
from cliens_tk.ui.export.wizard import CalendarWizard

from radicale_server import PASSWORD

pytestmark = pytest.mark.gui


def pump(root, until, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        root.update()
        if until():
            return
        time.sleep(0.02)
    raise AssertionError("the window did not get there in time")


@pytest.fixture
def ctx(tk_root, services):
    context = UiContext(tk_root, services)
    ui_export._schedulers[context] = ExportScheduler(context, poll_ms=100, after_change_ms=50)
    yield context
    window = ui_export._windows.pop(context, None)
    for child in tk_root.winfo_children():
        if isinstance(child, CalendarWizard) or child is window:
            child.destroy()
    ui_export.stop_background_export(context)
    context.tasks.wait_idle()
    context.close()
    tk_root.update()


def open_wizard(ctx) -> tuple:
    window = ui_export.open_export_settings(ctx)
    ctx.root.update()
    window.configure_button.invoke()
    wizard = next(w for w in window.winfo_children() if isinstance(w, CalendarWizard))
    return window, wizard


def fill(wizard, url: str, user: str, password: str, kind: ServerKind = ServerKind.CALDAV) -> None:
    wizard.kind_var.set(kind.label)
    wizard._on_kind()
    wizard.url_entry.delete(0, "end")
    wizard.url_entry.insert(0, url)
    wizard.user_entry.delete(0, "end")
    wizard.user_entry.insert(0, user)
    wizard.password_entry.insert(0, password)


def test_one_calendar_account_is_configured_and_the_agenda_appears(ctx, services, radicale):
    hearing = services.agenda.save(Activity(title="Udienza Bianchi – perizia", start=dt.datetime(2026, 12, 2, 9),
                                            end=dt.datetime(2026, 12, 2, 10)))
    window, wizard = open_wizard(ctx)
    assert window.calendar_var.get() == "(non configurato)"
    fill(wizard, radicale.url, "anna", PASSWORD)
    wizard.next_button.invoke()
    pump(ctx.root, lambda: not wizard.winfo_exists())  # one calendar: chosen, wizard closed
    assert window.calendar_var.get() == "Personale"
    assert window.enabled_var.get() is True
    pump(ctx.root, lambda: "Ultima esportazione" in window.status_var.get())
    with ExportClient(radicale, "anna") as client:
        assert hearing.uid in client.uids("anna/personale/")


def test_several_calendars_ask_for_the_name(ctx, radicale):
    window, wizard = open_wizard(ctx)
    fill(wizard, radicale.url, "bruno", PASSWORD)
    wizard.next_button.invoke()
    pump(ctx.root, lambda: wizard.step == 2)
    assert list(wizard.calendar_box.cget("values")) == ["Famiglia", "Lavoro"]
    assert wizard.next_button.cget("text") == "Fine"
    wizard.calendar_var.set("Lavoro")
    wizard.next_button.invoke()
    pump(ctx.root, lambda: not wizard.winfo_exists())
    assert window.calendar_var.get() == "Lavoro"
    assert ctx.services.archive.read("SELECT calendar_url FROM export_account")[0]["calendar_url"] == \
        f"{radicale.url}bruno/lavoro/"


def test_a_separate_calendar_is_created_from_the_wizard(ctx, radicale):
    window, wizard = open_wizard(ctx)
    fill(wizard, radicale.url, "dora", PASSWORD)
    wizard.next_button.invoke()
    pump(ctx.root, lambda: wizard.step == 2)
    assert "non ha calendari" in wizard.error_var.get()
    wizard.new_name_var.set("Agenda CTU")
    wizard.create_button.invoke()
    pump(ctx.root, lambda: wizard.calendar_var.get() == "Agenda CTU")
    wizard.next_button.invoke()
    pump(ctx.root, lambda: not wizard.winfo_exists())
    assert window.calendar_var.get() == "Agenda CTU"


def test_a_wrong_password_is_shown_and_nothing_typed_is_lost(ctx, radicale):
    _window, wizard = open_wizard(ctx)
    fill(wizard, radicale.url, "anna", "sbagliata")
    wizard.next_button.invoke()
    pump(ctx.root, lambda: bool(wizard.error_var.get()))
    assert "password non accettati" in wizard.error_var.get()
    assert wizard.step == 1 and wizard.winfo_exists()
    assert (wizard.url_var.get(), wizard.user_var.get()) == (radicale.url, "anna")
    assert str(wizard.next_button.cget("state")) == "normal"


def test_google_explains_oauth_and_does_not_pretend(ctx):
    _window, wizard = open_wizard(ctx)
    wizard.kind_var.set(ServerKind.GOOGLE.label)
    wizard._on_kind()
    ctx.root.update()
    assert "OAuth2" in wizard.hint_var.get()
    assert str(wizard.next_button.cget("state")) == "disabled"
    assert str(wizard.url_entry.cget("state")) == "disabled"


def test_background_export_sends_one_put_per_edit_and_shows_the_status(ctx, services, proxy, calendar_url):
    from cliens_tk.export.caldav_client import CalendarInfo

    activity = services.agenda.save(Activity(title="Udienza", start=dt.datetime(2026, 12, 3, 9),
                                             end=dt.datetime(2026, 12, 3, 10)))
    scheduler = ui_export.start_background_export(ctx)
    scheduler.service.configure(ServerKind.CALDAV, proxy.url, "mario", PASSWORD, CalendarInfo(calendar_url, "A"))
    window = ui_export.open_export_settings(ctx)
    pump(ctx.root, lambda: scheduler.service.repo.pending_count() == 0 and not scheduler.running)
    proxy.reset()
    services.agenda.save(services.agenda.get(activity.id).edited(title="Udienza rinviata"))
    ctx.bus.publish(AGENDA_CHANGED, activity_id=activity.id)
    pump(ctx.root, lambda: proxy.methods() == ["PUT"] and not scheduler.running)
    time.sleep(0.3)
    ctx.root.update()
    assert proxy.methods() == ["PUT"]
    assert "Ultima esportazione" in window.status_var.get()


def test_disabling_offers_to_remove_the_exported_events(ctx, services, radicale, proxy, calendar_url):
    from cliens_tk.export.caldav_client import CalendarInfo

    for i in range(2):
        services.agenda.save(Activity(title=f"Udienza {i}", due_date=dt.date(2026, 12, 5 + i)))
    scheduler = ui_export.start_background_export(ctx)
    scheduler.service.configure(ServerKind.CALDAV, proxy.url, "mario", PASSWORD, CalendarInfo(calendar_url, "A"))
    window = ui_export.open_export_settings(ctx)
    pump(ctx.root, lambda: scheduler.service.status().exported == 2 and not scheduler.running)
    asked = []
    window.ask_disable = lambda parent, exported: asked.append(exported) or "remove"
    window.enabled_check.invoke()
    pump(ctx.root, lambda: "eventi eliminati" in window.status_var.get())
    assert asked == [2]
    assert window.enabled_var.get() is False
    path = calendar_url.split("/", 3)[3]
    with ExportClient(radicale, "mario") as client:
        assert client.uids(path) == set()


def test_ics_file_export_and_import_from_the_window(ctx, services, tmp_path):
    services.agenda.save(Activity(title="Sopralluogo a Forlì", start=dt.datetime(2026, 12, 4, 15),
                                  end=dt.datetime(2026, 12, 4, 17)))
    window = ui_export.open_export_settings(ctx)
    target = tmp_path / "agenda.ics"
    window.ask_save_path = lambda parent: str(target)
    window.ics_export_button.invoke()
    pump(ctx.root, lambda: "scritte in" in window.status_var.get())
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Sopralluogo a Forlì"]

    foreign = tmp_path / "altro.ics"
    foreign.write_bytes(target.read_bytes().replace(b"@cliens-tk", b"@telefono"))
    shown = []
    changed = []
    ctx.bus.subscribe(AGENDA_CHANGED, lambda **data: changed.append(data))
    window.ask_open_path = lambda parent: str(foreign)
    window.show_message = lambda parent, message, title: shown.append(message)
    window.ics_import_button.invoke()
    pump(ctx.root, lambda: bool(shown))
    assert "Attività importate: 1" in shown[0]
    assert changed  # the agenda windows refresh
    assert services.agenda.activities.count() == 2


class ExportClient:
    """Reads a calendar straight from Radicale (not through the proxy)."""

    def __init__(self, radicale, user: str):
        from cliens_tk.export.caldav_client import CalDavClient

        self.radicale = radicale
        self.client = CalDavClient(radicale.url, user, PASSWORD)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.client.close()

    def uids(self, path: str) -> set[str]:
        found = set()
        for href in self.client.event_hrefs(self.radicale.url + path):
            for event in icalendar.Calendar.from_ical(self.client.get_event(href)).walk("VEVENT"):
                found.add(str(event["uid"]))
        return found

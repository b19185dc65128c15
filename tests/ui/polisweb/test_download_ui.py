"""«Scarica PolisWeb» from the agenda, under Xvfb, against the emulator over mutual TLS.

The user presses the button, sees the office and register being read in the agenda's bottom bar,
sees green hearings appear in the open agenda while the download runs, and gets a summary; the
window stays usable throughout, and the cancel button stops the download cleanly.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from cliens_tk.domain.activity import KIND_COLOURS, ActivityKind
from cliens_tk.ui.agenda import open_agenda
from ui.agenda.gui import answer_dialog, pump, ui  # noqa: F401

pytestmark = pytest.mark.gui


@pytest.fixture
def emulator(services, tmp_path):
    from cliens_tk.polisweb.emulator import Emulator
    from cliens_tk.services.polisweb_demo import configure_for

    running = Emulator(tmp_path / "emulator", seed=3, cases=40, latency=0.02)
    running.start()
    configure_for(services.archive.data_dir, running)
    yield running
    running.stop()


@pytest.fixture
def agenda(ui):
    window = open_agenda(ui)
    window.geometry("1200x760+0+0")
    pump(ui.root, 0.05)
    return window


def green_stripes(window) -> int:
    """How many activities the calendar draws in the PolisWeb green."""
    body = window.calendar.body
    return sum(1 for item in body.find_withtag("stripe")
               if body.itemcget(item, "fill") == KIND_COLOURS[ActivityKind.POLISWEB])


def polisweb_count(services) -> int:
    return int(services.archive.read("SELECT COUNT(*) AS n FROM activity WHERE kind = 'POLISWEB'")[0]["n"])


def run_until(root, condition, timeout=120.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        root.update()
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_download_shows_progress_fills_the_open_agenda_and_reports(ui, agenda, emulator):
    from cliens_tk.ui.polisweb import start_download

    shown = []
    texts = []
    refreshes = []
    from cliens_tk.ui.bus import AGENDA_CHANGED

    ui.bus.subscribe(AGENDA_CHANGED, lambda **_: refreshes.append(polisweb_count(ui.services)))
    original = agenda.show_progress

    def spy(text, fraction):
        texts.append((text, fraction))
        original(text, fraction)

    agenda.show_progress = spy
    job = start_download(ui, agenda, show=lambda kind, text: shown.append((kind, text)))
    assert job is not None
    assert run_until(ui.root, lambda: agenda.status_bar.progress_visible)
    assert run_until(ui.root, lambda: bool(shown))
    assert shown[0][0] == "info" and "fascicoli scaricati" in shown[0][1]
    assert any("Tribunale" in text and "fascicoli" in text for text, _ in texts)
    fractions = [f for _, f in texts if f is not None]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    assert not agenda.status_bar.progress_visible
    assert any(0 < count < refreshes[-1] for count in refreshes), "no refresh while the download was running"
    assert polisweb_count(ui.services) == refreshes[-1] > 0
    pump(ui.root, 0.1)
    month = ui.services.agenda.month(dt.date.today())
    expected = sum(1 for a in month if a.kind is ActivityKind.POLISWEB)
    assert expected and green_stripes(agenda) > 0


def test_the_agenda_stays_usable_during_a_download(ui, agenda, emulator):
    from cliens_tk.ui.polisweb import start_download

    emulator.set_latency(0.05)
    shown = []
    start_download(ui, agenda, show=lambda kind, text: shown.append((kind, text)))
    worst = 0.0
    last = time.perf_counter()
    switched = 0
    end = time.monotonic() + 120
    while not shown and time.monotonic() < end:
        ui.root.update()
        now = time.perf_counter()
        worst = max(worst, now - last)
        last = now
        if switched < 6:
            agenda.move(1 if switched % 2 == 0 else -1)
            switched += 1
        time.sleep(0.005)
    assert shown and shown[0][0] == "info"
    assert worst < 1.0, f"the window froze for {worst:.2f} s during the download"


def test_cancel_from_the_bottom_bar_stops_and_keeps_what_was_written(ui, agenda, emulator):
    from cliens_tk.ui.polisweb import start_download

    emulator.set_latency(0.05)
    shown = []
    start_download(ui, agenda, show=lambda kind, text: shown.append((kind, text)))
    assert run_until(ui.root, lambda: polisweb_count(ui.services) > 0)
    agenda.status_bar.cancel_button.invoke()
    assert run_until(ui.root, lambda: bool(shown))
    kind, text = shown[0]
    assert kind == "warning" and "annullato" in text
    assert ui.services.archive.read("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    assert getattr(ui, "download_job", None) is None


def test_purge_asks_first_and_keeps_personal_data(ui, agenda, emulator):
    from cliens_tk.services.download import DownloadEngine
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService
    from cliens_tk.ui.polisweb import confirm_purge

    DownloadEngine(ui.services, PolisWebSettingsService(ui.services).client(), today=dt.date.today()).run()
    assert polisweb_count(ui.services) > 0
    shown = []
    assert confirm_purge(ui, agenda, ask=lambda text: False, show=lambda k, t: shown.append(t)) is False
    assert polisweb_count(ui.services) > 0
    questions = []
    assert confirm_purge(ui, agenda, ask=lambda text: questions.append(text) or True,
                         show=lambda k, t: shown.append(t))
    assert "personali restano" in questions[0]
    assert polisweb_count(ui.services) == 0 and ui.services.cases.repo.records() == []
    assert "Eliminati" in shown[-1]


def test_without_ticked_registers_the_user_is_told_what_to_do(ui, agenda):
    from cliens_tk.ui.polisweb import start_download

    shown = []
    assert start_download(ui, agenda, show=lambda kind, text: shown.append((kind, text))) is None
    assert shown[0][0] == "warning" and "Configura PolisWeb" in shown[0][1]

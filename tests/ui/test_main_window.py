"""The main window (chapter 4) and ``--open``, on a real Tk under Xvfb."""

from __future__ import annotations

import sys
import types

import pytest

from cliens_tk.ui.agenda.window import AgendaWindow
from cliens_tk.ui.main_window import DEFAULT_LINKS, MainWindow
from ui.agenda.gui import answer_dialog, new_toplevels, pump, ui  # noqa: F401

pytestmark = pytest.mark.gui


@pytest.fixture
def main_window(ui):
    opened = []
    window = MainWindow(ui, open_url=opened.append)
    window.opened = opened
    window.pack()
    pump(ui.root)
    yield window
    window.destroy()


def agendas(ctx):
    return new_toplevels(ctx, AgendaWindow)


def test_agenda_button_opens_one_agenda(ui, main_window):
    main_window.buttons["agenda"].invoke()
    main_window.buttons["agenda"].invoke()
    pump(ui.root)
    assert len(agendas(ui)) == 1


def test_cases_button_calls_the_case_archive_when_it_exists(ui, main_window, monkeypatch):
    calls = []
    fake = types.ModuleType("cliens_tk.ui.cases")
    fake.open_cases = lambda ctx: calls.append(ctx)
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.cases", fake)
    main_window.buttons["cases"].invoke()
    assert calls == [ui]


def test_cases_button_explains_when_the_case_archive_is_missing(ui, main_window, monkeypatch):
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.cases", None)
    answer = answer_dialog(ui.root, "OK")
    main_window.buttons["cases"].invoke()
    assert answer.answered and "non è ancora disponibile" in answer.message


def test_editor_and_pec_are_visibly_not_yet_available_but_not_dead(ui, main_window, monkeypatch):
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.pec", None)
    assert main_window.notes["editor"].cget("text") == "Non ancora disponibile"
    for key in ("editor", "pec"):
        assert str(main_window.buttons[key].cget("state")) != "disabled"
        answer = answer_dialog(ui.root, "OK")
        main_window.buttons[key].invoke()
        assert answer.answered and "non ancora disponibile" in answer.message


def test_pec_button_calls_the_pec_manager_when_it_exists(ui, main_window, monkeypatch):
    calls = []
    fake = types.ModuleType("cliens_tk.ui.pec")
    fake.open_pec = lambda ctx: calls.append(ctx)
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.pec", fake)
    main_window.buttons["pec"].invoke()
    assert calls == [ui]


def test_online_services_open_in_the_browser_with_the_addresses_from_settings(ui, services):
    services.settings.set("links", {"webmail": "https://posta.example.it/"})
    opened = []
    window = MainWindow(ui, open_url=opened.append)
    try:
        for key in ("access_point", "role_note", "webmail"):
            window.buttons[key].invoke()
    finally:
        window.destroy()
    assert opened == [DEFAULT_LINKS["access_point"], DEFAULT_LINKS["role_note"], "https://posta.example.it/"]


def test_open_agenda_at_start(ui):
    from cliens_tk.app import build_main

    window = build_main(ui, "agenda")
    try:
        pump(ui.root, 0.05)
        assert len(agendas(ui)) == 1
    finally:
        window.destroy()

"""The «Configura PolisWeb» window driven under Xvfb: add offices through the search window, tick
registers, red state, remove with confirmation, warnings, start year, status table."""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.offices import Register
from cliens_tk.services.polisweb_settings import PolisWebSettingsService
from cliens_tk.store.polisweb import PolisWebRepository
from cliens_tk.ui.polisweb.settings_window import NEEDS_DOWNLOAD_BG, PolisWebSettingsWindow

MILANO, GDP_MILANO = "0151460094", "0151460095"


def open_window(ctx, answers=None):
    asked = []

    def ask(_parent, text):
        asked.append(text)
        return answers.pop(0) if answers else True

    window = PolisWebSettingsWindow(ctx, ask=ask)
    window.update()
    return window, asked


def type_text(entry, text):
    for char in text:
        entry.insert("end", char)
        entry.update()


def test_add_offices_through_search_tick_registers_and_red_state(ctx):
    window, _asked = open_window(ctx)
    assert window.rows == {}
    window.add_button.invoke()
    search = window.search_window
    type_text(search.entry, "milano")
    assert MILANO in search.shown_codes() and GDP_MILANO in search.shown_codes()
    search.tree.selection_set([MILANO, GDP_MILANO])
    search.choose_button.invoke()
    window.update()
    assert list(window.rows) == [GDP_MILANO, MILANO]  # in the list's (name) order
    assert list(window.rows[GDP_MILANO].boxes) == [Register.PEACE]  # only what the office supports
    assert Register.PEACE not in window.rows[MILANO].boxes
    assert "Nessun registro spuntato per Tribunale di Milano" in window.warning.cget("text")
    assert not window.rows[MILANO].is_red(Register.CIVIL)  # unticked: not red
    window.rows[MILANO].boxes[Register.CIVIL].invoke()
    window.rows[GDP_MILANO].boxes[Register.PEACE].invoke()
    window.update()
    assert window.rows[MILANO].is_red(Register.CIVIL)  # ticked, never downloaded
    assert window.rows[MILANO].boxes[Register.CIVIL].cget("bg") == NEEDS_DOWNLOAD_BG
    assert window.warning.cget("text") == ""
    settings = PolisWebSettingsService(ctx.services)
    assert [e.code for e in settings.entries()] == [GDP_MILANO, MILANO]
    assert {(o.code, r) for o, r in settings.targets()} == {(MILANO, Register.CIVIL), (GDP_MILANO, Register.PEACE)}
    # after a successful download the box is no longer red
    PolisWebRepository(ctx.services.archive).mark_succeeded(MILANO, Register.CIVIL, dt.datetime.now()
                                                             + dt.timedelta(seconds=5), settings.start_year())
    window.refresh()
    assert not window.rows[MILANO].is_red(Register.CIVIL)
    status = window.show_status()
    lines = [status.tree.item(i, "values") for i in status.tree.get_children()]
    assert ("Giudice di Pace di Milano", "Giudice di pace", "mai scaricato") == tuple(lines[0][:3])
    assert ("Tribunale di Milano", "Civile contenzioso", "aggiornato") == tuple(lines[1][:3])
    window.destroy()


def test_remove_selected_office_after_confirmation(ctx):
    PolisWebSettingsService(ctx.services).add_offices([MILANO, GDP_MILANO])
    window, asked = open_window(ctx, answers=[False, True])
    assert window.remove_selected() is False and asked == []  # nothing selected: nothing asked
    window.rows[MILANO].name.event_generate("<Button-1>")
    window.update()
    assert window.selected == MILANO
    assert window.remove_selected() is False  # user said no
    assert MILANO in window.rows
    assert window.remove_selected() is True
    assert "Tribunale di Milano" in asked[-1]
    assert list(window.rows) == [GDP_MILANO]
    assert [e.code for e in PolisWebSettingsService(ctx.services).entries()] == [GDP_MILANO]
    window.destroy()


def test_refused_start_year_keeps_what_was_typed(ctx):
    window, _ = open_window(ctx)
    window.start_year.set("19x")
    assert window.save() is False
    assert "Anno iniziale non valido" in window.message.cget("text")
    assert window.start_year.get() == "19x"
    window.start_year.set("2020")
    window.tax_code.set("rssmra80a01h501u")
    window.fields["base_url"].set("https://pda.example.it")
    assert window.save() is True
    settings = PolisWebSettingsService(ctx.services)
    assert settings.start_year() == 2020 and settings.tax_code() == "RSSMRA80A01H501U"
    assert settings.access().base_url == "https://pda.example.it"
    window.destroy()


def test_one_window_only(ctx):
    first = PolisWebSettingsWindow.open(ctx)
    assert PolisWebSettingsWindow.open(ctx) is first
    first.destroy()
    second = PolisWebSettingsWindow.open(ctx)
    assert second is not first
    second.destroy()

"""The office search window filters the stored list as you type; double-click or the button chooses."""

from __future__ import annotations

from cliens_tk.polisweb.emulator.offices_data import build_catalogue
from cliens_tk.services.polisweb_offices import OfficeFinder
from cliens_tk.ui.polisweb.office_search import MAX_SHOWN, OfficeSearchWindow



def double_click(widget, x, y):
    """Two press/release pairs: event_generate('<Double-Button-1>') raises on Tk 8.6."""
    for _ in range(2):
        for event in ("<ButtonPress-1>", "<ButtonRelease-1>"):
            if widget.winfo_exists():  # the double click may close the window
                widget.event_generate(event, x=x, y=y)
    widget.update()


def make(tk_root, offices=None):
    chosen = []
    window = OfficeSearchWindow(tk_root, OfficeFinder(offices or build_catalogue(3000, seed=1)), chosen.append)
    window.update()
    return window, chosen


def test_filters_as_you_type(tk_root):
    window, _chosen = make(tk_root)
    assert len(window.shown_codes()) == MAX_SHOWN  # empty text: the first ones, with a hint
    assert "continua a scrivere" in window.count.cget("text")
    shown = []
    for char in "tribunale di lodi":
        window.entry.insert("end", char)
        window.update()
        shown.append(len(window.shown_codes()))
    assert shown == sorted(shown, reverse=True) and shown[-1] >= 1
    names = [window.tree.item(code, "values")[0] for code in window.shown_codes()]
    assert names and all("Tribunale" in name and "Lodi" in name for name in names)
    window.entry.delete(0, "end")
    window.entry.insert(0, "nessun ufficio così")
    window.update()
    assert window.shown_codes() == [] and window.count.cget("text") == "0 uffici trovati"
    window.destroy()


def test_double_click_chooses_the_office(tk_root):
    window, chosen = make(tk_root)
    window.entry.insert(0, "Tribunale di Milano")
    window.update()
    window.deiconify()
    window.update()
    first = window.shown_codes()[0]
    x, y, _w, _h = window.tree.bbox(first, "#1")
    double_click(window.tree, x + 5, y + 5)
    assert chosen == [[first]]
    assert not window.winfo_exists()


def test_multi_select_and_button(tk_root):
    window, chosen = make(tk_root)
    window.choose_button.invoke()
    assert chosen == [] and "Seleziona almeno un ufficio" in window.count.cget("text")
    window.entry.insert(0, "milano")
    window.update()
    codes = window.shown_codes()[:2]
    window.tree.selection_set(codes)
    window.choose_button.invoke()
    assert chosen == [codes]

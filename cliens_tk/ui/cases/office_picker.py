"""A searchable office choice: type part of the name, city or code, pick from the list."""

from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.offices import Office
from cliens_tk.i18n import _

SEARCH_DELAY_MS = 120


class OfficePicker(ttk.Frame):
    def __init__(self, parent, services, on_change: Callable[[Office | None], None] | None = None):
        super().__init__(parent)
        self.services = services
        self.on_change = on_change
        self.offices: list[Office] = []
        self.selected: Office | None = None
        self._after: str | None = None
        self.query = tk.StringVar(master=self)
        self.entry = ttk.Entry(self, textvariable=self.query)
        self.entry.pack(fill="x")
        box = ttk.Frame(self)
        box.pack(fill="both", expand=True, pady=(4, 0))
        self.listbox = ttk.Listbox(box, height=6, exportselection=False, activestyle="dotbox")
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.listbox.yview)
        self.listbox.configure(yscrollcommand=scroll.set)
        self.listbox.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        self.chosen_label = ttk.Label(self, text=_("Nessun ufficio scelto"), bootstyle="secondary")
        self.chosen_label.pack(anchor="w", pady=(4, 0))
        self.query.trace_add("write", lambda *_a: self._schedule())
        self.entry.bind("<Down>", self._to_list)
        self.entry.bind("<Return>", self._choose_first)
        self.listbox.bind("<<ListboxSelect>>", lambda _e: self._choose_current())
        self.bind("<Destroy>", self._on_destroy, add="+")
        self.search_now()

    def _schedule(self) -> None:
        if self._after is not None:
            self.tk.call("after", "cancel", self._after)
        self._after = self.after(SEARCH_DELAY_MS, self.search_now)

    def search_now(self) -> None:
        self._after = None
        self.offices = self.services.offices.search(self.query.get())
        self.listbox.delete(0, "end")
        for office in self.offices:
            self.listbox.insert("end", office.name)
        if self.selected is not None and self.selected in self.offices:
            index = self.offices.index(self.selected)
            self.listbox.selection_set(index)
            self.listbox.see(index)

    def _to_list(self, _event=None) -> str:
        if self.offices:
            self.listbox.focus_set()
            if not self.listbox.curselection():
                self.listbox.selection_set(0)
                self.listbox.activate(0)
                self._choose_current()
        return "break"

    def _choose_first(self, _event=None) -> str | None:
        if self.offices and self.selected not in self.offices:
            self.choose(self.offices[0])
        return None

    def _choose_current(self) -> None:
        selection = self.listbox.curselection()
        if selection:
            self.choose(self.offices[selection[0]])

    def choose(self, office: Office) -> None:
        self.selected = office
        self.chosen_label.configure(text=_("Ufficio scelto: {name}").format(name=office.name), bootstyle="success")
        if office in self.offices:
            index = self.offices.index(office)
            self.listbox.selection_clear(0, "end")
            self.listbox.selection_set(index)
            self.listbox.see(index)
        if self.on_change is not None:
            self.on_change(office)

    def _on_destroy(self, event) -> None:
        if event.widget is self and self._after is not None:
            self.tk.call("after", "cancel", self._after)
            self._after = None

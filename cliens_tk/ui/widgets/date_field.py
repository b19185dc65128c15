"""A date typed as gg/mm/aaaa, with a button that opens a small month calendar to pick it."""

from __future__ import annotations

import datetime as dt
import tkinter as tk

import ttkbootstrap as ttk
from tkcalendar import Calendar

from cliens_tk.i18n import _


class DateField(ttk.Frame):
    def __init__(self, master, variable: tk.StringVar, parse, width: int = 11):
        super().__init__(master)
        self.variable = variable
        self._parse = parse
        self.entry = ttk.Entry(self, textvariable=variable, width=width)
        self.entry.pack(side="left")
        self.button = ttk.Button(self, text="▾", bootstyle="secondary-outline", takefocus=False,
                                 padding=(6, 2), command=self.open_picker)
        self.button.pack(side="left", padx=(2, 0))
        self.entry.bind("<Alt-Down>", lambda e: (self.open_picker(), "break")[1])
        self.popup: tk.Toplevel | None = None

    def configure_state(self, enabled: bool) -> None:
        state = "normal" if enabled else "disabled"
        self.entry.configure(state=state)
        self.button.configure(state=state)

    def open_picker(self) -> None:
        if self.popup is not None:
            return
        try:
            current = self._parse(self.variable.get()) or dt.date.today()
        except ValueError:
            current = dt.date.today()
        popup = tk.Toplevel(self)
        popup.overrideredirect(True)
        popup.transient(self.winfo_toplevel())
        calendar = Calendar(popup, selectmode="day", locale="it_IT", firstweekday="monday", year=current.year,
                            month=current.month, day=current.day, showweeknumbers=False,
                            selectbackground="#0d6efd", font=("TkDefaultFont", 9))
        calendar.pack()
        ttk.Button(popup, text=_("Nessuna data"), bootstyle="link", command=lambda: self._pick(None)).pack(anchor="e")
        calendar.bind("<<CalendarSelected>>", lambda e: self._pick(calendar.selection_get()))
        popup.bind("<Escape>", lambda e: self._close_picker())
        popup.geometry(f"+{self.entry.winfo_rootx()}+{self.entry.winfo_rooty() + self.entry.winfo_height()}")
        popup.lift()
        calendar.focus_set()
        self.popup = popup
        self.picker = calendar

    def _pick(self, day: dt.date | None) -> None:
        self.variable.set(day.strftime("%d/%m/%Y") if day else "")
        self._close_picker()
        self.entry.focus_set()

    def _close_picker(self) -> None:
        if self.popup is not None:
            self.popup.destroy()
            self.popup = None

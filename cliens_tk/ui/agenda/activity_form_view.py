"""The fields of the activity detail window, section by section (5.1-5.2), with an error line under
each field. Only layout and reading/writing the typed text here; the window decides what they mean.
"""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.domain.activity import EDITABLE_KINDS, ActivityKind
from cliens_tk.i18n import _
from cliens_tk.ui.agenda.activity_form import GENERAL, REFERENCE, FormValues, parse_date
from cliens_tk.ui.widgets.date_field import DateField

TEXT_FIELDS = ("title", "place", "start_date", "start_time", "end_date", "end_time", "due_date", "show_from",
               "judge")
ERROR_ROWS = {  # which error line shows a field's refusal
    "title": "title", "place": "place", "kind": "kind",
    "start_date": "start", "start_time": "start", "end_date": "end", "end_time": "end",
    "due_date": "due_date", "show_from": "show_from", "judge": "judge",
    REFERENCE: REFERENCE, GENERAL: REFERENCE,
}


class ActivityFields(ttk.Frame):
    def __init__(self, master, kinds: tuple[ActivityKind, ...] = EDITABLE_KINDS):
        super().__init__(master)
        self.vars: dict[str, tk.Variable] = {name: tk.StringVar(self) for name in TEXT_FIELDS}
        self.vars["all_day"] = tk.BooleanVar(self)
        self.vars["done"] = tk.BooleanVar(self)
        self.kinds = kinds
        self.kind_var = tk.StringVar(self)
        self.widgets: dict[str, tk.Widget] = {}
        self.errors: dict[str, ttk.Label] = {}
        self._build_activity_section()
        self._build_calendar_section()
        self._build_deadline_section()
        self.reference_error = self._error_label(self, REFERENCE)
        self.reference_error.pack(fill="x", pady=(2, 0))
        self.reference_error.pack_forget()
        self.hearing = self._build_hearing_section()

    # -- building ---------------------------------------------------------------------------------------
    def _error_label(self, master, row: str) -> ttk.Label:
        label = ttk.Label(master, text="", bootstyle="danger", font=("TkDefaultFont", 9), wraplength=420,
                          justify="left")
        self.errors[row] = label
        return label

    def _row(self, section, row: int, label: str, widget: tk.Widget, error_row: str) -> None:
        ttk.Label(section, text=label).grid(row=2 * row, column=0, sticky="w", padx=(0, 10), pady=(4, 0))
        widget.grid(row=2 * row, column=1, sticky="ew", pady=(4, 0))
        error = self._error_label(section, error_row)
        error.grid(row=2 * row + 1, column=1, sticky="w")
        error.grid_remove()

    def _build_activity_section(self) -> None:
        section = ttk.Labelframe(self, text=_("Attività"), padding=10)
        section.pack(fill="x")
        section.columnconfigure(1, weight=1)
        self.kind_box = ttk.Combobox(section, textvariable=self.kind_var, state="readonly",
                                     values=[k.label for k in self.kinds])
        self.widgets["kind"] = self.kind_box
        self._row(section, 0, _("Tipo"), self.kind_box, "kind")
        for index, (name, label) in enumerate(((("title"), _("Titolo")), ("place", _("Luogo"))), start=1):
            entry = ttk.Entry(section, textvariable=self.vars[name])
            self.widgets[name] = entry
            self._row(section, index, label, entry, name)
        self.notes = tk.Text(section, height=4, width=40, wrap="word", relief="flat", borderwidth=4,
                             font=("TkDefaultFont", 10), highlightthickness=1, highlightcolor="#0d6efd",
                             highlightbackground="#ced4da")
        self.widgets["notes"] = self.notes
        self._row(section, 3, _("Note"), self.notes, "notes")
        self.notes.bind("<Tab>", lambda e: (e.widget.tk_focusNext().focus_set(), "break")[1])
        self.notes.bind("<Shift-Tab>", lambda e: (e.widget.tk_focusPrev().focus_set(), "break")[1])

    def _date_time(self, section, date_name: str, time_name: str) -> ttk.Frame:
        frame = ttk.Frame(section)
        field = DateField(frame, self.vars[date_name], parse_date)
        field.pack(side="left")
        self.widgets[date_name] = field.entry
        self.widgets[date_name + "_field"] = field
        time_label = ttk.Label(frame, text=_("ore"))
        time_label.pack(side="left", padx=(10, 4))
        entry = ttk.Entry(frame, textvariable=self.vars[time_name], width=6)
        entry.pack(side="left")
        self.widgets[time_name] = entry
        self.widgets[time_name + "_label"] = time_label
        return frame

    def _build_calendar_section(self) -> None:
        section = ttk.Labelframe(self, text=_("Calendario"), padding=10)
        section.pack(fill="x", pady=(8, 0))
        section.columnconfigure(1, weight=1)
        self._row(section, 0, _("Inizio"), self._date_time(section, "start_date", "start_time"), "start")
        self._row(section, 1, _("Fine"), self._date_time(section, "end_date", "end_time"), "end")
        self.all_day_check = ttk.Checkbutton(section, text=_("Intera giornata (0-24)"), variable=self.vars["all_day"],
                                             command=self.update_time_fields, bootstyle="round-toggle")
        self.all_day_check.grid(row=4, column=1, sticky="w", pady=(6, 0))
        self.widgets["all_day"] = self.all_day_check

    def _build_deadline_section(self) -> None:
        section = ttk.Labelframe(self, text=_("Scadenza"), padding=10)
        section.pack(fill="x", pady=(8, 0))
        section.columnconfigure(1, weight=1)
        for index, (name, label) in enumerate((("due_date", _("Scade il")), ("show_from", _("Mostra dal")))):
            field = DateField(section, self.vars[name], parse_date)
            self.widgets[name] = field.entry
            self.widgets[name + "_field"] = field
            self._row(section, index, label, field, name)
        self.done_check = ttk.Checkbutton(section, text=_("Fatta"), variable=self.vars["done"],
                                          bootstyle="round-toggle")
        self.done_check.grid(row=4, column=1, sticky="w", pady=(6, 0))
        self.widgets["done"] = self.done_check

    def _build_hearing_section(self) -> ttk.Labelframe:
        section = ttk.Labelframe(self, text=_("Udienza"), padding=10)
        section.columnconfigure(1, weight=1)
        entry = ttk.Entry(section, textvariable=self.vars["judge"])
        self.widgets["judge"] = entry
        self._row(section, 0, _("Giudice"), entry, "judge")
        chain = ttk.Frame(section)
        chain.grid(row=2, column=0, columnspan=2, sticky="ew", pady=(8, 0))
        self.previous_button = ttk.Button(chain, text="◀", width=3, bootstyle="secondary-outline")
        self.previous_button.pack(side="left")
        self.chain_label = ttk.Label(chain, text="", justify="center", anchor="center")
        self.chain_label.pack(side="left", fill="x", expand=True, padx=6)
        self.next_button = ttk.Button(chain, text="▶", width=3, bootstyle="secondary-outline")
        self.next_button.pack(side="left")
        self.adjourn_button = ttk.Button(section, text=_("Rinvia udienza…"), bootstyle="danger")
        self.adjourn_button.grid(row=3, column=0, columnspan=2, sticky="w", pady=(8, 0))
        return section

    # -- values ---------------------------------------------------------------------------------------------
    def kind(self) -> ActivityKind:
        label = self.kind_var.get()
        for kind in ActivityKind:
            if kind.label == label:
                return kind
        return self.kinds[0]

    def read(self) -> FormValues:
        text = {name: self.vars[name].get() for name in TEXT_FIELDS}
        return FormValues(kind=self.kind(), notes=self.notes.get("1.0", "end-1c"), all_day=self.vars["all_day"].get(),
                          done=self.vars["done"].get(), **text)

    def write(self, values: FormValues) -> None:
        for name in TEXT_FIELDS:
            self.vars[name].set(getattr(values, name))
        self.vars["all_day"].set(values.all_day)
        self.vars["done"].set(values.done)
        self.kind_var.set(values.kind.label)
        state = self.notes.cget("state")
        self.notes.configure(state="normal")
        self.notes.delete("1.0", "end")
        self.notes.insert("1.0", values.notes)
        self.notes.configure(state=state)
        self.update_time_fields()

    def update_time_fields(self) -> None:
        """An all-day activity has dates only."""
        all_day = self.vars["all_day"].get()
        for name in ("start_time", "end_time"):
            label, entry = self.widgets[name + "_label"], self.widgets[name]
            if all_day:
                label.pack_forget()
                entry.pack_forget()
            elif not entry.winfo_manager():
                label.pack(side="left", padx=(10, 4))
                entry.pack(side="left")

    def set_read_only(self, read_only: bool) -> None:
        state = "disabled" if read_only else "normal"
        for name in ("title", "place", "start_time", "end_time", "judge", "all_day", "done"):
            self.widgets[name].configure(state=state)
        for name in ("start_date", "end_date", "due_date", "show_from"):
            self.widgets[name + "_field"].configure_state(not read_only)
        self.kind_box.configure(state="disabled" if read_only else "readonly")
        self.notes.configure(state=state, background="#e9ecef" if read_only else "#ffffff")

    def show_hearing(self, visible: bool) -> None:
        if visible and not self.hearing.winfo_manager():
            self.hearing.pack(fill="x", pady=(8, 0))
        elif not visible:
            self.hearing.pack_forget()

    # -- errors ------------------------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        rows: dict[str, str] = {}
        for field, message in errors.items():
            rows.setdefault(ERROR_ROWS.get(field, REFERENCE), message)
        for row, label in self.errors.items():
            message = rows.get(row, "")
            label.configure(text=message)
            if row == REFERENCE:
                if message:
                    label.pack(fill="x", pady=(4, 0), before=self.hearing if self.hearing.winfo_manager() else None)
                else:
                    label.pack_forget()
            elif message:
                label.grid()
            else:
                label.grid_remove()
        for field in errors:
            widget = self.widgets.get(field)
            if widget is not None:
                widget.focus_set()
                break

    def error_text(self, field: str) -> str:
        """The refusal shown for ``field`` (empty when none)."""
        label = self.errors[ERROR_ROWS.get(field, field)]
        return label.cget("text") if (label.winfo_manager()) else ""

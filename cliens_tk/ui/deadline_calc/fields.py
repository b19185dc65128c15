"""Form pieces shared by the calculator's two tabs: the case, the start, and the term options."""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.activity import Activity
from cliens_tk.domain.deadline_terms import suspension_exclusions
from cliens_tk.i18n import _
from cliens_tk.services.deadline_calc import CaseLink, matter_choices, parse_user_date, suspension_default


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def hearing_label(activity: Activity) -> str:
    return f"{activity.start:%d/%m/%Y %H:%M} — {activity.title}"


def set_text(widget: tk.Text, text: str) -> None:
    """Replace the text of a read-only Text widget."""
    widget.configure(state="normal")
    widget.delete("1.0", "end")
    widget.insert("1.0", text)
    widget.configure(state="disabled")


class CaseChoice(ttk.Frame):
    """A read-only drop-down of the cases; the first entry is "no case"."""

    def __init__(self, master, rows, on_change: Callable[[], None]):
        super().__init__(master)
        self._links = [CaseLink()] + [CaseLink(r.personal_case_id, None if r.personal_case_id else r.registry_record_id)
                                      for r in rows]
        labels = [_("(nessun fascicolo)")] + [
            f"{r.title}" + (f" — R.G. {r.role}" if r.role else "") for r in rows]
        self.combo = ttk.Combobox(self, values=labels, state="readonly", width=48)
        self.combo.current(0)
        self.combo.pack(fill="x", expand=True)
        self.combo.bind("<<ComboboxSelected>>", lambda _e: on_change())

    @property
    def link(self) -> CaseLink:
        index = self.combo.current()
        return self._links[index] if index >= 0 else CaseLink()

    def select(self, link: CaseLink) -> bool:
        for index, known in enumerate(self._links):
            if link.personal_case_id is not None and known.personal_case_id == link.personal_case_id or \
                    link.personal_case_id is None and link.registry_record_id is not None and \
                    known.registry_record_id == link.registry_record_id:
                self.combo.current(index)
                return True
        return False


class StartChoice(ttk.Frame):
    """Where a term counts from: a typed date, or one of the case's hearings."""

    def __init__(self, master, on_change: Callable[[], None], date_label: str):
        super().__init__(master)
        self.mode = tk.StringVar(value="date")
        self.date_var = tk.StringVar()
        self._hearings: list[Activity] = []
        self.date_radio = ttk.Radiobutton(self, text=date_label, value="date", variable=self.mode,
                                          command=on_change)
        self.date_radio.grid(row=0, column=0, sticky="w")
        self.date_entry = ttk.Entry(self, textvariable=self.date_var, width=12)
        self.date_entry.grid(row=0, column=1, sticky="w", padx=4)
        ttk.Label(self, text=_("gg/mm/aaaa"), bootstyle="secondary").grid(row=0, column=2, sticky="w")
        self.hearing_radio = ttk.Radiobutton(self, text=_("Udienza del fascicolo"), value="hearing",
                                             variable=self.mode, command=on_change)
        self.hearing_radio.grid(row=1, column=0, sticky="w", pady=(4, 0))
        self.hearing_combo = ttk.Combobox(self, state="readonly", width=40)
        self.hearing_combo.grid(row=1, column=1, columnspan=2, sticky="we", padx=4, pady=(4, 0))
        self.hearing_combo.bind("<<ComboboxSelected>>", lambda _e: (self.mode.set("hearing"), on_change()))
        self.date_var.trace_add("write", lambda *_a: on_change())
        self.date_entry.bind("<FocusIn>", lambda _e: self.mode.set("date") or on_change(), add="+")
        self.set_hearings([])

    @property
    def selected_hearing_id(self) -> int | None:
        index = self.hearing_combo.current()
        return self._hearings[index].id if 0 <= index < len(self._hearings) else None

    def set_hearings(self, hearings: list[Activity]) -> None:
        """Offer ``hearings``; the chosen one stays chosen if still there (its date may have moved)."""
        selected = self.selected_hearing_id
        self._hearings = list(hearings)
        self.hearing_combo.configure(values=[hearing_label(h) for h in hearings])
        if hearings:
            self.hearing_radio.configure(state="normal")
            self.hearing_combo.configure(state="readonly")
            self.hearing_combo.set("")
            if selected is not None and not self.select_hearing(selected, switch=False):
                self.mode.set("date")
        else:
            self.hearing_combo.set(_("(nessuna udienza nel fascicolo)"))
            self.hearing_radio.configure(state="disabled")
            self.hearing_combo.configure(state="disabled")
            self.mode.set("date")

    def select_hearing(self, activity_id: int, switch: bool = True) -> bool:
        for index, hearing in enumerate(self._hearings):
            if hearing.id == activity_id:
                self.hearing_combo.current(index)
                if switch:
                    self.mode.set("hearing")
                return True
        return False

    def set_date(self, day: dt.date | None) -> None:
        self.mode.set("date")
        self.date_var.set(short_date(day))

    def value(self) -> tuple[dt.date | None, int | None]:
        """(date, None) or (None, hearing id); a bad date raises DeadlineError (Italian)."""
        if self.mode.get() == "hearing":
            index = self.hearing_combo.current()
            if index < 0:
                return None, None
            return None, self._hearings[index].id
        text = self.date_var.get().strip()
        return (parse_user_date(text) if text else None), None


class TermOptions(ttk.Labelframe):
    """Matter and summer suspension, court seat, Saturday rule."""

    def __init__(self, master, seats: list[str], on_change: Callable[[], None]):
        super().__init__(master, text=_("Regole"), padding=8)
        self._matters = matter_choices()
        ttk.Label(self, text=_("Materia")).grid(row=0, column=0, sticky="w")
        self.matter_combo = ttk.Combobox(self, values=[label for _code, label in self._matters],
                                         state="readonly", width=52)
        self.matter_combo.current(0)
        self.matter_combo.grid(row=0, column=1, sticky="we", padx=4)
        self.matter_combo.bind("<<ComboboxSelected>>", lambda _e: self._matter_changed(on_change))
        excluded = "\n".join(f"• {item.label} — {item.source}" for item in suspension_exclusions())
        ttk.ToolTip(self.matter_combo, text=_("Materie escluse dalla sospensione feriale:") + "\n" + excluded,
                    wraplength=520)
        self.suspension = tk.BooleanVar(value=True)
        self.suspension_check = ttk.Checkbutton(
            self, text=_("Applica la sospensione feriale (dal 1° al 31 agosto, L. 742/1969)"),
            variable=self.suspension, command=on_change)
        self.suspension_check.grid(row=1, column=1, sticky="w", padx=4, pady=2)
        ttk.Label(self, text=_("Sede dell'ufficio")).grid(row=2, column=0, sticky="w")
        self.seat_var = tk.StringVar()
        self.seat_combo = ttk.Combobox(self, values=seats, textvariable=self.seat_var, width=30)
        self.seat_combo.grid(row=2, column=1, sticky="w", padx=4)
        self.seat_var.trace_add("write", lambda *_a: on_change())
        ttk.Label(self, text=_("Conta solo Roma: il 29 giugno è festivo nel comune di Roma."),
                  bootstyle="secondary").grid(row=3, column=1, sticky="w", padx=4)
        self.saturday = tk.BooleanVar(value=True)
        ttk.Checkbutton(self, text=_("Atto fuori udienza: la scadenza di sabato slitta (art. 155, quinto comma)"),
                        variable=self.saturday, command=on_change).grid(row=4, column=1, sticky="w", padx=4,
                                                                         pady=2)
        self.columnconfigure(1, weight=1)

    def _matter_changed(self, on_change: Callable[[], None]) -> None:
        self.suspension.set(suspension_default(self.matter))
        on_change()

    @property
    def matter(self) -> str:
        index = self.matter_combo.current()
        return self._matters[index][0] if index >= 0 else ""

    def set_matter(self, code: str) -> None:
        for index, (known, _label) in enumerate(self._matters):
            if known == code:
                self.matter_combo.current(index)

    def values(self) -> dict:
        seat = self.seat_var.get().strip() or None
        return {"suspension": bool(self.suspension.get()), "matter": self.matter, "seat": seat,
                "saturday_rule": bool(self.saturday.get())}

    def load(self, values: dict) -> None:
        self.set_matter(values.get("matter", ""))
        self.suspension.set(bool(values.get("suspension", True)))
        self.seat_var.set(values.get("seat") or "")
        self.saturday.set(bool(values.get("saturday_rule", True)))


class LiveCaseForm:
    """What both calculator tabs share: a case choice that sets the seat and the possible starts,
    and a recomputation coalesced to the next idle moment. The tab provides ``service``,
    ``case_choice``, ``options``, ``start``, ``_pending`` and ``refresh``."""

    def _case_changed(self) -> None:
        """A new case: its hearings become possible starts, its office's city the seat."""
        seat = self.service.seat_of(self.case_choice.link)
        if seat:
            self.options.seat_var.set(seat)
        self.refresh_starts()

    def refresh_starts(self) -> None:
        """Re-read the case's hearings (one may have moved or appeared) and recompute."""
        self.start.set_hearings(self.service.hearings_of(self.case_choice.link))
        self.schedule_refresh()

    def schedule_refresh(self) -> None:
        """Recompute once the current burst of typing is over (on the next idle moment)."""
        if self._pending is None:
            self._pending = self.after_idle(self.refresh)

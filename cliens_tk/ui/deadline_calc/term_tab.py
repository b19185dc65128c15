"""The "Scadenza" tab: one term, computed live, explained, and saved as a deadline activity."""

from __future__ import annotations

import datetime as dt
import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.domain.deadline_terms import DeadlineError, TermKind, format_date
from cliens_tk.i18n import _
from cliens_tk.services.deadline_calc import (
    DEFAULT_NOTICE_DAYS,
    DIRECTIONS,
    ArchiveError,
    CaseLink,
    DeadlineCalcService,
    TermRequest,
    direction_label,
)
from cliens_tk.ui.deadline_calc.fields import CaseChoice, LiveCaseForm, StartChoice, TermOptions, set_text

USER_ERRORS = (ValueError, ArchiveError)  # DeadlineError, ActivityRuleError, CaseRuleError are ValueErrors


class TermTab(LiveCaseForm, ttk.Frame):
    def __init__(self, master, ctx, service: DeadlineCalcService):
        super().__init__(master, padding=10)
        self.ctx = ctx
        self.service = service
        self.editing_id: int | None = None  # a calculator deadline being updated
        self._auto_title = ""  # the title the window proposed; replaced until the user edits it
        self._pending = None
        self.result = None

        ttk.Label(self, text=_("Fascicolo")).grid(row=0, column=0, sticky="nw", pady=2)
        self.case_choice = CaseChoice(self, service.case_rows(), self._case_changed)
        self.case_choice.grid(row=0, column=1, sticky="we", pady=2)

        ttk.Label(self, text=_("Partenza")).grid(row=1, column=0, sticky="nw", pady=2)
        self.start = StartChoice(self, self.schedule_refresh, _("Data"))
        self.start.grid(row=1, column=1, sticky="w", pady=2)

        ttk.Label(self, text=_("Termine")).grid(row=2, column=0, sticky="w", pady=2)
        term = ttk.Frame(self)
        term.grid(row=2, column=1, sticky="w", pady=2)
        self.amount_var = tk.StringVar(value="30")
        self.amount = ttk.Spinbox(term, from_=1, to=3650, textvariable=self.amount_var, width=6)
        self.amount.pack(side="left")
        self.direction = ttk.Combobox(term, values=[direction_label(k) for k in DIRECTIONS], state="readonly",
                                      width=22)
        self.direction.current(0)
        self.direction.pack(side="left", padx=4)
        self.direction.bind("<<ComboboxSelected>>", lambda _e: self.schedule_refresh())
        self.amount_var.trace_add("write", lambda *_a: self.schedule_refresh())

        self.options = TermOptions(self, service.seats(), self.schedule_refresh)
        self.options.grid(row=3, column=0, columnspan=2, sticky="we", pady=6)

        self.result_label = ttk.Label(self, text="", font=("TkDefaultFont", 13, "bold"))
        self.result_label.grid(row=4, column=0, columnspan=2, sticky="w", pady=(4, 2))
        self.explanation = tk.Text(self, height=11, width=92, wrap="word", relief="flat", takefocus=True)
        self.explanation.grid(row=5, column=0, columnspan=2, sticky="nsew")
        self.explanation.configure(state="disabled")

        save = ttk.Frame(self)
        save.grid(row=6, column=0, columnspan=2, sticky="we", pady=(8, 0))
        ttk.Label(save, text=_("Titolo")).grid(row=0, column=0, sticky="w")
        self.title_var = tk.StringVar()
        self.title_entry = ttk.Entry(save, textvariable=self.title_var, width=60)
        self.title_entry.grid(row=0, column=1, columnspan=3, sticky="we", padx=4)
        ttk.Label(save, text=_("Mostra nella lista scadenze")).grid(row=1, column=0, sticky="w", pady=4)
        self.notice_var = tk.StringVar(value=str(DEFAULT_NOTICE_DAYS))
        ttk.Spinbox(save, from_=0, to=365, textvariable=self.notice_var, width=5).grid(row=1, column=1, sticky="w",
                                                                                     padx=4)
        ttk.Label(save, text=_("giorni prima della scadenza")).grid(row=1, column=2, sticky="w")
        self.create_button = ttk.Button(save, text=_("Crea scadenza"), bootstyle="primary", command=self.save)
        self.create_button.grid(row=0, column=4, rowspan=2, padx=(12, 0))
        save.columnconfigure(1, weight=1)
        self.status = ttk.Label(self, text="", bootstyle="success")
        self.status.grid(row=7, column=0, columnspan=2, sticky="w", pady=(4, 0))

        self.columnconfigure(1, weight=1)
        self.rowconfigure(5, weight=1)
        self._case_changed()

    # -- reading the form ---------------------------------------------------------------------------
    @property
    def kind(self) -> TermKind:
        return DIRECTIONS[max(self.direction.current(), 0)]

    def set_kind(self, kind: TermKind) -> None:
        self.direction.current(DIRECTIONS.index(kind))

    def request(self) -> TermRequest:
        try:
            amount = int(self.amount_var.get().strip())
        except ValueError:
            raise DeadlineError(_("Indicare la durata del termine con un numero intero.")) from None
        day, activity_id = self.start.value()
        return TermRequest(kind=self.kind, amount=amount, reference=day, reference_activity_id=activity_id,
                           **self.options.values())

    def notice_days(self) -> int:
        try:
            return max(0, int(self.notice_var.get().strip()))
        except ValueError:
            return DEFAULT_NOTICE_DAYS

    # -- live result ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._pending = None
        try:
            request = self.request()
            self.result = self.service.compute(request)
        except USER_ERRORS as exc:
            self.result = None
            self.result_label.configure(text=str(exc), bootstyle="danger")
            set_text(self.explanation, "")
            self.create_button.configure(state="disabled")
            return
        self.result_label.configure(
            text=_("Scadenza: {day}").format(day=format_date(self.result.deadline)), bootstyle="primary")
        set_text(self.explanation, self.result.explanation_text())
        self.create_button.configure(state="normal")
        if self.title_var.get().strip() in ("", self._auto_title):
            self._auto_title = self.service.default_title(request)
            self.title_var.set(self._auto_title)

    # -- saving -----------------------------------------------------------------------------------
    def save(self) -> None:
        self.refresh()
        if self.result is None:
            return
        try:
            request = self.request()
            if self.editing_id is None:
                activity = self.service.create_deadline(request, self.title_var.get(), self.case_choice.link,
                                                        self.notice_days())
                message = _("Scadenza creata: «{title}», {day}.")
            else:
                activity = self.service.update_deadline(self.editing_id, request, self.title_var.get(),
                                                        self.notice_days())
                message = _("Scadenza aggiornata: «{title}», {day}.")
        except USER_ERRORS as exc:
            self.status.configure(text=str(exc), bootstyle="danger")
            return
        self.last_saved = activity
        self.status.configure(text=message.format(title=activity.title, day=format_date(activity.due_date)),
                              bootstyle="success")
        from cliens_tk.ui.bus import AGENDA_CHANGED

        self.ctx.bus.publish(AGENDA_CHANGED)

    # -- opening on something -----------------------------------------------------------------------
    def load_case(self, link: CaseLink) -> None:
        if self.case_choice.select(link):
            self._case_changed()

    def load_start(self, start: dt.date | None = None, hearing_id: int | None = None) -> None:
        if hearing_id is not None and self.start.select_hearing(hearing_id):
            self.schedule_refresh()
        elif start is not None:
            self.start.set_date(start)

    def load_stored(self, activity_id: int) -> bool:
        """Fill the form from a calculator deadline and switch to updating it."""
        stored = self.service.stored_term(activity_id)
        if stored is None or stored.chain_id is not None:
            return False
        activity = self.service.agenda.get(activity_id)
        request = TermRequest.from_stored(stored)
        self.load_case(self.service.link_of(activity))
        if request.reference_activity_id is None or not self.start.select_hearing(request.reference_activity_id):
            self.start.set_date(stored.reference_date)
        self.amount_var.set(str(request.amount))
        self.set_kind(request.kind)
        self.options.load(stored.parameters)
        self.notice_var.set(str(stored.parameters.get("notice_days", DEFAULT_NOTICE_DAYS)))
        self.title_var.set(activity.title)
        self._auto_title = ""
        self.editing_id = activity_id
        self.create_button.configure(text=_("Aggiorna scadenza"))
        self.schedule_refresh()
        return True

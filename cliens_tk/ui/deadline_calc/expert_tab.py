"""The "Termini del CTU" tab: the judge's order (art. 195 c.p.c.) becomes three linked deadlines,
shown as a chain; moving one term (an extension) moves the later ones after confirmation."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.domain.deadline_terms import DeadlineError, ExpertTerm, TermSpec, format_date
from cliens_tk.i18n import _
from cliens_tk.services.deadline_calc import (
    DEFAULT_NOTICE_DAYS,
    ArchiveError,
    CaseLink,
    DeadlineCalcService,
    ExpertChain,
    ExpertOrder,
    parse_user_date,
)
from cliens_tk.ui.deadline_calc.fields import CaseChoice, LiveCaseForm, StartChoice, TermOptions, set_text, short_date

USER_ERRORS = (ValueError, ArchiveError)
DEFAULT_DAYS = (60, 15, 15)  # a common order: draft in 60 days, then 15 + 15 (art. 195 c.3 c.p.c.)


def _modes(term: ExpertTerm) -> list[tuple[str, str]]:
    first = [("start", _("giorni dall'inizio")), ("date", _("data fissa"))]
    if term is ExpertTerm.DRAFT_TO_PARTIES:
        return first
    return [("previous", _("giorni dal termine precedente"))] + first


class TermRow:
    """One of the three terms in the order form: a mode and a value (days or a date)."""

    def __init__(self, master, row: int, term: ExpertTerm, on_change):
        self.term = term
        self.modes = _modes(term)
        ttk.Label(master, text=term.label).grid(row=row, column=0, sticky="w", pady=2)
        self.value_var = tk.StringVar(value=str(DEFAULT_DAYS[term]))
        self.entry = ttk.Entry(master, textvariable=self.value_var, width=12)
        self.entry.grid(row=row, column=1, sticky="w", padx=4)
        self.mode = ttk.Combobox(master, values=[label for _code, label in self.modes], state="readonly", width=28)
        self.mode.current(0)
        self.mode.grid(row=row, column=2, sticky="w")
        self.mode.bind("<<ComboboxSelected>>", lambda _e: on_change())
        self.value_var.trace_add("write", lambda *_a: on_change())
        self.result = ttk.Label(master, text="", width=30)
        self.result.grid(row=row, column=3, sticky="w", padx=6)

    def set_mode(self, code: str) -> None:
        self.mode.current([c for c, _label in self.modes].index(code))

    def spec(self) -> TermSpec:
        code = self.modes[max(self.mode.current(), 0)][0]
        text = self.value_var.get().strip()
        if code == "date":
            return TermSpec.fixed(parse_user_date(text))
        try:
            days = int(text)
        except ValueError:
            raise DeadlineError(_("{term}: indicare i giorni con un numero intero, oppure scegliere «data fissa».")
                                .format(term=self.term.label)) from None
        return TermSpec.in_days(days, from_start=(code == "start" and self.term is not ExpertTerm.DRAFT_TO_PARTIES))


class ExpertTab(LiveCaseForm, ttk.Frame):
    def __init__(self, master, ctx, service: DeadlineCalcService):
        super().__init__(master, padding=10)
        self.ctx = ctx
        self.service = service
        self.schedule = None
        self.chain: ExpertChain | None = None
        self.proposal = None  # (term, new date, new schedule) waiting for confirmation
        self._pending = None

        ttk.Label(self, text=_("Fascicolo")).grid(row=0, column=0, sticky="nw", pady=2)
        self.case_choice = CaseChoice(self, service.case_rows(), self._case_changed)
        self.case_choice.grid(row=0, column=1, sticky="we", pady=2)
        ttk.Label(self, text=_("Inizio")).grid(row=1, column=0, sticky="nw", pady=2)
        self.start = StartChoice(self, self.schedule_refresh, _("Giuramento o inizio operazioni"))
        self.start.grid(row=1, column=1, sticky="w", pady=2)

        terms = ttk.Labelframe(self, text=_("Termini fissati dal giudice (art. 195, terzo comma, c.p.c.)"), padding=8)
        terms.grid(row=2, column=0, columnspan=2, sticky="we", pady=4)
        self.rows = [TermRow(terms, index, term, self.schedule_refresh) for index, term in enumerate(ExpertTerm)]
        ttk.Label(terms, text=_("Udienza successiva (facoltativa)")).grid(row=3, column=0, sticky="w", pady=2)
        self.hearing_var = tk.StringVar()
        ttk.Entry(terms, textvariable=self.hearing_var, width=12).grid(row=3, column=1, sticky="w", padx=4)
        self.hearing_var.trace_add("write", lambda *_a: self.schedule_refresh())

        self.options = TermOptions(self, service.seats(), self.schedule_refresh)
        self.options.grid(row=3, column=0, columnspan=2, sticky="we", pady=4)

        self.message = ttk.Label(self, text="", bootstyle="danger", wraplength=700)
        self.message.grid(row=4, column=0, columnspan=2, sticky="w")
        self.explanation = tk.Text(self, height=7, width=92, wrap="word", relief="flat")
        self.explanation.grid(row=5, column=0, columnspan=2, sticky="nsew")
        self.explanation.configure(state="disabled")
        buttons = ttk.Frame(self)
        buttons.grid(row=6, column=0, columnspan=2, sticky="we", pady=6)
        self.create_button = ttk.Button(buttons, text=_("Crea i tre termini"), bootstyle="primary",
                                        command=self.create)
        self.create_button.pack(side="right")
        self.status = ttk.Label(buttons, text="", bootstyle="success")
        self.status.pack(side="left")

        self.chain_frame = ChainView(self, self)  # gridded when a chain is shown
        self.columnconfigure(1, weight=1)
        self.rowconfigure(5, weight=1)
        self._case_changed()

    # -- the order --------------------------------------------------------------------------------
    def order(self) -> ExpertOrder:
        day, activity_id = self.start.value()
        hearing = self.hearing_var.get().strip()
        return ExpertOrder(specs=tuple(row.spec() for row in self.rows),  # type: ignore[arg-type]
                           start=day, start_activity_id=activity_id,
                           next_hearing=parse_user_date(hearing) if hearing else None, **self.options.values())

    def refresh(self) -> None:
        self._pending = None
        try:
            self.schedule = self.service.preview_expert(self.order())
        except USER_ERRORS as exc:
            self.schedule = None
            self.message.configure(text=str(exc))
            for row in self.rows:
                row.result.configure(text="")
            set_text(self.explanation, "")
            self.create_button.configure(state="disabled")
            return
        self.message.configure(text="\n".join(_("Attenzione: ") + w.text() for w in self.schedule.warnings))
        for row, day in zip(self.rows, self.schedule.dates()):
            row.result.configure(text="→ " + format_date(day))
        set_text(self.explanation, self.schedule.explanation_text())
        self.create_button.configure(state="normal")

    def notice_days(self) -> int:
        return DEFAULT_NOTICE_DAYS

    def create(self) -> None:
        self.refresh()
        if self.schedule is None:
            return
        try:
            created = self.service.create_expert_chain(self.order(), self.case_choice.link, self.notice_days())
        except USER_ERRORS as exc:
            self.message.configure(text=str(exc))
            return
        self.status.configure(text=_("Creati i tre termini del consulente nella lista scadenze."))
        self._published()
        self.show_chain(created[0].id)

    def _published(self) -> None:
        from cliens_tk.ui.bus import AGENDA_CHANGED

        self.ctx.bus.publish(AGENDA_CHANGED)

    # -- the stored chain --------------------------------------------------------------------------
    def show_chain(self, activity_id: int) -> bool:
        chain = self.service.chain_of(activity_id)
        if chain is None:
            return False
        self.chain = chain
        self.chain_frame.grid(row=7, column=0, columnspan=2, sticky="nsew")
        self.chain_frame.show(chain)
        return True

    def load_case(self, link: CaseLink) -> None:
        if self.case_choice.select(link):
            self._case_changed()


class ChainView(ttk.Labelframe):
    """The three stored terms like a hearing chain: a list, ◀ ▶ to walk it, and "Sposta"."""

    def __init__(self, master, tab: ExpertTab):
        super().__init__(master, text=_("Catena dei termini del consulente"), padding=8)
        self.tab = tab
        self.tree = ttk.Treeview(self, columns=("term", "due", "proposed", "done"), show="headings", height=3,
                                 selectmode="browse")
        for column, heading, width in (("term", _("Termine"), 300), ("due", _("Scadenza"), 190),
                                       ("proposed", _("Nuova scadenza"), 190), ("done", _("Fatta"), 60)):
            self.tree.heading(column, text=heading)
            self.tree.column(column, width=width, anchor="w")
        self.tree.grid(row=0, column=0, columnspan=6, sticky="we")
        self.previous_button = ttk.Button(self, text="◀", width=3, command=lambda: self.step(-1))
        self.previous_button.grid(row=1, column=0, pady=4, sticky="w")
        self.next_button = ttk.Button(self, text="▶", width=3, command=lambda: self.step(1))
        self.next_button.grid(row=1, column=1, pady=4, sticky="w")
        ttk.Label(self, text=_("Nuova data del termine selezionato")).grid(row=1, column=2, sticky="e", padx=4)
        self.new_date_var = tk.StringVar()
        self.new_date_entry = ttk.Entry(self, textvariable=self.new_date_var, width=12)
        self.new_date_entry.grid(row=1, column=3, sticky="w")
        self.new_date_entry.bind("<Return>", lambda _e: self.propose())
        self.move_button = ttk.Button(self, text=_("Sposta…"), command=self.propose)
        self.move_button.grid(row=1, column=4, padx=4)
        self.open_button = ttk.Button(self, text=_("Apri attività"), command=self.open_activity,
                                      bootstyle="secondary")
        self.open_button.grid(row=1, column=5, padx=4)
        self.confirm_frame = ttk.Frame(self)
        self.confirm_label = ttk.Label(self.confirm_frame, text="", wraplength=640, bootstyle="warning")
        self.confirm_label.pack(side="left", fill="x", expand=True)
        self.cancel_button = ttk.Button(self.confirm_frame, text=_("Annulla"), bootstyle="secondary",
                                        command=self.cancel)
        self.cancel_button.pack(side="right", padx=4)
        self.confirm_button = ttk.Button(self.confirm_frame, text=_("Conferma spostamento"), bootstyle="warning",
                                         command=self.confirm)
        self.confirm_button.pack(side="right")
        self.error = ttk.Label(self, text="", bootstyle="danger")
        self.error.grid(row=3, column=0, columnspan=6, sticky="w")
        self.columnconfigure(5, weight=1)
        self.tree.bind("<<TreeviewSelect>>", lambda _e: self._selected())
        self.chain: ExpertChain | None = None
        self.proposal = None

    def show(self, chain: ExpertChain) -> None:
        self.chain = chain
        self.cancel()
        selected = self.selected_term()
        self.tree.delete(*self.tree.get_children())
        for term in ExpertTerm:
            activity = chain.activity(term)
            due = activity.due_date if activity else chain.schedule.dates()[term]
            done = "✓" if activity is not None and activity.done else ""
            missing = "" if activity is not None else _(" (attività eliminata)")
            self.tree.insert("", "end", iid=str(int(term)), values=(term.label + missing, format_date(due), "", done))
        self.tree.selection_set(str(int(selected if selected is not None else ExpertTerm.DRAFT_TO_PARTIES)))
        self._selected()

    def selected_term(self) -> ExpertTerm | None:
        selection = self.tree.selection()
        return ExpertTerm(int(selection[0])) if selection else None

    def _selected(self) -> None:
        term = self.selected_term()
        if term is None or self.chain is None:
            return
        self.new_date_var.set(short_date(self.chain.schedule.dates()[term]))
        self.previous_button.configure(state="normal" if term > 0 else "disabled")
        self.next_button.configure(state="normal" if term < 2 else "disabled")

    def step(self, delta: int) -> None:
        term = self.selected_term() or ExpertTerm.DRAFT_TO_PARTIES
        target = min(2, max(0, int(term) + delta))
        self.tree.selection_set(str(target))
        self.tree.focus(str(target))

    def propose(self) -> None:
        """Show the new dates of the chain and wait for "Conferma spostamento"."""
        term = self.selected_term()
        if term is None or self.chain is None:
            return
        try:
            new_date = parse_user_date(self.new_date_var.get())
            schedule = self.tab.service.preview_move(self.chain.chain_id, term, new_date)
        except USER_ERRORS as exc:
            self.error.configure(text=str(exc))
            return
        self.error.configure(text="")
        self.proposal = (term, new_date, schedule)
        moved = [t for t in ExpertTerm if schedule.dates()[t] != self.chain.schedule.dates()[t]]
        for t in ExpertTerm:
            self.tree.set(str(int(t)), "proposed", format_date(schedule.dates()[t]) if t in moved else "")
        self.confirm_label.configure(text=_(
            "Spostando «{term}» al {day} cambiano {n} scadenze (i termini successivi mantengono gli intervalli "
            "fissati dal giudice). Confermare?").format(term=term.label, day=format_date(new_date), n=len(moved)))
        self.confirm_frame.grid(row=2, column=0, columnspan=6, sticky="we", pady=4)
        self.confirm_button.focus_set()

    def cancel(self) -> None:
        self.proposal = None
        for item in self.tree.get_children():
            self.tree.set(item, "proposed", "")
        self.confirm_frame.grid_remove()

    def confirm(self) -> None:
        if self.proposal is None or self.chain is None:
            return
        term, new_date, _schedule = self.proposal
        try:
            self.tab.service.move_expert_term(self.chain.chain_id, term, new_date)
        except USER_ERRORS as exc:
            self.error.configure(text=str(exc))
            return
        self.tab.status.configure(text=_("Termini spostati."))
        self.show(self.tab.service.chain(self.chain.chain_id))
        self.tab._published()

    def open_activity(self) -> None:
        term = self.selected_term()
        activity = self.chain.activity(term) if (self.chain and term is not None) else None
        if activity is None:
            return
        try:
            from cliens_tk.ui.agenda import open_activity
        except ImportError:
            return
        open_activity(self.tab.ctx, activity_id=activity.id)

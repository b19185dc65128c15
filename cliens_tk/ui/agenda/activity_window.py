"""The activity detail window (5.1-5.6): edit and save, adjourn and walk a hearing chain, the case
panel, and the options menu. A refused save leaves every field as typed, with the reason beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.domain.activity import (
    EDITABLE_KINDS,
    KIND_COLOURS,
    Activity,
    ActivityKind,
    ActivityRuleError,
)
from cliens_tk.domain.court_calendar import is_working_day
from cliens_tk.i18n import _
from cliens_tk.ui.agenda import activity_form
from cliens_tk.ui.agenda.activity_form import REFERENCE, FormValues, format_date, format_time, values_of
from cliens_tk.ui.agenda.activity_form_view import ActivityFields
from cliens_tk.ui.agenda.case_panel import CasePanel
from cliens_tk.ui.agenda.controller import REFUSALS, AgendaActions
from cliens_tk.ui.agenda.options_menu import option_entries
from cliens_tk.ui.bus import AGENDA_CHANGED
from cliens_tk.ui.widgets import dialogs
from cliens_tk.ui.windows import register_window

log = logging.getLogger(__name__)
ADJOURN_AFTER_DAYS = 30


def default_adjournment(start: dt.datetime | None, today: dt.date) -> dt.datetime:
    """Where a new adjourned hearing starts until the user types its date: a month later, same time,
    moved to the next working day."""
    base = start or dt.datetime.combine(today, dt.time(9))
    moment = base + dt.timedelta(days=ADJOURN_AFTER_DAYS)
    while not is_working_day(moment.date(), saturday_counts_as_holiday=True):
        moment += dt.timedelta(days=1)
    return moment


class ActivityWindow(ttk.Toplevel):
    def __init__(self, ctx, activity: Activity):
        super().__init__(master=ctx.root, title=_("Attività"))
        self.ctx = ctx
        self.actions = AgendaActions(ctx)
        self.activity = activity
        self.saved_values: FormValues | None = None
        self.geometry("+120+80")
        self.minsize(560, 400)

        self.header = ttk.Frame(self, padding=(14, 10))
        self.header.pack(fill="x")
        self.stripe = tk.Frame(self.header, width=8, height=34)
        self.stripe.pack(side="left", fill="y", padx=(0, 10))
        self.heading = ttk.Label(self.header, text="", font=("TkDefaultFont", 14, "bold"))
        self.heading.pack(side="left")
        self.banner = ttk.Label(self, text=_("Attività PolisWeb: arriva dall'ufficio giudiziario e non è "
                                             "modificabile. Per averne una copia modificabile: Opzioni › Duplica "
                                             "attività."),
                                background="#3c9a4a", foreground="#ffffff", padding=8, wraplength=700)
        body = ttk.Frame(self, padding=(14, 0, 14, 0))
        body.pack(fill="both", expand=True)
        self.fields = ActivityFields(body, kinds=EDITABLE_KINDS)
        self.fields.pack(side="left", fill="both", expand=True, anchor="n")
        self.side = ttk.Frame(body, padding=(12, 0, 0, 0))
        self.side.pack(side="left", fill="y", anchor="n")
        self.case_panel: CasePanel | None = None

        self.fields.previous_button.configure(command=lambda: self.walk_chain(-1))
        self.fields.next_button.configure(command=lambda: self.walk_chain(1))
        self.fields.adjourn_button.configure(command=self.adjourn)
        self.fields.kind_box.bind("<<ComboboxSelected>>", lambda e: self._on_kind_changed())

        ttk.Separator(self).pack(fill="x", pady=(10, 0))
        buttons = ttk.Frame(self, padding=(14, 10))
        buttons.pack(fill="x")
        self.options_button = ttk.Menubutton(buttons, text=_("Opzioni"), bootstyle="secondary-outline")
        self.options_menu = tk.Menu(self.options_button, tearoff=False, postcommand=self._fill_options)
        self.options_button.configure(menu=self.options_menu)
        self.options_button.pack(side="left")
        self.save_button = ttk.Button(buttons, text=_("Salva"), bootstyle="primary", command=self.save)
        self.save_button.pack(side="right")
        self.close_button = ttk.Button(buttons, text=_("Chiudi"), bootstyle="secondary", command=self.close)
        self.close_button.pack(side="right", padx=(0, 6))

        self.bind("<Escape>", lambda e: (self.close(), "break")[1])
        self.bind("<Control-s>", lambda e: (self.save(), "break")[1])
        self.bind("<Control-S>", lambda e: (self.save(), "break")[1])
        self.bind("<Alt-o>", lambda e: (self.post_options(), "break")[1])
        for name in ("title", "place", "start_date", "start_time", "end_date", "end_time", "due_date", "show_from",
                     "judge"):
            self.fields.widgets[name].bind("<Return>", lambda e: (self.save(), "break")[1])
        self.protocol("WM_DELETE_WINDOW", self.close)
        self._unsubscribe = ctx.bus.subscribe(AGENDA_CHANGED, self._on_agenda_changed)
        self.bind("<Destroy>", self._on_destroy, add="+")
        self.load(activity)
        self.fields.widgets["title"].focus_set()

    # -- showing -----------------------------------------------------------------------------------
    def load(self, activity: Activity) -> None:
        """Show ``activity`` (every field replaced: only called with nothing unsaved)."""
        self.activity = activity
        kinds = (ActivityKind.POLISWEB,) if activity.read_only else EDITABLE_KINDS
        self.fields.kind_box.configure(values=[k.label for k in kinds])
        self.fields.write(values_of(activity))
        self.saved_values = self.fields.read() if activity.id is not None else None
        self.fields.set_read_only(activity.read_only)
        self.fields.show_errors({})
        self.save_button.configure(state="disabled" if activity.read_only else "normal")
        if activity.read_only:
            self.banner.pack(fill="x", padx=14, pady=(0, 8), after=self.header)
        else:
            self.banner.pack_forget()
        self._show_kind()
        self._show_chain()
        self._show_case()
        self._show_title()

    def _show_title(self) -> None:
        if self.activity.id is None:
            title = _("Nuova attività")
        else:
            title = self.activity.title
        self.title(f"{title} — {_('Agenda')}")
        self.heading.configure(text=title)

    def _show_kind(self) -> None:
        kind = self.fields.kind() if not self.activity.read_only else self.activity.kind
        self.stripe.configure(background=KIND_COLOURS[kind])
        self.fields.show_hearing(kind in (ActivityKind.HEARING, ActivityKind.POLISWEB))
        self.fields.adjourn_button.configure(
            state="normal" if kind is ActivityKind.HEARING and not self.activity.read_only
            and self.activity.next_hearing_id is None else "disabled")

    def _on_kind_changed(self) -> None:
        self._show_kind()

    def _show_chain(self) -> None:
        agenda = self.ctx.services.agenda
        previous = agenda.previous_hearing(self.activity)
        following = agenda.next_hearing(self.activity)

        def describe(hearing: Activity | None) -> str:
            if hearing is None or hearing.start is None:
                return "—"
            return f"{format_date(hearing.start.date())} {format_time(hearing.start)}"

        self.fields.previous_button.configure(state="normal" if previous else "disabled")
        self.fields.next_button.configure(state="normal" if following else "disabled")
        self.fields.chain_label.configure(text=_("Precedente: {previous}   ·   Successiva: {following}").format(
            previous=describe(previous), following=describe(following)))
        self._show_kind()

    def _show_case(self) -> None:
        if self.case_panel is not None:
            self.case_panel.destroy()
            self.case_panel = None
        if self.activity.personal_case_id is not None or self.activity.registry_record_id is not None:
            self.case_panel = CasePanel(self.side, self.ctx, self.activity.personal_case_id,
                                        self.activity.registry_record_id)
            self.case_panel.pack(fill="x")

    # -- state -------------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Something typed (or a new activity) not saved yet."""
        if self.activity.read_only:
            return False
        return self.saved_values is None or self.fields.read() != self.saved_values

    def _candidate(self) -> Activity | None:
        """The activity as the fields describe it, or None with the refusals shown."""
        candidate, errors = activity_form.build(self.activity, self.fields.read())
        self.fields.show_errors(errors)
        return candidate

    # -- saving ------------------------------------------------------------------------------------
    def save(self) -> bool:
        if self.activity.read_only:
            return False
        candidate = self._candidate()
        if candidate is None:
            return False
        was_new = candidate.id is None
        try:
            saved = self.ctx.services.agenda.save(candidate)
        except REFUSALS as exc:
            self.fields.show_errors({REFERENCE: str(exc)})
            return False
        if was_new:
            register_window(self.ctx, ("activity", saved.id), self)
        self.load(saved)
        self.actions.changed(saved.id)
        return True

    # -- hearings ----------------------------------------------------------------------------------
    def adjourn(self):
        """Save what was typed, create the next hearing (a month later) and open it for its date."""
        if self.dirty and not self.save():
            return None
        if self.fields.kind() is not ActivityKind.HEARING:
            return None
        try:
            following = self.ctx.services.agenda.adjourn(
                self.activity.id, default_adjournment(self.activity.start, dt.date.today()))
        except REFUSALS as exc:
            dialogs.error(self, str(exc))
            return None
        self.load(self.ctx.services.agenda.get(self.activity.id))
        self.actions.changed(following.id)
        window = self.actions.open(following.id)
        window.fields.widgets["start_date"].focus_set()
        window.fields.widgets["start_date"].select_range(0, "end")
        return window

    def walk_chain(self, step: int) -> None:
        """◀ ▶: show the previous or next hearing in this window (what was typed is saved first)."""
        target_id = self.activity.previous_hearing_id if step < 0 else self.activity.next_hearing_id
        if target_id is None:
            return
        if self.dirty and not self.save():
            return
        try:
            target = self.ctx.services.agenda.get(target_id)
        except REFUSALS as exc:
            dialogs.error(self, str(exc))
            return
        from cliens_tk.ui.windows import open_windows

        other = open_windows(self.ctx).get(("activity", target_id))
        if other is not None and other is not self:
            other.lift()
            other.focus_set()
            return
        register_window(self.ctx, ("activity", target_id), self)
        self.load(target)

    # -- options -----------------------------------------------------------------------------------
    def _fill_options(self) -> None:
        menu = self.options_menu
        menu.delete(0, "end")
        current, _errors = activity_form.build(self.activity, self.fields.read())
        for entry in option_entries(current or self.activity):
            if entry is None:
                menu.add_separator()
            else:
                menu.add_command(label=entry.label, state="normal" if entry.enabled else "disabled",
                                 command=lambda key=entry.key: self.choose_option(key))

    def post_options(self) -> None:
        self._fill_options()
        self.options_menu.post(self.options_button.winfo_rootx(),
                               self.options_button.winfo_rooty() + self.options_button.winfo_height())

    def option_labels(self) -> dict[str, tuple[str, bool]]:
        """What the options menu offers now: key -> (label, enabled)."""
        current, _errors = activity_form.build(self.activity, self.fields.read())
        return {e.key: (e.label, e.enabled) for e in option_entries(current or self.activity) if e is not None}

    def choose_option(self, key: str):
        handlers = {
            "remove_calendar": lambda a: a.remove_from_calendar(),
            "add_calendar": lambda a: a.add_to_calendar(),
            "remove_deadlines": lambda a: a.remove_from_deadlines(),
            "add_deadlines": lambda a: a.add_to_deadlines(),
            "all_day_on": lambda a: a.set_all_day(True),
            "all_day_off": lambda a: a.set_all_day(False),
        }
        if key in handlers:
            return self._apply_to_fields(handlers[key])
        return {"link_case": self.choose_case, "unlink_case": self.unlink_case, "duplicate": self.duplicate,
                "delete": self.delete, "discard": self.discard}[key]()

    def _apply_to_fields(self, change) -> bool:
        """Apply an Activity rule to what the fields describe; shown at once, saved with "Salva"."""
        if self.activity.read_only:
            return False
        candidate = self._candidate()
        if candidate is None:
            return False
        try:
            changed = change(candidate)
        except ActivityRuleError as exc:
            self.fields.show_errors({REFERENCE: str(exc)})
            return False
        self.fields.write(values_of(changed))
        self.fields.show_errors({})
        return True

    def choose_case(self):
        from cliens_tk.ui.agenda.case_picker import CasePicker

        return CasePicker(self, self.ctx, on_choose=self.link_case)

    def link_case(self, case_id: int) -> None:
        self._set_case(case_id)

    def unlink_case(self) -> None:
        self._set_case(None)

    def _set_case(self, case_id: int | None) -> None:
        """Saved activities are linked at once; a new one keeps the link until "Salva"."""
        agenda = self.ctx.services.agenda
        if self.activity.id is not None:
            try:
                if case_id is not None:
                    stored = agenda.link_case(self.activity.id, case_id)
                else:
                    stored = agenda.unlink_case(self.activity.id)
            except REFUSALS as exc:
                dialogs.error(self, str(exc))
                return
            self.actions.changed(self.activity.id)
            self.activity = dataclasses.replace(self.activity, personal_case_id=stored.personal_case_id)
        else:
            self.activity = dataclasses.replace(self.activity, personal_case_id=case_id)
        self._show_case()

    def duplicate(self):
        if self.activity.id is None:
            dialogs.error(self, _("Salvare l'attività prima di duplicarla."))
            return None
        return self.actions.duplicate(self.activity.id, self)

    def delete(self) -> bool:
        if self.activity.id is None:
            if dialogs.confirm(self, _("Scartare la nuova attività senza salvarla?"), _("Elimina attività"),
                               _("Scarta")):
                self.destroy()
                return True
            return False
        if self.actions.delete(self.activity.id, self):
            self.destroy()
            return True
        return False

    def discard(self) -> None:
        """Close, dropping whatever was typed since the last save."""
        self.destroy()

    def close(self) -> None:
        if self.dirty and not dialogs.confirm(
                self, _("Le modifiche non salvate andranno perse. Chiudere comunque?"), _("Modifiche non salvate"),
                _("Chiudi senza salvare")):
            return
        self.destroy()

    # -- refreshing --------------------------------------------------------------------------------
    def _on_agenda_changed(self, activity_id: int | None = None, **_data) -> None:
        if self.activity.id is None or not self.winfo_exists():
            return
        try:
            fresh = self.ctx.services.agenda.get(self.activity.id)
        except REFUSALS:
            fresh = None
        if fresh is None:
            if not self.dirty:
                self.destroy()
            return
        if self.dirty:
            self.activity = dataclasses.replace(self.activity, previous_hearing_id=fresh.previous_hearing_id,
                                                next_hearing_id=fresh.next_hearing_id)
            self._show_chain()
        elif fresh != self.activity:
            self.load(fresh)
        else:
            self._show_chain()

    def _on_destroy(self, event) -> None:
        if event.widget is self:
            self._unsubscribe()

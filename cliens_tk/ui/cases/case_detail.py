"""The case detail window (6.4-6.8): «Dati fascicolo», «Dati di cancelleria», «Attività».

The window follows one case. It starts from a personal case or from registry data; when registry
data gets a personal case (6.6) the window follows that case, and when the personal case is
deleted (6.7) it keeps showing the registry data, now independent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import CaseRuleError
from cliens_tk.i18n import _, ngettext
from cliens_tk.services.case_print import PrintError, open_with_system_viewer, print_case
from cliens_tk.services.cases import CaseDetail
from cliens_tk.ui.bus import AGENDA_CHANGED, CASES_CHANGED
from cliens_tk.ui.cases.formatting import activity_sort_key, activity_when, date_text, role_text
from cliens_tk.ui.cases.prompts import DEFAULT_PROMPTS, Prompts
from cliens_tk.ui.cases.registry_view import RegistryView
from cliens_tk.ui.cases.role_dialogs import PersonalCaseForRecordDialog, RecordChooser, RoleEntryDialog

ACTIVITY_COLUMNS = ("when", "kind", "title", "place")
NOTICE_BACKGROUND, NOTICE_TEXT = "#fff3cd", "#664d03"  # a yellow notice, readable


def open_activity_window(ctx, activity_id: int, parent, prompts: Prompts) -> None:
    """The agenda's activity window, when that part of the application is present."""
    try:
        from cliens_tk.ui.agenda import open_activity
    except ImportError:
        prompts.info(parent, _("La finestra dell'attività non è ancora disponibile in questa versione."))
        return
    open_activity(ctx, activity_id=activity_id)


class CaseDetailWindow(ttk.Toplevel):
    def __init__(self, ctx, case_id: int | None = None, record_id: int | None = None,
                 prompts: Prompts = DEFAULT_PROMPTS,
                 activity_opener: Callable[[int], None] | None = None,
                 open_file: Callable[[Path], None] | None = open_with_system_viewer):
        super().__init__(title=_("Fascicolo"), master=ctx.root, size=(1180, 700), minsize=(820, 480))
        self.ctx = ctx
        self.prompts = prompts
        self.open_file = open_file
        self.activity_opener = activity_opener or (
            lambda activity_id: open_activity_window(ctx, activity_id, self, prompts))
        self.case_id, self.record_id = case_id, record_id
        self.detail: CaseDetail | None = None
        self._form_case_id: int | None = None
        self._reload_after: str | None = None
        self.last_print: Path | None = None
        self._publishing = False
        self._unsubscribe: list[Callable[[], None]] = []
        self.bind("<Destroy>", self._on_destroy, add="+")
        self._build()
        try:
            self.load(mark_seen=True)
        except CaseRuleError:
            self.destroy()
            raise
        self._unsubscribe = [ctx.bus.subscribe(topic, self._on_changed) for topic in (CASES_CHANGED, AGENDA_CHANGED)]
        self.protocol("WM_DELETE_WINDOW", self.close)

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        header = ttk.Frame(self, padding=(12, 10, 12, 4))
        header.pack(fill="x")
        self.heading = ttk.Label(header, text="", font=("TkDefaultFont", 14, "bold"))
        self.heading.pack(side="left")
        self.operations_button = ttk.Menubutton(header, text=_("Operazioni"), bootstyle="secondary-outline")
        self.operations_menu = ttk.Menu(self.operations_button, tearoff=False)
        self.operations_button.configure(menu=self.operations_menu)
        self.operations_button.pack(side="right")
        self.kind_label = ttk.Label(self, text="", bootstyle="secondary", padding=(12, 0))
        self.kind_label.pack(anchor="w")

        body = ttk.Frame(self, padding=(12, 6))
        body.pack(fill="both", expand=True)
        body.columnconfigure(0, weight=1, uniform="halves")
        body.columnconfigure(1, weight=1, uniform="halves")
        body.rowconfigure(1, weight=1)
        self.personal_frame = ttk.Labelframe(body, text=_("Dati fascicolo"), padding=10)
        self.personal_frame.grid(row=0, column=0, sticky="nsew", padx=(0, 6))
        self.registry_frame = ttk.Labelframe(body, text=_("Dati di cancelleria"), padding=6)
        self.registry_frame.grid(row=1, column=0, sticky="nsew", padx=(0, 6), pady=(6, 0))
        self.registry_view = RegistryView(self.registry_frame)
        self.registry_view.pack(fill="both", expand=True)
        activities = ttk.Labelframe(body, text=_("Attività"), padding=6)
        activities.grid(row=0, column=1, rowspan=2, sticky="nsew", padx=(6, 0))
        self._build_activities(activities)
        self.status = ttk.Label(self, text="", padding=(12, 2, 12, 8))
        self.status.pack(fill="x")

        self.bind("<Control-s>", lambda _e: self.save())
        self.bind("<Control-p>", lambda _e: self.print_pdf())
        self.bind("<Escape>", lambda _e: self.close())

    def _build_activities(self, parent) -> None:
        frame = ttk.Frame(parent)
        frame.pack(fill="both", expand=True)
        self.activity_tree = ttk.Treeview(frame, columns=ACTIVITY_COLUMNS, show="headings", selectmode="browse")
        for column, heading, width, stretch in (("when", _("Data"), 130, False), ("kind", _("Tipo"), 128, False),
                                                ("title", _("Attività"), 200, True),
                                                ("place", _("Luogo"), 100, True)):
            self.activity_tree.heading(column, text=heading, anchor="w")
            self.activity_tree.column(column, width=width, anchor="w", stretch=stretch)
        for kind in ActivityKind:
            self.activity_tree.tag_configure(kind.value, foreground=kind.colour)
        self.activity_tree.tag_configure("done", foreground="#8c8c8c")
        scroll = ttk.Scrollbar(frame, orient="vertical", command=self.activity_tree.yview)
        self.activity_tree.configure(yscrollcommand=scroll.set)
        self.activity_tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        bottom = ttk.Frame(parent)
        bottom.pack(fill="x", pady=(6, 0))
        self.add_activity_button = ttk.Button(bottom, text="+", width=3, bootstyle="success",
                                              command=self.add_activity)
        self.add_activity_button.pack(side="left")
        self.add_activity_hint = ttk.Label(bottom, text=_("Aggiungi un'attività personale al fascicolo (Ctrl+N)"),
                                           bootstyle="secondary")
        self.add_activity_hint.pack(side="left", padx=6)
        self.activity_tree.bind("<Double-Button-1>", self._on_activity_double_click)
        self.activity_tree.bind("<Return>", lambda _e: self.open_selected_activity())
        self.bind("<Control-n>", lambda _e: self.add_activity())

    # -- loading and showing ---------------------------------------------------------------------
    def matches(self, case_id: int | None, record_id: int | None) -> bool:
        """Whether this window shows the case asked for (by personal case or registry data)."""
        detail = self.detail
        if detail is None:
            return False
        if case_id is not None and detail.personal is not None and detail.personal.id == case_id:
            return True
        return record_id is not None and detail.record is not None and detail.record.id == record_id

    def load(self, mark_seen: bool = False) -> None:
        cases = self.ctx.services.cases
        detail = cases.detail(case_id=self.case_id, record_id=None if self.case_id else self.record_id,
                              mark_seen=False)
        if mark_seen and detail.record is not None and not detail.record.seen:
            detail = cases.detail(case_id=self.case_id, record_id=None if self.case_id else self.record_id,
                                  mark_seen=True)
            self.after_idle(lambda: self._publish(CASES_CHANGED))
        self.detail = detail
        if detail.personal is not None:
            self.case_id = detail.personal.id
        self.record_id = detail.record.id if detail.record is not None else None
        self.render()

    def render(self) -> None:
        detail = self.detail
        self.title(_("Fascicolo - {title}").format(title=detail.title))
        self.heading.configure(text=detail.title)
        if detail.personal is not None and detail.record is not None:
            kind = _("Fascicolo personale con dati di cancelleria")
        elif detail.personal is not None:
            kind = _("Fascicolo personale (senza dati di cancelleria)")
        else:
            kind = _("Dati di cancelleria senza fascicolo personale")
        self.kind_label.configure(text=kind)
        if detail.personal is None:
            self._render_no_personal()
        elif self._form_case_id != detail.personal.id or not self.dirty:
            self._render_personal()
        else:
            self._render_role()  # keep what the user is typing; refresh the rest
        if detail.record is not None:
            office = self.ctx.services.offices.name(detail.record.office_code)
            self.registry_view.show(detail.record, office)
            self.registry_frame.grid()
        else:
            self.registry_frame.grid_remove()
        self._render_activities()
        self._render_operations()

    def _clear_personal(self) -> None:
        for child in self.personal_frame.winfo_children():
            child.destroy()
        self._form_case_id = None

    def _render_no_personal(self) -> None:
        self._clear_personal()
        self.no_personal_notice = ttk.TkLabel(
            self.personal_frame, autostyle=False, background=NOTICE_BACKGROUND, foreground=NOTICE_TEXT, padx=8,
            pady=8, wraplength=480, justify="left", anchor="w", text=_(
                "Questi dati di cancelleria non sono associati a un fascicolo personale. Creandone uno si possono "
                "aggiungere intestazione, annotazioni e attività personali."))
        self.no_personal_notice.pack(anchor="w", fill="x")
        self.create_personal_button = ttk.Button(self.personal_frame, text=_("Crea fascicolo personale..."),
                                                 bootstyle="primary", command=self.create_personal_case)
        self.create_personal_button.pack(anchor="w", pady=(8, 0))

    def _render_personal(self) -> None:
        self._clear_personal()
        case = self.detail.personal
        frame = self.personal_frame
        frame.columnconfigure(1, weight=1)
        ttk.Label(frame, text=_("Intestazione")).grid(row=0, column=0, sticky="w", pady=2)
        self.title_entry = ttk.Entry(frame)
        self.title_entry.insert(0, case.title)
        self.title_entry.grid(row=0, column=1, columnspan=2, sticky="ew", pady=2)
        ttk.Label(frame, text=_("Ufficio")).grid(row=1, column=0, sticky="w", pady=2)
        ttk.Label(frame, text=self.ctx.services.offices.name(case.office_code)).grid(
            row=1, column=1, columnspan=2, sticky="w")
        ttk.Label(frame, text=_("Registro")).grid(row=2, column=0, sticky="w", pady=2)
        ttk.Label(frame, text=case.register.label).grid(row=2, column=1, columnspan=2, sticky="w")
        ttk.Label(frame, text=_("Ruolo")).grid(row=3, column=0, sticky="w", pady=2)
        self.role_label = ttk.Label(frame, text="")
        self.role_label.grid(row=3, column=1, sticky="w")
        self.role_button = ttk.Button(frame, text="", bootstyle="secondary-outline", command=self.change_role)
        self.role_button.grid(row=3, column=2, sticky="e", pady=2)
        ttk.Label(frame, text=_("Annotazioni")).grid(row=4, column=0, sticky="nw", pady=2)
        self.notes_text = ttk.Text(frame, height=5, width=40, wrap="word", undo=True)
        self.notes_text.insert("1.0", case.notes)
        self.notes_text.edit_modified(False)
        self.notes_text.grid(row=4, column=1, columnspan=2, sticky="nsew", pady=2)
        self.personal_error = ttk.Label(frame, text="", bootstyle="danger", wraplength=460, justify="left")
        self.personal_error.grid(row=5, column=0, columnspan=3, sticky="w")
        self.save_button = ttk.Button(frame, text=_("Salva modifiche"), bootstyle="primary", command=self.save)
        self.save_button.grid(row=6, column=2, sticky="e", pady=(4, 0))
        ttk.Label(frame, text=_("Creato il {date}").format(date=date_text(case.created_on)),
                  bootstyle="secondary").grid(row=6, column=0, columnspan=2, sticky="w")
        self._form_case_id = case.id
        self._render_role()

    def _render_role(self) -> None:
        case, record = self.detail.personal, self.detail.record
        self.role_label.configure(text=role_text(case.role))
        if record is not None:
            self.role_button.configure(text=_("Ruolo dai dati di cancelleria"), state="disabled")
        else:
            self.role_button.configure(state="normal", text=_("Aggiungi numero di ruolo...") if case.role is None
                                       else _("Modifica numero di ruolo..."))

    def _render_activities(self) -> None:
        tree = self.activity_tree
        tree.delete(*tree.get_children())
        for activity in sorted(self.detail.activities, key=activity_sort_key):
            tags = [activity.kind.value] + (["done"] if activity.done else [])
            tree.insert("", "end", iid=str(activity.id), tags=tags, values=(
                activity_when(activity), activity.kind.label, activity.title, activity.place or activity.judge))
        personal = self.detail.personal is not None
        self.add_activity_button.configure(state="normal" if personal else "disabled")
        self.add_activity_hint.configure(
            text=_("Aggiungi un'attività personale al fascicolo (Ctrl+N)") if personal
            else _("Per aggiungere attività creare prima il fascicolo personale."))

    def _render_operations(self) -> None:
        menu = self.operations_menu
        menu.delete(0, "end")
        menu.add_command(label=_("Stampa (PDF)"), accelerator="Ctrl+P", command=self.print_pdf)
        if self.detail.personal is not None:
            menu.add_separator()
            menu.add_command(label=_("Elimina fascicolo personale..."), command=self.delete_case)

    # -- personal data -------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        if self._form_case_id is None or self.detail is None or self.detail.personal is None:
            return False
        case = self.detail.personal
        return (self.title_entry.get() != case.title
                or self.notes_text.get("1.0", "end-1c") != case.notes)

    def save(self) -> bool:
        if self._form_case_id is None:
            return True
        try:
            self.ctx.services.cases.update_case(self._form_case_id, self.title_entry.get(),
                                                self.notes_text.get("1.0", "end-1c"))
        except CaseRuleError as exc:
            self.personal_error.configure(text=str(exc))
            return False
        self.personal_error.configure(text="")
        self._form_case_id = None  # the saved values become the form's new baseline
        self._changed(CASES_CHANGED)
        self.status.configure(text=_("Modifiche salvate."))
        return True

    def close(self) -> None:
        if self.dirty:
            answer = self.prompts.ask_save(self, _("L'intestazione o le annotazioni del fascicolo sono state "
                                                   "modificate. Salvare le modifiche?"))
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
        self.destroy()

    # -- role (6.5) and personal case for registry data (6.6) ----------------------------------------
    def change_role(self):
        case = self.detail.personal
        records = self.ctx.services.cases.linkable_records(case.id)
        if records:
            self.role_dialog = RecordChooser(self, case, records, link=self._link_record, manual=self._manual_role)
        else:
            self._manual_role()
        return self.role_dialog

    def _manual_role(self) -> None:
        self.role_dialog = RoleEntryDialog(self, self.detail.personal, save=self._save_role)

    def _link_record(self, record_id: int) -> str | None:
        try:
            self.ctx.services.cases.link_record(self.case_id, record_id)
        except CaseRuleError as exc:
            return str(exc)
        self._changed(CASES_CHANGED, AGENDA_CHANGED)
        return None

    def _save_role(self, role) -> str | None:
        try:
            _case, record = self.ctx.services.cases.set_role(self.case_id, role)
        except CaseRuleError as exc:
            return str(exc)
        self._changed(CASES_CHANGED, AGENDA_CHANGED)
        if record is not None:
            self.prompts.info(self, _("Per il ruolo {role} erano già stati scaricati i dati di cancelleria "
                                      "({parties}): sono stati collegati al fascicolo.").format(
                role=record.role, parties=record.parties_title), _("Fascicolo collegato"))
        return None

    def create_personal_case(self):
        record = self.detail.record
        candidates = self.ctx.services.cases.linkable_cases(record.id)
        self.personal_dialog = PersonalCaseForRecordDialog(self, record, candidates, link=self._link_to_case,
                                                           create=self._create_for_record)
        return self.personal_dialog

    def _link_to_case(self, case_id: int) -> str | None:
        try:
            self.ctx.services.cases.link_record(case_id, self.record_id)
        except CaseRuleError as exc:
            return str(exc)
        self.case_id = case_id
        self._changed(CASES_CHANGED, AGENDA_CHANGED)
        return None

    def _create_for_record(self, title: str) -> str | None:
        try:
            case = self.ctx.services.cases.create_case_for_record(self.record_id, title)
        except CaseRuleError as exc:
            return str(exc)
        self.case_id = case.id
        self._changed(CASES_CHANGED, AGENDA_CHANGED)
        return None

    # -- activities (6.8) ------------------------------------------------------------------------
    def _on_activity_double_click(self, event) -> str | None:
        iid = self.activity_tree.identify_row(event.y)
        if not iid:
            return None
        self.activity_tree.selection_set(iid)
        self.activity_opener(int(iid))
        return "break"

    def open_selected_activity(self) -> None:
        selection = self.activity_tree.selection()
        if selection:
            self.activity_opener(int(selection[0]))

    def add_activity(self) -> Activity | None:
        if self.detail.personal is None:
            return None
        try:
            activity = self.ctx.services.cases.add_activity(self.detail.personal.id)
        except CaseRuleError as exc:
            self.prompts.error(self, str(exc))
            return None
        self._changed(AGENDA_CHANGED)
        self.activity_tree.selection_set(str(activity.id))
        self.activity_tree.see(str(activity.id))
        self.activity_opener(activity.id)
        return activity

    # -- operations ------------------------------------------------------------------------------
    def delete_case(self) -> bool:
        case, record = self.detail.personal, self.detail.record
        personal_activities = sum(1 for a in self.detail.activities
                                  if a.personal_case_id == case.id and a.kind is not ActivityKind.POLISWEB)
        lines = [_("Eliminare il fascicolo personale «{title}»?").format(title=case.title), ""]
        if personal_activities:
            lines.append(ngettext("Verrà eliminata anche la sua attività personale.",
                                  "Verranno eliminate anche le sue {n} attività personali.",
                                  personal_activities).format(n=personal_activities))
        else:
            lines.append(_("Il fascicolo non ha attività personali."))
        if record is not None:
            lines.append(_("I dati di cancelleria collegati (ruolo {role}) e le attività PolisWeb restano: "
                           "torneranno nell'elenco come dati indipendenti.").format(role=record.role))
        lines += ["", _("L'operazione non si può annullare.")]
        if not self.prompts.confirm(self, "\n".join(lines), _("Elimina fascicolo"), _("Elimina")):
            return False
        try:
            self.ctx.services.cases.delete_case(case.id)
        except CaseRuleError as exc:
            self.prompts.error(self, str(exc))
            return False
        self._form_case_id = None
        if record is None:
            self.destroy()
            self.ctx.bus.publish(CASES_CHANGED)
            self.ctx.bus.publish(AGENDA_CHANGED)
            return True
        self.case_id = None
        self._changed(CASES_CHANGED, AGENDA_CHANGED)
        return True

    def print_pdf(self) -> None:
        services, open_file = self.ctx.services, self.open_file
        case_id, record_id = self.case_id, self.record_id
        self.status.configure(text=_("Preparazione del PDF..."))
        self.ctx.tasks.submit(
            lambda _job: print_case(services, case_id=case_id, record_id=None if case_id else record_id,
                                    open_file=open_file),
            on_done=self._printed, on_error=self._print_failed, name="case-print")

    def _printed(self, path: Path) -> None:
        self.last_print = path
        if self.winfo_exists():
            self.status.configure(text=_("PDF salvato in {path}").format(path=path))

    def _print_failed(self, exc: BaseException, _trace: str) -> None:
        if not self.winfo_exists():
            return
        self.status.configure(text="")
        message = str(exc) if isinstance(exc, PrintError) else _(
            "Impossibile preparare il PDF: {error}").format(error=exc)
        self.prompts.error(self, message, _("Stampa"))

    # -- refreshing ------------------------------------------------------------------------------
    def _changed(self, *topics: str) -> None:
        """After one of our own changes: show it now, then tell the other windows."""
        self.load()
        self._publish(*topics)

    def _publish(self, *topics: str) -> None:
        self._publishing = True
        try:
            for topic in topics:
                self.ctx.bus.publish(topic)
        finally:
            self._publishing = False

    def _on_changed(self, **_data) -> None:
        if self._publishing:
            return
        if self._reload_after is None and self.winfo_exists():
            self._reload_after = self.after_idle(self._reload)

    def _reload(self) -> None:
        self._reload_after = None
        try:
            self.load()
        except CaseRuleError:  # deleted elsewhere
            self.destroy()

    def _on_destroy(self, event) -> None:
        if event.widget is not self:
            return
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        if self._reload_after is not None:
            self.tk.call("after", "cancel", self._reload_after)
            self._reload_after = None

"""Adding or changing a case's role (6.5) and giving registry data a personal case (6.6)."""

from __future__ import annotations

from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.cases import CaseRuleError, PersonalCase, RegistryRecord, RoleNumber
from cliens_tk.i18n import _
from cliens_tk.ui.cases.dialog_base import CaseDialog
from cliens_tk.ui.cases.formatting import date_text, parse_role

Submit = Callable[..., "str | None"]


def _table(parent, columns: dict[str, tuple[str, int]], height: int = 8) -> ttk.Treeview:
    frame = ttk.Frame(parent)
    frame.pack(fill="both", expand=True)
    tree = ttk.Treeview(frame, columns=list(columns), show="headings", height=height, selectmode="browse")
    for key, (heading, width) in columns.items():
        tree.heading(key, text=heading, anchor="w")
        tree.column(key, width=width, anchor="w", stretch=True)
    scroll = ttk.Scrollbar(frame, orient="vertical", command=tree.yview)
    tree.configure(yscrollcommand=scroll.set)
    tree.pack(side="left", fill="both", expand=True)
    scroll.pack(side="right", fill="y")
    return tree


def _select_first(tree: ttk.Treeview) -> None:
    children = tree.get_children()
    if children:
        tree.selection_set(children[0])
        tree.focus(children[0])


class RecordChooser(CaseDialog):
    """The selection window of 6.5: unlinked registry data of the case's office and register."""

    def __init__(self, parent, case: PersonalCase, records: list[RegistryRecord], link: Submit,
                 manual: Callable[[], None]):
        super().__init__(parent, _("Collega i dati di cancelleria"))
        self.link, self.manual = link, manual
        self.records = {str(r.id): r for r in records}
        ttk.Label(self.body, wraplength=560, justify="left", text=_(
            "Questi dati di cancelleria dello stesso ufficio e registro non sono collegati a nessun fascicolo. "
            "Sceglierne uno per collegarlo a «{title}»: il fascicolo ne prenderà il numero di ruolo."
        ).format(title=case.title)).pack(anchor="w", pady=(0, 8))
        self.tree = _table(self.body, {"role": (_("Ruolo"), 90), "parties": (_("Parti"), 260),
                                       "subject": (_("Oggetto"), 220)})
        for key, record in self.records.items():
            self.tree.insert("", "end", iid=key, values=(str(record.role), record.parties_title, record.subject))
        _select_first(self.tree)
        self.error_label.pack(fill="x", pady=(6, 0))
        buttons = ttk.Frame(self.body)
        buttons.pack(fill="x", pady=(8, 0))
        self.link_button = ttk.Button(buttons, text=_("Collega al fascicolo"), bootstyle="primary",
                                      command=self.choose)
        self.link_button.pack(side="right")
        ttk.Button(buttons, text=_("Annulla"), bootstyle="secondary", command=self.cancel).pack(side="right", padx=6)
        # the yellow notice at the bottom leads to manual entry
        self.manual_notice = ttk.Button(
            self.body, bootstyle="warning",
            text=_("Il fascicolo non è in questo elenco? Inserire il numero di ruolo a mano"),
            command=self.to_manual,
        )
        self.manual_notice.pack(fill="x", pady=(10, 0))
        self.tree.bind("<Return>", lambda _e: self.choose())
        self.tree.bind("<Double-Button-1>", lambda _e: self.choose())
        self.tree.focus_set()

    def choose(self) -> None:
        selection = self.tree.selection()
        if not selection:
            self.show_error(_("Selezionare i dati di cancelleria da collegare."))
            return
        if not self.show_error(self.link(self.records[selection[0]].id)):
            self.destroy()

    def to_manual(self) -> None:
        self.destroy()
        self.manual()


class RoleEntryDialog(CaseDialog):
    """Manual entry (or removal) of a case's role number."""

    def __init__(self, parent, case: PersonalCase, save: Submit):
        super().__init__(parent, _("Numero di ruolo"))
        self.save_role = save
        ttk.Label(self.body, wraplength=420, justify="left", text=_(
            "Numero di ruolo di «{title}». Se per questo numero ci sono dati di cancelleria già scaricati, "
            "verranno collegati al fascicolo."
        ).format(title=case.title)).pack(anchor="w", pady=(0, 8))
        row = ttk.Frame(self.body)
        row.pack(fill="x")
        ttk.Label(row, text=_("Numero")).grid(row=0, column=0, sticky="w")
        ttk.Label(row, text=_("Anno")).grid(row=0, column=1, sticky="w", padx=(8, 0))
        self.number_entry = ttk.Entry(row, width=14)
        self.year_entry = ttk.Entry(row, width=8)
        self.number_entry.grid(row=1, column=0, sticky="w")
        self.year_entry.grid(row=1, column=1, sticky="w", padx=(8, 0))
        if case.role is not None:
            self.number_entry.insert(0, str(case.role.number))
            self.year_entry.insert(0, str(case.role.year))
        self.error_label.pack(fill="x", pady=(8, 0))
        buttons = ttk.Frame(self.body)
        buttons.pack(fill="x", pady=(10, 0))
        ttk.Button(buttons, text=_("Salva"), bootstyle="primary", command=self.save).pack(side="right")
        ttk.Button(buttons, text=_("Annulla"), bootstyle="secondary", command=self.cancel).pack(side="right", padx=6)
        if case.role is not None:
            self.remove_button = ttk.Button(buttons, text=_("Rimuovi numero di ruolo"), bootstyle="danger-outline",
                                            command=self.remove)
            self.remove_button.pack(side="left")
        for entry in (self.number_entry, self.year_entry):
            entry.bind("<Return>", lambda _e: self.save())
        self.number_entry.focus_set()

    def save(self) -> None:
        try:
            role: RoleNumber | None = parse_role(self.number_entry.get(), self.year_entry.get())
        except CaseRuleError as exc:
            self.show_error(str(exc))
            return
        if not self.show_error(self.save_role(role)):
            self.destroy()

    def remove(self) -> None:
        if not self.show_error(self.save_role(None)):
            self.destroy()


class PersonalCaseForRecordDialog(CaseDialog):
    """6.6: registry data without a personal case; link an unlinked case of the same office and
    register (proposed first), or create a new one titled after the parties."""

    def __init__(self, parent, record: RegistryRecord, candidates: list[PersonalCase], link: Submit,
                 create: Submit):
        super().__init__(parent, _("Fascicolo personale per i dati di cancelleria"))
        self.link, self.create_case = link, create
        self.candidates = {str(c.id): c for c in candidates}
        self.tree = None
        if candidates:
            ttk.Label(self.body, wraplength=560, justify="left", text=_(
                "Questi fascicoli personali dello stesso ufficio e registro non hanno dati di cancelleria. "
                "Se uno di essi è il fascicolo {role}, selezionarlo e collegarlo:"
            ).format(role=record.role)).pack(anchor="w", pady=(0, 8))
            self.tree = _table(self.body, {"title": (_("Intestazione"), 320), "role": (_("Ruolo"), 90),
                                           "created": (_("Creato il"), 90)}, height=6)
            for key, case in self.candidates.items():
                self.tree.insert("", "end", iid=key, values=(case.title, str(case.role or ""),
                                                            date_text(case.created_on)))
            _select_first(self.tree)
            self.link_button = ttk.Button(self.body, text=_("Collega al fascicolo selezionato"),
                                          bootstyle="primary", command=self.choose)
            self.link_button.pack(anchor="e", pady=(6, 0))
            self.tree.bind("<Return>", lambda _e: self.choose())
            self.tree.bind("<Double-Button-1>", lambda _e: self.choose())
            ttk.Separator(self.body).pack(fill="x", pady=12)
            ttk.Label(self.body, text=_("Oppure creare un nuovo fascicolo personale:")).pack(anchor="w")
        else:
            ttk.Label(self.body, wraplength=460, justify="left", text=_(
                "Verrà creato un nuovo fascicolo personale collegato ai dati di cancelleria {role}."
            ).format(role=record.role)).pack(anchor="w", pady=(0, 8))
        ttk.Label(self.body, text=_("Intestazione")).pack(anchor="w", pady=(4, 0))
        self.title_entry = ttk.Entry(self.body, width=60)
        self.title_entry.insert(0, record.parties_title)
        self.title_entry.pack(fill="x")
        self.error_label.pack(fill="x", pady=(8, 0))
        buttons = ttk.Frame(self.body)
        buttons.pack(fill="x", pady=(10, 0))
        self.create_button = ttk.Button(buttons, text=_("Crea nuovo fascicolo"),
                                        bootstyle="secondary" if candidates else "primary", command=self.create)
        self.create_button.pack(side="right")
        ttk.Button(buttons, text=_("Annulla"), bootstyle="link", command=self.cancel).pack(side="right", padx=6)
        self.title_entry.bind("<Return>", lambda _e: self.create())
        (self.tree or self.title_entry).focus_set()

    def choose(self) -> None:
        selection = self.tree.selection() if self.tree is not None else ()
        if not selection:
            self.show_error(_("Selezionare il fascicolo da collegare."))
            return
        if not self.show_error(self.link(self.candidates[selection[0]].id)):
            self.destroy()

    def create(self) -> None:
        if not self.show_error(self.create_case(self.title_entry.get())):
            self.destroy()

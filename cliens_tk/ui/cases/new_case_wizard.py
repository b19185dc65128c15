"""«Nuovo fascicolo» (6.3): is the case already on the roll? then office, register, title (and role)."""

from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.cases import CaseRuleError
from cliens_tk.domain.offices import Office, Register
from cliens_tk.i18n import _
from cliens_tk.ui.bus import CASES_CHANGED
from cliens_tk.ui.cases.dialog_base import CaseDialog
from cliens_tk.ui.cases.formatting import parse_role
from cliens_tk.ui.cases.office_picker import OfficePicker
from cliens_tk.ui.cases.prompts import DEFAULT_PROMPTS, Prompts


class NewCaseWizard(CaseDialog):
    def __init__(self, ctx, parent, on_created: Callable | None = None, prompts: Prompts = DEFAULT_PROMPTS):
        super().__init__(parent, _("Nuovo fascicolo"))
        self.ctx = ctx
        self.prompts = prompts
        self.on_created = on_created
        self.with_role = False
        self.created = None
        self.geometry("560x560")
        self._question_step()

    # -- step 1 --------------------------------------------------------------------------------
    def _clear(self) -> None:
        for child in self.body.winfo_children():
            if child is not self.error_label:
                child.destroy()
        self.error_label.pack_forget()
        self.show_error(None)

    def _question_step(self) -> None:
        self._clear()
        self.step = "question"
        ttk.Label(self.body, text=_("Il fascicolo è già iscritto a ruolo?"),
                  font=("TkDefaultFont", 12, "bold")).pack(anchor="w", pady=(0, 12))
        self.yes_button = ttk.Button(self.body, text=_("Sì, conosco il numero di ruolo"), bootstyle="primary",
                                     command=lambda: self._form_step(True))
        self.no_button = ttk.Button(self.body, text=_("No, non è iscritto o non ho i dati di ruolo"),
                                    bootstyle="secondary", command=lambda: self._form_step(False))
        self.yes_button.pack(fill="x", pady=3)
        self.no_button.pack(fill="x", pady=3)
        ttk.Label(self.body, text=_("Il numero di ruolo si può aggiungere anche più tardi, dalla finestra del "
                                    "fascicolo."), bootstyle="secondary", wraplength=500).pack(anchor="w", pady=10)
        self.yes_button.focus_set()

    # -- step 2 --------------------------------------------------------------------------------
    def _form_step(self, with_role: bool) -> None:
        self._clear()
        self.step = "form"
        self.with_role = with_role
        body = self.body
        ttk.Label(body, text=_("Ufficio giudiziario (cercare per nome, città o codice)")).pack(anchor="w")
        self.office_picker = OfficePicker(body, self.ctx.services, on_change=self._office_chosen)
        self.office_picker.pack(fill="both", expand=True)
        ttk.Label(body, text=_("Registro")).pack(anchor="w", pady=(8, 0))
        self.register_var = tk.StringVar(master=self)
        self.register_box = ttk.Combobox(body, textvariable=self.register_var, state="readonly")
        self.register_box.pack(fill="x")
        self._set_registers(list(Register))
        if with_role:
            row = ttk.Frame(body)
            row.pack(fill="x", pady=(8, 0))
            ttk.Label(row, text=_("Numero di ruolo")).grid(row=0, column=0, sticky="w")
            ttk.Label(row, text=_("Anno")).grid(row=0, column=1, sticky="w", padx=(8, 0))
            self.number_entry = ttk.Entry(row, width=14)
            self.year_entry = ttk.Entry(row, width=8)
            self.number_entry.grid(row=1, column=0, sticky="w")
            self.year_entry.grid(row=1, column=1, sticky="w", padx=(8, 0))
        ttk.Label(body, text=_("Intestazione")).pack(anchor="w", pady=(8, 0))
        self.title_entry = ttk.Entry(body)
        self.title_entry.pack(fill="x")
        self.error_label.pack(fill="x", pady=(8, 0))
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(10, 0))
        self.create_button = ttk.Button(buttons, text=_("Crea fascicolo"), bootstyle="primary", command=self.create)
        self.create_button.pack(side="right")
        ttk.Button(buttons, text=_("Annulla"), bootstyle="secondary", command=self.cancel).pack(side="right", padx=6)
        ttk.Button(buttons, text=_("Indietro"), bootstyle="link", command=self._question_step).pack(side="left")
        self.title_entry.bind("<Return>", lambda _e: self.create())
        self.bind("<Control-Return>", lambda _e: self.create())
        self.office_picker.entry.focus_set()

    def _set_registers(self, registers: list[Register]) -> None:
        self.registers = registers
        self.register_box.configure(values=[r.label for r in registers])
        current = self.register_var.get()
        if current not in [r.label for r in registers]:
            self.register_var.set(registers[0].label if len(registers) == 1 else "")

    def _office_chosen(self, office: Office | None) -> None:
        self._set_registers(list(office.registers) if office and office.registers else list(Register))

    def _chosen_register(self) -> Register | None:
        label = self.register_var.get()
        return next((r for r in self.registers if r.label == label), None)

    def create(self) -> None:
        office = self.office_picker.selected
        register = self._chosen_register()
        if office is None:
            self.show_error(_("Scegliere l'ufficio giudiziario dall'elenco."))
            return
        if register is None:
            self.show_error(_("Scegliere il registro."))
            return
        try:
            role = parse_role(self.number_entry.get(), self.year_entry.get()) if self.with_role else None
            created = self.ctx.services.cases.create_case(self.title_entry.get(), office.code, register, role)
        except CaseRuleError as exc:
            self.show_error(str(exc))
            return
        self.created = created
        self.ctx.bus.publish(CASES_CHANGED)
        parent = self.master
        self.destroy()
        if created.linked_record is not None:
            record = created.linked_record
            self.prompts.info(parent, _(
                "Per il ruolo {role} di questo ufficio e registro erano già stati scaricati i dati di cancelleria "
                "({parties}): il nuovo fascicolo è stato collegato a questi dati."
            ).format(role=record.role, parties=record.parties_title), _("Fascicolo collegato"))
        if self.on_created is not None:
            self.on_created(created)

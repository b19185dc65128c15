"""The read-only «Dati di cancelleria» text: everything downloaded for a case, selectable and copyable."""

from __future__ import annotations

import ttkbootstrap as ttk

from cliens_tk.domain.cases import RegistryRecord
from cliens_tk.i18n import _
from cliens_tk.ui.cases.formatting import date_text, moment_text


class RegistryView(ttk.Frame):
    def __init__(self, parent):
        super().__init__(parent)
        self.text = ttk.Text(self, wrap="word", height=14, width=56, relief="flat", padx=6, pady=4,
                             takefocus=True, cursor="arrow")
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=scroll.set)
        self.text.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        self.text.tag_configure("label", font=("TkDefaultFont", 9, "bold"), foreground="#45484c")
        self.text.tag_configure("heading", font=("TkDefaultFont", 10, "bold"), spacing1=8, spacing3=2)
        self.text.configure(state="disabled")

    def show(self, record: RegistryRecord, office_name: str) -> None:
        text = self.text
        text.configure(state="normal")
        text.delete("1.0", "end")
        for label, value in (
            (_("Ruolo"), str(record.role)),
            (_("Ufficio"), office_name),
            (_("Registro"), record.register.label),
            (_("Attore"), record.plaintiff),
            (_("Convenuto"), record.defendant),
            (_("Giudice"), record.judge),
            (_("Sezione"), record.section),
            (_("Oggetto"), record.subject),
            (_("Rito"), record.rite),
            (_("Stato"), record.status),
            (_("Data iscrizione"), date_text(record.registered_on)),
            (_("Ultima udienza"), moment_text(record.last_hearing)),
            (_("Prossima udienza"), moment_text(record.next_hearing)),
            (_("Ultima modifica"), moment_text(record.modified_at)),
        ):
            if value:
                text.insert("end", f"{label}: ", "label")
                text.insert("end", f"{value}\n")
        if record.parties:
            text.insert("end", _("Parti") + "\n", "heading")
            for party in record.parties:
                text.insert("end", " - ".join(x for x in (party.name, party.kind, party.lawyer) if x) + "\n")
        if record.history:
            text.insert("end", _("Storico del fascicolo") + "\n", "heading")
            for event in record.history:
                text.insert("end", f"{moment_text(event.when)}  ", "label")
                text.insert("end", f"{event.description}\n")
        text.configure(state="disabled")

    def content(self) -> str:
        return self.text.get("1.0", "end-1c")

"""The panel of an activity's case (5.3): the case's data, and a button that opens the case."""

from __future__ import annotations

import ttkbootstrap as ttk

from cliens_tk.domain.cases import CaseRuleError
from cliens_tk.i18n import _
from cliens_tk.ui.windows import call_optional


def case_lines(ctx, personal_case_id: int | None, record_id: int | None) -> list[tuple[str, str]]:
    """(label, value) rows describing the case; read without marking it as seen."""
    services = ctx.services
    try:
        detail = services.cases.detail(case_id=personal_case_id, record_id=None if personal_case_id else record_id,
                                       mark_seen=False)
    except CaseRuleError as exc:
        return [(_("Attenzione"), str(exc))]
    personal, record = detail.personal, detail.record
    source = record or personal
    rows = [(_("Intestazione"), detail.title)]
    role = (record.role if record else personal.role) if source else None
    rows.append((_("Ruolo"), _("R.G. n. {role}").format(role=role) if role else _("non iscritto a ruolo")))
    if source is not None:
        rows.append((_("Ufficio"), services.offices.name(source.office_code)))
        rows.append((_("Registro"), source.register.label))
    if record is not None:
        for label, value in ((_("Oggetto"), record.subject), (_("Giudice"), record.judge),
                             (_("Attore"), record.plaintiff), (_("Convenuto"), record.defendant),
                             (_("Stato"), record.status)):
            if value:
                rows.append((label, value))
    elif personal is not None and personal.notes:
        rows.append((_("Note"), personal.notes))
    if personal is None:
        rows.append((_("Tipo"), _("dati di cancelleria (PolisWeb), senza fascicolo personale")))
    return rows


class CasePanel(ttk.Labelframe):
    def __init__(self, master, ctx, personal_case_id: int | None, record_id: int | None):
        super().__init__(master, text=_("Fascicolo"), padding=10)
        self.ctx = ctx
        self.personal_case_id, self.record_id = personal_case_id, record_id
        self.values: dict[str, ttk.Label] = {}
        for row, (label, value) in enumerate(case_lines(ctx, personal_case_id, record_id)):
            ttk.Label(self, text=label, bootstyle="secondary").grid(row=row, column=0, sticky="nw", padx=(0, 8))
            shown = ttk.Label(self, text=value, wraplength=260, justify="left")
            shown.grid(row=row, column=1, sticky="nw")
            self.values[label] = shown
        self.open_button = ttk.Button(self, text=_("Apri fascicolo"), bootstyle="primary-outline",
                                      command=self.open_case)
        self.open_button.grid(row=len(self.values) + 1, column=0, columnspan=2, sticky="w", pady=(8, 0))
        self.columnconfigure(1, weight=1)

    def open_case(self):
        return call_optional(self.ctx, "cliens_tk.ui.cases", "open_case_detail", self.ctx,
                             case_id=self.personal_case_id, record_id=self.record_id,
                             feature=_("Finestra del fascicolo"), parent=self.winfo_toplevel())

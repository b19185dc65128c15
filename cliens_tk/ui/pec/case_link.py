"""Choosing the case a PEC belongs to: cases whose role number is in the subject come first."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.i18n import _


class CaseLinkDialog(ttk.Toplevel):
    def __init__(self, parent, ctx, service, message_id: int, on_linked=None):
        super().__init__(master=parent, title=_("Collega a un fascicolo"))
        self.ctx, self.service, self.message_id, self.on_linked = ctx, service, message_id, on_linked
        self.search_var = tk.StringVar(self)
        self.choices: list[tuple[int | None, int | None]] = []
        frame = ttk.Frame(self, padding=10)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text=_("Cerca fascicolo")).pack(anchor="w")
        entry = ttk.Entry(frame, textvariable=self.search_var, width=60)
        entry.pack(fill="x")
        self.listbox = tk.Listbox(frame, height=12)
        self.listbox.pack(fill="both", expand=True, pady=6)
        buttons = ttk.Frame(frame)
        buttons.pack(anchor="e")
        ttk.Button(buttons, text=_("Collega"), command=self.link, bootstyle="primary").pack(side="left", padx=4)
        ttk.Button(buttons, text=_("Scollega"), command=self.unlink, bootstyle="secondary").pack(side="left", padx=4)
        ttk.Button(buttons, text=_("Annulla"), command=self.destroy, bootstyle="link").pack(side="left")
        self.search_var.trace_add("write", lambda *a: self.refresh())
        self.listbox.bind("<Double-Button-1>", lambda e: self.link())
        self.bind("<Return>", lambda e: self.link())
        self.bind("<Escape>", lambda e: self.destroy())
        self.refresh()
        entry.focus_set()

    def refresh(self) -> None:
        self.listbox.delete(0, "end")
        self.choices = []
        text = self.search_var.get().strip()
        if not text:
            for match in self.service.suggest_cases(self.message_id):
                ids = (match["id"], None) if match["source"] == "case" else (None, match["id"])
                self.choices.append(ids)
                self.listbox.insert("end", _("Suggerito: {role} – {title}").format(role=match["role"], title=match["title"]))
        for row in self.ctx.services.cases.list_rows(text)[:200]:
            ids = (row.personal_case_id, None if row.personal_case_id else row.registry_record_id)
            if ids in self.choices:
                continue
            self.choices.append(ids)
            self.listbox.insert("end", f"{row.role or ''} – {row.title}")
        if self.choices:
            self.listbox.selection_set(0)

    def link(self) -> None:
        selected = self.listbox.curselection()
        if not selected:
            return
        case_id, record_id = self.choices[selected[0]]
        self.service.link_case(self.message_id, case_id=case_id, record_id=record_id)
        self._done()

    def unlink(self) -> None:
        self.service.link_case(self.message_id, None, None)
        self._done()

    def _done(self) -> None:
        if self.on_linked:
            self.on_linked()
        self.destroy()

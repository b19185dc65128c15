"""The "Aggiungi riferimenti fascicolo" window (5.3): the personal cases, and "Associa"."""

from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.i18n import _


class CasePicker(ttk.Toplevel):
    def __init__(self, parent, ctx, on_choose: Callable[[int], None]):
        super().__init__(master=parent, title=_("Associa a un fascicolo"))
        self.transient(parent)
        self.on_choose = on_choose
        self.geometry("640x420")
        frame = ttk.Frame(self, padding=12)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text=_("Scegliere il fascicolo personale a cui associare l'attività."),
                  font=("TkDefaultFont", 10, "bold")).pack(anchor="w", pady=(0, 8))
        search_row = ttk.Frame(frame)
        search_row.pack(fill="x", pady=(0, 6))
        ttk.Label(search_row, text=_("Cerca")).pack(side="left", padx=(0, 6))
        self.search = tk.StringVar()
        self.search_entry = ttk.Entry(search_row, textvariable=self.search)
        self.search_entry.pack(side="left", fill="x", expand=True)
        self.tree = ttk.Treeview(frame, columns=("title", "role", "office"), show="headings", selectmode="browse")
        for column, text, width in (("title", _("Intestazione"), 300), ("role", _("Ruolo"), 90),
                                    ("office", _("Ufficio"), 200)):
            self.tree.heading(column, text=text)
            self.tree.column(column, width=width, anchor="w")
        self.tree.pack(fill="both", expand=True)
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x", pady=(8, 0))
        self.associate_button = ttk.Button(buttons, text=_("Associa"), bootstyle="primary", command=self.associate,
                                           state="disabled")
        self.associate_button.pack(side="right")
        ttk.Button(buttons, text=_("Annulla"), bootstyle="secondary", command=self.destroy).pack(side="right", padx=6)
        self.empty = ttk.Label(frame, text=_("Nell'archivio non ci sono fascicoli personali: crearne uno da "
                                             "«Fascicoli» e poi associarlo."), bootstyle="warning", wraplength=560)
        self.ctx = ctx
        self.names = ctx.services.offices.names()
        self.search.trace_add("write", lambda *a: self.fill())
        self.tree.bind("<<TreeviewSelect>>", lambda e: self.associate_button.configure(
            state="normal" if self.tree.selection() else "disabled"))
        self.tree.bind("<Double-Button-1>", lambda e: self.associate())
        self.tree.bind("<Return>", lambda e: self.associate())
        self.bind("<Escape>", lambda e: self.destroy())
        self.fill()
        self.search_entry.focus_set()

    def fill(self) -> None:
        self.tree.delete(*self.tree.get_children())
        rows = [r for r in self.ctx.services.cases.list_rows(self.search.get().strip())
                if r.personal_case_id is not None]
        for row in rows:
            self.tree.insert("", "end", iid=str(row.personal_case_id), values=(
                row.title, str(row.role) if row.role else "", self.names.get(row.office_code, row.office_code)))
        if not rows and not self.search.get().strip():
            self.empty.pack(anchor="w", pady=(8, 0))
        children = self.tree.get_children()
        if children:
            self.tree.selection_set(children[0])
            self.tree.focus(children[0])
        self.associate_button.configure(state="normal" if children else "disabled")

    def associate(self) -> None:
        selection = self.tree.selection()
        if not selection:
            return
        case_id = int(selection[0])
        self.destroy()
        self.on_choose(case_id)

"""The «+» window of the PolisWeb settings: search the ministry's office list as you type,
choose one or more offices (double-click, or select and «Scegli uffici selezionati»)."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.i18n import _

MAX_SHOWN = 200


class OfficeSearchWindow(ttk.Toplevel):
    def __init__(self, parent, finder, on_chosen):
        """``finder``: a services.polisweb_offices.OfficeFinder; ``on_chosen(codes)`` gets the choice."""
        super().__init__(master=parent, title=_("Scegli gli uffici da consultare"))
        self.transient(parent)
        self.finder = finder
        self.on_chosen = on_chosen
        self.text = tk.StringVar(master=self)
        body = ttk.Frame(self, padding=10)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=_("Cerca l'ufficio per nome, città o codice:")).pack(anchor="w")
        self.entry = ttk.Entry(body, textvariable=self.text, width=60)
        self.entry.pack(fill="x", pady=(2, 6))
        frame = ttk.Frame(body)
        frame.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(frame, columns=("name", "city", "code"), show="headings", height=14,
                                 selectmode="extended")
        for column, label, width in (("name", _("Ufficio"), 320), ("city", _("Città"), 120),
                                     ("code", _("Codice"), 110)):
            self.tree.heading(column, text=label)
            self.tree.column(column, width=width, stretch=column == "name")
        scroll = ttk.Scrollbar(frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        self.count = ttk.Label(body, text="")
        self.count.pack(anchor="w", pady=(4, 0))
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        self.choose_button = ttk.Button(buttons, text=_("Scegli uffici selezionati"), command=self.choose_selected)
        self.choose_button.pack(side="right", padx=(5, 0))
        ttk.Button(buttons, text=_("Chiudi"), command=self.destroy, bootstyle="secondary").pack(side="right")
        self.text.trace_add("write", lambda *_a: self.refresh())
        self.tree.bind("<Double-Button-1>", self._double_click)
        self.tree.bind("<Return>", lambda _e: self.choose_selected())
        self.entry.bind("<Down>", lambda _e: self._focus_list())
        self.bind("<Escape>", lambda _e: self.destroy())
        self.refresh()
        self.entry.focus_set()

    def refresh(self) -> None:
        """Filter as the user types (one call per keystroke)."""
        found = self.finder.search(self.text.get(), MAX_SHOWN)
        self.tree.delete(*self.tree.get_children())
        for office in found:
            self.tree.insert("", "end", iid=office.code, values=(office.name, office.city, office.code))
        if len(found) >= MAX_SHOWN:
            self.count.configure(text=_("Prime {n} corrispondenze: continua a scrivere per restringere.").format(
                n=MAX_SHOWN))
        else:
            self.count.configure(text=_("{n} uffici trovati").format(n=len(found)))

    def shown_codes(self) -> list[str]:
        return list(self.tree.get_children())

    def _focus_list(self) -> None:
        children = self.tree.get_children()
        if children:
            self.tree.focus_set()
            self.tree.focus(children[0])
            self.tree.selection_set(children[0])

    def _double_click(self, event) -> str:
        row = self.tree.identify_row(event.y)
        if row:
            self.tree.selection_set(row)
            self.choose_selected()
        return "break"

    def choose_selected(self) -> None:
        selected = set(self.tree.selection())
        codes = [code for code in self.tree.get_children() if code in selected]  # in list order
        if not codes:
            self.count.configure(text=_("Seleziona almeno un ufficio nell'elenco."))
            return
        self.on_chosen(codes)
        self.destroy()

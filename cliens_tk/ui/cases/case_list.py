"""The case list window (6.1-6.2).

Loading 10,000 rows from the archive takes a few hundred milliseconds, so it runs on the worker
thread and the window shows at once. Filtering then works on the rows in memory (a few ms per
keystroke). When typing pauses, for queries of three characters or more, the archive's own search
runs on the worker as well and may add rows the in-memory key cannot see (for instance a secondary
party of a case), so what the list shows is always at least what the archive search finds.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from tkinter import font as tkfont

import ttkbootstrap as ttk

from cliens_tk.i18n import _, ngettext
from cliens_tk.ui.bus import CASES_CHANGED
from cliens_tk.ui.cases.icons import RowIcons
from cliens_tk.ui.cases.list_model import (
    COLUMNS,
    ListEntry,
    column_headings,
    make_entries,
    query_words,
    row_iid,
    sorted_entries,
)
from cliens_tk.ui.cases.prompts import DEFAULT_PROMPTS, Prompts

FILTER_DELAY_MS = 120
ARCHIVE_SEARCH_DELAY_MS = 400
ARCHIVE_SEARCH_MIN_CHARS = 3
UNSEEN_TAG = "unseen"


class CaseListWindow(ttk.Toplevel):
    def __init__(self, ctx, prompts: Prompts = DEFAULT_PROMPTS):
        super().__init__(title=_("Fascicoli"), master=ctx.root, size=(1100, 640), minsize=(700, 360))
        self.ctx = ctx
        self.prompts = prompts
        self.entries: dict[str, ListEntry] = {}
        self._ordered: list[tuple[str, str]] | None = None  # (iid, search key) of every row, in order
        self._unseen = 0
        self.archive_matches: set[str] = set()  # rows the archive search added for the current query
        self.sort_column, self.sort_descending = "title", False
        self.loaded = False
        self._filter_after: str | None = None
        self._search_after: str | None = None
        self._loading = self._load_again = False
        self._searching: str | None = None
        self._search_again = False
        self._select_when_loaded: str | None = None
        self.icons = RowIcons(self)
        self._build()
        self._unsubscribe = ctx.bus.subscribe(CASES_CHANGED, self._on_cases_changed)
        self.bind("<Destroy>", self._on_destroy, add="+")
        self.reload()
        self.search_entry.focus_set()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        bar = ttk.Frame(self, padding=(10, 10, 10, 4))
        bar.pack(fill="x")
        self.new_button = ttk.Button(bar, text=_("Nuovo fascicolo"), bootstyle="primary", command=self.new_case)
        self.new_button.pack(side="left")
        ttk.Label(bar, text=_("Cerca:")).pack(side="left", padx=(16, 4))
        self.query = tk.StringVar(master=self)
        self.search_entry = ttk.Entry(bar, textvariable=self.query, width=40)
        self.search_entry.pack(side="left", fill="x", expand=True)
        self.options_button = ttk.Menubutton(bar, text=_("Opzioni"), bootstyle="secondary-outline")
        self.options_menu = ttk.Menu(self.options_button, tearoff=False)
        self.options_menu.add_command(label=_("Contrassegna i fascicoli come visionati"), command=self.mark_all_seen)
        self.options_menu.add_command(label=_("Aggiorna l'elenco"), accelerator="F5", command=self.reload)
        self.options_button.configure(menu=self.options_menu)
        self.options_button.pack(side="right", padx=(8, 0))
        ttk.Label(self, text=_("Cerca in intestazione, parti, oggetto, ruolo, ufficio e giudice. "
                               "In grassetto i fascicoli aggiornati dallo scaricamento e non ancora aperti."),
                  bootstyle="secondary", padding=(10, 0)).pack(anchor="w")

        frame = ttk.Frame(self, padding=(10, 6))
        frame.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(frame, columns=COLUMNS, show="tree headings", selectmode="browse")
        self.tree.column("#0", width=48, minwidth=48, stretch=False)
        widths = {"title": 300, "subject": 240, "role": 100, "office": 200, "register": 170}
        for column in COLUMNS:
            self.tree.column(column, width=widths[column], anchor="w", stretch=column in ("title", "subject"))
            self.tree.heading(column, anchor="w", command=lambda c=column: self.sort_by(c))
        self._show_headings()
        bold = tkfont.nametofont("TkDefaultFont").copy()
        bold.configure(weight="bold")
        self._bold_font = bold
        self.tree.tag_configure(UNSEEN_TAG, font=bold)
        scroll = ttk.Scrollbar(frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        self.status = ttk.Label(self, text=_("Caricamento dei fascicoli..."), padding=(10, 2, 10, 8))
        self.status.pack(fill="x")

        self.query.trace_add("write", lambda *_a: self._schedule_filter())
        self.search_entry.bind("<Down>", self._into_list)
        self.search_entry.bind("<Return>", self._into_list)
        self.search_entry.bind("<Escape>", lambda _e: self.query.set(""))
        self.tree.bind("<Double-Button-1>", self._on_double_click)
        self.tree.bind("<Return>", lambda _e: self.open_selected())
        self.bind("<Control-f>", lambda _e: self._focus_search())
        self.bind("<Control-n>", lambda _e: self.new_case())
        self.bind("<F5>", lambda _e: self.reload())

    def _show_headings(self) -> None:
        headings = column_headings()
        for column in COLUMNS:
            arrow = ""
            if column == self.sort_column:
                arrow = " ▼" if self.sort_descending else " ▲"
            self.tree.heading(column, text=headings[column] + arrow)

    def _focus_search(self) -> str:
        self.search_entry.focus_set()
        self.search_entry.select_range(0, "end")
        return "break"

    def _into_list(self, _event=None) -> str:
        children = self.tree.get_children()
        if children:
            target = self.tree.selection()[0] if self.tree.selection() else children[0]
            self.tree.selection_set(target)
            self.tree.focus(target)
            self.tree.see(target)
            self.tree.focus_set()
        return "break"

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the whole list again on the worker (coalesced while one read is running)."""
        if self._loading:
            self._load_again = True
            return
        self._loading = True
        services = self.ctx.services
        column, descending = self.sort_column, self.sort_descending

        def read(_job):
            entries = make_entries(services.cases.list_rows(""), services.offices.names())
            return entries, (column, descending), sorted_entries(entries, column, descending)

        self.ctx.tasks.submit(read, on_done=self._loaded, on_error=self._load_failed, name="case-list")

    def _loaded(self, result) -> None:
        self._loading = False
        if not self.winfo_exists():
            return
        entries, order, ordered = result
        self.apply_rows(entries, ordered if order == (self.sort_column, self.sort_descending) else None)
        self.loaded = True
        if self._load_again:
            self._load_again = False
            self.reload()

    def _load_failed(self, exc: BaseException, _trace: str) -> None:
        self._loading = False
        if self.winfo_exists():
            self.status.configure(text=_("Impossibile leggere l'archivio fascicoli: {error}").format(error=exc),
                                  bootstyle="danger")

    def apply_rows(self, entries: list[ListEntry], ordered: list[ListEntry] | None = None) -> None:
        """Bring the tree in line with ``entries``, touching only the rows that changed.

        ``ordered``: the same entries already in the list's order (sorted on the worker).
        """
        new = {e.iid: e for e in entries}
        tree_path, call = str(self.tree), self.tk.call
        gone = [iid for iid in self.entries if iid not in new]
        if gone:
            self.tree.delete(*gone)
        images = {kind: str(image) for kind, image in self.icons.images.items()}
        for iid, entry in new.items():
            old = self.entries.get(iid)
            tags = (UNSEEN_TAG,) if entry.unseen else ()
            if old is None:
                # the raw Tcl call is three times faster than Treeview.insert for a full list
                call(tree_path, "insert", "", "end", "-id", iid, "-image", images[entry.row.kind],
                     "-values", entry.values, "-tags", tags)
            elif (old.values, old.kind, old.unseen) != (entry.values, entry.kind, entry.unseen):
                self.tree.item(iid, values=entry.values, image=self.icons[entry.kind], tags=tags)
        self.entries = new
        self._ordered = [(e.iid, e.key) for e in ordered] if ordered is not None else None
        self._unseen = sum(1 for e in new.values() if e.unseen)
        self.archive_matches &= new.keys()
        self.apply_filter()
        if self._select_when_loaded in new:
            iid, self._select_when_loaded = self._select_when_loaded, None
            self.tree.selection_set(iid)
            self.tree.focus(iid)
            self.tree.see(iid)

    # -- filtering and sorting -------------------------------------------------------------------
    def _schedule_filter(self) -> None:
        for name in ("_filter_after", "_search_after"):
            pending = getattr(self, name)
            if pending is not None:
                self.tk.call("after", "cancel", pending)
        self._filter_after = self.after(FILTER_DELAY_MS, self._filter_now)
        # the archive search waits for a pause in typing, so it never slows the keystrokes down
        self._search_after = self.after(ARCHIVE_SEARCH_DELAY_MS, self._search_archive)

    def _filter_now(self) -> None:
        self._filter_after = None
        self.archive_matches = set()
        self.apply_filter()

    def apply_filter(self) -> None:
        """Show the rows matching the search box, in the chosen order (one Tcl call).

        The whole list is sorted once per change of rows or order; a keystroke only walks it.
        """
        if self._ordered is None:
            self._ordered = [(e.iid, e.key) for e in
                             sorted_entries(self.entries.values(), self.sort_column, self.sort_descending)]
        pairs = self._ordered
        for word in query_words(self.query.get()):  # one plain substring pass per word: ~1 ms each
            pairs = [p for p in pairs if word in p[1]]
        if self.archive_matches and pairs is not self._ordered:
            found = {iid for iid, _key in pairs} | self.archive_matches
            pairs = [p for p in self._ordered if p[0] in found]
        iids = [iid for iid, _key in pairs]
        self.tree.set_children("", *iids)
        self._update_status(len(iids))

    def _search_archive(self) -> None:
        self._search_after = None
        query = self.query.get().strip()
        if len(query) < ARCHIVE_SEARCH_MIN_CHARS:
            return
        if self._searching is not None:
            self._search_again = True
            return
        self._searching = query
        cases = self.ctx.services.cases
        self.ctx.tasks.submit(lambda _job: cases.list_rows(query), on_done=self._archive_found,
                              on_error=self._archive_search_failed, name="case-search")

    def _archive_found(self, rows) -> None:
        query, self._searching = self._searching, None
        if not self.winfo_exists():
            return
        if self._search_again:
            self._search_again = False
            self._search_archive()
            return
        if query != self.query.get().strip():
            return
        found = {row_iid(r) for r in rows}
        if found - self.entries.keys():
            self.reload()  # the archive has rows the list has not read yet
        self.archive_matches = found & self.entries.keys()
        self.apply_filter()

    def _archive_search_failed(self, _exc, _trace) -> None:
        self._searching = None
        self._search_again = False

    def sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_column, self.sort_descending = column, False
        self._ordered = None
        self._show_headings()
        self.apply_filter()

    def _update_status(self, shown: int) -> None:
        total, unseen = len(self.entries), self._unseen
        text = ngettext("{shown} di {total} fascicolo", "{shown} di {total} fascicoli", total).format(
            shown=shown, total=total)
        if unseen:
            text += " - " + ngettext("{n} aggiornato da visionare", "{n} aggiornati da visionare", unseen).format(
                n=unseen)
        self.status.configure(text=text, bootstyle="default")

    # -- actions ---------------------------------------------------------------------------------
    def visible_iids(self) -> tuple[str, ...]:
        return self.tree.get_children()

    def _on_double_click(self, event) -> str | None:
        iid = self.tree.identify_row(event.y)
        if not iid:
            return None
        self.tree.selection_set(iid)
        self.open_entry(iid)
        return "break"

    def open_selected(self) -> None:
        selection = self.tree.selection()
        if selection:
            self.open_entry(selection[0])

    def open_entry(self, iid: str):
        from cliens_tk.ui.cases import open_case_detail

        entry = self.entries[iid]
        if entry.unseen:  # the detail marks it as seen; show it at once, the reload confirms it
            self._mark_seen_locally([iid])
        row = entry.row
        if row.personal_case_id is not None:
            return open_case_detail(self.ctx, case_id=row.personal_case_id, prompts=self.prompts)
        return open_case_detail(self.ctx, record_id=row.registry_record_id, prompts=self.prompts)

    def _mark_seen_locally(self, iids) -> None:
        for iid in iids:
            entry = self.entries[iid]
            if entry.unseen:
                self.entries[iid] = dataclasses.replace(entry, row=dataclasses.replace(entry.row, seen=True))
                self._unseen -= 1
            self.tree.item(iid, tags=())
        self._update_status(len(self.tree.get_children()))

    def mark_all_seen(self) -> None:
        self.ctx.services.cases.mark_all_seen()
        self._mark_seen_locally([iid for iid, e in self.entries.items() if e.unseen])
        self.ctx.bus.publish(CASES_CHANGED)

    def new_case(self):
        from cliens_tk.ui.cases.new_case_wizard import NewCaseWizard

        self.wizard = NewCaseWizard(self.ctx, self, on_created=self._created, prompts=self.prompts)
        return self.wizard

    def _created(self, created) -> None:
        from cliens_tk.ui.cases import open_case_detail

        self.query.set("")
        self._select_when_loaded = f"P{created.case.id}"
        open_case_detail(self.ctx, case_id=created.case.id, prompts=self.prompts)

    def _on_cases_changed(self, **_data) -> None:
        self.reload()

    def _on_destroy(self, event) -> None:
        if event.widget is not self:
            return
        self._unsubscribe()
        for name in ("_filter_after", "_search_after"):
            pending = getattr(self, name)
            if pending is not None:
                self.tk.call("after", "cancel", pending)
                setattr(self, name, None)

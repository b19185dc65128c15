"""The deadlines list on the right of the agenda (5.4): red when overdue and not done, yellow when
due today; a click on the first column (or Space) ticks it as done; the delete button appears only
while a deadline is selected.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.activity import Activity, DeadlineStatus
from cliens_tk.i18n import _
from cliens_tk.ui.agenda.activity_form import format_date

DONE_MARK, NOT_DONE_MARK = "☑", "☐"
OVERDUE_TEXT = "#c9302c"
TODAY_TEXT = "#7a5b00"
TODAY_BACKGROUND = "#ffe69c"
DONE_TEXT = "#8c959f"


def row_tag(activity: Activity, today: dt.date) -> str:
    if activity.done:
        return "done"
    status = activity.deadline_status(today)
    if status is DeadlineStatus.OVERDUE:
        return "overdue"
    if status is DeadlineStatus.DUE_TODAY:
        return "today"
    return "normal"


class DeadlinesPanel(ttk.Frame):
    def __init__(self, master, on_open: Callable[[int], None], on_toggle_done: Callable[[int], None],
                 on_add: Callable[[], None], on_delete: Callable[[int], None]):
        super().__init__(master, padding=(8, 0, 0, 0))
        self.on_open, self.on_toggle_done, self.on_add, self.on_delete = on_open, on_toggle_done, on_add, on_delete
        self.by_id: dict[int, Activity] = {}
        self.title = ttk.Label(self, text=_("Scadenze"), font=("TkDefaultFont", 11, "bold"))
        self.title.pack(anchor="w", pady=(0, 4))
        frame = ttk.Frame(self)
        frame.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(frame, columns=("done", "due", "title"), show="headings", selectmode="browse",
                                 height=12)
        self.tree.heading("done", text=_("Fatta"))
        self.tree.heading("due", text=_("Scade il"))
        self.tree.heading("title", text=_("Attività"))
        self.tree.column("done", width=54, anchor="center", stretch=False)
        self.tree.column("due", width=100, anchor="w", stretch=False)
        self.tree.column("title", width=200, anchor="w")
        self.tree.tag_configure("overdue", foreground=OVERDUE_TEXT)
        self.tree.tag_configure("today", foreground=TODAY_TEXT, background=TODAY_BACKGROUND)
        self.tree.tag_configure("done", foreground=DONE_TEXT)
        scrollbar = ttk.Scrollbar(frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scrollbar.set)
        self.tree.pack(side="left", fill="both", expand=True)
        scrollbar.pack(side="right", fill="y")
        self.empty = ttk.Label(self, text=_("Nessuna scadenza da mostrare."), bootstyle="secondary")
        buttons = ttk.Frame(self)
        buttons.pack(fill="x", pady=(6, 0))
        self.add_button = ttk.Button(buttons, text=_("+ Nuova scadenza"), bootstyle="success", command=self.on_add)
        self.add_button.pack(side="left")
        self.delete_button = ttk.Button(buttons, text=_("Elimina scadenza"), bootstyle="danger-outline",
                                        command=self._delete_selected)
        self.tree.bind("<<TreeviewSelect>>", lambda e: self._update_buttons())
        self.tree.bind("<Button-1>", self._on_click, add="+")
        self.tree.bind("<Double-Button-1>", self._on_double_click)
        self.tree.bind("<Return>", lambda e: self._open_selected())
        self.tree.bind("<KP_Enter>", lambda e: self._open_selected())
        self.tree.bind("<space>", lambda e: self._toggle_selected())
        self.tree.bind("<Delete>", lambda e: self._delete_selected())

    def show(self, deadlines: list[Activity], today: dt.date) -> None:
        selected = self.selected_id
        focus = self.tree.focus()
        self.tree.delete(*self.tree.get_children())
        self.by_id = {}
        for activity in deadlines:
            self.by_id[activity.id] = activity
            due = format_date(activity.due_date) if activity.due_date else _("dal {day}").format(
                day=format_date(activity.show_from))
            mark = DONE_MARK if activity.done else (NOT_DONE_MARK if activity.due_date else "")
            self.tree.insert("", "end", iid=str(activity.id), values=(mark, due, activity.title),
                             tags=(row_tag(activity, today),))
        count = len(deadlines)
        self.title.configure(text=_("Scadenze ({n})").format(n=count) if count else _("Scadenze"))
        if count:
            self.empty.pack_forget()
        else:
            self.empty.pack(anchor="w", before=self.add_button.master)
        first_open = next((a for a in deadlines if a.deadline_status(today).value != "OTHER" or
                           (a.due_date and a.due_date >= today and not a.done)), None)
        if first_open is not None and selected is None:
            self.tree.see(str(first_open.id))  # scroll past the old, done ones
        if selected is not None and str(selected) in self.tree.get_children():
            self.tree.selection_set(str(selected))
            if focus:
                self.tree.focus(str(selected))
        self._update_buttons()

    @property
    def selected_id(self) -> int | None:
        selection = self.tree.selection()
        return int(selection[0]) if selection else None

    def select(self, activity_id: int | None) -> None:
        if activity_id is None:
            self.tree.selection_set(())
        elif str(activity_id) in self.tree.get_children():
            self.tree.selection_set(str(activity_id))
            self.tree.focus(str(activity_id))
            self.tree.see(str(activity_id))
        self._update_buttons()

    def _update_buttons(self) -> None:
        if self.selected_id is not None:
            if not self.delete_button.winfo_manager():
                self.delete_button.pack(side="right")
        else:
            self.delete_button.pack_forget()

    def _row_at(self, event) -> int | None:
        row = self.tree.identify_row(event.y)
        return int(row) if row else None

    def _on_click(self, event) -> str | None:
        activity_id = self._row_at(event)
        if activity_id is not None and self.tree.identify_column(event.x) == "#1":
            self.tree.selection_set(str(activity_id))
            self.on_toggle_done(activity_id)
            return "break"
        return None

    def _on_double_click(self, event) -> str:
        activity_id = self._row_at(event)
        if activity_id is not None and self.tree.identify_column(event.x) != "#1":
            self.on_open(activity_id)
        return "break"

    def _open_selected(self) -> str:
        if self.selected_id is not None:
            self.on_open(self.selected_id)
        return "break"

    def _toggle_selected(self) -> str:
        if self.selected_id is not None:
            self.on_toggle_done(self.selected_id)
        return "break"

    def _delete_selected(self) -> str:
        if self.selected_id is not None:
            self.on_delete(self.selected_id)
        return "break"

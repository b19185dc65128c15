"""The agenda window (chapter 5): the calendar on the left, the mini-month and the deadlines list on
the right, a toolbar on top and a status/progress line at the bottom.

It refreshes itself on AGENDA_CHANGED (changes made in this process) and by polling the archive's
``data_version`` (changes committed by the worker thread or another process).
"""

from __future__ import annotations

import datetime as dt
import logging
import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk
from tkcalendar import Calendar

from cliens_tk.domain.activity import Activity, Period, overlaps
from cliens_tk.i18n import _
from cliens_tk.store.archive import ArchiveError
from cliens_tk.ui.agenda import layout
from cliens_tk.ui.agenda.activity_text import tooltip_text
from cliens_tk.ui.agenda.calendar_canvas import CalendarView
from cliens_tk.ui.agenda.controller import AgendaActions
from cliens_tk.ui.agenda.deadlines_panel import DeadlinesPanel
from cliens_tk.ui.agenda.hooks import build_hook_toolbar
from cliens_tk.ui.agenda.layout import View
from cliens_tk.ui.bus import AGENDA_CHANGED
from cliens_tk.ui.widgets import dialogs
from cliens_tk.ui.widgets.status_bar import StatusBar

log = logging.getLogger(__name__)
POLL_MS = 1500
VIEW_KEYS = {"g": View.DAY, "s": View.WEEK, "m": View.MONTH}


def hint() -> str:
    return _("Doppio clic su un giorno o un orario per creare un'attività · T oggi · G/S/M giorno/settimana/mese · "
             "Ctrl+N nuova attività")


class AgendaWindow(ttk.Toplevel):
    def __init__(self, ctx, today: Callable[[], dt.date] | None = None):
        super().__init__(master=ctx.root, title=_("Agenda"))
        self.ctx = ctx
        self.actions = AgendaActions(ctx)
        self.today_provider = today or dt.date.today
        self.view = View.MONTH
        self.anchor = self.today_provider()
        self._loaded: tuple[Period, list[Activity]] | None = None
        self._holidays: dict[int, dict[dt.date, str]] = {}
        self._refresh_pending: str | None = None
        self._poll_id: str | None = None
        self._data_version: int | None = None
        self._marked_years: set[int] = set()
        self.geometry("1240x780")
        self.minsize(900, 560)

        self._build_toolbar()
        self.status_bar = StatusBar(self)
        self.status_bar.pack(side="bottom", fill="x")
        ttk.Separator(self).pack(side="bottom", fill="x")
        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True, padx=10, pady=(0, 8))
        self.calendar = CalendarView(panes, on_open=self.open_activity, on_create=self.create_at,
                                     on_select=self._on_calendar_select, on_context=self.show_context_menu,
                                     on_show_day=lambda day: self.go(View.DAY, day))
        sidebar = ttk.Frame(panes, width=360)
        panes.add(self.calendar, weight=4)
        panes.add(sidebar, weight=1)
        self.mini = Calendar(sidebar, selectmode="day", locale="it_IT", firstweekday="monday",
                             showweeknumbers=False, date_pattern="dd/mm/yyyy", takefocus=False,
                             background="#0d6efd", foreground="#ffffff", headersbackground="#f8f9fa",
                             normalbackground="#ffffff", weekendbackground="#ffffff",
                             othermonthbackground="#f6f7f9", othermonthwebackground="#f6f7f9",
                             selectbackground="#0d6efd", bordercolor="#dee2e6", borderwidth=0,
                             font=("TkDefaultFont", 9))
        self.mini.tag_config("holiday", background="#fbe3e4", foreground="#b02a37")
        self.mini.pack(fill="x", padx=(8, 0), pady=(0, 10))
        self.mini.bind("<<CalendarSelected>>", self._on_mini_selected)
        self.deadlines = DeadlinesPanel(sidebar, on_open=self.open_activity, on_toggle_done=self.toggle_done,
                                        on_add=self.add_deadline, on_delete=self.delete_deadline)
        self.deadlines.pack(fill="both", expand=True)
        self.context_menu = tk.Menu(self, tearoff=False)
        self.status_bar.set_status(hint())

        self._bind_keys()
        self._unsubscribe = ctx.bus.subscribe(AGENDA_CHANGED, self._on_agenda_changed)
        self.protocol("WM_DELETE_WINDOW", self.close)
        self.bind("<Destroy>", self._on_destroy, add="+")
        self.refresh()
        self._schedule_poll()
        self.calendar.body.focus_set()

    # -- toolbar -----------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = ttk.Frame(self, padding=(10, 8))
        bar.pack(side="top", fill="x")
        self.prev_button = ttk.Button(bar, text="◀", width=3, bootstyle="secondary-outline",
                                      command=lambda: self.move(-1))
        self.today_button = ttk.Button(bar, text=_("Oggi"), bootstyle="secondary-outline", command=self.go_today)
        self.next_button = ttk.Button(bar, text="▶", width=3, bootstyle="secondary-outline",
                                      command=lambda: self.move(1))
        for widget in (self.prev_button, self.today_button, self.next_button):
            widget.pack(side="left", padx=(0, 4))
        self.title_label = ttk.Label(bar, text="", font=("TkDefaultFont", 15, "bold"))
        self.title_label.pack(side="left", padx=(12, 0))
        # on the right, from the right edge inwards: export, hooks, views
        self.export_button, self.polisweb_button, self.calculator_button = build_hook_toolbar(self, bar)
        views = ttk.Frame(bar)
        views.pack(side="right", padx=(0, 16))
        self.view_var = tk.StringVar(value=self.view.value)
        self.view_buttons = {}
        for view, label in ((View.DAY, _("Giorno")), (View.WEEK, _("Settimana")), (View.MONTH, _("Mese"))):
            button = ttk.Radiobutton(views, text=label, value=view.value, variable=self.view_var,
                                     bootstyle="primary-toolbutton", command=lambda v=view: self.go(v))
            button.pack(side="left")
            self.view_buttons[view] = button

    # -- keyboard ----------------------------------------------------------------------------------
    def _bind_keys(self) -> None:
        for keys, action in (
            (("<Left>", "<Up>", "<Prior>"), lambda: self.move(-1)),
            (("<Right>", "<Down>", "<Next>"), lambda: self.move(1)),
        ):
            for key in keys:
                self.bind(key, self._navigation_key(action))
        for letter in ("t", "T"):
            self.bind(f"<KeyPress-{letter}>", self._plain_key(self.go_today))
        for letter, view in VIEW_KEYS.items():
            for key in (letter, letter.upper()):
                self.bind(f"<KeyPress-{key}>", self._plain_key(lambda v=view: self.go(v)))
        self.bind("<Control-n>", lambda e: self._key_result(self.new_activity()))
        self.bind("<Control-N>", lambda e: self._key_result(self.new_activity()))
        self.calendar.body.bind("<Return>", lambda e: self._key_result(self.open_selected()))
        self.calendar.body.bind("<KP_Enter>", lambda e: self._key_result(self.open_selected()))
        self.calendar.body.bind("<Delete>", lambda e: self._key_result(self.delete_selected()))
        self.bind("<Escape>", lambda e: self._key_result(self.close()))

    @staticmethod
    def _key_result(_value) -> str:
        return "break"

    def _navigation_key(self, action):
        def handler(event):
            if isinstance(event.widget, (ttk.Treeview, tk.Entry, ttk.Entry, ttk.Combobox, ttk.Spinbox)):
                return None  # the list and the fields use the arrows themselves
            action()
            return "break"

        return handler

    def _plain_key(self, action):
        def handler(event):
            if event.state & 0x4 or isinstance(event.widget, (tk.Entry, ttk.Entry, tk.Text)):
                return None
            action()
            return "break"

        return handler

    # -- navigation --------------------------------------------------------------------------------
    def go(self, view: View | None = None, anchor: dt.date | None = None) -> None:
        self.view = view or self.view
        self.anchor = anchor or self.anchor
        self.view_var.set(self.view.value)
        self._show_calendar()

    def move(self, steps: int) -> None:
        self.go(anchor=layout.shift(self.view, self.anchor, steps))

    def go_today(self) -> None:
        self.go(anchor=self.today_provider())

    def _on_mini_selected(self, _event=None) -> None:
        self.go(anchor=self.mini.selection_get())

    # -- loading -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the calendar and the deadlines list from the archive."""
        self._refresh_pending = None
        self._loaded = None
        try:
            self._data_version = self.ctx.services.archive.data_version()
            deadlines = self.ctx.services.agenda.deadlines(self.today_provider())
        except ArchiveError as exc:
            self.status_bar.set_status(str(exc))
            return
        self.deadlines.show(deadlines, self.today_provider())
        self._show_calendar()

    def _activities_in(self, period: Period) -> list[Activity]:
        """The activities of a period, from the last load when it covers the period (no query)."""
        if self._loaded is not None:
            loaded, activities = self._loaded
            if loaded.first <= period.first and period.last <= loaded.last:
                if loaded == period:
                    return activities
                return [a for a in activities if overlaps(a, period)]
        activities = self.ctx.services.agenda.in_period(period)
        self._loaded = (period, activities)
        return activities

    def holidays(self, first: dt.date, last: dt.date) -> dict[dt.date, str]:
        found: dict[dt.date, str] = {}
        for year in range(first.year, last.year + 1):
            if year not in self._holidays:
                self._holidays[year] = layout.holidays_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
            found.update({d: n for d, n in self._holidays[year].items() if first <= d <= last})
        return found

    def _show_calendar(self) -> None:
        period = layout.grid_period(self.view, self.anchor)
        if self._loaded is None or not (self._loaded[0].first <= period.first and period.last <= self._loaded[0].last):
            # load the whole month grid around the anchor, so switching month/week/day needs no query
            month_grid = layout.grid_period(View.MONTH, self.anchor)
            first, last = min(period.first, month_grid.first), max(period.last, month_grid.last)
            try:
                self._activities_in(Period(first, last))
            except ArchiveError as exc:
                self.status_bar.set_status(str(exc))
                return
        activities = self._activities_in(period)
        today = self.today_provider()
        self.title_label.configure(text=layout.period_title(self.view, self.anchor).capitalize())
        self.title(_("Agenda — {period}").format(period=layout.period_title(self.view, self.anchor)))
        self.calendar.show(self.view, self.anchor, activities, self.holidays(period.first, period.last), today)
        self._sync_mini()

    def _sync_mini(self) -> None:
        for year in (self.anchor.year - 1, self.anchor.year, self.anchor.year + 1):
            if year not in self._marked_years:
                self._marked_years.add(year)
                for day, name in self.holidays(dt.date(year, 1, 1), dt.date(year, 12, 31)).items():
                    self.mini.calevent_create(day, name, tags="holiday")
        try:
            if self.mini.selection_get() != self.anchor:
                self.mini.selection_set(self.anchor)
        except Exception:
            log.debug("mini calendar could not show %s", self.anchor, exc_info=True)

    # -- automatic refresh -------------------------------------------------------------------------
    def _on_agenda_changed(self, **_data) -> None:
        if self._refresh_pending is None:
            self._refresh_pending = self.after_idle(self.refresh)

    def _schedule_poll(self) -> None:
        self._poll_id = self.after(POLL_MS, self._poll)

    def _poll(self) -> None:
        try:
            version = self.ctx.services.archive.data_version()
        except Exception:
            version = self._data_version
        if version != self._data_version and self._refresh_pending is None:
            self.refresh()
        self._schedule_poll()

    # -- actions -----------------------------------------------------------------------------------
    def _on_calendar_select(self, activity_id: int | None) -> None:
        if activity_id is None:
            self.status_bar.set_status(hint())
            return
        activity = self.calendar.by_id.get(activity_id)
        if activity is not None:
            self.status_bar.set_status(tooltip_text(activity) + "   ·   " +
                                       _("Invio apre, Canc elimina, Maiusc+F10 menu"))

    def open_activity(self, activity_id: int):
        return self.actions.open(activity_id)

    def open_selected(self):
        if self.calendar.selected_id is not None:
            return self.open_activity(self.calendar.selected_id)
        return None

    def create_at(self, start: dt.datetime, all_day: bool = False):
        return self.actions.create_in_calendar(start, all_day)

    def new_activity(self):
        """Ctrl+N: a new activity at 9:00 on the day shown (today if it is in view)."""
        period = layout.period_of(self.view, self.anchor)
        today = self.today_provider()
        day = today if period.first <= today <= period.last else self.anchor
        return self.create_at(dt.datetime.combine(day, dt.time(9)))

    def add_deadline(self):
        today = self.today_provider()
        return self.actions.create_deadline(today, today)

    def delete_selected(self) -> bool:
        if self.calendar.selected_id is None:
            return False
        return self.actions.delete(self.calendar.selected_id, self)

    def delete_deadline(self, activity_id: int) -> bool:
        return self.actions.delete_deadline(activity_id, self)

    def toggle_done(self, activity_id: int):
        return self.actions.toggle_done(activity_id, self)

    def show_context_menu(self, activity_id: int, x_root: int, y_root: int) -> None:
        activity = self.calendar.by_id.get(activity_id)
        if activity is None:
            return
        menu = self.context_menu
        menu.delete(0, "end")
        menu.add_command(label=_("Apri"), command=lambda: self.open_activity(activity_id))
        menu.add_command(label=_("Duplica attività"), command=lambda: self.actions.duplicate(activity_id, self))
        menu.add_separator()
        menu.add_command(label=_("Elimina attività…"), command=lambda: self.actions.delete(activity_id, self),
                         state="disabled" if activity.read_only else "normal")
        try:
            menu.tk_popup(x_root, y_root)
        finally:
            menu.grab_release()

    # -- status area (downloads, export) -----------------------------------------------------------
    def show_progress(self, text: str, fraction: float | None) -> None:
        self.status_bar.show_progress(text, fraction)

    def hide_progress(self) -> None:
        self.status_bar.hide_progress()

    def set_cancel_handler(self, handler: Callable[[], None] | None) -> None:
        self.status_bar.set_cancel_handler(handler)

    def set_status(self, text: str) -> None:
        self.status_bar.set_status(text)

    # -- closing -----------------------------------------------------------------------------------
    def close(self) -> None:
        self.destroy()

    def _on_destroy(self, event) -> None:
        if event.widget is not self:
            return
        self._unsubscribe()
        for after_id in (self._poll_id, self._refresh_pending):
            if after_id:
                try:
                    self.tk.call("after", "cancel", after_id)
                except tk.TclError:
                    pass
        self._poll_id = self._refresh_pending = None

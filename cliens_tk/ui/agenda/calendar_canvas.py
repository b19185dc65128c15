"""The calendar panel of the agenda: a header canvas (weekdays, all-day row) over a body canvas
(month grid, or the hour grid of the day and week views). Drawing lives in month_view/week_view;
this widget keeps the state, the selection and the mouse and keyboard events.
"""

from __future__ import annotations

import datetime as dt
import tkinter as tk
import tkinter.font as tkfont
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.activity import Activity
from cliens_tk.ui.agenda import month_view, style, week_view
from cliens_tk.ui.agenda.layout import View

Callback = Callable[..., None]


class CalendarView(ttk.Frame):
    """Calls back: ``on_open(id)``, ``on_create(start, all_day)``, ``on_select(id | None)``,
    ``on_context(id, x_root, y_root)``, ``on_show_day(day)``."""

    def __init__(self, master, on_open: Callback, on_create: Callback, on_select: Callback,
                 on_context: Callback, on_show_day: Callback):
        super().__init__(master)
        self.on_open, self.on_create, self.on_select = on_open, on_create, on_select
        self.on_context, self.on_show_day = on_context, on_show_day
        self.view = View.MONTH
        self.anchor = dt.date.today()
        self.today = dt.date.today()
        self.activities: list[Activity] = []
        self.by_id: dict[int, Activity] = {}
        self.holidays: dict[dt.date, str] = {}
        self.selected_id: int | None = None
        self.order: list[int] = []  # activity ids in reading order, for Tab
        self._drawn_size = (0, 0)
        self._settling = False
        self._scroll_hours = 7.5
        self.font = tkfont.nametofont("TkDefaultFont").copy()
        self.font.configure(size=9)
        self.bold = self.font.copy()
        self.bold.configure(weight="bold")
        self.small = self.font.copy()
        self.small.configure(size=8)
        self.char_width = self.font.measure("abcdefghijklmnopqrstuvwxyz0123456789") / 36
        self.small_char_width = self.small.measure("abcdefghijklmnopqrstuvwxyz") / 26
        self.line = max(style.LINE, self.font.metrics("linespace") + 4)

        self.head = tk.Canvas(self, height=style.HEAD_ROW, background=style.HEADER, highlightthickness=0,
                              borderwidth=0)
        self.body = tk.Canvas(self, background=style.BACKGROUND, borderwidth=0, highlightthickness=2,
                              highlightcolor=style.TODAY_MARK, highlightbackground=style.BACKGROUND,
                              takefocus=1, yscrollincrement=style.HOUR_HEIGHT // 2)
        self.scrollbar = ttk.Scrollbar(self, orient="vertical", command=self.body.yview)
        self.body.configure(yscrollcommand=self.scrollbar.set)
        self.head.grid(row=0, column=0, sticky="ew")
        self.body.grid(row=1, column=0, sticky="nsew")
        self.rowconfigure(1, weight=1)
        self.columnconfigure(0, weight=1)
        # the scrollbar's column keeps its width in the month view too: switching views must not
        # change the body's width (that would draw everything twice)
        self.columnconfigure(1, minsize=self.scrollbar.winfo_reqwidth())

        for canvas in (self.head, self.body):
            canvas.bind("<Button-1>", self._on_click)
            canvas.bind("<Double-Button-1>", self._on_double_click)
            canvas.bind("<Button-3>", self._on_right_click)
        self.body.bind("<Configure>", self._on_configure)
        self.body.bind("<MouseWheel>", self._on_wheel)
        self.body.bind("<Button-4>", lambda e: self._scroll(-3))
        self.body.bind("<Button-5>", lambda e: self._scroll(3))
        self.body.bind("<Tab>", lambda e: self.select_next(1))
        self.body.bind("<Shift-Tab>", lambda e: self.select_next(-1))
        self.body.bind("<ISO_Left_Tab>", lambda e: self.select_next(-1))
        self.body.bind("<Shift-F10>", self._on_menu_key)
        self.body.bind("<Menu>", self._on_menu_key)

    # -- data --------------------------------------------------------------------------------------
    def show(self, view: View, anchor: dt.date, activities: list[Activity], holidays: dict[dt.date, str],
             today: dt.date) -> None:
        if self.view is not View.MONTH and view is not View.MONTH:
            self._remember_scroll()
        elif view is not View.MONTH:
            self._scroll_hours = 7.5
        self.view, self.anchor, self.today = view, anchor, today
        self.activities = activities
        self.by_id = {a.id: a for a in activities if a.id is not None}
        self.holidays = holidays
        if self.selected_id not in self.by_id:
            self.selected_id = None
        self.redraw()

    def redraw(self) -> None:
        module = month_view if self.view is View.MONTH else week_view
        wanted = module.head_height(self)
        if int(self.head.cget("height")) != wanted:
            # settle the new header height first, so the body is drawn once, at its final size
            self.head.configure(height=wanted)
            self._settling = True
            try:
                self.update_idletasks()
            finally:
                self._settling = False
        width, height = self.body.winfo_width(), self.body.winfo_height()
        if width <= 1 or height <= 1:  # not laid out yet: <Configure> draws later
            width, height = self.body.winfo_reqwidth(), self.body.winfo_reqheight()
        self._drawn_size = (width, height)
        self.head.delete("all")
        self.body.delete("all")
        if self.view is View.MONTH:
            self.scrollbar.grid_remove()
            self.order = month_view.draw(self, width, height)
        else:
            self.scrollbar.grid(row=1, column=1, sticky="ns")
            self.order = week_view.draw(self, width, height)
            self.body.yview_moveto(self._scroll_hours / 24)
        self._mark_selection()

    # -- selection ---------------------------------------------------------------------------------
    def select(self, activity_id: int | None, notify: bool = True) -> None:
        self.selected_id = activity_id if activity_id in self.by_id else None
        self._mark_selection()
        if notify:
            self.on_select(self.selected_id)

    def select_next(self, step: int) -> str:
        if self.order:
            if self.selected_id in self.order:
                index = (self.order.index(self.selected_id) + step) % len(self.order)
            else:
                index = 0 if step > 0 else len(self.order) - 1
            self.select(self.order[index])
            self._reveal(self.order[index])
        return "break"

    def _mark_selection(self) -> None:
        for canvas in (self.head, self.body):
            canvas.itemconfigure("box", width=0)
            canvas.itemconfigure("shadow", state="hidden")
            if self.selected_id is not None:
                canvas.itemconfigure(f"box{self.selected_id}", width=2, outline=style.SELECTION)

    def _reveal(self, activity_id: int) -> None:
        if self.view is View.MONTH:
            return
        boxes = self.body.find_withtag(f"box{activity_id}")
        if not boxes:
            return
        top = self.body.coords(boxes[0])[1]
        total = 24 * style.HOUR_HEIGHT
        first, last = self.body.yview()
        if not (first * total <= top <= last * total - 10):
            self.body.yview_moveto(max(0.0, top - 40) / total)

    # -- events ------------------------------------------------------------------------------------
    def _hit(self, canvas: tk.Canvas) -> tuple[str, int | dt.date] | None:
        for item in canvas.find_withtag("current"):
            for tag in canvas.gettags(item):
                if tag.startswith("a") and tag[1:].isdigit():
                    return "activity", int(tag[1:])
                if tag.startswith("more") and tag[4:].isdigit():
                    return "more", dt.date.fromordinal(int(tag[4:]))
        return None

    def _point(self, canvas: tk.Canvas, event) -> tuple[float, float]:
        return canvas.canvasx(event.x), canvas.canvasy(event.y)

    def _moment_at(self, canvas: tk.Canvas, event) -> tuple[dt.datetime, bool] | None:
        x, y = self._point(canvas, event)
        module = month_view if self.view is View.MONTH else week_view
        return module.moment_at(self, canvas is self.head, x, y)

    def _on_click(self, event) -> None:
        self.body.focus_set()
        hit = self._hit(event.widget)
        if hit and hit[0] == "more":
            self.on_show_day(hit[1])
            return
        self.select(hit[1] if hit else None)

    def _on_double_click(self, event) -> str:
        hit = self._hit(event.widget)
        if hit and hit[0] == "activity":
            self.on_open(hit[1])
        elif not hit:
            moment = self._moment_at(event.widget, event)
            if moment is not None:
                self.on_create(*moment)
        return "break"

    def _on_right_click(self, event) -> None:
        hit = self._hit(event.widget)
        if hit and hit[0] == "activity":
            self.select(hit[1])
            self.on_context(hit[1], event.x_root, event.y_root)

    def _on_menu_key(self, event) -> str:
        if self.selected_id is not None:
            self.on_context(self.selected_id, self.body.winfo_rootx() + 40, self.body.winfo_rooty() + 40)
        return "break"

    def _on_configure(self, event) -> None:
        if self._settling:
            return
        width, height = self._drawn_size
        if self.view is not View.MONTH and event.width == width:
            self._drawn_size = (event.width, event.height)  # the hour grid scrolls: height is free
            return
        if (event.width, event.height) != self._drawn_size:
            if self.view is not View.MONTH:
                self._remember_scroll()
            self.redraw()

    def _remember_scroll(self) -> None:
        first = self.body.yview()[0]
        self._scroll_hours = first * 24

    def _on_wheel(self, event) -> None:
        self._scroll(-1 if event.delta > 0 else 1)

    def _scroll(self, units: int) -> None:
        if self.view is not View.MONTH:
            self.body.yview_scroll(units, "units")

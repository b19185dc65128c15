"""Drawing of the month view: six Monday-first weeks; each day lists its activities (all-day first)
as coloured lines, and "+N altre" when they do not fit (a click there opens that day).
"""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.activity import Activity
from cliens_tk.i18n import _
from cliens_tk.ui.agenda import style
from cliens_tk.ui.agenda.layout import cell_at, month_grid, truncate, weekday_names
from cliens_tk.ui.agenda.activity_text import calendar_label

DAY_NUMBER_ROW = 20


def _by_day(activities: list[Activity], first: dt.date, last: dt.date) -> dict[dt.date, list[Activity]]:
    days: dict[dt.date, list[Activity]] = {}
    for activity in activities:
        start_day = max(activity.start.date(), first)
        end = activity.end
        last_day = (end - dt.timedelta(microseconds=1)).date() if end > activity.start else activity.start.date()
        day = start_day
        while day <= min(last_day, last):
            days.setdefault(day, []).append(activity)
            day += dt.timedelta(days=1)
    for items in days.values():
        items.sort(key=lambda a: (not a.all_day, a.start, a.title.lower(), a.id or 0))
    return days


def head_height(view) -> int:
    return style.HEAD_ROW


def draw(view, width: int, height: int) -> list[int]:
    """Draw the month of ``view.anchor``; returns the activity ids in reading order."""
    head, body = view.head, view.body
    body.configure(scrollregion=(0, 0, width, height))
    body.yview_moveto(0)
    grid = month_grid(view.anchor)
    cell_w, cell_h = width / 7, height / 6
    for col, name in enumerate(weekday_names(short=True)):
        colour = style.HOLIDAY_TEXT if col == 6 else style.MUTED_TEXT
        style.create(head, "text", col * cell_w + cell_w / 2, style.HEAD_ROW / 2, text=name.upper(), fill=colour,
                         font=view.bold)
    by_day = _by_day(view.activities, grid[0][0], grid[-1][-1])
    lines_per_cell = max(0, int((cell_h - DAY_NUMBER_ROW - 2) // view.line))
    order: list[int] = []
    for row, week in enumerate(grid):
        for col, day in enumerate(week):
            x0, y0 = col * cell_w, row * cell_h
            x1, y1 = x0 + cell_w, y0 + cell_h
            holiday = view.holidays.get(day)
            if holiday or day.weekday() == 6:
                fill = style.HOLIDAY
            elif day == view.today:
                fill = style.TODAY
            elif day.month != view.anchor.month:
                fill = style.OTHER_MONTH
            else:
                fill = style.BACKGROUND
            style.create(body, "rectangle", x0, y0, x1, y1, fill=fill, outline=style.GRID_LINE,
                                  tags=("cell", f"cell{day.toordinal()}"))
            _day_number(view, day, x0, y0, cell_w, holiday)
            items = by_day.get(day, [])
            shown = items if len(items) <= lines_per_cell else items[: max(0, lines_per_cell - 1)]
            for index, activity in enumerate(shown):
                top = y0 + DAY_NUMBER_ROW + index * view.line
                _line(view, activity, x0 + 3, top, x1 - 3, top + view.line - 2)
                if activity.id not in order:
                    order.append(activity.id)
            hidden = len(items) - len(shown)
            if hidden:
                top = y0 + DAY_NUMBER_ROW + len(shown) * view.line
                style.create(body, "text", x0 + 6, top + view.line / 2 - 1, anchor="w", font=view.bold,
                                 fill=style.TODAY_MARK, text=_("+{n} altre").format(n=hidden),
                                 tags=("more", f"more{day.toordinal()}"))
    return order


def _day_number(view, day: dt.date, x0: float, y0: float, cell_w: float, holiday: str | None) -> None:
    body = view.body
    other_month = day.month != view.anchor.month
    colour = style.MUTED_TEXT if other_month else style.TEXT
    if holiday or day.weekday() == 6:
        colour = style.HOLIDAY_TEXT
    label = str(day.day) if day.day != 1 else f"{day.day} {_month_short(day)}"
    if day == view.today:
        style.create(body, "oval", x0 + 3, y0 + 2, x0 + 21 + 6 * (len(label) - 1), y0 + 19, fill=style.TODAY_MARK,
                         outline="", tags=("today",))
        colour = "#ffffff"
    style.create(body, "text", x0 + 8, y0 + 10, anchor="w", text=label, fill=colour, font=view.bold,
                     tags=("daynumber", f"daynumber{day.toordinal()}"))
    if holiday:
        left = x0 + 30 + 6 * len(label)
        room = x0 + cell_w - 4 - left
        style.create(body, "text", left, y0 + 10, anchor="w", text=truncate(holiday, room, view.small_char_width),
                         fill=style.HOLIDAY_TEXT, font=view.small, tags=("holiday",))


def _month_short(day: dt.date) -> str:
    from cliens_tk.ui.agenda.layout import month_names

    return month_names()[day.month - 1][:3]


def _line(view, activity: Activity, x0: float, y0: float, x1: float, y1: float) -> None:
    body = view.body
    tags = ("act", f"a{activity.id}")
    if activity.all_day:
        fill, text_colour = style.stripe_of(activity.kind), style.strong_text_on(activity.kind)
    else:
        fill, text_colour = style.fill_of(activity.kind), style.TEXT
    style.create(body, "rectangle", x0, y0, x1, y1, fill=fill, width=0, outline=style.SELECTION,
                          tags=tags + ("box", f"box{activity.id}"))
    if not activity.all_day:
        style.create(body, "rectangle", x0, y0, x0 + 4, y1, fill=style.stripe_of(activity.kind), width=0,
                              tags=tags + ("stripe",))
    text = truncate(calendar_label(activity), x1 - x0 - 10, view.char_width)
    style.create(body, "text", x0 + 7, (y0 + y1) / 2, anchor="w", text=text, fill=text_colour, font=view.font,
                     tags=tags + ("label",))


def moment_at(view, in_head: bool, x: float, y: float) -> tuple[dt.datetime, bool] | None:
    """A double-click on a day creates an activity there at 9:00."""
    if in_head:
        return None
    width, height = view._drawn_size
    cell = cell_at(x, y, width, height, 6, 7)
    if cell is None:
        return None
    day = month_grid(view.anchor)[cell[0]][cell[1]]
    return dt.datetime.combine(day, dt.time(9)), False

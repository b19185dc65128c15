"""Drawing of the day and week views: day headers and the all-day row on the header canvas, the
24-hour grid on the scrollable body; overlapping activities stand side by side.
"""

from __future__ import annotations

import datetime as dt

from cliens_tk.domain.activity import Activity
from cliens_tk.ui.agenda import style
from cliens_tk.ui.agenda.activity_text import calendar_label
from cliens_tk.ui.agenda.layout import (
    day_span,
    overlap_columns,
    period_of,
    slot_at,
    truncate,
    weekday_names,
)

MIN_BOX_HOURS = 0.5


def _days(view) -> list[dt.date]:
    return period_of(view.view, view.anchor).days()


def _column_width(view, width: int) -> float:
    return max(10.0, (width - style.GUTTER) / len(_days(view)))


def _all_day_rows(activities: list[Activity], days: list[dt.date]) -> list[tuple[Activity, int, int, int]]:
    """(activity, first column, last column, row) for the all-day row, stacked greedily."""
    first, last = days[0], days[-1]
    placed: list[tuple[Activity, int, int, int]] = []
    row_ends: list[int] = []
    for activity in sorted(activities, key=lambda a: (a.start, -(a.end - a.start).total_seconds(), a.id or 0)):
        start_day = max(activity.start.date(), first)
        end_day = min((activity.end - dt.timedelta(microseconds=1)).date() if activity.end > activity.start
                      else activity.start.date(), last)
        if end_day < first or start_day > last:
            continue
        col0, col1 = (start_day - first).days, (end_day - first).days
        for row, row_end in enumerate(row_ends):
            if row_end < col0:
                row_ends[row] = col1
                break
        else:
            row = len(row_ends)
            row_ends.append(col1)
        placed.append((activity, col0, col1, row))
    return placed


def head_height(view) -> int:
    """Day headers plus as many all-day rows as the period needs (at least one)."""
    placed = _all_day_rows([a for a in view.activities if a.all_day], _days(view))
    rows = max(1, 1 + max((p[3] for p in placed), default=0))
    return style.HEAD_ROW + rows * view.line + 6


def draw(view, width: int, height: int) -> list[int]:
    days = _days(view)
    col_w = _column_width(view, width)
    all_day = [a for a in view.activities if a.all_day]
    timed = [a for a in view.activities if not a.all_day]
    order: list[int] = []
    placed = _all_day_rows(all_day, days)
    _draw_head(view, days, col_w, head_height(view), placed, order)
    _draw_grid(view, days, col_w, width)
    _draw_timed(view, days, col_w, timed, order)
    _draw_now_line(view, days, col_w)
    return order


def _day_fill(view, day: dt.date) -> str:
    if day in view.holidays or day.weekday() == 6:
        return style.HOLIDAY
    if day == view.today:
        return style.TODAY
    return style.BACKGROUND


def _draw_head(view, days, col_w, head_height, placed, order) -> None:
    head = view.head
    names = weekday_names(short=len(days) > 1)
    style.create(head, "text", style.GUTTER / 2, style.HEAD_ROW + view.line / 2 + 3, text="0-24", fill=style.MUTED_TEXT,
                     font=view.small)
    for index, day in enumerate(days):
        x0 = style.GUTTER + index * col_w
        holiday = view.holidays.get(day)
        fill = _day_fill(view, day)
        style.create(head, "rectangle", x0, 0, x0 + col_w, head_height,
                     fill=fill if fill != style.BACKGROUND else style.HEADER, outline=style.GRID_LINE,
                     tags=("headday", f"headday{day.toordinal()}"))
        colour = style.HOLIDAY_TEXT if (holiday or day.weekday() == 6) else style.TEXT
        if day == view.today:
            colour = style.TODAY_MARK
        label = f"{names[day.weekday()]} {day.day}/{day.month}"
        if holiday and len(days) == 1:
            label += f" — {holiday}"
        elif holiday:
            label = truncate(f"{label} {holiday}", col_w - 8, view.char_width)
        style.create(head, "text", x0 + col_w / 2, style.HEAD_ROW / 2, text=label, fill=colour, font=view.bold)
    for activity, col0, col1, row in placed:
        x0 = style.GUTTER + col0 * col_w + 2
        x1 = style.GUTTER + (col1 + 1) * col_w - 2
        y0 = style.HEAD_ROW + 2 + row * view.line
        tags = ("act", f"a{activity.id}")
        style.create(head, "rectangle", x0, y0, x1, y0 + view.line - 2, fill=style.stripe_of(activity.kind), width=0,
                              outline=style.SELECTION, tags=tags + ("box", f"box{activity.id}"))
        style.create(head, "text", x0 + 5, y0 + view.line / 2 - 1, anchor="w", fill=style.strong_text_on(activity.kind),
                         font=view.font, text=truncate(activity.title, x1 - x0 - 8, view.char_width),
                         tags=tags + ("label",))
        order.append(activity.id)


def _draw_grid(view, days, col_w, width) -> None:
    body = view.body
    total = 24 * style.HOUR_HEIGHT
    body.configure(scrollregion=(0, 0, width, total))
    for index, day in enumerate(days):
        x0 = style.GUTTER + index * col_w
        style.create(body, "rectangle", x0, 0, x0 + col_w, total, fill=_day_fill(view, day), outline="",
                              tags=("column", f"column{day.toordinal()}"))
    for hour in range(24):
        y = hour * style.HOUR_HEIGHT
        style.create(body, "line", style.GUTTER, y, width, y, fill=style.GRID_LINE)
        style.create(body, "line", style.GUTTER, y + style.HOUR_HEIGHT / 2, width, y + style.HOUR_HEIGHT / 2,
                         fill=style.HOUR_LINE, dash=(2, 3))
        if hour:
            style.create(body, "text", style.GUTTER - 8, y, anchor="e", text=f"{hour:02d}:00", fill=style.MUTED_TEXT,
                             font=view.small)
    for index in range(len(days) + 1):
        x = style.GUTTER + index * col_w
        style.create(body, "line", x, 0, x, total, fill=style.GRID_LINE)


def _draw_timed(view, days, col_w, timed: list[Activity], order: list[int]) -> None:
    body = view.body
    hour = style.HOUR_HEIGHT
    for index, day in enumerate(days):
        items: list[tuple[Activity, tuple[float, float]]] = []
        for activity in timed:
            span = day_span(activity.start, activity.end, day)
            if span is not None:
                items.append((activity, span))
        placements = overlap_columns([span for _a, span in items], MIN_BOX_HOURS)
        x_left = style.GUTTER + index * col_w + 2
        usable = col_w - 6
        for (activity, (start, end)), placement in sorted(
                zip(items, placements), key=lambda pair: (pair[0][1][0], pair[1].column)):
            width = usable / placement.columns
            x0 = x_left + placement.column * width
            x1 = x0 + width - 2
            y0 = start * hour + 1
            y1 = max(end, start + MIN_BOX_HOURS) * hour - 1
            tags = ("act", f"a{activity.id}")
            style.create(body, "rectangle", x0, y0, x1, y1, fill=style.fill_of(activity.kind), width=0,
                                  outline=style.SELECTION, tags=tags + ("box", f"box{activity.id}"))
            style.create(body, "rectangle", x0, y0, x0 + 4, y1, fill=style.stripe_of(activity.kind), width=0,
                                  tags=tags + ("stripe",))
            room = x1 - x0 - 10
            lines = [calendar_label(activity)]
            if activity.place:
                lines.append(activity.place)
            fit = max(1, int((y1 - y0 - 2) // view.line))
            for line_index, text in enumerate(lines[:fit]):
                style.create(body, "text", x0 + 7, y0 + 2 + line_index * (view.line - 3), anchor="nw",
                                 text=truncate(text, room, view.char_width), fill=style.TEXT,
                                 font=view.bold if line_index == 0 else view.font, tags=tags + ("label",))
            if activity.id not in order:
                order.append(activity.id)


def _draw_now_line(view, days, col_w) -> None:
    if view.today not in days or view.today != dt.date.today():
        return
    now = dt.datetime.now()
    index = days.index(view.today)
    y = (now.hour + now.minute / 60) * style.HOUR_HEIGHT
    x0 = style.GUTTER + index * col_w
    style.create(view.body, "line", x0, y, x0 + col_w, y, fill=style.HOLIDAY_TEXT, width=2, tags=("now",))
    style.create(view.body, "oval", x0 - 4, y - 4, x0 + 4, y + 4, fill=style.HOLIDAY_TEXT, outline="", tags=("now",))


def moment_at(view, in_head: bool, x: float, y: float) -> tuple[dt.datetime, bool] | None:
    """Double-click on an hour slot: an activity at that time; on the all-day row: a 0-24 one."""
    days = _days(view)
    width = view._drawn_size[0]
    col_w = _column_width(view, width)
    if x < style.GUTTER:
        return None
    index = min(len(days) - 1, int((x - style.GUTTER) // col_w))
    day = days[index]
    if in_head:
        return dt.datetime.combine(day, dt.time(0)), True
    return dt.datetime.combine(day, slot_at(y, style.HOUR_HEIGHT)), False



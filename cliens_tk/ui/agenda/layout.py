"""Pure geometry and date arithmetic of the calendar views, kept apart so it is tested without a screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Sequence

from cliens_tk.domain.activity import Period, day_period, month_period, week_period
from cliens_tk.i18n import _


class View(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


SLOT_MINUTES = 30


def month_names() -> tuple[str, ...]:
    return (_("gennaio"), _("febbraio"), _("marzo"), _("aprile"), _("maggio"), _("giugno"), _("luglio"),
            _("agosto"), _("settembre"), _("ottobre"), _("novembre"), _("dicembre"))


def weekday_names(short: bool = False) -> tuple[str, ...]:
    if short:
        return (_("lun"), _("mar"), _("mer"), _("gio"), _("ven"), _("sab"), _("dom"))
    return (_("lunedì"), _("martedì"), _("mercoledì"), _("giovedì"), _("venerdì"), _("sabato"), _("domenica"))


def long_date(day: dt.date) -> str:
    """``mercoledì 25 novembre 2026``."""
    return f"{weekday_names()[day.weekday()]} {day.day} {month_names()[day.month - 1]} {day.year}"


def period_of(view: View, anchor: dt.date) -> Period:
    if view is View.DAY:
        return day_period(anchor)
    if view is View.WEEK:
        return week_period(anchor)
    return month_period(anchor)


def shift(view: View, anchor: dt.date, steps: int) -> dt.date:
    """The anchor day ``steps`` periods away; a month step keeps the day, clamped to the month's end."""
    if view is View.DAY:
        return anchor + dt.timedelta(days=steps)
    if view is View.WEEK:
        return anchor + dt.timedelta(weeks=steps)
    month_index = anchor.year * 12 + anchor.month - 1 + steps
    year, month = divmod(month_index, 12)
    last = month_period(dt.date(year, month + 1, 1)).last.day
    return dt.date(year, month + 1, min(anchor.day, last))


def period_title(view: View, anchor: dt.date) -> str:
    months = month_names()
    if view is View.DAY:
        return long_date(anchor)
    if view is View.MONTH:
        return f"{months[anchor.month - 1]} {anchor.year}"
    period = week_period(anchor)
    first, last = period.first, period.last
    if first.month == last.month:
        return f"{first.day} – {last.day} {months[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {months[first.month - 1]} – {last.day} {months[last.month - 1]} {last.year}"
    return f"{first.day} {months[first.month - 1]} {first.year} – {last.day} {months[last.month - 1]} {last.year}"


def month_grid(anchor: dt.date) -> list[list[dt.date]]:
    """Six Monday-first weeks covering the anchor's month (the month view always shows 6 rows)."""
    first = anchor.replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    return [[start + dt.timedelta(days=7 * row + col) for col in range(7)] for row in range(6)]


def grid_period(view: View, anchor: dt.date) -> Period:
    """The days a view draws: the month view also shows the neighbouring months' days."""
    if view is View.MONTH:
        grid = month_grid(anchor)
        return Period(grid[0][0], grid[-1][-1])
    return period_of(view, anchor)


# -- time axis (day and week views) ---------------------------------------------------------------
def y_of(moment: dt.time, hour_height: float) -> float:
    return (moment.hour + moment.minute / 60 + moment.second / 3600) * hour_height


def slot_at(y: float, hour_height: float, slot_minutes: int = SLOT_MINUTES) -> dt.time:
    """The start of the time slot under ``y`` (a double-click there creates an activity at that time)."""
    minutes = int(max(0.0, y) / hour_height * 60) // slot_minutes * slot_minutes
    minutes = min(minutes, 24 * 60 - slot_minutes)
    return dt.time(minutes // 60, minutes % 60)


def cell_at(x: float, y: float, width: float, height: float, rows: int, cols: int) -> tuple[int, int] | None:
    """(row, column) of the grid cell under a point, or None outside the grid."""
    if width <= 0 or height <= 0 or not (0 <= x < width and 0 <= y < height):
        return None
    return min(rows - 1, int(y * rows / height)), min(cols - 1, int(x * cols / width))


def day_span(start: dt.datetime, end: dt.datetime, day: dt.date) -> tuple[float, float] | None:
    """The part of [start, end) inside ``day``, as hours from midnight (start, end), or None."""
    day_start = dt.datetime.combine(day, dt.time(0))
    day_end = day_start + dt.timedelta(days=1)
    if end <= day_start or start >= day_end:
        if not (start == end and day_start <= start < day_end):
            return None
    lo = max(start, day_start)
    hi = min(end, day_end)
    return ((lo - day_start).total_seconds() / 3600, (hi - day_start).total_seconds() / 3600)


@dataclass(frozen=True)
class Placement:
    column: int
    columns: int


def overlap_columns(spans: Sequence[tuple[float, float]], min_length: float = 0.5) -> list[Placement]:
    """Side-by-side columns for overlapping items in a day column.

    Items are grouped into clusters of transitively overlapping spans; inside a cluster each item takes
    the first free column, and all items of the cluster share the cluster's column count. A span is
    treated as at least ``min_length`` hours long, since that is how tall it is drawn.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1]))
    result: list[Placement | None] = [None] * len(spans)
    cluster: list[tuple[int, int]] = []  # (item index, column)
    column_ends: list[float] = []
    cluster_end = float("-inf")

    def close_cluster() -> None:
        width = len(column_ends)
        for item, column in cluster:
            result[item] = Placement(column, width)

    for index in order:
        start, end = spans[index]
        end = max(end, start + min_length)
        if cluster and start >= cluster_end:
            close_cluster()
            cluster, column_ends, cluster_end = [], [], float("-inf")
        for column, column_end in enumerate(column_ends):
            if column_end <= start:
                column_ends[column] = end
                break
        else:
            column = len(column_ends)
            column_ends.append(end)
        cluster.append((index, column))
        cluster_end = max(cluster_end, end)
    if cluster:
        close_cluster()
    return [placement for placement in result if placement is not None]


def text_colour_on(background: str) -> str:
    """Black or white text, whichever reads better on a ``#rrggbb`` background."""
    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#212529" if luminance > 150 else "#ffffff"


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 0 keeps it, 1 gives white."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (red, green, blue)]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def holidays_between(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Court holidays (not Sundays) shown in a range of days, with their Italian names."""
    from cliens_tk.domain.court_calendar import court_holidays, holiday_label

    found: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        try:
            table = court_holidays(year)
        except ValueError:  # years before the modelled law: nothing shaded
            continue
        found.update({day: holiday_label(key) for day, key in table.items() if first <= day <= last})
    return found


def truncate(text: str, width: float, char_width: float) -> str:
    """``text`` cut to about ``width`` pixels, with an ellipsis when cut."""
    fits = int(width / char_width) if char_width > 0 else len(text)
    if fits <= 0:
        return ""
    if len(text) <= fits:
        return text
    return text[: max(0, fits - 1)].rstrip() + "…"

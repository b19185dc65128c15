"""Colours and sizes of the calendar drawing (kind colours come from the domain)."""

from __future__ import annotations

from cliens_tk.domain.activity import KIND_COLOURS, ActivityKind
from cliens_tk.ui.agenda.layout import text_colour_on, tint

GRID_LINE = "#dee2e6"
HOUR_LINE = "#e9ecef"
TEXT = "#212529"
MUTED_TEXT = "#8c959f"
BACKGROUND = "#ffffff"
OTHER_MONTH = "#f6f7f9"
HOLIDAY = "#fbe3e4"  # court holidays and Sundays
HOLIDAY_TEXT = "#b02a37"
TODAY = "#e7f1ff"
TODAY_MARK = "#0d6efd"
SELECTION = "#212529"
HEADER = "#f8f9fa"

GUTTER = 54  # hour labels in the day and week views
HOUR_HEIGHT = 44
HEAD_ROW = 30
LINE = 18  # one activity line in the month view and in the all-day row


def fill_of(kind: ActivityKind) -> str:
    return tint(KIND_COLOURS[kind], 0.78)


def stripe_of(kind: ActivityKind) -> str:
    return KIND_COLOURS[kind]


def strong_text_on(kind: ActivityKind) -> str:
    return text_colour_on(KIND_COLOURS[kind])


def create(canvas, kind: str, *coords, **options) -> str:
    """``canvas.create_<kind>`` without tkinter's option processing (about twice as fast; the month
    view creates hundreds of items per redraw)."""
    args = [canvas._w, "create", kind, *coords]
    for name, value in options.items():
        args.append("-" + name)
        args.append(value)
    return canvas.tk.call(*args)

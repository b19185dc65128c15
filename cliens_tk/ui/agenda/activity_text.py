"""How an activity is written in the calendar and in lists."""

from __future__ import annotations

from cliens_tk.domain.activity import Activity


def calendar_label(activity: Activity) -> str:
    """``09:30 Title`` for timed activities, the title alone for all-day ones."""
    if activity.all_day or activity.start is None:
        return activity.title
    return f"{activity.start:%H:%M} {activity.title}"


def tooltip_text(activity: Activity) -> str:
    parts = [activity.kind.label, calendar_label(activity)]
    if activity.place:
        parts.append(activity.place)
    return " — ".join(parts)

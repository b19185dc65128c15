"""The agenda (chapter 5): the agenda window and the activity detail window.

Entry points for the other areas: :func:`open_agenda` and :func:`open_activity`.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable


def open_agenda(ctx, today: Callable[[], dt.date] | None = None):
    """Open (or raise) the agenda window; returns it (it has the status/progress API)."""
    from cliens_tk.ui.agenda.window import AgendaWindow
    from cliens_tk.ui.windows import single_window

    return single_window(ctx, "agenda", lambda: AgendaWindow(ctx, today=today))


def open_activity(ctx, activity_id: int | None = None, activity=None):
    """Open the detail window of a saved activity (by id) or of a new, unsaved ``activity``."""
    from cliens_tk.ui.agenda.activity_window import ActivityWindow
    from cliens_tk.ui.windows import single_window

    if activity is None:
        if activity_id is None:
            raise ValueError("open_activity needs an activity id or an activity")
        return single_window(ctx, ("activity", activity_id),
                             lambda: ActivityWindow(ctx, ctx.services.agenda.get(activity_id)))
    if activity.id is not None:
        return single_window(ctx, ("activity", activity.id), lambda: ActivityWindow(ctx, activity))
    return ActivityWindow(ctx, activity)

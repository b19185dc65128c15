"""The deadline calculator (issue 9): «Calcola scadenza», the expert's term chain, and the
recomputation of deadlines whose start has moved.

Entry points for the other areas (call them lazily):

* :func:`open_deadline_calculator` — the agenda's «Calcola scadenza» button, a case's menu.
* :func:`open_expert_terms` — straight to the expert's term chain.
* :func:`watch_recomputations` — call when the agenda opens: it checks at once and, from then on,
  whenever the agenda changes (AGENDA_CHANGED), proposes recomputing deadlines whose start moved.
* :func:`check_recomputations` — look now (e.g. at start-up) and open «Scadenze da ricalcolare».
"""

from __future__ import annotations

import datetime as dt
import logging

from cliens_tk.domain.activity import ActivityKind

log = logging.getLogger(__name__)
_WINDOW_KEY = "deadline_calculator"
_RECOMPUTE_KEY = "deadline_recomputations"


def _open_single(ctx, key: str, factory):
    """One window of a kind per context: raise the open one, else build a new one."""
    windows = ctx.__dict__.setdefault("_deadline_calc_windows", {})
    window = windows.get(key)
    if window is not None and window.winfo_exists():
        window.deiconify()
        window.lift()
        return window, False
    window = factory()
    windows[key] = window
    return window, True


def open_deadline_calculator(ctx, case_id: int | None = None, start: dt.date | None = None,
                             activity_id: int | None = None):
    """Open «Calcola scadenza».

    ``case_id``: a personal case to link the deadline to (its hearings become possible starts, its
    office's city the seat). ``start``: the start date. ``activity_id``: a hearing to count from,
    or a deadline made by the calculator (the form is filled to update it; a deadline of an
    expert's chain opens the chain).
    """
    from cliens_tk.ui.deadline_calc.window import DeadlineCalculatorWindow
    from cliens_tk.services.deadline_calc import CaseLink

    window, _new = _open_single(ctx, _WINDOW_KEY, lambda: DeadlineCalculatorWindow(ctx))
    watch_recomputations(ctx, check_now=False)
    if case_id is not None:
        window.term_tab.load_case(CaseLink(case_id))
        window.expert_tab.load_case(CaseLink(case_id))
    if start is not None:
        window.term_tab.load_start(start=start)
        window.expert_tab.start.set_date(start)
    if activity_id is not None:
        _load_activity(window, activity_id)
    return window


def _load_activity(window, activity_id: int) -> None:
    service = window.service
    if window.expert_tab.show_chain(activity_id):
        window.show_expert_tab()
        return
    if window.term_tab.load_stored(activity_id):
        return
    activity = service.agenda.activities.get(activity_id)
    if activity is None:
        return
    link = service.link_of(activity)
    if not link.empty:
        window.term_tab.load_case(link)
        window.expert_tab.load_case(link)
    if activity.kind in (ActivityKind.HEARING, ActivityKind.POLISWEB) and activity.start is not None:
        window.term_tab.load_start(hearing_id=activity.id)
        window.expert_tab.start.select_hearing(activity.id)
    else:
        window.term_tab.load_start(start=activity.due_date or (activity.start.date() if activity.start else None))


def open_expert_terms(ctx, case_id: int | None = None, activity_id: int | None = None):
    """Open the calculator on the expert's term chain tab."""
    window = open_deadline_calculator(ctx, case_id=case_id, activity_id=activity_id)
    window.show_expert_tab()
    return window


def check_recomputations(ctx):
    """Propose the recomputation of moved deadlines; returns the window, or None if none is due."""
    from cliens_tk.services.deadline_calc import DeadlineCalcService
    from cliens_tk.ui.deadline_calc.recompute_window import RecomputationWindow

    service = DeadlineCalcService(ctx.services.archive)
    pending = service.pending_recomputations()
    windows = ctx.__dict__.setdefault("_deadline_calc_windows", {})
    open_window = windows.get(_RECOMPUTE_KEY)
    if not pending:
        if open_window is not None and open_window.winfo_exists():
            open_window.show([])
            open_window.destroy()
        return None
    window, _new = _open_single(ctx, _RECOMPUTE_KEY, lambda: RecomputationWindow(ctx, service))
    window.show(pending)
    return window


def watch_recomputations(ctx, check_now: bool = True) -> None:
    """Check for moved deadlines now (``check_now``) and whenever the agenda changes from now on.

    Idempotent: the subscription is made once per context.
    """
    if check_now:
        check_recomputations(ctx)
    if ctx.__dict__.get("_deadline_calc_watching"):
        return
    from cliens_tk.ui.bus import AGENDA_CHANGED

    ctx._deadline_calc_watching = True
    ctx._deadline_calc_check_pending = None

    def on_change(**_data) -> None:
        # coalesce bursts of changes (a download publishes many) into one check
        if ctx._deadline_calc_check_pending is None:
            ctx._deadline_calc_check_pending = ctx.root.after_idle(run)

    def run() -> None:
        ctx._deadline_calc_check_pending = None
        try:
            check_recomputations(ctx)
        except Exception:
            log.exception("checking deadlines to recompute failed")

    ctx.bus.subscribe(AGENDA_CHANGED, on_change)

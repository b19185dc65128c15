"""The case archive windows (chapter 6): the case list and the case detail.

Entry points for the rest of the application:
``open_cases(ctx)`` shows the case list; ``open_case_detail(ctx, case_id=None, record_id=None)``
shows one case, by personal case or by registry data. Each opens at most one window per case and
brings an open one to the front.
"""

from __future__ import annotations

import weakref

from cliens_tk.domain.cases import CaseRuleError
from cliens_tk.i18n import _
from cliens_tk.ui.cases.prompts import DEFAULT_PROMPTS, Prompts

_windows: "weakref.WeakKeyDictionary[object, dict]" = weakref.WeakKeyDictionary()


def _open_windows(ctx) -> dict:
    return _windows.setdefault(ctx, {"list": None, "details": []})


def _alive(window) -> bool:
    try:
        return window is not None and bool(window.winfo_exists())
    except Exception:
        return False


def _front(window) -> None:
    window.deiconify()
    window.lift()
    window.focus_set()


def open_cases(ctx, prompts: Prompts | None = None):
    """Show the case list window (6.2) and return it."""
    windows = _open_windows(ctx)
    if _alive(windows["list"]):
        _front(windows["list"])
        return windows["list"]
    from cliens_tk.ui.cases.case_list import CaseListWindow

    windows["list"] = CaseListWindow(ctx, prompts=prompts or DEFAULT_PROMPTS)
    return windows["list"]


def open_case_detail(ctx, case_id: int | None = None, record_id: int | None = None,
                     prompts: Prompts | None = None, **options):
    """Show the detail window of a case (6.4) and return it; None if the case no longer exists."""
    if case_id is None and record_id is None:
        raise ValueError("open_case_detail needs case_id or record_id")
    windows = _open_windows(ctx)
    windows["details"] = [w for w in windows["details"] if _alive(w)]
    for window in windows["details"]:
        if window.matches(case_id, record_id):
            _front(window)
            return window
    from cliens_tk.ui.cases.case_detail import CaseDetailWindow

    prompts = prompts or DEFAULT_PROMPTS
    try:
        window = CaseDetailWindow(ctx, case_id=case_id, record_id=record_id, prompts=prompts, **options)
    except CaseRuleError as exc:
        prompts.error(ctx.root, str(exc) + "\n" + _("Aggiornare l'elenco dei fascicoli."))
        return None
    windows["details"].append(window)
    return window

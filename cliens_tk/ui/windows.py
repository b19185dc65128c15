"""Opening the application windows (one of each), used by the main window and ``--open``.

Other areas' windows are reached through :func:`call_optional`, which imports them lazily: while an
area is still being built its entry point may be missing, and the user then gets a clear
"non ancora disponibile" message instead of a dead button.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any, Callable

from cliens_tk.i18n import _

log = logging.getLogger(__name__)

NOT_AVAILABLE = object()  # what call_optional returns when the feature is missing


def _registry(ctx) -> dict:
    registry = getattr(ctx, "_open_windows", None)
    if registry is None:
        registry = {}
        ctx._open_windows = registry
    return registry


def single_window(ctx, key: Any, factory: Callable[[], Any]):
    """The open window registered under ``key`` (raised and focused), or a new one from ``factory``."""
    registry = _registry(ctx)
    window = registry.get(key)
    if window is not None:
        try:
            if window.winfo_exists():
                window.deiconify()
                window.lift()
                window.focus_set()
                return window
        except Exception:
            pass
    window = factory()
    registry[key] = window
    window.bind("<Destroy>", lambda event, k=key, w=window: _forget(ctx, k, w, event), add="+")
    return window


def _forget(ctx, key, window, event) -> None:
    if event.widget is window and _registry(ctx).get(key) is window:
        del _registry(ctx)[key]


def open_windows(ctx) -> dict:
    """The windows opened through :func:`single_window`, by key (read-only use)."""
    return dict(_registry(ctx))


def optional_function(module: str, function: str) -> Callable | None:
    """``module.function`` if that area is installed, else None (a broken module is logged)."""
    try:
        imported = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        log.exception("importing %s failed", module)
        return None
    except ImportError:
        log.exception("importing %s failed", module)
        return None
    found = getattr(imported, function, None)
    return found if callable(found) else None


def call_optional(ctx, module: str, function: str, *args, feature: str, parent=None, **kwargs):
    """Call another area's entry point, or tell the user the feature is not available yet."""
    target = optional_function(module, function)
    if target is None:
        from cliens_tk.ui.widgets import dialogs

        dialogs.not_available(parent or ctx.root, feature)
        return NOT_AVAILABLE
    return target(*args, **kwargs)


def open_agenda(ctx):
    """Open (or raise) the agenda window and return it."""
    from cliens_tk.ui.agenda import open_agenda as open_agenda_window

    return open_agenda_window(ctx)


def open_cases(ctx) -> None:
    target = optional_function("cliens_tk.ui.cases", "open_cases")
    if target is not None:
        return target(ctx)
    from cliens_tk.ui.widgets import dialogs

    dialogs.info(ctx.root, _("L'archivio fascicoli non è ancora disponibile in questa versione."),
                 title=_("Fascicoli"))
    return None


def register_window(ctx, key: Any, window) -> None:
    """File ``window`` under ``key`` too (a new activity gets its id when saved)."""
    registry = _registry(ctx)
    for old in [k for k, w in registry.items() if w is window and k != key]:
        del registry[old]
    registry[key] = window
    window.bind("<Destroy>", lambda event, k=key, w=window: _forget(ctx, k, w, event), add="+")

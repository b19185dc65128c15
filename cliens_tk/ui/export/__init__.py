"""Calendar export windows and the background exporter.

Entry points for other areas:
- ``open_export_settings(ctx)``: the settings window (the agenda's top-right button);
- ``start_background_export(ctx)``: start the exporter once the main window is up (idempotent;
  opening the settings starts it too);
- ``EXPORT_STATUS_CHANGED``: bus topic published with ``text=`` the status line after each export.
"""

from __future__ import annotations

import weakref

from cliens_tk.ui.export.scheduler import EXPORT_STATUS_CHANGED, ExportScheduler

__all__ = ["EXPORT_STATUS_CHANGED", "open_export_settings", "start_background_export", "stop_background_export"]

_schedulers: "weakref.WeakKeyDictionary[object, ExportScheduler]" = weakref.WeakKeyDictionary()
_windows: "weakref.WeakKeyDictionary[object, object]" = weakref.WeakKeyDictionary()


def start_background_export(ctx) -> ExportScheduler:
    scheduler = _schedulers.get(ctx)
    if scheduler is None:
        scheduler = ExportScheduler(ctx)
        _schedulers[ctx] = scheduler
    return scheduler


def stop_background_export(ctx) -> None:
    scheduler = _schedulers.pop(ctx, None)
    if scheduler is not None:
        scheduler.stop()


def open_export_settings(ctx, parent=None):
    """Open (or raise) the export settings window and return it."""
    from cliens_tk.ui.export.settings_window import ExportSettingsWindow

    window = _windows.get(ctx)
    if window is not None and window.winfo_exists():
        window.deiconify()
        window.lift()
        window.focus_set()
        return window
    window = ExportSettingsWindow(ctx, start_background_export(ctx))
    _windows[ctx] = window
    return window

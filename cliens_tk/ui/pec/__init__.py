"""The Gestore PEC window: boxes, messages with their state, reading, composing."""

from __future__ import annotations


def open_pec(ctx):
    """Open (or bring to front) the PEC window; returns it."""
    from cliens_tk.ui.pec.window import PecWindow

    existing = getattr(ctx, "_pec_window", None)
    if existing is not None and existing.winfo_exists():
        existing.deiconify()
        existing.lift()
        existing.focus_set()
        return existing
    window = PecWindow(ctx)
    ctx._pec_window = window
    return window

"""Helpers to drive the windows as a person would: clicks, keys, answering message boxes."""

from __future__ import annotations

import time
import tkinter as tk

import pytest


def pump(root, seconds: float = 0.0) -> None:
    end = time.monotonic() + seconds
    while True:
        root.update()
        if time.monotonic() >= end:
            return
        time.sleep(0.01)


def click(widget, x: int, y: int, button: int = 1) -> None:
    widget.event_generate("<Motion>", x=x, y=y)
    widget.event_generate(f"<ButtonPress-{button}>", x=x, y=y)
    widget.event_generate(f"<ButtonRelease-{button}>", x=x, y=y)
    widget.update()


def double_click(widget, x: int, y: int) -> None:
    """Two press/release pairs (Tk 8.6 refuses to generate <Double-Button-1> directly)."""
    widget.event_generate("<Motion>", x=x, y=y)
    for _ in range(2):
        widget.event_generate("<ButtonPress-1>", x=x, y=y)
        widget.event_generate("<ButtonRelease-1>", x=x, y=y)
    widget.update()


def key(widget, keysym: str, **kwargs) -> None:
    widget.focus_force()
    widget.update()
    widget.event_generate(f"<KeyPress-{keysym}>", **kwargs)
    widget.update()


def all_widgets(widget):
    yield widget
    for child in widget.winfo_children():
        yield from all_widgets(child)


def toplevels(root) -> list:
    return [w for w in root.winfo_children() if isinstance(w, tk.Toplevel) and w.winfo_exists()]


def all_toplevels(root) -> list:
    """Every live Toplevel, at any depth (dialogs are children of the window that opened them)."""
    return [w for w in all_widgets(root) if isinstance(w, tk.Toplevel)]


def new_toplevels(ctx, kind=tk.Toplevel) -> list:
    """Toplevels of ``kind`` opened during the current test (others' leftovers are ignored)."""
    before = getattr(ctx, "_test_before", set())
    return [w for w in toplevels(ctx.root) if isinstance(w, kind) and w not in before]


def dialog_text(toplevel) -> str:
    """The text of a dialog's labels, with the wrapping undone."""
    text = " ".join(str(w.cget("text")) for w in all_widgets(toplevel)
                    if w.winfo_class() in ("TLabel", "Label") and w.cget("text"))
    return " ".join(text.split())


class DialogAnswerer:
    """Schedule the answer to the next message box: the button with ``text`` is invoked as soon as
    it appears; the dialog's message is kept in ``message``."""

    def __init__(self, root, text: str):
        self.root, self.text = root, text
        self.message: str | None = None
        self._tries = 0
        self._existing = set(all_toplevels(root))  # only a dialog that appears from now on is answered
        self._after = root.after(20, self._attempt)

    def _attempt(self) -> None:
        for top in all_toplevels(self.root):
            if top in self._existing:
                continue
            for widget in all_widgets(top):
                if widget.winfo_class() == "TButton" and widget.cget("text") == self.text and widget.winfo_ismapped():
                    self.message = dialog_text(top)
                    widget.invoke()
                    return
        self._tries += 1
        if self._tries < 1000:
            self._after = self.root.after(20, self._attempt)

    @property
    def answered(self) -> bool:
        return self.message is not None


def answer_dialog(root, text: str) -> DialogAnswerer:
    return DialogAnswerer(root, text)


@pytest.fixture
def ui(tk_root, services):
    """A UiContext on the session's root; every window opened by the test is destroyed afterwards."""
    from cliens_tk.ui.app import UiContext

    before = set(tk_root.winfo_children())
    ctx = UiContext(tk_root, services)
    ctx._test_before = before
    yield ctx
    for widget in tk_root.winfo_children():
        if widget not in before:
            widget.destroy()
    ctx.close()
    tk_root.update()

"""Fixtures for driving the case windows under Xvfb, as a person would."""

from __future__ import annotations

import time
import traceback

import pytest

from cliens_tk.domain.cases import RegistryRecord, RoleNumber
from cliens_tk.domain.offices import Register

MILANO, ROMA = "0151460094", "0580910098"


class RecordingPrompts:
    """Answers the message boxes at once and keeps what was asked."""

    def __init__(self):
        self.infos: list[str] = []
        self.errors: list[str] = []
        self.confirms: list[str] = []
        self.confirm_answer = True
        self.save_answer = "save"

    def info(self, parent, message, title=None):
        self.infos.append(message)

    def error(self, parent, message, title=None):
        self.errors.append(message)

    def confirm(self, parent, message, title, action):
        self.confirms.append(message)
        return self.confirm_answer

    def ask_save(self, parent, message):
        return self.save_answer


@pytest.fixture
def prompts():
    return RecordingPrompts()


@pytest.fixture
def ctx(tk_root, services):
    from cliens_tk.ui.app import UiContext

    errors: list[str] = []
    previous = tk_root.report_callback_exception
    # a callback error must fail the test, not open a modal error box that waits for ever
    tk_root.report_callback_exception = lambda kind, exc, tb: errors.append(
        "".join(traceback.format_exception(kind, exc, tb)))
    context = UiContext(tk_root, services)
    yield context
    context.close()
    tk_root.report_callback_exception = previous
    for child in list(tk_root.winfo_children()):
        if child.winfo_class() == "Toplevel":
            child.destroy()
    tk_root.update()
    assert not errors, "errors in Tk callbacks:\n" + "\n".join(errors)


def pump(ctx, seconds: float = 0.0) -> None:
    """Let Tk and the worker run: deliver finished jobs and fire due timers."""
    deadline = time.monotonic() + seconds
    while True:
        ctx.tasks.wait_idle()
        ctx.root.update()
        if time.monotonic() >= deadline:
            break
        time.sleep(0.01)
    ctx.tasks.wait_idle()
    ctx.root.update()


def wait_until(ctx, condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the window did not reach the expected state in time")
        pump(ctx, 0.02)


def double_click(widget, iid: str) -> None:
    """Two press/release pairs on a tree row (Tk 8.6 refuses a generated <Double-Button-1>)."""
    widget.see(iid)
    widget.update()
    x, y, width, height = widget.bbox(iid, column="#1") or widget.bbox(iid)
    for _ in range(2):
        widget.event_generate("<ButtonPress-1>", x=x + 5, y=y + height // 2)
        widget.event_generate("<ButtonRelease-1>", x=x + 5, y=y + height // 2)


def type_into(widget, text: str) -> None:
    """Type ``text`` key by key into a focused entry."""
    widget.focus_force()
    widget.update()
    for char in text:
        keysym = {" ": "space", "/": "slash", "'": "apostrophe"}.get(char, char)
        widget.event_generate("<KeyPress>", keysym=keysym)
        widget.event_generate("<KeyRelease>", keysym=keysym)
    widget.update()


def press(widget, sequence: str) -> None:
    """A key (or shortcut) pressed while ``widget`` has the keyboard focus."""
    widget.focus_force()
    widget.update()
    widget.event_generate(sequence)
    widget.update()


def downloaded(services, role="1025/2024", office=MILANO, register=Register.CIVIL, **values) -> RegistryRecord:
    """Registry data as a PolisWeb download stores it (new data is unseen)."""
    fields = dict(office_code=office, register=register, role=RoleNumber.parse(role), plaintiff="Rossi Mario",
                  defendant="Edil Costruzioni S.r.l.", subject="Appalto: vizi dell'opera", judge="Dott.ssa Gialli")
    fields.update(values)
    return services.cases.store_record(RegistryRecord(**fields))


@pytest.fixture
def helpers():
    class Helpers:
        pass

    h = Helpers()
    h.pump, h.wait_until, h.double_click, h.type_into, h.press = pump, wait_until, double_click, type_into, press
    h.downloaded = downloaded
    h.MILANO, h.ROMA = MILANO, ROMA
    return h

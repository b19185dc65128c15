"""A bottom status line with an optional progress bar and cancel button (downloads, exports)."""

from __future__ import annotations

from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.i18n import _


class StatusBar(ttk.Frame):
    def __init__(self, master, **kwargs):
        super().__init__(master, padding=(8, 3), **kwargs)
        self.status = ttk.Label(self, text="", bootstyle="secondary")
        self.status.pack(side="left", fill="x", expand=True)
        self.cancel_button = ttk.Button(self, text=_("Annulla"), bootstyle="danger-link", command=self._cancel)
        self.progress_label = ttk.Label(self, text="")
        self.progress = ttk.Progressbar(self, length=180, mode="determinate", maximum=1.0)
        self._cancel_handler: Callable[[], None] | None = None
        self._indeterminate = False

    def set_status(self, text: str) -> None:
        self.status.configure(text=text)

    def show_progress(self, text: str, fraction: float | None) -> None:
        """Show ``text`` and a bar; ``fraction`` in 0..1, or None for "working, length unknown"."""
        self.progress_label.configure(text=text)
        if not self.progress.winfo_manager():
            if self._cancel_handler is not None:
                self.cancel_button.pack(side="right")
            self.progress.pack(side="right", padx=(6, 0))
            self.progress_label.pack(side="right", padx=(12, 0))
        if fraction is None:
            if not self._indeterminate:
                self.progress.configure(mode="indeterminate")
                self.progress.start(60)
                self._indeterminate = True
        else:
            if self._indeterminate:
                self.progress.stop()
                self._indeterminate = False
            self.progress.configure(mode="determinate", value=max(0.0, min(1.0, fraction)))

    def hide_progress(self) -> None:
        if self._indeterminate:
            self.progress.stop()
            self._indeterminate = False
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.pack_forget()

    def set_cancel_handler(self, handler: Callable[[], None] | None) -> None:
        """What "Annulla" does while progress is shown; None hides the button."""
        self._cancel_handler = handler
        if handler is None:
            self.cancel_button.pack_forget()
        elif self.progress.winfo_manager() and not self.cancel_button.winfo_manager():
            self.cancel_button.pack(side="right", before=self.progress)

    @property
    def progress_visible(self) -> bool:
        return bool(self.progress.winfo_manager())

    def _cancel(self) -> None:
        if self._cancel_handler is not None:
            self._cancel_handler()

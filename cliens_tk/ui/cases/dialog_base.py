"""A small non-modal dialog frame shared by the case windows.

The dialogs do not block in a nested event loop: they call back with the user's choice. A
``submit`` callback returns an error message to show inside the dialog (the dialog stays open with
everything typed) or None when the action succeeded (the dialog closes).
"""

from __future__ import annotations

import ttkbootstrap as ttk


class CaseDialog(ttk.Toplevel):
    def __init__(self, parent, title: str):
        super().__init__(title=title, master=parent, transient=parent.winfo_toplevel(), resizable=(True, True))
        self.body = ttk.Frame(self, padding=14)
        self.body.pack(fill="both", expand=True)
        self.error_label = ttk.Label(self.body, text="", bootstyle="danger", wraplength=460, justify="left")
        self.bind("<Escape>", lambda _e: self.cancel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)

    def show_error(self, message: str | None) -> bool:
        """Show ``message`` (or clear it); True when there was an error."""
        self.error_label.configure(text=message or "")
        return bool(message)

    def cancel(self) -> None:
        self.destroy()

"""The smart-card PIN dialog: shows the token's PIN state (low tries, final try, locked) before
asking, and asks once. It never retries on its own: a wrong PIN goes back to the user as a
message, and only the user decides to try again."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.i18n import _


class PinDialog(ttk.Toplevel):
    def __init__(self, parent, status, label: str):
        super().__init__(master=parent, title=_("PIN della smart card"))
        self.transient(parent)
        self.result: str | None = None
        self.status = status
        self.pin = tk.StringVar(master=self)
        body = ttk.Frame(self, padding=15)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=_("Smart card: {label}").format(label=label or "-")).pack(anchor="w")
        self.warning = ttk.Label(body, text=status.warning or "", bootstyle="danger", wraplength=380,
                                 justify="left")
        if status.warning:
            self.warning.pack(anchor="w", pady=(8, 0))
        buttons = ttk.Frame(body)
        if status.locked:
            self.entry = None
            self.ok_button = None
        else:
            ttk.Label(body, text=_("Inserisci il PIN:")).pack(anchor="w", pady=(10, 2))
            self.entry = ttk.Entry(body, textvariable=self.pin, show="•", width=24)
            self.entry.pack(anchor="w")
            self.ok_button = ttk.Button(buttons, text=_("Conferma"), command=self.confirm, bootstyle="primary")
            self.ok_button.pack(side="right", padx=(5, 0))
            self.entry.bind("<Return>", lambda _e: self.confirm())
        self.cancel_button = ttk.Button(buttons, text=_("Annulla") if not status.locked else _("Chiudi"),
                                        command=self.cancel, bootstyle="secondary")
        self.cancel_button.pack(side="right")
        buttons.pack(fill="x", pady=(12, 0))
        self.bind("<Escape>", lambda _e: self.cancel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        if self.entry is not None:
            self.entry.focus_set()

    def confirm(self) -> None:
        value = self.pin.get()
        if not value.strip():
            self.warning.configure(text=_("Inserisci il PIN della smart card."))
            self.warning.pack(anchor="w", pady=(8, 0))
            return
        self.result = value
        self.pin.set("")
        self.destroy()

    def cancel(self) -> None:
        self.result = None
        self.pin.set("")
        self.destroy()


def ask_pin(parent, status, label: str) -> str | None:
    """Modal: the PIN typed, or None when cancelled (or the card is locked)."""
    dialog = PinDialog(parent, status, label)
    dialog.grab_set()
    parent.wait_window(dialog)
    return dialog.result


class OtpCodeDialog(ttk.Toplevel):
    """Asks the one-time code of the OTP device (never stored)."""

    def __init__(self, parent):
        super().__init__(master=parent, title=_("Codice OTP"))
        self.transient(parent)
        self.result: str | None = None
        self.code = tk.StringVar(master=self)
        body = ttk.Frame(self, padding=15)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=_("Codice mostrato dal dispositivo OTP:")).pack(anchor="w")
        self.entry = ttk.Entry(body, textvariable=self.code, width=12)
        self.entry.pack(anchor="w", pady=4)
        self.entry.bind("<Return>", lambda _e: self.confirm())
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(10, 0))
        ttk.Button(buttons, text=_("Conferma"), command=self.confirm).pack(side="right", padx=(5, 0))
        ttk.Button(buttons, text=_("Annulla"), command=self.destroy, bootstyle="secondary").pack(side="right")
        self.bind("<Escape>", lambda _e: self.destroy())
        self.entry.focus_set()

    def confirm(self) -> None:
        if self.code.get().strip():
            self.result = self.code.get().strip()
            self.destroy()


def ask_otp_code(parent) -> str | None:
    dialog = OtpCodeDialog(parent)
    dialog.grab_set()
    parent.wait_window(dialog)
    return dialog.result

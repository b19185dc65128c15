"""«Configura OTP» (guide 7.2): username and password of the OTP device, kept in the OS keyring.
With no OTP configured the smart card is used. The one-time code is asked at each access."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.ui.widgets import dialogs


def confirm(parent, text: str) -> bool:
    return dialogs.confirm(parent, text, _("Conferma"), _("Sì"))


class OtpWindow(ttk.Toplevel):
    def __init__(self, ctx):
        from cliens_tk.services.polisweb_settings import PolisWebSettingsService

        super().__init__(master=ctx.root, title=_("Configura OTP"))
        self.ctx = ctx
        self.settings = PolisWebSettingsService(ctx.services)
        self.user = tk.StringVar(master=self)
        self.password = tk.StringVar(master=self)
        body = ttk.Frame(self, padding=15)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=_("Nome utente e password del dispositivo OTP del punto di accesso. Sono "
                               "conservati nel portachiavi del sistema; il codice OTP verrà chiesto a "
                               "ogni accesso."), wraplength=380, justify="left").grid(
            row=0, column=0, columnspan=2, sticky="w", pady=(0, 10))
        ttk.Label(body, text=_("Nome utente")).grid(row=1, column=0, sticky="w")
        self.user_entry = ttk.Entry(body, textvariable=self.user, width=30)
        self.user_entry.grid(row=1, column=1, sticky="we", pady=2)
        ttk.Label(body, text=_("Password")).grid(row=2, column=0, sticky="w")
        self.password_entry = ttk.Entry(body, textvariable=self.password, show="•", width=30)
        self.password_entry.grid(row=2, column=1, sticky="we", pady=2)
        self.message = ttk.Label(body, text="", bootstyle="danger", wraplength=380, justify="left")
        self.message.grid(row=3, column=0, columnspan=2, sticky="w", pady=(6, 0))
        buttons = ttk.Frame(body)
        buttons.grid(row=4, column=0, columnspan=2, sticky="e", pady=(10, 0))
        self.save_button = ttk.Button(buttons, text=_("Salva"), command=self.save)
        self.save_button.pack(side="right", padx=(5, 0))
        self.remove_button = ttk.Button(buttons, text=_("Rimuovi OTP"), command=self.remove, bootstyle="secondary")
        self.remove_button.pack(side="right", padx=(5, 0))
        ttk.Button(buttons, text=_("Chiudi"), command=self.destroy, bootstyle="secondary").pack(side="right")
        self.bind("<Escape>", lambda _e: self.destroy())
        self.bind("<Return>", lambda _e: self.save())
        try:
            found = self.settings.otp_credentials()
        except Exception as exc:  # noqa: BLE001 - keyring problems are shown, not raised
            found = None
            self.message.configure(text=str(exc))
        if found:
            self.user.set(found[0])
        self.user_entry.focus_set()

    def save(self) -> bool:
        from cliens_tk.security.secrets import SecretStoreError
        from cliens_tk.services.polisweb_settings import SettingsError

        try:
            self.settings.save_otp(self.user.get(), self.password.get())
        except (SettingsError, SecretStoreError) as exc:
            self.message.configure(text=str(exc), bootstyle="danger")  # what was typed stays
            return False
        self.password.set("")
        self.message.configure(text=_("Dispositivo OTP configurato: l'accesso a PolisWeb userà l'OTP."),
                               bootstyle="success")
        return True

    def remove(self, ask=confirm) -> bool:
        from cliens_tk.security.secrets import SecretStoreError

        if not ask(self, _("Dimenticare il dispositivo OTP? L'accesso a PolisWeb tornerà alla smart card.")):
            return False
        try:
            self.settings.clear_otp()
        except SecretStoreError as exc:
            self.message.configure(text=str(exc), bootstyle="danger")
            return False
        self.user.set("")
        self.password.set("")
        self.message.configure(text=_("Dispositivo OTP rimosso: si userà la smart card."), bootstyle="success")
        return True

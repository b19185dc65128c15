"""Adding or editing a PEC box: provider preset, servers, user, password (to the OS keyring),
and a connection test that runs in the background with a clear result."""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.pec.account import PecAccount
from cliens_tk.pec.errors import PecError
from cliens_tk.pec.providers import PRESETS, guess_preset, preset
from cliens_tk.security.secrets import SecretStoreError

SECURITY_LABELS = {"ssl": "SSL/TLS", "starttls": "STARTTLS"}


class AccountDialog(ttk.Toplevel):
    def __init__(self, parent, ctx, service, dialogs, account: PecAccount | None = None, on_saved=None):
        super().__init__(master=parent, title=_("Casella PEC"))
        self.ctx, self.service, self.dialogs = ctx, service, dialogs
        self.account = account
        self.on_saved = on_saved
        self.vars = {name: tk.StringVar(self) for name in (
            "preset", "address", "display_name", "username", "password", "imap_host", "imap_port",
            "imap_security", "smtp_host", "smtp_port", "smtp_security", "size_limit_mb")}
        self.status = tk.StringVar(self)
        self._build()
        self._load(account)
        self.bind("<Escape>", lambda e: self.destroy())
        self.bind("<Return>", lambda e: self.save())
        self.fields["address"].focus_set()

    def _build(self) -> None:
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        self.fields: dict[str, tk.Widget] = {}
        rows = [
            ("preset", _("Gestore")), ("address", _("Indirizzo PEC")), ("display_name", _("Nome visualizzato")),
            ("username", _("Nome utente")), ("password", _("Password")),
            ("imap_host", _("Server posta in arrivo (IMAP)")), ("imap_port", _("Porta IMAP")),
            ("imap_security", _("Sicurezza IMAP")), ("smtp_host", _("Server posta in uscita (SMTP)")),
            ("smtp_port", _("Porta SMTP")), ("smtp_security", _("Sicurezza SMTP")),
            ("size_limit_mb", _("Limite messaggio (MB)")),
        ]
        for row, (name, label) in enumerate(rows):
            ttk.Label(body, text=label).grid(row=row, column=0, sticky="w", pady=2, padx=(0, 8))
            if name == "preset":
                widget = ttk.Combobox(body, textvariable=self.vars[name], state="readonly", width=36,
                                      values=[self._preset_label(p) for p in PRESETS])
                widget.bind("<<ComboboxSelected>>", lambda e: self._apply_preset())
            elif name.endswith("_security"):
                widget = ttk.Combobox(body, textvariable=self.vars[name], state="readonly", width=12,
                                      values=list(SECURITY_LABELS.values()))
            else:
                widget = ttk.Entry(body, textvariable=self.vars[name], width=38, show="•" if name == "password" else "")
            widget.grid(row=row, column=1, sticky="we", pady=2)
            self.fields[name] = widget
        self.fields["address"].bind("<FocusOut>", lambda e: self._guess())
        ttk.Label(body, textvariable=self.status, wraplength=420, justify="left").grid(
            row=len(rows), column=0, columnspan=2, sticky="we", pady=(8, 4))
        buttons = ttk.Frame(body)
        buttons.grid(row=len(rows) + 1, column=0, columnspan=2, sticky="e")
        self.test_button = ttk.Button(buttons, text=_("Prova connessione"), command=self.test, bootstyle="secondary")
        self.test_button.pack(side="left", padx=4)
        self.save_button = ttk.Button(buttons, text=_("Salva"), command=self.save, bootstyle="primary")
        self.save_button.pack(side="left", padx=4)
        ttk.Button(buttons, text=_("Annulla"), command=self.destroy, bootstyle="link").pack(side="left")
        body.columnconfigure(1, weight=1)

    @staticmethod
    def _preset_label(p) -> str:
        return p.name if p.verified or p.key == "other" else f"{p.name} " + _("(parametri da verificare)")

    def _load(self, account: PecAccount | None) -> None:
        if account is None:
            self.vars["preset"].set(self._preset_label(preset("other")))
            for name, value in (("imap_port", "993"), ("smtp_port", "465"), ("size_limit_mb", "30")):
                self.vars[name].set(value)
            self.vars["imap_security"].set(SECURITY_LABELS["ssl"])
            self.vars["smtp_security"].set(SECURITY_LABELS["ssl"])
            return
        self.vars["preset"].set(self._preset_label(preset(account.provider if account.provider in
                                                          {p.key for p in PRESETS} else "other")))
        for name in ("address", "display_name", "username", "imap_host", "imap_port", "smtp_host", "smtp_port",
                     "size_limit_mb"):
            self.vars[name].set(str(getattr(account, name)))
        self.vars["imap_security"].set(SECURITY_LABELS[account.imap_security])
        self.vars["smtp_security"].set(SECURITY_LABELS[account.smtp_security])
        self.status.set(_("Lasciare vuota la password per non cambiarla."))

    def _selected_preset(self):
        label = self.vars["preset"].get()
        return next((p for p in PRESETS if self._preset_label(p) == label), preset("other"))

    def _apply_preset(self) -> None:
        chosen = self._selected_preset()
        if chosen.key == "other":
            return
        self.vars["imap_host"].set(chosen.imap_host)
        self.vars["imap_port"].set(str(chosen.imap_port))
        self.vars["smtp_host"].set(chosen.smtp_host)
        self.vars["smtp_port"].set(str(chosen.smtp_port))
        self.vars["imap_security"].set(SECURITY_LABELS[chosen.security])
        self.vars["smtp_security"].set(SECURITY_LABELS[chosen.security])
        self.vars["size_limit_mb"].set(str(chosen.size_limit_mb))
        if not chosen.verified:
            self.status.set(_("Parametri del gestore non verificati: usare «Prova connessione» prima di salvare."))

    def _guess(self) -> None:
        if self.vars["imap_host"].get():
            return
        found = guess_preset(self.vars["address"].get())
        if found is not None:
            self.vars["preset"].set(self._preset_label(found))
            self._apply_preset()

    def _account(self) -> PecAccount:
        def number(name, label):
            try:
                return int(self.vars[name].get().strip())
            except ValueError:
                raise PecError(_("{label}: scrivere un numero.").format(label=label)) from None

        security = {v: k for k, v in SECURITY_LABELS.items()}
        account = PecAccount(
            address=self.vars["address"].get(), display_name=self.vars["display_name"].get().strip(),
            username=self.vars["username"].get(), imap_host=self.vars["imap_host"].get(),
            imap_port=number("imap_port", _("Porta IMAP")), imap_security=security.get(self.vars["imap_security"].get(), "ssl"),
            smtp_host=self.vars["smtp_host"].get(), smtp_port=number("smtp_port", _("Porta SMTP")),
            smtp_security=security.get(self.vars["smtp_security"].get(), "ssl"),
            size_limit_mb=number("size_limit_mb", _("Limite messaggio")), provider=self._selected_preset().key,
            id=self.account.id if self.account else None)
        account.check()
        return account

    def _busy(self, busy: bool) -> None:
        for button in (self.test_button, self.save_button):
            button.configure(state="disabled" if busy else "normal")

    def test(self) -> None:
        try:
            account = self._account()
            password = self.vars["password"].get() or (self.service.password(account) if account.id else "")
        except (PecError, SecretStoreError) as exc:
            self.status.set(str(exc))
            return
        if not password:
            self.status.set(_("Scrivere la password per provare la connessione."))
            return
        self.status.set(_("Prova della connessione in corso…"))
        self._busy(True)
        self.ctx.tasks.submit(lambda job: self.service.test_connection(account, password),
                              on_done=self._tested, on_error=self._test_failed, name="pec-test")

    def _tested(self, report) -> None:
        if not self.winfo_exists():
            return
        self._busy(False)
        self.status.set(_("Connessione riuscita: posta in arrivo e in uscita funzionano ({n} cartelle).")
                        .format(n=len(report.folders)))

    def _test_failed(self, exc, _trace) -> None:
        if not self.winfo_exists():
            return
        self._busy(False)
        self.status.set(str(exc) if isinstance(exc, (PecError, SecretStoreError)) else
                        _("Connessione non riuscita: {error}").format(error=exc))

    def save(self) -> None:
        try:
            account = self._account()
            password = self.vars["password"].get()
            if account.id is None and not password:
                raise PecError(_("Scrivere la password della casella."))
            saved = self.service.save_account(account, password or None)
        except (PecError, SecretStoreError) as exc:
            self.status.set(str(exc))  # the dialog stays open with everything typed
            return
        if self.on_saved:
            self.on_saved(saved)
        self.destroy()

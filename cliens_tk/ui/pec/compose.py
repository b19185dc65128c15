"""Writing a PEC: recipients, subject, text, attachments with the size against the provider's
limit. Sending runs in the background; if it is refused, the window stays with everything typed."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path
from tkinter import filedialog

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.pec.compose import Draft, human_size, split_addresses
from cliens_tk.pec.errors import PecError
from cliens_tk.security.secrets import SecretStoreError


class ComposeWindow(ttk.Toplevel):
    def __init__(self, parent, ctx, service, account, dialogs, on_sent=None, to: str = "", subject: str = "",
                 ask_files=None):
        super().__init__(master=parent, title=_("Nuovo messaggio PEC da {address}").format(address=account.address))
        self.ctx, self.service, self.account, self.dialogs = ctx, service, account, dialogs
        self.on_sent = on_sent
        self.ask_files = ask_files or (lambda: filedialog.askopenfilenames(parent=self, title=_("Allegati")))
        self.attachments: list[Path] = []
        self.to_var, self.cc_var, self.subject_var = tk.StringVar(self, to), tk.StringVar(self), tk.StringVar(self, subject)
        self.size_var, self.status_var = tk.StringVar(self), tk.StringVar(self)
        self._build()
        self._refresh_size()
        self.bind("<Control-Return>", lambda e: self.send())
        self.bind("<Escape>", lambda e: self.close())
        self.protocol("WM_DELETE_WINDOW", self.close)
        self.to_entry.focus_set()

    def _build(self) -> None:
        top = ttk.Frame(self, padding=10)
        top.pack(fill="both", expand=True)
        for row, (label, var) in enumerate(((_("A"), self.to_var), (_("Cc"), self.cc_var), (_("Oggetto"), self.subject_var))):
            ttk.Label(top, text=label).grid(row=row, column=0, sticky="w", padx=(0, 6), pady=2)
            entry = ttk.Entry(top, textvariable=var, width=70)
            entry.grid(row=row, column=1, sticky="we", pady=2)
            if row == 0:
                self.to_entry = entry
            elif row == 2:
                self.subject_entry = entry
        self.body = tk.Text(top, height=14, wrap="word", undo=True)
        self.body.grid(row=3, column=0, columnspan=2, sticky="nsew", pady=6)
        files = ttk.Frame(top)
        files.grid(row=4, column=0, columnspan=2, sticky="we")
        ttk.Button(files, text=_("Allega file…"), command=self.add_files, bootstyle="secondary").pack(side="left")
        ttk.Button(files, text=_("Togli allegato"), command=self.remove_selected, bootstyle="link").pack(side="left")
        ttk.Label(files, textvariable=self.size_var).pack(side="right")
        self.files_list = tk.Listbox(top, height=4)
        self.files_list.grid(row=5, column=0, columnspan=2, sticky="we", pady=4)
        ttk.Label(top, textvariable=self.status_var, wraplength=560, bootstyle="danger").grid(
            row=6, column=0, columnspan=2, sticky="we")
        buttons = ttk.Frame(top)
        buttons.grid(row=7, column=0, columnspan=2, sticky="e", pady=(6, 0))
        self.send_button = ttk.Button(buttons, text=_("Invia (Ctrl+Invio)"), command=self.send, bootstyle="primary")
        self.send_button.pack(side="left", padx=4)
        ttk.Button(buttons, text=_("Chiudi"), command=self.close, bootstyle="link").pack(side="left")
        top.columnconfigure(1, weight=1)
        top.rowconfigure(3, weight=1)

    def draft(self) -> Draft:
        return Draft(self.account.address, split_addresses(self.to_var.get()), self.subject_var.get(),
                     self.body.get("1.0", "end-1c"), cc=split_addresses(self.cc_var.get()),
                     attachments=list(self.attachments), sender_name=self.account.display_name)

    def add_files(self, paths=None) -> None:
        for path in paths if paths is not None else (self.ask_files() or ()):
            path = Path(path)
            if path.is_file() and path not in self.attachments:
                self.attachments.append(path)
                self.files_list.insert("end", f"{path.name}  ({human_size(path.stat().st_size)})")
        self._refresh_size()

    def remove_selected(self) -> None:
        for index in reversed(self.files_list.curselection()):
            self.files_list.delete(index)
            del self.attachments[index]
        self._refresh_size()

    def _refresh_size(self) -> None:
        size, limit = self.draft().estimated_size(), self.account.size_limit_bytes
        self.size_var.set(_("Dimensione: {size} su {limit} consentiti").format(size=human_size(size), limit=human_size(limit)))
        self.over_limit = size > limit

    def send(self) -> None:
        draft = self.draft()
        try:
            draft.check(self.account.size_limit_bytes)
        except PecError as exc:
            self.status_var.set(str(exc))
            return
        self.status_var.set(_("Invio in corso…"))
        self.send_button.configure(state="disabled")
        self.ctx.tasks.submit(lambda job: self.service.send(self.account.id, draft), on_done=self._sent,
                              on_error=self._failed, name="pec-send")

    def _sent(self, message_id: int) -> None:
        if self.on_sent:
            self.on_sent(message_id)
        if self.winfo_exists():
            self.destroy()

    def _failed(self, exc, _trace) -> None:
        if not self.winfo_exists():
            return
        self.send_button.configure(state="normal")
        text = str(exc) if isinstance(exc, (PecError, SecretStoreError)) else _("Invio non riuscito: {error}").format(error=exc)
        self.status_var.set(text + " " + _("Il messaggio non è stato inviato e resta qui."))

    def close(self) -> None:
        typed = self.body.get("1.0", "end-1c").strip() or self.subject_var.get().strip() or self.attachments
        if typed and not self.dialogs.confirm(self, _("Chiudere senza inviare? Il testo scritto andrà perso.")):
            return
        self.destroy()

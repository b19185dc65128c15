"""The Gestore PEC window: the boxes, the messages of a view with their state at a glance, the
selected message (unwrapped original, signature badge, attachments, receipts grouped under it)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import tkinter as tk
from pathlib import Path
from tkinter import filedialog

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.pec import smime
from cliens_tk.pec.compose import human_size
from cliens_tk.pec.errors import PecError
from cliens_tk.pec.kinds import receipt_label
from cliens_tk.pec.states import MessageState, recipient_label, state_label
from cliens_tk.security.secrets import SecretStoreError
from cliens_tk.services.pec import pec_service
from cliens_tk.ui.pec.dialogs import Dialogs

log = logging.getLogger(__name__)
LIVE_POLL_MS = 700

STATE_STYLES = {
    MessageState.SENT: "waiting", MessageState.ACCEPTED: "waiting", MessageState.DELIVERED: "ok",
    MessageState.PARTIALLY_DELIVERED: "problem", MessageState.NOT_DELIVERED: "problem", MessageState.REFUSED: "problem",
}
# (background, foreground) of the signature badge: green verified, amber unverifiable, red altered.
BADGE_COLOURS = {"valid": ("#1e7e34", "white"), "untrusted": ("#e0a800", "black"), "unreadable": ("#e0a800", "black"),
                 "invalid": ("#c82333", "white"), "unsigned": ("#6c757d", "white"), "own": ("#6c757d", "white")}


def _when(value: str | None) -> str:
    if not value:
        return ""
    try:
        return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return value


class PecWindow(ttk.Toplevel):
    def __init__(self, ctx, dialogs: Dialogs | None = None):
        super().__init__(master=ctx.root, title=_("Gestore PEC"))
        self.geometry("1100x720")
        self.ctx = ctx
        self.service = pec_service(ctx.services)
        self.dialogs = dialogs or Dialogs()
        self.accounts = []
        self.account = None
        self.view = "inbox"
        self.rows: dict[str, dict] = {}
        self.current_id: int | None = None
        self.opened = None
        self.syncing = False
        self._watcher = None
        self._new_mail = threading.Event()
        self._after_id = None
        self.status = tk.StringVar(self)
        self.search_var = tk.StringVar(self)
        self.account_var = tk.StringVar(self)
        self._build()
        self._bind_keys()
        self.load_accounts()
        self._poll_live()
        self.protocol("WM_DELETE_WINDOW", self.close)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        bar = ttk.Frame(self, padding=(8, 6))
        bar.pack(fill="x")
        ttk.Label(bar, text=_("Casella")).pack(side="left")
        self.account_box = ttk.Combobox(bar, textvariable=self.account_var, state="readonly", width=34)
        self.account_box.pack(side="left", padx=4)
        self.account_box.bind("<<ComboboxSelected>>", lambda e: self.select_account(self.account_box.current()))
        self.new_button = ttk.Button(bar, text=_("Nuovo messaggio"), command=self.compose, bootstyle="primary")
        self.new_button.pack(side="left", padx=4)
        self.sync_button = ttk.Button(bar, text=_("Aggiorna (F5)"), command=self.sync, bootstyle="secondary")
        self.sync_button.pack(side="left", padx=4)
        ttk.Button(bar, text=_("Aggiungi casella…"), command=self.add_account, bootstyle="link").pack(side="left")
        ttk.Button(bar, text=_("Modifica casella…"), command=self.edit_account, bootstyle="link").pack(side="left")
        ttk.Button(bar, text=_("Rimuovi casella…"), command=self.remove_account, bootstyle="link").pack(side="left")
        ttk.Button(bar, text=_("Gestore attendibile…"), command=self.add_trusted_provider,
                   bootstyle="link").pack(side="left")
        ttk.Label(bar, text=_("Cerca")).pack(side="left", padx=(16, 4))
        self.search_entry = ttk.Entry(bar, textvariable=self.search_var, width=28)
        self.search_entry.pack(side="left")
        self.search_var.trace_add("write", lambda *a: self.refresh_list())

        panes = ttk.Panedwindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True, padx=8)
        self.views = tk.Listbox(panes, width=22, exportselection=False, activestyle="dotbox")
        self.views.bind("<<ListboxSelect>>", lambda e: self._view_selected())
        panes.add(self.views, weight=0)

        right = ttk.Panedwindow(panes, orient="vertical")
        panes.add(right, weight=1)
        list_frame = ttk.Frame(right)
        columns = ("date", "who", "subject", "state")
        self.tree = ttk.Treeview(list_frame, columns=columns, show="headings", selectmode="browse", height=12)
        for name, title, width in (("date", _("Data"), 130), ("who", _("Da / A"), 220), ("subject", _("Oggetto"), 420),
                                   ("state", _("Stato"), 170)):
            self.tree.heading(name, text=title)
            self.tree.column(name, width=width, stretch=name == "subject")
        self.tree.tag_configure("ok", foreground="#1e7e34")
        self.tree.tag_configure("problem", foreground="#c82333")
        self.tree.tag_configure("waiting", foreground="#b8860b")
        self.tree.tag_configure("unseen", font="TkDefaultFont 9 bold")
        scroll = ttk.Scrollbar(list_frame, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        self.tree.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")
        self.tree.bind("<<TreeviewSelect>>", lambda e: self._message_selected())
        right.add(list_frame, weight=1)

        detail = ttk.Frame(right, padding=(0, 6))
        right.add(detail, weight=1)
        head = ttk.Frame(detail)
        head.pack(fill="x")
        self.header_var = tk.StringVar(self)
        ttk.Label(head, textvariable=self.header_var, justify="left").pack(side="left", anchor="w")
        self.badge = ttk.Label(head, text="", padding=(6, 2))
        self.badge.pack(side="right", anchor="n")
        self.anomaly = ttk.Label(head, text="", foreground="#c82333", padding=(6, 2))
        self.anomaly.pack(side="right", anchor="n", padx=4)
        notebook = ttk.Notebook(detail)
        notebook.pack(fill="both", expand=True, pady=4)
        self.notebook = notebook
        self.text = tk.Text(notebook, height=8, wrap="word", state="disabled")
        notebook.add(self.text, text=_("Testo"))
        self.receipts = ttk.Treeview(notebook, columns=("type", "who", "when", "detail"), show="headings", height=6)
        for name, title, width in (("type", _("Ricevuta"), 220), ("who", _("Destinatario"), 220),
                                   ("when", _("Data e ora"), 140), ("detail", _("Dettaglio"), 360)):
            self.receipts.heading(name, text=title)
            self.receipts.column(name, width=width)
        notebook.add(self.receipts, text=_("Stato e ricevute"))
        self.files = tk.Listbox(notebook, height=6)
        notebook.add(self.files, text=_("Allegati"))
        actions = ttk.Frame(detail)
        actions.pack(fill="x")
        ttk.Button(actions, text=_("Apri allegato"), command=self.open_attachment, bootstyle="link").pack(side="left")
        ttk.Button(actions, text=_("Salva allegato…"), command=self.save_attachment, bootstyle="link").pack(side="left")
        ttk.Button(actions, text=_("Salva messaggio (.eml)…"), command=self.save_message, bootstyle="link").pack(side="left")
        ttk.Button(actions, text=_("Salva ricevuta…"), command=self.save_receipt, bootstyle="link").pack(side="left")
        ttk.Button(actions, text=_("Collega a fascicolo…"), command=self.link_case, bootstyle="link").pack(side="left")
        self.case_var = tk.StringVar(self)
        ttk.Label(actions, textvariable=self.case_var).pack(side="left", padx=8)

        bottom = ttk.Frame(self, padding=(8, 4))
        bottom.pack(fill="x")
        ttk.Label(bottom, textvariable=self.status).pack(side="left")
        self.progress = ttk.Progressbar(bottom, mode="indeterminate", length=140)
        self.progress.pack(side="right")

    def _bind_keys(self) -> None:
        self.bind("<F5>", lambda e: self.sync())
        self.bind("<Control-n>", lambda e: self.compose())
        self.bind("<Control-f>", lambda e: self.search_entry.focus_set())
        self.bind("<Escape>", lambda e: self.search_var.set(""))

    # -- accounts ----------------------------------------------------------------------------
    def load_accounts(self, select_id: int | None = None) -> None:
        self.accounts = self.service.accounts()
        self.account_box.configure(values=[a.address for a in self.accounts])
        if not self.accounts:
            self.account = None
            self.status.set(_("Nessuna casella PEC: usare «Aggiungi casella…» per configurarne una."))
            self._fill_views([])
            self.refresh_list()
            return
        index = next((i for i, a in enumerate(self.accounts) if a.id == select_id), 0)
        self.select_account(index)

    def select_account(self, index: int) -> None:
        if index < 0 or index >= len(self.accounts):
            return
        self.account = self.accounts[index]
        self.account_box.current(index)
        self._fill_views([f.name for f in self.service.repo.folders(self.account.id) if f.name.upper() != "INBOX"
                          and f.special != "\\Sent"])
        self.refresh_list()
        self._start_watcher()

    def add_account(self) -> None:
        from cliens_tk.ui.pec.account_dialog import AccountDialog

        return AccountDialog(self, self.ctx, self.service, self.dialogs, on_saved=self._account_saved)

    def edit_account(self) -> None:
        if self.account is None:
            return self.add_account()
        from cliens_tk.ui.pec.account_dialog import AccountDialog

        return AccountDialog(self, self.ctx, self.service, self.dialogs, self.account, on_saved=self._account_saved)

    def remove_account(self) -> bool:
        """Forget the selected box (messages kept here, password) after confirmation."""
        if self.account is None:
            return False
        question = _("Rimuovere la casella {address} da cliens-tk?\n\nI messaggi scaricati sul computer e la "
                     "password salvata verranno eliminati; i messaggi restano sul server del gestore.").format(
            address=self.account.address)
        if not self.dialogs.confirm(self, question):
            return False
        self.service.delete_account(self.account.id)
        self.account = None
        self.load_accounts()
        self.status.set(_("Casella rimossa."))
        return True

    def add_trusted_provider(self, path: str | None = None) -> Path | None:
        """Trust a PEC provider's CA certificate (PEM), so its signatures show as verified."""
        path = path or filedialog.askopenfilename(
            parent=self, title=_("Certificato del gestore PEC (PEM)"),
            filetypes=[(_("Certificati"), "*.pem *.crt *.cer"), (_("Tutti i file"), "*")])
        if not path:
            return None
        try:
            target = self.service.add_trusted_ca(Path(path).read_bytes(), Path(path).stem)
        except (OSError, ValueError) as exc:
            self.dialogs.error(self, _("Il file {path} non contiene un certificato PEM valido ({error}).").format(
                path=path, error=exc))
            return None
        self.status.set(_("Gestore attendibile aggiunto: le firme dei suoi messaggi verranno verificate."))
        if self.current_id is not None:
            self.show_message(self.current_id)
        return target

    def _account_saved(self, account) -> None:
        self.load_accounts(select_id=account.id)
        self.sync()

    # -- views and list ------------------------------------------------------------------------
    def _fill_views(self, folders: list[str]) -> None:
        self.view_keys = ["inbox", "sent"] + folders
        self.views.delete(0, "end")
        for key in self.view_keys:
            self.views.insert("end", {"inbox": _("Posta in arrivo"), "sent": _("Inviati (con stato)")}.get(key, key))
        self.views.selection_clear(0, "end")
        self.views.selection_set(self.view_keys.index(self.view) if self.view in self.view_keys else 0)

    def _view_selected(self) -> None:
        selected = self.views.curselection()
        if selected:
            self.view = self.view_keys[selected[0]]
            self.refresh_list()

    def show_view(self, key: str) -> None:
        self.view = key
        self._fill_views(self.view_keys[2:])
        self.refresh_list()

    def refresh_list(self) -> None:
        keep = self.current_id
        self.tree.delete(*self.tree.get_children())
        self.rows = {}
        if self.account is None:
            return
        for row in self.service.messages(self.account.id, self.view, self.search_var.get()):
            item = str(row["id"])
            self.rows[item] = row
            who = ", ".join(row["recipients"][:2]) if row["direction"] == "out" else row["sender"]
            if row["state"]:
                state, tag = state_label(row["state"]), STATE_STYLES[MessageState(row["state"])]
            elif row["kind"] == "anomaly":
                state, tag = _("Anomalia"), "problem"
            elif row["signature"] == "invalid":
                state, tag = _("Firma non valida"), "problem"
            else:
                state, tag = (_("Posta certificata") if row["kind"] == "envelope" else _("Non certificata")), ""
            tags = [t for t in (tag, "" if row["seen"] else "unseen") if t]
            self.tree.insert("", "end", iid=item, values=(_when(row["sent_at"]), who, row["subject"], state), tags=tags)
        if keep is not None and str(keep) in self.rows:
            self.tree.selection_set(str(keep))
        count = len(self.rows)
        self.status.set(_("{n} messaggi").format(n=count) if count != 1 else _("1 messaggio"))

    def state_of(self, message_id: int) -> str:
        """The state shown in the list for a message (tests and accessibility)."""
        return self.tree.set(str(message_id), "state")

    # -- reading -----------------------------------------------------------------------------
    def _message_selected(self) -> None:
        selected = self.tree.selection()
        if not selected:
            return
        self.show_message(int(selected[0]))

    def show_message(self, message_id: int) -> None:
        self.current_id = message_id
        row = self.service.message(message_id)
        try:
            self.opened = self.service.open(message_id)
        except PecError as exc:
            self.dialogs.error(self, str(exc))
            return
        to = ", ".join(r if isinstance(r, str) else r[0] for r in row["recipients"])
        self.header_var.set(_("Da: {sender}\nA: {to}\nOggetto: {subject}\nData: {when}").format(
            sender=row["sender"], to=to, subject=row["subject"], when=_when(row["sent_at"])))
        status = self.opened.signature.status
        if row["direction"] == "out" and row["kind"] == "sent":
            background, foreground = BADGE_COLOURS["own"]
            self.badge.configure(text=_("Inviato da questo programma"), background=background, foreground=foreground)
        else:
            background, foreground = BADGE_COLOURS[status.value]
            self.badge.configure(text=smime.status_label(status), background=background, foreground=foreground)
        self.anomaly.configure(text=_("Busta di anomalia: messaggio non certificato o con errori") if
                               self.opened.is_anomaly else "")
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        self.text.insert("1.0", self.opened.text)
        self.text.configure(state="disabled")
        self.files.delete(0, "end")
        for attachment in self.opened.attachments:
            self.files.insert("end", f"{attachment.filename}  ({human_size(attachment.size)})")
        self._show_receipts(row)
        case = row.get("personal_case_id") or row.get("registry_record_id")
        self.case_var.set(_("Collegato a un fascicolo") if case else "")
        if self.rows.get(str(message_id), {}).get("seen") == 0:
            self.tree.item(str(message_id), tags=[t for t in self.tree.item(str(message_id), "tags") if t != "unseen"])

    def _show_receipts(self, row: dict) -> None:
        self.receipts.delete(*self.receipts.get_children())
        if row["kind"] != "sent":
            return
        tracking = row.get("tracking") or {}
        for delivery in tracking.get("deliveries", []):
            self.receipts.insert("", "end", iid=f"d{delivery['address']}", values=(
                recipient_label(delivery["state"]), delivery["address"], _when(delivery["at"]), delivery["reason"]))
        for receipt in self.service.receipts(row["id"]):
            self.receipts.insert("", "end", iid=f"r{receipt['id']}", values=(
                receipt_label(receipt["receipt_type"]), receipt["delivered_to"], _when(receipt["event_at"]),
                receipt["reason"]))

    def _ask_save(self, name: str) -> str | None:
        return filedialog.asksaveasfilename(parent=self, initialfile=name)

    def save_attachment(self, target: str | None = None) -> None:
        selected = self.files.curselection()
        if self.current_id is None or not selected:
            return
        attachment = self.opened.attachments[selected[0]]
        target = target or self._ask_save(attachment.filename)
        if target:
            Path(target).write_bytes(attachment.data)
            self.status.set(_("Allegato salvato in {path}").format(path=target))

    def open_attachment(self, opener=None) -> Path | None:
        """Open the selected attachment with the system's program, from a private copy."""
        from cliens_tk.services.system_open import open_with_system_viewer

        selected = self.files.curselection()
        if self.current_id is None or not selected:
            return None
        attachment = self.opened.attachments[selected[0]]
        folder = self.ctx.services.archive.data_dir / "pec" / "aperti" / str(self.current_id)
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        path = folder / (Path(attachment.filename).name or "allegato")
        path.write_bytes(attachment.data)
        os.chmod(path, 0o600)
        try:
            (opener or open_with_system_viewer)(path)
        except OSError as exc:
            self.dialogs.error(self, _("Non è stato possibile aprire l'allegato ({error}). È stato salvato in {path}: "
                                       "aprirlo dalla cartella.").format(error=exc, path=path))
        return path

    def save_message(self, target: str | None = None) -> None:
        if self.current_id is None:
            return
        target = target or self._ask_save("messaggio.eml")
        if target:
            self.service.save_raw(self.current_id, Path(target))

    def save_receipt(self, target: str | None = None) -> None:
        selected = [i for i in self.receipts.selection() if i.startswith("r")]
        if not selected:
            self.dialogs.info(self, _("Selezionare una ricevuta nella scheda «Stato e ricevute»."))
            return
        receipt_id = int(selected[0][1:])
        target = target or self._ask_save("ricevuta.eml")
        if target:
            self.service.save_raw(receipt_id, Path(target))

    def link_case(self):
        if self.current_id is None:
            return None
        from cliens_tk.ui.pec.case_link import CaseLinkDialog

        return CaseLinkDialog(self, self.ctx, self.service, self.current_id,
                              on_linked=lambda: self.show_message(self.current_id))

    # -- compose and sync --------------------------------------------------------------------
    def compose(self, **fields):
        if self.account is None:
            self.dialogs.info(self, _("Configurare prima una casella PEC («Aggiungi casella…»)."))
            return None
        from cliens_tk.ui.pec.compose import ComposeWindow

        return ComposeWindow(self, self.ctx, self.service, self.account, self.dialogs, on_sent=self._sent, **fields)

    def _sent(self, message_id: int) -> None:
        self.current_id = message_id
        self.show_view("sent")
        self.status.set(_("Messaggio inviato: lo stato si aggiorna all'arrivo delle ricevute."))
        self.after(1500, self.sync)

    def sync(self) -> None:
        if self.account is None or self.syncing:
            return
        account_id = self.account.id
        self.syncing = True
        self.progress.start(12)
        self.sync_button.configure(state="disabled")
        self.status.set(_("Aggiornamento della casella in corso…"))

        def work(job):
            return self.service.sync(account_id, progress=job.progress, cancelled=lambda: job.cancelled)

        self.ctx.tasks.submit(work, on_done=self._synced, on_error=self._sync_failed,
                              on_progress=lambda text: self.status.set(text), name="pec-sync")

    def _sync_finished(self) -> None:
        self.syncing = False
        if self.winfo_exists():
            self.progress.stop()
            self.sync_button.configure(state="normal")

    def _synced(self, result) -> None:
        self._sync_finished()
        if not self.winfo_exists():
            return
        self.select_account_views()
        self.refresh_list()
        if self.current_id is not None and str(self.current_id) in self.rows:
            self.show_message(self.current_id)
        self.status.set(_("Casella aggiornata: {n} nuovi messaggi.").format(n=result.new_messages))

    def select_account_views(self) -> None:
        if self.account is not None:
            self._fill_views([f.name for f in self.service.repo.folders(self.account.id) if f.name.upper() != "INBOX"
                              and f.special != "\\Sent"])

    def _sync_failed(self, exc, _trace) -> None:
        self._sync_finished()
        if self.winfo_exists():
            text = str(exc) if isinstance(exc, (PecError, SecretStoreError)) else _("Aggiornamento non riuscito: {error}").format(error=exc)
            self.status.set(text + " " + _("I messaggi già scaricati restano leggibili."))

    # -- live updates ------------------------------------------------------------------------
    def _start_watcher(self) -> None:
        self._stop_watcher()
        if self.account is None:
            return
        try:
            self._watcher = self.service.watcher(self.account.id, lambda folder: self._new_mail.set())
        except (PecError, SecretStoreError):
            return  # no password yet: no live updates, the user can still press Aggiorna
        self._watcher.start()

    def _stop_watcher(self) -> None:
        if self._watcher is not None:
            self._watcher.stop(timeout=0.1)
            self._watcher = None

    def _poll_live(self) -> None:
        if self._new_mail.is_set() and not self.syncing:
            self._new_mail.clear()
            self.sync()
        try:
            self._after_id = self.after(LIVE_POLL_MS, self._poll_live)
        except tk.TclError:
            pass

    def close(self) -> None:
        self._stop_watcher()
        if self._after_id is not None:
            try:
                self.tk.call("after", "cancel", self._after_id)
            except tk.TclError:
                pass
        self.destroy()

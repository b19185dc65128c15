"""The export settings (chapter 8): on/off, the configured calendar, «Configura calendario»,
«Esporta ora», .ics files, and a status line with the last export and any error."""

from __future__ import annotations

import tkinter as tk
from tkinter import filedialog

import ttkbootstrap as ttk
from ttkbootstrap.dialogs.message import MessageDialog

from cliens_tk.export.caldav_client import CalDavError
from cliens_tk.export.ical import IcsError
from cliens_tk.i18n import _
from cliens_tk.services.export_ics import export_ics, import_ics
from cliens_tk.services.export_setup import ServerKind
from cliens_tk.ui.bus import AGENDA_CHANGED
from cliens_tk.ui.export.scheduler import EXPORT_STATUS_CHANGED, ExportScheduler
from cliens_tk.ui.export.wizard import CalendarWizard

REMOVE, KEEP = "remove", "keep"


def ask_disable(parent, exported: int) -> str | None:
    """Disable the export: keep or remove the exported events? None = cancel."""
    keep, remove = _("Disattiva e mantieni gli eventi"), _("Disattiva ed elimina gli eventi")
    dialog = MessageDialog(
        _("Disattivare l'esportazione dell'agenda?\n\nSul calendario esterno ci sono {n} eventi esportati "
          "dall'agenda: si possono lasciare dove sono oppure eliminarli.").format(n=exported),
        title=_("Disattiva esportazione"), buttons=[_("Annulla"), keep + ":primary", remove + ":danger"],
        parent=parent, default=keep, icon="question-circle-fill", localize=False,
    )
    dialog.show()
    return {keep: KEEP, remove: REMOVE}.get(dialog.result)


def show_message(parent, message: str, title: str) -> None:
    from cliens_tk.ui.widgets import dialogs

    dialogs.info(parent, message, title=title)


class ExportSettingsWindow(ttk.Toplevel):
    # Replaceable by tests (they cannot click on native file dialogs).
    ask_disable = staticmethod(ask_disable)
    ask_save_path = staticmethod(lambda parent: filedialog.asksaveasfilename(
        parent=parent, title=_("Esporta in un file .ics"), defaultextension=".ics",
        initialfile="agenda-cliens-tk.ics", filetypes=[(_("Calendario iCalendar"), "*.ics")]))
    ask_open_path = staticmethod(lambda parent: filedialog.askopenfilename(
        parent=parent, title=_("Importa un file .ics"), filetypes=[(_("Calendario iCalendar"), "*.ics"),
                                                                    (_("Tutti i file"), "*")]))
    show_message = staticmethod(show_message)

    def __init__(self, ctx, scheduler: ExportScheduler):
        super().__init__(master=ctx.root, title=_("Esportazione dell'agenda"))
        self.ctx = ctx
        self.scheduler = scheduler
        self.service = scheduler.service
        self.busy = False
        self.enabled_var = tk.BooleanVar()
        self.server_var = tk.StringVar()
        self.user_var = tk.StringVar()
        self.calendar_var = tk.StringVar()
        self.status_var = tk.StringVar()
        self._build()
        self.refresh()
        self._unsubscribe = ctx.bus.subscribe(EXPORT_STATUS_CHANGED, lambda **_d: self.refresh())
        self.bind("<Escape>", lambda e: self.destroy())
        self.bind("<Destroy>", self._on_destroy, add="+")
        self.configure_button.focus_set()

    def _build(self) -> None:
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        ttk.Label(body, wraplength=480, justify="left", text=_(
            "Gli impegni dell'agenda possono essere copiati su un calendario on-line (Google Calendar, Apple "
            "iCloud o un altro server CalDAV) e aggiornati automaticamente dopo ogni modifica, così da "
            "vederli anche sul telefono.")).pack(anchor="w")
        self.enabled_check = ttk.Checkbutton(body, text=_("Esporta l'agenda sul calendario esterno"),
                                             variable=self.enabled_var, command=self._toggle,
                                             bootstyle="round-toggle")
        self.enabled_check.pack(anchor="w", pady=(12, 8))

        box = ttk.Labelframe(body, text=_("Calendario esterno"), padding=10)
        box.pack(fill="x")
        for row, (label, var) in enumerate(((_("Server"), self.server_var), (_("Utente"), self.user_var),
                                            (_("Calendario"), self.calendar_var))):
            ttk.Label(box, text=label).grid(row=row, column=0, sticky="w", padx=(0, 10))
            ttk.Label(box, textvariable=var, wraplength=360).grid(row=row, column=1, sticky="w")
        actions = ttk.Frame(box)
        actions.grid(row=3, column=0, columnspan=2, sticky="w", pady=(10, 0))
        self.configure_button = ttk.Button(actions, text=_("Configura calendario…"), command=self.open_wizard)
        self.configure_button.pack(side="left")
        self.export_button = ttk.Button(actions, text=_("Esporta ora"), bootstyle="success",
                                        command=self.export_now)
        self.export_button.pack(side="left", padx=6)

        files = ttk.Labelframe(body, text=_("File iCalendar (.ics)"), padding=10)
        files.pack(fill="x", pady=(10, 0))
        self.ics_export_button = ttk.Button(files, text=_("Esporta in un file .ics…"),
                                            bootstyle="secondary-outline", command=self.export_file)
        self.ics_export_button.pack(side="left")
        self.ics_import_button = ttk.Button(files, text=_("Importa un file .ics…"),
                                            bootstyle="secondary-outline", command=self.import_file)
        self.ics_import_button.pack(side="left", padx=6)

        self.status_label = ttk.Label(body, textvariable=self.status_var, wraplength=480, justify="left")
        self.status_label.pack(anchor="w", fill="x", pady=(12, 0))
        self.progress = ttk.Progressbar(body, mode="determinate")
        bottom = ttk.Frame(self, padding=(16, 0, 16, 16))
        bottom.pack(fill="x")
        ttk.Button(bottom, text=_("Chiudi"), bootstyle="secondary", command=self.destroy).pack(side="right")

    # -- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.winfo_exists():
            return
        status = self.service.status()
        account = status.account
        self.enabled_var.set(account.enabled)
        if account.configured:
            kind = ServerKind(account.server_kind or "caldav")
            self.server_var.set(f"{kind.label} — {account.url}")
            self.user_var.set(account.username)
            self.calendar_var.set(account.calendar_name)
        else:
            for var in (self.server_var, self.user_var, self.calendar_var):
                var.set(_("(non configurato)"))
        self.export_button.configure(state="normal" if account.configured and not self.busy else "disabled")
        self.enabled_check.configure(state="disabled" if self.busy else "normal")
        if not self.busy:
            text = status.text()
            self.status_var.set(text)
            self.status_label.configure(bootstyle="danger" if account.last_error else "default")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        if busy:
            self.status_var.set(text)
            self.status_label.configure(bootstyle="default")
            self.progress.configure(value=0, maximum=1)
            self.progress.pack(fill="x", pady=(6, 0), before=self.status_label)
        else:
            self.progress.pack_forget()
        for button in (self.configure_button, self.ics_export_button, self.ics_import_button):
            button.configure(state="disabled" if busy else "normal")
        self.refresh()

    def _progress(self, info) -> None:
        done, total = info
        if self.winfo_exists():
            self.progress.configure(value=done, maximum=max(total, 1))
            self.status_var.set(_("Esportazione in corso: {done} di {total}…").format(done=done, total=total))

    # -- actions -------------------------------------------------------------------------------
    def open_wizard(self) -> CalendarWizard:
        def configured(_calendar) -> None:
            self.refresh()
            self.scheduler.run_now()

        wizard = CalendarWizard(self.ctx, self.service, on_configured=configured, parent=self)
        wizard.transient(self)
        return wizard

    def export_now(self) -> None:
        if self.busy or self.scheduler.running:
            return
        self._set_busy(True, _("Esportazione in corso…"))

        def done(result) -> None:
            if self.winfo_exists():
                self._set_busy(False)

        self.scheduler.run_now(on_done=done, on_progress=self._progress, full=True)

    def _toggle(self) -> None:
        wanted = self.enabled_var.get()
        account = self.service.account()
        if wanted == account.enabled:
            return
        if wanted:
            if not account.configured:
                self.enabled_var.set(False)
                self.open_wizard()
                return
            self.service.enable()
            self.refresh()
            self.scheduler.run_now()
            return
        choice = self.ask_disable(self, self.service.status().exported)
        if choice is None:
            self.enabled_var.set(True)
            return
        remove = choice == REMOVE
        self._set_busy(True, _("Eliminazione degli eventi esportati…") if remove else "")

        def work(job):
            return self.service.disable(remove_events=remove,
                                        progress=lambda done, total: job.progress((done, total)))

        def done(removed) -> None:
            if self.winfo_exists():
                self._set_busy(False)
                if remove:
                    self.status_var.set(_("Esportazione disattivata: {n} eventi eliminati dal calendario esterno.")
                                        .format(n=removed))

        def failed(exc, _text) -> None:
            if self.winfo_exists():
                self._set_busy(False)
                message = exc.message if isinstance(exc, CalDavError) else str(exc)
                self.status_var.set(_("Esportazione disattivata, ma gli eventi non sono stati tutti eliminati: "
                                      "{error} Riprovare disattivando di nuovo più tardi.").format(error=message))
                self.status_label.configure(bootstyle="danger")

        self.ctx.tasks.submit(work, on_done=done, on_error=failed, on_progress=self._progress,
                              name="calendar-export-remove")

    def export_file(self) -> None:
        path = self.ask_save_path(self)
        if not path:
            return
        self._set_busy(True, _("Scrittura del file .ics…"))

        def done(count) -> None:
            if self.winfo_exists():
                self._set_busy(False)
                self.status_var.set(_("{n} attività scritte in {path}").format(n=count, path=path))

        self.ctx.tasks.submit(lambda job: export_ics(self.ctx.services.archive, path), on_done=done,
                              on_error=self._file_failed, name="ics-export")

    def import_file(self) -> None:
        path = self.ask_open_path(self)
        if not path:
            return
        self._set_busy(True, _("Importazione del file .ics…"))

        def done(result) -> None:
            self.ctx.bus.publish(AGENDA_CHANGED)
            if self.winfo_exists():
                self._set_busy(False)
                self.status_var.set(result.text())
                self.show_message(self, result.text(), _("Importazione .ics"))

        self.ctx.tasks.submit(lambda job: import_ics(self.ctx.services.archive, path), on_done=done,
                              on_error=self._file_failed, name="ics-import")

    def _file_failed(self, exc, _text) -> None:
        if self.winfo_exists():
            self._set_busy(False)
            self.status_var.set(str(exc) if isinstance(exc, IcsError) else _("Errore: {error}").format(error=exc))
            self.status_label.configure(bootstyle="danger")

    def _on_destroy(self, event) -> None:
        if event.widget is self:
            self._unsubscribe()

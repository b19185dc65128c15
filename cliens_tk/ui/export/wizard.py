"""«Configura calendario» (guide 8.1): server, user name and password; then, if needed, the calendar.

The server is contacted in the worker thread; errors are shown in the wizard without losing what
was typed. An account with one calendar ends the wizard at once; with several the user picks one,
and may create a separate calendar for the agenda (the guide's advice) where the server allows it.
"""

from __future__ import annotations

import tkinter as tk
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.export.caldav_client import CalDavError, CalendarInfo
from cliens_tk.i18n import _
from cliens_tk.security.secrets import SecretStoreError
from cliens_tk.services.export import ExportService
from cliens_tk.services.export_setup import GoogleNotSupportedError, ServerKind, create_calendar, probe

KINDS = [ServerKind.GOOGLE, ServerKind.ICLOUD, ServerKind.CALDAV]
DEFAULT_NEW_CALENDAR = "Agenda CTU"


def _hint(kind: ServerKind) -> str:
    if kind is ServerKind.ICLOUD:
        return _("Per iCloud usare l'ID Apple come nome utente e una password specifica per le app "
                 "(creata su appleid.apple.com), non la password dell'ID Apple.")
    if kind is ServerKind.GOOGLE:
        return GoogleNotSupportedError().message
    return _("Indicare l'indirizzo CalDAV fornito dal servizio (ad esempio https://cloud.esempio.it/remote.php/dav/) "
             "e le credenziali usate sul sito del calendario.")


class CalendarWizard(ttk.Toplevel):
    def __init__(self, ctx, service: ExportService, on_configured: Callable[[CalendarInfo], None] | None = None,
                 parent=None):
        super().__init__(master=parent or ctx.root, title=_("Configura calendario"))
        self.ctx = ctx
        self.service = service
        self.on_configured = on_configured
        self.busy = False
        self.calendars: list[CalendarInfo] = []
        account = service.account()
        kind = ServerKind(account.server_kind) if account.server_kind else ServerKind.CALDAV
        self.kind_var = tk.StringVar(value=kind.label)
        self.url_var = tk.StringVar(value=account.url if kind is ServerKind.CALDAV else "")
        self.user_var = tk.StringVar(value=account.username)
        self.password_var = tk.StringVar()
        self.calendar_var = tk.StringVar()
        self.new_name_var = tk.StringVar(value=DEFAULT_NEW_CALENDAR)
        self.error_var = tk.StringVar()
        self.hint_var = tk.StringVar()
        self._build()
        self._show_step(1)
        self._on_kind()
        self.bind("<Return>", lambda e: self.next())
        self.bind("<Escape>", lambda e: self.cancel())
        self.protocol("WM_DELETE_WINDOW", self.cancel)
        (self.user_entry if kind is not ServerKind.CALDAV or self.url_var.get() else self.url_entry).focus_set()

    # -- layout --------------------------------------------------------------------------------
    def _build(self) -> None:
        body = ttk.Frame(self, padding=16)
        body.pack(fill="both", expand=True)
        self.step1 = ttk.Frame(body)
        ttk.Label(self.step1, text=_("Server calendario")).grid(row=0, column=0, sticky="w", pady=3, padx=(0, 10))
        self.kind_box = ttk.Combobox(self.step1, textvariable=self.kind_var, state="readonly", width=48,
                                     values=[k.label for k in KINDS])
        self.kind_box.grid(row=0, column=1, sticky="ew", pady=3)
        self.kind_box.bind("<<ComboboxSelected>>", lambda e: self._on_kind())
        ttk.Label(self.step1, text=_("Indirizzo del server")).grid(row=1, column=0, sticky="w", pady=3, padx=(0, 10))
        self.url_entry = ttk.Entry(self.step1, textvariable=self.url_var)
        self.url_entry.grid(row=1, column=1, sticky="ew", pady=3)
        ttk.Label(self.step1, text=_("Nome utente")).grid(row=2, column=0, sticky="w", pady=3, padx=(0, 10))
        self.user_entry = ttk.Entry(self.step1, textvariable=self.user_var)
        self.user_entry.grid(row=2, column=1, sticky="ew", pady=3)
        ttk.Label(self.step1, text=_("Password")).grid(row=3, column=0, sticky="w", pady=3, padx=(0, 10))
        self.password_entry = ttk.Entry(self.step1, textvariable=self.password_var, show="•")
        self.password_entry.grid(row=3, column=1, sticky="ew", pady=3)
        ttk.Label(self.step1, textvariable=self.hint_var, wraplength=460, bootstyle="secondary",
                  justify="left").grid(row=4, column=0, columnspan=2, sticky="w", pady=(8, 0))
        self.step1.columnconfigure(1, weight=1)

        self.step2 = ttk.Frame(body)
        ttk.Label(self.step2, text=_("Nome calendario")).grid(row=0, column=0, sticky="w", pady=3, padx=(0, 10))
        self.calendar_box = ttk.Combobox(self.step2, textvariable=self.calendar_var, state="readonly", width=44)
        self.calendar_box.grid(row=0, column=1, sticky="ew", pady=3)
        ttk.Label(
            self.step2, wraplength=460, justify="left", bootstyle="secondary",
            text=_("Consiglio: esportare l'agenda su un calendario separato, diverso da quello principale del "
                   "servizio. Sarà più facile distinguere gli impegni esportati ed eliminarli se si disattiva "
                   "l'esportazione."),
        ).grid(row=1, column=0, columnspan=2, sticky="w", pady=(8, 4))
        create = ttk.Frame(self.step2)
        create.grid(row=2, column=0, columnspan=2, sticky="ew")
        ttk.Label(create, text=_("Nuovo calendario")).pack(side="left")
        self.new_name_entry = ttk.Entry(create, textvariable=self.new_name_var, width=24)
        self.new_name_entry.pack(side="left", padx=6)
        self.create_button = ttk.Button(create, text=_("Crea calendario"), bootstyle="secondary-outline",
                                        command=self.create_calendar)
        self.create_button.pack(side="left")
        self.step2.columnconfigure(1, weight=1)

        self.error_label = ttk.Label(body, textvariable=self.error_var, bootstyle="danger", wraplength=460,
                                     justify="left")
        self.error_label.pack(side="bottom", fill="x", pady=(10, 0))
        self.progress = ttk.Progressbar(body, mode="indeterminate")

        buttons = ttk.Frame(self, padding=(16, 0, 16, 16))
        buttons.pack(fill="x")
        self.cancel_button = ttk.Button(buttons, text=_("Annulla"), bootstyle="secondary", command=self.cancel)
        self.cancel_button.pack(side="left")
        self.next_button = ttk.Button(buttons, text=_("Avanti >"), bootstyle="primary", command=self.next)
        self.next_button.pack(side="right")
        self.back_button = ttk.Button(buttons, text=_("< Indietro"), bootstyle="secondary-outline",
                                      command=lambda: self._show_step(1))
        self.back_button.pack(side="right", padx=6)

    def _show_step(self, step: int) -> None:
        self.step = step
        self.error_var.set("")
        (self.step2 if step == 1 else self.step1).pack_forget()
        (self.step1 if step == 1 else self.step2).pack(fill="both", expand=True)
        self.next_button.configure(text=_("Avanti >") if step == 1 else _("Fine"))
        self.back_button.configure(state="disabled" if step == 1 else "normal")
        self._refresh_buttons()

    @property
    def kind(self) -> ServerKind:
        label = self.kind_var.get()
        return next((k for k in KINDS if k.label == label), ServerKind.CALDAV)

    def _on_kind(self) -> None:
        kind = self.kind
        self.url_entry.configure(state="normal" if kind is ServerKind.CALDAV else "disabled")
        self.hint_var.set(_hint(kind))
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        google = self.step == 1 and self.kind is ServerKind.GOOGLE
        self.next_button.configure(state="disabled" if self.busy or google else "normal")
        self.create_button.configure(state="disabled" if self.busy else "normal")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self.error_var.set("")
            self.progress.pack(side="bottom", fill="x", pady=(8, 0))
            self.progress.start(15)
            self.configure(cursor="watch")
        else:
            self.progress.stop()
            self.progress.pack_forget()
            self.configure(cursor="")
        self._refresh_buttons()

    # -- actions -------------------------------------------------------------------------------
    def _credentials(self) -> tuple[ServerKind, str, str, str]:
        return self.kind, self.url_var.get().strip(), self.user_var.get().strip(), self.password_var.get()

    def _run(self, work, on_done) -> None:
        def failed(exc: BaseException, _text: str) -> None:
            if not self.winfo_exists():
                return
            self._set_busy(False)
            if isinstance(exc, (CalDavError, SecretStoreError)):
                self.error_var.set(exc.message)
            else:
                self.error_var.set(_("Errore imprevisto: {error}").format(error=exc))

        def done(result) -> None:
            if self.winfo_exists():
                self._set_busy(False)
                on_done(result)

        self._set_busy(True)
        self.ctx.tasks.submit(lambda job: work(), on_done=done, on_error=failed, name="calendar-wizard")

    def next(self) -> None:
        if self.busy:
            return
        if self.step == 1:
            self._contact_server()
        else:
            self._choose_calendar()

    def _contact_server(self) -> None:
        kind, url, user, password = self._credentials()
        self._run(lambda: probe(kind, url, user, password), self._probed)

    def _probed(self, result) -> None:
        self.calendars = list(result.calendars)
        if result.single is not None:
            self._finish(result.single)
            return
        self._fill_calendars()
        self._show_step(2)
        if not self.calendars:
            self.error_var.set(_("L'utenza non ha calendari: crearne uno con «Crea calendario»."))
            self.new_name_entry.focus_set()
        else:
            self.calendar_box.focus_set()

    def _fill_calendars(self, select: CalendarInfo | None = None) -> None:
        labels = self._labels()
        self.calendar_box.configure(values=labels)
        if select is not None:
            self.calendar_var.set(labels[self.calendars.index(select)])
        elif labels and self.calendar_var.get() not in labels:
            current = self.service.account().calendar_url
            index = next((i for i, c in enumerate(self.calendars) if c.url == current), 0)
            self.calendar_var.set(labels[index])

    def _labels(self) -> list[str]:
        names = [c.name for c in self.calendars]
        return [c.name if names.count(c.name) == 1 else f"{c.name} ({c.url})" for c in self.calendars]

    def create_calendar(self) -> None:
        if self.busy:
            return
        kind, url, user, password = self._credentials()
        name = self.new_name_var.get().strip()

        def created(calendar: CalendarInfo) -> None:
            self.calendars.append(calendar)
            self._fill_calendars(select=calendar)

        self._run(lambda: create_calendar(kind, url, user, password, name), created)

    def _choose_calendar(self) -> None:
        labels = self._labels()
        if self.calendar_var.get() not in labels:
            self.error_var.set(_("Scegliere un calendario dall'elenco, o crearne uno nuovo."))
            return
        self._finish(self.calendars[labels.index(self.calendar_var.get())])

    def _finish(self, calendar: CalendarInfo) -> None:
        kind, url, user, password = self._credentials()

        def saved(_queued) -> None:
            callback = self.on_configured
            self.destroy()
            if callback:
                callback(calendar)

        self._run(lambda: self.service.configure(kind, url, user, password, calendar), saved)

    def cancel(self) -> None:
        self.destroy()

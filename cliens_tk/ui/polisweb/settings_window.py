"""«Configura PolisWeb» (guide 7.3): offices to consult with their register check boxes (red when
the register needs a download), start year, last successful download with the «?» status table,
«+» office search, «X» removal, and the access settings (smart card, PEM files or OTP).

Ticking a register is saved at once; the start year and the access fields are saved with «Salva»,
and a refused value leaves everything typed in place with a message saying what to write.
"""

from __future__ import annotations

import tkinter as tk
from tkinter import filedialog

import ttkbootstrap as ttk

from cliens_tk.domain.offices import Register
from cliens_tk.i18n import _
from cliens_tk.ui.widgets import dialogs

NEEDS_DOWNLOAD_BG = "#f1aeb5"  # red background of a register box that needs a download
SELECTED_BG = "#cfe2ff"


def confirm(parent, text: str) -> bool:
    return dialogs.confirm(parent, text, _("Conferma"), _("Sì"))


def _when(value) -> str:
    return f"{value:%d/%m/%Y %H:%M}" if value else _("mai")


class _ScrollArea(ttk.Frame):
    def __init__(self, parent, height: int = 220):
        super().__init__(parent)
        self.canvas = tk.Canvas(self, height=height, highlightthickness=0, borderwidth=0)
        scroll = ttk.Scrollbar(self, orient="vertical", command=self.canvas.yview)
        self.inner = tk.Frame(self.canvas)
        self.inner.bind("<Configure>", lambda _e: self.canvas.configure(scrollregion=self.canvas.bbox("all")))
        self._window = self.canvas.create_window((0, 0), window=self.inner, anchor="nw")
        self.canvas.bind("<Configure>", lambda e: self.canvas.itemconfigure(self._window, width=e.width))
        self.canvas.configure(yscrollcommand=scroll.set)
        self.canvas.pack(side="left", fill="both", expand=True)
        scroll.pack(side="right", fill="y")


class OfficeRow:
    """One office of the list: its name (click to select) and a box per supported register."""

    def __init__(self, window: "PolisWebSettingsWindow", parent, entry):
        self.code = entry.code
        self.frame = tk.Frame(parent, borderwidth=1, relief="groove", padx=6, pady=4)
        self.name = tk.Label(self.frame, text=f"{entry.name} ({entry.code})", anchor="w",
                             font=("TkDefaultFont", 10, "bold"))
        self.name.pack(fill="x")
        self.normal_bg = self.frame.cget("bg")
        self.boxes: dict[Register, tk.Checkbutton] = {}
        self.vars: dict[Register, tk.BooleanVar] = {}
        line = tk.Frame(self.frame)
        line.pack(fill="x")
        for register in entry.supported:
            var = tk.BooleanVar(master=self.frame, value=entry.is_ticked(register))
            box = tk.Checkbutton(line, text=register.label, variable=var, anchor="w", padx=3,
                                 command=lambda r=register: window.toggle(self.code, r))
            box.pack(side="left", padx=(0, 6))
            self.boxes[register], self.vars[register] = box, var
        if not entry.supported:
            tk.Label(line, text=_("Nessun registro consultabile su PolisWeb"), fg="#6c757d").pack(side="left")
        self.box_bg = next(iter(self.boxes.values())).cget("bg") if self.boxes else self.normal_bg
        for widget in (self.frame, self.name, line):
            widget.bind("<Button-1>", lambda _e: window.select(self.code))
        self.show(entry)

    def show(self, entry) -> None:
        for register, box in self.boxes.items():
            self.vars[register].set(entry.is_ticked(register))
            red = entry.needs_download(register)
            box.configure(bg=NEEDS_DOWNLOAD_BG if red else self.box_bg,
                          activebackground=NEEDS_DOWNLOAD_BG if red else self.box_bg)

    def set_selected(self, selected: bool) -> None:
        bg = SELECTED_BG if selected else self.normal_bg
        self.frame.configure(bg=bg)
        self.name.configure(bg=bg)

    def is_red(self, register: Register) -> bool:
        return self.boxes[register].cget("bg") == NEEDS_DOWNLOAD_BG


class PolisWebSettingsWindow(ttk.Toplevel):
    _instance: "PolisWebSettingsWindow | None" = None

    @classmethod
    def open(cls, ctx) -> "PolisWebSettingsWindow":
        if cls._instance is not None and cls._instance.winfo_exists():
            cls._instance.lift()
            cls._instance.focus_set()
            return cls._instance
        cls._instance = cls(ctx)
        return cls._instance

    def __init__(self, ctx, ask=confirm):
        from cliens_tk.services.polisweb_settings import PolisWebSettingsService

        super().__init__(master=ctx.root, title=_("Configura PolisWeb"))
        self.ctx = ctx
        self.ask = ask
        self.settings = PolisWebSettingsService(ctx.services)
        self.rows: dict[str, OfficeRow] = {}
        self.selected: str | None = None
        self.search_window = None
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        self._build_offices(body)
        self._build_years(body)
        self._build_access(body)
        self.message = ttk.Label(body, text="", wraplength=620, justify="left")
        self.message.pack(anchor="w", pady=(6, 0))
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(8, 0))
        self.save_button = ttk.Button(buttons, text=_("Salva"), command=self.save)
        self.save_button.pack(side="right", padx=(5, 0))
        ttk.Button(buttons, text=_("Chiudi"), command=self.destroy, bootstyle="secondary").pack(side="right")
        self.test_button = ttk.Button(buttons, text=_("Prova collegamento"), command=self.test_connection,
                                      bootstyle="info")
        self.test_button.pack(side="left")
        self.update_button = ttk.Button(buttons, text=_("Aggiorna elenchi ministeriali"),
                                        command=self.update_office_list, bootstyle="info-outline")
        self.update_button.pack(side="left", padx=(5, 0))
        self.bind("<Escape>", lambda _e: self.destroy())
        self.bind("<Control-s>", lambda _e: self.save())
        self.bind("<plus>", lambda _e: self.add_offices())
        self.bind("<KP_Add>", lambda _e: self.add_offices())
        self.refresh()

    # --- layout -------------------------------------------------------------------------------------
    def _build_offices(self, body) -> None:
        box = ttk.Labelframe(body, text=_("Uffici da consultare"), padding=8)
        box.pack(fill="both", expand=True)
        self.area = _ScrollArea(box)
        self.area.pack(fill="both", expand=True)
        line = ttk.Frame(box)
        line.pack(fill="x", pady=(6, 0))
        self.add_button = ttk.Button(line, text="+", width=3, command=self.add_offices, bootstyle="success")
        self.add_button.pack(side="left")
        self.remove_button = ttk.Button(line, text="X", width=3, command=self.remove_selected, bootstyle="danger")
        self.remove_button.pack(side="left", padx=(5, 0))
        ttk.Label(line, text=_("Sfondo rosso: registro da scaricare."), bootstyle="secondary").pack(
            side="left", padx=(10, 0))
        self.warning = ttk.Label(box, text="", bootstyle="warning", wraplength=600, justify="left")
        self.warning.pack(anchor="w", pady=(4, 0))

    def _build_years(self, body) -> None:
        line = ttk.Frame(body)
        line.pack(fill="x", pady=(8, 0))
        ttk.Label(line, text=_("Anno iniziale")).pack(side="left")
        self.start_year = tk.StringVar(master=self, value=str(self.settings.start_year()))
        self.year_box = ttk.Spinbox(line, from_=1990, to=2100, textvariable=self.start_year, width=6)
        self.year_box.pack(side="left", padx=(5, 20))
        ttk.Label(line, text=_("Ultimo scaricamento:")).pack(side="left")
        self.last_download = ttk.Label(line, text="")
        self.last_download.pack(side="left", padx=(5, 5))
        self.status_button = ttk.Button(line, text="?", width=2, command=self.show_status, bootstyle="info-outline")
        self.status_button.pack(side="left")

    def _build_access(self, body) -> None:
        from cliens_tk.polisweb.access import AccessMode

        config = self.settings.access()
        box = ttk.Labelframe(body, text=_("Accesso a PolisWeb"), padding=8)
        box.pack(fill="x", pady=(8, 0))
        self.mode = tk.StringVar(master=self, value=config.mode.value)
        self.fields: dict[str, tk.StringVar] = {}
        row = 0
        for mode in AccessMode:
            ttk.Radiobutton(box, text=mode.label, value=mode.value, variable=self.mode).grid(
                row=row, column=0, columnspan=3, sticky="w")
            row += 1
        for key, label, browse in (
            ("pkcs11_module", _("Driver PKCS#11 (vuoto: automatico)"), True),
            ("token_label", _("Etichetta della smart card (vuoto: automatica)"), False),
            ("cert_file", _("Certificato PEM"), True),
            ("key_file", _("Chiave PEM"), True),
            ("base_url", _("Indirizzo del punto di accesso"), False),
            ("ca_file", _("Autorità (CA) del server (vuoto: quelle del sistema)"), True),
            ("otp_page_url", _("Pagina gestione OTP"), False),
        ):
            ttk.Label(box, text=label).grid(row=row, column=0, sticky="w", pady=1)
            var = tk.StringVar(master=self, value=str(getattr(config, key) or ""))
            ttk.Entry(box, textvariable=var, width=52).grid(row=row, column=1, sticky="we", pady=1)
            if browse:
                ttk.Button(box, text="…", width=2, bootstyle="secondary-outline",
                           command=lambda v=var: self._browse(v)).grid(row=row, column=2, padx=(3, 0))
            self.fields[key] = var
            row += 1
        ttk.Label(box, text=_("Codice fiscale")).grid(row=row, column=0, sticky="w", pady=1)
        self.tax_code = tk.StringVar(master=self, value=self.settings.tax_code())
        ttk.Entry(box, textvariable=self.tax_code, width=20).grid(row=row, column=1, sticky="w", pady=1)
        box.columnconfigure(1, weight=1)

    def _browse(self, var: tk.StringVar) -> None:
        path = filedialog.askopenfilename(parent=self)
        if path:
            var.set(path)

    # --- offices ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        entries = self.settings.entries()
        codes = [e.code for e in entries]
        for code in list(self.rows):
            if code not in codes:
                self.rows.pop(code).frame.destroy()
        for entry in entries:
            row = self.rows.get(entry.code)
            if row is None:
                row = self.rows[entry.code] = OfficeRow(self, self.area.inner, entry)
                row.frame.pack(fill="x", pady=2)
            else:
                row.show(entry)
        if self.selected not in self.rows:
            self.selected = None
        for code, row in self.rows.items():
            row.set_selected(code == self.selected)
        self.warning.configure(text="\n".join(self.settings.warnings()))
        self.last_download.configure(text=_when(self.settings.last_download()))

    def select(self, code: str) -> None:
        self.selected = code
        for other, row in self.rows.items():
            row.set_selected(other == code)

    def toggle(self, code: str, register: Register) -> None:
        from cliens_tk.services.polisweb_settings import SettingsError

        ticked = self.rows[code].vars[register].get()
        try:
            self.settings.set_register(code, register, ticked)
        except SettingsError as exc:
            self.message.configure(text=str(exc), bootstyle="danger")
        self.select(code)
        self.refresh()

    def add_offices(self) -> None:
        from cliens_tk.services.polisweb_offices import OfficeFinder
        from cliens_tk.ui.polisweb.office_search import OfficeSearchWindow

        if self.search_window is not None and self.search_window.winfo_exists():
            self.search_window.lift()
            return
        self.search_window = OfficeSearchWindow(self, OfficeFinder.from_services(self.ctx.services),
                                                self.offices_chosen)

    def offices_chosen(self, codes: list[str]) -> None:
        added = self.settings.add_offices(codes)
        self.refresh()
        if added:
            self.select(added[-1])
            self.message.configure(text=_("Uffici aggiunti: spunta i registri da consultare."), bootstyle="info")

    def remove_selected(self) -> bool:
        if self.selected is None:
            self.message.configure(text=_("Seleziona prima l'ufficio da togliere (clic sul nome)."),
                                   bootstyle="warning")
            return False
        entry = next(e for e in self.settings.entries() if e.code == self.selected)
        if not self.ask(self, _("Togliere {office} dagli uffici da consultare? I dati già scaricati restano "
                                "in archivio.").format(office=entry.name)):
            return False
        self.settings.remove_office(self.selected)
        self.selected = None
        self.refresh()
        return True

    # --- status, save, test -------------------------------------------------------------------------------
    def show_status(self):
        from cliens_tk.services.polisweb_settings import status_rows

        window = ttk.Toplevel(master=self, title=_("Stato dei registri"))
        window.transient(self)
        tree = ttk.Treeview(window, columns=("office", "register", "status", "last", "error"), show="headings",
                            height=12)
        for column, label, width in (("office", _("Ufficio"), 220), ("register", _("Registro"), 160),
                                     ("status", _("Stato"), 110), ("last", _("Ultimo scaricamento"), 130),
                                     ("error", _("Errore"), 260)):
            tree.heading(column, text=label)
            tree.column(column, width=width)
        for index, row in enumerate(status_rows(self.settings)):
            tree.insert("", "end", iid=str(index), values=(row.office_name, row.register.label, row.status,
                                                          _when(row.last_download), row.error))
        tree.pack(fill="both", expand=True, padx=8, pady=8)
        ttk.Button(window, text=_("Chiudi"), command=window.destroy).pack(pady=(0, 8))
        window.bind("<Escape>", lambda _e: window.destroy())
        window.tree = tree
        return window

    def save(self) -> bool:
        from cliens_tk.polisweb.access import AccessConfig, AccessMode
        from cliens_tk.services.polisweb_settings import SettingsError

        config = self.settings.access()
        try:
            config.mode = AccessMode(self.mode.get())
            for key, var in self.fields.items():
                setattr(config, key, var.get().strip())
            self.settings.set_start_year(self.start_year.get())
            self.settings.set_tax_code(self.tax_code.get())
            if config.mode is AccessMode.OTP and not self.settings.otp_credentials():
                raise SettingsError(_("Per l'accesso OTP configura prima il dispositivo con «Configura OTP»."))
            self.settings.save_access(AccessConfig.from_dict(config.to_dict()))
        except Exception as exc:  # noqa: BLE001 - refused values: say why, keep what was typed
            from cliens_tk.polisweb.access import access_errors

            if not isinstance(exc, (SettingsError, *access_errors())):
                raise
            self.message.configure(text=str(exc), bootstyle="danger")
            return False
        self.message.configure(text=_("Impostazioni PolisWeb salvate."), bootstyle="success")
        self.refresh()
        return True

    def test_connection(self):
        from cliens_tk.ui.polisweb import access_flow

        if not self.save():
            return None
        try:
            office, register = self.settings.test_target()
        except Exception as exc:  # noqa: BLE001
            self.message.configure(text=str(exc), bootstyle="danger")
            return None

        def done(report) -> None:
            if self.winfo_exists():
                self.message.configure(text=report.message(), bootstyle="success")

        return access_flow.run_with_client(self.ctx, self, lambda client, job: client.test_connection(office, register),
                                           done, _("Prova collegamento"), _("Collegamento a PolisWeb..."))

    def update_office_list(self):
        from cliens_tk.ui.polisweb.office_update import start_office_list_update

        return start_office_list_update(self.ctx, self, on_finished=lambda _r: self.refresh())

    def destroy(self) -> None:
        if PolisWebSettingsWindow._instance is self:
            PolisWebSettingsWindow._instance = None
        super().destroy()

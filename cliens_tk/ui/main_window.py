"""The main window (chapter 4): the applications and the on-line services."""

from __future__ import annotations

import webbrowser

import ttkbootstrap as ttk

from cliens_tk.i18n import _

DEFAULT_LINKS = {
    "access_point": "https://pst.giustizia.it/PST/",
    "role_note": "https://pst.giustizia.it/PST/it/pst_2_6.wp",
    "webmail": "https://webmail.pec.it/",
}


class MainWindow(ttk.Frame):
    def __init__(self, ctx):
        super().__init__(ctx.root, padding=20)
        self.ctx = ctx
        demo = ctx.services.is_demo
        ttk.Label(self, text="Cliens TK", font=("TkDefaultFont", 20, "bold")).pack(anchor="w")
        if demo:
            ttk.Label(self, text=_("ARCHIVIO DIMOSTRATIVO: i dati sono inventati."), bootstyle="warning").pack(anchor="w")
        apps = ttk.Labelframe(self, text=_("Applicazioni"), padding=10)
        apps.pack(fill="x", pady=(15, 5))
        self.buttons = {}
        for key, label, command in (
            ("agenda", _("Agenda"), self.open_agenda),
            ("cases", _("Fascicoli"), self.open_cases),
            ("editor", _("Redattore (non ancora disponibile)"), None),
            ("pec", _("Gestore PEC (non ancora disponibile)"), None),
        ):
            button = ttk.Button(apps, text=label, command=command, width=34,
                                state="normal" if command else "disabled")
            button.pack(fill="x", pady=2)
            self.buttons[key] = button
        services = ttk.Labelframe(self, text=_("Servizi on-line"), padding=10)
        services.pack(fill="x", pady=5)
        links = {**DEFAULT_LINKS, **(ctx.services.settings.get("links", {}) or {})}
        for key, label in (("access_point", _("Punto di Accesso")), ("role_note", _("Nota di iscrizione a ruolo")),
                           ("webmail", _("Webmail"))):
            ttk.Button(services, text=label, bootstyle="link",
                       command=lambda url=links[key]: webbrowser.open(url)).pack(anchor="w")

    def open_agenda(self) -> None:
        from cliens_tk.ui.windows import open_agenda

        open_agenda(self.ctx)

    def open_cases(self) -> None:
        from cliens_tk.ui.windows import open_cases

        open_cases(self.ctx)

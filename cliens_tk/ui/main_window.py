"""The main window (chapter 4): the applications and the on-line services."""

from __future__ import annotations

import webbrowser

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.ui.widgets import dialogs

DEFAULT_LINKS = {
    "access_point": "https://pst.giustizia.it/PST/",
    "role_note": "https://pst.giustizia.it/PST/it/pst_2_6.wp",
    "webmail": "https://webmail.pec.it/",
}
LINKS_SETTING = "links"


def links(settings) -> dict[str, str]:
    """The on-line services' addresses: the defaults, overridden by the ``links`` setting."""
    stored = settings.get(LINKS_SETTING, {}) or {}
    return {**DEFAULT_LINKS, **{k: v for k, v in stored.items() if isinstance(v, str) and v.strip()}}


class MainWindow(ttk.Frame):
    def __init__(self, ctx, open_url=webbrowser.open):
        super().__init__(ctx.root, padding=24)
        self.ctx = ctx
        self.open_url = open_url
        ttk.Label(self, text="Cliens TK", font=("TkDefaultFont", 22, "bold")).pack(anchor="w")
        ttk.Label(self, text=_("Agenda, fascicoli e PolisWeb per il consulente tecnico d'ufficio"),
                  bootstyle="secondary").pack(anchor="w")
        if ctx.services.is_demo:
            ttk.Label(self, text=_("ARCHIVIO DIMOSTRATIVO: i dati sono inventati."), background="#ffc107",
                      foreground="#212529", padding=(8, 3)).pack(anchor="w", pady=(8, 0))
        apps = ttk.Labelframe(self, text=_("Applicazioni"), padding=12)
        apps.pack(fill="x", pady=(18, 6))
        self.buttons: dict[str, ttk.Button] = {}
        self.notes: dict[str, ttk.Label] = {}
        for row, (key, label, description, command, style) in enumerate((
            ("agenda", _("Agenda"), _("Impegni, udienze e scadenze"), self.open_agenda, "primary"),
            ("cases", _("Fascicoli"), _("Fascicoli personali e dati di cancelleria"), self.open_cases, "primary"),
            ("editor", _("Redattore"), _("Non ancora disponibile"), self.open_editor, "secondary-outline"),
            ("pec", _("Gestore PEC"), self._pec_description(), self.open_pec, "secondary-outline"),
        )):
            button = ttk.Button(apps, text=label, command=command, width=16, bootstyle=style)
            button.grid(row=row, column=0, sticky="w", pady=3)
            note = ttk.Label(apps, text=description, bootstyle="secondary")
            note.grid(row=row, column=1, sticky="w", padx=(12, 0))
            button.bind("<Return>", lambda e, b=button: b.invoke())
            self.buttons[key] = button
            self.notes[key] = note
        services = ttk.Labelframe(self, text=_("Servizi on-line (si aprono nel browser)"), padding=12)
        services.pack(fill="x", pady=6)
        self.links = links(ctx.services.settings)
        for key, label in (("access_point", _("Punto di Accesso")), ("role_note", _("Nota di iscrizione a ruolo")),
                           ("webmail", _("Webmail"))):
            button = ttk.Button(services, text=label, bootstyle="link", command=lambda k=key: self.open_link(k))
            button.pack(anchor="w")
            button.bind("<Return>", lambda e, b=button: b.invoke())
            self.buttons[key] = button
        ctx.root.bind("<Control-a>", lambda e: (self.open_agenda(), "break")[1])
        ctx.root.bind("<Control-f>", lambda e: (self.open_cases(), "break")[1])
        self.buttons["agenda"].focus_set()

    @staticmethod
    def _pec_description() -> str:
        from cliens_tk.ui.windows import optional_function

        if optional_function("cliens_tk.ui.pec", "open_pec") is not None:
            return _("Caselle PEC e ricevute")
        return _("Non ancora disponibile")

    def open_agenda(self):
        from cliens_tk.ui.windows import open_agenda

        return open_agenda(self.ctx)

    def open_cases(self):
        from cliens_tk.ui.windows import open_cases

        return open_cases(self.ctx)

    def open_editor(self) -> None:
        dialogs.not_available(self.ctx.root, _("Redattore"))

    def open_pec(self):
        from cliens_tk.ui.windows import call_optional

        return call_optional(self.ctx, "cliens_tk.ui.pec", "open_pec", self.ctx, feature=_("Gestore PEC"))

    def open_link(self, key: str) -> None:
        self.open_url(self.links[key])

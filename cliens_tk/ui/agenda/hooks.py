"""Entry points of the features that plug into the agenda toolbar (PolisWeb, calendar export,
deadline calculator). They belong to other areas and are imported only when used; until an area
exists its entries say "non ancora disponibile".
"""

from __future__ import annotations

import tkinter as tk

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.ui.windows import call_optional

POLISWEB = "cliens_tk.ui.polisweb"


def polisweb_entries(window) -> list[tuple[str, callable] | None]:
    """The PolisWeb menu (chapter 7); None is a separator."""
    ctx = window.ctx

    def call(function: str, feature: str, *args):
        return lambda: call_optional(ctx, POLISWEB, function, ctx, *args, feature=feature, parent=window)

    return [  # the guide's order and wording (chapter 7)
        (_("Aggiorna elenchi ministeriali"), call("open_office_list_update", _("Aggiornamento elenchi ministeriali"))),
        (_("Configura OTP…"), call("open_otp_settings", _("Impostazioni OTP"))),
        (_("Pagina gestione OTP"), call("open_otp_page", _("Pagina OTP"))),
        (_("Configura PolisWeb…"), call("open_polisweb_settings", _("Configurazione PolisWeb"))),
        None,
        (_("Scarica PolisWeb"), call("start_download", _("Scaricamento PolisWeb"), window)),
        None,
        (_("Elimina tutti i dati PolisWeb…"), call("confirm_purge", _("Eliminazione dati PolisWeb"))),
    ]


def build_hook_toolbar(window, bar) -> tuple[ttk.Button, ttk.Menubutton, ttk.Button]:
    """Pack, from the right edge: export button, PolisWeb menu, deadline calculator."""
    ctx = window.ctx
    export = ttk.Button(
        bar, text=_("Esporta calendario"), bootstyle="info-outline",
        command=lambda: call_optional(ctx, "cliens_tk.ui.export", "open_export_settings", ctx,
                                      feature=_("Esportazione del calendario"), parent=window),
    )
    export.pack(side="right")
    polisweb = ttk.Menubutton(bar, text=_("PolisWeb"), bootstyle="success-outline")
    menu = tk.Menu(polisweb, tearoff=False)
    for entry in polisweb_entries(window):
        if entry is None:
            menu.add_separator()
        else:
            menu.add_command(label=entry[0], command=entry[1])
    polisweb.configure(menu=menu)
    polisweb.menu = menu
    polisweb.pack(side="right", padx=(0, 6))
    calculator = ttk.Button(
        bar, text=_("Calcola scadenza"), bootstyle="secondary-outline",
        command=lambda: call_optional(ctx, "cliens_tk.ui.deadline_calc", "open_deadline_calculator", ctx,
                                      feature=_("Calcolo delle scadenze"), parent=window),
    )
    calculator.pack(side="right", padx=(0, 6))
    return export, polisweb, calculator

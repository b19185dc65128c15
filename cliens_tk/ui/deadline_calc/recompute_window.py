"""«Scadenze da ricalcolare»: deadlines whose start (a hearing, the oath) has moved.

Nothing changes without the user: each deadline (or expert's chain) has its own "Ricalcola" and
"Mantieni la data" buttons. The window is not modal, so the agenda stays usable meanwhile.
"""

from __future__ import annotations

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.services.deadline_calc import ArchiveError, DeadlineCalcService, Recomputation

USER_ERRORS = (ValueError, ArchiveError)


class RecomputationWindow(ttk.Toplevel):
    def __init__(self, ctx, service: DeadlineCalcService):
        super().__init__(title=_("Scadenze da ricalcolare"))
        self.ctx = ctx
        self.service = service
        self.rows: dict[tuple, tuple[Recomputation, ttk.Frame]] = {}
        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=_("La data di partenza di queste scadenze è cambiata. Per ognuna scegliere se "
                               "ricalcolarla o mantenere la data attuale."), wraplength=620).pack(anchor="w")
        self.list_frame = ttk.Frame(body)
        self.list_frame.pack(fill="both", expand=True, pady=8)
        self.error = ttk.Label(body, text="", bootstyle="danger", wraplength=620)
        self.error.pack(anchor="w")
        ttk.Button(body, text=_("Decidi più tardi"), bootstyle="secondary", command=self.destroy).pack(anchor="e")
        self.bind("<Escape>", lambda _e: self.destroy())

    def show(self, pending: list[Recomputation]) -> None:
        """List ``pending``: new proposals get a frame, those no longer pending are removed."""
        keys = {r.key for r in pending}
        for key in [k for k in self.rows if k not in keys]:
            self.rows.pop(key)[1].destroy()
        for recomputation in pending:
            if recomputation.key in self.rows:
                continue
            frame = ttk.Labelframe(self.list_frame, text=recomputation.heading, padding=8)
            frame.pack(fill="x", pady=4)
            ttk.Label(frame, text=recomputation.summary(), justify="left", wraplength=600).pack(anchor="w")
            buttons = ttk.Frame(frame)
            buttons.pack(anchor="e", pady=(6, 0))
            keep = ttk.Button(buttons, text=_("Mantieni la data"), bootstyle="secondary",
                              command=lambda r=recomputation: self.decide(r, apply=False))
            keep.pack(side="right", padx=4)
            apply = ttk.Button(buttons, text=_("Ricalcola"), bootstyle="primary",
                               command=lambda r=recomputation: self.decide(r, apply=True))
            apply.pack(side="right")
            if recomputation.error:
                apply.configure(state="disabled")
            frame.apply_button, frame.keep_button = apply, keep  # type: ignore[attr-defined]
            self.rows[recomputation.key] = (recomputation, frame)
        if self.rows:
            first = next(iter(self.rows.values()))[1]
            first.apply_button.focus_set()  # type: ignore[attr-defined]

    def decide(self, recomputation: Recomputation, apply: bool) -> None:
        try:
            if apply:
                self.service.apply_recomputation(recomputation)
            else:
                self.service.decline_recomputation(recomputation)
        except USER_ERRORS as exc:
            self.error.configure(text=str(exc))
            return
        _done, frame = self.rows.pop(recomputation.key)
        frame.destroy()
        self.error.configure(text="")
        if apply:
            from cliens_tk.ui.bus import AGENDA_CHANGED

            self.ctx.bus.publish(AGENDA_CHANGED)
        if not self.rows and self.winfo_exists():
            self.destroy()

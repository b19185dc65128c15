"""The «Calcola scadenza» window: a tab for one term, a tab for the expert's term chain."""

from __future__ import annotations

import ttkbootstrap as ttk

from cliens_tk.i18n import _
from cliens_tk.services.deadline_calc import DeadlineCalcService
from cliens_tk.ui.deadline_calc.expert_tab import ExpertTab
from cliens_tk.ui.deadline_calc.term_tab import TermTab


class DeadlineCalculatorWindow(ttk.Toplevel):
    def __init__(self, ctx):
        super().__init__(title=_("Calcola scadenza"), minsize=(720, 520))
        self.ctx = ctx
        self.service = DeadlineCalcService(ctx.services.archive)
        self.notebook = ttk.Notebook(self)
        self.notebook.pack(fill="both", expand=True, padx=6, pady=6)
        self.term_tab = TermTab(self.notebook, ctx, self.service)
        self.expert_tab = ExpertTab(self.notebook, ctx, self.service)
        self.notebook.add(self.term_tab, text=_("Scadenza"), underline=0)
        self.notebook.add(self.expert_tab, text=_("Termini del consulente (art. 195)"), underline=0)
        self.notebook.enable_traversal()
        ttk.Label(self, text=_("Ctrl+Invio crea la scadenza · Esc chiude"), bootstyle="secondary").pack(
            anchor="w", padx=8, pady=(0, 6))
        self.bind("<Escape>", lambda _e: self.destroy())
        self.bind("<Control-Return>", lambda _e: self.save_current())
        self.term_tab.amount.focus_set()
        from cliens_tk.ui.bus import AGENDA_CHANGED

        self._unsubscribe = ctx.bus.subscribe(AGENDA_CHANGED, self._agenda_changed)
        self.bind("<Destroy>", self._destroyed, add="+")

    def _agenda_changed(self, **_data) -> None:
        """A hearing may have moved or appeared: refresh the starts offered and the chain shown."""
        if not self.winfo_exists():
            return
        self.term_tab.refresh_starts()
        self.expert_tab.refresh_starts()
        chain = self.expert_tab.chain
        if chain is not None:
            alive = next((a for a in chain.activities if a is not None), None)
            if alive is None or not self.expert_tab.show_chain(alive.id):
                self.expert_tab.chain = None
                self.expert_tab.chain_frame.grid_remove()

    def _destroyed(self, event) -> None:
        if event.widget is self:
            self._unsubscribe()

    def save_current(self) -> None:
        if self.notebook.select() == str(self.expert_tab):
            self.expert_tab.create()
        else:
            self.term_tab.save()

    def show_expert_tab(self) -> None:
        self.notebook.select(self.expert_tab)

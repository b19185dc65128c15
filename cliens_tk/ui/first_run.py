"""First start (seed guide, chapter 2): the start view and the first-run wizard.

The wizard asks for the user's codice fiscale (PolisWeb sends it as the user's identity and
compares it with the smart card's certificate) and offers the demo archive or an empty one.
Unlike the commercial product there is no licence or activation code: Cliens TK is free software.
"""

from __future__ import annotations

import tkinter
from dataclasses import dataclass
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk.domain.tax_code import TaxCodeError, validate
from cliens_tk.i18n import _


@dataclass(frozen=True)
class FirstRunChoice:
    tax_code: str | None
    demo: bool


class StartView(ttk.Frame):
    """What the first window shows while the archive opens (a fraction of a second)."""

    def __init__(self, master):
        super().__init__(master, padding=40)
        ttk.Label(self, text="Cliens TK", font=("TkDefaultFont", 22, "bold")).pack(anchor="center")
        self.message = ttk.Label(self, text=_("Apertura dell'archivio…"), bootstyle="secondary")
        self.message.pack(anchor="center", pady=(12, 0))

    def set_message(self, text: str) -> None:
        self.message.configure(text=text)


def _ask_leave(parent) -> bool:
    from ttkbootstrap.dialogs import Messagebox

    leave, stay = _("Esci"), _("Resta")
    answer = Messagebox.show_question(
        _("Uscire senza creare l'archivio?\n\nAl prossimo avvio queste domande verranno riproposte."),
        title=_("Primo avvio"), parent=parent, buttons=[f"{stay}:secondary", f"{leave}:primary"], localize=False)
    return answer == leave


class FirstRunWizard(ttk.Frame):
    """Two steps: 1. codice fiscale, 2. demo or empty archive.

    ``on_finish(wizard, FirstRunChoice)`` and ``on_cancel(wizard)`` are called on the Tk thread;
    ``ask_leave(parent) -> bool`` confirms leaving (injectable for tests).
    Keys: Enter = next / start, Escape = cancel, Alt+Left = back.
    """

    def __init__(self, master, on_finish: Callable, on_cancel: Callable,
                 ask_leave: Callable[[object], bool] = _ask_leave):
        super().__init__(master, padding=24)
        self.on_finish = on_finish
        self.on_cancel = on_cancel
        self.ask_leave = ask_leave
        self.tax_code = tkinter.StringVar(self)
        self.archive_kind = tkinter.StringVar(self, value="demo")
        self._toplevel = self.winfo_toplevel()
        self._previous_close = self._toplevel.tk.call("wm", "protocol", self._toplevel._w, "WM_DELETE_WINDOW")
        self._toplevel.protocol("WM_DELETE_WINDOW", self.cancel)
        ttk.Label(self, text=_("Benvenuto in Cliens TK"), font=("TkDefaultFont", 18, "bold")).pack(anchor="w")
        self.step_label = ttk.Label(self, bootstyle="secondary")
        self.step_label.pack(anchor="w", pady=(2, 12))
        self.body = ttk.Frame(self)
        self.body.pack(fill="both", expand=True)
        self._build_tax_code_step()
        self._build_archive_step()
        buttons = ttk.Frame(self)
        buttons.pack(fill="x", pady=(18, 0))
        self.cancel_button = ttk.Button(buttons, text=_("Annulla"), bootstyle="secondary-outline",
                                        command=self.cancel)
        self.cancel_button.pack(side="left")
        self.next_button = ttk.Button(buttons, text=_("Avanti ›"), bootstyle="primary", command=self.next)
        self.next_button.pack(side="right")
        self.back_button = ttk.Button(buttons, text=_("‹ Indietro"), bootstyle="secondary", command=self.back)
        self.back_button.pack(side="right", padx=(0, 8))
        for sequence, handler in (("<Return>", self.next), ("<KP_Enter>", self.next), ("<Escape>", self.cancel),
                                  ("<Alt-Left>", self.back)):
            self._toplevel.bind(sequence, lambda event, h=handler: h(), add="+")
        self.step = 1
        self._show_step(1)

    # -- layout ----------------------------------------------------------------------------
    def _build_tax_code_step(self) -> None:
        step = self.tax_code_step = ttk.Frame(self.body)
        ttk.Label(step, wraplength=460, justify="left", text=_(
            "Scrivere il proprio codice fiscale. Serve per consultare PolisWeb: viene inviato al Punto di "
            "Accesso e confrontato con il certificato della smart card al momento dello scaricamento.")).pack(
            anchor="w")
        ttk.Label(step, text=_("Codice fiscale"), font=("TkDefaultFont", 10, "bold")).pack(anchor="w", pady=(14, 2))
        self.tax_code_entry = ttk.Entry(step, textvariable=self.tax_code, width=24, font=("TkFixedFont", 13))
        self.tax_code_entry.pack(anchor="w")
        self.tax_code_message = ttk.Label(step, text="", wraplength=460, justify="left")
        self.tax_code_message.pack(anchor="w", pady=(6, 0))
        ttk.Label(step, wraplength=460, justify="left", bootstyle="secondary", text=_(
            "Non serve alcun codice di attivazione o licenza: Cliens TK è software libero e funziona anche "
            "senza connessione a Internet.")).pack(anchor="w", pady=(14, 0))
        self.tax_code.trace_add("write", lambda *args: self._live_check())

    def _build_archive_step(self) -> None:
        step = self.archive_step = ttk.Frame(self.body)
        ttk.Label(step, wraplength=460, justify="left",
                  text=_("Con quale archivio iniziare?")).pack(anchor="w")
        self.demo_radio = ttk.Radiobutton(step, variable=self.archive_kind, value="demo",
                                          text=_("Archivio dimostrativo: fascicoli e udienze inventati, per provare "
                                                 "il programma"))
        self.demo_radio.pack(anchor="w", pady=(12, 4))
        self.empty_radio = ttk.Radiobutton(step, variable=self.archive_kind, value="empty",
                                           text=_("Archivio vuoto: per iniziare subito con i propri fascicoli"))
        self.empty_radio.pack(anchor="w", pady=4)
        for radio in (self.demo_radio, self.empty_radio):  # arrows move the choice, as in other toolkits
            radio.bind("<Down>", lambda event: self._choose("empty"))
            radio.bind("<Up>", lambda event: self._choose("demo"))
        ttk.Label(step, wraplength=460, justify="left", bootstyle="secondary", text=_(
            "L'archivio dimostrativo è segnalato come tale in ogni finestra. Per passare poi a un archivio "
            "vero basta avviare il programma con un'altra cartella dati.")).pack(anchor="w", pady=(12, 0))

    def _show_step(self, step: int) -> None:
        self.step = step
        self.tax_code_step.pack_forget()
        self.archive_step.pack_forget()
        if step == 1:
            self.tax_code_step.pack(fill="both", expand=True)
            self.step_label.configure(text=_("Passo 1 di 2: il codice fiscale"))
            self.next_button.configure(text=_("Avanti ›"))
            self.back_button.configure(state="disabled")
            self.tax_code_entry.focus_set()
        else:
            self.archive_step.pack(fill="both", expand=True)
            self.step_label.configure(text=_("Passo 2 di 2: l'archivio"))
            self.next_button.configure(text=_("Inizia"))
            self.back_button.configure(state="normal")
            (self.demo_radio if self.archive_kind.get() == "demo" else self.empty_radio).focus_set()

    def _choose(self, kind: str) -> None:
        self.archive_kind.set(kind)
        (self.demo_radio if kind == "demo" else self.empty_radio).focus_set()

    def focus_first(self) -> None:
        self.tax_code_entry.focus_set()

    # -- behaviour -------------------------------------------------------------------------
    def _live_check(self) -> None:
        """Say «valid» as soon as 16 characters make a valid code; errors wait for «Avanti»."""
        text = "".join(self.tax_code.get().split())
        if len(text) == 16:
            try:
                validate(text)
                self.tax_code_message.configure(text=_("✓ Codice fiscale valido"), bootstyle="success")
                return
            except TaxCodeError:
                pass
        self.tax_code_message.configure(text="", bootstyle="default")

    def next(self) -> None:
        if not self.winfo_exists():
            return
        if self.step == 1:
            try:
                code = validate(self.tax_code.get())
            except TaxCodeError as exc:
                self.tax_code_message.configure(text=str(exc), bootstyle="danger")
                self.tax_code_entry.focus_set()
                return
            self.tax_code.set(code)
            self._show_step(2)
            return
        self._finish(FirstRunChoice(self.tax_code.get(), self.archive_kind.get() == "demo"))

    def back(self) -> None:
        if self.winfo_exists() and self.step == 2:
            self._show_step(1)

    def cancel(self) -> None:
        if not self.winfo_exists():
            return
        if not self.ask_leave(self._toplevel):
            return
        self._release_toplevel()
        self.on_cancel(self)

    def _finish(self, choice: FirstRunChoice) -> None:
        self._release_toplevel()
        self.on_finish(self, choice)

    def _release_toplevel(self) -> None:
        """Give the window back its own close button and keys (the main window comes next)."""
        top = self._toplevel
        top.tk.call("wm", "protocol", top._w, "WM_DELETE_WINDOW", self._previous_close)
        for sequence in ("<Return>", "<KP_Enter>", "<Escape>", "<Alt-Left>"):
            top.unbind(sequence)

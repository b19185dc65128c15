"""Updates in the windows (seed guide, chapter 3): the check at start, the offer, the download
with its progress bar, and the list of changes shown once after an update.

The check runs on the task runner and stays silent when the server cannot be reached; only what the
user started (a download) reports its failures, always saying that the current version keeps
working. The files are handled by ``services.updates``.
"""

from __future__ import annotations

import logging
import tkinter
from pathlib import Path
from typing import Callable

import ttkbootstrap as ttk

from cliens_tk import __version__
from cliens_tk.i18n import _

log = logging.getLogger(__name__)


def make_service(ctx, directory: Path):
    from cliens_tk.services.updates import UpdateService

    return UpdateService.for_data_dir(directory, ctx.services.settings)


def start_update_check(ctx, directory: Path, on_restart: Callable[[], None], service=None,
                       frozen: bool | None = None) -> None:
    """Background check at start, unless disabled in the settings."""
    from cliens_tk.services.updates import UpdateError, UpdateUnavailable, is_frozen

    service = service or make_service(ctx, directory)
    if not service.enabled:
        log.info("update check disabled in the settings")
        return
    frozen = is_frozen() if frozen is None else frozen
    worker_service = service.settings_snapshot()  # the worker must not read the archive through it

    def check(job):
        staged = worker_service.staged()
        if staged is not None:
            return "staged", staged
        try:
            return "release", worker_service.check()
        except UpdateUnavailable:
            return "offline", None  # expected when off-line: not an error for the log

    def done(result) -> None:
        kind, value = result
        if value is None or not ctx.root.winfo_exists():
            return
        dialog = UpdateDialog(ctx, worker_service, frozen, on_restart)
        if kind == "staged":
            dialog.show_ready(value.release)
        else:
            dialog.show_offer(value)

    def failed(exc, text) -> None:
        if isinstance(exc, UpdateError):
            log.warning("update check refused: %s", exc)

    ctx.tasks.submit(check, on_done=done, on_error=failed, name="update-check")


def show_installed_changes(ctx, directory: Path, service=None) -> "ChangesDialog | None":
    """After an update: its list of changes, once."""
    service = service or make_service(ctx, directory)
    pending = service.pending_changes()
    if pending is None:
        return None
    service.forget_changes()
    version, changes = pending
    return ChangesDialog(ctx.root, version, changes)


def _bullets(changes) -> str:
    return "\n".join(f"•  {line}" for line in changes) or _("(nessuna nota)")


class ChangesDialog(ttk.Toplevel):
    def __init__(self, master, version: str, changes: list[str]):
        super().__init__(master=master, title=_("Cliens TK aggiornato"), resizable=(False, False), iconphoto=None)
        self.transient(master)
        body = ttk.Frame(self, padding=20)
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=_("Cliens TK è stato aggiornato alla versione {version}.").format(version=version),
                  font=("TkDefaultFont", 12, "bold")).pack(anchor="w")
        ttk.Label(body, text=_("Novità:")).pack(anchor="w", pady=(10, 2))
        self.changes_label = ttk.Label(body, text=_bullets(changes), wraplength=480, justify="left")
        self.changes_label.pack(anchor="w")
        self.ok_button = ttk.Button(body, text=_("OK"), command=self.destroy, bootstyle="primary")
        self.ok_button.pack(anchor="e", pady=(16, 0))
        self.bind("<Return>", lambda event: self.destroy())
        self.bind("<Escape>", lambda event: self.destroy())
        self.ok_button.focus_set()


class UpdateDialog(ttk.Toplevel):
    """Offer -> download with progress -> ready (restart now or later), or the reason of a refusal."""

    def __init__(self, ctx, service, frozen: bool, on_restart: Callable[[], None]):
        super().__init__(master=ctx.root, title=_("Aggiornamento di Cliens TK"), resizable=(False, False),
                         iconphoto=None)
        self.transient(ctx.root)
        self.ctx = ctx
        self.service = service
        self.frozen = frozen
        self.on_restart = on_restart
        self.job = None
        self.body = ttk.Frame(self, padding=20)
        self.body.pack(fill="both", expand=True)
        self.title_label = ttk.Label(self.body, font=("TkDefaultFont", 12, "bold"), wraplength=480, justify="left")
        self.title_label.pack(anchor="w")
        self.text_label = ttk.Label(self.body, wraplength=480, justify="left")
        self.text_label.pack(anchor="w", pady=(10, 0))
        self.progress = ttk.Progressbar(self.body, mode="determinate", maximum=100, length=420)
        self.progress_label = ttk.Label(self.body, bootstyle="secondary")
        self.buttons = ttk.Frame(self.body)
        self.buttons.pack(fill="x", pady=(16, 0))
        self.bind("<Escape>", lambda event: self.close())
        self.protocol("WM_DELETE_WINDOW", self.close)

    # -- states ----------------------------------------------------------------------------
    def _set_buttons(self, *specs) -> dict[str, ttk.Button]:
        for child in self.buttons.winfo_children():
            child.destroy()
        made = {}
        for index, (key, text, command, style) in enumerate(specs):
            button = ttk.Button(self.buttons, text=text, command=command, bootstyle=style)
            button.pack(side="right", padx=(8, 0))
            made[key] = button
            if index == 0:
                button.focus_set()
                self.bind("<Return>", lambda event, c=command: c())
        self.actions = made
        return made

    def show_offer(self, release) -> None:
        self.release = release
        self.title_label.configure(text=_("È disponibile la versione {new} di Cliens TK (questa è la {old}).").format(
            new=release.version, old=self.service.current_version or __version__))
        novelty = _("Novità:") + "\n" + _bullets(release.changes)
        if self.frozen:
            self.text_label.configure(text=novelty + "\n\n" + _(
                "L'aggiornamento viene scaricato e controllato (firma e impronta); sarà installato al prossimo "
                "avvio. Dimensione: {size:.1f} MB.").format(size=release.size / 1e6))
            self._set_buttons(("download", _("Scarica"), self.download, "primary"),
                              ("later", _("Più tardi"), self.close, "secondary"))
        else:
            self.text_label.configure(text=novelty + "\n\n" + _(
                "Questa copia è installata dai sorgenti: aggiornarla con pip o git, come è stata installata."))
            self._set_buttons(("close", _("Chiudi"), self.close, "primary"))

    def download(self) -> None:
        from cliens_tk.services.updates import UpdateError

        self.progress.pack(fill="x", pady=(12, 2))
        self.progress_label.pack(anchor="w")
        self.progress_label.configure(text=_("Scaricamento in corso…"))
        self._set_buttons(("cancel", _("Annulla"), self.cancel_download, "secondary"))
        release, service = self.release, self.service
        last = {"percent": -1}

        def work(job):
            def progress(done: int, total: int) -> None:
                percent = int(done * 100 / total) if total else 0
                if percent != last["percent"]:
                    last["percent"] = percent
                    job.progress((done, total))

            return service.download(release, progress=progress, cancelled=lambda: job.cancelled)

        def failed(exc, text) -> None:
            if isinstance(exc, UpdateError):
                self.show_refused(str(exc))
            else:
                self.show_refused(_("Errore imprevisto durante l'aggiornamento: {error}").format(error=exc))

        self.job = self.ctx.tasks.submit(work, on_done=lambda staged: self.show_ready(staged.release),
                                         on_error=failed, on_progress=self._on_progress, name="update-download")

    def _on_progress(self, info) -> None:
        if not self.winfo_exists():
            return
        done, total = info
        self.progress.configure(value=done * 100 / total if total else 0)
        self.progress_label.configure(text=_("{done:.1f} MB di {total:.1f} MB").format(done=done / 1e6,
                                                                                      total=total / 1e6))

    def cancel_download(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def show_ready(self, release) -> None:
        if not self.winfo_exists():
            return
        self.job = None
        self.progress.pack_forget()
        self.progress_label.pack_forget()
        self.title_label.configure(text=_("La versione {version} è pronta.").format(version=release.version))
        self.text_label.configure(text=_(
            "Firma e impronta controllate. L'aggiornamento sarà installato al prossimo avvio del programma; "
            "«Riavvia ora» lo installa subito (le finestre aperte si chiudono, i dati salvati non cambiano)."))
        self._set_buttons(("restart", _("Riavvia ora"), self.restart, "primary"),
                          ("later", _("Più tardi"), self.close, "secondary"))

    def show_refused(self, message: str) -> None:
        if not self.winfo_exists():
            return
        self.job = None
        self.progress.pack_forget()
        self.progress_label.pack_forget()
        self.title_label.configure(text=_("Aggiornamento non installato"), bootstyle="danger")
        self.text_label.configure(text=message + "\n\n" + _("La versione attuale continua a funzionare."))
        self._set_buttons(("close", _("Chiudi"), self.close, "primary"))

    def restart(self) -> None:
        self.destroy()
        self.on_restart()

    def close(self) -> None:
        if self.job is not None:
            self.job.cancel()
        try:
            self.destroy()
        except tkinter.TclError:
            pass

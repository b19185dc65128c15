"""The "Scarica PolisWeb" button (guide 7.4) and "Elimina tutti i dati PolisWeb" (7.5).

The download runs on the task runner's worker; the agenda's bottom bar shows the office and
register being read and how far along it is, with a cancel button; new green hearings appear in
the open agenda as they arrive (the agenda refreshes on AGENDA_CHANGED, published at most every
half second), and the user keeps working in every window meanwhile.
"""

from __future__ import annotations

import time

from ttkbootstrap.dialogs import Messagebox

from cliens_tk.i18n import _
from cliens_tk.ui.widgets import dialogs
from cliens_tk.ui.bus import AGENDA_CHANGED, CASES_CHANGED

REFRESH_EVERY = 0.5  # seconds between live agenda refreshes during a download
TITLE = "Scarica PolisWeb"


class _Bar:
    """The agenda's bottom bar, or nothing when the download was started elsewhere."""

    def __init__(self, window):
        self.window = window if window is not None and hasattr(window, "show_progress") else None

    def _alive(self) -> bool:
        try:
            return self.window is not None and bool(self.window.winfo_exists())
        except Exception:
            return False

    def show(self, text: str, fraction: float | None) -> None:
        if self._alive():
            self.window.show_progress(text, fraction)

    def cancel_with(self, handler) -> None:
        if self._alive():
            self.window.set_cancel_handler(handler)

    def finish(self, status: str) -> None:
        if self._alive():
            self.window.set_cancel_handler(None)
            self.window.hide_progress()
            self.window.set_status(status)


def start_download(ctx, agenda_window=None, *, show=None):
    """Start a download (PIN or OTP code asked first). Returns the job, or None if not started.

    ``show(kind, text)`` reports the outcome (tests pass their own; default: a message box).
    """
    from cliens_tk.polisweb.access import AccessCancelled
    from cliens_tk.services.download import DownloadEngine
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService
    from cliens_tk.ui.polisweb.access_flow import _user_message, open_credentials

    parent = agenda_window or ctx.root
    show = show or (lambda kind, text: _message(parent, kind, text))
    if getattr(ctx, "download_job", None) is not None:
        show("info", _("Uno scaricamento PolisWeb è già in corso: attendere che finisca o annullarlo."))
        return None
    settings = PolisWebSettingsService(ctx.services)
    if not settings.targets():
        show("warning", _("Non ci sono registri da scaricare. Aprire «Configura PolisWeb» dal menu PolisWeb, "
                          "aggiungere gli uffici da consultare e spuntare almeno un registro."))
        return None
    try:
        credentials, code = open_credentials(ctx, parent, settings.access())
        client = settings.client(ask_otp_code=lambda: code, credentials=credentials)
    except AccessCancelled:
        return None
    except Exception as exc:  # every failure becomes a message
        show("error", _user_message(exc))
        return None

    bar = _Bar(agenda_window)
    last_refresh = [0.0]

    def work(job):
        engine = DownloadEngine(ctx.services, client, on_progress=job.progress, cancel=job.cancel_event)
        return engine.run()

    def progress(info) -> None:
        bar.show(info.text, info.fraction)
        now = time.monotonic()
        if info.new_activity_ids and now - last_refresh[0] >= REFRESH_EVERY:
            last_refresh[0] = now
            ctx.bus.publish(AGENDA_CHANGED)

    def finished(summary) -> None:
        ctx.download_job = None
        bar.finish(_("Ultimo scaricamento PolisWeb: {result}").format(
            result=_("riuscito") if summary.ok else _("con errori")))
        ctx.bus.publish(AGENDA_CHANGED)
        ctx.bus.publish(CASES_CHANGED)
        show("info" if summary.ok else "warning", summary.text())

    def failed(exc, _trace) -> None:
        ctx.download_job = None
        client.close()
        bar.finish(_("Scaricamento PolisWeb non riuscito"))
        ctx.bus.publish(AGENDA_CHANGED)
        show("error", _user_message(exc))

    job = ctx.tasks.submit(work, on_done=finished, on_error=failed, on_progress=progress, name="polisweb-download")
    ctx.download_job = job
    bar.show(_("Collegamento a PolisWeb…"), None)
    bar.cancel_with(job.cancel)
    return job


def confirm_purge(ctx, parent=None, *, ask=None, show=None):
    """Delete every PolisWeb activity and registry record after confirmation (7.5)."""
    from cliens_tk.services.download_apply import purge_polisweb_data

    parent = parent or ctx.root
    show = show or (lambda kind, text: _message(parent, kind, text))
    if getattr(ctx, "download_job", None) is not None:
        show("info", _("Attendere la fine dello scaricamento PolisWeb in corso."))
        return False
    question = _("Eliminare tutti i dati PolisWeb?\n\nVerranno rimosse dall'agenda tutte le attività PolisWeb "
                 "(verdi) e dall'archivio tutti i dati di cancelleria. I fascicoli personali e le attività "
                 "personali restano. Il prossimo scaricamento riscaricherà tutto.")
    ask = ask or (lambda text: dialogs.confirm(parent, text, _("Elimina tutti i dati PolisWeb"), _("Elimina")))
    if not ask(question):
        return False
    ctx.services.archive.backup(reason="before-purge")
    activities, records = purge_polisweb_data(ctx.services)
    ctx.bus.publish(AGENDA_CHANGED)
    ctx.bus.publish(CASES_CHANGED)
    show("info", _("Eliminati {a} attività PolisWeb e {r} dati di cancelleria. Una copia di sicurezza "
                   "dell'archivio è stata salvata prima dell'eliminazione.").format(a=activities, r=records))
    return True


def _message(parent, kind: str, text: str) -> None:
    if kind == "error":
        Messagebox.show_error(text, title=_(TITLE), parent=parent)
    elif kind == "warning":
        Messagebox.show_warning(text, title=_(TITLE), parent=parent)
    else:
        Messagebox.show_info(text, title=_(TITLE), parent=parent)

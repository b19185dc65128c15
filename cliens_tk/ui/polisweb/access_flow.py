"""Running PolisWeb work from a window: card PIN (or OTP code) asked on the Tk thread, the network
work on the task runner's worker, a progress window meanwhile, the outcome as a message.

The smart card is logged in here, on the Tk thread, because the PIN dialog must be shown before
the login and the login must happen exactly once; the logged-in credentials then go to the worker.
"""

from __future__ import annotations

import ttkbootstrap as ttk
from ttkbootstrap.dialogs import Messagebox

from cliens_tk.i18n import _
from cliens_tk.ui.polisweb import pin_dialog


def show_info(parent, text: str, title: str) -> None:
    Messagebox.show_info(text, title=title, parent=parent)


def show_error(parent, text: str, title: str) -> None:
    Messagebox.show_error(text, title=title, parent=parent)


class ProgressWindow(ttk.Toplevel):
    def __init__(self, parent, title: str, text: str):
        super().__init__(master=parent, title=title)
        self.transient(parent)
        frame = ttk.Frame(self, padding=15)
        frame.pack(fill="both", expand=True)
        self.label = ttk.Label(frame, text=text, width=50)
        self.label.pack(anchor="w")
        self.bar = ttk.Progressbar(frame, mode="indeterminate", length=320)
        self.bar.pack(fill="x", pady=(10, 0))
        self.bar.start(15)

    def set_text(self, text: str) -> None:
        if self.winfo_exists():
            self.label.configure(text=str(text))

    def close(self) -> None:
        if self.winfo_exists():
            self.bar.stop()
            self.destroy()


def _user_message(exc: BaseException) -> str:
    from cliens_tk.polisweb.access import access_errors

    if isinstance(exc, access_errors()):
        return str(exc)
    return _("Errore imprevisto: {error}. Il dettaglio è nel file di registro.").format(error=exc)


def open_credentials(ctx, parent, config):
    """(credentials, otp code) for ``config``: the card logged in after the PIN dialog, or the OTP
    code typed; (None, None) for PEM files (opened by the client). Raises AccessCancelled."""
    from cliens_tk.polisweb.access import AccessCancelled, AccessMode
    from cliens_tk.security.token import Token

    if config.mode is AccessMode.OTP:
        code = pin_dialog.ask_otp_code(parent)
        if code is None:
            raise AccessCancelled()
        return None, code
    if config.mode is AccessMode.PEM:
        return None, None
    token = Token(config.pkcs11_module or None, config.token_label or None)
    try:
        status = token.pin_status()
        pin = pin_dialog.ask_pin(parent, status, token.label)
        if status.locked or pin is None:  # the dialog already said the card is locked
            raise AccessCancelled()
        return token.login(pin), None
    except BaseException:
        token.close()
        raise


def run_with_client(ctx, parent, work, on_done, title: str, text: str):
    """Ask the PIN/OTP code, then run ``work(client, job)`` on the worker with a progress window;
    ``on_done(result)`` runs on the Tk thread. Errors end as an Italian message. Returns the job
    (None if nothing started)."""
    from cliens_tk.polisweb.access import AccessCancelled
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService

    settings = PolisWebSettingsService(ctx.services)
    try:
        config = settings.access()
        credentials, code = open_credentials(ctx, parent, config)
        client = settings.client(ask_otp_code=lambda: code, credentials=credentials)
    except AccessCancelled:
        return None
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        show_error(parent, _user_message(exc), title)
        return None
    progress = ProgressWindow(parent, title, text)

    def job_function(job):
        with client:
            return work(client, job)

    def done(result) -> None:
        progress.close()
        on_done(result)

    def failed(exc, _trace) -> None:
        progress.close()
        client.close()
        show_error(parent, _user_message(exc), title)

    return ctx.tasks.submit(job_function, on_done=done, on_error=failed, on_progress=progress.set_text,
                            name=title)

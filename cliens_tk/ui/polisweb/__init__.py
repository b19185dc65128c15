"""PolisWeb windows and the actions of the agenda's PolisWeb menu (guide 7.1-7.3).

Entry points (called lazily by the agenda): ``open_office_list_update``, ``open_otp_settings``,
``open_otp_page``, ``open_polisweb_settings``, ``start_download``, ``confirm_purge``.
"""

from __future__ import annotations

import webbrowser


def open_polisweb_settings(ctx):
    """«Configura PolisWeb»: one settings window (raised if already open)."""
    from cliens_tk.ui.polisweb.settings_window import PolisWebSettingsWindow

    return PolisWebSettingsWindow.open(ctx)


def open_office_list_update(ctx, parent=None):
    """«Aggiorna elenchi ministeriali»: fetch the catalogue with progress, then report the change."""
    from cliens_tk.ui.polisweb.office_update import start_office_list_update

    return start_office_list_update(ctx, parent or ctx.root)


def open_otp_settings(ctx):
    """«Configura OTP»: username and password of the OTP device, kept in the OS keyring."""
    from cliens_tk.ui.polisweb.otp_window import OtpWindow

    return OtpWindow(ctx)


def open_otp_page(ctx, open_url=webbrowser.open) -> str:
    """«Pagina gestione OTP»: the configured management page, in the browser."""
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService

    url = PolisWebSettingsService(ctx.services).otp_page_url()
    open_url(url)
    return url


def start_download(ctx, agenda_window=None, **kwargs):
    """«Scarica PolisWeb» (7.4): runs in the background with progress in the agenda's bottom bar."""
    from cliens_tk.ui.polisweb.download import start_download as start

    return start(ctx, agenda_window, **kwargs)


def confirm_purge(ctx, parent=None, **kwargs):
    """«Elimina tutti i dati PolisWeb» (7.5), after confirmation."""
    from cliens_tk.ui.polisweb.download import confirm_purge as purge

    return purge(ctx, parent, **kwargs)

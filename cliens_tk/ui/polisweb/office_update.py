"""«Aggiorna elenchi ministeriali» from a window: progress while the catalogue downloads, then a
message with what changed (the old list stays if anything fails)."""

from __future__ import annotations

from cliens_tk.i18n import _
from cliens_tk.ui.polisweb import access_flow

TITLE = "Aggiorna elenchi ministeriali"


def start_office_list_update(ctx, parent, on_finished=None):
    from cliens_tk.services.polisweb_offices import update_office_list

    def work(client, job):
        return update_office_list(ctx.services, client, progress=job.progress)

    def done(result) -> None:
        access_flow.show_info(parent, result.message(), _(TITLE))
        if on_finished:
            on_finished(result)

    return access_flow.run_with_client(ctx, parent, work, done, _(TITLE),
                                       _("Collegamento al catalogo degli uffici giudiziari..."))

"""The background exporter: sends queued agenda changes to the on-line calendar, never blocking the UI.

It looks at the outbox shortly after every AGENDA_CHANGED and every few seconds (changes made by
another process, e.g. ``cliens-tk`` commands, show up only there); when something is due it runs
one sync job through the task runner. After a failure the service's back-off time is respected.
"""

from __future__ import annotations

import logging

from cliens_tk.services.export import ExportService, SyncResult
from cliens_tk.ui.bus import AGENDA_CHANGED

log = logging.getLogger(__name__)

EXPORT_STATUS_CHANGED = "export-status-changed"  # published with text=<the status line>
POLL_MS = 3000
AFTER_CHANGE_MS = 700  # lets a burst of changes (a download, an import) go out as one batch
CHANGES_PER_JOB = 200  # a long export is split so other jobs of the worker are not held up


class ExportScheduler:
    def __init__(self, ctx, service: ExportService | None = None, poll_ms: int = POLL_MS,
                 after_change_ms: int = AFTER_CHANGE_MS):
        self.ctx = ctx
        self.service = service or ExportService(ctx.services.archive)
        self.poll_ms = poll_ms
        self.after_change_ms = after_change_ms
        self.job = None
        self.last_result: SyncResult | None = None
        self._after_id: str | None = None
        self._stopped = False
        self._unsubscribe = ctx.bus.subscribe(AGENDA_CHANGED, self._on_agenda_changed)
        self._schedule(self.after_change_ms)

    @property
    def running(self) -> bool:
        return self.job is not None

    def _schedule(self, delay_ms: int) -> None:
        if self._stopped:
            return
        self._cancel()
        try:
            self._after_id = self.ctx.root.after(delay_ms, self._tick)
        except Exception:  # the root is gone
            self._stopped = True

    def _cancel(self) -> None:
        if self._after_id is not None:
            try:
                self.ctx.root.tk.call("after", "cancel", self._after_id)
            except Exception:
                pass
            self._after_id = None

    def _on_agenda_changed(self, **_data) -> None:
        self._schedule(self.after_change_ms)

    def _tick(self) -> None:
        self._after_id = None
        try:
            if not self.running and self.service.is_due():
                self.run_now()
        except Exception:  # a locked archive now must not stop the exporter for good
            log.exception("export check failed")
        self._schedule(self.poll_ms)

    def run_now(self, on_done=None, on_progress=None, full: bool = False, force: bool = False) -> None:
        """Start a sync job now (or a full export with ``full``); ignored if one is running."""
        if self.running:
            return

        def work(job):
            report = (lambda done, total: job.progress((done, total))) if on_progress else None
            if full:
                return self.service.full_export(progress=report, force=force)
            return self.service.sync(max_changes=CHANGES_PER_JOB, progress=report)

        def done(result: SyncResult) -> None:
            self.job = None
            self.last_result = result
            self._publish()
            if on_done:
                on_done(result)
            if result.pending and not result.error:
                self._schedule(50)

        def failed(exc: BaseException, text: str) -> None:
            self.job = None
            self._publish()
            if on_done:
                on_done(exc)

        self.job = self.ctx.tasks.submit(work, on_done=done, on_error=failed, on_progress=on_progress,
                                         name="calendar-export")

    def status_text(self) -> str:
        return self.service.status().text()

    def _publish(self) -> None:
        try:
            self.ctx.bus.publish(EXPORT_STATUS_CHANGED, text=self.status_text())
        except Exception:
            log.exception("export status not published")

    def stop(self) -> None:
        self._stopped = True
        self._cancel()
        self._unsubscribe()

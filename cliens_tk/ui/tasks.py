"""The only way work leaves the Tk thread.

One long-lived worker thread runs jobs in order (the archive keeps one connection per thread, so a
thread per job would exhaust the pool). Jobs report progress and results through a queue; the Tk
thread drains it with ``after`` and calls the callbacks there, so workers never touch widgets.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

log = logging.getLogger(__name__)
POLL_MS = 50


class Cancelled(Exception):
    """Raised inside a job by ``Job.check_cancelled`` when the user pressed cancel."""


@dataclass
class Job:
    function: Callable[["Job"], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException, str], None] | None = None
    on_progress: Callable[[Any], None] | None = None
    name: str = "job"
    cancel_event: threading.Event = field(default_factory=threading.Event)
    _runner: "TaskRunner | None" = None

    def progress(self, info: Any) -> None:
        """Called by the job (worker thread): delivers ``info`` to ``on_progress`` on the Tk thread."""
        if self._runner is not None:
            self._runner._results.put(("progress", self, info))

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()


class TaskRunner:
    def __init__(self, tk_widget):
        self._widget = tk_widget
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._results: queue.Queue[tuple[str, Job, Any]] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="cliens-tk-worker", daemon=True)
        self._thread.start()
        self._after_id: str | None = None
        self._closed = False
        self._poll()

    def submit(self, function: Callable[[Job], Any], on_done=None, on_error=None, on_progress=None,
               name: str = "job") -> Job:
        job = Job(function, on_done, on_error, on_progress, name)
        job._runner = self
        self._jobs.put(job)
        return job

    @property
    def busy(self) -> bool:
        return self._jobs.unfinished_tasks > 0

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                self._jobs.task_done()
                return
            try:
                result = job.function(job)
                self._results.put(("done", job, result))
            except BaseException as exc:  # delivered to the Tk thread, logged there
                self._results.put(("error", job, (exc, traceback.format_exc())))
            finally:
                self._jobs.task_done()

    def _poll(self) -> None:
        if self._closed:
            return
        self.drain()
        try:
            self._after_id = self._widget.after(POLL_MS, self._poll)
        except Exception:  # the window is gone
            self._closed = True

    def drain(self) -> None:
        """Deliver pending results on the calling (Tk) thread."""
        while True:
            try:
                kind, job, payload = self._results.get_nowait()
            except queue.Empty:
                return
            try:
                if kind == "progress" and job.on_progress:
                    job.on_progress(payload)
                elif kind == "done" and job.on_done:
                    job.on_done(payload)
                elif kind == "error":
                    exc, text = payload
                    if not isinstance(exc, Cancelled):
                        log.error("job %s failed:\n%s", job.name, text)
                    if job.on_error:
                        job.on_error(exc, text)
            except Exception:
                log.exception("callback of job %s failed", job.name)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """For tests and shutdown: wait for queued jobs, then deliver their results."""
        import time

        deadline = time.monotonic() + timeout
        while self._jobs.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)
        self.drain()

    def close(self) -> None:
        self._closed = True
        self._jobs.put(None)
        if self._after_id is not None:
            try:
                self._widget.tk.call("after", "cancel", self._after_id)
            except Exception:
                pass

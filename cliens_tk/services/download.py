"""The PolisWeb download (guide 7.4): the rules of what to fetch, and the run over all registers.

Rules:
- first download of a register (never succeeded, ticked again since, or start year moved back):
  every case with role year >= the start year, with its data, history and hearings;
- later downloads: the cases modified since the previous successful download (one day of margin);
- always: the future hearings up to the end of the month after the current one, and no further.

Requests are made by a small pool of threads (polite to the public service); everything that
writes the archive runs on the calling thread, one case per transaction. A failure of one
office/register is recorded and the others go on; cancelling stops between cases.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from cliens_tk.domain.cases import RegistryRecord
from cliens_tk.domain.offices import Office, Register
from cliens_tk.i18n import _, ngettext
from cliens_tk.services.download_apply import CaseChanges, Span, apply_case, apply_window, record_from_profile

log = logging.getLogger(__name__)

DEFAULT_PARALLELISM = 3
PARALLELISM_KEY = "polisweb_parallelism"


class DownloadCancelled(Exception):
    pass


def end_of_next_month(today: dt.date) -> dt.date:
    """The last day of the month after ``today``'s: future hearings are fetched up to here."""
    first_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    first_after = (first_next + dt.timedelta(days=32)).replace(day=1)
    return first_after - dt.timedelta(days=1)


@dataclass
class Progress:
    """What the progress bar shows: the office and register being read and how far along."""

    office: str
    register: str
    done: int
    total: int
    position: int  # index of this register among all
    registers: int
    new_activity_ids: list[int] = field(default_factory=list)

    @property
    def fraction(self) -> float:
        within = self.done / self.total if self.total else 0.0
        return min(1.0, (self.position + within) / max(self.registers, 1))

    @property
    def text(self) -> str:
        if not self.total:
            return _("{office} — {register}: lettura dell'elenco dei fascicoli…").format(
                office=self.office, register=self.register)
        return _("{office} — {register}: {done} di {total} fascicoli").format(
            office=self.office, register=self.register, done=self.done, total=self.total)


@dataclass
class RegisterOutcome:
    office: Office
    register: Register
    first: bool
    cases: int = 0
    changes: CaseChanges = field(default_factory=CaseChanges)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class DownloadSummary:
    outcomes: list[RegisterOutcome] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    cancelled: bool = False
    fatal: str | None = None  # an error before any register could be read (PIN, certificate...)

    @property
    def ok(self) -> bool:
        return self.fatal is None and not self.cancelled and all(o.ok for o in self.outcomes)

    @property
    def failed(self) -> list[RegisterOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def text(self) -> str:
        """The summary shown at the end, in Italian, with what to do about failures."""
        if self.fatal:
            return _("Scaricamento PolisWeb non eseguito: {error}").format(error=self.fatal)
        lines = []
        if self.cancelled:
            lines.append(_("Scaricamento annullato: quanto già scaricato è stato salvato; il prossimo "
                           "scaricamento riprenderà da dove si è fermato."))
        cases = sum(o.cases for o in self.outcomes if o.ok)
        added = sum(o.changes.added for o in self.outcomes)
        updated = sum(o.changes.updated for o in self.outcomes)
        removed = sum(o.changes.removed for o in self.outcomes)
        lines.append(ngettext("{n} fascicolo scaricato", "{n} fascicoli scaricati", cases).format(n=cases) + "; "
                     + _("udienze: {a} nuove, {u} aggiornate, {r} rimosse.").format(a=added, u=updated, r=removed))
        for outcome in self.failed:
            lines.append(_("Non riuscito: {office}, {register} — {error}").format(
                office=outcome.office.name, register=outcome.register.label, error=outcome.error))
        if self.failed:
            lines.append(_("Gli altri registri sono stati scaricati. Riprovare più tardi «Scarica PolisWeb»: i "
                           "registri non riusciti verranno ripresi."))
        return "\n".join(lines)


class DownloadEngine:
    """One download over every ticked office/register. Runs on a worker thread."""

    def __init__(self, services, client, *, today: dt.date | None = None, parallelism: int | None = None,
                 on_progress: Callable[[Progress], None] | None = None,
                 cancel: threading.Event | None = None, clock: Callable[[], dt.datetime] = dt.datetime.now):
        from cliens_tk.services.polisweb_settings import PolisWebSettingsService
        from cliens_tk.store.polisweb import PolisWebRepository

        self.services = services
        self.client = client
        self.settings = PolisWebSettingsService(services)
        self.repo = PolisWebRepository(services.archive)
        self.today = today or dt.date.today()
        self.parallelism = max(1, parallelism or int(services.settings.get(PARALLELISM_KEY, DEFAULT_PARALLELISM)))
        self.on_progress = on_progress or (lambda progress: None)
        self.cancel = cancel or threading.Event()
        self.clock = clock
        self._requests = 0
        self._lock = threading.Lock()

    def _count(self, response, *args, **kwargs):
        with self._lock:
            self._requests += 1
        return response

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise DownloadCancelled()

    def run(self) -> DownloadSummary:
        summary = DownloadSummary()
        started = time.perf_counter()
        targets = self.settings.targets()
        if not targets:
            summary.fatal = _("nessun registro da scaricare. Aprire «Configura PolisWeb», aggiungere gli uffici e "
                              "spuntare almeno un registro.")
            return summary
        self.services.archive.backup(reason="before-download")
        self.client.pool_size = max(self.client.pool_size, self.parallelism)
        try:
            self.client.open()
        except Exception as exc:  # PIN refused, certificate, network: nothing was read
            summary.fatal = str(exc)
            summary.seconds = time.perf_counter() - started
            return summary
        self.client.session.hooks["response"].append(self._count)
        try:
            with concurrent.futures.ThreadPoolExecutor(max_workers=self.parallelism,
                                                       thread_name_prefix="polisweb") as pool:
                jobs = [_RegisterJob(self, pool, office, register, position, len(targets))
                        for position, (office, register) in enumerate(targets)]
                try:
                    for job in jobs:
                        job.start()
                    for job in jobs:
                        summary.outcomes.append(job.finish())
                        if job.outcome.error == _CANCELLED:
                            summary.cancelled = True
                finally:
                    for job in jobs:
                        job.abandon()
        finally:
            self.client.close()
        summary.requests = self._requests
        summary.seconds = time.perf_counter() - started
        return summary


class _RegisterJob:
    """One office/register: its network calls go to the shared pool as early as possible (so the
    registers' round trips overlap); its writes happen in ``finish`` on the engine's thread."""

    def __init__(self, engine: DownloadEngine, pool, office: Office, register: Register, position: int,
                 registers: int):
        self.engine = engine
        self.pool = pool
        self.office = office
        self.register = register
        self.start_year = engine.settings.start_year()
        state = engine.repo.state(office.code, register)
        self.first = state is None or state.last_download is None or state.needs_download(self.start_year)
        self.last_download = None if self.first else state.last_download.date()
        self.outcome = RegisterOutcome(office, register, self.first)
        self.progress = Progress(office.name, register.label, 0, 0, position, registers)
        today = engine.today
        last_day = end_of_next_month(today)
        self.last_day = last_day
        window_end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0))
        self.full_span = Span(dt.datetime(self.start_year, 1, 1), window_end)
        self.future_span = Span(dt.datetime.combine(today, dt.time(0)), window_end)
        self.plan: concurrent.futures.Future | None = None
        self.details: list[concurrent.futures.Future] = []
        self.started_at: dt.datetime | None = None

    # -- network (pool threads) --------------------------------------------------------------
    def start(self) -> None:
        self.started_at = self.engine.clock()
        self.engine.repo.mark_running(self.office.code, self.register, self.started_at)
        self.plan = self.pool.submit(self._fetch_plan)

    def _fetch_plan(self):
        """The case list and the register-wide hearings; then the cases' details are queued."""
        client, office, register = self.engine.client, self.office, self.register
        self._check_cancel()
        since = None if self.first else self.last_download - dt.timedelta(days=1)
        cases = client.cases(office, register, self.start_year, modified_since=since)
        self._check_cancel()
        span = self.full_span if self.first else self.future_span
        hearings = client.hearings(office, register, span.start.date(), self.last_day)
        by_role: dict[tuple[int, int], list] = {}
        for item in hearings:
            by_role.setdefault((item.year, item.number), []).append(item)
        self.details = [self.pool.submit(self._fetch_case, case, by_role) for case in cases]
        return cases, hearings

    def _fetch_case(self, case, by_role):
        self._check_cancel()
        client, office, register = self.engine.client, self.office, self.register
        profile = client.profile(office, register, case.number, case.year) or case
        history = client.history(office, register, case.number, case.year)
        if self.first:
            hearings = by_role.get((case.year, case.number), [])
        else:
            hearings = client.hearings(office, register, self.full_span.start.date(), self.last_day,
                                       number=case.number, year=case.year)
        return profile, history, hearings

    def _check_cancel(self) -> None:
        if self.engine.cancel.is_set():
            raise DownloadCancelled()

    # -- writing (the engine's thread) -------------------------------------------------------------
    def finish(self) -> RegisterOutcome:
        engine, outcome = self.engine, self.outcome
        engine.on_progress(self.progress)
        try:
            outcome.cases = self._write()
        except DownloadCancelled:
            outcome.error = _CANCELLED
            engine.repo.mark_failed(self.office.code, self.register, engine.clock(), _("scaricamento annullato"))
            return outcome
        except Exception as exc:  # one register's failure must not stop the others
            log.warning("download of %s %s failed: %s", self.office.code, self.register.value, exc)
            outcome.error = str(exc) or exc.__class__.__name__
            engine.repo.mark_failed(self.office.code, self.register, engine.clock(), outcome.error)
            return outcome
        engine.repo.mark_succeeded(self.office.code, self.register, self.started_at, self.start_year, outcome.cases)
        return outcome

    def _write(self) -> int:
        engine, progress = self.engine, self.progress
        cases, hearings = self.plan.result()
        progress.total = len(cases)
        engine.on_progress(progress)
        written: set[int] = set()
        for future in concurrent.futures.as_completed(self.details):
            profile, history, case_hearings = future.result()
            self._check_cancel()
            record: RegistryRecord = record_from_profile(profile, self.register, history)
            changes = apply_case(engine.services, self.office, record, case_hearings, self.full_span)
            written.add(record.id)
            self.outcome.changes += changes
            progress.done += 1
            progress.new_activity_ids = changes.new_activity_ids
            engine.on_progress(progress)
        self._check_cancel()
        if self.first:
            window_items = [i for i in hearings if i.when is not None and i.when in self.future_span]
        else:
            window_items = hearings
        self.outcome.changes += apply_window(engine.services, self.office, self.register, window_items,
                                             self.future_span, written)
        return len(cases)

    def abandon(self) -> None:
        """Drop queued requests (after an error or a cancel) so the pool can shut down quickly."""
        if self.plan is not None:
            self.plan.cancel()
        for future in self.details:
            future.cancel()


_CANCELLED = "cancelled"

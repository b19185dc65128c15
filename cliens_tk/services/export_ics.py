"""The agenda as an .ics file, and an .ics file into the agenda as personal activities."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from cliens_tk.export.ical import IcsError, activity_event, calendar_file, read_events
from cliens_tk.i18n import _
from cliens_tk.store.activities import ActivityRepository
from cliens_tk.store.archive import Archive
from cliens_tk.store.export import ExportRepository

MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass
class ImportResult:
    imported: int = 0
    duplicates: int = 0  # events whose UID is already in the agenda (e.g. a second import)
    recurring: int = 0
    skipped: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [_("Attività importate: {n}.").format(n=self.imported)]
        if self.duplicates:
            lines.append(_("Già presenti in agenda (non importate di nuovo): {n}.").format(n=self.duplicates))
        if self.recurring:
            lines.append(_("Eventi ripetuti importati solo alla prima data: {n}.").format(n=self.recurring))
        if self.skipped:
            lines.append(_("Eventi non importati: {n} ({first}).").format(n=len(self.skipped), first=self.skipped[0]))
        return "\n".join(lines)


def export_ics(archive: Archive, path: Path, first: dt.date | None = None, last: dt.date | None = None,
               name: str = "") -> int:
    """Write the activities with a day in [first, last] to ``path``; returns how many.

    The file is written beside the target and renamed, so a failed export never leaves half a file.
    """
    if first and last and last < first:
        raise IcsError(_("La data finale viene prima di quella iniziale."))
    pairs = ExportRepository(archive).activities_in(first, last)
    events = [e for e in (activity_event(a, ref) for a, ref in pairs) if e is not None]
    data = calendar_file(events, name=name or _("Agenda cliens-tk"))
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise IcsError(_("Impossibile scrivere il file {path}: {error}").format(path=path, error=exc.strerror)) from exc
    return len(events)


def import_ics(archive: Archive, path: Path, today: dt.date | None = None) -> ImportResult:
    """Add the events of an .ics file as personal activities, all in one transaction."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise IcsError(_("Il file {path} è troppo grande per essere un calendario.").format(path=path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise IcsError(_("File non trovato: {path}").format(path=path)) from None
    except OSError as exc:
        raise IcsError(_("Impossibile leggere il file {path}: {error}").format(path=path, error=exc.strerror)) from exc
    events = read_events(data, today)
    result = ImportResult(recurring=events.recurring, skipped=list(events.skipped))
    repo = ActivityRepository(archive)
    with archive.transaction():
        known = {r["uid"] for r in archive.read("SELECT uid FROM activity")}
        fresh = []
        for activity in events.activities:
            if activity.uid in known:
                result.duplicates += 1
                continue
            known.add(activity.uid)
            fresh.append(activity)
        if fresh:
            repo.add_many(fresh)
    result.imported = len(fresh)
    return result

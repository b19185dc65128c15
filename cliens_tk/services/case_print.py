"""Print a case: build its PDF in the data folder's «stampe» and open it with the system viewer."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Callable

from cliens_tk.i18n import _
from cliens_tk.services import system_open

PRINTS_DIR = "stampe"


class PrintError(Exception):
    """The PDF could not be written or opened; the message is for the user, in Italian."""


def prints_folder(services) -> Path:
    return Path(services.archive.data_dir) / PRINTS_DIR


def _slug(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()
    return slug[:60] or "fascicolo"


def open_with_system_viewer(path: Path) -> None:
    """Open the PDF with the system's viewer; a failure says where the file is."""
    try:
        system_open.open_with_system_viewer(path)
    except OSError as exc:
        raise PrintError(
            _("Il PDF è stato salvato in {path}, ma non è stato possibile aprirlo ({error}): "
              "aprirlo dalla cartella.").format(path=path, error=exc)
        ) from exc


def print_case(services, case_id: int | None = None, record_id: int | None = None,
               open_file: Callable[[Path], None] | None = open_with_system_viewer,
               now: dt.datetime | None = None) -> Path:
    """Write the case's PDF (without marking it as seen) and open it; returns the file."""
    from cliens_tk.export.case_pdf import write_case_pdf  # fpdf2 takes ~0.5 s to import: only when printing

    detail = services.cases.detail(case_id=case_id, record_id=record_id, mark_seen=False)
    source = detail.personal if detail.personal is not None else detail.record
    moment = now or dt.datetime.now()
    path = prints_folder(services) / f"fascicolo-{_slug(detail.title)}-{moment:%Y%m%d-%H%M%S}.pdf"
    try:
        write_case_pdf(path, personal=detail.personal, record=detail.record, activities=detail.activities,
                       office_name=services.offices.name(source.office_code), printed_at=moment)
    except OSError as exc:
        raise PrintError(
            _("Impossibile scrivere il PDF in {folder} ({error}). Controllare lo spazio libero e i permessi "
              "della cartella.").format(folder=path.parent, error=exc)
        ) from exc
    if open_file is not None:
        open_file(path)
    return path

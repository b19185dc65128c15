"""A printable PDF of one case: personal data, registry data, history and activities.

Italian text needs accents, and court data may hold any character (the euro sign, typographic
quotes, foreign names), so a Unicode TrueType font is used when one is found on the system
(DejaVu Sans on Linux, Arial on Windows and macOS). Without one, the PDF's built-in Helvetica is
used with the Windows-1252 encoding (which has the accents and the euro sign) and any other
character becomes "?": the print never fails because of a character.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path
from typing import Iterable, Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from cliens_tk.domain.activity import Activity
from cliens_tk.domain.cases import PersonalCase, RegistryRecord
from cliens_tk.i18n import _

FONT_FAMILY = "CaseFont"
CORE_FONT = "Helvetica"
CORE_ENCODING = "windows-1252"


def _font_candidates() -> list[tuple[Path, Path]]:
    pairs: list[tuple[Path, Path]] = []
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF",
                   "/usr/local/share/fonts", "/usr/share/fonts/dejavu-sans-fonts"):
        pairs.append((Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"))
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        pairs.append((fonts / "arial.ttf", fonts / "arialbd.ttf"))
        pairs.append((fonts / "segoeui.ttf", fonts / "segoeuib.ttf"))
    if sys.platform == "darwin":
        for folder in ("/System/Library/Fonts/Supplemental", "/Library/Fonts"):
            pairs.append((Path(folder) / "Arial.ttf", Path(folder) / "Arial Bold.ttf"))
    spec = importlib.util.find_spec("matplotlib")  # ships DejaVu; located without importing it
    if spec is not None and spec.submodule_search_locations:
        folder = Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf"
        pairs.append((folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"))
    return pairs


def find_unicode_font() -> tuple[Path, Path] | None:
    """A (regular, bold) TrueType pair covering Italian and more, or None."""
    for regular, bold in _font_candidates():
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if value.time() == dt.time(0) else value.strftime("%d/%m/%Y %H:%M")


def activity_when(activity: Activity) -> str:
    """The date an activity is listed under: its start, or its due date."""
    if activity.start is not None:
        if activity.all_day:
            return activity.start.strftime("%d/%m/%Y")
        return activity.start.strftime("%d/%m/%Y %H:%M")
    if activity.due_date is not None:
        return _("scade il {date}").format(date=_date(activity.due_date))
    return _("dal {date}").format(date=_date(activity.show_from))


class _CasePdf(FPDF):
    def __init__(self, title: str, printed_at: dt.datetime, font: tuple[Path, Path] | None):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.case_title = title
        self.printed_at = printed_at
        if font is not None:
            self.add_font(FONT_FAMILY, "", str(font[0]))
            self.add_font(FONT_FAMILY, "B", str(font[1]))
            self._case_family = FONT_FAMILY
        else:
            self.core_fonts_encoding = CORE_ENCODING
            self._case_family = CORE_FONT
        self._unicode_font = font is not None
        self.set_auto_page_break(True, margin=18)
        self.set_margins(15, 15, 15)
        self.set_title(title)
        self.set_creator("cliens-tk")

    def safe(self, text: str) -> str:
        if self._unicode_font:
            return text
        return text.encode(CORE_ENCODING, errors="replace").decode(CORE_ENCODING)

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self._case_family, "B" if bold else "", size)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8)
        self.set_text_color(110)
        left = self.safe(_("Fascicolo «{title}» - stampato il {date}").format(
            title=self.case_title, date=self.printed_at.strftime("%d/%m/%Y %H:%M")))
        self.cell(0, 5, left[:110], align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.safe(_("Pagina {page} di {pages}").format(page=self.page_no(), pages="{nb}")),
                  align="R")
        self.set_text_color(0)


def _heading(pdf: _CasePdf, text: str) -> None:
    pdf.ln(3)
    pdf.font(13, bold=True)
    pdf.set_fill_color(232, 238, 247)
    pdf.cell(0, 8, pdf.safe(text), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _pairs(pdf: _CasePdf, pairs: Iterable[tuple[str, str]]) -> None:
    label_width = 42
    for label, value in pairs:
        if not value:
            continue
        pdf.font(10, bold=True)
        y = pdf.get_y()
        pdf.multi_cell(label_width, 5.5, pdf.safe(label), new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.font(10)
        pdf.multi_cell(0, 5.5, pdf.safe(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if pdf.get_y() < y + 5.5:  # a page break happened inside the value
            pdf.set_y(max(pdf.get_y(), pdf.t_margin))


def _table(pdf: _CasePdf, headings: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[int]) -> None:
    pdf.font(9)
    heading_style = FontFace(emphasis="BOLD", fill_color=(245, 245, 245))
    with pdf.table(col_widths=widths, headings_style=heading_style, line_height=5, padding=1,
                   text_align="LEFT", first_row_as_headings=True) as table:
        head = table.row()
        for text in headings:
            head.cell(pdf.safe(text))
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(pdf.safe(text))


def _personal_section(pdf: _CasePdf, case: PersonalCase, office_name: str) -> None:
    _heading(pdf, _("Dati fascicolo"))
    _pairs(pdf, (
        (_("Intestazione"), case.title),
        (_("Ufficio"), office_name),
        (_("Registro"), case.register.label),
        (_("Ruolo"), str(case.role) if case.role else _("non iscritto a ruolo")),
        (_("Creato il"), _date(case.created_on)),
        (_("Annotazioni"), case.notes.strip()),
    ))


def _registry_section(pdf: _CasePdf, record: RegistryRecord, office_name: str) -> None:
    _heading(pdf, _("Dati di cancelleria"))
    parties = "\n".join(
        " - ".join(x for x in (p.name, p.kind, p.lawyer) if x) for p in record.parties
    )
    _pairs(pdf, (
        (_("Ruolo"), str(record.role)),
        (_("Ufficio"), office_name),
        (_("Registro"), record.register.label),
        (_("Attore"), record.plaintiff),
        (_("Convenuto"), record.defendant),
        (_("Parti"), parties),
        (_("Giudice"), record.judge),
        (_("Sezione"), record.section),
        (_("Oggetto"), record.subject),
        (_("Rito"), record.rite),
        (_("Stato"), record.status),
        (_("Data iscrizione"), _date(record.registered_on)),
        (_("Ultima udienza"), _moment(record.last_hearing)),
        (_("Prossima udienza"), _moment(record.next_hearing)),
        (_("Ultima modifica"), _moment(record.modified_at)),
    ))
    if record.history:
        pdf.ln(2)
        pdf.font(11, bold=True)
        pdf.cell(0, 6, pdf.safe(_("Storico del fascicolo")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        _table(pdf, (_("Data"), _("Evento")),
               ((_moment(e.when), e.description) for e in record.history), (34, 146))


def _activities_section(pdf: _CasePdf, activities: Sequence[Activity]) -> None:
    _heading(pdf, _("Attività"))
    if not activities:
        pdf.font(10)
        pdf.cell(0, 6, pdf.safe(_("Nessuna attività collegata al fascicolo.")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    rows = []
    for activity in activities:
        detail = activity.place or activity.judge
        if activity.due_date is not None and activity.done:
            detail = " - ".join(x for x in (detail, _("fatta")) if x)
        rows.append((activity_when(activity), activity.kind.label, activity.title, detail))
    _table(pdf, (_("Data"), _("Tipo"), _("Attività"), _("Luogo / note")), rows, (36, 36, 68, 40))


def write_case_pdf(path: Path, *, personal: PersonalCase | None, record: RegistryRecord | None,
                   activities: Sequence[Activity], office_name: str,
                   printed_at: dt.datetime | None = None, font: tuple[Path, Path] | None | str = "auto") -> Path:
    """Write the case to ``path`` (a PDF) and return it.

    ``font``: "auto" looks for a Unicode font; None forces the built-in Helvetica.
    """
    if personal is None and record is None:
        raise ValueError("a case print needs a personal case or registry data")
    title = personal.title if personal is not None else record.parties_title
    chosen = find_unicode_font() if font == "auto" else font
    pdf = _CasePdf(title, printed_at or dt.datetime.now(), chosen)
    pdf.add_page()
    pdf.font(17, bold=True)
    pdf.multi_cell(0, 8, pdf.safe(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(9)
    pdf.set_text_color(90)
    pdf.cell(0, 5, pdf.safe(_("Stampato il {date}").format(date=pdf.printed_at.strftime("%d/%m/%Y %H:%M"))),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    if personal is not None:
        _personal_section(pdf, personal, office_name)
    if record is not None:
        _registry_section(pdf, record, office_name)
    _activities_section(pdf, activities)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    pdf.output(str(tmp))
    os.replace(tmp, path)
    return path

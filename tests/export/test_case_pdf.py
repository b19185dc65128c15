"""The case print: a PDF whose text holds the case, its registry data and its activities."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import HistoryEvent, Party, PersonalCase, RegistryRecord, RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.export.case_pdf import write_case_pdf
from cliens_tk.services.case_print import print_case

MILANO = "0151460094"
PRINTED = dt.datetime(2026, 11, 25, 16, 30)


def _text(path) -> str:
    """The PDF's text with runs of white space made single (table cells may wrap)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _case():
    personal = PersonalCase(title="CTU Società Città & C. c/ Perù", office_code=MILANO, register=Register.CIVIL,
                            role=RoleNumber(2024, 1025), notes="Acconto ricevuto: 1.200 € «saldo» a fine perizia",
                            created_on=dt.date(2024, 3, 1), id=1)
    record = RegistryRecord(
        office_code=MILANO, register=Register.CIVIL, role=RoleNumber(2024, 1025), plaintiff="Società Città & C.",
        defendant="Perù Niccolò", parties=[Party("Società Città & C.", "Attore", lawyer="Avv. Bianchi"),
                                           Party("Perù Niccolò", "Convenuto", lawyer="Avv. Gallo")],
        judge="Dott.ssa Gialli", section="Sezione 4ª civile", subject="Appalto: vizi dell'opera",
        status="Udienza fissata", registered_on=dt.date(2024, 2, 15),
        history=[HistoryEvent(dt.datetime(2024, 2, 15, 10), "Iscrizione a ruolo"),
                 HistoryEvent(dt.datetime(2024, 6, 3, 9, 30), "Nomina CTU")],
        personal_case_id=1, seen=True, id=7)
    activities = [
        Activity(kind=ActivityKind.HEARING, title="Udienza di giuramento", start=dt.datetime(2024, 6, 20, 9, 30),
                 end=dt.datetime(2024, 6, 20, 10), place="Tribunale, aula 3", id=1),
        Activity(kind=ActivityKind.OFFICE, title="Deposito relazione", due_date=dt.date(2024, 12, 1), done=True,
                 id=2),
    ]
    return personal, record, activities


def test_the_pdf_holds_case_data_registry_data_history_and_activities(tmp_path):
    personal, record, activities = _case()
    path = write_case_pdf(tmp_path / "case.pdf", personal=personal, record=record, activities=activities,
                          office_name="Tribunale di Milano", printed_at=PRINTED)
    text = _text(path)
    for expected in ("CTU Società Città & C. c/ Perù", "Stampato il 25/11/2026 16:30", "Dati fascicolo",
                     "Tribunale di Milano", "Civile contenzioso", "1025/2024", "1.200 € «saldo»",
                     "Dati di cancelleria", "Perù Niccolò - Convenuto - Avv. Gallo", "Dott.ssa Gialli",
                     "Sezione 4ª civile", "Appalto: vizi dell'opera", "Storico del fascicolo", "Nomina CTU",
                     "Attività", "20/06/2024 09:30", "Udienza di giuramento", "Tribunale, aula 3",
                     "scade il 01/12/2024", "Deposito relazione", "fatta", "Pagina 1 di"):
        assert expected in text, expected


def test_without_a_unicode_font_the_builtin_font_keeps_accents_and_euro_and_never_fails(tmp_path):
    personal, record, activities = _case()
    personal.notes = "Compenso 1.200 € – “preventivo” 漢字 ✓"
    path = write_case_pdf(tmp_path / "core.pdf", personal=personal, record=record, activities=activities,
                          office_name="Tribunale di Milano", printed_at=PRINTED, font=None)
    text = _text(path)
    assert "CTU Società Città & C. c/ Perù" in text
    assert "Compenso 1.200 € – “preventivo” ?? ?" in text


def test_registry_data_alone_prints_without_the_personal_section(tmp_path):
    _personal, record, _activities = _case()
    record.personal_case_id = None
    path = write_case_pdf(tmp_path / "r.pdf", personal=None, record=record, activities=[],
                          office_name="Tribunale di Milano", printed_at=PRINTED)
    text = _text(path)
    assert text.startswith("Società Città & C. - Perù Niccolò")
    assert "Dati fascicolo" not in text and "Nessuna attività collegata al fascicolo." in text


def test_print_case_writes_in_the_prints_folder_opens_it_and_leaves_the_case_unseen(services, data_dir):
    record = services.cases.store_record(RegistryRecord(
        office_code=MILANO, register=Register.CIVIL, role=RoleNumber(2025, 77), plaintiff="Neri Anna",
        defendant="Banca Popolare", subject="Contratti bancari"))
    opened = []
    path = print_case(services, record_id=record.id, open_file=opened.append, now=PRINTED)
    assert opened == [path] and path.parent == data_dir / "stampe"
    assert path.name == "fascicolo-neri-anna-banca-popolare-20261125-163000.pdf"
    assert "Contratti bancari" in _text(path)
    assert not services.cases.get_record(record.id).seen

"""The case detail window (6.4-6.8) driven under Xvfb."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.ui.bus import CASES_CHANGED
from cliens_tk.ui.cases import open_case_detail, open_cases
from cliens_tk.ui.cases.role_dialogs import PersonalCaseForRecordDialog, RecordChooser, RoleEntryDialog

MILANO, ROMA = "0151460094", "0580910098"


def _detail(ctx, prompts, opened=None, **ids):
    opened = opened if opened is not None else []
    return open_case_detail(ctx, prompts=prompts, activity_opener=opened.append, open_file=None, **ids)


def _activity(services, case_id=None, record_id=None, kind=ActivityKind.OFFICE, title="Sopralluogo", day=10):
    start = dt.datetime(2026, 3, day, 10)
    return services.agenda.activities.add(Activity(
        kind=kind, title=title, start=start, end=start + dt.timedelta(hours=1), personal_case_id=case_id,
        registry_record_id=record_id, polisweb_key=f"H{day}" if kind is ActivityKind.POLISWEB else None))


def test_a_personal_case_shows_its_data_and_saves_title_and_notes(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Bianchi", MILANO, Register.CIVIL, notes="prima nota").case
    window = _detail(ctx, prompts, case_id=case.id)
    helpers.pump(ctx)
    assert window.heading.cget("text") == "CTU Bianchi"
    assert not window.registry_frame.winfo_ismapped()  # no registry data: no such section
    assert window.role_label.cget("text") == "non iscritto a ruolo"
    window.title_entry.delete(0, "end")
    window.save_button.invoke()
    assert "intestazione" in window.personal_error.cget("text")  # refused; the notes typed stay
    assert services.cases.get_case(case.id).title == "CTU Bianchi"
    helpers.type_into(window.title_entry, "CTU Bianchi c/ Aurora")
    window.notes_text.insert("end", "\nsopralluogo fissato")
    helpers.press(window.notes_text, "<Control-s>")
    helpers.pump(ctx)
    stored = services.cases.get_case(case.id)
    assert stored.title == "CTU Bianchi c/ Aurora" and stored.notes == "prima nota\nsopralluogo fissato"
    assert window.heading.cget("text") == "CTU Bianchi c/ Aurora" and not window.dirty


def test_closing_with_unsaved_changes_asks_and_saves(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Bianchi", MILANO, Register.CIVIL).case
    window = _detail(ctx, prompts, case_id=case.id)
    window.notes_text.insert("1.0", "da non perdere")
    prompts.save_answer = "cancel"
    window.close()
    assert window.winfo_exists()
    prompts.save_answer = "save"
    window.close()
    assert not window.winfo_exists()
    assert services.cases.get_case(case.id).notes == "da non perdere"


def test_role_from_the_selection_window_links_the_registry_data(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Verdi", MILANO, Register.CIVIL).case
    record = helpers.downloaded(services, role="9/2022", office=MILANO)
    helpers.downloaded(services, role="3/2021", office=ROMA)  # another office: not proposed
    window = _detail(ctx, prompts, case_id=case.id)
    assert window.role_button.cget("text") == "Aggiungi numero di ruolo..."
    window.role_button.invoke()
    helpers.pump(ctx)
    chooser = window.role_dialog
    assert isinstance(chooser, RecordChooser)
    assert [chooser.tree.set(i, "role") for i in chooser.tree.get_children()] == ["9/2022"]
    chooser.link_button.invoke()
    helpers.pump(ctx)
    assert not chooser.winfo_exists()
    assert services.cases.get_case(case.id).role == RoleNumber(2022, 9)
    assert window.detail.record.id == record.id and window.registry_frame.winfo_ismapped()
    assert "Rossi Mario" in window.registry_view.content()
    assert window.role_button.instate(["disabled"])


def test_the_yellow_notice_leads_to_manual_entry_which_links_matching_data(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Verdi", MILANO, Register.CIVIL).case
    helpers.downloaded(services, role="9/2022")
    record = helpers.downloaded(services, role="10/2022", plaintiff="Gallo Pietro")
    window = _detail(ctx, prompts, case_id=case.id)
    window.role_button.invoke()
    helpers.pump(ctx)
    window.role_dialog.manual_notice.invoke()
    helpers.pump(ctx)
    entry = window.role_dialog
    assert isinstance(entry, RoleEntryDialog)
    helpers.type_into(entry.number_entry, "10")
    helpers.type_into(entry.year_entry, "2022")
    helpers.press(entry.year_entry, "<Return>")
    helpers.pump(ctx)
    assert not entry.winfo_exists()
    assert services.cases.get_record(record.id).personal_case_id == case.id
    assert len(prompts.infos) == 1 and "10/2022" in prompts.infos[0]
    assert window.detail.record.plaintiff == "Gallo Pietro"


def test_manual_role_without_candidates_refuses_a_taken_role_and_can_remove_it(ctx, services, prompts, helpers):
    services.cases.create_case("Perizia Neri", MILANO, Register.CIVIL, RoleNumber(2024, 5))
    case = services.cases.create_case("CTU Verdi", MILANO, Register.CIVIL).case
    window = _detail(ctx, prompts, case_id=case.id)
    window.role_button.invoke()
    helpers.pump(ctx)
    entry = window.role_dialog
    assert isinstance(entry, RoleEntryDialog)  # no unlinked registry data: straight to manual entry
    helpers.type_into(entry.number_entry, "5")
    helpers.type_into(entry.year_entry, "2024")
    entry.save()
    assert entry.winfo_exists() and "«Perizia Neri»" in entry.error_label.cget("text")
    entry.number_entry.delete(0, "end")
    helpers.type_into(entry.number_entry, "6")
    entry.save()
    assert services.cases.get_case(case.id).role == RoleNumber(2024, 6)
    assert window.role_label.cget("text") == "6/2024"
    assert window.role_button.cget("text") == "Modifica numero di ruolo..."
    window.role_button.invoke()
    helpers.pump(ctx)
    window.role_dialog.remove_button.invoke()
    assert services.cases.get_case(case.id).role is None


def test_registry_data_alone_offers_a_personal_case_proposing_unlinked_cases_first(ctx, services, prompts, helpers):
    record = helpers.downloaded(services, role="1025/2024")
    same = services.cases.create_case("Perizia senza ruolo", MILANO, Register.CIVIL).case
    services.cases.create_case("Altro registro", MILANO, Register.LABOUR)
    window = _detail(ctx, prompts, record_id=record.id)
    assert window.detail.personal is None
    assert "non sono associati" in window.no_personal_notice.cget("text")
    assert window.add_activity_button.instate(["disabled"])
    window.create_personal_button.invoke()
    helpers.pump(ctx)
    dialog = window.personal_dialog
    assert isinstance(dialog, PersonalCaseForRecordDialog)
    assert [dialog.tree.set(i, "title") for i in dialog.tree.get_children()] == ["Perizia senza ruolo"]
    dialog.link_button.invoke()
    helpers.pump(ctx)
    assert services.cases.get_record(record.id).personal_case_id == same.id
    assert services.cases.get_case(same.id).role == RoleNumber(2024, 1025)
    assert window.detail.personal.id == same.id and window.title_entry.get() == "Perizia senza ruolo"
    assert window.add_activity_button.instate(["!disabled"])


def test_registry_data_without_candidates_gets_a_new_case_titled_after_the_parties(ctx, services, prompts, helpers):
    record = helpers.downloaded(services, role="77/2025")
    list_window = open_cases(ctx, prompts=prompts)
    helpers.wait_until(ctx, lambda: list_window.loaded)
    window = _detail(ctx, prompts, record_id=record.id)
    window.create_personal_button.invoke()
    helpers.pump(ctx)
    dialog = window.personal_dialog
    assert dialog.tree is None and dialog.title_entry.get() == "Rossi Mario - Edil Costruzioni S.r.l."
    dialog.title_entry.delete(0, "end")
    helpers.type_into(dialog.title_entry, "CTU Rossi")
    dialog.create_button.invoke()
    helpers.pump(ctx, 0.1)
    case_id = services.cases.get_record(record.id).personal_case_id
    assert services.cases.get_case(case_id).title == "CTU Rossi"
    helpers.wait_until(ctx, lambda: list_window.visible_iids() == (f"P{case_id}",))


def test_data_downloaded_for_the_role_of_an_open_case_appears_in_it(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Rossi", MILANO, Register.CIVIL, RoleNumber(2024, 1025)).case
    window = _detail(ctx, prompts, case_id=case.id)
    assert window.detail.record is None
    helpers.downloaded(services, role="1025/2024", subject="Vizi dell'opera")
    ctx.bus.publish(CASES_CHANGED)
    helpers.pump(ctx)
    assert window.detail.record is not None and "Vizi dell'opera" in window.registry_view.content()


def test_delete_asks_explaining_the_cascade_then_frees_the_registry_data(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Rossi", MILANO, Register.CIVIL, RoleNumber(2024, 1025)).case
    record = helpers.downloaded(services, role="1025/2024")
    kept = _activity(services, record_id=record.id, kind=ActivityKind.POLISWEB, title="Udienza PolisWeb", day=2)
    for day in (3, 4):
        _activity(services, case_id=case.id, day=day)
    list_window = open_cases(ctx, prompts=prompts)
    helpers.wait_until(ctx, lambda: list_window.loaded)
    window = _detail(ctx, prompts, case_id=case.id)
    labels = [window.operations_menu.entrycget(i, "label") for i in (0, 2)]
    assert labels == ["Stampa (PDF)", "Elimina fascicolo personale..."]
    prompts.confirm_answer = False
    window.operations_menu.invoke(2)
    assert services.cases.get_case(case.id).title == "CTU Rossi"  # cancelled: nothing deleted
    prompts.confirm_answer = True
    window.operations_menu.invoke(2)
    helpers.pump(ctx, 0.1)
    message = prompts.confirms[-1]
    assert "2 attività personali" in message and "1025/2024" in message and "indipendenti" in message
    assert services.cases.repo.cases() == []
    assert [a.id for a in services.agenda.activities.all()] == [kept.id]
    assert services.cases.get_record(record.id).personal_case_id is None
    assert window.winfo_exists() and window.detail.personal is None  # now the registry data, independent
    helpers.wait_until(ctx, lambda: list_window.visible_iids() == (f"R{record.id}",))


def test_delete_through_the_real_confirmation_box(ctx, services, helpers):
    from cliens_tk.ui.cases.prompts import Prompts

    case = services.cases.create_case("CTU Bianchi", MILANO, Register.CIVIL).case
    window = open_case_detail(ctx, case_id=case.id, prompts=Prompts(), open_file=None)
    pressed = []

    def press_delete():
        for top in ctx.root.winfo_children():
            for button in _buttons(top):
                if button.cget("text") == "Elimina" and top is not window:
                    pressed.append(True)
                    button.invoke()
                    return
        ctx.root.after(50, press_delete)

    ctx.root.after(50, press_delete)
    assert window.delete_case()
    assert pressed and services.cases.repo.cases() == []
    assert not window.winfo_exists()


def _buttons(widget):
    for child in widget.winfo_children():
        if child.winfo_class() == "TButton":
            yield child
        yield from _buttons(child)


def test_the_plus_button_adds_a_personal_activity_dated_today_and_opens_it(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Bianchi", MILANO, Register.CIVIL).case
    opened = []
    window = _detail(ctx, prompts, opened, case_id=case.id)
    window.add_activity_button.invoke()
    helpers.pump(ctx)
    [activity] = services.agenda.activities.all()
    assert activity.personal_case_id == case.id and activity.kind is ActivityKind.PERSONAL
    assert activity.start.date() == dt.date.today()
    assert opened == [activity.id]
    assert window.activity_tree.get_children() == (str(activity.id),)


def test_double_click_on_an_activity_opens_it(ctx, services, prompts, helpers):
    case = services.cases.create_case("CTU Bianchi", MILANO, Register.CIVIL).case
    first = _activity(services, case_id=case.id, title="Sopralluogo", day=5)
    second = _activity(services, case_id=case.id, title="Deposito relazione", day=6)
    opened = []
    window = _detail(ctx, prompts, opened, case_id=case.id)
    assert [window.activity_tree.set(i, "title") for i in window.activity_tree.get_children()] == [
        "Sopralluogo", "Deposito relazione"]
    assert window.activity_tree.set(str(first.id), "when") == "05/03/2026 10:00"
    helpers.double_click(window.activity_tree, str(second.id))
    helpers.pump(ctx)
    assert opened == [second.id]


def test_without_the_agenda_window_the_user_gets_a_message(ctx, services, prompts, helpers, monkeypatch):
    import sys

    case = services.cases.create_case("CTU Bianchi", MILANO, Register.CIVIL).case
    activity = _activity(services, case_id=case.id)
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.agenda", None)  # as if the agenda were not installed
    window = open_case_detail(ctx, case_id=case.id, prompts=prompts, open_file=None)
    window.activity_tree.selection_set(str(activity.id))
    window.open_selected_activity()
    assert prompts.infos and "non è ancora disponibile" in prompts.infos[0]


def test_print_writes_the_pdf_in_the_prints_folder_and_opens_it(ctx, services, prompts, helpers, data_dir):
    case = services.cases.create_case("CTU Società Città & C.", MILANO, Register.CIVIL, notes="Compenso 1.500 €").case
    _activity(services, case_id=case.id, title="Sopralluogo in cantiere")
    opened = []
    window = open_case_detail(ctx, case_id=case.id, prompts=prompts, open_file=opened.append)
    helpers.press(window, "<Control-p>")
    helpers.wait_until(ctx, lambda: opened or prompts.errors)
    assert prompts.errors == []
    [path] = opened
    assert path.parent == data_dir / "stampe" and path.suffix == ".pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "CTU Società Città & C." in text and "Compenso 1.500 €" in text and "Sopralluogo in cantiere" in text
    assert str(path) in window.status.cget("text")

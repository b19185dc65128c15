"""«Nuovo fascicolo» (6.3) driven under Xvfb: without and with a role number."""

from __future__ import annotations

from cliens_tk.domain.cases import CaseRowKind, RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.ui.cases import open_cases
from cliens_tk.ui.cases.case_detail import CaseDetailWindow

MILANO, ROMA = "0151460094", "0580910098"


def _wizard(ctx, prompts, helpers):
    window = open_cases(ctx, prompts=prompts)
    helpers.wait_until(ctx, lambda: window.loaded)
    window.new_button.invoke()
    helpers.pump(ctx)
    return window, window.wizard


def _choose_office(ctx, wizard, helpers, text, name):
    helpers.type_into(wizard.office_picker.entry, text)
    helpers.wait_until(ctx, lambda: name in wizard.office_picker.listbox.get(0, "end"))
    names = list(wizard.office_picker.listbox.get(0, "end"))
    wizard.office_picker.listbox.selection_set(names.index(name))
    wizard.office_picker.listbox.event_generate("<<ListboxSelect>>")
    helpers.pump(ctx)
    assert wizard.office_picker.selected.name == name


def _details(ctx):
    return [w for w in ctx.root.winfo_children() if isinstance(w, CaseDetailWindow)]


def test_a_case_without_role_needs_office_register_and_title(ctx, services, prompts, helpers):
    window, wizard = _wizard(ctx, prompts, helpers)
    wizard.no_button.invoke()
    helpers.pump(ctx)
    assert not hasattr(wizard, "number_entry") or not wizard.number_entry.winfo_exists()
    wizard.create_button.invoke()
    assert "ufficio" in wizard.error_label.cget("text")
    _choose_office(ctx, wizard, helpers, "roma", "Tribunale di Roma")
    wizard.register_var.set("Lavoro")
    wizard.create_button.invoke()
    assert "intestazione" in wizard.error_label.cget("text")  # refused, nothing lost
    assert wizard.office_picker.selected.name == "Tribunale di Roma" and wizard.register_var.get() == "Lavoro"
    helpers.type_into(wizard.title_entry, "Perizia Verdi")
    wizard.create_button.invoke()
    helpers.pump(ctx, 0.1)
    assert not wizard.winfo_exists()
    cases = services.cases.repo.cases()
    assert [(c.title, c.office_code, c.register, c.role) for c in cases] == [
        ("Perizia Verdi", ROMA, Register.LABOUR, None)]
    assert [d.detail.personal.id for d in _details(ctx)] == [cases[0].id]
    helpers.wait_until(ctx, lambda: len(window.visible_iids()) == 1)
    assert window.tree.selection() == (f"P{cases[0].id}",)
    assert prompts.infos == []


def test_a_case_with_the_role_of_downloaded_data_is_linked_and_the_user_told(ctx, services, prompts, helpers):
    record = helpers.downloaded(services, role="1025/2024", office=MILANO)
    window, wizard = _wizard(ctx, prompts, helpers)
    helpers.press(wizard.yes_button, "<Return>")
    helpers.pump(ctx)
    _choose_office(ctx, wizard, helpers, "milano trib", "Tribunale di Milano")
    wizard.register_var.set("Civile contenzioso")
    helpers.type_into(wizard.number_entry, "1025")
    helpers.type_into(wizard.year_entry, "2024")
    helpers.type_into(wizard.title_entry, "CTU Rossi")
    helpers.press(wizard.title_entry, "<Return>")
    helpers.pump(ctx, 0.1)
    case = services.cases.repo.cases()[0]
    assert case.role == RoleNumber(2024, 1025)
    assert services.cases.get_record(record.id).personal_case_id == case.id
    assert len(prompts.infos) == 1 and "1025/2024" in prompts.infos[0] and "collegato" in prompts.infos[0]
    helpers.wait_until(ctx, lambda: [window.entries[i].kind for i in window.visible_iids()] == [CaseRowKind.BOTH])
    assert _details(ctx)[0].detail.record.id == record.id


def test_a_role_already_held_is_refused_naming_the_case_that_holds_it(ctx, services, prompts, helpers):
    services.cases.create_case("Perizia Verdi", ROMA, Register.LABOUR, RoleNumber(2023, 88))
    window, wizard = _wizard(ctx, prompts, helpers)
    wizard.yes_button.invoke()
    helpers.pump(ctx)
    _choose_office(ctx, wizard, helpers, "roma", "Tribunale di Roma")
    wizard.register_var.set("Lavoro")
    helpers.type_into(wizard.number_entry, "88/2023")  # the whole role typed in one field
    helpers.type_into(wizard.title_entry, "Un altro fascicolo")
    wizard.create_button.invoke()
    helpers.pump(ctx)
    assert wizard.winfo_exists()
    assert "«Perizia Verdi»" in wizard.error_label.cget("text")
    assert wizard.title_entry.get() == "Un altro fascicolo" and wizard.number_entry.get() == "88/2023"
    assert len(services.cases.repo.cases()) == 1


def test_a_bad_role_number_gets_a_clear_message(ctx, services, prompts, helpers):
    window, wizard = _wizard(ctx, prompts, helpers)
    wizard.yes_button.invoke()
    helpers.pump(ctx)
    _choose_office(ctx, wizard, helpers, "roma", "Tribunale di Roma")
    wizard.register_var.set("Lavoro")
    helpers.type_into(wizard.number_entry, "12")
    helpers.type_into(wizard.year_entry, "24")
    helpers.type_into(wizard.title_entry, "Perizia")
    wizard.create_button.invoke()
    assert "quattro cifre" in wizard.error_label.cget("text")
    assert services.cases.repo.cases() == []


def test_back_returns_to_the_question_and_escape_cancels(ctx, services, prompts, helpers):
    window, wizard = _wizard(ctx, prompts, helpers)
    wizard.no_button.invoke()
    helpers.pump(ctx)
    assert wizard.step == "form"
    wizard._question_step()
    assert wizard.step == "question"
    helpers.press(wizard, "<Escape>")
    helpers.pump(ctx)
    assert not wizard.winfo_exists() and services.cases.repo.cases() == []

"""«Calcola scadenza» driven as a person would: type, choose, press the buttons, read the window
and the archive. Real Tk (Xvfb), real SQLite archive.

Expected dates are the worked examples of tests/domain/test_deadline_terms.py: 10 days from
27 March 2026 end on Easter Monday and move to 7 April (art. 155 c.4 c.p.c., L. 260/1949); 20 days
before 10 September 2026 skip August (L. 742/1969); the expert's chain of 15 June 2026.
"""

from __future__ import annotations

import datetime as dt

import pytest
import ttkbootstrap as ttk

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.offices import Register
from cliens_tk.services.deadline_calc import DeadlineCalcService
from cliens_tk.ui.app import UiContext
from cliens_tk.ui.bus import AGENDA_CHANGED
from cliens_tk.ui.deadline_calc import open_deadline_calculator, open_expert_terms
from cliens_tk.ui.deadline_calc.recompute_window import RecomputationWindow

D = dt.date


@pytest.fixture
def ctx(tk_root, services):
    context = UiContext(tk_root, services)
    yield context
    context.close()
    for child in list(tk_root.winfo_children()):
        if isinstance(child, ttk.Toplevel) or child.winfo_class() == "Toplevel":
            child.destroy()
    tk_root.update()


@pytest.fixture
def case_id(services) -> int:
    rome = next(o for o in services.offices.search("Tribunale Roma") if o.city == "Roma")
    return services.cases.create_case("Rossi c. Bianchi", rome.code, Register.CIVIL).case.id


def pump(root, times: int = 4) -> None:
    for _ in range(times):
        root.update()


def type_into(entry, text: str) -> None:
    entry.delete(0, "end")
    entry.insert(0, text)


def choose(combobox, index: int) -> None:
    combobox.current(index)
    combobox.event_generate("<<ComboboxSelected>>")


def text_of(widget) -> str:
    return widget.get("1.0", "end").strip()


def hearing(services, case_id: int, day: dt.date) -> Activity:
    start = dt.datetime.combine(day, dt.time(10))
    return services.agenda.save(Activity(kind=ActivityKind.HEARING, title="Udienza Rossi", start=start,
                                         end=start + dt.timedelta(hours=1), personal_case_id=case_id))


def move(services, activity: Activity, day: dt.date) -> None:
    start = dt.datetime.combine(day, dt.time(10))
    services.agenda.save(services.agenda.get(activity.id).set_calendar(start, start + dt.timedelta(hours=1)))


def buttons_of(widget, text: str) -> list:
    found = []
    for child in widget.winfo_children():
        if child.winfo_class() == "TButton" and child.cget("text") == text:
            found.append(child)
        found += buttons_of(child, text)
    return found


def test_computes_live_explains_and_creates_the_deadline(ctx, services, case_id, tk_root) -> None:
    window = open_deadline_calculator(ctx, case_id=case_id)
    tab = window.term_tab
    type_into(tab.start.date_entry, "27/03/2026")
    type_into(tab.amount, "10")
    pump(tk_root)
    assert tab.result_label.cget("text") == "Scadenza: martedì 7 aprile 2026"
    explanation = text_of(tab.explanation)
    assert "Lunedì dell'Angelo" in explanation and "art. 155, quarto comma, c.p.c." in explanation
    assert tab.options.seat_var.get() == "Roma"  # the case's office city
    assert tab.title_var.get() == "Termine di 10 giorni dal 27 marzo 2026"

    tab.create_button.invoke()
    pump(tk_root)
    assert "Scadenza creata" in tab.status.cget("text")
    [deadline] = [a for a in services.agenda.deadlines(D(2026, 4, 1)) if a.personal_case_id == case_id]
    assert deadline.due_date == D(2026, 4, 7)
    assert deadline.title == "Termine di 10 giorni dal 27 marzo 2026"
    stored = DeadlineCalcService(services.archive).stored_term(deadline.id)
    assert stored.reference_date == D(2026, 3, 27)
    assert stored.parameters["amount"] == 10 and stored.parameters["kind"] == "days"
    assert stored.parameters["seat"] == "Roma" and stored.parameters["suspension"] is True


def test_a_wrong_date_is_explained_and_nothing_can_be_created(ctx, services, tk_root) -> None:
    window = open_deadline_calculator(ctx)
    tab = window.term_tab
    type_into(tab.start.date_entry, "31/02/2026")
    pump(tk_root)
    assert "Data non valida" in tab.result_label.cget("text")
    assert str(tab.create_button.cget("state")) == "disabled"
    type_into(tab.start.date_entry, "02/03/2026")
    pump(tk_root)
    assert str(tab.create_button.cget("state")) == "normal"


def test_counts_back_from_a_hearing_and_the_matter_switches_the_suspension(ctx, services, case_id,
                                                                           tk_root) -> None:
    oath = hearing(services, case_id, D(2026, 9, 10))
    window = open_deadline_calculator(ctx, activity_id=oath.id)
    tab = window.term_tab
    assert tab.start.mode.get() == "hearing"
    assert tab.case_choice.link.personal_case_id == case_id
    choose(tab.direction, 3)  # giorni prima (almeno)
    type_into(tab.amount, "20")
    pump(tk_root)
    assert tab.result_label.cget("text") == "Scadenza: martedì 21 luglio 2026"
    assert "sospensione feriale" in text_of(tab.explanation)
    labour = [label for label in tab.options.matter_combo.cget("values")].index(
        "Controversie di lavoro (art. 409 c.p.c.)")
    choose(tab.options.matter_combo, labour)
    pump(tk_root)
    assert tab.options.suspension.get() is False
    assert tab.result_label.cget("text") == "Scadenza: venerdì 21 agosto 2026"


def test_a_moved_hearing_asks_before_recomputing(ctx, services, case_id, tk_root) -> None:
    held = hearing(services, case_id, D(2026, 9, 10))
    window = open_deadline_calculator(ctx, activity_id=held.id)
    choose(window.term_tab.direction, 3)
    type_into(window.term_tab.amount, "20")
    pump(tk_root)
    window.term_tab.create_button.invoke()
    pump(tk_root)
    deadline = window.term_tab.last_saved
    window.destroy()

    move(services, held, D(2026, 10, 15))  # the agenda moves the hearing and tells everyone
    ctx.bus.publish(AGENDA_CHANGED)
    pump(tk_root)
    [asking] = [w for w in tk_root.winfo_children() if isinstance(w, RecomputationWindow)]
    assert asking.title() == "Scadenze da ricalcolare"
    assert services.agenda.get(deadline.id).due_date == D(2026, 7, 21)  # not before the answer
    [recompute] = buttons_of(asking, "Ricalcola")
    recompute.invoke()
    pump(tk_root)
    assert services.agenda.get(deadline.id).due_date == D(2026, 9, 25)
    assert not asking.winfo_exists()


def test_keeping_the_date_is_remembered(ctx, services, case_id, tk_root) -> None:
    held = hearing(services, case_id, D(2026, 9, 10))
    window = open_deadline_calculator(ctx, activity_id=held.id)
    choose(window.term_tab.direction, 3)
    type_into(window.term_tab.amount, "20")
    pump(tk_root)
    window.term_tab.create_button.invoke()
    deadline = window.term_tab.last_saved
    move(services, held, D(2026, 10, 15))
    ctx.bus.publish(AGENDA_CHANGED)
    pump(tk_root)
    [asking] = [w for w in tk_root.winfo_children() if isinstance(w, RecomputationWindow)]
    [keep] = buttons_of(asking, "Mantieni la data")
    keep.invoke()
    pump(tk_root)
    assert services.agenda.get(deadline.id).due_date == D(2026, 7, 21)
    ctx.bus.publish(AGENDA_CHANGED)
    pump(tk_root)
    assert not [w for w in tk_root.winfo_children() if isinstance(w, RecomputationWindow)]


def test_reopening_a_computed_deadline_updates_it(ctx, services, case_id, tk_root) -> None:
    window = open_deadline_calculator(ctx, case_id=case_id, start=D(2026, 3, 27))
    type_into(window.term_tab.amount, "10")
    pump(tk_root)
    window.term_tab.create_button.invoke()
    created = window.term_tab.last_saved
    window.destroy()
    pump(tk_root)

    window = open_deadline_calculator(ctx, activity_id=created.id)
    tab = window.term_tab
    assert tab.create_button.cget("text") == "Aggiorna scadenza"
    assert tab.amount_var.get() == "10" and tab.start.date_var.get() == "27/03/2026"
    type_into(tab.amount, "20")  # 16 April 2026, a Thursday
    pump(tk_root)
    tab.create_button.invoke()
    pump(tk_root)
    updated = services.agenda.get(created.id)
    assert updated.due_date == D(2026, 4, 16) and updated.personal_case_id == case_id
    assert len([a for a in services.agenda.deadlines(D(2026, 4, 1)) if a.personal_case_id == case_id]) == 1


def test_expert_chain_is_created_and_an_extension_moves_the_later_terms(ctx, services, case_id,
                                                                       tk_root) -> None:
    window = open_expert_terms(ctx, case_id=case_id)
    tab = window.expert_tab
    assert window.notebook.select() == str(tab)
    tab.start.set_date(D(2026, 6, 15))
    pump(tk_root)
    assert [row.result.cget("text") for row in tab.rows] == [
        "→ lunedì 14 settembre 2026", "→ martedì 29 settembre 2026", "→ mercoledì 14 ottobre 2026"]
    tab.create_button.invoke()
    pump(tk_root)
    deadlines = [a for a in services.agenda.deadlines(D(2026, 10, 1)) if a.personal_case_id == case_id]
    assert sorted(a.due_date for a in deadlines) == [D(2026, 9, 14), D(2026, 9, 29), D(2026, 10, 14)]

    chain = tab.chain_frame
    assert chain.winfo_manager() == "grid"
    assert [chain.tree.set(i, "due") for i in chain.tree.get_children()] == [
        "lunedì 14 settembre 2026", "martedì 29 settembre 2026", "mercoledì 14 ottobre 2026"]
    chain.next_button.invoke()
    pump(tk_root)
    assert chain.new_date_var.get() == "29/09/2026"
    chain.previous_button.invoke()
    pump(tk_root)
    assert chain.new_date_var.get() == "14/09/2026"

    type_into(chain.new_date_entry, "30/10/2026")
    chain.move_button.invoke()
    pump(tk_root)
    assert [chain.tree.set(i, "proposed") for i in chain.tree.get_children()] == [
        "venerdì 30 ottobre 2026", "lunedì 16 novembre 2026", "martedì 1° dicembre 2026"]
    assert "Confermare" in chain.confirm_label.cget("text")
    unchanged = sorted(services.agenda.get(a.id).due_date for a in deadlines)
    assert unchanged == [D(2026, 9, 14), D(2026, 9, 29), D(2026, 10, 14)]
    chain.cancel_button.invoke()
    pump(tk_root)
    assert chain.tree.set("0", "proposed") == ""

    chain.move_button.invoke()
    chain.confirm_button.invoke()
    pump(tk_root)
    moved = sorted(services.agenda.get(a.id).due_date for a in deadlines)
    assert moved == [D(2026, 10, 30), D(2026, 11, 16), D(2026, 12, 1)]
    assert chain.tree.set("2", "due") == "martedì 1° dicembre 2026"


def test_opening_a_chain_deadline_shows_its_chain(ctx, services, case_id, tk_root) -> None:
    window = open_expert_terms(ctx, case_id=case_id)
    window.expert_tab.start.set_date(D(2026, 6, 15))
    pump(tk_root)
    window.expert_tab.create_button.invoke()
    pump(tk_root)
    member = window.expert_tab.chain.activities[2]
    window.destroy()
    pump(tk_root)
    window = open_deadline_calculator(ctx, activity_id=member.id)
    pump(tk_root)
    assert window.notebook.select() == str(window.expert_tab)
    assert window.expert_tab.chain_frame.tree.set("2", "term") == "Deposito della relazione finale"


def test_one_window_and_keyboard(ctx, services, tk_root) -> None:
    first = open_deadline_calculator(ctx, start=D(2026, 3, 2))
    second = open_deadline_calculator(ctx)
    assert first is second
    type_into(first.term_tab.amount, "5")
    pump(tk_root)
    first.event_generate("<Control-Return>")
    pump(tk_root)
    assert [a.due_date for a in services.agenda.deadlines(D(2026, 3, 1))] == [D(2026, 3, 9)]
    first.event_generate("<Escape>")
    pump(tk_root)
    assert not first.winfo_exists()


def test_open_window_follows_a_moved_hearing(ctx, services, case_id, tk_root) -> None:
    held = hearing(services, case_id, D(2026, 9, 10))
    window = open_deadline_calculator(ctx, activity_id=held.id)
    window.term_tab.options.seat_var.set("Napoli")  # typed by the user: must survive the refresh
    choose(window.term_tab.direction, 3)
    type_into(window.term_tab.amount, "20")
    pump(tk_root)
    assert window.term_tab.result_label.cget("text") == "Scadenza: martedì 21 luglio 2026"
    move(services, held, D(2026, 10, 15))
    ctx.bus.publish(AGENDA_CHANGED)
    pump(tk_root)
    assert window.term_tab.start.mode.get() == "hearing"
    assert window.term_tab.result_label.cget("text") == "Scadenza: venerdì 25 settembre 2026"
    assert window.term_tab.options.seat_var.get() == "Napoli"

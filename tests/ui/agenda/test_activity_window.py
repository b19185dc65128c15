"""The activity detail window (5.1-5.6) driven as a person would, on a real Tk and a real archive."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest

from cliens_tk.domain.activity import Activity, ActivityKind
from cliens_tk.domain.cases import RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.ui.agenda import open_activity
from cliens_tk.ui.agenda.activity_window import ActivityWindow
from cliens_tk.ui.agenda.case_picker import CasePicker
from ui.agenda.gui import answer_dialog, key, new_toplevels, pump, ui  # noqa: F401

pytestmark = pytest.mark.gui
OFFICE = "0151460094"


def windows(ctx, kind=ActivityWindow) -> list:
    return new_toplevels(ctx, kind)


def saved(services, **fields) -> Activity:
    return services.agenda.save(Activity(**fields))


def hearing(services, day: dt.date, **extra) -> Activity:
    start = dt.datetime.combine(day, dt.time(10))
    return saved(services, kind=ActivityKind.HEARING, title="Udienza Rossi c/ Bianchi", start=start,
                 end=start + dt.timedelta(minutes=30), judge="Dott. Verdi", **extra)


def type_into(window: ActivityWindow, **fields) -> None:
    for name, text in fields.items():
        window.fields.vars[name].set(text)
    window.update()


def test_edit_and_save_an_activity(ui, services, today):
    start = dt.datetime.combine(today, dt.time(9))
    activity = saved(services, title="Studio", start=start, end=start + dt.timedelta(hours=1))
    window = open_activity(ui, activity_id=activity.id)
    type_into(window, title="Studio degli atti", place="Studio", start_time="15:00", end_time="17:30",
              due_date="30/11/2026")
    window.fields.notes.insert("1.0", "Portare le planimetrie")
    window.fields.kind_var.set(ActivityKind.OFFICE.label)
    assert window.dirty
    window.save_button.invoke()
    stored = services.agenda.get(activity.id)
    assert (stored.title, stored.place, stored.kind, stored.notes) == (
        "Studio degli atti", "Studio", ActivityKind.OFFICE, "Portare le planimetrie")
    assert (stored.start, stored.end, stored.due_date) == (
        dt.datetime(2026, 11, 25, 15), dt.datetime(2026, 11, 25, 17, 30), dt.date(2026, 11, 30))
    assert not window.dirty and window.heading.cget("text") == "Studio degli atti"


def test_refusals_are_shown_beside_the_field_and_nothing_typed_is_lost(ui, services, today):
    start = dt.datetime.combine(today, dt.time(9))
    activity = saved(services, title="Sopralluogo", start=start, end=start + dt.timedelta(hours=1))
    window = open_activity(ui, activity_id=activity.id)
    type_into(window, title="Sopralluogo cantiere", end_date="24/11/2026")
    window.save_button.invoke()
    assert "La fine non può essere prima dell'inizio" in window.fields.error_text("end_date")
    assert window.fields.vars["title"].get() == "Sopralluogo cantiere"
    assert window.fields.vars["end_date"].get() == "24/11/2026"
    assert services.agenda.get(activity.id).title == "Sopralluogo"
    type_into(window, end_date="25/11/2026", due_date="31/11/2026")
    window.save_button.invoke()
    assert window.fields.error_text("end_date") == ""
    assert "non è una data esistente" in window.fields.error_text("due_date")
    type_into(window, due_date="", start_date="", start_time="", end_date="", end_time="")
    window.save_button.invoke()
    assert "almeno una data di riferimento" in window.fields.error_text("reference")
    assert services.agenda.get(activity.id).start == start
    type_into(window, start_date="26/11/2026", start_time="9:30")
    window.save_button.invoke()
    assert window.fields.error_text("reference") == ""
    assert services.agenda.get(activity.id).title == "Sopralluogo cantiere"
    assert services.agenda.get(activity.id).start == dt.datetime(2026, 11, 26, 9, 30)


def test_adjourn_twice_then_walk_the_chain_both_ways(ui, services, today):
    first = hearing(services, today)
    window = open_activity(ui, activity_id=first.id)
    assert window.fields.hearing.winfo_manager()
    assert str(window.fields.previous_button.cget("state")) == "disabled"
    second_window = window.fields.adjourn_button.invoke()
    pump(ui.root)
    second_window = windows(ui)[-1]
    assert second_window is not window and second_window.activity.previous_hearing_id == first.id
    type_into(second_window, start_date="15/01/2027", end_date="15/01/2027")
    second_window.save_button.invoke()
    third_window = second_window.fields.adjourn_button.invoke()
    pump(ui.root)
    third_window = windows(ui)[-1]
    type_into(third_window, start_date="10/03/2027", end_date="10/03/2027", start_time="11:00", end_time="11:30")
    third_window.save_button.invoke()
    chain = services.agenda.chain(first.id)
    assert [h.start for h in chain] == [dt.datetime(2026, 11, 25, 10), dt.datetime(2027, 1, 15, 10),
                                        dt.datetime(2027, 3, 10, 11)]
    assert all(h.judge == "Dott. Verdi" and h.kind is ActivityKind.HEARING for h in chain)
    # the first window learnt about its next hearing and can no longer be adjourned
    assert str(window.fields.next_button.cget("state")) == "normal"
    assert str(window.fields.adjourn_button.cget("state")) == "disabled"
    assert "15/01/2027" in window.fields.chain_label.cget("text")
    second_window.destroy()
    third_window.destroy()
    window.fields.next_button.invoke()
    assert window.activity.id == chain[1].id and window.fields.vars["start_date"].get() == "15/01/2027"
    window.fields.next_button.invoke()
    assert window.activity.id == chain[2].id
    assert str(window.fields.next_button.cget("state")) == "disabled"
    window.fields.previous_button.invoke()
    window.fields.previous_button.invoke()
    assert window.activity.id == first.id
    assert str(window.fields.previous_button.cget("state")) == "disabled"


def test_walking_the_chain_saves_what_was_typed_first(ui, services, today):
    first = hearing(services, today)
    following = services.agenda.adjourn(first.id, dt.datetime(2027, 1, 15, 10))
    window = open_activity(ui, activity_id=first.id)
    type_into(window, judge="Dott.ssa Neri")
    window.fields.next_button.invoke()
    assert services.agenda.get(first.id).judge == "Dott.ssa Neri"
    assert window.activity.id == following.id


def test_polisweb_activities_are_read_only_and_can_be_duplicated(ui, services, today):
    start = dt.datetime.combine(today, dt.time(12))
    court = services.agenda.activities.add(Activity(kind=ActivityKind.POLISWEB, title="Udienza PolisWeb",
                                                    start=start, end=start + dt.timedelta(minutes=30),
                                                    polisweb_key="K-1"))
    window = open_activity(ui, activity_id=court.id)
    assert window.banner.winfo_manager()
    for name in ("title", "place", "start_time", "judge", "done", "all_day"):
        assert str(window.fields.widgets[name].cget("state")) == "disabled", name
    assert str(window.fields.notes.cget("state")) == "disabled"
    assert str(window.save_button.cget("state")) == "disabled"
    options = window.option_labels()
    assert options["duplicate"] == ("Duplica attività", True)
    assert not options["delete"][1] and not options["remove_calendar"][1]
    copy_window = window.choose_option("duplicate")
    pump(ui.root)
    assert copy_window is not window and copy_window.activity.kind is ActivityKind.HEARING
    assert str(copy_window.fields.widgets["title"].cget("state")) == "normal"
    assert len(services.agenda.day(today)) == 2


def test_options_move_an_activity_between_calendar_and_deadlines(ui, services, today):
    start = dt.datetime.combine(today, dt.time(9))
    activity = saved(services, title="Relazione", start=start, end=start + dt.timedelta(hours=1))
    window = open_activity(ui, activity_id=activity.id)
    window.choose_option("remove_calendar")
    assert "almeno una data di riferimento" in window.fields.error_text("reference")
    assert window.fields.vars["start_date"].get() == "25/11/2026"
    window.choose_option("add_deadlines")
    assert window.fields.vars["due_date"].get() == "25/11/2026"
    window.choose_option("remove_calendar")
    assert window.fields.vars["start_date"].get() == "" and window.fields.error_text("reference") == ""
    window.save_button.invoke()
    stored = services.agenda.get(activity.id)
    assert not stored.in_calendar and stored.due_date == today
    window.choose_option("add_calendar")
    window.choose_option("all_day_on")
    assert window.fields.vars["all_day"].get() and not window.fields.widgets["start_time"].winfo_manager()
    window.save_button.invoke()
    stored = services.agenda.get(activity.id)
    assert stored.all_day and stored.start == dt.datetime(2026, 11, 25) and stored.end == dt.datetime(2026, 11, 26)
    window.choose_option("remove_deadlines")
    window.save_button.invoke()
    assert not services.agenda.get(activity.id).is_deadline


def test_link_a_personal_case_with_associa_and_open_it(ui, services, today, monkeypatch):
    case = services.cases.create_case("Condominio Via Roma c/ Edil", OFFICE, Register.CIVIL,
                                      RoleNumber.parse("1234/2025")).case
    start = dt.datetime.combine(today, dt.time(9))
    activity = saved(services, title="Sopralluogo", start=start, end=start + dt.timedelta(hours=1))
    window = open_activity(ui, activity_id=activity.id)
    assert window.case_panel is None
    picker = window.choose_option("link_case")
    assert isinstance(picker, CasePicker)
    assert picker.tree.get_children() == (str(case.id),)
    assert picker.tree.item(str(case.id), "values")[0] == "Condominio Via Roma c/ Edil"
    picker.associate_button.invoke()
    pump(ui.root)
    assert services.agenda.get(activity.id).personal_case_id == case.id
    panel = window.case_panel
    assert panel.values["Intestazione"].cget("text") == "Condominio Via Roma c/ Edil"
    assert panel.values["Ruolo"].cget("text") == "R.G. n. 1234/2025"
    opened = []
    fake = types.ModuleType("cliens_tk.ui.cases")
    fake.open_case_detail = lambda ctx, case_id=None, record_id=None: opened.append((case_id, record_id))
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.cases", fake)
    panel.open_button.invoke()
    assert opened == [(case.id, None)]
    window.choose_option("unlink_case")
    assert services.agenda.get(activity.id).personal_case_id is None and window.case_panel is None


def test_case_button_says_not_available_until_the_case_window_exists(ui, services, today, monkeypatch):
    case = services.cases.create_case("Fascicolo Verdi", OFFICE, Register.CIVIL).case
    start = dt.datetime.combine(today, dt.time(9))
    activity = saved(services, title="Visita", start=start, end=start + dt.timedelta(hours=1),
                     personal_case_id=case.id)
    window = open_activity(ui, activity_id=activity.id)
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.cases", None)
    answer = answer_dialog(ui.root, "OK")
    window.case_panel.open_button.invoke()
    assert answer.answered and "non ancora disponibile" in answer.message
    assert window.case_panel.values["Ruolo"].cget("text") == "non iscritto a ruolo"


def test_delete_from_options_asks_first(ui, services, today):
    start = dt.datetime.combine(today, dt.time(9))
    activity = saved(services, title="Commercialista", start=start, end=start + dt.timedelta(hours=1))
    window = open_activity(ui, activity_id=activity.id)
    answer = answer_dialog(ui.root, "Annulla")
    window.choose_option("delete")
    assert answer.answered and window.winfo_exists() and services.agenda.get(activity.id)
    answer = answer_dialog(ui.root, "Elimina")
    window.choose_option("delete")
    pump(ui.root)
    assert answer.answered and "Commercialista" in answer.message
    assert services.agenda.day(today) == [] and windows(ui) == []


def test_closing_with_unsaved_changes_asks_and_discard_does_not(ui, services, today):
    start = dt.datetime.combine(today, dt.time(9))
    activity = saved(services, title="Dentista", start=start, end=start + dt.timedelta(hours=1))
    window = open_activity(ui, activity_id=activity.id)
    type_into(window, title="Dentista (spostato)")
    answer = answer_dialog(ui.root, "Annulla")
    key(window.fields.widgets["place"], "Escape")
    assert answer.answered and window.winfo_exists()
    assert window.fields.vars["title"].get() == "Dentista (spostato)"
    window.choose_option("discard")
    pump(ui.root)
    assert not window.winfo_exists() and services.agenda.get(activity.id).title == "Dentista"


def test_a_new_activity_is_saved_only_by_salva_and_then_reopens_in_the_same_window(ui, services, today):
    new = services.agenda.new_in_calendar(dt.datetime.combine(today, dt.time(8)))
    window = open_activity(ui, activity=new)
    assert services.agenda.day(today) == []
    assert window.option_labels()["duplicate"][1] is False
    window.save_button.invoke()
    (stored,) = services.agenda.day(today)
    assert window.activity.id == stored.id
    assert open_activity(ui, activity_id=stored.id) is window


def test_changing_the_kind_to_hearing_shows_the_judge_section(ui, services, today):
    window = open_activity(ui, activity=services.agenda.new_in_calendar(dt.datetime.combine(today, dt.time(8))))
    assert not window.fields.hearing.winfo_manager()
    window.fields.kind_var.set(ActivityKind.HEARING.label)
    window.fields.kind_box.event_generate("<<ComboboxSelected>>")
    pump(ui.root)
    assert window.fields.hearing.winfo_manager()
    type_into(window, judge="Dott. Galli")
    window.save_button.invoke()
    assert services.agenda.day(today)[0].judge == "Dott. Galli"

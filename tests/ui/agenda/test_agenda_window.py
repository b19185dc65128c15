"""The agenda window driven as a person would, on a real Tk under Xvfb and a real archive."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pytest

from cliens_tk.domain.activity import KIND_COLOURS, Activity, ActivityKind
from cliens_tk.ui.agenda import open_agenda
from cliens_tk.ui.agenda.activity_window import ActivityWindow
from cliens_tk.ui.agenda.deadlines_panel import OVERDUE_TEXT, TODAY_BACKGROUND, TODAY_TEXT
from cliens_tk.ui.agenda.layout import View
from cliens_tk.ui.agenda import style
from ui.agenda.gui import answer_dialog, click, double_click, key, new_toplevels, pump, ui  # noqa: F401

pytestmark = pytest.mark.gui


@pytest.fixture
def agenda(ui, today):
    window = open_agenda(ui, today=lambda: today)
    window.geometry("1200x760+0+0")
    pump(ui.root, 0.05)
    window.refresh()
    pump(ui.root)
    return window


def activity_windows(ctx) -> list[ActivityWindow]:
    return new_toplevels(ctx, ActivityWindow)


def centre_of(canvas, tag: str) -> tuple[int, int]:
    x0, y0, x1, y1 = canvas.bbox(tag)
    return int(canvas.canvasx(0) * -1 + (x0 + x1) / 2), int((y0 + y1) / 2 - canvas.canvasy(0))


def cell_centre(agenda, day: dt.date) -> tuple[int, int]:
    x0, y0, x1, y1 = agenda.calendar.body.coords(f"cell{day.toordinal()}")
    return int((x0 + x1) / 2), int(y1 - 8)


def add(services, **fields) -> Activity:
    return services.agenda.save(Activity(**fields))


def test_double_click_on_a_day_creates_an_activity_there_and_saves_it(ui, agenda, services, today):
    body = agenda.calendar.body
    double_click(body, *cell_centre(agenda, today + dt.timedelta(days=2)))
    windows = activity_windows(ui)
    assert len(windows) == 1
    window = windows[0]
    assert window.activity.id is None and window.heading.cget("text") == "Nuova attività"
    assert window.fields.vars["start_date"].get() == "27/11/2026"
    window.fields.vars["title"].set("Sopralluogo in cantiere")
    window.fields.kind_var.set(ActivityKind.OUTSIDE.label)
    window.save_button.invoke()
    pump(ui.root)
    stored = services.agenda.month(today)
    assert [(a.title, a.kind, a.start) for a in stored] == [
        ("Sopralluogo in cantiere", ActivityKind.OUTSIDE, dt.datetime(2026, 11, 27, 9, 0))]
    saved_id = stored[0].id
    # the agenda refreshed itself and shows it in the kind's colour
    assert body.find_withtag(f"a{saved_id}")
    stripes = [i for i in body.find_withtag(f"a{saved_id}") if "stripe" in body.gettags(i)]
    assert body.itemcget(stripes[0], "fill") == KIND_COLOURS[ActivityKind.OUTSIDE]


def test_double_click_on_an_hour_slot_in_day_view_starts_there(ui, agenda, services, today):
    key(agenda.calendar.body, "g")
    assert agenda.view is View.DAY
    body = agenda.calendar.body
    y = int(14.5 * style.HOUR_HEIGHT + 5 - body.canvasy(0))
    double_click(body, style.GUTTER + 100, y)
    window = activity_windows(ui)[0]
    assert (window.fields.vars["start_date"].get(), window.fields.vars["start_time"].get(),
            window.fields.vars["end_time"].get()) == ("25/11/2026", "14:30", "15:30")


def test_double_click_on_the_all_day_row_creates_a_whole_day_activity(ui, agenda, today):
    key(agenda.calendar.body, "s")
    head = agenda.calendar.head
    double_click(head, style.GUTTER + 10, style.HEAD_ROW + 8)
    window = activity_windows(ui)[0]
    assert window.fields.vars["all_day"].get() is True
    assert window.fields.vars["start_date"].get() == "23/11/2026"  # Monday of that week


def test_views_and_navigation_by_keyboard(agenda, today):
    body = agenda.calendar.body
    assert agenda.title_label.cget("text") == "Novembre 2026"
    key(body, "Right")
    assert agenda.title_label.cget("text") == "Dicembre 2026"
    key(body, "Prior")
    key(body, "Prior")
    assert agenda.title_label.cget("text") == "Ottobre 2026"
    key(body, "t")
    key(body, "s")
    assert agenda.title_label.cget("text") == "23 – 29 novembre 2026"
    key(body, "Next")
    assert agenda.title_label.cget("text") == "30 novembre – 6 dicembre 2026"
    key(body, "G")
    key(body, "Left")
    assert agenda.title_label.cget("text") == "Martedì 1 dicembre 2026"
    key(body, "M")
    assert agenda.view is View.MONTH and agenda.view_var.get() == "month"


def test_buttons_and_the_mini_month_move_the_calendar(ui, agenda):
    agenda.next_button.invoke()
    assert agenda.title_label.cget("text") == "Dicembre 2026"
    agenda.view_buttons[View.WEEK].invoke()
    assert agenda.view is View.WEEK
    agenda.today_button.invoke()
    assert agenda.title_label.cget("text") == "23 – 29 novembre 2026"
    agenda.mini.selection_set(dt.date(2027, 3, 3))
    agenda.mini.event_generate("<<CalendarSelected>>")
    pump(ui.root)
    assert agenda.title_label.cget("text") == "1 – 7 marzo 2027"


def test_overlapping_activities_stand_side_by_side_and_all_day_has_its_own_row(ui, agenda, services, today):
    morning = dt.datetime.combine(today, dt.time(10))
    first = add(services, kind=ActivityKind.HEARING, title="Udienza A", start=morning,
                end=morning + dt.timedelta(hours=1))
    second = add(services, kind=ActivityKind.OFFICE, title="Studio B", start=morning + dt.timedelta(minutes=30),
                 end=morning + dt.timedelta(hours=2))
    whole = add(services, kind=ActivityKind.PERSONAL, title="Convegno", start=dt.datetime.combine(today, dt.time(0)),
                end=dt.datetime.combine(today, dt.time(0)) + dt.timedelta(days=1), all_day=True)
    agenda.refresh()
    key(agenda.calendar.body, "s")
    body, head = agenda.calendar.body, agenda.calendar.head
    box_a, box_b = body.coords(f"box{first.id}"), body.coords(f"box{second.id}")
    assert box_a[2] <= box_b[0] + 1  # A left of B
    assert box_a[1] < box_b[1] < box_a[3]  # and they overlap in time
    assert head.find_withtag(f"box{whole.id}") and not body.find_withtag(f"box{whole.id}")


def test_holidays_and_sundays_are_shaded(agenda):
    agenda.go(View.MONTH, dt.date(2026, 12, 1))
    body = agenda.calendar.body
    assert body.itemcget(f"cell{dt.date(2026, 12, 8).toordinal()}", "fill") == style.HOLIDAY  # Immacolata
    assert body.itemcget(f"cell{dt.date(2026, 12, 13).toordinal()}", "fill") == style.HOLIDAY  # Sunday
    assert body.itemcget(f"cell{dt.date(2026, 12, 9).toordinal()}", "fill") == style.BACKGROUND


def test_a_busy_day_says_how_many_more_and_opens_that_day(ui, agenda, services, today):
    for hour in range(8, 18):
        start = dt.datetime.combine(today, dt.time(hour))
        add(services, title=f"Impegno {hour}", start=start, end=start + dt.timedelta(minutes=30))
    agenda.refresh()
    body = agenda.calendar.body
    more = body.find_withtag(f"more{today.toordinal()}")
    assert more and body.itemcget(more[0], "text").startswith("+")
    x0, y0, x1, y1 = body.bbox(more[0])
    click(body, int(x0 + 3), int((y0 + y1) / 2))
    assert agenda.view is View.DAY and agenda.anchor == today


def test_deadline_colours_on_a_fixed_today_and_the_done_toggle(ui, agenda, services, today):
    created = today - dt.timedelta(days=40)
    overdue = add(services, title="Deposito relazione", due_date=today - dt.timedelta(days=2), created_on=created)
    due_today = add(services, title="Invio bozza", due_date=today, created_on=created)
    future = add(services, title="Osservazioni", due_date=today + dt.timedelta(days=9), created_on=created)
    hidden = add(services, title="Non ancora", due_date=today + dt.timedelta(days=60),
                 show_from=today + dt.timedelta(days=30), created_on=created)
    agenda.refresh()
    tree = agenda.deadlines.tree
    rows = tree.get_children()
    assert rows == (str(overdue.id), str(due_today.id), str(future.id))
    assert str(hidden.id) not in rows
    assert tree.item(str(overdue.id), "tags") == ("overdue",)
    assert tree.item(str(due_today.id), "tags") == ("today",)
    assert tree.item(str(future.id), "tags") == ("normal",)
    assert str(tree.tag_configure("overdue", "foreground")) == OVERDUE_TEXT
    assert str(tree.tag_configure("today", "foreground")) == TODAY_TEXT
    assert str(tree.tag_configure("today", "background")) == TODAY_BACKGROUND
    # tick "done" by clicking the first column of the overdue row
    tree.update()
    tree.see(str(overdue.id))
    x, y, width, height = tree.bbox(str(overdue.id), "done")
    click(tree, x + width // 2, y + height // 2)
    pump(ui.root)
    assert services.agenda.get(overdue.id).done is True
    assert tree.item(str(overdue.id), "tags") == ("done",)
    assert tree.set(str(overdue.id), "done") == "☑"
    # and Space on the selected row undoes it
    tree.selection_set(str(overdue.id))
    key(tree, "space")
    pump(ui.root)
    assert services.agenda.get(overdue.id).done is False


def test_delete_deadline_button_only_with_a_selection_and_after_confirmation(ui, agenda, services, today):
    deadline = add(services, title="Richiesta di liquidazione", due_date=today, created_on=today)
    agenda.refresh()
    panel = agenda.deadlines
    assert not panel.delete_button.winfo_manager()
    panel.tree.selection_set(str(deadline.id))
    pump(ui.root)
    assert panel.delete_button.winfo_manager()
    answer = answer_dialog(ui.root, "Annulla")
    panel.delete_button.invoke()
    assert answer.answered and "Richiesta di liquidazione" in answer.message
    assert services.agenda.get(deadline.id)
    answer = answer_dialog(ui.root, "Elimina")
    panel.delete_button.invoke()
    pump(ui.root)
    assert answer.answered
    assert services.agenda.deadlines(today) == []
    assert panel.tree.get_children() == ()
    assert not panel.delete_button.winfo_manager()


def test_deleting_a_deadline_that_is_also_in_the_calendar_keeps_it_in_the_calendar(ui, agenda, services, today):
    start = dt.datetime.combine(today, dt.time(11))
    both = add(services, title="Sopralluogo", start=start, end=start + dt.timedelta(hours=1), due_date=today,
               created_on=today)
    agenda.refresh()
    agenda.deadlines.select(both.id)
    answer = answer_dialog(ui.root, "Togli dalle scadenze")
    agenda.deadlines.delete_button.invoke()
    pump(ui.root)
    assert answer.answered
    kept = services.agenda.get(both.id)
    assert kept.in_calendar and not kept.is_deadline


def test_add_deadline_button_opens_a_new_deadline_due_today(ui, agenda, services, today):
    agenda.deadlines.add_button.invoke()
    window = activity_windows(ui)[0]
    assert window.fields.vars["due_date"].get() == "25/11/2026"
    assert window.fields.vars["start_date"].get() == ""
    window.fields.vars["title"].set("Deposito bozza")
    key(window.fields.widgets["title"], "Return")
    pump(ui.root)
    assert [a.title for a in services.agenda.deadlines(today)] == ["Deposito bozza"]
    assert agenda.deadlines.tree.get_children() == (str(window.activity.id),)


def test_keyboard_selects_opens_and_deletes_with_confirmation(ui, agenda, services, today):
    start = dt.datetime.combine(today, dt.time(9))
    activity = add(services, kind=ActivityKind.OFFICE, title="Calcoli", start=start, end=start + dt.timedelta(hours=1))
    agenda.refresh()
    body = agenda.calendar.body
    key(body, "Tab")
    assert agenda.calendar.selected_id == activity.id
    assert body.itemcget(f"box{activity.id}", "width") == "2.0"  # visible selection
    key(body, "Return")
    assert [w.activity.id for w in activity_windows(ui)] == [activity.id]
    key(activity_windows(ui)[0], "Escape")
    pump(ui.root)
    assert activity_windows(ui) == []
    answer = answer_dialog(ui.root, "Annulla")
    key(body, "Delete")
    assert answer.answered and services.agenda.get(activity.id)
    answer = answer_dialog(ui.root, "Elimina")
    key(body, "Delete")
    pump(ui.root)
    assert answer.answered and "Calcoli" in answer.message
    assert services.agenda.day(today) == []
    assert not body.find_withtag(f"a{activity.id}")


def test_ctrl_n_creates_a_new_activity_today(ui, agenda):
    key(agenda.calendar.body, "n", state=0x4)
    window = activity_windows(ui)[0]
    assert window.activity.id is None
    assert (window.fields.vars["start_date"].get(), window.fields.vars["start_time"].get()) == ("25/11/2026", "09:00")


def test_right_click_duplicates_a_polisweb_activity(ui, agenda, services, today):
    start = dt.datetime.combine(today, dt.time(10))
    court = services.agenda.activities.add(Activity(
        kind=ActivityKind.POLISWEB, title="Udienza Rossi c/ Bianchi", start=start, end=start + dt.timedelta(minutes=30),
        judge="Dott. Verdi", polisweb_key="T-1"))  # as a download stores it
    agenda.refresh()
    body = agenda.calendar.body
    x0, y0, x1, y1 = body.bbox(f"box{court.id}")
    menu = agenda.context_menu
    click(body, int(x0 + 10), int((y0 + y1) / 2), button=3)
    menu.unpost()
    labels = [menu.entrycget(i, "label") for i in range(menu.index("end") + 1) if menu.type(i) == "command"]
    assert "Duplica attività" in labels
    delete_index = next(i for i in range(menu.index("end") + 1)
                        if menu.type(i) == "command" and menu.entrycget(i, "label").startswith("Elimina"))
    assert menu.entrycget(delete_index, "state") == "disabled"
    menu.invoke(labels.index("Duplica attività"))
    pump(ui.root)
    copies = [a for a in services.agenda.day(today) if a.id != court.id]
    assert len(copies) == 1
    copy = copies[0]
    assert (copy.kind, copy.title, copy.judge, copy.polisweb_key) == (ActivityKind.HEARING, court.title, "Dott. Verdi",
                                                                       None)
    window = activity_windows(ui)[0]
    assert window.activity.id == copy.id and str(window.fields.widgets["title"].cget("state")) == "normal"
    assert body.find_withtag(f"a{copy.id}")  # the agenda shows the copy


def test_refreshes_when_another_thread_writes(ui, agenda, services, today):
    start = dt.datetime.combine(today, dt.time(16))

    def write(job):
        services.agenda.save(Activity(title="Scritta dal worker", start=start, end=start + dt.timedelta(hours=1)))

    ui.tasks.submit(write)
    ui.tasks.wait_idle()
    pump(ui.root, 1.8)  # the poll runs every 1.5 s
    titles = [a.title for a in agenda.calendar.activities]
    assert "Scritta dal worker" in titles


def test_status_area_api_for_downloads_and_exports(ui, agenda):
    cancelled = []
    agenda.set_cancel_handler(lambda: cancelled.append(True))
    agenda.show_progress("Scaricamento fascicoli 3 di 10", 0.3)
    pump(ui.root)
    bar = agenda.status_bar
    assert bar.progress_visible and float(bar.progress.cget("value")) == pytest.approx(0.3)
    assert bar.progress_label.cget("text") == "Scaricamento fascicoli 3 di 10"
    bar.cancel_button.invoke()
    assert cancelled == [True]
    agenda.show_progress("Esportazione…", None)
    agenda.set_status("Ultimo scaricamento: oggi")
    assert bar.status.cget("text") == "Ultimo scaricamento: oggi"
    agenda.hide_progress()
    assert not bar.progress_visible and not bar.cancel_button.winfo_manager()


def test_toolbar_hooks_call_the_other_areas_or_say_not_yet_available(ui, agenda, monkeypatch):
    calls = []
    fake = types.ModuleType("cliens_tk.ui.polisweb")
    fake.start_download = lambda ctx, window: calls.append(("download", window))
    fake.open_polisweb_settings = lambda ctx: calls.append(("settings", ctx))
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.polisweb", fake)
    menu = agenda.polisweb_button.menu
    labels = {menu.entrycget(i, "label"): i for i in range(menu.index("end") + 1) if menu.type(i) == "command"}
    menu.invoke(labels["Scarica PolisWeb"])
    menu.invoke(labels["Configura PolisWeb…"])
    assert calls == [("download", agenda), ("settings", ui)]
    answer = answer_dialog(ui.root, "OK")
    menu.invoke(labels["Configura OTP…"])  # the fake area has no such function
    assert answer.answered and "non ancora disponibile" in answer.message
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.export", None)  # the area is missing
    answer = answer_dialog(ui.root, "OK")
    agenda.export_button.invoke()
    assert answer.answered and "non ancora disponibile" in answer.message
    calculator = types.ModuleType("cliens_tk.ui.deadline_calc")
    calculator.open_deadline_calculator = lambda ctx, **kw: calls.append(("calculator", ctx))
    monkeypatch.setitem(sys.modules, "cliens_tk.ui.deadline_calc", calculator)
    agenda.calculator_button.invoke()
    assert calls[-1] == ("calculator", ui)


def test_open_agenda_twice_raises_the_same_window(ui, agenda):
    assert open_agenda(ui) is agenda
    agenda.close()
    pump(ui.root)
    again = open_agenda(ui)
    assert again is not agenda and again.winfo_exists()

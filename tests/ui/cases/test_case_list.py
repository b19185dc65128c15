"""The case list window (6.1-6.2) driven under Xvfb."""

from __future__ import annotations

from cliens_tk.domain.cases import CaseRowKind, RoleNumber
from cliens_tk.domain.offices import Register
from cliens_tk.ui.bus import CASES_CHANGED
from cliens_tk.ui.cases import open_cases
from cliens_tk.ui.cases.case_detail import CaseDetailWindow

MILANO, ROMA = "0151460094", "0580910098"


def _archive(services, helpers):
    services.cases.create_case("CTU Bianchi c/ Condominio Aurora", MILANO, Register.CIVIL)
    services.cases.create_case("Perizia Verdi", ROMA, Register.LABOUR, RoleNumber(2023, 88))
    helpers.downloaded(services, role="1025/2024", plaintiff="Rossi Mario", defendant="Edil Costruzioni S.r.l.")
    neri = helpers.downloaded(services, role="77/2025", plaintiff="Neri Anna", defendant="Banca Popolare",
                              subject="Contratti bancari: usura", judge="Dott. Carlo Gallo")
    services.cases.detail(record_id=neri.id)  # already looked at
    linked = services.cases.create_case("CTU Esposito", MILANO, Register.CIVIL, RoleNumber(2025, 300)).case
    helpers.downloaded(services, role="300/2025", plaintiff="Esposito Luca", defendant="Comune di Milano",
                       subject="Infiltrazioni", parties=[])
    return linked


def _open(ctx, prompts, helpers):
    window = open_cases(ctx, prompts=prompts)
    helpers.wait_until(ctx, lambda: window.loaded)
    return window


def _titles(window):
    return [window.tree.set(iid, "title") for iid in window.visible_iids()]


def test_the_list_shows_every_case_with_its_columns_icon_and_bold_for_unseen(ctx, services, prompts, helpers):
    _archive(services, helpers)
    window = _open(ctx, prompts, helpers)
    rows = {window.tree.set(iid, "title"): iid for iid in window.visible_iids()}
    assert set(rows) == {"CTU Bianchi c/ Condominio Aurora", "Perizia Verdi", "Rossi Mario - Edil Costruzioni S.r.l.",
                         "Neri Anna - Banca Popolare", "CTU Esposito"}
    verdi = window.tree.item(rows["Perizia Verdi"])
    assert verdi["values"][2:] == ["88/2023", "Tribunale di Roma", "Lavoro"]
    rossi = rows["Rossi Mario - Edil Costruzioni S.r.l."]
    assert window.tree.set(rossi, "subject") == "Appalto: vizi dell'opera"
    assert "unseen" in window.tree.item(rossi, "tags")
    assert "unseen" not in window.tree.item(rows["Neri Anna - Banca Popolare"], "tags")
    images = {title: str(window.tree.item(iid, "image")[0]) for title, iid in rows.items()}
    assert images["Perizia Verdi"] == str(window.icons[CaseRowKind.PERSONAL])
    assert images["Neri Anna - Banca Popolare"] == str(window.icons[CaseRowKind.REGISTRY])
    assert images["CTU Esposito"] == str(window.icons[CaseRowKind.BOTH])
    assert "da visionare" in window.status.cget("text")


def test_typing_in_the_search_box_narrows_the_list(ctx, services, prompts, helpers):
    _archive(services, helpers)
    window = _open(ctx, prompts, helpers)
    helpers.type_into(window.search_entry, "ross")
    helpers.wait_until(ctx, lambda: len(window.visible_iids()) == 1)
    assert _titles(window) == ["Rossi Mario - Edil Costruzioni S.r.l."]
    window.query.set("")
    helpers.type_into(window.search_entry, "gallo")  # the judge
    helpers.wait_until(ctx, lambda: _titles(window) == ["Neri Anna - Banca Popolare"])
    window.query.set("88/2023")  # the role
    helpers.wait_until(ctx, lambda: _titles(window) == ["Perizia Verdi"])
    window.query.set("tribunale roma")  # the office, words in any order
    helpers.wait_until(ctx, lambda: _titles(window) == ["Perizia Verdi"])
    window.query.set("usura")  # the subject
    helpers.wait_until(ctx, lambda: _titles(window) == ["Neri Anna - Banca Popolare"])
    window.query.set("comune di milano")  # a party of a case whose heading is the user's own
    helpers.wait_until(ctx, lambda: _titles(window) == ["CTU Esposito"])
    window.query.set("nessuno corrisponde")
    helpers.wait_until(ctx, lambda: _titles(window) == [])
    assert window.status.cget("text").startswith("0 di 5")
    helpers.press(window.search_entry, "<Escape>")
    helpers.wait_until(ctx, lambda: len(window.visible_iids()) == 5)


def test_clicking_a_heading_sorts_and_clicking_again_reverses(ctx, services, prompts, helpers):
    _archive(services, helpers)
    window = _open(ctx, prompts, helpers)
    window.sort_by("role")
    roles = [window.tree.set(i, "role") for i in window.visible_iids()]
    assert roles == ["88/2023", "1025/2024", "77/2025", "300/2025", ""]
    window.sort_by("role")
    assert [window.tree.set(i, "role") for i in window.visible_iids()][-1] == "88/2023"
    assert window.tree.heading("role", "text").endswith("▼")
    window.sort_by("title")
    assert _titles(window) == sorted(_titles(window), key=str.lower)


def test_opening_an_unseen_case_by_double_click_clears_the_bold(ctx, services, prompts, helpers):
    _archive(services, helpers)
    window = _open(ctx, prompts, helpers)
    rossi = next(i for i in window.visible_iids() if window.tree.set(i, "title").startswith("Rossi"))
    helpers.double_click(window.tree, rossi)
    helpers.pump(ctx, 0.1)
    details = [w for w in ctx.root.winfo_children() if isinstance(w, CaseDetailWindow)]
    assert len(details) == 1 and details[0].detail.record.plaintiff == "Rossi Mario"
    assert "unseen" not in window.tree.item(rossi, "tags")
    assert services.cases.get_record(details[0].record_id).seen
    helpers.pump(ctx, 0.1)  # after the reload the archive agrees
    assert "unseen" not in window.tree.item(rossi, "tags")


def test_enter_on_the_selected_row_opens_its_detail(ctx, services, prompts, helpers):
    _archive(services, helpers)
    window = _open(ctx, prompts, helpers)
    helpers.type_into(window.search_entry, "verdi")
    helpers.wait_until(ctx, lambda: len(window.visible_iids()) == 1)
    helpers.press(window.search_entry, "<Down>")
    assert window.focus_get() is window.tree
    helpers.press(window.tree, "<Return>")
    helpers.pump(ctx)
    details = [w for w in ctx.root.winfo_children() if isinstance(w, CaseDetailWindow)]
    assert [d.detail.personal.title for d in details] == ["Perizia Verdi"]


def test_mark_all_seen_from_the_options_menu(ctx, services, prompts, helpers):
    _archive(services, helpers)
    window = _open(ctx, prompts, helpers)
    assert any("unseen" in window.tree.item(i, "tags") for i in window.visible_iids())
    labels = [window.options_menu.entrycget(i, "label") for i in range(window.options_menu.index("end") + 1)]
    window.options_menu.invoke(labels.index("Contrassegna i fascicoli come visionati"))
    helpers.pump(ctx, 0.1)
    assert not any("unseen" in window.tree.item(i, "tags") for i in window.visible_iids())
    assert all(row.seen for row in services.cases.list_rows())
    assert "da visionare" not in window.status.cget("text")


def test_a_download_while_the_list_is_open_shows_the_new_case_in_bold(ctx, services, prompts, helpers):
    window = _open(ctx, prompts, helpers)
    assert window.visible_iids() == ()
    helpers.downloaded(services, role="5/2026", plaintiff="Gialli Ugo", defendant="Alfa S.p.A.")
    ctx.bus.publish(CASES_CHANGED)
    helpers.wait_until(ctx, lambda: len(window.visible_iids()) == 1)
    iid = window.visible_iids()[0]
    assert window.tree.set(iid, "title") == "Gialli Ugo - Alfa S.p.A." and "unseen" in window.tree.item(iid, "tags")


def test_open_cases_twice_brings_the_same_window_forward(ctx, prompts, helpers):
    first = _open(ctx, prompts, helpers)
    assert open_cases(ctx) is first

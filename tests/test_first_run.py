"""First start: the wizard (codice fiscale, demo or empty archive) and the fast path to the window."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
import tkinter

import pytest

from cliens_tk.app import ARCHIVE_FILE_NAME, _apply_first_run_choice, only_window_options
from cliens_tk.ui.first_run import FirstRunChoice, FirstRunWizard
from support.display import private_display as start_private_display

pytestmark = pytest.mark.gui


@pytest.fixture
def wizard_window(tk_root):
    top = tkinter.Toplevel(tk_root)
    results: dict = {}
    wizard = FirstRunWizard(top, on_finish=lambda w, choice: results.setdefault("choice", choice),
                            on_cancel=lambda w: results.setdefault("cancelled", True),
                            ask_leave=lambda parent: results.get("leave_answer", True))
    wizard.pack(fill="both", expand=True)
    tk_root.update()
    yield wizard, results
    top.destroy()
    tk_root.update()


def _press(widget, keysym: str) -> None:
    widget.focus_force()
    widget.update()
    widget.event_generate(f"<KeyPress-{keysym}>")
    widget.update()


def test_a_wrong_tax_code_is_explained_and_kept_for_correction(wizard_window):
    wizard, results = wizard_window
    wizard.tax_code.set("RSSMRA85T10A562T")
    wizard.next_button.invoke()
    assert wizard.step == 1 and "choice" not in results
    assert "carattere di controllo" in wizard.tax_code_message.cget("text")
    assert wizard.tax_code_entry.get() == "RSSMRA85T10A562T"  # nothing typed is lost
    wizard.tax_code.set("RSSMRA85T1")
    wizard.next_button.invoke()
    assert "16 caratteri" in wizard.tax_code_message.cget("text")


def test_a_valid_code_leads_to_the_archive_choice_and_back_keeps_it(wizard_window):
    wizard, results = wizard_window
    wizard.tax_code.set("rssmra85t10a562s")
    assert "valido" in wizard.tax_code_message.cget("text")  # said while typing
    wizard.next_button.invoke()
    assert wizard.step == 2 and wizard.next_button.cget("text") == "Inizia"
    wizard.back_button.invoke()
    assert wizard.step == 1 and wizard.tax_code_entry.get() == "RSSMRA85T10A562S"


def test_choosing_the_empty_archive_finishes_with_the_normalized_code(wizard_window):
    wizard, results = wizard_window
    wizard.tax_code.set(" RSSMRA 85T10 A562S ")
    _press(wizard.tax_code_entry, "Return")
    assert wizard.step == 2
    wizard.empty_radio.invoke()
    _press(wizard.empty_radio, "Return")
    assert results["choice"] == FirstRunChoice(tax_code="RSSMRA85T10A562S", demo=False)


def test_the_demo_archive_is_the_default_choice(wizard_window):
    wizard, results = wizard_window
    wizard.tax_code.set("RSSMRA85T10A56NH")  # an omocodic code is a valid code
    wizard.next_button.invoke()
    wizard.next_button.invoke()
    assert results["choice"] == FirstRunChoice(tax_code="RSSMRA85T10A56NH", demo=True)


def test_escape_asks_before_leaving_and_no_means_stay(wizard_window):
    wizard, results = wizard_window
    wizard.tax_code.set("RSSMRA")
    results["leave_answer"] = False
    _press(wizard.tax_code_entry, "Escape")
    assert "cancelled" not in results and wizard.tax_code.get() == "RSSMRA"
    results["leave_answer"] = True
    wizard.cancel_button.invoke()
    assert results["cancelled"] is True


def test_the_choice_is_applied_to_the_new_archive(services):
    _apply_first_run_choice(services, FirstRunChoice(tax_code="RSSMRA85T10A562S", demo=False))
    assert services.settings.get("tax_code") == "RSSMRA85T10A562S"
    assert not services.is_demo and not services.cases.list_rows("")


def test_the_demo_choice_fills_a_labelled_demo_archive(services):
    _apply_first_run_choice(services, FirstRunChoice(tax_code="RSSMRA85T10A562S", demo=True))
    assert services.is_demo and services.cases.list_rows("")


def test_the_fast_path_knows_the_archive_file_name():
    from cliens_tk.store.archive import ARCHIVE_FILE

    assert ARCHIVE_FILE_NAME == ARCHIVE_FILE


@pytest.mark.parametrize("arguments, window", [
    ([], True), (["--open", "agenda"], True), (["--data-dir", "/x", "-v", "--lang=en"], True),
    (["selftest"], False), (["--open"], False), (["--help"], False), (["--demo"], False),
    (["--data-dir", "/x", "agenda", "list"], False), (["--version"], False),
])
def test_only_plain_window_starts_take_the_fast_path(arguments, window):
    assert only_window_options(arguments) is window


# -- the real program, in its own process (its own Tk root) on its own display --------------------

@pytest.fixture(scope="module")
def private_display():
    with start_private_display() as display:
        yield display


_DISPLAY: dict[str, str] = {}


def _xdotool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=30,
                          env={**os.environ, "DISPLAY": _DISPLAY["display"]})


def _wait_window(name: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _xdotool("search", "--onlyvisible", "--name", name).stdout.split()
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no window named {name!r} appeared")


@pytest.fixture
def program(tmp_path, private_display):
    _DISPLAY["display"] = private_display
    started = []

    def start(*arguments: str) -> subprocess.Popen:
        env = {**os.environ, "DISPLAY": private_display, "CLIENS_TK_DATA_DIR": str(tmp_path / "data"),
               "CLIENS_TK_UPDATE_URL": "http://127.0.0.1:9/manifest.json"}  # no update check on the Internet
        process = subprocess.Popen([sys.executable, "-c", "import sys; from cliens_tk.app import main; "
                                    "sys.exit(main(sys.argv[1:]))", *arguments], env=env)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def _type_into(window: str, text: str, *keys: str) -> None:
    time.sleep(0.5)  # let the program reach its event loop
    _xdotool("windowfocus", "--sync", window)
    if text:
        _xdotool("type", "--window", window, "--delay", "20", text)
        time.sleep(0.3)
    for key in keys:
        _xdotool("key", "--window", window, key)
        time.sleep(0.3)


def test_first_start_asks_the_tax_code_then_opens_the_empty_archive(program, tmp_path):
    process = program()
    window = _wait_window("primo avvio")
    _type_into(window, "rssmra85t10a562s", "Return", "Down", "Return")
    _wait_window("^Cliens TK$")  # the main window, without «ARCHIVIO DIMOSTRATIVO» in the title
    archive = tmp_path / "data" / ARCHIVE_FILE_NAME
    with sqlite3.connect(archive) as db:
        settings = dict(db.execute("SELECT key, value FROM setting").fetchall())
        activities = db.execute("SELECT COUNT(*) FROM activity").fetchone()[0]
    assert settings["tax_code"] == '"RSSMRA85T10A562S"' and activities == 0
    assert "demo_archive" not in settings or settings["demo_archive"] == "false"
    process.terminate()


def test_closing_the_wizard_leaves_nothing_behind(program, tmp_path):
    process = program()
    window = _wait_window("primo avvio")
    _type_into(window, "", "Escape")
    confirm = _wait_window("^Primo avvio$")
    _type_into(confirm, "", "Return")  # «Esci», the default button
    assert process.wait(20) == 0
    assert not (tmp_path / "data" / ARCHIVE_FILE_NAME).exists()


def test_the_first_window_shows_before_the_archive_code_is_imported(tmp_path, private_display):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "cliens_tk", "--data-dir", str(data), "demo", "--cases", "2",
                    "--activities", "5"], check=True, capture_output=True, timeout=120)
    probe = textwrap.dedent("""
        import sys
        import cliens_tk.ui.first_run as first_run
        seen = {}
        original = first_run.StartView.pack
        def pack(self, *args, **kwargs):
            seen.setdefault("heavy", [m for m in ("dataset", "sqlalchemy", "alembic", "PyKCS11", "caldav",
                                                  "cliens_tk.polisweb.tls_adapter") if m in sys.modules])
            return original(self, *args, **kwargs)
        first_run.StartView.pack = pack
        import cliens_tk.app as app
        real_build = app.build_main
        def build_main(ctx, open_window=None):
            window = real_build(ctx, open_window)
            ctx.root.after(100, ctx.root.destroy)
            return window
        app.build_main = build_main
        code = app.main(["--data-dir", sys.argv[1]])
        print("HEAVY", seen["heavy"], "CODE", code)
        """)
    env = {**os.environ, "DISPLAY": private_display, "CLIENS_TK_UPDATE_URL": "http://127.0.0.1:9/manifest.json"}
    result = subprocess.run([sys.executable, "-c", probe, str(data)], capture_output=True, text=True, timeout=120,
                            env=env)
    assert "HEAVY [] CODE 0" in result.stdout, result.stdout + result.stderr

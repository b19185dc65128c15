import json
import os
import subprocess
import sys

import pytest

from cliens_tk.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_dir(data_dir, capsys):
    code, out, _ = run_cli(capsys, "demo", "--cases", "30", "--activities", "150")
    assert code == 0 and "Archivio dimostrativo creato" in out
    return data_dir


def test_demo_then_list_agenda_deadlines_and_cases(demo_dir, capsys):
    code, out, _ = run_cli(capsys, "agenda", "list", "--from", "01/01/2020", "--to", "31/12/2030", "--json")
    agenda = json.loads(out)
    assert code == 0 and len(agenda) > 50
    assert {"HEARING", "POLISWEB", "OFFICE"} <= {a["kind"] for a in agenda}
    code, out, _ = run_cli(capsys, "deadlines", "list", "--json")
    statuses = {d["status"] for d in json.loads(out)}
    assert code == 0 and {"OVERDUE", "DUE_TODAY", "OTHER"} <= statuses
    code, out, _ = run_cli(capsys, "cases", "list", "--json")
    kinds = {c["kind"] for c in json.loads(out)}
    assert code == 0 and kinds == {"PERSONAL", "REGISTRY", "BOTH"}
    code, out, _ = run_cli(capsys, "cases", "list", "--search", "Tribunale di Milano")
    assert code == 0 and "Tribunale di Milano" in out and "fascicoli" in out


def test_demo_refuses_an_archive_with_data(demo_dir, capsys):
    code, _, err = run_cli(capsys, "demo")
    assert code == 2 and "contiene già dati" in err and "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    (("agenda", "list", "--from", "31/02/2026", "--to", "01/03/2026"), "data non valida"),
    (("agenda", "list", "--from", "02/03/2026", "--to", "01/03/2026"), "prima di quella iniziale"),
    (("agenda", "list"), "mancano questi argomenti"),
    (("cases", "list"), "Nessun archivio"),
    (("restore", "/nonexistent/backup.sqlite"), "non trovato"),
    (("nonsense",), "scelta non valida"),
])
def test_bad_input_gives_one_italian_line_and_exit_2(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_backup_and_restore(demo_dir, capsys):
    code, out, _ = run_cli(capsys, "backup", "--to", str(demo_dir.parent / "copy.sqlite"))
    assert code == 0 and (demo_dir.parent / "copy.sqlite").exists()
    code, out, _ = run_cli(capsys, "restore", str(demo_dir.parent / "copy.sqlite"))
    assert code == 0 and "conservato" in out


def test_data_dir_option_wins_over_the_environment(tmp_path, capsys):
    target = tmp_path / "elsewhere"
    code, out, _ = run_cli(capsys, "--data-dir", str(target), "demo", "--cases", "3", "--activities", "10")
    assert code == 0 and (target / "cliens-tk.sqlite").exists()


def test_english_help_is_available(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    assert "usage:" in out and "shows the version and exits" in out


def test_module_entry_point_and_selftest_run_headless(data_dir):
    env = {**os.environ, "CLIENS_TK_DATA_DIR": str(data_dir)}
    env.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "cliens_tk", "selftest"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tutto in ordine" in result.stdout and "ttkbootstrap" in result.stdout
    version = subprocess.run([sys.executable, "-m", "cliens_tk", "--version"], capture_output=True, text=True,
                             env=env, timeout=60)
    assert version.stdout.startswith("cliens-tk ")


def test_logs_are_private_and_never_hold_secrets(data_dir, capsys):
    import logging

    run_cli(capsys, "demo", "--cases", "2", "--activities", "5")
    logging.getLogger("cliens_tk.test").warning("login with pin=123456 and password: hunter2")
    logs = list((data_dir / "logs").glob("*.log"))
    assert logs and all(oct(os.stat(p).st_mode)[-3:] == "600" for p in logs)
    text = "".join(p.read_text() for p in logs)
    assert "123456" not in text and "hunter2" not in text and "pin=***" in text

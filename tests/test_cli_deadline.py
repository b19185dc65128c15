"""``cliens-tk deadline compute``: the date and the explanation on the command line.

Dates: art. 155 c.p.c. and L. 260/1949 (Easter Monday 6 April 2026 -> Tuesday 7 April); art. 1
L. 742/1969 (ddp.it 2023 example: 60 days from 20 July 2023 -> 19 October 2023); D.P.R. 792/1985
(29 June is a holiday only in Rome); art. 3 L. 742/1969 (labour matters: no suspension).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cliens_tk.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["deadline", "compute", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_days_with_holiday_prints_date_and_explanation(capsys) -> None:
    code, out, err = run(capsys, "--from", "27/03/2026", "--days", "10")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "Scadenza: martedì 7 aprile 2026 (07/04/2026)"
    assert "Lunedì dell'Angelo" in out and "art. 155, quarto comma, c.p.c." in out


def test_august_is_skipped_unless_told_otherwise(capsys) -> None:
    assert "(19/10/2023)" in run(capsys, "--from", "20/07/2023", "--days", "60")[1]
    code, out, _err = run(capsys, "--from", "20/07/2023", "--days", "60", "--no-suspension")
    assert code == 0 and "(18/09/2023)" in out
    assert "(18/09/2023)" in run(capsys, "--from", "20/07/2023", "--days", "60", "--matter", "labour")[1]


def test_rome_seat_and_backward_terms(capsys) -> None:
    # 10 days from 19 June 2026 end Monday 29 June: a holiday only in Rome (D.P.R. 792/1985).
    assert "(29/06/2026)" in run(capsys, "--from", "19/06/2026", "--days", "10", "--seat", "Milano")[1]
    assert "(30/06/2026)" in run(capsys, "--from", "19/06/2026", "--days", "10", "--seat", "Roma")[1]
    # at least 20 days before 10 September 2026, August not counted -> 21 July 2026
    assert "(21/07/2026)" in run(capsys, "--from", "10/09/2026", "--days-before", "20")[1]


def test_json_output(capsys) -> None:
    code, out, _err = run(capsys, "--from", "2026-07-10", "--months", "2", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["deadline"] == "2026-10-12" and data["kind"] == "months"
    assert any(rule["code"] == "suspension_months" for rule in data["rules"])


@pytest.mark.parametrize("args, message", [
    (["--from", "32/03/2026", "--days", "10"], "data non valida"),
    (["--from", "01/03/2026"], "serve uno di questi argomenti"),
    (["--from", "01/03/2026", "--days", "3", "--months", "2"], "non ammesso insieme"),
    (["--from", "01/03/2026", "--days", "0"], "non valido"),
    (["--from", "01/03/1980", "--days", "3"], "dal 1986"),
])
def test_errors_are_one_italian_line_and_exit_2(capsys, args, message) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_installed_command_in_a_subprocess(data_dir) -> None:
    env = {**os.environ, "CLIENS_TK_DATA_DIR": str(data_dir), "CLIENS_TK_LANG": "it"}
    done = subprocess.run(
        [sys.executable, "-m", "cliens_tk", "deadline", "compute", "--from", "15/08/2025", "--free-days-before",
         "10"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    # 10 free days before 15 August 2025, August not counted: the free days are 22-31 July, so
    # the act is due by Monday 21 July 2025 (art. 155 c.1 c.p.c.; Cass. n. 19530/2005).
    assert done.stdout.startswith("Scadenza: lunedì 21 luglio 2025 (21/07/2025)")
    assert "giorni liberi" in done.stdout

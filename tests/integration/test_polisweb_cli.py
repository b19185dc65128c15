"""``cliens-tk polisweb ...`` and ``cliens-tk emulator ...`` headless, and ``--demo`` as a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from cliens_tk import cli
from cliens_tk.polisweb.emulator import DEMO_TAX_CODE, Emulator


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    with Emulator(tmp_path_factory.mktemp("cli-emulator"), seed=4, cases=10, now=dt.datetime(2025, 3, 10)) as em:
        yield em


def test_demo_polisweb_test_as_a_subprocess(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("CLIENS_TK_DATA_DIR", "CLIENS_TK_PIN")}
    data = tmp_path / "demo-data"
    result = subprocess.run([sys.executable, "-m", "cliens_tk", "--data-dir", str(data), "--demo", "polisweb", "test"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Collegamento a PolisWeb riuscito" in result.stdout and DEMO_TAX_CODE in result.stdout
    status = subprocess.run([sys.executable, "-m", "cliens_tk", "--data-dir", str(data), "--demo", "polisweb",
                             "status", "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["access"]["mode"] == "pem" and report["tax_code"] == DEMO_TAX_CODE
    assert {o["code"] for o in report["offices"]} >= {"0151460094", "0151460095"}


def test_demo_refuses_a_real_archive(tmp_path, capsys):
    from cliens_tk.services.context import AppServices

    services = AppServices.open(tmp_path / "real")
    services.archive.execute("INSERT INTO personal_case (title, office_code, register, created_on) "
                             "VALUES ('Mio fascicolo', '0151460094', 'CC', '2026-01-01')")
    services.close()
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "real"), "--demo", "polisweb", "status")
    assert code == 2 and "archivio vero" in err


def test_configure_status_and_test_with_pem(emulator, capsys, data_dir):
    code, out, err = run(capsys, "polisweb", "configure", "--url", emulator.base_url, "--ca-file",
                         str(emulator.ca_file), "--cert", str(emulator.client_cert_file), "--key",
                         str(emulator.client_key_file), "--office", "0151460094", "--register", "CC",
                         "--register", "LAV", "--start-year", "2021", "--tax-code", DEMO_TAX_CODE)
    assert code == 0, err
    code, out, err = run(capsys, "polisweb", "status")
    assert code == 0
    assert "[x] Civile contenzioso *" in out and "[x] Lavoro *" in out and "[ ] Volontaria giurisdizione" in out
    assert "Anno iniziale: 2021" in out
    code, out, err = run(capsys, "polisweb", "test")
    assert code == 0 and "Tribunale di Milano" in out
    emulator.inject(403, query="TestWS", times=1)
    code, out, err = run(capsys, "polisweb", "test")
    emulator.clear_injections()
    assert code == 1 and "non risulta abilitato" in err and "Traceback" not in err


def test_bad_input_exits_2_with_one_italian_line(capsys, data_dir):
    for argv, words in (
        (("polisweb", "configure", "--start-year", "19x"), "Anno iniziale non valido"),
        (("polisweb", "configure", "--office", "0151460095", "--register", "CC"), "non offre il registro"),
        (("polisweb", "configure", "--office", "9999999999"), "Ufficio sconosciuto"),
        (("polisweb", "configure", "--url", "http://pda.example.it"), "https://"),
        (("polisweb", "configure", "--register", "XX"), "Registro sconosciuto"),
    ):
        code, _out, err = run(capsys, *argv)
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1, (argv, err)


def test_pin_from_the_environment_and_token_absent(capsys, data_dir, monkeypatch):
    from support.softhsm import softhsm_module

    if softhsm_module() is None:
        pytest.skip("SoftHSM2 is not installed")
    run(capsys, "polisweb", "configure", "--pkcs11-module", softhsm_module(), "--token-label", "NON-INSERITA")
    monkeypatch.setenv("CLIENS_TK_PIN", "123456")
    code, _out, err = run(capsys, "polisweb", "test")
    assert code == 1 and "Smart card «NON-INSERITA» non trovata" in err and "123456" not in err


def test_offices_update_and_search(emulator, capsys, data_dir):
    run(capsys, "polisweb", "configure", "--url", emulator.base_url, "--ca-file", str(emulator.ca_file),
        "--cert", str(emulator.client_cert_file), "--key", str(emulator.client_key_file))
    code, out, err = run(capsys, "polisweb", "offices", "update")
    assert code == 0, err
    assert "Elenchi ministeriali aggiornati" in out
    code, out, _err = run(capsys, "polisweb", "offices", "search", "giudice", "pace", "milano")
    assert code == 0 and "0151460095" in out


def test_emulator_command_prints_the_truth(tmp_path, capsys):
    code, out, _err = run(capsys, "emulator", "truth", "--state", str(tmp_path / "state"), "--cases", "3",
                          "--now", "2025-03-10T09:00")
    assert code == 0
    assert len(json.loads(out)["cases"]) == 3

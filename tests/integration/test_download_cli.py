"""``cliens-tk polisweb download`` as a user runs it, and killed at random points.

The emulator runs in the test process; the download runs as a separate process over mutual TLS
with the demo certificate. A download killed with SIGKILL must leave a sound archive, and the
next download must converge to the emulator's data.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from cliens_tk.domain.activity import ActivityKind
from cliens_tk.services.context import AppServices


@pytest.fixture
def configured(tmp_path):
    from cliens_tk.polisweb.emulator import Emulator
    from cliens_tk.services.polisweb_demo import configure_for

    data = tmp_path / "archive"
    AppServices.open(data).close()
    emulator = Emulator(tmp_path / "emulator", seed=11, cases=40, latency=0.01)
    emulator.start()
    configure_for(data, emulator)
    yield data, emulator
    emulator.stop()


def cli(data, *args, **kwargs):
    env = {**os.environ, "CLIENS_TK_DATA_DIR": str(data)}
    return subprocess.Popen([sys.executable, "-m", "cliens_tk", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def snapshot(data):
    services = AppServices.open(data, create=False)
    try:
        records = sorted((r.office_code, r.register.value, r.role.year, r.role.number)
                         for r in services.cases.repo.records())
        hearings = sorted((a.polisweb_key, a.start) for a in services.agenda.activities.all()
                          if a.kind is ActivityKind.POLISWEB)
        integrity = services.archive.read("PRAGMA integrity_check")[0]["integrity_check"]
        return records, hearings, integrity
    finally:
        services.close()


def test_download_and_purge_from_the_command_line(configured):
    data, emulator = configured
    process = cli(data, "polisweb", "download")
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "fascicoli scaricati" in out and "%]" in err and "Traceback" not in err
    records, hearings, _ = snapshot(data)
    assert records and hearings
    refused = cli(data, "polisweb", "purge")
    _, err = refused.communicate(timeout=60)
    assert refused.returncode == 2 and "--yes" in err
    purge = cli(data, "polisweb", "purge", "--yes")
    out, _ = purge.communicate(timeout=60)
    assert purge.returncode == 0 and "Eliminati" in out
    assert snapshot(data)[:2] == ([], [])


def test_a_failing_register_gives_exit_code_1_and_says_what_to_do(configured):
    data, emulator = configured
    emulator.inject(500, office="0580910098")
    process = cli(data, "polisweb", "download")
    out, err = process.communicate(timeout=300)
    assert process.returncode == 1
    assert "Non riuscito: Tribunale di Roma" in out and "Riprovare" in out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_download_killed_at_a_random_point_leaves_a_sound_archive_that_converges(configured, seed):
    data, emulator = configured
    rng = random.Random(seed)
    for _attempt in range(2):
        process = cli(data, "polisweb", "download")
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        assert snapshot(data)[2] == "ok"
    final = cli(data, "polisweb", "download")
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    converged = snapshot(data)
    clean_dir = data.parent / "clean"
    from cliens_tk.services.polisweb_demo import configure_for

    AppServices.open(clean_dir).close()
    configure_for(clean_dir, emulator)
    clean = cli(clean_dir, "polisweb", "download")
    clean.communicate(timeout=300)
    assert converged == snapshot(clean_dir)
    assert converged[0] and converged[1]

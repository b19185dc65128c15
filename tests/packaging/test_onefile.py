"""The built one-file program (``python build/build.py`` makes ``dist/cliens-tk``): its selftest
passes headless, and it opens its main window and the agenda under Xvfb.

Skipped, with the reason, when the program has not been built (CI builds it before the tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.display import private_display as start_private_display

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "dist" / ("cliens-tk.exe" if sys.platform.startswith("win") else "cliens-tk")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PROGRAM.exists(), reason=f"{PROGRAM} not built: run `python build/build.py` first"),
]


def _run(*arguments: str, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(PROGRAM), *arguments], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def private_display():
    with start_private_display() as display:
        yield display


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "CLIENS_TK_DATA_DIR": str(tmp_path / "data"), "CLIENS_TK_LANG": "it",
            "CLIENS_TK_UPDATE_URL": "http://127.0.0.1:9/manifest.json"}  # no update check on the Internet


def test_the_built_program_passes_its_selftest_headless(env):
    headless = {k: v for k, v in env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = _run("selftest", env=headless)
    assert result.returncode == 0, result.stdout + result.stderr
    for expected in ("Tutto in ordine", "PIL._tkinter_finder", "Moduli del programma", "File di dati: 8 su 8"):
        assert expected in result.stdout


def test_the_built_program_knows_its_version(env):
    sys.path.insert(0, str(ROOT))
    from cliens_tk import __version__

    assert _run("--version", env=env).stdout.strip() == f"cliens-tk {__version__}"


def test_the_built_program_makes_a_window_with_pil_images_on_a_display(env, private_display):
    result = _run("selftest", env={**env, "DISPLAY": private_display})
    assert result.returncode == 0 and "immagini PIL ok" in result.stdout, result.stdout + result.stderr


def _visible_windows(pattern: str, display: str) -> list[str]:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", pattern], capture_output=True,
                           text=True, timeout=30, env={**os.environ, "DISPLAY": display})
    return found.stdout.split()


def _wait_for(pattern: str, process: subprocess.Popen, display: str, timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        windows = _visible_windows(pattern, display)
        if windows:
            return windows
        if process.poll() is not None:
            raise AssertionError(f"the program ended (exit code {process.returncode}) before showing {pattern!r}")
        time.sleep(0.2)
    raise AssertionError(f"no window {pattern!r} within {timeout} s")


def test_the_built_program_opens_the_main_window_and_the_agenda(env, tmp_path, private_display):
    made = _run("demo", "--cases", "5", "--activities", "40", env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    process = subprocess.Popen([str(PROGRAM), "--open", "agenda"], env={**env, "DISPLAY": private_display},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for("^Cliens TK", process, private_display)
        assert _wait_for("^Agenda", process, private_display)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    logs = list((tmp_path / "data" / "logs").glob("*.log"))
    assert logs and "Traceback" not in "".join(p.read_text(encoding="utf-8") for p in logs)

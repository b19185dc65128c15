"""Start-up benchmark: size of the one-file program and time from launch to the windows.

    python tests/benchmarks/bench_startup.py [--runs 5] [--activities 10000]

Prints, for each way of starting (the built one-file program, and from source through the
``cliens-tk`` console script and through the built program's own fast entry), the median over
``--runs`` launches of the time to the first window and to the agenda window (``--open agenda``,
detected by its title with ``xdotool``), on an archive with ``--activities`` activities. Starts its
own Xvfb unless ``--display`` is given. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "dist" / "cliens-tk"
FIRST_WINDOW = "^Cliens TK"
AGENDA_WINDOW = "^Agenda"  # mapped once its first period is loaded (it loads before it shows)


def start_xvfb() -> tuple[subprocess.Popen, str]:
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as handle:
        number = handle.readline().strip()
    return server, f":{number}"


def wait_window(pattern: str, env: dict, found: dict, key: str, started: float) -> None:
    try:
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", pattern], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        return  # reported as nan
    found[key] = time.perf_counter() - started


def one_start(command: list[str], env: dict) -> tuple[float, float]:
    found: dict[str, float] = {}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    waiters = [threading.Thread(target=wait_window, args=(pattern, env, found, key, started))
               for pattern, key in ((FIRST_WINDOW, "first"), (AGENDA_WINDOW, "agenda"))]
    for waiter in waiters:
        waiter.start()
    for waiter in waiters:
        waiter.join(130)
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return found.get("first", float("nan")), found.get("agenda", float("nan"))


def measure(label: str, command: list[str], env: dict, runs: int) -> None:
    one_start(command, env)  # warm the file cache once: «cold» means a new process, not a cold disk
    firsts, agendas = [], []
    for _ in range(runs):
        first, agenda = one_start(command, env)
        firsts.append(first)
        agendas.append(agenda)
    print(f"{label:<44} first window {statistics.median(firsts):6.3f} s   agenda {statistics.median(agendas):6.3f} s"
          f"   (agenda runs: {', '.join(f'{a:.2f}' for a in agendas)})", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--display", help="use this X display instead of starting Xvfb")
    args = parser.parse_args(argv)
    if not shutil.which("xdotool"):
        raise SystemExit("xdotool is needed (apt install xdotool)")
    xvfb = None
    display = args.display
    if display is None:
        xvfb, display = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            data = Path(scratch) / "data"
            env = {**os.environ, "DISPLAY": display, "CLIENS_TK_DATA_DIR": str(data), "CLIENS_TK_LANG": "it",
                   "CLIENS_TK_UPDATE_URL": "http://127.0.0.1:9/manifest.json"}
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cliens_tk", "demo", "--cases", str(max(60, args.activities // 5)),
                            "--activities", str(args.activities)], env=env, check=True, stdout=subprocess.DEVNULL)
            print(f"archive with {args.activities} activities made in {time.perf_counter() - started:.1f} s",
                  flush=True)
            if PROGRAM.exists():
                print(f"one-file program: {PROGRAM.stat().st_size / 1e6:.1f} MB ({PROGRAM})", flush=True)
                measure("one-file (dist/cliens-tk --open agenda)", [str(PROGRAM), "--open", "agenda"], env, args.runs)
            else:
                print(f"one-file program not built ({PROGRAM}): run python build/build.py")
            console_script = Path(sys.executable).with_name("cliens-tk")
            if console_script.exists():
                measure("source (cliens-tk --open agenda)", [str(console_script), "--open", "agenda"], env, args.runs)
            measure("source (fast entry: specs/cliens_tk_entry.py)",
                    [sys.executable, str(ROOT / "specs" / "cliens_tk_entry.py"), "--open", "agenda"], env, args.runs)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())

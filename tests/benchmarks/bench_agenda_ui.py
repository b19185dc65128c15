"""Agenda window speed with 10,000 activities: open, switch view, next month, main-loop stalls.

Run: python tests/benchmarks/bench_agenda_ui.py [--activities N]
Starts its own Xvfb when no display is set. Prints figures; targets: switch <= 30 ms, no stall > 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 25)


def start_display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    number = next(n for n in range(93, 140) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    process = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = f":{number}"
    for _ in range(50):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.1)
    return process


def timed(root, action) -> float:
    """Milliseconds from the action until the window has drawn it."""
    started = time.perf_counter()
    action()
    root.update_idletasks()
    root.update()
    return (time.perf_counter() - started) * 1000


def longest_stall(root, agenda, months: int = 12, step_ms: int = 120, beat_ms: int = 10) -> tuple[float, float]:
    """Scroll month by month through the main loop while a heartbeat measures the longest gap."""
    beats: list[float] = []
    state = {"moved": 0, "done": False}

    def heartbeat() -> None:
        beats.append(time.perf_counter())
        if not state["done"]:
            root.after(beat_ms, heartbeat)

    def step() -> None:
        agenda.move(1)
        state["moved"] += 1
        if state["moved"] < months:
            root.after(step_ms, step)
        else:
            root.after(step_ms, finish)

    def finish() -> None:
        state["done"] = True
        root.quit()

    root.after(beat_ms, heartbeat)
    root.after(step_ms, step)
    root.mainloop()
    gaps = [(b - a) * 1000 for a, b in zip(beats, beats[1:])]
    return max(gaps) - beat_ms, statistics.median(gaps) - beat_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    display = start_display()
    data = Path(tempfile.mkdtemp(prefix="cliens-bench-"))
    os.environ["CLIENS_TK_DATA_DIR"] = str(data)
    try:
        from cliens_tk import i18n
        from cliens_tk.services.context import AppServices
        from cliens_tk.services.demo import fill_demo
        from cliens_tk.ui.agenda import open_agenda
        from cliens_tk.ui.agenda.layout import View
        from cliens_tk.ui.app import UiContext, create_root

        i18n.install("it")
        services = AppServices.open(data)
        started = time.perf_counter()
        fill_demo(services, cases=args.cases, activities=args.activities, today=TODAY)
        print(f"demo archive: {services.agenda.activities.count()} activities "
              f"({time.perf_counter() - started:.1f} s to create)")
        root = create_root("bench")
        root.withdraw()
        ctx = UiContext(root, services)
        holder = {}
        open_ms = timed(root, lambda: holder.setdefault("agenda", open_agenda(ctx, today=lambda: TODAY)))
        agenda = holder["agenda"]
        agenda.geometry("1360x840+0+0")
        root.update()
        agenda.go(View.MONTH, TODAY)
        root.update()
        shown = len(agenda.calendar.activities)
        print(f"open the agenda (month view, deadlines list of {len(agenda.deadlines.tree.get_children())}): "
              f"{open_ms:.1f} ms")
        print(f"activities in the month grid: {shown}")
        switches = {"month -> week": [], "week -> day": [], "day -> month": []}
        next_month: list[float] = []
        for _round in range(5):
            switches["month -> week"].append(timed(root, lambda: agenda.go(View.WEEK)))
            switches["week -> day"].append(timed(root, lambda: agenda.go(View.DAY)))
            switches["day -> month"].append(timed(root, lambda: agenda.go(View.MONTH)))
        for name, values in switches.items():
            print(f"switch {name}: median {statistics.median(values):.1f} ms, max {max(values):.1f} ms")
        agenda.go(View.MONTH, TODAY)
        root.update()
        for _month in range(12):
            next_month.append(timed(root, lambda: agenda.move(1)))
        print(f"next month (12 moves): median {statistics.median(next_month):.1f} ms, max {max(next_month):.1f} ms")
        week_moves = [timed(root, lambda: (agenda.go(View.WEEK), agenda.move(1))) for _ in range(12)]
        print(f"next week: median {statistics.median(week_moves):.1f} ms, max {max(week_moves):.1f} ms")
        agenda.go(View.MONTH, TODAY)
        root.update()
        worst, typical = longest_stall(root, agenda)
        print(f"scrolling 12 months through the main loop: longest stall {worst:.1f} ms "
              f"(median beat delay {typical:.1f} ms)")
        refresh = timed(root, agenda.refresh)
        print(f"full refresh (after an archive change): {refresh:.1f} ms")
        ctx.close()
        root.destroy()
        services.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)
        if display is not None:
            display.terminate()
            display.wait(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())

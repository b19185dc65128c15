"""Case windows with 10,000 cases: opening the list, filtering per keystroke, a detail with 200 activities.

Run: ``python tests/benchmarks/bench_cases_ui.py`` (needs a display; use ``xvfb-run -a`` on a server).
Prints figures; targets from the issue: list open <= 300 ms, filter <= 20 ms per keystroke.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

CASES = 10_000
ACTIVITIES = 10_000
DETAIL_ACTIVITIES = 200


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _prepare(data_dir: Path):
    from cliens_tk.domain.activity import Activity, ActivityKind
    from cliens_tk.domain.offices import Register
    from cliens_tk.services.context import AppServices
    from cliens_tk.services.demo import fill_demo

    services = AppServices.open(data_dir)
    started = time.perf_counter()
    fill_demo(services, cases=CASES, activities=ACTIVITIES, seed=7)
    case = services.cases.create_case("Benchmark: fascicolo con 200 attività", "0151460094", Register.CIVIL).case
    day = dt.datetime(2026, 1, 5, 9)
    services.agenda.activities.add_many([
        Activity(kind=ActivityKind.OFFICE, title=f"Attività {i}", start=day + dt.timedelta(days=i),
                 end=day + dt.timedelta(days=i, hours=1), place="Studio", personal_case_id=case.id)
        for i in range(DETAIL_ACTIVITIES)
    ])
    print(f"archive prepared: {CASES} cases, {ACTIVITIES} activities in {time.perf_counter() - started:.1f} s")
    return services, case.id


def _wait(ctx, condition) -> None:
    while not condition():
        ctx.tasks.wait_idle()
        ctx.root.update()
        time.sleep(0.001)


def main() -> None:
    os.environ.setdefault("CLIENS_TK_LANG", "it")
    data_dir = Path(tempfile.mkdtemp(prefix="bench-cases-"))
    services, case_id = _prepare(data_dir)

    from cliens_tk.ui.app import UiContext, create_root
    from cliens_tk.ui.cases import open_case_detail, open_cases
    from cliens_tk.ui.cases.case_list import CaseListWindow

    root = create_root("bench")
    root.withdraw()
    ctx = UiContext(root, services)

    services.cases.list_rows("")  # warm the SQLite page cache, as a running app would have it
    started = time.perf_counter()
    window = open_cases(ctx)
    root.update()
    shown = time.perf_counter() - started
    _wait(ctx, lambda: window.loaded)
    root.update()
    filled = time.perf_counter() - started
    print(f"list window shown (Tk thread busy):      {_ms(shown)}")
    print(f"list window filled with {len(window.visible_iids())} rows:     {_ms(filled)}")

    timings = {}
    for name, call in (("archive read (worker): list_rows('')", lambda: services.cases.list_rows("")),
                       ("office names", services.offices.names)):
        begun = time.perf_counter()
        call()
        timings[name] = time.perf_counter() - begun
    rows = services.cases.list_rows("")
    from cliens_tk.ui.cases.list_model import make_entries, sorted_entries

    begun = time.perf_counter()
    entries = make_entries(rows, services.offices.names())
    ordered = sorted_entries(entries, "title")
    timings["entries built and sorted (worker)"] = time.perf_counter() - begun
    for name, value in timings.items():
        print(f"  {name:40s} {_ms(value)}")
    window2 = CaseListWindow(ctx)
    _wait(ctx, lambda: window2.loaded)
    window2.tree.delete(*window2.tree.get_children())
    window2.entries = {}
    begun = time.perf_counter()
    window2.apply_rows(entries, ordered)
    root.update_idletasks()
    print(f"  {'tree filled from memory (Tk thread)':40s} {_ms(time.perf_counter() - begun)}")
    window2.destroy()

    per_key = []
    for query in ("r", "ro", "ros", "ross", "rossi", "rossi m", "rossi ma", "tribunale", "2024", "1234/2"):
        window.query.set(query)
        _wait(ctx, lambda: window._filter_after is None and window._search_after is None
              and window._searching is None)  # settle; then time what one keystroke costs
        begun = time.perf_counter()
        window._filter_now()  # what the debounce timer runs: in-memory filter + tree update
        root.update_idletasks()
        elapsed = time.perf_counter() - begun
        per_key.append(elapsed)
        begun = time.perf_counter()
        found = services.cases.list_rows(query)
        archive = time.perf_counter() - begun
        print(f"filter {query!r:12s} -> {len(window.visible_iids()):5d} rows: {_ms(elapsed)} on the Tk thread"
              f" (archive search after the pause, on the worker: {_ms(archive)}, {len(found)} rows)")
    print(f"filter per keystroke: median {_ms(statistics.median(per_key))}, max {_ms(max(per_key))}")
    window.query.set("")
    window._filter_now()

    begun = time.perf_counter()
    detail = open_case_detail(ctx, case_id=case_id, open_file=None)
    root.update()
    print(f"detail with {len(detail.activity_tree.get_children())} activities opened: "
          f"{_ms(time.perf_counter() - begun)}")
    begun = time.perf_counter()
    services.cases.detail(case_id=case_id, mark_seen=False)
    print(f"  {'of which archive read':40s} {_ms(time.perf_counter() - begun)}")
    detail.destroy()
    begun = time.perf_counter()
    detail = open_case_detail(ctx, case_id=case_id, open_file=None)
    root.update()
    print(f"the same detail opened again:            {_ms(time.perf_counter() - begun)}")

    ctx.close()
    root.destroy()
    services.close()


if __name__ == "__main__":
    sys.exit(main())

"""Archive benchmarks: prints figures, asserts nothing.

    python tests/benchmarks/bench_archive.py [--activities 10000] [--cases 10000]

Creates a demo archive in a temporary folder, then times the queries the windows run most:
a month of the agenda, the deadlines list, and a case search. Targets (issue): month query
<= 5 ms, case search <= 20 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from cliens_tk.services.context import AppServices
from cliens_tk.services.demo import fill_demo


def timed(function, repeat: int = 30) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        services = AppServices.open(Path(folder))
        start = time.perf_counter()
        fill_demo(services, cases=args.cases, activities=args.activities)
        print(f"demo archive ({args.cases} cases, {args.activities} activities): "
              f"{time.perf_counter() - start:.2f} s")
        today = dt.date.today()
        month = len(services.agenda.month(today))
        median, worst = timed(lambda: services.agenda.month(today))
        print(f"month range query ({month} activities): median {median:.2f} ms, max {worst:.2f} ms (target <= 5 ms)")
        median, worst = timed(lambda: services.agenda.week(today))
        print(f"week range query: median {median:.2f} ms, max {worst:.2f} ms")
        count = len(services.agenda.deadlines(today))
        median, worst = timed(lambda: services.agenda.deadlines(today))
        print(f"deadline list ({count} rows): median {median:.2f} ms, max {worst:.2f} ms")
        for text in ("rossi", "1025/2024", "appalto", "milano"):
            found = len(services.cases.list_rows(text))
            median, worst = timed(lambda: services.cases.list_rows(text), repeat=15)
            print(f"case search {text!r} ({found} rows): median {median:.2f} ms, max {worst:.2f} ms (target <= 20 ms)")
        median, worst = timed(lambda: services.cases.list_rows(""), repeat=10)
        print(f"whole case list: median {median:.2f} ms, max {worst:.2f} ms")
        services.close()


if __name__ == "__main__":
    main()

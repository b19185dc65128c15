"""Calendar export benchmark: a full export of 1,000 activities to a real Radicale server, and the
cost of one edit afterwards (requests and time). Prints figures; asserts nothing about speed.

Run: python tests/benchmarks/bench_export.py [--activities N] [--no-fsync]
Radicale keeps its default fsync per write unless --no-fsync (what a real server on disk does).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "export"))

import keyring  # noqa: E402

from radicale_server import PASSWORD, CountingProxy, FileKeyring, RadicaleServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--no-fsync", action="store_true")
    options = parser.parse_args()

    from cliens_tk.export.caldav_client import CalendarInfo
    from cliens_tk.services.context import AppServices
    from cliens_tk.services.demo import fill_demo
    from cliens_tk.services.export import ExportService
    from cliens_tk.services.export_setup import ServerKind

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        keyring.set_keyring(FileKeyring(tmp / "keyring.json"))
        server = RadicaleServer(tmp / "radicale", fsync=not options.no_fsync)
        server.start()
        proxy = CountingProxy(server.port)
        try:
            server.make_calendar("mario", "agenda", "Agenda")
            services = AppServices.open(tmp / "data")
            fill_demo(services, cases=60, activities=options.activities)
            total = services.agenda.activities.count()
            export = ExportService(services.archive)
            export.configure(ServerKind.CALDAV, proxy.url, "mario", PASSWORD,
                             CalendarInfo(f"{proxy.url}mario/agenda/", "Agenda"))
            proxy.reset()
            started = time.perf_counter()
            result = export.sync()
            elapsed = time.perf_counter() - started
            print(f"full export: {total} activities, {result.sent} events sent, in sync={result.in_sync}")
            print(f"  wall time {elapsed:.1f} s ({elapsed / max(result.sent, 1) * 1000:.0f} ms per event), "
                  f"requests {dict(Counter(proxy.methods()))}, fsync={'off' if options.no_fsync else 'on'}")

            edits = []
            for activity in services.agenda.activities.all()[:20]:
                if activity.read_only:
                    continue
                proxy.reset()
                services.agenda.save(activity.edited(title=activity.title + " (modificata)"))
                started = time.perf_counter()
                export.sync()
                edits.append((time.perf_counter() - started, Counter(proxy.methods())))
            times = sorted(t for t, _ in edits)
            print(f"one edit: requests {dict(edits[0][1])} (every one of {len(edits)} edits: "
                  f"{all(c == Counter({'PUT': 1}) for _, c in edits)}), "
                  f"sync time median {times[len(times) // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")

            proxy.reset()
            started = time.perf_counter()
            export.sync()
            print(f"nothing to send: {len(proxy.methods())} requests, "
                  f"{(time.perf_counter() - started) * 1000:.1f} ms")
            started = time.perf_counter()
            for _ in range(100):
                export.is_due()
            print(f"scheduler check (is_due, on the Tk thread): {(time.perf_counter() - started) * 10:.2f} ms")
            services.close()
        finally:
            proxy.close()
            server.stop()


if __name__ == "__main__":
    main()

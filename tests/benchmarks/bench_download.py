"""PolisWeb download benchmark: prints figures, asserts nothing.

    python tests/benchmarks/bench_download.py [--cases 500] [--latency-ms 30] [--parallel 3] [--gui]

An emulator with ``--cases`` cases and ``--latency-ms`` per request, reached over mutual TLS with
the demo certificate. Prints requests and wall time of the first download and of an incremental
download with nothing changed, and compares wall time with requests x latency / parallelism.
With ``--gui`` (needs a display, e.g. under xvfb-run) it also measures the longest main-loop stall
while the download runs with the agenda open.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def setup(folder: Path, cases: int, latency: float):
    """The emulator in its own process (as the real service is), and a configured archive."""
    import subprocess
    import sys
    import types

    from cliens_tk.services.context import AppServices
    from cliens_tk.services.polisweb_demo import configure_for

    process = subprocess.Popen(
        [sys.executable, "-m", "cliens_tk.polisweb.emulator", "serve", "--state", str(folder / "emulator"),
         "--seed", "5", "--cases", str(cases), "--latency-ms", str(int(latency * 1000))],
        stdout=subprocess.PIPE, text=True)
    fields = {}
    while len(fields) < 5:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the emulator did not start")
        key, _, value = line.partition(": ")
        fields[key.strip()] = value.strip()
    emulator = types.SimpleNamespace(
        base_url=fields["URL"], ca_file=fields["CA"], client_cert_file=fields["Certificato client"],
        client_key_file=fields["Chiave client"], tax_code=fields["Codice fiscale"], process=process)
    AppServices.open(folder / "archive").close()
    configure_for(folder / "archive", emulator)
    return emulator, AppServices.open(folder / "archive")


def run_download(services, parallel: int):
    from cliens_tk.services.download import DownloadEngine
    from cliens_tk.services.polisweb_settings import PolisWebSettingsService

    client = PolisWebSettingsService(services).client()
    started = time.perf_counter()
    summary = DownloadEngine(services, client, parallelism=parallel).run()
    return summary, time.perf_counter() - started


def report(label: str, summary, seconds: float, latency: float, parallel: int) -> None:
    hearings = sum(o.changes.added + o.changes.updated for o in summary.outcomes)
    ideal = summary.requests * latency / parallel
    ratio = seconds / ideal if ideal else float("nan")
    print(f"{label}: {summary.requests} requests, {seconds:.2f} s wall, "
          f"{sum(o.cases for o in summary.outcomes)} cases, {hearings} hearings written, "
          f"requests x latency / parallelism = {ideal:.2f} s (ratio {ratio:.2f}, target <= 1.2)")


def gui_stall(services, parallel: int) -> None:
    from cliens_tk.ui.app import UiContext, create_root
    from cliens_tk.ui.polisweb.download import start_download

    root = create_root()
    ctx = UiContext(root, services)
    from cliens_tk.ui.agenda import open_agenda

    window = open_agenda(ctx)
    root.update()
    services.settings.set("polisweb_parallelism", parallel)
    stalls = []
    last = [time.perf_counter()]

    def beat():
        now = time.perf_counter()
        stalls.append(now - last[0])
        last[0] = now
        root.after(10, beat)

    outcome = {}
    job = start_download(ctx, window, show=lambda kind, text: outcome.setdefault("text", text))
    root.after(10, beat)
    while "text" not in outcome:
        root.update()
        time.sleep(0.002)
    print(f"longest main-loop stall during the download with the agenda open: "
          f"{max(stalls) * 1000 - 10:.0f} ms over {len(stalls)} beats (target <= 100 ms)")
    ctx.close()
    root.destroy()
    del job


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--latency-ms", type=int, default=30)
    parser.add_argument("--parallel", type=int, default=3)
    parser.add_argument("--gui", action="store_true")
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as folder:
        emulator, services = setup(Path(folder), args.cases, latency)
        print(f"emulator (own process): {args.cases} cases, latency {args.latency_ms} ms, "
              f"parallelism {args.parallel}")
        summary, seconds = run_download(services, args.parallel)
        report("first download", summary, seconds, latency, args.parallel)
        summary, seconds = run_download(services, args.parallel)
        report("second download (margin day refetched)", summary, seconds, latency, args.parallel)
        summary, seconds = run_download(services, args.parallel)
        registers = len(summary.outcomes)
        report(f"incremental, nothing changed ({registers} registers)", summary, seconds, latency, args.parallel)
        if args.gui:
            from cliens_tk.services.download_apply import purge_polisweb_data

            purge_polisweb_data(services)
            gui_stall(services, args.parallel)
        services.close()
        emulator.process.terminate()
        emulator.process.wait(10)


if __name__ == "__main__":
    main()

"""PolisWeb access figures: handshake + first request and keep-alive request through a SoftHSM2
token against the emulator (TLS 1.2 and 1.3), and the office search per keystroke over 3,000
offices (target <= 5 ms).

Run: ``python tests/benchmarks/bench_polisweb_access.py [N]`` (not collected by pytest).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.softhsm import shared_softhsm, softhsm_module  # noqa: E402

from cliens_tk.domain.offices import Register, load_bundled_offices  # noqa: E402
from cliens_tk.polisweb.access import AccessConfig, AccessMode  # noqa: E402
from cliens_tk.polisweb.client import PolisWebClient  # noqa: E402
from cliens_tk.polisweb.emulator import DEMO_TAX_CODE, Emulator  # noqa: E402
from cliens_tk.polisweb.protocol.discovery import DescriptorCache  # noqa: E402
from cliens_tk.security import pki  # noqa: E402
from cliens_tk.security.token import open_token  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def bench_token(runs: int) -> None:
    if softhsm_module() is None:
        print("SoftHSM2 is not installed: token figures skipped")
        return
    milano = next(o for o in load_bundled_offices() if o.code == "0151460094")
    with Emulator(tempfile.mkdtemp(prefix="bench-pda-"), seed=1, cases=50) as em:
        ca = pki.load_issued(em.ca_file, em.credentials.ca_key_file)
        card = shared_softhsm().create_token("BENCH-PDA", ca, tax_code=DEMO_TAX_CODE)
        credentials = open_token(card.pin, card.module, "BENCH-PDA")
        try:
            for version in ("1.2", "1.3"):
                config = AccessConfig(mode=AccessMode.SMART_CARD, base_url=em.base_url, ca_file=str(em.ca_file),
                                      min_tls=version, max_tls=version)
                first, again = [], []
                for _ in range(runs):
                    # the card stays logged in across runs: sessions are closed, the credentials at the end
                    client = PolisWebClient(config, credentials=credentials, descriptors=DescriptorCache())
                    client.open()
                    t0 = time.perf_counter()
                    client.test_connection(milano, Register.CIVIL)
                    first.append(time.perf_counter() - t0)
                    for _ in range(5):
                        t0 = time.perf_counter()
                        client.test_connection(milano, Register.CIVIL)
                        again.append(time.perf_counter() - t0)
                    assert client.session.transport.handshakes == 1
                    client.session.close()
                    client.session = None
                print(f"TLS {version} handshake + first TestWS {_ms(statistics.median(first))}  (median of {runs})")
                print(f"TLS {version} keep-alive TestWS        {_ms(statistics.median(again))}  (median of {len(again)})")
        finally:
            credentials.close()


def bench_search() -> None:
    from cliens_tk.services.context import AppServices
    from cliens_tk.services.polisweb_offices import OfficeFinder
    from cliens_tk.polisweb.emulator.offices_data import build_catalogue

    services = AppServices.open(Path(tempfile.mkdtemp(prefix="bench-offices-")))
    try:
        services.offices.replace_all(build_catalogue(3000, seed=1))  # emulator catalogue_size=3000 -> stored
        t0 = time.perf_counter()
        finder = OfficeFinder.from_services(services)
        print(f"load {len(finder)} offices for the search window {_ms(time.perf_counter() - t0)}")
        timings = []
        for word in ("tribunale di milano", "giudice di pace di lodi", "0151460094", "corte"):
            for end in range(1, len(word) + 1):
                t0 = time.perf_counter()
                finder.search(word[:end])
                timings.append(time.perf_counter() - t0)
        print(f"office search per keystroke (3000)  median {_ms(statistics.median(timings))}  "
              f"max {_ms(max(timings))}  (target <= 5 ms)")
        try:
            from cliens_tk.ui.app import create_root
            from cliens_tk.ui.polisweb.office_search import OfficeSearchWindow
        except Exception as exc:  # noqa: BLE001
            print(f"(no display for the window figure: {exc})")
            return
        try:
            root = create_root("bench")
        except Exception as exc:  # noqa: BLE001 - no display
            print(f"(no display for the window figure: {exc})")
            return
        root.withdraw()
        window = OfficeSearchWindow(root, finder, lambda codes: None)
        window.update()
        timings = []
        for word in ("tribunale di milano", "giudice di pace di lodi"):
            window.entry.delete(0, "end")
            for char in word:
                t0 = time.perf_counter()
                window.entry.insert("end", char)  # filter + list refresh
                window.update_idletasks()
                timings.append(time.perf_counter() - t0)
        print(f"search window per keystroke (filter + list)  median {_ms(statistics.median(timings))}  "
              f"max {_ms(max(timings))}")
        root.destroy()
    finally:
        services.close()


if __name__ == "__main__":
    bench_token(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
    bench_search()

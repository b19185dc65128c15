"""Handshake + first request, and keep-alive request times through a SoftHSM2 token.

Run: ``python tests/benchmarks/bench_transport.py [N]`` (not collected by pytest). Prints the
median of N runs for each TLS version against the stdlib test server on 127.0.0.1, plus a
4 MB download (the record layer's throughput).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.softhsm import shared_softhsm, softhsm_module  # noqa: E402
from support.tls_server import TlsTestServer  # noqa: E402

from cliens_tk.polisweb.transport import open_session  # noqa: E402
from cliens_tk.security import pki  # noqa: E402
from cliens_tk.security.token import open_token  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main(runs: int = 20) -> None:
    if softhsm_module() is None:
        sys.exit("SoftHSM2 is not installed")
    ca = pki.create_ca()
    card = shared_softhsm().create_token("BENCH", ca)
    t0 = time.perf_counter()
    credentials = open_token(card.pin, card.module, "BENCH")
    print(f"open token + login          {_ms(time.perf_counter() - t0)}")
    try:
        for version in ("1.2", "1.3"):
            with TlsTestServer(ca, tls_version=version) as server:
                first, again = [], []
                for _ in range(runs):
                    with open_session(credentials, ca_file=server.ca_file) as session:
                        t0 = time.perf_counter()
                        session.get(server.url("/echo")).content
                        first.append(time.perf_counter() - t0)
                        for _ in range(5):
                            t0 = time.perf_counter()
                            session.get(server.url("/echo")).content
                            again.append(time.perf_counter() - t0)
                        assert session.transport.handshakes == 1
                with open_session(credentials, ca_file=server.ca_file) as session:
                    session.get(server.url("/echo"))
                    t0 = time.perf_counter()
                    size = len(session.get(server.url("/bytes/4000000")).content)
                    download = time.perf_counter() - t0
                print(f"TLS {version} handshake + first request {_ms(statistics.median(first))}  (median of {runs})")
                print(f"TLS {version} keep-alive request        {_ms(statistics.median(again))}  (median of {len(again)})")
                print(f"TLS {version} 4 MB response             {_ms(download)}  ({size / download / 1e6:.0f} MB/s)")
    finally:
        credentials.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

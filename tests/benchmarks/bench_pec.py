"""PEC benchmarks (printed figures, no assertions): run as ``python tests/benchmarks/bench_pec.py``.

1. 100 messages sent through the emulated provider and all their receipts matched (wall time).
2. Opening a box of 5,000 messages: the list query of the inbox view.
3. Search per keystroke on that box.
Needs Dovecot (Debian ``dovecot-imapd``) for the first figure.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "pec"))

import keyring  # noqa: E402

from pec_fixtures import FileKeyring  # noqa: E402
from pec_servers import Dovecot, TlsMaterial  # noqa: E402

from cliens_tk.pec.compose import Draft  # noqa: E402
from cliens_tk.pec.emulator import messages  # noqa: E402
from cliens_tk.pec.emulator.provider import PecProvider  # noqa: E402
from cliens_tk.pec.emulator.signing import create_provider_identity  # noqa: E402
from cliens_tk.services import pec_import  # noqa: E402
from cliens_tk.services.pec import PecService  # noqa: E402
from cliens_tk.store.archive import Archive  # noqa: E402


def bench_send_and_follow(tmp: Path) -> None:
    tls = TlsMaterial(tmp / "tls")
    identity = create_provider_identity()
    dovecot = Dovecot(tls).start()
    provider = None
    try:
        for box in ("ctu@pec.prova.it", "tribunale@pec.prova.it"):
            dovecot.add_user(box)
        provider = PecProvider(identity, dovecot.append, dovecot.users, tls.server_context()).start()
        archive = Archive.open(tmp / "data-send")
        service = PecService(archive, ssl_context=tls.client_context())
        service.add_trusted_ca(identity.ca_pem(), "prova")
        from cliens_tk.pec.account import PecAccount

        account = service.save_account(PecAccount("ctu@pec.prova.it", "127.0.0.1", "127.0.0.1",
                                                  imap_port=dovecot.port, smtp_port=provider.port), "Segreta-1")
        start = time.perf_counter()
        ids = [service.send(account.id, Draft(account.address, ["tribunale@pec.prova.it"], f"Messaggio {n}", "testo"))
               for n in range(100)]
        sent = time.perf_counter()
        provider.wait_idle(timeout=300)
        certified = time.perf_counter()
        result = service.sync(account.id)
        done = time.perf_counter()
        delivered = sum(1 for i in ids if service.message(i)["state"] == "delivered")
        print(f"send 100 PEC: {sent - start:.2f} s; provider certified/delivered: {certified - sent:.2f} s; "
              f"sync + match {result.receipts} receipts: {done - certified:.2f} s; "
              f"total {done - start:.2f} s; delivered {delivered}/100")
        archive.close()
    finally:
        if provider is not None:
            provider.stop()
        dovecot.stop()


def bench_big_box(tmp: Path) -> None:
    identity = create_provider_identity()
    archive = Archive.open(tmp / "data-big")
    service = PecService(archive)
    from cliens_tk.pec.account import PecAccount

    account = service.save_account(PecAccount("ctu@pec.prova.it", "imap.example", "smtp.example"))
    words = ["perizia", "udienza", "liquidazione", "sopralluogo", "verbale", "istanza", "proroga", "quesito"]
    start = time.perf_counter()
    template_rows = []
    for n in range(50):
        original = (f"From: avv{n}@pec.prova.it\r\nTo: ctu@pec.prova.it\r\nSubject: {words[n % 8]} R.G. {n}/2024\r\n"
                    f"Message-ID: <m{n}@x>\r\n\r\nTesto {words[(n * 3) % 8]} numero {n}\r\n").encode()
        raw = messages.envelope(identity, "pec.prova.it", "Prova", original, f"avv{n}@pec.prova.it",
                                [("ctu@pec.prova.it", True)], "ctu@pec.prova.it", "", f"{words[n % 8]} R.G. {n}/2024",
                                f"<m{n}@x>")
        template_rows.append((raw, pec_import.row_for(raw, [identity.ca.certificate])[0]))
    with archive.transaction():
        for n in range(5000):
            raw, row = template_rows[n % 50]
            service.repo.insert_message(**dict(row, account_id=account.id, folder="INBOX", uid=n + 1, uidvalidity=1,
                                               file=service.repo.write_raw(account.id, raw),
                                               sent_at=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T10:{n % 60:02d}:00"))
    print(f"fill archive with 5,000 envelopes: {time.perf_counter() - start:.2f} s")
    timings = []
    for _ in range(5):
        t = time.perf_counter()
        rows = service.messages(account.id, "inbox")
        timings.append(time.perf_counter() - t)
    print(f"open a box of 5,000 messages (list query, first {len(rows)} rows as the window shows): "
          f"median {statistics.median(timings) * 1000:.0f} ms")
    t = time.perf_counter()
    everything = service.messages(account.id, "inbox", limit=10_000)
    print(f"  all {len(everything)} rows: {(time.perf_counter() - t) * 1000:.0f} ms")
    typed = "liquidazione"
    per_key = []
    for length in range(1, len(typed) + 1):
        t = time.perf_counter()
        found = service.messages(account.id, "inbox", search=typed[:length])
        per_key.append(time.perf_counter() - t)
    print(f"search per keystroke («{typed}», 5,000 messages): median {statistics.median(per_key) * 1000:.0f} ms, "
          f"max {max(per_key) * 1000:.0f} ms, last result {len(found)} rows")
    t = time.perf_counter()
    service.open(rows[0]["id"], mark_seen=False)
    print(f"open one envelope offline (parse + signature check): {(time.perf_counter() - t) * 1000:.0f} ms")
    archive.close()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-pec-"))
    keyring.set_keyring(FileKeyring(tmp / "keyring.json"))
    bench_send_and_follow(tmp)
    bench_big_box(tmp)


if __name__ == "__main__":
    main()

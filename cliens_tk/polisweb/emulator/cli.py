"""Command line of the emulator, to be wired as ``cliens-tk emulator ...``.

    serve  --state DIR [--port N] [--seed S] [--cases N] [--latency-ms N] [--catalogue-size N]
           [--otp] [--now ISO]     prints the URL, CA file and demo client cert/key; Ctrl+C stops
    truth  --state DIR [--seed S] [--cases N] [--now ISO]   prints the data as JSON (no server)
    otp    --state DIR                                     prints the demo OTP account and code

A running server also answers the JSON control API (see ``server``): ``/_control/truth``,
``/_control/advance_clock``, ``/_control/change_cases``, ``/_control/inject``,
``/_control/clear``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import threading


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state", required=True, help="cartella di stato (CA, certificati, OTP)")
    parser.add_argument("--seed", type=int, default=1, help="seme dei dati generati")
    parser.add_argument("--cases", type=int, default=200, help="numero di fascicoli del CTU")
    parser.add_argument("--catalogue-size", type=int, default=0, help="uffici nel catalogo (minimo: elenco incluso)")
    parser.add_argument("--now", default=None, help="orologio iniziale, ISO (predefinito: adesso)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``serve``/``truth``/``otp`` sub-commands to ``parser``."""
    sub = parser.add_subparsers(dest="emulator_command", required=True)
    serve = sub.add_parser("serve", help="avvia l'emulatore del punto di accesso")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="porta (0: una libera)")
    serve.add_argument("--latency-ms", type=int, default=0, help="ritardo per richiesta")
    serve.add_argument("--otp", action="store_true", help="abilita l'accesso OTP (certificato facoltativo)")
    truth = sub.add_parser("truth", help="stampa i dati dell'emulatore in JSON")
    _common(truth)
    otp = sub.add_parser("otp", help="stampa l'account OTP dimostrativo e il codice corrente")
    otp.add_argument("--state", required=True)


def _now(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def run(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    """Run the chosen sub-command; ``stop`` (tests) ends ``serve`` instead of Ctrl+C."""
    from cliens_tk.polisweb.emulator.server import Emulator

    command = args.emulator_command
    if command == "otp":
        from cliens_tk.polisweb.emulator.credentials import ensure_credentials
        from cliens_tk.polisweb.emulator.world import DEMO_TAX_CODE

        import pyotp

        account = ensure_credentials(args.state, DEMO_TAX_CODE).otp_account()
        print(json.dumps({**account, "code": pyotp.TOTP(account["secret"]).now()}, indent=1))
        return 0
    emulator = Emulator(args.state, seed=args.seed, cases=args.cases, now=_now(args.now),
                        catalogue_size=args.catalogue_size,
                        **({"latency": args.latency_ms / 1000, "otp": args.otp, "host": args.host,
                            "port": args.port} if command == "serve" else {}))
    if command == "truth":
        json.dump(emulator.truth(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    emulator.start()
    print(f"URL: {emulator.base_url}")
    print(f"CA: {emulator.ca_file}")
    print(f"Certificato client: {emulator.client_cert_file}")
    print(f"Chiave client: {emulator.client_key_file}")
    print(f"Codice fiscale: {emulator.tax_code}")
    if args.otp:
        print(f"OTP: utente {emulator.otp_account.user}, password {emulator.otp_account.password}, "
              f"segreto {emulator.otp_account.secret}")
    print("Ctrl+C per fermare.", flush=True)
    try:
        if stop is not None:
            stop.wait()
        else:
            _wait_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


def _wait_forever() -> None:
    event = threading.Event()
    while not event.wait(3600):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cliens-tk emulator")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

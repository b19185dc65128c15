"""The emulator's test PKI and OTP account, created once in its state folder.

Files (keys and the OTP secret mode 0600):
``ca.pem`` ``ca-key.pem`` (the test CA), ``server.pem`` ``server-key.pem`` (localhost,
127.0.0.1), ``client-demo.pem`` ``client-demo-key.pem`` (a CNS-like certificate of the demo
codice fiscale) and ``otp.json`` (demo OTP user, password, base32 TOTP secret).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

import pyotp

from cliens_tk.security import pki


@dataclass(frozen=True)
class Credentials:
    state_dir: Path
    ca_file: Path
    ca_key_file: Path
    server_cert_file: Path
    server_key_file: Path
    client_cert_file: Path
    client_key_file: Path
    otp_file: Path

    def otp_account(self) -> dict:
        return json.loads(self.otp_file.read_text(encoding="utf-8"))

    def issue_client(self, tax_code: str, name: str = "other") -> tuple[Path, Path]:
        """Another client certificate from the same CA (e.g. a user not enabled: HTTP 403)."""
        ca = pki.load_issued(self.ca_file, self.ca_key_file)
        issued = pki.issue_client_cert(ca, tax_code)
        cert, key = self.state_dir / f"client-{name}.pem", self.state_dir / f"client-{name}-key.pem"
        pki.save_issued(issued, cert, key)
        return cert, key


def ensure_credentials(state_dir: Path | str, tax_code: str) -> Credentials:
    state = Path(state_dir)
    state.mkdir(parents=True, exist_ok=True)
    creds = Credentials(
        state_dir=state,
        ca_file=state / "ca.pem", ca_key_file=state / "ca-key.pem",
        server_cert_file=state / "server.pem", server_key_file=state / "server-key.pem",
        client_cert_file=state / "client-demo.pem", client_key_file=state / "client-demo-key.pem",
        otp_file=state / "otp.json",
    )
    if not (creds.ca_file.exists() and creds.ca_key_file.exists()):
        ca = pki.create_ca("cliens-tk emulator CA")
        pki.save_issued(ca, creds.ca_file, creds.ca_key_file)
        for path in (creds.server_cert_file, creds.client_cert_file):
            path.unlink(missing_ok=True)
    ca = pki.load_issued(creds.ca_file, creds.ca_key_file)
    if not (creds.server_cert_file.exists() and creds.server_key_file.exists()):
        pki.save_issued(pki.issue_server_cert(ca, ("localhost",), ("127.0.0.1",)),
                        creds.server_cert_file, creds.server_key_file)
    if not (creds.client_cert_file.exists() and creds.client_key_file.exists()) or \
            pki.tax_code_of(pki.load_issued(creds.client_cert_file).certificate) != tax_code:
        pki.save_issued(pki.issue_client_cert(ca, tax_code), creds.client_cert_file, creds.client_key_file)
    if not creds.otp_file.exists():
        account = {"user": "demo", "password": secrets.token_urlsafe(12), "secret": pyotp.random_base32(),
                   "tax_code": tax_code}
        pki.write_private(creds.otp_file, json.dumps(account, indent=1).encode("utf-8"))
    return creds

"""OTP login of the emulated access point (see ``protocol.assumptions`` for the header names).

Two ways, both in front of the same queries:
- every request carries ``X-OTP-User``, ``X-OTP-Password`` and ``X-OTP-Code`` (a TOTP code is
  valid for about a minute, so this suits short sessions and tests);
- or one ``POST /pda/otp/login`` with those headers returns ``{"session": token,
  "expires_in": seconds}``, and later requests carry only ``X-OTP-Session``.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

import pyotp

from cliens_tk.polisweb.protocol import assumptions as A


@dataclass(frozen=True)
class OtpAccount:
    user: str
    password: str
    secret: str
    tax_code: str


class OtpGate:
    def __init__(self, accounts: list[OtpAccount], session_seconds: int = A.OTP_SESSION_SECONDS):
        self.accounts = {a.user: a for a in accounts}
        self.session_seconds = session_seconds
        self._sessions: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _header(headers: Mapping[str, str], name: str) -> str:
        return (headers.get(name) or "").strip()

    def has_credentials(self, headers: Mapping[str, str]) -> bool:
        return bool(self._header(headers, A.OTP_USER_HEADER) or self._header(headers, A.OTP_SESSION_HEADER))

    def verify(self, headers: Mapping[str, str]) -> str | None:
        """The tax code of a valid user+password+code, else None."""
        account = self.accounts.get(self._header(headers, A.OTP_USER_HEADER))
        if account is None:
            return None
        password_ok = hmac.compare_digest(self._header(headers, A.OTP_PASSWORD_HEADER).encode(),
                                          account.password.encode())
        code = self._header(headers, A.OTP_CODE_HEADER)
        code_ok = code.isdigit() and pyotp.TOTP(account.secret).verify(code, valid_window=1)
        return account.tax_code if password_ok and code_ok else None

    def login(self, headers: Mapping[str, str]) -> str | None:
        tax_code = self.verify(headers)
        if tax_code is None:
            return None
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._sessions[token] = (tax_code, time.monotonic() + self.session_seconds)
        return token

    def authenticate(self, headers: Mapping[str, str]) -> str | None:
        """The tax code of a request's OTP session or OTP headers, else None."""
        token = self._header(headers, A.OTP_SESSION_HEADER)
        if token:
            with self._lock:
                found = self._sessions.get(token)
            if found and found[1] > time.monotonic():
                return found[0]
            return None
        return self.verify(headers)

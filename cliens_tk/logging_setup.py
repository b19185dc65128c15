"""Logging: one file per run in the log directory, rotated; faulthandler for hard crashes.

Nothing secret is logged: the PIN never reaches a logger, and a filter masks anything that looks
like a password or PIN assignment as a safety net.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import os
import re
from pathlib import Path

LOGS_KEPT = 20
_SECRET = re.compile(r"(?i)\b(pin|password|passwd|otp|secret|token)(\s*[=:]\s*)(\S+)")
_fault_file = None


class SecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}***", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging(directory: Path, verbose: bool = False) -> Path:
    """Start a new log file for this run and keep the last ``LOGS_KEPT``."""
    global _fault_file
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = directory / f"cliens-tk-{stamp}-{os.getpid()}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    stream = os.fdopen(fd, "a", encoding="utf-8")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_cliens_tk", False)]:
        root.removeHandler(old)
        old.close()
    handler._cliens_tk = True
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    _fault_file = stream
    faulthandler.enable(file=stream, all_threads=True)
    for old_log in sorted(directory.glob("cliens-tk-*.log"))[:-LOGS_KEPT]:
        try:
            old_log.unlink()
        except OSError:
            pass
    return path

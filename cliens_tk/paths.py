"""Where the app keeps its files: the user's data and log directories (platform conventions)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from cliens_tk import APP_NAME

DATA_DIR_ENV = "CLIENS_TK_DATA_DIR"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """``--data-dir`` wins, then ``CLIENS_TK_DATA_DIR``, then the platform's user data dir."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir(data: Path | None = None) -> Path:
    """Logs follow an overridden data dir (tests, portable use); else the platform's log dir."""
    if data is not None and (os.environ.get(DATA_DIR_ENV) or data != data_dir()):
        return data / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))

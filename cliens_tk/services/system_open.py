"""Opening a file with the program the system associates with it (PDF viewer, image viewer...)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def open_with_system_viewer(path: Path) -> None:
    """Start the associated program without waiting for it; OSError if none could be started."""
    if sys.platform == "win32":
        os.startfile(str(path))  # type: ignore[attr-defined]
        return
    command = ["open", str(path)] if sys.platform == "darwin" else ["xdg-open", str(path)]
    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

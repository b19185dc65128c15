"""Make the README screenshots from a demo archive: build/screenshots/agenda-month.png and main-window.png.

Run: python build/screenshot.py   (starts its own Xvfb when no display is set; needs ImageMagick's
``import``). The archive is a fresh demo archive in a temporary directory, so the pictures are the
same on every machine.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "screenshots"
SCREEN = "1440x900x24"
TODAY = dt.date(2026, 11, 25)


def start_display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    for number in range(91, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    process = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = f":{number}"
    for _ in range(50):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.1)
    return process


def capture(window, target: Path) -> None:
    window.update()
    time.sleep(0.3)
    window.update()
    frame = window.winfo_id()
    try:
        frame = int(window.wm_frame(), 16)
    except Exception:
        pass
    subprocess.run(["import", "-window", hex(frame), str(target)], check=True)
    print(f"written {target}")


def main() -> int:
    if shutil.which("import") is None:
        print("ImageMagick 'import' is needed", file=sys.stderr)
        return 1
    display = start_display()
    data = Path(tempfile.mkdtemp(prefix="cliens-shot-"))
    os.environ["CLIENS_TK_DATA_DIR"] = str(data)
    os.environ.setdefault("CLIENS_TK_LANG", "it")
    try:
        from cliens_tk import i18n
        from cliens_tk.services.context import AppServices
        from cliens_tk.services.demo import fill_demo
        from cliens_tk.ui.agenda import open_agenda
        from cliens_tk.ui.app import UiContext, create_root
        from cliens_tk.ui.main_window import MainWindow

        i18n.install("it")
        services = AppServices.open(data)
        fill_demo(services, today=TODAY)
        root = create_root("Cliens TK")
        ctx = UiContext(root, services)
        main_window = MainWindow(ctx)
        main_window.pack(fill="both", expand=True)
        root.geometry("+40+40")
        OUT.mkdir(parents=True, exist_ok=True)
        capture(root, OUT / "main-window.png")
        agenda = open_agenda(ctx, today=lambda: TODAY)
        agenda.geometry("1360x840+0+0")
        agenda.update()
        agenda.go(anchor=TODAY)
        capture(agenda, OUT / "agenda-month.png")
        agenda.go(agenda.view.WEEK if hasattr(agenda.view, "WEEK") else None)
        ctx.close()
        root.destroy()
        services.close()
    finally:
        shutil.rmtree(data, ignore_errors=True)
        if display is not None:
            display.terminate()
            display.wait(5)
    return 0


if __name__ == "__main__":
    sys.exit(main())

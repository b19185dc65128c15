"""Install everything the test suite needs and run it: ``python3 build/run_tests.py``.

On Debian, as root, missing system packages are installed with apt (Xvfb for the windows, SoftHSM2
for the smart card, Dovecot for the PEC mailbox, ...). Python packages go into ``.venv`` next to
the sources. The one-file executable is built first (``build/build.py``), so the packaging tests
can run it. Extra arguments are passed to pytest, e.g. ``python3 build/run_tests.py -k agenda``.

Environment: ``CLIENS_TK_SKIP_BUILD=1`` skips the one-file build (its tests then skip).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"

APT_PACKAGES = {
    # command or file that proves it is there -> Debian package
    "Xvfb": "xvfb",
    "xdotool": "xdotool",
    "xwininfo": "x11-utils",
    "softhsm2-util": "softhsm2",
    "/usr/lib/softhsm/libsofthsm2.so": "softhsm2",
    "convert": "imagemagick",
    "desktop-file-validate": "desktop-file-utils",
    "pdftotext": "poppler-utils",
    "dovecot": "dovecot-imapd",
    "openssl": "openssl",
}


def say(text: str) -> None:
    print(f"[run_tests] {text}", flush=True)


def run(command: list[str], **kwargs) -> None:
    say(" ".join(str(c) for c in command))
    subprocess.run(command, check=True, **kwargs)


def _present(probe: str) -> bool:
    return Path(probe).exists() if probe.startswith("/") else shutil.which(probe) is not None


def install_system_packages() -> None:
    missing = sorted({package for probe, package in APT_PACKAGES.items() if not _present(probe)})
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say(f"missing system packages (install them as root): {' '.join(missing)}")
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_python_packages() -> None:
    if not venv_python().exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    run([str(venv_python()), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    run([str(venv_python()), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test,build]"])


def build_executable() -> None:
    if os.environ.get("CLIENS_TK_SKIP_BUILD") == "1":
        say("CLIENS_TK_SKIP_BUILD=1: the one-file build and its tests are skipped")
        return
    if (ROOT / "build" / "build.py").exists():
        run([str(venv_python()), str(ROOT / "build" / "build.py")], cwd=ROOT)


def main(argv: list[str]) -> int:
    install_system_packages()
    install_python_packages()
    build_executable()
    env = {key: value for key, value in os.environ.items() if key != "CLIENS_TK_DATA_DIR"}
    command = [str(venv_python()), "-m", "pytest", "-q", *argv]
    say(" ".join(command))
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Build the executable for this OS with PyInstaller: one command, `python build/build.py`.

* Linux, Windows: the one-file executable ``dist/cliens-tk`` (``dist/cliens-tk.exe``);
* macOS: the bundle ``dist/Cliens TK.app`` and, for updates, ``dist/cliens-tk-<version>-macos.zip``.

Then it runs the built program's ``selftest`` (headless) unless ``--no-check`` is given, and prints
the size. ``--installer`` also makes what users download: the Inno Setup installer on Windows, the
.dmg on macOS, on Linux a .tar.gz with the program, its menu entry, icon and ``install.sh``. The work folder is ``build/_work`` (ignored by git). Needs PyInstaller in the Python
that runs this script (``pip install -e .[build]``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "_work"
MACOS = sys.platform == "darwin"
WINDOWS = sys.platform.startswith("win")


def spec_file() -> Path:
    return ROOT / "specs" / ("cliens-tk-macos.spec" if MACOS else "cliens-tk.spec")


def built_program() -> Path:
    if MACOS:
        return DIST / "Cliens TK.app" / "Contents" / "MacOS" / "cliens-tk"
    return DIST / ("cliens-tk.exe" if WINDOWS else "cliens-tk")


def run_pyinstaller(clean: bool) -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is missing: pip install -e '.[build]'") from None
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(spec_file())]
    if clean:
        command.insert(3, "--clean")
    print("building:", " ".join(command), flush=True)
    subprocess.run(command, cwd=ROOT, check=True)


def zip_app_for_updates() -> Path:
    target = DIST / f"cliens-tk-{version()}-macos"
    # ditto keeps the bundle's symlinks and permissions, which zipfile would lose
    subprocess.run(["ditto", "-c", "-k", "--keepParent", str(DIST / "Cliens TK.app"), f"{target}.zip"], check=True)
    return Path(f"{target}.zip")


def version() -> str:
    sys.path.insert(0, str(ROOT))
    from cliens_tk import __version__

    return __version__


def make_installer(program: Path) -> Path:
    installer = ROOT / "installer"
    if WINDOWS:
        iscc = shutil.which("iscc") or shutil.which("ISCC") or next(
            (str(p) for p in Path(os.environ.get("ProgramFiles(x86)", "C:/Program Files (x86)")).glob(
                "Inno Setup */ISCC.exe")), None)
        if not iscc:
            raise SystemExit("Inno Setup (iscc) not found: https://jrsoftware.org/isinfo.php")
        subprocess.run([iscc, f"/DAppVersion={version()}", str(installer / "windows" / "cliens-tk.iss")], check=True)
        return DIST / f"cliens-tk-{version()}-setup.exe"
    if MACOS:
        subprocess.run(["sh", str(installer / "macos" / "make_dmg.sh")], check=True)
        return DIST / f"cliens-tk-{version()}.dmg"
    import tarfile

    target = DIST / f"cliens-tk-{version()}-linux.tar.gz"
    folder = f"cliens-tk-{version()}"
    with tarfile.open(target, "w:gz") as archive:
        archive.add(program, f"{folder}/cliens-tk")
        for path in ("installer/linux/install.sh", "installer/linux/cliens-tk.desktop", "cliens_tk/assets/cliens-tk.png"):
            archive.add(ROOT / path, f"{folder}/{Path(path).name}")
    return target


def selftest(program: Path) -> None:
    """The built program's own health check, with a scratch data folder and no display."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "CLIENS_TK_DATA_DIR": scratch}
        env.pop("DISPLAY", None)
        result = subprocess.run([str(program), "selftest"], env=env, capture_output=True, text=True, timeout=300)
    print(result.stdout)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        raise SystemExit(f"selftest of {program} failed (exit code {result.returncode})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="build/build.py", description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--no-check", action="store_true", help="do not run the built program's selftest")
    parser.add_argument("--installer", action="store_true", help="also make the installer for this OS")
    args = parser.parse_args(argv)
    started = time.monotonic()
    if MACOS:
        shutil.rmtree(DIST / "Cliens TK.app", ignore_errors=True)
    run_pyinstaller(args.clean)
    program = built_program()
    if not program.exists():
        raise SystemExit(f"PyInstaller did not produce {program}")
    size = program.stat().st_size if not MACOS else sum(
        p.stat().st_size for p in (DIST / "Cliens TK.app").rglob("*") if p.is_file())
    print(f"built {program} ({size / 1e6:.1f} MB) in {time.monotonic() - started:.0f} s")
    if MACOS:
        print(f"update archive: {zip_app_for_updates()}")
    if not args.no_check and not WINDOWS:  # a windowed .exe has no stdout to read
        selftest(program)
    if args.installer:
        print(f"installer: {make_installer(program)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``cliens-tk selftest``: a headless health check of an installation (and of the one-file build).

It imports what the windows import, the way they import it, so a build that misses a module
fails here rather than at the first window.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import tempfile
from pathlib import Path

from cliens_tk import __version__
from cliens_tk.i18n import _

GUI_MODULES = ("tkinter", "ttkbootstrap", "tkcalendar", "PIL.ImageTk", "PIL._tkinter_finder", "cliens_tk.ui.app")
CORE_MODULES = ("dataset", "sqlalchemy", "requests", "urllib3", "cryptography", "defusedxml", "platformdirs",
                "keyring", "PyKCS11", "tlslite", "pyotp", "holidays", "fpdf", "babel")


def _version(module) -> str:
    return str(getattr(module, "__version__", getattr(module, "VERSION", "")) or "ok")


def _check_imports(names, problems: list[str]) -> None:
    for name in names:
        try:
            module = importlib.import_module(name)
            print(f"  {name:<22} {_version(module)}")
        except Exception as exc:  # any import failure is a broken installation
            problems.append(_("modulo {name} non disponibile: {error}").format(name=name, error=exc))
            print(f"  {name:<22} {_('MANCANTE')} ({exc})")


def _check_archive(data_dir: str | None, problems: list[str]) -> None:
    from cliens_tk.paths import data_dir as resolve
    from cliens_tk.store.archive import ARCHIVE_FILE, Archive, ArchiveError, schema_version_of
    from cliens_tk.store.schema import LATEST_VERSION

    directory = resolve(data_dir)
    print(_("Cartella dati: {path}").format(path=directory))
    archive_file = directory / ARCHIVE_FILE
    try:
        if archive_file.exists():
            found = schema_version_of(archive_file)
            print(_("Archivio: {path} (schema {found}, questa versione {known})").format(
                path=archive_file, found=found, known=LATEST_VERSION))
            if found > LATEST_VERSION:
                problems.append(_("l'archivio viene da una versione più recente"))
        else:
            print(_("Archivio: non ancora creato (schema di questa versione: {known})").format(known=LATEST_VERSION))
        with tempfile.TemporaryDirectory() as scratch:
            probe = Archive.open(Path(scratch))
            ok = probe.schema_version() == LATEST_VERSION
            probe.close()
        print(_("Prova di scrittura dell'archivio: {result}").format(result=_("riuscita") if ok else _("fallita")))
        if not ok:
            problems.append(_("le migrazioni dell'archivio non arrivano all'ultima versione"))
    except ArchiveError as exc:
        problems.append(str(exc))


def _check_tk(problems: list[str]) -> None:
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print(_("Tk: nessuno schermo disponibile (DISPLAY non impostato): finestra non provata"))
        return
    try:
        import tkinter

        from PIL import Image, ImageTk

        root = tkinter.Tk()
        root.withdraw()
        image = ImageTk.PhotoImage(Image.new("RGB", (4, 4)))
        print(_("Tk: {version}, immagini PIL ok ({w}x{h})").format(
            version=root.tk.call("info", "patchlevel"), w=image.width(), h=image.height()))
        root.destroy()
    except Exception as exc:
        problems.append(_("Tk non utilizzabile: {error}").format(error=exc))


def run_selftest(data_dir: str | None = None) -> int:
    problems: list[str] = []
    print(f"cliens-tk {__version__} — Python {platform.python_version()} ({platform.system()} {platform.machine()})")
    print(_("Moduli:"))
    _check_imports(CORE_MODULES + GUI_MODULES, problems)
    _check_archive(data_dir, problems)
    _check_tk(problems)
    if problems:
        print(_("PROBLEMI:"))
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(_("Tutto in ordine."))
    return 0

"""``cliens-tk selftest``: a headless health check of an installation (and of the one-file build).

It imports what the windows import, the way they import it, so a build that misses a module
fails here rather than at the first window: every ``cliens_tk`` module (the windows import most of
them lazily), the data files (office list, translations, icons, babel's Italian and English
locale data), and tlslite-ng's use of its own source code, which a build without the ``.py``
files breaks.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import platform
import sys
import tempfile
from pathlib import Path

from cliens_tk import __version__
from cliens_tk.i18n import _

GUI_MODULES = ("tkinter", "ttkbootstrap", "tkcalendar", "PIL.ImageTk", "PIL._tkinter_finder", "cliens_tk.ui.app",
               "cliens_tk.ui.first_run", "cliens_tk.ui.updates", "cliens_tk.ui.main_window")
CORE_MODULES = ("dataset", "sqlalchemy", "requests", "urllib3", "cryptography", "defusedxml", "platformdirs",
                "keyring", "PyKCS11", "tlslite", "pyotp", "fpdf", "babel")


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


def _check_own_modules(problems: list[str]) -> None:
    """Import every module of the package (never the ``__main__`` ones, which would run)."""
    import cliens_tk

    count = 0
    failed = []
    for info in pkgutil.walk_packages(cliens_tk.__path__, "cliens_tk.", onerror=failed.append):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue
        try:
            importlib.import_module(info.name)
            count += 1
        except Exception as exc:
            problems.append(_("modulo {name} non disponibile: {error}").format(name=info.name, error=exc))
    for name in failed:
        problems.append(_("pacchetto {name} non leggibile").format(name=name))
    print(_("Moduli del programma: {n} caricati").format(n=count))


def _check_data(problems: list[str]) -> None:
    """The files the program reads at run time, and the libraries' own data it depends on."""
    from babel import Locale

    from cliens_tk import i18n
    from cliens_tk.app import ASSETS

    here = Path(i18n.__file__).resolve().parent.parent
    checks = []
    for relative in ("data/offices.json", "i18n/en.po", "assets/cliens-tk.png", "assets/cliens-tk-32.png"):
        checks.append((relative, (here / relative).is_file()))
    try:
        checks.append(("babel it/en", bool(Locale.parse("it_IT").months and Locale.parse("en_US").months)))
    except Exception as exc:
        checks.append((f"babel it/en ({exc})", False))
    try:
        checks.append(("en.po", bool(i18n._load_po("en").gettext("Agenda"))))
    except Exception as exc:
        checks.append((f"en.po ({exc})", False))
    try:  # tlslite-ng reads its own source lines (deprecation helper): the .py files must be there
        from tlslite.utils import python_aes

        python_aes.new(bytearray(16), 2, bytearray(16))  # builds a Rijndael, a «deprecated name» class
        checks.append(("tlslite sources", True))
    except Exception as exc:
        checks.append((f"tlslite sources ({exc})", False))
    checks.append(("assets", ASSETS.is_dir()))
    for name, ok in checks:
        if not ok:
            problems.append(_("dati mancanti: {name}").format(name=name))
    print(_("File di dati: {ok} su {n} presenti").format(ok=sum(ok for _n, ok in checks), n=len(checks)))


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
    _check_own_modules(problems)
    _check_data(problems)
    _check_archive(data_dir, problems)
    _check_tk(problems)
    if problems:
        print(_("PROBLEMI:"))
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(_("Tutto in ordine."))
    return 0

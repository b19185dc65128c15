"""What the PyInstaller specs share, so the Linux/Windows one-file and the macOS .app stay consistent.

Imported by ``specs/cliens-tk.spec`` and ``specs/cliens-tk-macos.spec`` (PyInstaller runs them with
the spec folder as ``SPECPATH``). The choices, and why:

* every ``cliens_tk`` submodule: migrations and CLI areas are imported by name from explicit
  lists, which PyInstaller's import scan cannot follow;
* the package's data (office list JSON, ``.po`` catalogues, icons);
* ``PIL._tkinter_finder``: ttkbootstrap's images need it, and a plain build dies at the first window;
* tlslite-ng reads its own sources with ``inspect``: its ``.py`` files go in beside the bytecode;
* babel's locale data (35 MB) cut to Italian and English; Tcl's time zones, Tk's demos and
  message catalogues of other languages dropped; test and development packages excluded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cliens_tk  # noqa: E402

APP_NAME = cliens_tk.APP_NAME
VERSION = cliens_tk.__version__
ENTRY = str(ROOT / "specs" / "cliens_tk_entry.py")
ASSETS = ROOT / "cliens_tk" / "assets"
ICON_PNG = str(ASSETS / "cliens-tk.png")
ICON_ICO = str(ASSETS / "cliens-tk.ico")
ICON_ICNS = str(ASSETS / "cliens-tk.icns")
BUNDLE_ID = "org.cliens-tk.app"

LOCALES_KEPT = ("root", "it", "it_IT", "it_CH", "en", "en_US", "en_001", "en_150", "en_GB")
TCL_MESSAGES_KEPT = ("it.msg", "en.msg", "en_gb.msg")

HIDDEN_IMPORTS = sorted(set(
    collect_submodules("cliens_tk")
    + ["PIL._tkinter_finder", "PIL.ImageTk", "babel.numbers", "babel.dates"]
    + collect_submodules("keyring.backends")
))


def _optional_submodules(package: str) -> list[str]:
    try:
        __import__(package)
    except ImportError:
        return []
    return collect_submodules(package)


HIDDEN_IMPORTS += _optional_submodules("caldav")

DATAS = (
    collect_data_files("cliens_tk")
    + collect_data_files("ttkbootstrap")
    + copy_metadata("keyring")
)

EXCLUDES = [
    "pytest", "_pytest", "hypothesis", "radicale", "pygments", "IPython", "numpy", "matplotlib", "pandas",
    "setuptools", "pkg_resources", "pip", "distutils", "lib2to3", "idlelib", "pydoc_data", "tkinter.test",
    "test", "sqlalchemy.testing", "PyInstaller", "sphinx", "docutils", "jinja2", "babel.messages.frontend",
    "readline", "tkinter.tix",
    # lxml (5 MB) only serves optional paths of fontTools; Pillow's AVIF/WebP codecs (3 MB) no image we use
    "lxml", "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
]
# tlslite-ng inspects its own source code at run time: keep the .py files too.
MODULE_COLLECTION_MODE = {"tlslite": "pyz+py"}


def _keep(dest_name: str) -> bool:
    parts = Path(dest_name).parts
    if len(parts) >= 3 and parts[0] == "babel" and parts[1] == "locale-data":
        return Path(parts[2]).stem in LOCALES_KEPT
    if parts and parts[0] in ("_tcl_data", "tcl", "tcl8") and "tzdata" in parts:
        return False
    if parts and parts[0] in ("_tk_data", "tk") and len(parts) > 1 and parts[1] in ("demos", "images"):
        return False
    if parts and parts[0] in ("_tcl_data", "_tk_data") and len(parts) > 1 and parts[1] == "msgs":
        return parts[-1] in TCL_MESSAGES_KEPT
    return True


def slim(analysis) -> None:
    """Drop the data files the app never reads (locales, time zones, demos) from an Analysis."""
    analysis.datas = [entry for entry in analysis.datas if _keep(entry[0])]


def windows_version_file(work_dir: Path) -> str:
    """The Windows version resource, stamped from ``cliens_tk.__version__``."""
    numbers = [int(part) for part in VERSION.split(".")[:3] if part.isdigit()]
    numbers += [0] * (4 - len(numbers))
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple(numbers)}, prodvers={tuple(numbers)}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[StringFileInfo([StringTable('041004B0', [
      StringStruct('CompanyName', 'cliens-tk'),
      StringStruct('FileDescription', 'Cliens TK - agenda e fascicoli per CTU'),
      StringStruct('FileVersion', '{VERSION}'),
      StringStruct('InternalName', '{APP_NAME}'),
      StringStruct('OriginalFilename', '{APP_NAME}.exe'),
      StringStruct('ProductName', 'Cliens TK'),
      StringStruct('ProductVersion', '{VERSION}')])]),
        VarFileInfo([VarStruct('Translation', [0x0410, 1200])])]
)
"""
    work_dir.mkdir(parents=True, exist_ok=True)
    path = work_dir / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)

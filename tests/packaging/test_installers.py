"""Installers and specs: the Linux menu entry is valid and installs into the user's folders; the
Windows and macOS scripts name the same program, icon and version as the PyInstaller specs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cliens_tk import __version__

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def test_the_desktop_entry_passes_desktop_file_validate():
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate missing (apt install desktop-file-utils)")
    result = subprocess.run(["desktop-file-validate", str(INSTALLER / "linux" / "cliens-tk.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_install_script_installs_into_local_dirs_and_uninstalls(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    program = tmp_path / "cliens-tk"
    program.write_bytes(b"#!/bin/sh\necho fake\n")
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    result = subprocess.run(["sh", str(INSTALLER / "linux" / "install.sh"), str(program)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    installed = home / ".local" / "bin" / "cliens-tk"
    entry = home / ".local" / "share" / "applications" / "cliens-tk.desktop"
    icon = home / ".local" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "cliens-tk.png"
    assert installed.read_bytes() == program.read_bytes() and os.access(installed, os.X_OK)
    assert icon.read_bytes() == (ROOT / "cliens_tk" / "assets" / "cliens-tk.png").read_bytes()
    assert f'Exec="{installed}"' in entry.read_text()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(entry)], capture_output=True).returncode == 0
    removed = subprocess.run(["sh", str(INSTALLER / "linux" / "install.sh"), "--uninstall"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert removed.returncode == 0 and "restano" in removed.stdout
    assert not installed.exists() and not entry.exists() and not icon.exists()


def test_install_script_says_what_to_do_when_the_program_is_missing(tmp_path):
    env = {"HOME": str(tmp_path), "PATH": os.environ["PATH"]}
    result = subprocess.run(["sh", str(INSTALLER / "linux" / "install.sh"), str(tmp_path / "nowhere")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "non trovato" in result.stderr


def test_windows_installer_matches_the_one_file_spec():
    script = (INSTALLER / "windows" / "cliens-tk.iss").read_text(encoding="utf-8")
    spec = (ROOT / "specs" / "cliens-tk.spec").read_text(encoding="utf-8")
    assert "name=common.APP_NAME" in spec and 'Source: "..\\..\\dist\\{#AppExe}"' in script
    assert '#define AppExe "cliens-tk.exe"' in script
    assert "PrivilegesRequired=lowest" in script  # the program must be able to replace itself
    assert re.search(r"#define AppVersion \"" + re.escape(__version__) + '"', script)
    icon = re.search(r"SetupIconFile=(.+)", script).group(1).strip().replace("\\", "/")
    assert (INSTALLER / "windows" / icon).resolve().exists()
    assert "{autodesktop}" in script and "{group}" in script and "{uninstallexe}" in script


def test_macos_dmg_script_matches_the_app_spec():
    script = (INSTALLER / "macos" / "make_dmg.sh").read_text(encoding="utf-8")
    spec = (ROOT / "specs" / "cliens-tk-macos.spec").read_text(encoding="utf-8")
    bundle = re.search(r'name="([^"]+\.app)"', spec).group(1)
    assert f'dist/{bundle}"' in script and "hdiutil create" in script
    assert "common.VERSION" in spec and "common.ICON_ICNS" in spec


def test_both_specs_share_the_same_choices():
    for name in ("cliens-tk.spec", "cliens-tk-macos.spec"):
        spec = (ROOT / "specs" / name).read_text(encoding="utf-8")
        for shared in ("common.HIDDEN_IMPORTS", "common.DATAS", "common.EXCLUDES", "common.MODULE_COLLECTION_MODE",
                       "common.slim(a)", "common.ENTRY"):
            assert shared in spec, f"{name} lacks {shared}"


def test_the_icons_exist_in_every_format_and_stay_small():
    from PIL import Image

    assets = ROOT / "cliens_tk" / "assets"
    assert Image.open(assets / "cliens-tk.png").size == (256, 256)
    assert (16, 16) in Image.open(assets / "cliens-tk.ico").info["sizes"]
    assert Image.open(assets / "cliens-tk.icns").format == "ICNS"
    assert sum(p.stat().st_size for p in assets.glob("cliens-tk*")) < 250_000

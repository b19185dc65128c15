"""Where the smart-card driver (the PKCS#11 module) lives on each operating system.

Italian CNS cards and Aruba Keys come with the vendor's middleware (Bit4id's ``bit4?pki`` family:
``bit4xpki`` for Aruba, ``bit4ipki`` for InfoCert, ``bit4npki`` for Namirial...), older cards use
Athena's ``ASEP11`` or Incard's ``incryptoki2``; OpenSC reads most of them too. The list below is
only a list of candidates: a path is offered only if the file exists. A path chosen by the user in
the settings always comes first. SoftHSM2 (a software token) comes last: it is for development and
tests, and a real card must win when both are installed.
"""

from __future__ import annotations

import os
import platform
import sysconfig
from pathlib import Path
from typing import Callable, Iterable

# Base names without prefix/suffix, in order of preference.
_VENDOR_NAMES = (
    "bit4xpki",  # Aruba Key / Aruba CNS (Bit4id)
    "bit4ipki",  # InfoCert (Bit4id)
    "bit4npki",  # Bit4id "n" variant (Namirial tokens, per public client code)
    "bit4opki",  # older Bit4id middleware
    "bit4cpki",
    "bit4upki",
)
_OTHER_LINUX = ("libASEP11.so", "libAsePkcs.so", "libincryptoki2.so", "libcvP11.so")


def _linux_dirs() -> list[str]:
    multiarch = sysconfig.get_config_var("MULTIARCH") or f"{platform.machine()}-linux-gnu"
    return [
        "/usr/lib",
        "/usr/local/lib",
        "/usr/lib64",
        f"/usr/lib/{multiarch}",
        "/usr/lib/pkcs11",
        f"/usr/lib/{multiarch}/pkcs11",
        "/usr/lib64/pkcs11",
        "/usr/lib/bit4id",
        "/usr/local/lib/bit4id",
        "/usr/lib/x64-athena",
        "/opt/bit4id/lib",
        "/opt/ArubaKey/lib",
    ]


def _linux_candidates() -> list[str]:
    dirs = _linux_dirs()
    names = [f"lib{name}.so" for name in _VENDOR_NAMES] + list(_OTHER_LINUX)
    paths = [f"{d}/{n}" for n in names for d in dirs]
    paths += [f"{d}/opensc-pkcs11.so" for d in dirs]
    multiarch = sysconfig.get_config_var("MULTIARCH") or f"{platform.machine()}-linux-gnu"
    paths += [
        "/usr/lib/softhsm/libsofthsm2.so",
        f"/usr/lib/{multiarch}/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",
        "/usr/lib64/softhsm/libsofthsm2.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
    ]
    return paths


def _windows_candidates() -> list[str]:
    system_root = os.environ.get("SystemRoot", r"C:\Windows")
    program_files = [
        os.environ.get("ProgramFiles", r"C:\Program Files"),
        os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)"),
    ]
    system_dirs = [rf"{system_root}\System32", rf"{system_root}\SysWOW64"]
    names = [f"{name}.dll" for name in _VENDOR_NAMES] + ["asepkcs.dll", "incryptoki2.dll"]
    paths = [rf"{d}\{n}" for n in names for d in system_dirs]
    paths += [rf"{pf}\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll" for pf in program_files]
    paths += [rf"{d}\opensc-pkcs11.dll" for d in system_dirs]
    paths += [r"C:\SoftHSM2\lib\softhsm2-x64.dll", r"C:\SoftHSM2\lib\softhsm2.dll"]
    return paths


def _macos_candidates() -> list[str]:
    dirs = ["/usr/local/lib", "/Library/bit4id/pkcs11", "/Library/Frameworks/bit4xpki.framework"]
    names = [f"lib{name}.dylib" for name in _VENDOR_NAMES]
    paths = [f"{d}/{n}" for n in names for d in dirs]
    paths += ["/usr/local/lib/libASEP11.dylib"]
    paths += [
        "/Library/OpenSC/lib/opensc-pkcs11.so",
        "/usr/local/lib/opensc-pkcs11.so",
        "/opt/homebrew/lib/opensc-pkcs11.so",
        "/usr/local/lib/softhsm/libsofthsm2.so",
        "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    ]
    return paths


def candidate_paths(system: str | None = None) -> list[str]:
    """Every known module path for ``system`` (``platform.system()`` names), best first."""
    system = system or platform.system()
    if system == "Windows":
        return _windows_candidates()
    if system == "Darwin":
        return _macos_candidates()
    return _linux_candidates()


def _dedupe(paths: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for path in paths:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            result.append(path)
    return result


def find_modules(
    user_path: str | os.PathLike | None = None,
    system: str | None = None,
    exists: Callable[[str], bool] = os.path.isfile,
    include_development: bool = True,
) -> list[str]:
    """Existing module paths, best first; ``user_path`` (from the settings) wins when it exists.

    ``include_development=False`` drops SoftHSM2.
    """
    paths = []
    if user_path:
        paths.append(str(Path(user_path).expanduser()))
    for path in candidate_paths(system):
        if not include_development and "softhsm" in path.lower():
            continue
        paths.append(path)
    return _dedupe(p for p in paths if exists(p))


def default_module(user_path: str | os.PathLike | None = None) -> str | None:
    """The module to use when the user did not choose one, or None when no driver is installed."""
    found = find_modules(user_path)
    return found[0] if found else None

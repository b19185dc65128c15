"""The archive's schema as numbered migrations: one module ``mNNNN_<what>.py`` each.

A module defines ``DESCRIPTION`` and ``SQL``; its number is its version. Add a new module for every
change; never edit one that has been released. ``MODULES`` lists them explicitly so that the
one-file build, which cannot list a package's files, finds them all.
"""

from __future__ import annotations

import importlib

MODULES = (
    "m0001_initial",
    "m0002_polisweb",
    "m0003_export",
    "m0004_deadline_terms",
    "m0005_pec",
)


def _load() -> list[tuple[int, str, str]]:
    found = []
    for name in MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # a feature area whose migration is not written yet
            raise
        found.append((int(name[1:5]), module.DESCRIPTION, module.SQL))
    versions = [v for v, _, _ in found]
    if versions != sorted(set(versions)) or versions[0] != 1:
        raise RuntimeError(f"migrations must be numbered in increasing order from 1, found {versions}")
    return found


MIGRATIONS = _load()
LATEST_VERSION = MIGRATIONS[-1][0]

"""Sub-commands of feature areas; each module registers itself with ``cli.register_command``.

The list is explicit so the one-file build includes every module.
"""

import importlib

AREAS = ("emulator", "polisweb", "deadline", "export", "pec", "updates")

for _area in AREAS:
    try:
        importlib.import_module(f"{__name__}.{_area}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_area}":
            raise

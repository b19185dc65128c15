"""``cliens-tk emulator ...``: the PolisWeb access-point emulator (see polisweb/emulator/cli.py)."""

from __future__ import annotations

from cliens_tk import cli
from cliens_tk.i18n import _


def _add(commands) -> None:
    from cliens_tk.polisweb.emulator import cli as emulator_cli

    parser = commands.add_parser("emulator", help=_("emulatore del punto di accesso PolisWeb (prove e demo)"))
    emulator_cli.add_arguments(parser)


def _run(args) -> int:
    from cliens_tk.polisweb.emulator import cli as emulator_cli

    return emulator_cli.run(args)


cli.register_command("emulator", _add, _run)

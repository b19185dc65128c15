"""The ``--demo`` global option: a demo archive plus the access-point emulator in the background.

``demo_environment(data_dir)`` (a context manager) makes sure the data folder holds a DEMO archive
(created if missing; a real archive is refused, so invented data never mixes with a user's own),
starts the emulator in a thread with its demo certificate, and points the archive's PolisWeb
settings at it: PEM access with the emulator's client certificate, its CA file and URL, the demo
codice fiscale, and, the first time, the offices where the demo expert has cases. Then any command
(``cliens-tk --demo polisweb test``) or the windows work without a smart card.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from pathlib import Path
from typing import Iterator

from cliens_tk.i18n import _

log = logging.getLogger(__name__)

DEMO_SUBDIR = "demo"
EMULATOR_STATE = "emulator"
DEMO_SEED = 1
DEMO_CASES = 150


class DemoError(Exception):
    """The demo cannot start; ``str(error)`` is an Italian message."""


def demo_data_dir(explicit: str | None = None) -> Path:
    """``--data-dir`` when given (it becomes a demo folder), else ``demo`` inside the usual one."""
    from cliens_tk.paths import data_dir

    if explicit:
        return Path(explicit).expanduser().resolve()
    return data_dir() / DEMO_SUBDIR


def _has_user_data(services) -> bool:
    return bool(services.archive.read(
        "SELECT (SELECT COUNT(*) FROM personal_case) + (SELECT COUNT(*) FROM registry_record)"
        " + (SELECT COUNT(*) FROM activity) AS n")[0]["n"])


def prepare_archive(directory: Path) -> None:
    """Create the demo archive if the folder has none; refuse a folder holding real data."""
    from cliens_tk.services.context import AppServices
    from cliens_tk.services.demo import fill_demo

    services = AppServices.open(directory, create=True)
    try:
        if not services.is_demo:
            if _has_user_data(services):
                raise DemoError(_(
                    "La cartella {path} contiene un archivio vero: l'opzione --demo usa solo archivi "
                    "dimostrativi. Indica una cartella vuota con --data-dir."
                ).format(path=directory))
            fill_demo(services)
    finally:
        services.close()


def configure_for(directory: Path, emulator) -> None:
    """Point the demo archive's PolisWeb settings at the running emulator."""
    from cliens_tk.domain.offices import Register
    from cliens_tk.polisweb.access import AccessConfig, AccessMode
    from cliens_tk.polisweb.emulator.world import DEFAULT_CASE_OFFICES
    from cliens_tk.services.context import AppServices
    from cliens_tk.services.polisweb_settings import CONSULTATION_REGISTERS, PolisWebSettingsService

    services = AppServices.open(directory, create=False)
    try:
        settings = PolisWebSettingsService(services)
        config = settings.access()
        config.mode = AccessMode.PEM if config.mode is not AccessMode.OTP else AccessMode.OTP
        config.base_url = emulator.base_url
        config.ca_file = str(emulator.ca_file)
        config.cert_file = str(emulator.client_cert_file)
        config.key_file = str(emulator.client_key_file)
        settings.save_access(AccessConfig.from_dict(config.to_dict()))
        settings.set_tax_code(emulator.tax_code)
        if not settings.entries():
            known = [c for c in DEFAULT_CASE_OFFICES if services.offices.get(c) is not None]
            settings.add_offices(known)
            for code in known:
                office = services.offices.get(code)
                for register in CONSULTATION_REGISTERS:
                    if register in office.registers and register in (
                            Register.CIVIL, Register.LABOUR, Register.VOLUNTARY, Register.PEACE):
                        settings.set_register(code, register, True)
            settings.set_start_year(dt.date.today().year - 4)
    finally:
        services.close()


@contextlib.contextmanager
def demo_environment(explicit_data_dir: str | None = None, latency: float = 0.0) -> Iterator[Path]:
    """Yield the demo data folder while the emulator runs in a background thread."""
    from cliens_tk.polisweb.emulator import Emulator

    directory = demo_data_dir(explicit_data_dir)
    prepare_archive(directory)
    emulator = Emulator(directory / EMULATOR_STATE, seed=DEMO_SEED, cases=DEMO_CASES, latency=latency)
    emulator.start()
    log.info("demo: access-point emulator at %s", emulator.base_url)
    try:
        configure_for(directory, emulator)
        yield directory
    finally:
        emulator.stop()

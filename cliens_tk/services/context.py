"""The services of one open archive, created once and shared by the windows and the CLI."""

from __future__ import annotations

from pathlib import Path

from cliens_tk.services.agenda import AgendaService
from cliens_tk.services.cases import CaseService
from cliens_tk.services.offices import OfficeService
from cliens_tk.store.archive import Archive
from cliens_tk.store.settings import SettingsRepository

DEMO_FLAG = "demo_archive"


class AppServices:
    def __init__(self, archive: Archive):
        self.archive = archive
        self.agenda = AgendaService(archive)
        self.cases = CaseService(archive)
        self.offices = OfficeService(archive)
        self.settings = SettingsRepository(archive)

    @classmethod
    def open(cls, data_dir: Path, create: bool = True) -> "AppServices":
        services = cls(Archive.open(data_dir, create=create))
        services.offices.ensure_seeded()
        return services

    @property
    def is_demo(self) -> bool:
        return bool(self.settings.get(DEMO_FLAG, False))

    def close(self) -> None:
        self.archive.close()

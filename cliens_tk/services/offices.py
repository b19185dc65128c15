"""The office list: seeded from the bundled starter list, searched by the settings window."""

from __future__ import annotations

from cliens_tk.domain.offices import Office, OfficeListChange, load_bundled_offices
from cliens_tk.store.archive import Archive
from cliens_tk.store.offices import OfficeRepository


class OfficeService:
    def __init__(self, archive: Archive):
        self.repo = OfficeRepository(archive)

    def ensure_seeded(self) -> None:
        """A new archive starts with the bundled list, until "Aggiorna elenchi ministeriali"."""
        if self.repo.count() == 0:
            self.repo.replace_all(load_bundled_offices())

    def search(self, text: str, limit: int = 200) -> list[Office]:
        return self.repo.search(text, limit)

    def get(self, code: str) -> Office | None:
        return self.repo.get(code)

    def name(self, code: str) -> str:
        office = self.repo.get(code)
        return office.name if office else code

    def names(self) -> dict[str, str]:
        return self.repo.names()

    def replace_all(self, offices: list[Office]) -> OfficeListChange:
        return self.repo.replace_all(offices)

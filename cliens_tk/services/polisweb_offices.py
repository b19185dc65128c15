"""«Aggiorna elenchi ministeriali» (guide 7.1): fetch the ministry's office catalogue and replace
the stored office list in one transaction; on any failure the old list stays as it was."""

from __future__ import annotations

from dataclasses import dataclass

from cliens_tk.domain.offices import OfficeListChange
from cliens_tk.i18n import _, ngettext


@dataclass
class OfficeListUpdate:
    change: OfficeListChange
    total: int
    consulted_missing: list[str]  # consulted offices the new list no longer has

    def message(self) -> str:
        lines = [_("Elenchi ministeriali aggiornati: {total} uffici.").format(total=self.total)]
        if self.change.total == 0:
            lines.append(_("Nessuna variazione rispetto all'elenco precedente."))
        else:
            lines.append(ngettext("{n} ufficio aggiunto", "{n} uffici aggiunti", len(self.change.added)).format(
                n=len(self.change.added)) + ", " + ngettext(
                "{n} eliminato", "{n} eliminati", len(self.change.removed)).format(n=len(self.change.removed))
                + ", " + ngettext("{n} modificato", "{n} modificati", len(self.change.changed)).format(
                n=len(self.change.changed)) + ".")
        if self.consulted_missing:
            lines.append(_("Attenzione: questi uffici da consultare non sono più nell'elenco: {codes}.").format(
                codes=", ".join(self.consulted_missing)))
        return "\n".join(lines)


def update_office_list(services, client, progress=None) -> OfficeListUpdate:
    """Fetch the catalogue with ``client`` (a PolisWebClient) and store it.

    Nothing is written until the whole catalogue has been read and parsed; the replacement is one
    transaction, so a failure anywhere leaves the previous list untouched.
    """
    if progress:
        progress(_("Lettura del catalogo degli uffici giudiziari..."))
    offices = client.fetch_catalogue()
    if progress:
        progress(_("Salvataggio di {n} uffici...").format(n=len(offices)))
    change = services.offices.replace_all(offices)
    from cliens_tk.store.polisweb import PolisWebRepository

    codes = {o.code for o in offices}
    missing = [c for c in PolisWebRepository(services.archive).office_codes() if c not in codes]
    return OfficeListUpdate(change, len(offices), missing)


class OfficeFinder:
    """Search-as-you-type over the stored office list, in memory (one query when the search
    window opens, then no database work per keystroke)."""

    def __init__(self, offices):
        from cliens_tk.store.codec import fold

        self._items = [(fold(f"{o.name} {o.city} {o.province} {o.code}"), o) for o in offices]

    @classmethod
    def from_services(cls, services) -> "OfficeFinder":
        return cls(services.offices.repo.all())

    def __len__(self) -> int:
        return len(self._items)

    def search(self, text: str, limit: int = 200) -> list:
        """Offices whose name, city, province or code contain every typed word, in name order."""
        from cliens_tk.store.codec import fold

        words = fold(text).split()
        found = []
        for haystack, office in self._items:
            if all(w in haystack for w in words):
                found.append(office)
                if len(found) >= limit:
                    break
        return found

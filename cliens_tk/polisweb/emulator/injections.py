"""Switches that make the emulator misbehave on purpose: HTTP errors, faults, broken bodies."""

from __future__ import annotations

import threading
from dataclasses import dataclass

# Short names for the documented faults; any other text is sent as the faultstring itself.
FAULT_TEXTS = {
    "not_allowed": "L'utente '{user}' non puo' eseguire l'operazione 'execute'",
    "wrong_type": "Can not set value type 'integer' from string",
    "unsupported_type": "Unsupported value type 'stri'",
    "parameter_not_resolved": "Parameter not resolved 'TIPO'",
    "service_not_found": "Service '{query}' non trovato",
    "cursor": "Errore apertura cursore",
    "missing_tax_code": "CODICEFISCALE",
}


@dataclass
class Injection:
    """One switch. Filters (office code, register code, query name) narrow where it fires;
    ``times`` limits how often (None: until cleared)."""

    http_status: int | None = None
    fault: str | None = None
    malformed: bool = False
    huge_bytes: int = 0
    office: str | None = None
    register: str | None = None
    query: str | None = None
    times: int | None = None
    hits: int = 0

    def matches(self, office: str, registers: tuple[str, ...], query: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.office and self.office != office:
            return False
        if self.register and self.register.upper() not in registers:
            return False
        if self.query and self.query.lower() != (query or "").lower():
            return False
        return True

    def fault_text(self, user: str, query: str) -> str:
        template = FAULT_TEXTS.get(self.fault or "", self.fault or "")
        return template.replace("{user}", user).replace("{query}", query or "")


class Injections:
    def __init__(self) -> None:
        self._items: list[Injection] = []
        self._lock = threading.Lock()

    def add(self, injection: Injection) -> Injection:
        with self._lock:
            self._items.append(injection)
        return injection

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def take(self, office: str, registers: tuple[str, ...], query: str) -> Injection | None:
        """The first matching switch, counted as fired."""
        with self._lock:
            for item in self._items:
                if item.matches(office, registers, query):
                    item.hits += 1
                    return item
        return None

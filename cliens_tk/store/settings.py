"""Small application settings stored in the archive as JSON values (never secrets)."""

from __future__ import annotations

import json
from typing import Any

from cliens_tk.store.archive import Archive


class SettingsRepository:
    def __init__(self, archive: Archive):
        self.archive = archive

    def get(self, key: str, default: Any = None) -> Any:
        rows = self.archive.read("SELECT value FROM setting WHERE key = :key", key=key)
        return json.loads(rows[0]["value"]) if rows else default

    def set(self, key: str, value: Any) -> None:
        self.archive.execute(
            "INSERT INTO setting (key, value) VALUES (:key, :value)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key=key,
            value=json.dumps(value, ensure_ascii=False),
        )

    def delete(self, key: str) -> None:
        self.archive.execute("DELETE FROM setting WHERE key = :key", key=key)

"""Conversions between Python values and the archive's column values (ISO text for dates)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def date_out(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


@lru_cache(maxsize=8192)
def _parse_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


@lru_cache(maxsize=16384)
def _parse_datetime(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


# Dates and datetimes are immutable and repeat a lot across rows (a month's days, creation dates):
# parsing each distinct text once makes loading a busy month noticeably cheaper.
def date_in(value: str | None) -> dt.date | None:
    return _parse_date(value) if value else None


def datetime_out(value: dt.datetime | None) -> str | None:
    return value.isoformat(sep=" ", timespec="minutes") if value else None


def datetime_in(value: str | None) -> dt.datetime | None:
    return _parse_datetime(value) if value else None


def fold(text: str) -> str:
    """Lower-case text without accents, for searching ("Città" matches "citta")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's wildcards escaped (ESCAPE '\\')."""
    escaped = fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"

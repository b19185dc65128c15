"""Paging of execute queries: the server says how many rows match (``available``)."""

from __future__ import annotations

from cliens_tk.polisweb.protocol import assumptions


def needs_more_pages(available: int, page_no: int, page_size: int, rows_in_page: int) -> bool:
    """Whether another page must be asked for after page ``page_no`` (numbered from 1).

    An empty page ends the loop even when ``available`` promises more: a server that counts
    wrong must not keep a download spinning forever.
    """
    if rows_in_page <= 0 or page_size <= 0:
        return False
    first = assumptions.FIRST_PAGE
    seen = (page_no - first) * page_size + rows_in_page
    return seen < available


def page_count(available: int, page_size: int) -> int:
    """How many pages hold ``available`` rows (at least one, to ask the first)."""
    if page_size <= 0:
        raise ValueError("page_size must be positive")
    return max(1, -(-available // page_size))

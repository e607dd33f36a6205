"""Long lists in pages (the audit trail, the national rankings at national size)."""

from __future__ import annotations


def page_of(requested: int | None, total: int, size: int) -> tuple[int, int]:
    """The page to show, 1-based and brought into range (a page past the end shows the
    last, anything below 1 or not a number the first), and how many pages there are."""
    count = max(1, -(-total // size))
    return min(max(requested or 1, 1), count), count

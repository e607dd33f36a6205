"""The rankings cache and the one function every write calls to invalidate it.

Each process keeps the last computed result per period, keyed by the period's
``data_version``. Writes bump that counter in the same transaction as the
change, so every process (several gunicorn workers, several hosts) notices on
its next read; losing the cache costs only a recomputation.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from scoring.models import Period

_lock = threading.Lock()
_cache: dict[tuple[str, int], tuple[int, Any]] = {}


def invalidate_rankings(session: Session, period_id: int) -> None:
    """Mark a period's figures as changed. Call from every write that touches a period."""
    session.execute(
        update(Period)
        .where(Period.id == period_id)
        .values(data_version=Period.data_version + 1)
        .execution_options(synchronize_session=False)
    )


def cached(key: str, period_id: int, version: int) -> Any | None:
    """The cached value for this period at exactly this version, if any."""
    with _lock:
        hit = _cache.get((key, period_id))
    if hit is not None and hit[0] == version:
        return hit[1]
    return None


def remember(key: str, period_id: int, version: int, value: Any) -> None:
    with _lock:
        _cache[(key, period_id)] = (version, value)


def clear() -> None:
    """Forget everything (tests, restore from backup)."""
    with _lock:
        _cache.clear()

"""The rankings cache and the one function every write calls to invalidate it.

Each process keeps the last computed result per period, keyed by the period's
``data_version``. Every write gives that column a fresh random value in the same
transaction as the change, so every process (several gunicorn workers, several
hosts) notices on its next read. A random token rather than a counter: a result
computed inside a transaction that is then rolled back may already be cached
under its token, and a counter would hand the same number to the next write.
Losing the cache costs only a recomputation.

Each cluster has its own ``data_version`` too, changed with the period's: a
write names the clusters it touched (a save names its one cluster), so a process
holding the period's previous result reloads and recomputes only those clusters'
members and re-ranks, instead of loading every score of the period again. A
write that does not name clusters changes them all.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Collection
from typing import Any

from sqlalchemy import inspect, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from scoring.models import Cluster, Period

_lock = threading.Lock()
_cache: dict[tuple[str, int], tuple[int, Any]] = {}


def invalidate_rankings(
    session: Session, period_id: int, cluster_ids: Collection[int] | None = None
) -> None:
    """Mark a period's figures as changed. Call from every write that touches a period,
    naming the clusters whose scores or votes it changed (``None``: possibly all of them,
    or the period's settings, scheme or membership)."""
    period_token, cluster_token = _fresh_token(), _fresh_token()
    session.execute(
        update(Period)
        .where(Period.id == period_id)
        .values(data_version=period_token)
        .execution_options(synchronize_session=False)
    )
    clusters = update(Cluster).where(Cluster.period_id == period_id)
    if cluster_ids is not None:
        cluster_ids = set(cluster_ids)
        clusters = clusters.where(Cluster.id.in_(list(cluster_ids)))
    session.execute(
        clusters.values(data_version=cluster_token).execution_options(synchronize_session=False)
    )
    _show_tokens(session, period_id, period_token, cluster_ids, cluster_token)


def _show_tokens(
    session: Session,
    period_id: int,
    period_token: int,
    cluster_ids: Collection[int] | None,
    cluster_token: int,
) -> None:
    """Give the period and cluster objects this session already holds their new tokens,
    so that readers in the same transaction (``rankings.standings_for``) take the version
    from the object instead of asking the database again on every call. An expired
    object is left alone: it reloads from the database, where the new token already is."""
    for obj in list(session.identity_map.values()):
        state = inspect(obj)  # read without loading
        if isinstance(obj, Period) and state.identity == (period_id,):
            set_committed_value(obj, "data_version", period_token)
        elif (
            isinstance(obj, Cluster)
            and state.dict.get("period_id") == period_id
            and (cluster_ids is None or obj.id in cluster_ids)
        ):
            set_committed_value(obj, "data_version", cluster_token)


def _fresh_token() -> int:
    """A new version token (fits PostgreSQL's 32-bit integer)."""
    return secrets.randbits(31)


def cached(key: str, period_id: int, version: int) -> Any | None:
    """The cached value for this period at exactly this version, if any."""
    with _lock:
        hit = _cache.get((key, period_id))
    if hit is not None and hit[0] == version:
        return hit[1]
    return None


def latest(key: str, period_id: int) -> Any | None:
    """The last value cached for this period, whatever its version (to refresh from)."""
    with _lock:
        hit = _cache.get((key, period_id))
    return None if hit is None else hit[1]


def remember(key: str, period_id: int, version: int, value: Any) -> None:
    with _lock:
        _cache[(key, period_id)] = (version, value)


def clear() -> None:
    """Forget everything (tests, restore from backup)."""
    with _lock:
        _cache.clear()

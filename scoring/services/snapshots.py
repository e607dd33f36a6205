"""Published results: a locked period's rankings document, frozen with its checksum.

The snapshot is the rankings document of INTERFACES.md §3 serialized canonically,
with its SHA-256, so anyone holding a copy of the published result can prove it is
the one the council froze. Locking and reopening (``workflow``) make and withdraw
snapshots; pages and reports show the current one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.models import Period, RankingSnapshot


def published_snapshot(session: Session, period: Period) -> RankingSnapshot | None:
    """The period's current published snapshot (not withdrawn), or None."""
    return next(iter(current_snapshots(session, period)), None)


def current_snapshots(session: Session, period: Period) -> list[RankingSnapshot]:
    """The period's snapshots not withdrawn, newest first (reopening withdraws them all)."""
    return list(
        session.scalars(
            select(RankingSnapshot)
            .where(RankingSnapshot.period_id == period.id, RankingSnapshot.withdrawn_at.is_(None))
            .order_by(RankingSnapshot.created_at.desc(), RankingSnapshot.id.desc())
        )
    )


def snapshot_document(snapshot: RankingSnapshot) -> dict[str, Any]:
    """The frozen rankings document, as published."""
    document: dict[str, Any] = json.loads(snapshot.document)
    return document


def canonical_json(document: dict[str, Any]) -> str:
    """The one serialization the checksum is taken of (stable key order, no spaces)."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify_snapshot(snapshot: RankingSnapshot) -> bool:
    """Whether the stored document still matches the checksum taken when it was frozen."""
    return checksum(snapshot.document) == snapshot.sha256

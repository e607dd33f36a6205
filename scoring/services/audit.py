"""The audit trail: every change of scores, states, users and settings, with who,
when, and before → after. Entries are written in the same transaction as the
change they describe, so a rolled-back change leaves no entry either.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from scoring.models import AuditEntry


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def stored_field(key: str, value: Any) -> str:
    """One key and value as they read inside a stored before/after: what to look for to
    find the entries that hold them."""
    return str(_text({key: value}))[1:-1]


def record(
    session: Session,
    username: str | None,
    action: str,
    *,
    year: int | None = None,
    cluster: str | None = None,
    federation: str | None = None,
    indicator: str | None = None,
    before: Any = None,
    after: Any = None,
    detail: str | None = None,
) -> None:
    """Add one audit entry (flushed with the caller's transaction)."""
    session.add(
        AuditEntry(
            username=username,
            action=action,
            period_year=year,
            cluster_code=cluster,
            federation_code=federation,
            indicator_code=indicator,
            before=_text(before),
            after=_text(after),
            detail=detail,
        )
    )


def record_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Many entries at once (a save of a whole grid), same fields as ``record``."""
    session.add_all(
        AuditEntry(
            username=r.get("username"),
            action=r["action"],
            period_year=r.get("year"),
            cluster_code=r.get("cluster"),
            federation_code=r.get("federation"),
            indicator_code=r.get("indicator"),
            before=_text(r.get("before")),
            after=_text(r.get("after")),
            detail=r.get("detail"),
        )
        for r in rows
    )


def audit_query(
    *,
    year: int | None = None,
    cluster: str | None = None,
    username: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[Any]:
    """Entries matching the filters, newest first."""
    stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if year is not None:
        stmt = stmt.where(AuditEntry.period_year == year)
    if cluster:
        stmt = stmt.where(AuditEntry.cluster_code == cluster)
    if username:
        stmt = stmt.where(AuditEntry.username == username)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEntry.at < until)
    return stmt

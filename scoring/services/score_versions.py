"""A cluster's score version: what makes two people saving at once safe.

Every save names the version it read; ``bump_version`` takes the next one with a
single conditional UPDATE, so of two concurrent savers exactly one succeeds and
the other gets a Conflict listing what was changed since its version (read back
from the audit trail, where each changed field records the version it made).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from scoring.local_time import moment
from scoring.models import AuditEntry, Cluster, Period
from scoring.models.types import utcnow

from . import permissions
from .errors import Conflict

ACTION = "score.update"  # the audit action of a changed score field
_DETAIL = re.compile(r"^field=(\w+) version=(\d+)$")


def require_version(session: Session, cluster: Cluster, version: int) -> None:
    """Conflict unless ``version`` is still the cluster's (a save that changes nothing)."""
    current = session.scalar(select(Cluster.version).where(Cluster.id == cluster.id))
    if current != version:
        raise _conflict(session, cluster, version, current or 0)


def bump_version(session: Session, period: Period, cluster: Cluster, version: int) -> int:
    """Take the next version atomically: only one of two concurrent savers can succeed."""
    result = session.execute(
        update(Cluster)
        .where(Cluster.id == cluster.id, Cluster.version == version, Cluster.state == "open")
        .values(version=Cluster.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(cluster)
        permissions.require_open(period, cluster)  # submitted in between: Locked
        raise _conflict(session, cluster, version, cluster.version)
    session.expire(cluster, ["version", "updated_at"])
    return version + 1


def _conflict(session: Session, cluster: Cluster, version: int, current: int) -> Conflict:
    changes, complete = changes_since(session, cluster, version)
    return Conflict(
        f"Trong lúc bạn nhập, đã có người lưu bảng điểm {cluster.name} (phiên bản {version} → "
        f"{current}); chưa ghi gì của bạn. Hãy xem các thay đổi, tải lại bảng điểm rồi nhập lại.",
        f"Someone saved the scores of {cluster.name} while you were editing (version {version} → "
        f"{current}); nothing of yours was saved. Review the changes, reload and enter again.",
        current,
        changes,
        changes_complete=complete,
    )


CHANGES_LOOKED_AT = 1000  # the newest score changes a conflict looks through


def changes_since(
    session: Session, cluster: Cluster, version: int
) -> tuple[list[dict[str, Any]], bool]:
    """What others changed in ``cluster`` after ``version``, one line per field, oldest
    first; and whether that is all of it (only the newest ``CHANGES_LOOKED_AT`` changes are
    looked through: after a long day of saves the list may begin later than ``version``,
    and then no one may take it for the whole story)."""
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.period_year == cluster.period.year,
            AuditEntry.cluster_code == cluster.code,
            AuditEntry.action == ACTION,
        )
        .order_by(AuditEntry.id.desc())
        .limit(CHANGES_LOOKED_AT)
    ).all()
    complete = len(entries) < CHANGES_LOOKED_AT
    names = {f.code: f.name for f in cluster.members}
    merged: dict[tuple[str | None, str | None, str], dict[str, Any]] = {}
    for entry in reversed(entries):
        match = _DETAIL.match(entry.detail or "")
        if not match:
            continue
        if int(match.group(2)) <= version:
            complete = True  # reached back to the version the user saw
            continue
        key = (entry.federation_code, entry.indicator_code, match.group(1))
        line = merged.setdefault(key, {"before": entry.before})
        line.update(
            federation=key[0], federation_name=names.get(key[0] or "", key[0]),
            indicator=key[1], field=key[2], after=entry.after,
            username=entry.username, at=entry.at.isoformat(),
            # as every page writes a time: Vietnam's, whatever the reader's computer says
            at_local=moment(entry.at),
        )  # fmt: skip
    return [line for line in merged.values() if line["before"] != line["after"]], complete

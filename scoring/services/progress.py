"""How far each cluster has come in a period: for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scoring.models import AuditEntry, Cluster, Period

from .rankings import standings_for


@dataclass(frozen=True)
class ClusterProgress:
    code: str
    name: str
    state: str
    state_note: str | None
    leader_name: str | None
    members: int
    complete: int
    incomplete_names: tuple[str, ...]
    totals: tuple[Decimal, ...]
    last_change: datetime | None

    @property
    def percent_complete(self) -> int:
        return round(100 * self.complete / self.members) if self.members else 0


def period_progress(
    session: Session, period: Period, first_cluster: str | None = None
) -> list[ClusterProgress]:
    """Every cluster's progress; ``first_cluster`` (a leader's own) comes first."""
    standings = standings_for(session, period)
    totals = standings.result.totals
    names = {f.code: f.name for f in standings.input.federations}
    last = dict(
        session.execute(
            select(AuditEntry.cluster_code, func.max(AuditEntry.at))
            .where(AuditEntry.period_year == period.year)
            .group_by(AuditEntry.cluster_code)
        ).all()
    )
    clusters = session.scalars(
        select(Cluster).where(Cluster.period_id == period.id).order_by(Cluster.position)
    ).all()
    rows = []
    for cluster in clusters:
        ranked = standings.result.cluster_rankings.get(cluster.code, ())
        codes = [entry.federation for entry in ranked]
        incomplete = tuple(names[c] for c in codes if not totals[c].complete)
        rows.append(
            ClusterProgress(
                code=cluster.code,
                name=cluster.name,
                state=cluster.state,
                state_note=cluster.state_note,
                leader_name=cluster.leader.name if cluster.leader else None,
                members=len(codes),
                complete=len(codes) - len(incomplete),
                incomplete_names=incomplete,
                totals=tuple(totals[c].total for c in codes),
                last_change=last.get(cluster.code) or cluster.state_changed_at,
            )
        )
    rows.sort(key=lambda r: r.code != first_cluster)
    return rows

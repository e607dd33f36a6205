"""Reading a period out of the database as a ``PeriodBundle`` (export, round trip)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.bundle.model import (
    BundleAward,
    BundleCluster,
    BundleFederation,
    BundleIndicator,
    BundleScore,
    BundleSettings,
    BundleVote,
    PeriodBundle,
)
from scoring.models import (
    AwardRule,
    Cluster,
    Federation,
    FederationPredecessor,
    Indicator,
    Period,
    Score,
    Vote,
)

from .period_input import ranking_settings


def export_period(session: Session, period: Period) -> PeriodBundle:
    """The whole period as plain data, in the order it was imported."""
    settings = ranking_settings(period)
    bundle = PeriodBundle(
        settings=BundleSettings(
            year=period.year,
            title=period.title,
            deadline=period.deadline,
            bonus_cap=period.bonus_cap,
            tie_breakers=settings.tie_breakers,
            national_method=period.national_method,
            bands=settings.bands,
        )
    )
    federation_codes = _federations(session, period, bundle)
    indicator_codes = _indicators(session, period, bundle)
    _scores(session, period, bundle, federation_codes, indicator_codes)
    votes = session.execute(
        select(Vote.federation_id, Vote.votes, Vote.voters).where(Vote.period_id == period.id)
    )
    order = {code: i for i, code in enumerate(federation_codes.values())}
    bundle.votes = sorted(
        (BundleVote(federation_codes[f], v, n) for f, v, n in votes),
        key=lambda vote: order[vote.federation],
    )
    bundle.awards = [
        BundleAward(
            name=r.name,
            min_total=r.min_total,
            scope=r.scope,
            count=r.count,
            share=r.share,
            min_vote_share=r.min_vote_share,
        )
        for r in session.scalars(
            select(AwardRule).where(AwardRule.period_id == period.id).order_by(AwardRule.position)
        )
    ]
    return bundle


def _federations(session: Session, period: Period, bundle: PeriodBundle) -> dict[int, str]:
    rows = session.execute(
        select(Federation.id, Federation.code, Federation.name, Federation.cluster_id)
        .where(Federation.period_id == period.id)
        .order_by(Federation.position)
    ).all()
    codes = {row.id: row.code for row in rows}
    clusters = session.scalars(
        select(Cluster).where(Cluster.period_id == period.id).order_by(Cluster.position)
    ).all()
    cluster_code = {c.id: c.code for c in clusters}
    bundle.clusters = [
        BundleCluster(
            code=c.code,
            name=c.name,
            leader=codes.get(c.leader_id) if c.leader_id else None,
            deputy=codes.get(c.deputy_id) if c.deputy_id else None,
        )
        for c in clusters
    ]
    succeeds: dict[int, list[str]] = defaultdict(list)
    for federation_id, code in session.execute(
        select(FederationPredecessor.federation_id, FederationPredecessor.code)
        .join(Federation)
        .where(Federation.period_id == period.id)
        .order_by(FederationPredecessor.id)
    ):
        succeeds[federation_id].append(code)
    bundle.federations = [
        BundleFederation(row.code, row.name, cluster_code[row.cluster_id], tuple(succeeds[row.id]))
        for row in rows
    ]
    return codes


def _indicators(session: Session, period: Period, bundle: PeriodBundle) -> dict[int, str]:
    rows = session.scalars(
        select(Indicator).where(Indicator.period_id == period.id).order_by(Indicator.position)
    ).all()
    codes = {row.id: row.code for row in rows}
    bundle.indicators = [
        BundleIndicator(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=codes[row.parent_id] if row.parent_id else None,
            max_points=row.max_points,
            target=row.target,
            guidance=row.guidance,
        )
        for row in rows
    ]
    return codes


def _scores(
    session: Session,
    period: Period,
    bundle: PeriodBundle,
    federation_codes: dict[int, str],
    indicator_codes: dict[int, str],
) -> None:
    """Scores in federation order, then scheme order, as a person would read them."""
    federation_order = {fid: i for i, fid in enumerate(federation_codes)}
    indicator_order = {iid: i for i, iid in enumerate(indicator_codes)}
    rows = list(
        session.execute(
            select(
                Score.federation_id, Score.indicator_id, Score.value, Score.self_value, Score.note
            ).where(Score.period_id == period.id)
        )
    )
    rows.sort(key=lambda r: (federation_order[r[0]], indicator_order[r[1]]))
    bundle.scores = [
        BundleScore(federation_codes[f], indicator_codes[i], value, self_value, note)
        for f, i, value, self_value, note in rows
    ]

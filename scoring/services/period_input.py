"""Loading one period from the database into the engine's ``PeriodInput``.

A handful of queries, none per federation: at national size (1,000,000
scores) the cost is fetching the score rows, so they come as plain tuples.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.engine.settings import parse_bands, parse_tie_breakers
from scoring.engine.types import (
    AwardRuleDef,
    ClusterRef,
    FederationRef,
    IndicatorDef,
    PeriodInput,
    RankingSettings,
    Scheme,
    VoteTally,
)
from scoring.models import AwardRule, Cluster, Federation, Indicator, Period, Vote


def load_period_input(session: Session, period: Period) -> PeriodInput:
    """Everything the engine needs about ``period``, as plain data."""
    indicators = session.execute(
        select(
            Indicator.id,
            Indicator.code,
            Indicator.name,
            Indicator.kind,
            Indicator.parent_id,
            Indicator.max_points,
            Indicator.target,
        )
        .where(Indicator.period_id == period.id)
        .order_by(Indicator.position)
    ).all()
    code_of_indicator = {row.id: row.code for row in indicators}
    scheme = Scheme(
        tuple(
            IndicatorDef(
                code=row.code,
                name=row.name,
                kind=row.kind,
                parent=code_of_indicator.get(row.parent_id) if row.parent_id else None,
                max_points=row.max_points,
                target=row.target,
            )
            for row in indicators
        )
    )
    clusters = session.execute(
        select(Cluster.id, Cluster.code, Cluster.name)
        .where(Cluster.period_id == period.id)
        .order_by(Cluster.position)
    ).all()
    code_of_cluster = {row.id: row.code for row in clusters}
    federations = session.execute(
        select(Federation.id, Federation.code, Federation.name, Federation.cluster_id)
        .where(Federation.period_id == period.id)
        .order_by(Federation.position)
    ).all()
    code_of_federation = {row.id: row.code for row in federations}
    return PeriodInput(
        scheme=scheme,
        settings=ranking_settings(period),
        clusters=tuple(ClusterRef(row.code, row.name) for row in clusters),
        federations=tuple(
            FederationRef(row.code, row.name, code_of_cluster[row.cluster_id])
            for row in federations
        ),
        values=_load_values(session, period.id, code_of_federation, code_of_indicator),
        votes=_load_votes(session, period.id, code_of_federation),
        award_rules=_load_award_rules(session, period.id),
    )


def ranking_settings(period: Period) -> RankingSettings:
    return RankingSettings(
        bonus_cap=period.bonus_cap,
        tie_breakers=parse_tie_breakers(period.tie_breakers),
        national_method=period.national_method,
        bands=parse_bands(period.bands),
    )


def _load_values(
    session: Session,
    period_id: int,
    code_of_federation: dict[int, str],
    code_of_indicator: dict[int, str],
) -> dict[str, dict[str, Decimal | None]]:
    """Every cluster value of the period. At a million rows the cost is the fetch, so the
    stored hundredths come as plain integers and each distinct one becomes a Decimal once."""
    values: dict[str, dict[str, Decimal | None]] = {
        code: {} for code in code_of_federation.values()
    }
    # The one hot query: straight through the driver's cursor, no Row objects.
    connection = session.connection()
    qmark = connection.dialect.paramstyle == "qmark"
    sql = "SELECT federation_id, indicator_id, value FROM scores WHERE period_id = {} AND value IS NOT NULL"
    rows = connection.exec_driver_sql(
        sql.format("?" if qmark else "%(period)s"),  # the only variable part is the placeholder
        (period_id,) if qmark else {"period": period_id},
    ).cursor
    decimals: dict[int, Decimal] = {}
    assert rows is not None
    for federation_id, indicator_id, raw in iter(rows.fetchone, None):
        value = decimals.get(raw)
        if value is None:
            value = decimals[raw] = Decimal(raw).scaleb(-2)
        values[code_of_federation[federation_id]][code_of_indicator[indicator_id]] = value
    return values


def _load_votes(
    session: Session, period_id: int, code_of_federation: dict[int, str]
) -> dict[str, VoteTally]:
    rows = session.execute(
        select(Vote.federation_id, Vote.votes, Vote.voters).where(Vote.period_id == period_id)
    )
    return {code_of_federation[f]: VoteTally(votes, voters) for f, votes, voters in rows}


def _load_award_rules(session: Session, period_id: int) -> tuple[AwardRuleDef, ...]:
    rules = session.scalars(
        select(AwardRule).where(AwardRule.period_id == period_id).order_by(AwardRule.position)
    )
    return tuple(
        AwardRuleDef(
            name=r.name,
            scope=r.scope,
            count=r.count,
            share=r.share,
            min_total=r.min_total,
            min_vote_share=r.min_vote_share,
        )
        for r in rules
    )

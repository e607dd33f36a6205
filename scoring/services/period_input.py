"""Loading one period from the database into the engine's ``PeriodInput``.

A handful of queries, none per federation: at national size (1,000,000
scores) the cost is fetching the score rows, so they come as plain tuples.

``refresh_clusters`` brings a loaded period up to date after writes that named
their clusters (see ``services.cache``): it reloads only those clusters' scores
and votes, which is what keeps a busy period's pages cheap while people save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, select
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
from scoring.models import AwardRule, Cluster, Federation, Indicator, Period, Score, Vote

Values = dict[str, dict[str, Decimal | None]]


@dataclass(frozen=True)
class LoadedPeriod:
    """A period's engine input with the database ids it came from and, per cluster id,
    the cluster's ``data_version`` when it was read."""

    input: PeriodInput
    indicator_codes: Mapping[int, str]
    federation_codes: Mapping[int, str]
    cluster_tokens: Mapping[int, int]


def cluster_tokens(session: Session, period: Period) -> dict[int, int]:
    """Each cluster's ``data_version``, by cluster id."""
    rows = session.execute(
        select(Cluster.id, Cluster.data_version).where(Cluster.period_id == period.id)
    )
    return {cluster_id: token for cluster_id, token in rows}


def load_period_input(session: Session, period: Period) -> PeriodInput:
    """Everything the engine needs about ``period``, as plain data."""
    return load_period(session, period).input


def load_period(session: Session, period: Period) -> LoadedPeriod:
    """The whole period. Cluster tokens are read first: data read after them is at
    least as new, so a later comparison of tokens can only reload too much, never
    keep a stale cluster."""
    tokens = cluster_tokens(session, period)
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
    inp = PeriodInput(
        scheme=scheme,
        settings=ranking_settings(period),
        clusters=tuple(ClusterRef(row.code, row.name) for row in clusters),
        federations=tuple(
            FederationRef(row.code, row.name, code_of_cluster[row.cluster_id])
            for row in federations
        ),
        values=load_scores(session, period.id, code_of_federation, code_of_indicator),
        votes=_load_votes(session, period.id, code_of_federation),
        award_rules=_load_award_rules(session, period.id),
    )
    return LoadedPeriod(inp, code_of_indicator, code_of_federation, tokens)


def refresh_clusters(
    session: Session, period: Period, previous: LoadedPeriod
) -> tuple[LoadedPeriod, frozenset[str]] | None:
    """``previous`` with the clusters whose token changed reloaded, and the codes of
    the federations reloaded; None when only a whole load will do (every cluster
    changed: settings, scheme or membership may have too; or the period's token changed
    without any cluster's, which says nothing of what changed)."""
    tokens = cluster_tokens(session, period)
    if set(tokens) != set(previous.cluster_tokens):
        return None
    changed = [c for c, token in tokens.items() if previous.cluster_tokens[c] != token]
    if not changed or len(changed) == len(tokens):
        return None  # the period changed without naming a cluster, or every cluster did
    members = session.execute(
        select(Federation.id, Federation.code, Cluster.code)
        .join(Cluster, Federation.cluster_id == Cluster.id)
        .where(Federation.cluster_id.in_(changed))
    ).all()
    if not _same_members(previous, members, len(changed)):
        return None
    ids = [f_id for f_id, _, _ in members]
    codes = frozenset(code for _, code, _ in members)
    values: Values = dict(previous.input.values)  # type: ignore[arg-type]
    values.update({code: {} for code in codes})
    indicator_codes = previous.indicator_codes
    for f_id, i_id, value in session.execute(
        select(Score.federation_id, Score.indicator_id, Score.value).where(
            Score.federation_id.in_(ids), Score.value.is_not(None)
        )
    ):
        values[previous.federation_codes[f_id]][indicator_codes[i_id]] = value
    votes = {code: v for code, v in previous.input.votes.items() if code not in codes}
    votes.update(_votes_of(session, Vote.federation_id.in_(ids), previous.federation_codes))
    inp = replace(previous.input, values=values, votes=votes)
    return replace(previous, input=inp, cluster_tokens=tokens), codes


def ranking_settings(period: Period) -> RankingSettings:
    return RankingSettings(
        bonus_cap=period.bonus_cap,
        tie_breakers=parse_tie_breakers(period.tie_breakers),
        national_method=period.national_method,
        bands=parse_bands(period.bands),
    )


# The two score columns a whole-period read may fetch (the SQL names one of them).
SCORE_COLUMNS = ("value", "self_value")


def load_scores(
    session: Session,
    period_id: int,
    code_of_federation: Mapping[int, str],
    code_of_indicator: Mapping[int, str],
    column: str = "value",
) -> Values:
    """Every federation's values of one score column (the cluster's ``value`` or the
    ``self_value``), by codes; a federation with none has an empty mapping. At a million
    rows the cost is the fetch, so the rows come straight from the driver's cursor as
    stored hundredths, and each distinct one becomes a Decimal once (as ``FixedPoint``
    would make it)."""
    if column not in SCORE_COLUMNS:
        raise ValueError(f"not a score column: {column!r}")
    values: Values = {code: {} for code in code_of_federation.values()}
    connection = session.connection()
    qmark = connection.dialect.paramstyle == "qmark"
    sql = (
        f"SELECT federation_id, indicator_id, {column} FROM scores "  # noqa: S608 - a known column
        f"WHERE period_id = {'?' if qmark else '%(period)s'} AND {column} IS NOT NULL"
    )
    cursor = connection.exec_driver_sql(
        sql, (period_id,) if qmark else {"period": period_id}
    ).cursor
    assert cursor is not None
    decimals: dict[int, Decimal] = {}
    while rows := cursor.fetchmany(10_000):
        for federation_id, indicator_id, raw in rows:
            value = decimals.get(raw)
            if value is None:
                value = decimals[raw] = Decimal(raw).scaleb(-2)
            values[code_of_federation[federation_id]][code_of_indicator[indicator_id]] = value
    return values


def _same_members(previous: LoadedPeriod, members: Sequence[Any], clusters: int) -> bool:
    """Whether the changed clusters hold the same federations, with the same ids and
    codes, as when ``previous`` was loaded (a move between clusters reloads everything)."""
    cluster_of = {f.code: f.cluster for f in previous.input.federations}
    if any(
        previous.federation_codes.get(f_id) != code or cluster_of.get(code) != cluster
        for f_id, code, cluster in members
    ):
        return False
    cluster_codes = {cluster for _, _, cluster in members}
    if len(cluster_codes) < clusters:  # an emptied cluster: was it empty before?
        return False
    before = sum(1 for f in previous.input.federations if f.cluster in cluster_codes)
    return before == len(members)


def _load_votes(
    session: Session, period_id: int, code_of_federation: Mapping[int, str]
) -> dict[str, VoteTally]:
    return _votes_of(session, Vote.period_id == period_id, code_of_federation)


def _votes_of(
    session: Session, where: ColumnElement[bool], code_of_federation: Mapping[int, str]
) -> dict[str, VoteTally]:
    rows = session.execute(select(Vote.federation_id, Vote.votes, Vote.voters).where(where))
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

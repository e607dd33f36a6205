"""Writing a checked ``PeriodBundle`` into the database (INTERFACES.md §1).

The bundle has already been validated whole by ``scoring.bundle``; this module
only writes. Replacing a year keeps the period row (its published snapshots and
audit refer to it) and swaps everything below it inside the caller's single
transaction, so readers see the old period or the new one, never a mix.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from scoring.bundle.model import PeriodBundle
from scoring.engine.settings import format_bands, format_tie_breakers
from scoring.models import (
    AwardRule,
    Cluster,
    Federation,
    FederationPredecessor,
    Indicator,
    Period,
    RankingSnapshot,
    Score,
    Vote,
)
from scoring.models.types import Points

from .cache import invalidate_rankings
from .errors import AlreadyExists
from .import_standings import store_imported_standings
from .period_input import Values

CHUNK = 20_000
_INSERT_SCORE = (
    "INSERT INTO scores (period_id, federation_id, indicator_id, value, self_value, note) VALUES "
)
INSERT_SCORE_QMARK = _INSERT_SCORE + "(?, ?, ?, ?, ?, ?)"
INSERT_SCORE_FORMAT = _INSERT_SCORE + "(%s, %s, %s, %s, %s, %s)"
COPY_SCORES = (
    "COPY scores (period_id, federation_id, indicator_id, value, self_value, note) FROM STDIN"
)


def import_period(session: Session, bundle: PeriodBundle, *, replace: bool = False) -> Period:
    """Create (or, with ``replace``, overwrite) the bundle's period. Flushes only."""
    year = bundle.settings.year
    period = session.scalar(select(Period).where(Period.year == year))
    if period is not None and not replace:
        raise AlreadyExists(
            f"Năm {year} đã có trong hệ thống; dùng --replace để thay thế.",
            f"The year {year} already exists; use --replace to replace it.",
        )
    if period is None:
        period = Period(year=year)
        session.add(period)
    else:
        _clear_period(session, period.id)
    _apply_settings(period, bundle)
    session.flush()
    cluster_ids = _insert_clusters(session, period.id, bundle)
    federation_ids = _insert_federations(session, period.id, bundle, cluster_ids)
    _link_cluster_officers(session, bundle, cluster_ids, federation_ids)
    indicator_ids = _insert_indicators(session, period.id, bundle)
    values = _insert_scores(session, period.id, bundle, federation_ids, indicator_ids)
    _insert_votes(session, period.id, bundle, federation_ids)
    _insert_awards(session, period.id, bundle)
    session.expire(period)
    invalidate_rankings(session, period.id)
    store_imported_standings(session, period, bundle, (federation_ids, indicator_ids), values)
    return period


def _clear_period(session: Session, period_id: int) -> None:
    """Delete everything below the period, children first (no reliance on cascades)."""
    session.execute(
        update(Cluster).where(Cluster.period_id == period_id).values(leader_id=None, deputy_id=None)
    )
    fed_ids = select(Federation.id).where(Federation.period_id == period_id)
    for stmt in (
        delete(Score).where(Score.period_id == period_id),
        delete(Vote).where(Vote.period_id == period_id),
        delete(FederationPredecessor).where(FederationPredecessor.federation_id.in_(fed_ids)),
        delete(AwardRule).where(AwardRule.period_id == period_id),
        delete(Federation).where(Federation.period_id == period_id),
        delete(Cluster).where(Cluster.period_id == period_id),
        update(Indicator).where(Indicator.period_id == period_id).values(parent_id=None),
        delete(Indicator).where(Indicator.period_id == period_id),
        # A replaced period's published snapshot no longer describes it.
        update(RankingSnapshot)
        .where(RankingSnapshot.period_id == period_id, RankingSnapshot.withdrawn_at.is_(None))
        .values(withdrawn_reason="period replaced by import"),
    ):
        session.execute(stmt, execution_options={"synchronize_session": False})
    session.expire_all()


def _apply_settings(period: Period, bundle: PeriodBundle) -> None:
    s = bundle.settings
    period.title = s.title
    period.deadline = s.deadline
    period.bonus_cap = s.bonus_cap
    period.tie_breakers = format_tie_breakers(s.tie_breakers)
    period.national_method = s.national_method
    period.bands = format_bands(s.bands)
    period.locked_at = None
    period.locked_by = None


def _insert_clusters(session: Session, period_id: int, bundle: PeriodBundle) -> dict[str, int]:
    rows = [
        {"period_id": period_id, "position": i, "code": c.code, "name": c.name}
        for i, c in enumerate(bundle.clusters)
    ]
    return _insert_returning_ids(session, Cluster, rows)


def _insert_federations(
    session: Session, period_id: int, bundle: PeriodBundle, cluster_ids: dict[str, int]
) -> dict[str, int]:
    rows = [
        {
            "period_id": period_id,
            "cluster_id": cluster_ids[f.cluster],
            "position": i,
            "code": f.code,
            "name": f.name,
        }
        for i, f in enumerate(bundle.federations)
    ]
    ids = _insert_returning_ids(session, Federation, rows)
    links = [
        {"federation_id": ids[f.code], "code": old}
        for f in bundle.federations
        for old in dict.fromkeys(f.succeeds)
    ]
    if links:
        session.execute(insert(FederationPredecessor), links)
    return ids


def _link_cluster_officers(
    session: Session,
    bundle: PeriodBundle,
    cluster_ids: dict[str, int],
    federation_ids: dict[str, int],
) -> None:
    for c in bundle.clusters:
        if c.leader or c.deputy:
            session.execute(
                update(Cluster)
                .where(Cluster.id == cluster_ids[c.code])
                .values(
                    leader_id=federation_ids.get(c.leader) if c.leader else None,
                    deputy_id=federation_ids.get(c.deputy) if c.deputy else None,
                )
            )


def _insert_indicators(session: Session, period_id: int, bundle: PeriodBundle) -> dict[str, int]:
    """Parents come before children in a bundle, so one pass can resolve parent ids."""
    ids: dict[str, int] = {}
    for position, ind in enumerate(bundle.indicators):
        row = Indicator(
            period_id=period_id,
            parent_id=ids[ind.parent] if ind.parent else None,
            position=position,
            code=ind.code,
            name=ind.name,
            kind=ind.kind,
            max_points=ind.max_points,
            target=ind.target,
            guidance=ind.guidance,
        )
        session.add(row)
        session.flush()
        ids[ind.code] = row.id
    return ids


def _insert_scores(
    session: Session,
    period_id: int,
    bundle: PeriodBundle,
    federation_ids: dict[str, int],
    indicator_ids: dict[str, int],
) -> Values:
    """The one bulk write that matters at national size, through the driver with each
    value already in stored hundredths (``models.types.FixedPoint``), so no per-row bind
    processing runs: COPY on PostgreSQL, executemany in chunks elsewhere. Same
    connection, same transaction.

    Returns the cluster values as they now read back (what ``period_input`` loads),
    for the standings the import computes without reading them back."""
    connection = session.connection()
    sql = INSERT_SCORE_QMARK if connection.dialect.paramstyle == "qmark" else INSERT_SCORE_FORMAT
    hundredths: dict[Decimal | None, int | None] = {None: None}
    read_back: dict[int, Decimal] = {}

    def stored(value: Decimal | None) -> int | None:
        try:
            return hundredths[value]
        except KeyError:
            found = hundredths[value] = Points.process_bind_param(value, None)
            if found is not None:
                read_back[found] = Points.process_result_value(found, None)  # type: ignore[assignment]
            return found

    values: Values = {f.code: {} for f in bundle.federations}

    def rows() -> Iterator[tuple[object, ...]]:
        for s in bundle.scores:
            value = stored(s.value)
            if value is not None:
                values[s.federation][s.indicator] = read_back[value]
            yield (
                period_id,
                federation_ids[s.federation],
                indicator_ids[s.indicator],
                value,
                stored(s.self_value),
                s.note,
            )

    if connection.dialect.driver == "psycopg":
        _copy_scores(connection, rows())
        return values
    batch: list[tuple[object, ...]] = []
    for row in rows():
        batch.append(row)
        if len(batch) >= CHUNK:
            connection.exec_driver_sql(sql, batch)
            batch = []
    if batch:
        connection.exec_driver_sql(sql, batch)
    return values


def _copy_scores(connection: Connection, rows: Iterable[tuple[object, ...]]) -> None:
    """PostgreSQL's COPY on the session's own connection (same transaction): at a million
    rows 36 s instead of executemany's 68 s, most of what is left being PostgreSQL's
    foreign-key checks, one per row and key."""
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(COPY_SCORES) as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)


def _insert_votes(
    session: Session, period_id: int, bundle: PeriodBundle, federation_ids: dict[str, int]
) -> None:
    rows = [
        {
            "period_id": period_id,
            "federation_id": federation_ids[v.federation],
            "votes": v.votes,
            "voters": v.voters,
        }
        for v in bundle.votes
    ]
    if rows:
        session.execute(insert(_table(Vote)), rows)


def _insert_awards(session: Session, period_id: int, bundle: PeriodBundle) -> None:
    rows = [
        {
            "period_id": period_id,
            "position": i,
            "name": a.name,
            "scope": a.scope,
            "count": a.count,
            "share": a.share,
            "min_total": a.min_total,
            "min_vote_share": a.min_vote_share,
        }
        for i, a in enumerate(bundle.awards)
    ]
    if rows:
        session.execute(insert(_table(AwardRule)), rows)


def _insert_returning_ids(
    session: Session, model: Any, rows: list[dict[str, Any]]
) -> dict[str, int]:
    """Insert rows and map each one's code to its new id."""
    if not rows:
        return {}
    result = session.execute(insert(model).returning(model.id, model.code), rows)
    return {code: ident for ident, code in result}


def _table(model: Any) -> Table:
    """A model's table, for Core bulk inserts (executemany, no ORM bookkeeping)."""
    return cast(Table, model.__table__)

"""Rankings of a period: computed by the engine, cached per ``data_version``.

Every screen, JSON answer and workbook takes its figures from ``standings_for``
so that two places showing the same figure always show the same value.

The rankings document itself is also kept in the database (``ranking_documents``,
one row per period) as the JSON text ``scoring rankings --json`` prints, tagged with
the ``data_version`` it was computed at: any process can serve it without loading a
million scores, and since every write changes the version, a stale one is never served.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from scoring.engine.compute import compute_period
from scoring.engine.types import PeriodInput, PeriodResult
from scoring.models import Period
from scoring.models.period import RankingDocument
from scoring.models.types import utcnow

from . import cache
from .errors import NotFound
from .period_input import LoadedPeriod, load_period, refresh_clusters


@dataclass(frozen=True)
class Standings:
    """A period's input and the engine's result for it, at one ``data_version``."""

    year: int
    version: int
    loaded: LoadedPeriod
    result: PeriodResult

    @property
    def input(self) -> PeriodInput:
        return self.loaded.input


PERIOD_YEARS = range(1900, 10000)  # the periods table's own check (year_range)


def get_period(session: Session, year: int) -> Period:
    """The period of ``year``, or NotFound (also for a year no period can have, which
    would otherwise overflow the database's integer before the query could say so)."""
    found = year in PERIOD_YEARS
    period = session.scalar(select(Period).where(Period.year == year)) if found else None
    if period is None:
        raise NotFound(f"Không có năm thi đua {year}.", f"There is no emulation period {year}.")
    return period


def standings_for(session: Session, period: Period) -> Standings:
    """The period's standings, from the cache when nothing changed since; after writes
    that named their clusters, only those clusters are reloaded and recomputed
    before everyone is ranked again."""
    # The version as this transaction read it with the period (kept current by
    # ``cache.invalidate_rankings`` after a write in it): the data loaded below is at
    # least that new, so a result is never stored under a token newer than its data.
    version = period.data_version
    key = standings_key(session, period.created_at)
    hit = cache.cached(key, period.id, version)
    if hit is not None:
        return hit
    previous: Standings | None = cache.latest(key, period.id)
    refreshed = refresh_clusters(session, period, previous.loaded) if previous else None
    if previous is not None and refreshed is not None:
        loaded, changed = refreshed
        unchanged = {c: t for c, t in previous.result.totals.items() if c not in changed}
        result = compute_period(loaded.input, reuse=unchanged)
    else:
        loaded = load_period(session, period)
        result = compute_period(loaded.input)
    standings = Standings(period.year, version, loaded, result)
    cache.remember(key, period.id, version, standings)
    return standings


def standings_key(session: Session, created: datetime) -> str:
    """The cache key of a period's standings: its database, and its creation time, which
    tells a re-created period (same id, version 1) from the old one."""
    return f"{session.get_bind().engine.url}|{created.isoformat()}"


def number(value: Decimal | None) -> float | None:
    """A figure for JSON: a number rounded to 2 places (INTERFACES.md §3)."""
    return None if value is None else float(round(value, 2))


def rankings_document(standings: Standings, national_method: str) -> dict[str, Any]:
    """The rankings document of INTERFACES.md §3."""
    inp, result = standings.input, standings.result
    names = {f.code: f.name for f in inp.federations}
    section_codes = [s.code for s in inp.scheme.sections]
    clusters = []
    for cluster in inp.clusters:
        members = []
        for entry in result.cluster_rankings.get(cluster.code, ()):
            totals = result.totals[entry.federation]
            award = result.awards.get(entry.federation)
            members.append(
                {
                    "federation": entry.federation,
                    "name": names[entry.federation],
                    "rank": entry.rank,
                    "total": number(totals.total),
                    "base": number(totals.base),
                    "bonus": number(totals.bonus),
                    "penalty": number(totals.penalty),
                    "complete": totals.complete,
                    "classification": result.classification.get(entry.federation),
                    "award": award.award if award else None,
                    "award_tie": bool(award and award.tie),
                    "sections": {c: number(totals.subtotals.get(c)) for c in section_codes},
                }
            )
        clusters.append({"code": cluster.code, "name": cluster.name, "members": members})
    national = [
        {
            "federation": e.federation,
            "cluster": e.cluster,
            "rank": e.rank,
            "total": number(e.total),
            "normalized": number(e.normalized) if national_method == "zscore" else None,
            # an extension of INTERFACES.md §3: incomplete is shown everywhere (SCORING.md §3)
            "complete": result.totals[e.federation].complete,
        }
        for e in result.national
    ]
    return {
        "year": standings.year,
        "national_method": national_method,
        "clusters": clusters,
        "national": national,
    }


def document_text(document: dict[str, Any]) -> str:
    """The canonical JSON text of a rankings document (what ``rankings --json`` prints):
    compact, because only the compact form has the C encoder (4x faster at 10,000
    federations than ``indent=2``, and half the size)."""
    return json.dumps(document, ensure_ascii=False)


def rankings_document_json(session: Session, period: Period) -> str:
    """The period's rankings document as JSON text, from ``ranking_documents`` when it
    was stored at the period's current ``data_version``; otherwise computed and stored.
    Flushes only: the stored row commits (or rolls back) with the caller's transaction."""
    version = period.data_version
    stored = session.execute(
        select(RankingDocument.data_version, RankingDocument.document).where(
            RankingDocument.period_id == period.id
        )
    ).first()
    if stored is not None and stored.data_version == version:
        return stored.document
    standings = standings_for(session, period)
    text = document_text(rankings_document(standings, period.national_method))
    store_document(session, period.id, standings.version, text)
    return text


def store_document(session: Session, period_id: int, version: int, text: str) -> None:
    """Replace the stored document. Two processes may compute the same one at once: the
    loser's insert fails on the unique period inside its savepoint and is simply dropped."""
    try:
        with session.begin_nested():
            session.execute(delete(RankingDocument).where(RankingDocument.period_id == period_id))
            session.execute(
                insert(RankingDocument).values(
                    period_id=period_id, data_version=version, document=text, computed_at=utcnow()
                )
            )
    except IntegrityError:
        pass

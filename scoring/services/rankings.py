"""Rankings of a period: computed by the engine, cached per ``data_version``.

Every screen, JSON answer and workbook takes its figures from ``standings_for``
so that two places showing the same figure always show the same value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.engine.compute import compute_period
from scoring.engine.types import PeriodInput, PeriodResult
from scoring.models import Period

from . import cache
from .errors import NotFound
from .period_input import load_period_input


@dataclass(frozen=True)
class Standings:
    """A period's input and the engine's result for it, at one ``data_version``."""

    year: int
    version: int
    input: PeriodInput
    result: PeriodResult


def get_period(session: Session, year: int) -> Period:
    period = session.scalar(select(Period).where(Period.year == year))
    if period is None:
        raise NotFound(f"Không có năm thi đua {year}.", f"There is no emulation period {year}.")
    return period


def standings_for(session: Session, period: Period) -> Standings:
    """The period's standings, from the cache when nothing changed since."""
    version, created = session.execute(
        select(Period.data_version, Period.created_at).where(Period.id == period.id)
    ).one()
    # The creation time tells a re-created period (same id, version 1) from the old one.
    key = f"{session.get_bind().engine.url}|{created.isoformat()}"
    hit = cache.cached(key, period.id, version)
    if hit is not None:
        return hit
    inp = load_period_input(session, period)
    standings = Standings(period.year, version, inp, compute_period(inp))
    cache.remember(key, period.id, version, standings)
    return standings


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
        }
        for e in result.national
    ]
    return {
        "year": standings.year,
        "national_method": national_method,
        "clusters": clusters,
        "national": national,
    }

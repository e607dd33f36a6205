"""Raw and z-score national rankings side by side, and the awards that would change.

The council picks a period's national method (SCORING.md §5) and wants to see
what the other method would have given before defending the choice. Both
columns come from the engine run on the same ``PeriodInput`` with only the
method swapped, so neither can disagree with the rankings pages or the API.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from scoring.engine.compute import compute_period
from scoring.engine.types import NATIONAL_METHODS, AwardOutcome, PeriodResult
from scoring.models import Period

from .rankings import Standings

RAW, ZSCORE = NATIONAL_METHODS


@dataclass(frozen=True, slots=True)
class NationalRow:
    """One federation in the national list: its official place and both methods' figures."""

    federation: str
    name: str
    cluster: str
    cluster_name: str
    rank: int  # under the period's own method
    total: Decimal
    raw_rank: int
    zscore_rank: int
    normalized: Decimal
    complete: bool
    classification: str | None
    award: str | None
    award_tie: bool


@dataclass(frozen=True, slots=True)
class AwardDifference:
    """A federation whose award (or tie mark) depends on the national method."""

    federation: str
    name: str
    cluster: str
    raw: AwardOutcome | None
    zscore: AwardOutcome | None


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """A cluster at a glance: who leads it, who gets what, who is tied or incomplete."""

    code: str
    name: str
    size: int
    leaders: tuple[str, ...]  # names at rank 1 (several when they share it)
    top_total: Decimal | None
    awards: tuple[tuple[str, tuple[str, ...]], ...]  # award name -> holders' names
    ties: tuple[tuple[str, tuple[str, ...]], ...]  # award name -> names tied at its quota
    incomplete: tuple[str, ...]


@dataclass(frozen=True)
class MethodComparison:
    """What the national rankings page shows."""

    method: str
    rows: tuple[NationalRow, ...]
    differences: tuple[AwardDifference, ...]
    has_national_rules: bool
    clusters: tuple[ClusterSummary, ...]


def national_comparison(standings: Standings, period: Period) -> MethodComparison:
    """The national list under the period's own method, with the other method alongside."""
    method = period.national_method if period.national_method in NATIONAL_METHODS else RAW
    results = {m: result_under(standings, m) for m in NATIONAL_METHODS}
    official = results[method]
    rows = _rows(standings, official, results[RAW], results[ZSCORE])
    return MethodComparison(
        method=method,
        rows=rows,
        differences=_differences(rows, results[RAW], results[ZSCORE]),
        has_national_rules=any(r.scope == "national" for r in standings.input.award_rules),
        clusters=cluster_summaries(standings, official),
    )


# The other method's result, remembered per ``Standings`` object: the cached
# standings live until the data changes, and so does this.
_memo_lock = threading.Lock()
_memo: list[tuple[weakref.ref[Standings], str, PeriodResult]] = []
_MEMO_SIZE = 8


def result_under(standings: Standings, method: str) -> PeriodResult:
    """The engine's result for the same input ranked nationally by ``method``."""
    inp = standings.input
    if inp.settings.national_method == method:
        return standings.result
    with _memo_lock:
        for ref, memo_method, memo_result in _memo:
            if ref() is standings and memo_method == method:
                return memo_result
    other = replace(inp, settings=replace(inp.settings, national_method=method))
    result = compute_period(other, reuse=standings.result.totals)  # totals ignore the method
    with _memo_lock:
        _memo[:] = [m for m in _memo if m[0]() is not None][-(_MEMO_SIZE - 1) :]
        _memo.append((weakref.ref(standings), method, result))
    return result


def _rows(
    standings: Standings, official: PeriodResult, raw: PeriodResult, zscore: PeriodResult
) -> tuple[NationalRow, ...]:
    inp = standings.input
    names = {f.code: f.name for f in inp.federations}
    cluster_names = {c.code: c.name for c in inp.clusters}
    raw_rank = {e.federation: e.rank for e in raw.national}
    z_entry = {e.federation: e for e in zscore.national}
    rows = []
    for entry in official.national:
        code = entry.federation
        award = official.awards.get(code)
        rows.append(
            NationalRow(
                federation=code,
                name=names[code],
                cluster=entry.cluster,
                cluster_name=cluster_names.get(entry.cluster, entry.cluster),
                rank=entry.rank,
                total=entry.total,
                raw_rank=raw_rank[code],
                zscore_rank=z_entry[code].rank,
                normalized=z_entry[code].normalized or Decimal(50),
                complete=official.totals[code].complete,
                classification=official.classification.get(code),
                award=award.award if award else None,
                award_tie=bool(award and award.tie),
            )
        )
    return tuple(rows)


def _same(a: AwardOutcome | None, b: AwardOutcome | None) -> bool:
    return (a.award, a.tie) == (b.award, b.tie) if a and b else a is None and b is None


def _differences(
    rows: tuple[NationalRow, ...], raw: PeriodResult, zscore: PeriodResult
) -> tuple[AwardDifference, ...]:
    """Every federation whose outcome differs, in the order of the official list."""
    return tuple(
        AwardDifference(
            row.federation,
            row.name,
            row.cluster,
            raw.awards.get(row.federation),
            zscore.awards.get(row.federation),
        )
        for row in rows
        if not _same(raw.awards.get(row.federation), zscore.awards.get(row.federation))
    )


def cluster_summaries(standings: Standings, result: PeriodResult) -> tuple[ClusterSummary, ...]:
    """Each cluster's leaders, award holders, quota ties and incomplete members."""
    inp = standings.input
    names = {f.code: f.name for f in inp.federations}
    cluster_names = {c.code: c.name for c in inp.clusters}
    rule_order = [r.name for r in inp.award_rules]
    summaries = []
    for code, entries in result.cluster_rankings.items():
        held: dict[str, list[str]] = defaultdict(list)
        tied: dict[str, list[str]] = defaultdict(list)
        for entry in entries:
            outcome = result.awards.get(entry.federation)
            if outcome is not None:
                (tied if outcome.tie else held)[outcome.award].append(names[entry.federation])
        summaries.append(
            ClusterSummary(
                code=code,
                name=cluster_names.get(code, code),
                size=len(entries),
                leaders=tuple(names[e.federation] for e in entries if e.rank == 1),
                top_total=entries[0].total if entries else None,
                awards=_by_rule(held, rule_order),
                ties=_by_rule(tied, rule_order),
                incomplete=tuple(
                    names[e.federation] for e in entries if not result.totals[e.federation].complete
                ),
            )
        )
    return tuple(summaries)


def _by_rule(
    holders: dict[str, list[str]], rule_order: list[str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    order = {name: i for i, name in enumerate(rule_order)}
    return tuple(
        (award, tuple(names))
        for award, names in sorted(holders.items(), key=lambda item: order.get(item[0], 99))
    )

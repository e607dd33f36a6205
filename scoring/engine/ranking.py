"""Competition ranking in a cluster and across the nation (SCORING.md §4–§5).

Every list is built by one sort on a *merit key* (smaller is better), so rank
= 1 + the number of federations strictly better = the position of the first
federation with the same key. Federations with equal keys share the rank and
are listed in Vietnamese alphabetical order of their names, then by code, so
that no list depends on the order its input came in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from itertools import groupby

from .collation import SortKey, vi_sort_key
from .types import FederationRef, FederationTotals, RankedEntry, RankingSettings
from .values import round2

BONUS_BREAKER = "bonus"
PENALTY_BREAKER = "penalty"
SECTION_PREFIX = "section:"
# Not a tie-breaker: what ``separation`` names when the totals themselves differ.
TOTAL = "total"
ZERO = Decimal(0)
# More digits than the totals need: a normalized score is rounded once, from a square root.
ZSCORE_CONTEXT = Context(prec=50)

MeritKey = tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class Separation:
    """How two federations compare: the first criterion that tells them apart.

    ``criterion`` is ``total``, a tie-breaker (``section:I``, ``bonus``,
    ``penalty``), or None when they are equal on all and share a rank;
    ``winner`` is the federation code ranked higher (None when equal).
    ``value_a``/``value_b`` are the two figures of that criterion.
    """

    criterion: str | None
    winner: str | None
    value_a: Decimal | None = None
    value_b: Decimal | None = None


def tie_breaker_value(totals: FederationTotals, breaker: str) -> Decimal:
    """The figure a tie-breaker compares: a rounded subtotal, the capped bonus, or the penalty."""
    if breaker == BONUS_BREAKER:
        return totals.bonus
    if breaker == PENALTY_BREAKER:
        return totals.penalty
    if breaker.startswith(SECTION_PREFIX):
        return totals.subtotals.get(breaker[len(SECTION_PREFIX) :], ZERO)
    raise ValueError(f"unknown tie-breaker {breaker!r}")


def merit_key(totals: FederationTotals, tie_breakers: Sequence[str]) -> MeritKey:
    """Total, then the tie-breakers in order, each negated where higher wins."""
    # copy_negate() is exact whatever the caller's Decimal context (unary minus rounds)
    key = [totals.total.copy_negate()]
    for breaker in tie_breakers:
        value = tie_breaker_value(totals, breaker)
        key.append(value if breaker == PENALTY_BREAKER else value.copy_negate())
    return tuple(key)


def separation(a: FederationTotals, b: FederationTotals, tie_breakers: Sequence[str]) -> Separation:
    """Which criterion separates ``a`` from ``b`` and who wins it (for explanations, §8)."""
    if a.total != b.total:
        winner = a if a.total > b.total else b
        return Separation(TOTAL, winner.federation, a.total, b.total)
    for breaker in tie_breakers:
        value_a, value_b = tie_breaker_value(a, breaker), tie_breaker_value(b, breaker)
        if value_a != value_b:
            a_wins = (value_a < value_b) if breaker == PENALTY_BREAKER else (value_a > value_b)
            winner = a if a_wins else b
            return Separation(breaker, winner.federation, value_a, value_b)
    return Separation(None, None)


def rank_cluster(
    federations: Iterable[FederationRef],
    totals: Mapping[str, FederationTotals],
    tie_breakers: Sequence[str],
) -> tuple[RankedEntry, ...]:
    """One cluster's members in rank order, by total then tie-breakers (§4)."""
    keyed = [(merit_key(totals[f.code], tie_breakers), f, None) for f in federations]
    return _ranked(keyed, totals)


def rank_national(
    federations: Iterable[FederationRef],
    totals: Mapping[str, FederationTotals],
    settings: RankingSettings,
) -> tuple[RankedEntry, ...]:
    """All federations in one list, by the period's ``national_method`` (§5)."""
    if settings.national_method == "raw":
        return rank_cluster(federations, totals, settings.tie_breakers)
    if settings.national_method != "zscore":
        raise ValueError(f"unknown national method {settings.national_method!r}")
    members = list(federations)
    normalized = zscores(members, totals)
    keyed = [
        (
            (normalized[f.code].copy_negate(), *merit_key(totals[f.code], settings.tie_breakers)),
            f,
            normalized[f.code],
        )
        for f in members
    ]
    return _ranked(keyed, totals)


def zscores(
    federations: Iterable[FederationRef], totals: Mapping[str, FederationTotals]
) -> dict[str, Decimal]:
    """Each total against its own cluster: 50 + 10 × (total − μ) / σ, rounded (§5).

    μ and σ are the mean and population standard deviation of the rounded
    totals of the federation's cluster among ``federations``; σ = 0 gives 50.
    """
    by_cluster: dict[str, list[FederationRef]] = defaultdict(list)
    for federation in federations:
        by_cluster[federation.cluster].append(federation)
    normalized: dict[str, Decimal] = {}
    for members in by_cluster.values():
        normalized.update(_cluster_zscores([totals[f.code] for f in members]))
    return normalized


def _cluster_zscores(members: list[FederationTotals]) -> dict[str, Decimal]:
    with localcontext(ZSCORE_CONTEXT):
        count = Decimal(len(members))
        mean = sum((m.total for m in members), ZERO) / count
        variance = sum(((m.total - mean) ** 2 for m in members), ZERO) / count
        sigma = variance.sqrt()
        if sigma == 0:
            return {m.federation: round2(Decimal(50)) for m in members}
        return {m.federation: round2(50 + 10 * (m.total - mean) / sigma) for m in members}


def _merit(item: tuple[MeritKey, FederationRef, Decimal | None]) -> MeritKey:
    return item[0]


def _by_name(item: tuple[MeritKey, FederationRef, Decimal | None]) -> tuple[SortKey, str]:
    return vi_sort_key(item[1].name), item[1].code


def _ranked(
    keyed: Iterable[tuple[MeritKey, FederationRef, Decimal | None]],
    totals: Mapping[str, FederationTotals],
) -> tuple[RankedEntry, ...]:
    """Sort by key (equal keys by name, then code) and give competition ranks.

    Names are looked at only where keys are equal: one sort by key, then each
    run of equal keys (one rank) sorted by name and code.
    """
    entries: list[RankedEntry] = []
    for _, group in groupby(sorted(keyed, key=_merit), key=_merit):
        run = list(group)
        if len(run) > 1:
            run.sort(key=_by_name)
        rank = len(entries) + 1
        for _, federation, normalized in run:
            code, total = federation.code, totals[federation.code].total
            entries.append(RankedEntry(code, federation.cluster, rank, total, normalized))
    return tuple(entries)

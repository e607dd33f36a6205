"""One period from input to results: totals, rankings, classes, awards (SCORING.md §3–§7).

This is the one entry point services call; every figure the product shows
comes from the ``PeriodResult`` it returns, so two places showing the same
figure cannot disagree. The work is linear in the number of values plus a
sort per list: 10,000 federations × 100 indicators take about half a second,
most of it the totals (a couple of dictionary look-ups per value).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from .awards import apply_award_rules
from .classify import classify
from .ranking import rank_cluster, rank_national
from .totals import TotalsPlan
from .types import FederationRef, FederationTotals, PeriodInput, PeriodResult, RankedEntry

_NO_VALUES: Mapping[str, Decimal | None] = {}


def compute_period(
    inp: PeriodInput, reuse: Mapping[str, FederationTotals] | None = None
) -> PeriodResult:
    """Compute everything for a period from its plain input.

    ``reuse`` holds totals already computed for some federations from the same
    scheme, settings and values (a cache after a write to one cluster, or the
    same period under the other national method): those are taken as they are,
    the others computed. Ranking, classes and awards always run over everyone.
    """
    _check_unique_codes(inp)
    totals = compute_all_totals(inp, reuse)
    cluster_rankings = rank_clusters(inp, totals)
    national = rank_national(inp.federations, totals, inp.settings)
    awarded = apply_award_rules(inp.award_rules, cluster_rankings, national, totals, inp.votes)
    return PeriodResult(
        totals=totals,
        cluster_rankings=cluster_rankings,
        national=national,
        classification={code: classify(t.total, inp.settings.bands) for code, t in totals.items()},
        awards=awarded.awards,
        decisions=awarded.decisions,
    )


def compute_all_totals(
    inp: PeriodInput, reuse: Mapping[str, FederationTotals] | None = None
) -> dict[str, FederationTotals]:
    """Every federation's figures, in the order of ``inp.federations``."""
    plan = TotalsPlan.prepare(inp.scheme, inp.settings)
    done = reuse or {}
    return {
        f.code: done.get(f.code) or plan.totals(f.code, inp.values.get(f.code, _NO_VALUES))
        for f in inp.federations
    }


def rank_clusters(
    inp: PeriodInput, totals: Mapping[str, FederationTotals]
) -> dict[str, tuple[RankedEntry, ...]]:
    """Each cluster's ranked list, in the order of ``inp.clusters`` (an empty cluster too).

    A federation naming a cluster missing from ``inp.clusters`` is still ranked,
    in a list under its cluster code, after the known ones (sorted by code).
    """
    members: dict[str, list[FederationRef]] = defaultdict(list)
    for federation in inp.federations:
        members[federation.cluster].append(federation)
    known = [c.code for c in inp.clusters]
    order = known + sorted(set(members) - set(known))
    tie_breakers = inp.settings.tie_breakers
    return {code: rank_cluster(members.get(code, ()), totals, tie_breakers) for code in order}


def _check_unique_codes(inp: PeriodInput) -> None:
    """Codes identify federations in every result mapping, so two must never share one."""
    codes = [f.code for f in inp.federations]
    if len(set(codes)) != len(codes):
        raise ValueError("two federations share a code")

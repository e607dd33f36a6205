"""Why a federation stands where it stands (SCORING.md §8).

``explain`` gathers the facts, all taken from the ``PeriodResult`` so that an
explanation can never disagree with a ranking page; ``describe`` words them
as sentences in Vietnamese or English with the phrase tables of ``wording``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .awards import award_quota
from .ranking import separation
from .totals import effective_bonus_cap
from .types import (
    AwardOutcome,
    AwardRuleDef,
    FederationRef,
    PeriodInput,
    PeriodResult,
    RankedEntry,
    VoteTally,
)
from .wording import Wording


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    """One leaf: what was entered (None when missing) and the points it gives."""

    code: str
    name: str
    kind: str
    value: Decimal | None
    points: Decimal
    max_points: Decimal | None
    target: Decimal | None


@dataclass(frozen=True, slots=True)
class SectionLine:
    code: str
    name: str
    subtotal: Decimal
    max_points: Decimal


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A cluster member with an equal total and what separated the two (``criterion``
    None: equal on every tie-breaker, so they share a rank)."""

    code: str
    name: str
    total: Decimal
    criterion: str | None
    ranked_above: bool | None  # whether the explained federation won; None when shared
    own_value: Decimal | None
    other_value: Decimal | None
    national: bool = False  # a federation of another cluster, met in the national list


@dataclass(frozen=True, slots=True)
class AwardLine:
    """One award rule's decision for this federation, with what the wording needs."""

    rule: AwardRuleDef
    reason: str
    quota: int
    list_size: int
    votes: VoteTally | None
    held: AwardOutcome | None  # the federation's own outcome under any rule


@dataclass(frozen=True)
class Explanation:
    """Every fact behind one federation's figures, rank, class and awards."""

    federation: FederationRef
    cluster_name: str
    indicators: tuple[IndicatorLine, ...]
    sections: tuple[SectionLine, ...]
    base: Decimal
    base_max: Decimal
    bonus_raw: Decimal
    bonus: Decimal
    bonus_cap: Decimal
    bonus_capped: bool
    penalty: Decimal
    total: Decimal
    missing: tuple[str, ...]
    cluster_rank: int
    cluster_size: int
    national_rank: int
    national_size: int
    normalized: Decimal | None
    neighbours: tuple[Neighbour, ...]  # the cluster's, then the national list's
    classification: str | None
    awards: tuple[AwardLine, ...]


def explain(inp: PeriodInput, result: PeriodResult, federation_code: str) -> Explanation:
    """The facts behind one federation's standing (raises KeyError for an unknown code)."""
    federation = next((f for f in inp.federations if f.code == federation_code), None)
    if federation is None:
        raise KeyError(federation_code)
    totals = result.totals[federation_code]
    cluster_list = result.cluster_rankings[federation.cluster]
    own = _entry(cluster_list, federation_code)
    national = _entry(result.national, federation_code)
    return Explanation(
        federation=federation,
        cluster_name=_cluster_name(inp, federation.cluster),
        indicators=_indicator_lines(inp, result, federation_code),
        sections=_section_lines(inp, result, federation_code),
        base=totals.base,
        base_max=inp.scheme.base_max,
        bonus_raw=totals.bonus_raw,
        bonus=totals.bonus,
        bonus_cap=effective_bonus_cap(inp.scheme, inp.settings),
        bonus_capped=totals.bonus_capped,
        penalty=totals.penalty,
        total=totals.total,
        missing=totals.missing,
        cluster_rank=own.rank,
        cluster_size=len(cluster_list),
        national_rank=national.rank,
        national_size=len(result.national),
        normalized=national.normalized,
        neighbours=(
            *_neighbours(inp, result, federation, cluster_list),
            *_national_neighbours(inp, result, federation, national),
        ),
        classification=result.classification.get(federation_code),
        awards=_award_lines(inp, result, federation, len(cluster_list)),
    )


def _cluster_name(inp: PeriodInput, code: str) -> str:
    return next((c.name for c in inp.clusters if c.code == code), code)


def _entry(entries: tuple[RankedEntry, ...], code: str) -> RankedEntry:
    return next(e for e in entries if e.federation == code)


def _indicator_lines(
    inp: PeriodInput, result: PeriodResult, code: str
) -> tuple[IndicatorLine, ...]:
    values = inp.values.get(code, {})
    points = result.totals[code].points
    return tuple(
        IndicatorLine(
            leaf.code,
            leaf.name,
            leaf.kind,
            values.get(leaf.code),
            points.get(leaf.code, Decimal(0)),
            leaf.max_points,
            leaf.target,
        )
        for leaf in inp.scheme.leaves
    )


def _section_lines(inp: PeriodInput, result: PeriodResult, code: str) -> tuple[SectionLine, ...]:
    subtotals = result.totals[code].subtotals
    return tuple(
        SectionLine(s.code, s.name, subtotals[s.code], inp.scheme.section_max(s.code))
        for s in inp.scheme.sections
    )


def _neighbours(
    inp: PeriodInput,
    result: PeriodResult,
    federation: FederationRef,
    cluster_list: tuple[RankedEntry, ...],
) -> tuple[Neighbour, ...]:
    """Every other member of the cluster with the same rounded total."""
    own = result.totals[federation.code]
    names = {f.code: f.name for f in inp.federations if f.cluster == federation.cluster}
    return tuple(
        _neighbour(inp, result, federation, entry, names[entry.federation])
        for entry in cluster_list
        if entry.federation != federation.code and entry.total == own.total
    )


def _national_neighbours(
    inp: PeriodInput, result: PeriodResult, federation: FederationRef, own_entry: RankedEntry
) -> tuple[Neighbour, ...]:
    """Federations of other clusters that the national list could only tell apart by the
    tie-breakers: the same total (and, under ``zscore``, the same normalized score)."""
    refs = {f.code: f for f in inp.federations}
    return tuple(
        _neighbour(
            inp,
            result,
            federation,
            entry,
            f"{refs[entry.federation].name} ({_cluster_name(inp, refs[entry.federation].cluster)})",
            national=True,
        )  # fmt: skip
        for entry in result.national
        if refs[entry.federation].cluster != federation.cluster
        and entry.total == own_entry.total
        and entry.normalized == own_entry.normalized
    )


def _neighbour(
    inp: PeriodInput,
    result: PeriodResult,
    federation: FederationRef,
    entry: RankedEntry,
    name: str,
    national: bool = False,
) -> Neighbour:
    """What separated ``federation`` from ``entry``, of equal total, if anything did."""
    own = result.totals[federation.code]
    split = separation(own, result.totals[entry.federation], inp.settings.tie_breakers)
    above = None if split.winner is None else split.winner == federation.code
    return Neighbour(
        entry.federation,
        name,
        entry.total,
        split.criterion,
        above,
        split.value_a,
        split.value_b,
        national,
    )


def _award_lines(
    inp: PeriodInput, result: PeriodResult, federation: FederationRef, cluster_size: int
) -> tuple[AwardLine, ...]:
    """Decisions come rule by rule, so this federation's are in the rules' order."""
    decisions = [d for d in result.decisions if d.federation == federation.code]
    lines = []
    for rule, decision in zip(inp.award_rules, decisions, strict=True):
        size = len(result.national) if rule.scope == "national" else cluster_size
        quota = award_quota(rule, size)
        votes = inp.votes.get(federation.code)
        held = result.awards.get(federation.code)
        lines.append(AwardLine(rule, decision.reason, quota, size, votes, held))
    return tuple(lines)


def describe(expl: Explanation, lang: str = "vi") -> list[str]:
    """The explanation as readable sentences, in Vietnamese (``vi``) or English (``en``)."""
    words = Wording(lang)
    return [
        *(words.indicator(line) for line in expl.indicators),
        *(words.section(line) for line in expl.sections),
        *words.figures(expl),
        *words.ranks(expl),
        *(words.neighbour(n, expl) for n in expl.neighbours),
        words.classification(expl.classification),
        *(words.award(line, expl) for line in expl.awards),
    ]

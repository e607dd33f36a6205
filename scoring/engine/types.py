"""The engine's inputs and outputs as plain, immutable dataclasses.

Services build a ``PeriodInput`` from the database (or a bundle) and hand it to
``engine.compute.compute_period``; everything the product shows about totals,
ranks, classifications and awards comes from the ``PeriodResult`` it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

SECTION = "section"
POINTS = "points"
TARGET = "target"
YESNO = "yesno"
BONUS = "bonus"
PENALTY = "penalty"
KINDS = (SECTION, POINTS, TARGET, YESNO, BONUS, PENALTY)
BASE_KINDS = frozenset({POINTS, TARGET, YESNO})
LEAF_KINDS = frozenset({POINTS, TARGET, YESNO, BONUS, PENALTY})

NATIONAL_METHODS = ("raw", "zscore")
SCOPES = ("cluster", "national")


@dataclass(frozen=True, slots=True)
class IndicatorDef:
    """One node of the scheme: a section (inner node) or an indicator (leaf)."""

    code: str
    name: str
    kind: str
    parent: str | None = None
    max_points: Decimal | None = None
    target: Decimal | None = None

    @property
    def is_leaf(self) -> bool:
        return self.kind != SECTION

    @property
    def is_base(self) -> bool:
        return self.kind in BASE_KINDS


@dataclass(frozen=True)
class Scheme:
    """The ordered indicator tree (display order; a parent before its children)."""

    indicators: tuple[IndicatorDef, ...]

    @cached_property
    def by_code(self) -> dict[str, IndicatorDef]:
        return {i.code: i for i in self.indicators}

    @cached_property
    def leaves(self) -> tuple[IndicatorDef, ...]:
        return tuple(i for i in self.indicators if i.is_leaf)

    @cached_property
    def base_leaves(self) -> tuple[IndicatorDef, ...]:
        return tuple(i for i in self.indicators if i.is_base)

    @cached_property
    def sections(self) -> tuple[IndicatorDef, ...]:
        return tuple(i for i in self.indicators if i.kind == SECTION)

    @cached_property
    def ancestors(self) -> dict[str, tuple[str, ...]]:
        """Each node's chain of ancestor section codes, nearest first."""
        chains: dict[str, tuple[str, ...]] = {}
        for node in self.indicators:
            parent = node.parent
            chains[node.code] = (parent, *chains.get(parent, ())) if parent else ()
        return chains

    @cached_property
    def base_max(self) -> Decimal:
        return sum((i.max_points or Decimal(0) for i in self.base_leaves), Decimal(0))

    @cached_property
    def bonus_max(self) -> Decimal:
        return sum((i.max_points or Decimal(0) for i in self.leaves if i.kind == BONUS), Decimal(0))

    @cached_property
    def sections_with_base(self) -> frozenset[str]:
        """Sections with base leaves beneath them: only these have a maximum and a
        subtotal; a section of bonus or deduction indicators has neither."""
        return frozenset(code for leaf in self.base_leaves for code in self.ancestors[leaf.code])

    def section_max(self, code: str) -> Decimal:
        """A section's maximum: the sum of its base leaves' maxima (SCORING.md §1)."""
        return sum(
            (
                leaf.max_points or Decimal(0)
                for leaf in self.base_leaves
                if code in self.ancestors[leaf.code]
            ),
            Decimal(0),
        )


@dataclass(frozen=True, slots=True)
class Band:
    """A classification band: totals reaching ``threshold`` get ``label``."""

    threshold: Decimal
    label: str


@dataclass(frozen=True)
class RankingSettings:
    """The period settings that change figures (SCORING.md §3–§6)."""

    bonus_cap: Decimal | None = None
    tie_breakers: tuple[str, ...] = ()
    national_method: str = "raw"
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True, slots=True)
class ClusterRef:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class FederationRef:
    code: str
    name: str
    cluster: str


@dataclass(frozen=True, slots=True)
class VoteTally:
    """A federation's votes in its cluster's ballot, and how many voters took part."""

    votes: int
    voters: int


@dataclass(frozen=True, slots=True)
class AwardRuleDef:
    """One award rule (SCORING.md §7): exactly one of ``count`` and ``share``."""

    name: str
    scope: str = "cluster"
    count: int | None = None
    share: Decimal | None = None
    min_total: Decimal = Decimal(0)
    min_vote_share: Decimal | None = None


@dataclass(frozen=True)
class PeriodInput:
    """Everything the engine needs for one period.

    ``values`` maps federation code -> indicator code -> the cluster-assessed
    value; a pair that is absent (or maps to None) is *missing*. ``yesno``
    values are 1 or 0.
    """

    scheme: Scheme
    settings: RankingSettings
    clusters: tuple[ClusterRef, ...]
    federations: tuple[FederationRef, ...]
    values: Mapping[str, Mapping[str, Decimal | None]]
    votes: Mapping[str, VoteTally] = field(default_factory=dict)
    award_rules: tuple[AwardRuleDef, ...] = ()


@dataclass(frozen=True)
class FederationTotals:
    """One federation's figures (SCORING.md §3).

    ``points`` holds each leaf's points unrounded (a ``target`` leaf may give
    a long fraction); ``subtotals``, ``base`` and ``total`` are rounded to
    2 places, half away from zero. ``bonus_raw`` is the sum before the cap.
    """

    federation: str
    points: Mapping[str, Decimal]
    subtotals: Mapping[str, Decimal]
    base: Decimal
    bonus_raw: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def bonus_capped(self) -> bool:
        return self.bonus < self.bonus_raw


@dataclass(frozen=True, slots=True)
class RankedEntry:
    """A place in a ranked list; ``normalized`` is set only by the z-score method."""

    federation: str
    cluster: str
    rank: int
    total: Decimal
    normalized: Decimal | None = None


@dataclass(frozen=True, slots=True)
class AwardOutcome:
    """An award given, or a tie at the quota left to the council (``tie`` True)."""

    federation: str
    award: str
    tie: bool = False


@dataclass(frozen=True, slots=True)
class AwardDecision:
    """Why one rule did or did not give its award to one federation (for §8).

    ``reason`` is one of: ``awarded``, ``tie_at_quota``, ``holds_earlier``,
    ``incomplete``, ``below_min_total``, ``no_votes``, ``below_min_vote_share``,
    ``quota_full``, ``rule_stopped`` (a tie at the quota ended the rule earlier).
    """

    rule: str
    scope: str
    federation: str
    reason: str


@dataclass(frozen=True)
class PeriodResult:
    """Everything computed for a period; lists are in rank order, equal ranks by name."""

    totals: Mapping[str, FederationTotals]
    cluster_rankings: Mapping[str, tuple[RankedEntry, ...]]
    national: tuple[RankedEntry, ...]
    classification: Mapping[str, str | None]
    awards: Mapping[str, AwardOutcome]
    decisions: tuple[AwardDecision, ...]

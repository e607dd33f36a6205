"""One federation's points, subtotals, bonus, penalty and total (SCORING.md §3).

Leaf points stay unrounded (a ``target`` leaf gives max × v / target, often a
long fraction); every rounded figure (a subtotal, ``base``, ``total``) is
rounded once from its own unrounded sum, half away from zero.

Decimal division is exact to 28 digits, which is plenty except in one case: an
unrounded sum lying on a half-cent boundary (six thirds + 3/8 is 2.375 and
rounds to 2.38, but six 28-digit thirds + 0.375 give 2.374999…). So when a division was
inexact and a sum lies within a hair of such a boundary, that figure is
recomputed with exact fractions. This keeps the common path fast (10,000
federations × 100 indicators in about a second) and every figure exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Context, Decimal, Inexact, localcontext
from fractions import Fraction
from math import floor

from .types import (
    BONUS,
    PENALTY,
    POINTS,
    SECTION,
    TARGET,
    YESNO,
    FederationTotals,
    RankingSettings,
    Scheme,
)
from .values import round2

ZERO = Decimal(0)
# The engine's own arithmetic context, so that a caller's context cannot change a figure.
ENGINE_CONTEXT = Context(prec=28)
_HALF = Decimal("0.5")
_NEAR = Decimal("1e-12")  # far above 28-digit error, far below a cent


@dataclass(frozen=True, slots=True)
class _Leaf:
    code: str
    kind: str
    max_points: Decimal
    target: Decimal | None
    section: str | None  # the nearest section, or None for a top-level leaf


@dataclass(frozen=True)
class TotalsPlan:
    """A scheme prepared once, so that totals for many federations cost little."""

    scheme: Scheme
    base_leaves: tuple[_Leaf, ...]
    bonus_codes: tuple[str, ...]
    penalty_codes: tuple[str, ...]
    sections: tuple[str, ...]
    # (section, parent section) from the deepest up, to carry sums towards the root
    upward: tuple[tuple[str, str], ...]
    bonus_cap: Decimal

    @classmethod
    def prepare(cls, scheme: Scheme, settings: RankingSettings) -> TotalsPlan:
        """Check the scheme's leaves once and order the work for ``totals``."""
        leaves = tuple(_leaf(node.code, scheme) for node in scheme.base_leaves)
        sections = tuple(s.code for s in scheme.sections)
        upward = tuple(
            (s.code, s.parent)
            for s in reversed(scheme.sections)
            if s.parent is not None and s.parent in scheme.by_code
        )
        return cls(
            scheme=scheme,
            base_leaves=leaves,
            bonus_codes=tuple(i.code for i in scheme.leaves if i.kind == BONUS),
            penalty_codes=tuple(i.code for i in scheme.leaves if i.kind == PENALTY),
            sections=sections,
            upward=upward,
            bonus_cap=effective_bonus_cap(scheme, settings),
        )

    def totals(self, federation: str, values: Mapping[str, Decimal | None]) -> FederationTotals:
        """The figures of one federation from its cluster-assessed values."""
        with localcontext(ENGINE_CONTEXT) as ctx:
            ctx.clear_flags()
            points, missing, sums = self._base_points(values)
            base_raw = sum(points.values(), ZERO)  # base leaves only, so far
            bonus_raw = _sum_entered(self.bonus_codes, values, points)
            penalty = _sum_entered(self.penalty_codes, values, points)
            bonus = min(bonus_raw, self.bonus_cap)
            rounder = _Rounder(self, values, inexact=bool(ctx.flags[Inexact]))
            return FederationTotals(
                federation=federation,
                points=points,
                subtotals={code: rounder.section(code, sums[code]) for code in self.sections},
                base=rounder.base(base_raw),
                bonus_raw=bonus_raw,
                bonus=bonus,
                penalty=penalty,
                total=rounder.total(base_raw, bonus - penalty),
                missing=missing,
            )

    def _base_points(
        self, values: Mapping[str, Decimal | None]
    ) -> tuple[dict[str, Decimal], tuple[str, ...], dict[str, Decimal]]:
        """Each base leaf's points (0 when missing), the missing leaves in scheme
        order, and the unrounded sum per section at any depth beneath it."""
        points: dict[str, Decimal] = {}
        missing: list[str] = []
        sums = dict.fromkeys(self.sections, ZERO)
        for leaf in self.base_leaves:
            value = values.get(leaf.code)
            if value is None:
                missing.append(leaf.code)
                earned = ZERO
            else:
                earned = leaf_points(leaf.kind, value, leaf.max_points, leaf.target)
            points[leaf.code] = earned
            if leaf.section is not None:
                sums[leaf.section] += earned
        for child, parent in self.upward:
            sums[parent] += sums[child]
        return points, tuple(missing), sums


def _sum_entered(
    codes: tuple[str, ...], values: Mapping[str, Decimal | None], points: dict[str, Decimal]
) -> Decimal:
    """Bonus or penalty: the entered values themselves (recorded as the leaves'
    points), a missing one counting 0 (SCORING.md §3)."""
    total = ZERO
    for code in codes:
        value = values.get(code)
        points[code] = ZERO if value is None else value
        total += points[code]
    return total


def compute_totals(
    scheme: Scheme,
    settings: RankingSettings,
    federation: str,
    values: Mapping[str, Decimal | None],
) -> FederationTotals:
    """One federation's figures (SCORING.md §3). For many, prepare a ``TotalsPlan`` once."""
    return TotalsPlan.prepare(scheme, settings).totals(federation, values)


def effective_bonus_cap(scheme: Scheme, settings: RankingSettings) -> Decimal:
    """The bonus cap in force: the setting, or the bonus indicators' maxima when unset."""
    return settings.bonus_cap if settings.bonus_cap is not None else scheme.bonus_max


def leaf_points(kind: str, value: Decimal, max_points: Decimal, target: Decimal | None) -> Decimal:
    """The unrounded points a base leaf's value gives (the table in SCORING.md §1)."""
    if kind == POINTS:
        return value
    if kind == TARGET:
        assert target is not None  # _leaf() refuses a target leaf without one
        # max × v / target in that order: 3 × 1 / 3 is exactly 1, 3 × (1 / 3) is not
        return max_points if value >= target else max_points * value / target
    if kind == YESNO:
        return max_points if value else ZERO
    raise ValueError(f"an indicator of kind {kind!r} gives no base points")


def _leaf(code: str, scheme: Scheme) -> _Leaf:
    node = scheme.by_code[code]
    if node.kind == TARGET and (node.target is None or node.target <= 0):
        raise ValueError(f"target indicator {code!r} needs a positive target")
    section = node.parent if node.parent in scheme.by_code else None
    if section is not None and scheme.by_code[section].kind != SECTION:
        raise ValueError(f"indicator {code!r} sits under {section!r}, which is not a section")
    return _Leaf(code, node.kind, node.max_points or ZERO, node.target, section)


class _Rounder:
    """Rounds sums half away from zero, exactly even when a division was inexact."""

    def __init__(self, plan: TotalsPlan, values: Mapping[str, Decimal | None], inexact: bool):
        self._plan = plan
        self._values = values
        self._inexact = inexact
        self._exact: dict[str, Fraction] | None = None

    def base(self, raw: Decimal) -> Decimal:
        """``base`` rounded for display."""
        return self._round(raw, lambda: self._exact_sum(None))

    def section(self, code: str, raw: Decimal) -> Decimal:
        """A section's subtotal, from the base leaves at any depth beneath it."""
        return self._round(raw, lambda: self._exact_sum(code))

    def total(self, base_raw: Decimal, bonus_minus_penalty: Decimal) -> Decimal:
        """max(0, base + bonus − penalty), rounded once."""
        raw = max(ZERO, base_raw + bonus_minus_penalty)
        extra = Fraction(bonus_minus_penalty)
        return self._round(raw, lambda: max(Fraction(0), self._exact_sum(None) + extra))

    def _round(self, raw: Decimal, exact: Callable[[], Fraction]) -> Decimal:
        if self._inexact and _near_half_cent(raw):
            return _round_fraction(exact())
        return round2(raw)

    def _exact_sum(self, section: str | None) -> Fraction:
        """The exact sum of base points, of the whole scheme or beneath ``section``."""
        if self._exact is None:
            self._exact = {
                leaf.code: _exact_leaf_points(leaf, self._values.get(leaf.code))
                for leaf in self._plan.base_leaves
            }
        ancestors = self._plan.scheme.ancestors
        return sum(
            (p for code, p in self._exact.items() if section is None or section in ancestors[code]),
            Fraction(0),
        )


def _exact_leaf_points(leaf: _Leaf, value: Decimal | None) -> Fraction:
    if value is None:
        return Fraction(0)
    if leaf.kind == TARGET and value < (leaf.target or ZERO):
        return Fraction(leaf.max_points) * Fraction(value) / Fraction(leaf.target or 1)
    return Fraction(leaf_points(leaf.kind, value, leaf.max_points, leaf.target))


def _near_half_cent(raw: Decimal) -> bool:
    """Whether ``raw`` lies within a hair of a rounding boundary (x.xx5)."""
    cents = raw.scaleb(2)
    fraction = cents - cents.to_integral_value(rounding=ROUND_FLOOR)
    return abs(fraction - _HALF) < _NEAR


def _round_fraction(value: Fraction) -> Decimal:
    """An exact fraction rounded to 2 places, half away from zero."""
    cents = floor(abs(value) * 100 + Fraction(1, 2))
    sign = -1 if value < 0 else 1
    return Decimal(sign * cents).scaleb(-2)

"""One federation's points, subtotals, bonus, penalty and total (SCORING.md §3).

Leaf points stay unrounded (a ``target`` leaf gives max × v / target, often a
long fraction); every rounded figure (a subtotal, ``base``, ``total``) is
rounded once from its own unrounded sum, half away from zero.

The sums are exact by construction, in integers. Every number has at most 2
decimals (SCORING.md §2), so with S = 100 a maximum is M/S, a value V/S and a
target T/S for integers M, V and T; a target leaf below its target gives
M·V / (S·T) points. Over the scheme's common denominator L = S · lcm(every T)
(L = S without target leaves) every leaf's points are a whole number of 1/L,
its *units*: V · L/S for a figure entered as such (points, bonus, penalty),
M · L/S for a yes or a reached target, M·V · (L/S)/T below the target. Sums of
units are exact integers, and rounding them to cents half away from zero is
integer arithmetic: six thirds + 3/8 are exactly 2.375 and give 2.38. L is
worked out once per scheme, in the prepared plan; a value with more decimals
than the plan holds (parsed input never has one) is computed by a finer plan,
just as exactly.

A leaf's ``points`` are still shown as Decimals (a target leaf's the 28-digit
quotient max × v / target); each leaf converts each distinct value once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from math import lcm

from .types import (
    BONUS,
    PENALTY,
    POINTS,
    SECTION,
    TARGET,
    YESNO,
    FederationTotals,
    IndicatorDef,
    RankingSettings,
    Scheme,
)

ZERO = Decimal(0)
# The engine's own arithmetic context, so that a caller's context cannot change a figure.
ENGINE_CONTEXT = Context(prec=28)
# Every number has at most 2 decimals (SCORING.md §2); a plan allows at least this many.
DECIMALS = 2

# A leaf's conversion of one value: (points in units of 1/L, points as shown).
_Converted = tuple[int, Decimal]


@dataclass(frozen=True, slots=True)
class _Leaf:
    code: str
    kind: str
    max_points: Decimal
    target: Decimal | None
    section: str | None  # the nearest section, or None for a top-level leaf


class _TooFine(Exception):
    """A figure has more decimals than the plan's unit can hold exactly."""

    def __init__(self, decimals: int) -> None:
        super().__init__(decimals)
        self.decimals = decimals


class _Conversions(dict[str, _Converted]):
    """One leaf's values converted, by the value's text (exact, and much cheaper to
    hash than a Decimal): each distinct value is converted once, when first met."""

    def __init__(self, leaf: _Leaf, scale: int, unit: int) -> None:
        super().__init__()
        self.leaf, self.scale, self.unit = leaf, scale, unit

    def __missing__(self, text: str) -> _Converted:
        leaf, scale = self.leaf, self.scale
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise TypeError(f"the value of {leaf.code!r} is not a number: {text}") from None
        scaled = _scaled(value, scale)
        if scaled.denominator != 1:
            raise _TooFine(_decimals(value))
        per_value = self.unit // scale  # L/S units make 1/S
        if leaf.kind == TARGET:
            assert leaf.target is not None  # _leaf() refuses a target leaf without one
            v, t = scaled.numerator, _whole(_scaled(leaf.target, scale))
            m = _whole(_scaled(leaf.max_points, scale))
            # M·V/(S·T) points are M·V·(L/S)/T units, and L/S is a multiple of T
            units = m * per_value if v >= t else m * v * (per_value // t)
        elif leaf.kind == YESNO:
            units = _whole(_scaled(leaf.max_points, scale)) * per_value if value else 0
        else:  # points, bonus, penalty: the value itself
            units = scaled.numerator * per_value
        if leaf.kind in (BONUS, PENALTY):
            shown = value
        else:
            with localcontext(ENGINE_CONTEXT):
                shown = leaf_points(leaf.kind, value, leaf.max_points, leaf.target)
        self[text] = converted = (units, shown)
        return converted


class _Rounded(dict[int, Decimal]):
    """Sums of units rounded to 2 places, half away from zero, each worked out once."""

    def __init__(self, unit: int) -> None:
        super().__init__()
        self.unit = unit

    def __missing__(self, units: int) -> Decimal:
        cents = (200 * abs(units) + self.unit) // (2 * self.unit)  # from half a cent up
        rounded = Decimal(cents if units >= 0 else -cents).scaleb(-2, ENGINE_CONTEXT)
        self[units] = rounded
        return rounded


@dataclass(frozen=True)
class TotalsPlan:
    """A scheme prepared once, so that totals for many federations cost little."""

    scheme: Scheme
    settings: RankingSettings
    decimals: int  # how many decimals the figures may have: the unit holds them exactly
    base_leaves: tuple[_Leaf, ...]
    bonus_codes: tuple[str, ...]
    penalty_codes: tuple[str, ...]
    sections: tuple[str, ...]
    # (section, parent) sum slots from the deepest up, to carry sums towards the root;
    # slot i is sections[i], the last slot the whole scheme (``base``)
    upward: tuple[tuple[int, int], ...]
    bonus_cap: Decimal
    scale: int  # S: every figure is a whole number of 1/S
    unit: int  # L = S · lcm(targets): every leaf's points are a whole number of 1/L
    bonus_cap_units: int
    # (code, sum slot, conversions) per base leaf in scheme order, (code, conversions)
    # per bonus and penalty leaf
    _base: tuple[tuple[str, int, _Conversions], ...] = field(repr=False, compare=False)
    _bonus: tuple[tuple[str, _Conversions], ...] = field(repr=False, compare=False)
    _penalty: tuple[tuple[str, _Conversions], ...] = field(repr=False, compare=False)
    _rounded: _Rounded = field(repr=False, compare=False)
    _finer: dict[int, TotalsPlan] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def prepare(
        cls, scheme: Scheme, settings: RankingSettings, decimals: int = DECIMALS
    ) -> TotalsPlan:
        """Check the scheme's leaves once, choose the unit and order the work for ``totals``.

        ``decimals`` is the least number of decimals the unit holds exactly; the
        scheme's maxima and targets and the bonus cap may raise it.
        """
        leaves = tuple(_leaf(node.code, scheme) for node in scheme.base_leaves)
        bonus = tuple(_entered_leaf(i) for i in scheme.leaves if i.kind == BONUS)
        penalty = tuple(_entered_leaf(i) for i in scheme.leaves if i.kind == PENALTY)
        cap = effective_bonus_cap(scheme, settings)
        targets = [leaf.target for leaf in leaves if leaf.kind == TARGET and leaf.target]
        figures = (cap, *(leaf.max_points for leaf in leaves), *targets)
        decimals = max(decimals, *map(_decimals, figures))
        scale = 10**decimals
        unit = scale * lcm(*(_whole(_scaled(t, scale)) for t in targets))  # lcm() of none is 1

        sections = tuple(s.code for s in scheme.sections)
        slot = {code: i for i, code in enumerate(sections)}
        root = len(sections)
        return cls(
            scheme=scheme,
            settings=settings,
            decimals=decimals,
            base_leaves=leaves,
            bonus_codes=tuple(leaf.code for leaf in bonus),
            penalty_codes=tuple(leaf.code for leaf in penalty),
            sections=sections,
            upward=tuple(
                (slot[s.code], slot.get(s.parent, root) if s.parent in scheme.by_code else root)
                for s in reversed(scheme.sections)
            ),
            bonus_cap=cap,
            scale=scale,
            unit=unit,
            bonus_cap_units=_whole(_scaled(cap, unit)),
            _base=tuple(
                (
                    leaf.code,
                    root if leaf.section is None else slot[leaf.section],
                    _Conversions(leaf, scale, unit),
                )
                for leaf in leaves
            ),
            _bonus=tuple((leaf.code, _Conversions(leaf, scale, unit)) for leaf in bonus),
            _penalty=tuple((leaf.code, _Conversions(leaf, scale, unit)) for leaf in penalty),
            _rounded=_Rounded(unit),
        )

    def totals(self, federation: str, values: Mapping[str, Decimal | None]) -> FederationTotals:
        """The figures of one federation from its cluster-assessed values."""
        try:
            return self._totals(federation, values)
        except _TooFine as too_fine:  # more decimals than SCORING.md §2 allows
            decimals = max(too_fine.decimals, self.decimals + 1)
            finer = self._finer.get(decimals)
            if finer is None:
                finer = self._finer[decimals] = TotalsPlan.prepare(
                    self.scheme, self.settings, decimals
                )
            return finer.totals(federation, values)

    def _totals(self, federation: str, values: Mapping[str, Decimal | None]) -> FederationTotals:
        get = values.get
        points: dict[str, Decimal] = {}
        missing: list[str] = []
        sums = [0] * (len(self.sections) + 1)
        for code, slot, conversions in self._base:
            value = get(code)
            if value is None:
                missing.append(code)
                points[code] = ZERO
            else:
                units, points[code] = conversions[str(value)]
                sums[slot] += units
        for child, parent in self.upward:
            sums[parent] += sums[child]
        base = sums[-1]
        bonus_raw, bonus_units = _entered(self._bonus, get, points)
        penalty, penalty_units = _entered(self._penalty, get, points)
        rounded = self._rounded
        return FederationTotals(
            federation=federation,
            points=points,
            # the last sum, the whole scheme's, is no section's
            subtotals=dict(zip(self.sections, map(rounded.__getitem__, sums), strict=False)),
            base=rounded[base],
            bonus_raw=bonus_raw,
            bonus=min(bonus_raw, self.bonus_cap),
            penalty=penalty,
            total=rounded[max(0, base + min(bonus_units, self.bonus_cap_units) - penalty_units)],
            missing=tuple(missing),
        )


def _entered(
    leaves: tuple[tuple[str, _Conversions], ...],
    get: Callable[[str], Decimal | None],
    points: dict[str, Decimal],
) -> tuple[Decimal, int]:
    """Bonus or penalty: the entered values themselves (recorded as the leaves' points),
    a missing one counting 0 (SCORING.md §3); their sum, and the sum in units."""
    total, units = ZERO, 0
    for code, conversions in leaves:
        value = get(code)
        if value is None:
            value = ZERO
        else:
            units += conversions[str(value)][0]
        points[code] = value
        total = ENGINE_CONTEXT.add(total, value)
    return total, units


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


def _entered_leaf(node: IndicatorDef) -> _Leaf:
    """A bonus or penalty leaf: its value counts as entered, wherever it sits."""
    return _Leaf(node.code, node.kind, node.max_points or ZERO, None, None)


def _decimals(number: Decimal) -> int:
    """How many decimals ``number`` needs to be written exactly (0.5 → 1, 2.50 → 1)."""
    denominator = Fraction(number).denominator
    decimals = 0
    while 10**decimals % denominator:
        decimals += 1
    return decimals


def _scaled(number: Decimal, scale: int) -> Fraction:
    """``number`` × ``scale``, exactly (Decimal arithmetic would follow a context)."""
    return Fraction(number) * scale


def _whole(number: Fraction) -> int:
    """A number the plan's unit makes whole, as an int."""
    if number.denominator != 1:
        raise ValueError(f"{number} is not a whole number of units")  # prepare() rules this out
    return number.numerator

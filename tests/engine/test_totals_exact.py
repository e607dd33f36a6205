"""Totals are exact: the integer arithmetic against a plain Fraction reference (SCORING.md §3)."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from math import floor

from engine_builders import D, node
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine.totals import TotalsPlan, compute_totals, effective_bonus_cap
from scoring.engine.types import (
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

# Maxima and targets that put sums on half cents often: thirds, eighths, sevenths.
MAXIMA = ["1", "3", "0.75", "2.5", "10", "0.01", "12.34"]
TARGETS = ["3", "8", "7", "6", "0.3", "2.5", "12", "0.01"]
QUANTITIES = ["0", "1", "2", "3", "5", "0.5", "1.25", "7.77", "40"]


def rounded(value: Fraction) -> Decimal:
    """The reference rounding: 2 places, half away from zero."""
    cents = floor(abs(value) * 100 + Fraction(1, 2))
    return Decimal(cents if value >= 0 else -cents).scaleb(-2)


def reference(
    scheme: Scheme, settings_: RankingSettings, values: dict[str, Decimal | None]
) -> dict[str, object]:
    """SCORING.md §3 computed the plain way, in exact fractions."""
    exact: dict[str, Fraction] = {}
    for leaf in scheme.base_leaves:
        value = values.get(leaf.code)
        top = Fraction(leaf.max_points or 0)
        if value is None:
            exact[leaf.code] = Fraction(0)
        elif leaf.kind == POINTS:
            exact[leaf.code] = Fraction(value)
        elif leaf.kind == YESNO:
            exact[leaf.code] = top if value else Fraction(0)
        else:
            share = Fraction(value) / Fraction(leaf.target or 1)
            exact[leaf.code] = top * min(share, Fraction(1))
    bonus_raw = sum(Fraction(values.get(i.code) or 0) for i in scheme.leaves if i.kind == BONUS)
    penalty = sum(Fraction(values.get(i.code) or 0) for i in scheme.leaves if i.kind == PENALTY)
    bonus = min(Fraction(bonus_raw), Fraction(effective_bonus_cap(scheme, settings_)))
    base = sum(exact.values(), Fraction(0))
    return {
        "subtotals": {
            s.code: rounded(
                sum(
                    (p for code, p in exact.items() if s.code in scheme.ancestors[code]),
                    Fraction(0),
                )
            )
            for s in scheme.sections
        },
        "base": rounded(base),
        "total": rounded(max(Fraction(0), base + bonus - penalty)),
        "bonus": bonus,
        "bonus_raw": Fraction(bonus_raw),
        "penalty": Fraction(penalty),
        "exact": exact,
        "missing": tuple(leaf.code for leaf in scheme.base_leaves if values.get(leaf.code) is None),
    }


@st.composite
def schemes(draw: st.DrawFn) -> Scheme:
    """Two levels of sections with leaves of every kind, some at the top level."""
    nodes: list[IndicatorDef] = []
    sections = [None]
    for s in range(draw(st.integers(1, 3))):
        nodes.append(node(f"S{s}", SECTION))
        sections.append(f"S{s}")
        if draw(st.booleans()):
            nodes.append(node(f"S{s}.a", SECTION, parent=f"S{s}"))
            sections.append(f"S{s}.a")
    for i in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from([TARGET, TARGET, TARGET, POINTS, YESNO, BONUS, PENALTY]))
        parent = draw(st.sampled_from(sections))
        target = draw(st.sampled_from(TARGETS)) if kind == TARGET else None
        nodes.append(node(f"L{i}", kind, draw(st.sampled_from(MAXIMA)), parent, target))
    return Scheme(tuple(nodes))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Scheme, RankingSettings, dict[str, Decimal | None]]:
    scheme = draw(schemes())
    values: dict[str, Decimal | None] = {}
    for leaf in scheme.leaves:
        if draw(st.integers(0, 9)) == 0:
            values[leaf.code] = None
        elif leaf.kind == YESNO:
            values[leaf.code] = D(draw(st.sampled_from([0, 1])))
        elif leaf.kind == TARGET:
            values[leaf.code] = D(draw(st.sampled_from(QUANTITIES)))
        else:  # points, bonus, penalty: 0 ≤ v ≤ max, at most 2 decimals
            cents = int(D(leaf.max_points or 0) * 100)
            values[leaf.code] = Decimal(draw(st.integers(0, cents))).scaleb(-2)
    cap = draw(st.sampled_from([None, "0", "1.5", "4.25"]))
    return scheme, RankingSettings(bonus_cap=None if cap is None else D(cap)), values


def assert_matches_reference(
    result: FederationTotals, expected: dict[str, object], scheme: Scheme
) -> None:
    assert result.subtotals == expected["subtotals"]
    assert (result.base, result.total) == (expected["base"], expected["total"])
    assert Fraction(result.bonus) == expected["bonus"]
    assert Fraction(result.bonus_raw) == expected["bonus_raw"]
    assert Fraction(result.penalty) == expected["penalty"]
    assert result.missing == expected["missing"]
    exact = expected["exact"]
    assert isinstance(exact, dict)
    for leaf in scheme.base_leaves:
        # shown points: exact, or a target leaf's 28-digit quotient
        assert abs(Fraction(result.points[leaf.code]) - exact[leaf.code]) < Fraction(1, 10**20)
    for figure in (result.base, result.total, *result.subtotals.values()):
        assert figure.as_tuple().exponent == -2


@settings(max_examples=300, deadline=None)
@given(cases())
def test_totals_equal_an_exact_fraction_reference(case) -> None:
    scheme, settings_, values = case
    result = compute_totals(scheme, settings_, "F", values)
    assert_matches_reference(result, reference(scheme, settings_, values), scheme)


@settings(max_examples=100, deadline=None)
@given(cases(), cases())
def test_a_plan_reused_across_federations_stays_exact(first, second) -> None:
    scheme, settings_, values = first
    other = {code: v for code, v in second[2].items() if code in scheme.by_code}
    plan = TotalsPlan.prepare(scheme, settings_)
    for vals in (values, other, values):
        result = plan.totals("F", vals)
        assert_matches_reference(result, reference(scheme, settings_, vals), scheme)


def test_sevenths_and_eighths_on_a_half_cent_round_up() -> None:
    # seven 2/7 are exactly 2, + 3/8 is 2.375 -> 2.38; 28-digit sevenths give 2.3749…
    leaves = [node(f"T{i}", TARGET, "1", "S", "7") for i in range(7)]
    scheme = Scheme((node("S", SECTION), *leaves, node("E", TARGET, "1", "S", "8")))
    values = {**{f"T{i}": D(2) for i in range(7)}, "E": D(3)}
    result = compute_totals(scheme, RankingSettings(), "F", values)
    assert (result.total, result.subtotals["S"]) == (D("2.38"), D("2.38"))


def test_values_with_more_decimals_than_allowed_are_still_exact() -> None:
    # never from parsed input, but the engine stays exact: 0.004 + 0.001 = 0.005 -> 0.01
    scheme = Scheme((node("A", POINTS, 1), node("B", POINTS, 1), node("T", TARGET, 1, None, 3)))
    values = {"A": D("0.004"), "B": D("0.001"), "T": D(0)}
    result = compute_totals(scheme, RankingSettings(), "F", values)
    assert (result.total, result.base) == (D("0.01"), D("0.01"))
    values = {"A": D("0.004"), "B": D("0.0009"), "T": D(0)}
    assert compute_totals(scheme, RankingSettings(), "F", values).total == D("0.00")


def test_figures_do_not_follow_a_callers_low_precision() -> None:
    scheme = Scheme((node("S", SECTION), node("T", TARGET, "99.99", "S", "7")))
    expected = compute_totals(scheme, RankingSettings(), "F", {"T": D(3)})
    with localcontext() as ctx:
        ctx.prec = 2
        assert compute_totals(scheme, RankingSettings(), "F", {"T": D(3)}) == expected
    assert expected.total == D("42.85")  # 99.99 × 3 / 7 = 42.852857…

"""One federation's points, subtotals, bonus, penalty and total (SCORING.md §3)."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from engine_builders import D, node, standard_scheme

from scoring.engine.totals import TotalsPlan, compute_totals, effective_bonus_cap, leaf_points
from scoring.engine.types import (
    BONUS,
    PENALTY,
    POINTS,
    SECTION,
    TARGET,
    YESNO,
    RankingSettings,
    Scheme,
)

NO_SETTINGS = RankingSettings()


def totals_of(values: dict[str, str | None], scheme: Scheme | None = None, cap: str | None = None):
    settings = RankingSettings(bonus_cap=None if cap is None else D(cap))
    typed = {code: None if v is None else D(v) for code, v in values.items()}
    return compute_totals(scheme or standard_scheme(), settings, "F", typed)


def target_scheme(*targets: tuple[str, str]) -> Scheme:
    """Target leaves T0, T1, ... under section S, each (max_points, target)."""
    leaves = tuple(
        node(f"T{i}", TARGET, max_points, "S", target)
        for i, (max_points, target) in enumerate(targets)
    )
    return Scheme((node("S", SECTION), *leaves))


def test_points_leaf_gives_its_value() -> None:
    result = totals_of({"I.1": "30.5", "II.1": "40", "B": None, "P": None})
    assert result.points["I.1"] == D("30.5")
    assert result.total == D("70.50")


def test_target_leaf_gives_share_of_max_and_stops_at_target() -> None:
    assert leaf_points(TARGET, D(2), D(10), D(4)) == 5
    assert leaf_points(TARGET, D(9), D(10), D(4)) == 10
    assert leaf_points(TARGET, D(0), D(10), D(4)) == 0


def test_target_points_stay_unrounded() -> None:
    result = totals_of({"T0": "1"}, target_scheme(("10", "3")))
    assert result.points["T0"] == D(10) / D(3)
    assert result.total == D("3.33")


def test_yesno_gives_max_or_nothing() -> None:
    assert leaf_points(YESNO, D(1), D(5), None) == 5
    assert leaf_points(YESNO, D(0), D(5), None) == 0


def test_total_is_rounded_once_not_per_leaf() -> None:
    # 0.004 + 0.004 = 0.008 -> 0.01; rounding each leaf first would give 0.00
    result = totals_of({"T0": "1", "T1": "1"}, target_scheme(("0.04", "10"), ("0.04", "10")))
    assert result.total == D("0.01")


def test_half_cent_rounds_away_from_zero() -> None:
    result = totals_of({"T0": "1"}, target_scheme(("1", "200")))  # 0.005 points
    assert result.total == D("0.01")
    assert result.base == D("0.01")


def test_thirds_on_a_half_cent_boundary_round_exactly() -> None:
    # six thirds + 3/8 is exactly 2.375 -> 2.38; 28-digit thirds sum to 2.374999…
    scheme = target_scheme(*[("1", "3")] * 6, ("1", "8"))
    result = totals_of({**{f"T{i}": "1" for i in range(6)}, "T6": "3"}, scheme)
    assert result.total == D("2.38")
    assert result.subtotals["S"] == D("2.38")
    assert result.base == D("2.38")


def test_totals_equal_only_after_rounding() -> None:
    scheme = Scheme(
        (node("S", SECTION), node("A", POINTS, 80, "S"), node("T", TARGET, 10, "S", 250))
    )
    high = totals_of({"A": "80", "T": "125.1"}, scheme)  # 80 + 5.004
    low = totals_of({"A": "80", "T": "124.9"}, scheme)  # 80 + 4.996
    assert high.total == low.total == D("85.00")


def test_bonus_is_capped_by_the_setting() -> None:
    result = totals_of({"I.1": "40", "II.1": "40", "B": "7", "P": None}, cap="5")
    assert (result.bonus_raw, result.bonus, result.bonus_capped) == (7, 5, True)
    assert result.total == D("85.00")


def test_unset_cap_is_the_sum_of_bonus_maxima() -> None:
    scheme = Scheme(
        (node("A", POINTS, 100), node("B1", BONUS, 3), node("B2", BONUS, 4), node("P", PENALTY, 5))
    )
    assert effective_bonus_cap(scheme, NO_SETTINGS) == 7
    result = totals_of({"A": "90", "B1": "3", "B2": "4"}, scheme)
    assert (result.bonus, result.bonus_capped, result.total) == (7, False, D("97.00"))


def test_cap_below_the_bonus_does_not_cut_a_smaller_bonus() -> None:
    result = totals_of({"I.1": "40", "II.1": "40", "B": "3", "P": "1"}, cap="5")
    assert (result.bonus, result.bonus_capped, result.penalty) == (3, False, 1)
    assert result.total == D("82.00")


def test_penalty_beyond_base_and_bonus_clamps_total_at_zero() -> None:
    result = totals_of({"I.1": "5", "II.1": "3", "B": "2", "P": "20"})
    assert result.total == D("0.00")
    assert result.base == D("8.00")


def test_missing_base_values_count_zero_and_are_listed_in_scheme_order() -> None:
    result = totals_of({"II.1": None, "I.1": None, "B": None, "P": None})
    assert result.missing == ("I.1", "II.1")
    assert not result.complete
    assert result.total == 0


def test_missing_bonus_or_penalty_is_zero_not_incomplete() -> None:
    result = totals_of({"I.1": "10", "II.1": "20"})
    assert result.complete
    assert (result.bonus, result.penalty, result.points["B"]) == (0, 0, 0)


def test_subtotals_sum_base_leaves_at_any_depth() -> None:
    scheme = Scheme(
        (
            node("I", SECTION),
            node("I.1", POINTS, 10, "I"),
            node("I.a", SECTION, parent="I"),
            node("I.a.1", YESNO, 5, "I.a"),
            node("I.a.b", SECTION, parent="I.a"),
            node("I.a.b.1", TARGET, 6, "I.a.b", 4),
            node("I.B", BONUS, 3, "I"),
            node("X", SECTION),
            node("X.P", PENALTY, 5, "X"),
        )
    )
    result = totals_of({"I.1": "7.5", "I.a.1": "1", "I.a.b.1": "1", "I.B": "2", "X.P": "1"}, scheme)
    assert result.subtotals == {
        "I": D("14.00"),
        "I.a": D("6.50"),
        "I.a.b": D("1.50"),
        "X": D("0.00"),
    }
    assert result.base == D("14.00")
    assert result.total == D("15.00")


def test_a_callers_decimal_context_does_not_change_figures() -> None:
    scheme = target_scheme(("10", "3"), ("7", "9"))
    expected = totals_of({"T0": "2", "T1": "4"}, scheme)
    with localcontext() as ctx:
        ctx.prec = 3
        assert totals_of({"T0": "2", "T1": "4"}, scheme) == expected
    assert expected.total == D("9.78")


def test_a_prepared_plan_gives_the_same_figures() -> None:
    plan = TotalsPlan.prepare(standard_scheme(), NO_SETTINGS)
    values = {"I.1": D(40), "II.1": D("45.5"), "B": D(3), "P": D(1)}
    assert plan.totals("F", values) == compute_totals(standard_scheme(), NO_SETTINGS, "F", values)


def test_target_leaf_without_positive_target_is_a_scheme_error() -> None:
    with pytest.raises(ValueError, match="positive target"):
        totals_of({"T0": "1"}, target_scheme(("10", "0")))


def test_points_are_decimal_throughout() -> None:
    result = totals_of({"T0": "2"}, target_scheme(("10", "3")))
    figures = [*result.points.values(), *result.subtotals.values(), result.base, result.total]
    assert all(isinstance(x, Decimal) for x in figures)

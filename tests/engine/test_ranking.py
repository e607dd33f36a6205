"""Competition ranking in a cluster and across the nation (SCORING.md §4–§5)."""

from __future__ import annotations

from decimal import Decimal

from engine_builders import D, node, period

from scoring.engine.compute import compute_period
from scoring.engine.ranking import rank_cluster, separation, zscores
from scoring.engine.types import POINTS, SECTION, TARGET, Scheme

TIE_BREAKERS = ("section:I", "bonus", "penalty")


def cluster_view(rows, **settings) -> list[tuple[str, int]]:
    result = compute_period(period(rows, **settings))
    (entries,) = result.cluster_rankings.values()
    return [(e.federation, e.rank) for e in entries]


def test_higher_total_ranks_first() -> None:
    rows = [("A", "An Giang", "C", 30, 30, 0, 0), ("B", "Bắc Ninh", "C", 40, 30, 0, 0)]
    assert cluster_view(rows) == [("B", 1), ("A", 2)]


def test_equal_federations_share_a_rank_and_the_next_rank_skips() -> None:
    rows = [
        ("W", "Yên Bái", "C", 50, 50, 0, 0),
        ("X", "Hà Nội", "C", 40, 40, 0, 0),
        ("Y", "Bắc Ninh", "C", 40, 40, 0, 0),
        ("Z", "Cà Mau", "C", 10, 10, 0, 0),
    ]
    assert cluster_view(rows) == [("W", 1), ("Y", 2), ("X", 2), ("Z", 4)]


def test_three_way_tie_is_split_by_the_tie_breakers_in_order() -> None:
    rows = [
        ("A", "An Giang", "C", 30, 40, 5, 0),  # 75, I 30, bonus 5
        ("B", "Bến Tre", "C", 35, 35, 5, 0),  # 75, I 35
        ("C", "Cà Mau", "C", 30, 42, 5, 2),  # 75, I 30, bonus 5, penalty 2
    ]
    assert cluster_view(rows, tie_breakers=TIE_BREAKERS) == [("B", 1), ("A", 2), ("C", 3)]
    assert cluster_view(rows, tie_breakers=("penalty",)) == [("A", 1), ("B", 1), ("C", 3)]


def test_order_of_tie_breakers_decides() -> None:
    rows = [("A", "An Giang", "C", 30, 40, 5, 0), ("B", "Bến Tre", "C", 35, 38, 2, 0)]  # both 75
    assert cluster_view(rows, tie_breakers=("section:I", "bonus")) == [("B", 1), ("A", 2)]
    assert cluster_view(rows, tie_breakers=("bonus", "section:I")) == [("A", 1), ("B", 2)]


def test_lower_penalty_wins_the_penalty_tie_breaker() -> None:
    rows = [("A", "An Giang", "C", 40, 40, 3, 3), ("B", "Bến Tre", "C", 40, 40, 1, 1)]  # both 80
    assert cluster_view(rows, tie_breakers=("penalty",)) == [("B", 1), ("A", 2)]


def test_bonus_tie_breaker_compares_the_capped_bonus() -> None:
    rows = [("A", "An Giang", "C", 40, 40, 7, 0), ("B", "Bến Tre", "C", 40, 40, 6, 0)]
    assert cluster_view(rows, cap=5, tie_breakers=("bonus",)) == [("A", 1), ("B", 1)]  # 5 vs 5


def test_totals_equal_after_rounding_tie_then_go_to_tie_breakers() -> None:
    scheme = Scheme(
        (
            node("I", SECTION),
            node("I.1", POINTS, 50, "I"),
            node("II", SECTION),
            node("II.1", TARGET, 50, "II", 250),
        )
    )
    rows = [
        ("A", "An Giang", "C", 40, "225.04", None, None),  # 40 + 45.008 = 85.008 -> 85.01
        ("B", "Bến Tre", "C", 40, "225.02", None, None),  # 40 + 45.004 = 85.004 -> 85.00
        ("C", "Cà Mau", "C", 41, "219.98", None, None),  # 41 + 43.996 = 84.996 -> 85.00
    ]
    assert cluster_view(rows, scheme=scheme) == [("A", 1), ("B", 2), ("C", 2)]
    assert cluster_view(rows, scheme=scheme, tie_breakers=("section:I",)) == [
        ("A", 1),
        ("C", 2),
        ("B", 3),
    ]


def test_equal_federations_are_listed_in_vietnamese_order() -> None:
    names = ["Đồng Nai", "Đà Nẵng", "Bắc Kạn", "Bạc Liêu", "Ăn", "Anh", "Dak Lak", "Âu"]
    rows = [(f"F{i}", name, "C", 40, 40, 0, 0) for i, name in enumerate(names)]
    result = compute_period(period(rows))
    listed = [name_of(rows, e.federation) for e in result.national]
    assert listed == ["Anh", "Ăn", "Âu", "Bạc Liêu", "Bắc Kạn", "Dak Lak", "Đà Nẵng", "Đồng Nai"]
    assert {e.rank for e in result.national} == {1}


def name_of(rows, code: str) -> str:
    return next(row[1] for row in rows if row[0] == code)


def test_raw_national_ranking_uses_totals_across_clusters() -> None:
    rows = [
        ("A", "An Giang", "C1", 40, 40, 0, 0),
        ("B", "Bến Tre", "C2", 45, 40, 0, 0),
        ("C", "Cà Mau", "C1", 40, 40, 0, 0),
        ("D", "Đắk Lắk", "C2", 10, 10, 0, 0),
    ]
    result = compute_period(period(rows))
    assert [(e.federation, e.rank, e.normalized) for e in result.national] == [
        ("B", 1, None),
        ("A", 2, None),
        ("C", 2, None),
        ("D", 4, None),
    ]


def test_zscore_expresses_each_total_against_its_cluster() -> None:
    rows = [
        ("A", "An Giang", "C1", 35, 35, 0, 0),  # 70
        ("B", "Bến Tre", "C1", 40, 40, 0, 0),  # 80
        ("C", "Cà Mau", "C1", 45, 45, 0, 0),  # 90
        ("D", "Đắk Lắk", "C2", 20, 20, 0, 0),  # 40
        ("E", "Điện Biên", "C2", 30, 30, 0, 0),  # 60
    ]
    result = compute_period(period(rows, method="zscore"))
    normalized = {e.federation: e.normalized for e in result.national}
    # C1: μ = 80, σ = √(200/3) ≈ 8.165; C2: μ = 50, σ = 10
    assert normalized == {"A": D("37.75"), "B": D(50), "C": D("62.25"), "D": D(40), "E": D(60)}
    assert [e.federation for e in result.national] == ["C", "E", "B", "D", "A"]
    assert [e.rank for e in result.national] == [1, 2, 3, 4, 5]


def test_zscore_with_no_spread_gives_fifty() -> None:
    rows = [("A", "An Giang", "C1", 40, 40, 0, 0), ("B", "Bến Tre", "C1", 40, 40, 0, 0)]
    rows += [("S", "Sơn La", "C2", 10, 10, 0, 0)]  # a cluster of one has σ = 0 too
    result = compute_period(period(rows, method="zscore"))
    assert all(e.normalized == 50 for e in result.national)
    assert [(e.federation, e.rank) for e in result.national] == [("A", 1), ("B", 1), ("S", 3)]


def test_equal_normalized_scores_are_ordered_by_total() -> None:
    rows = [
        ("A", "An Giang", "C1", 20, 20, 0, 0),
        ("B", "Bến Tre", "C1", 30, 30, 0, 0),  # C1: 40, 60 -> 40, 60
        ("C", "Cà Mau", "C2", 35, 35, 0, 0),
        ("D", "Đắk Lắk", "C2", 45, 45, 0, 0),  # C2: 70, 90 -> 40, 60
    ]
    result = compute_period(period(rows, method="zscore"))
    assert [(e.federation, e.rank) for e in result.national] == [
        ("D", 1),
        ("B", 2),
        ("C", 3),
        ("A", 4),
    ]


def test_zscores_use_population_standard_deviation() -> None:
    rows = [("A", "An Giang", "C", 0, 0, 0, 0), ("B", "Bến Tre", "C", 50, 50, 0, 0)]
    inp = period(rows)
    result = compute_period(inp)
    assert zscores(inp.federations, result.totals) == {"A": D(40), "B": D(60)}


def test_separation_names_the_deciding_tie_breaker_and_winner() -> None:
    rows = [("A", "An Giang", "C", 30, 40, 5, 0), ("B", "Bến Tre", "C", 35, 35, 5, 0)]
    totals = compute_period(period(rows)).totals
    split = separation(totals["A"], totals["B"], TIE_BREAKERS)
    assert (split.criterion, split.winner) == ("section:I", "B")
    assert (split.value_a, split.value_b) == (D("30.00"), D("35.00"))


def test_separation_is_none_when_equal_on_every_tie_breaker() -> None:
    rows = [("A", "An Giang", "C", 30, 40, 5, 0), ("B", "Bến Tre", "C", 30, 40, 5, 0)]
    totals = compute_period(period(rows)).totals
    split = separation(totals["A"], totals["B"], TIE_BREAKERS)
    assert (split.criterion, split.winner) == (None, None)


def test_separation_by_penalty_is_won_by_the_lower() -> None:
    rows = [("A", "An Giang", "C", 30, 42, 0, 2), ("B", "Bến Tre", "C", 30, 41, 0, 1)]
    totals = compute_period(period(rows)).totals
    assert separation(totals["A"], totals["B"], ("bonus", "penalty")).winner == "B"


def test_separation_of_unequal_totals_is_the_total() -> None:
    rows = [("A", "An Giang", "C", 30, 42, 0, 0), ("B", "Bến Tre", "C", 30, 41, 0, 0)]
    totals = compute_period(period(rows)).totals
    split = separation(totals["A"], totals["B"], TIE_BREAKERS)
    assert (split.criterion, split.winner) == ("total", "A")


def test_rank_cluster_accepts_members_in_any_order() -> None:
    rows = [("A", "An Giang", "C", 30, 40, 0, 0), ("B", "Bến Tre", "C", 35, 40, 0, 0)]
    inp = period(rows)
    totals = compute_period(inp).totals
    forward = rank_cluster(inp.federations, totals, ())
    backward = rank_cluster(reversed(inp.federations), totals, ())
    assert forward == backward
    assert isinstance(forward[0].total, Decimal)

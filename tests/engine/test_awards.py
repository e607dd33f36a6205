"""Award rules, quotas and ties at the quota (SCORING.md §7)."""

from __future__ import annotations

import pytest
from engine_builders import period, rule

from scoring.engine.awards import award_quota
from scoring.engine.compute import compute_period
from scoring.engine.types import AwardOutcome, PeriodResult

FLAG = "Cờ thi đua"
MERIT = "Bằng khen"


def run(rows, rules, **settings) -> PeriodResult:
    return compute_period(period(rows, rules=rules, **settings))


def reasons(result: PeriodResult, award: str) -> dict[str, str]:
    return {d.federation: d.reason for d in result.decisions if d.rule == award}


def holders(result: PeriodResult) -> dict[str, tuple[str, bool]]:
    return {code: (o.award, o.tie) for code, o in result.awards.items()}


def cluster(totals: list[int], cluster_code: str = "C") -> list[tuple]:
    """Rows named F0, F1, ... with the given totals (all in section II)."""
    names = ["An Giang", "Bắc Ninh", "Cà Mau", "Đà Nẵng", "Gia Lai", "Hà Nội", "Kon Tum", "Lào Cai"]
    return [
        (f"{cluster_code}{i}", f"{names[i]} {cluster_code}", cluster_code, 0, total, 0, 0)
        for i, total in enumerate(totals)
    ]


def test_count_quota_goes_to_the_best() -> None:
    result = run(cluster([50, 40, 30]), [rule(FLAG, count=2)])
    assert holders(result) == {"C0": (FLAG, False), "C1": (FLAG, False)}
    assert reasons(result, FLAG) == {"C0": "awarded", "C1": "awarded", "C2": "quota_full"}


def test_tie_at_quota_goes_to_council() -> None:
    result = run(cluster([50, 40, 40, 30]), [rule(FLAG, count=2)])
    assert holders(result) == {"C0": (FLAG, False), "C1": (FLAG, True), "C2": (FLAG, True)}
    assert reasons(result, FLAG) == {
        "C0": "awarded",
        "C1": "tie_at_quota",
        "C2": "tie_at_quota",
        "C3": "rule_stopped",
    }


def test_tie_that_fits_the_places_left_is_awarded_to_all() -> None:
    result = run(cluster([50, 50, 30]), [rule(FLAG, count=2)])
    assert holders(result) == {"C0": (FLAG, False), "C1": (FLAG, False)}


def test_tie_mark_blocks_later_rules() -> None:
    result = run(cluster([50, 50, 30]), [rule(FLAG, count=1), rule(MERIT, count=2)])
    assert holders(result) == {"C0": (FLAG, True), "C1": (FLAG, True), "C2": (MERIT, False)}
    assert reasons(result, MERIT) == {"C0": "holds_earlier", "C1": "holds_earlier", "C2": "awarded"}


def test_rule_stops_after_a_tie_even_with_places_left() -> None:
    result = run(cluster([50, 40, 40, 40, 30]), [rule(FLAG, count=3)])
    assert holders(result) == {
        "C0": (FLAG, False),
        "C1": (FLAG, True),
        "C2": (FLAG, True),
        "C3": (FLAG, True),
    }
    assert reasons(result, FLAG)["C4"] == "rule_stopped"


def test_only_qualifying_members_of_a_rank_count_for_the_tie() -> None:
    rows = cluster([50, 50, 30])
    rows[1] = ("C1", "Bắc Ninh C", "C", None, 50, 0, 0)  # same total, but incomplete
    result = run(rows, [rule(FLAG, count=1)])
    assert holders(result) == {"C0": (FLAG, False)}
    assert reasons(result, FLAG) == {"C0": "awarded", "C1": "incomplete", "C2": "quota_full"}


def test_incomplete_federation_is_ranked_but_never_awarded() -> None:
    rows = cluster([50, 40])
    rows[0] = ("C0", "An Giang C", "C", None, 50, 0, 0)
    result = run(rows, [rule(FLAG, count=1), rule(MERIT, share="1")])
    assert [(e.federation, e.rank) for e in result.cluster_rankings["C"]] == [("C0", 1), ("C1", 2)]
    assert "C0" not in result.awards
    assert reasons(result, FLAG)["C0"] == reasons(result, MERIT)["C0"] == "incomplete"


def test_min_total_excludes_low_totals() -> None:
    result = run(cluster([50, 40]), [rule(FLAG, count=2, min_total=45)])
    assert reasons(result, FLAG) == {"C0": "awarded", "C1": "below_min_total"}


def test_min_total_is_reached_at_equality() -> None:
    result = run(cluster([45]), [rule(FLAG, count=1, min_total=45)])
    assert reasons(result, FLAG) == {"C0": "awarded"}


def test_min_vote_share_without_votes_does_not_qualify() -> None:
    votes = {"C1": (0, 10), "C2": (0, 0), "C3": (6, 10), "C4": (5, 10)}
    result = run(
        cluster([50, 49, 48, 47, 46]), [rule(FLAG, count=5, min_vote_share="0.5")], votes=votes
    )
    assert reasons(result, FLAG) == {
        "C0": "no_votes",  # no ballot at all
        "C1": "no_votes",  # not one vote
        "C2": "no_votes",  # no voters
        "C3": "awarded",
        "C4": "awarded",  # 5/10 is exactly 0.5
    }


def test_below_min_vote_share_does_not_qualify() -> None:
    result = run(
        cluster([50, 40]),
        [rule(FLAG, count=2, min_vote_share="0.67")],
        votes={"C0": (2, 3), "C1": (7, 10)},
    )
    assert reasons(result, FLAG) == {"C0": "below_min_vote_share", "C1": "awarded"}


def test_votes_do_not_matter_without_min_vote_share() -> None:
    result = run(cluster([50]), [rule(FLAG, count=1)])
    assert reasons(result, FLAG) == {"C0": "awarded"}


@pytest.mark.parametrize(
    ("share", "size", "quota"), [("0.1", 5, 1), ("0.5", 5, 2), ("0.2", 10, 2), ("0.01", 0, 1)]
)
def test_share_quota_is_floor_but_at_least_one(share: str, size: int, quota: int) -> None:
    assert award_quota(rule(MERIT, share=share), size) == quota


def test_count_quota_ignores_size() -> None:
    assert award_quota(rule(FLAG, count=3), 1) == 3
    assert award_quota(rule(FLAG, count=0), 10) == 0


def test_rule_needs_exactly_one_of_count_and_share() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        award_quota(rule(FLAG), 3)
    with pytest.raises(ValueError, match="exactly one"):
        award_quota(rule(FLAG, count=1, share="0.5"), 3)


def test_share_quota_applies_per_cluster() -> None:
    rows = cluster([50, 40, 30, 20, 10], "A") + cluster([50, 40], "B")
    result = run(rows, [rule(MERIT, share="0.4")])
    assert sorted(result.awards) == ["A0", "A1", "B0"]  # floor(2.0) = 2; max(1, floor(0.8)) = 1


def test_national_share_uses_the_whole_period_as_size() -> None:
    rows = cluster([50, 40, 30], "A") + cluster([45, 35], "B")
    result = run(rows, [rule(FLAG, "national", share="0.4")])
    assert sorted(result.awards) == ["A0", "B0"]  # floor(0.4 × 5) = 2


def test_national_award_before_cluster_rules_skips_its_holder() -> None:
    rows = cluster([90, 80, 70], "A") + cluster([60, 50], "B")
    rules = [rule("Cờ toàn quốc", "national", count=1), rule(FLAG, count=1)]
    result = run(rows, rules)
    assert holders(result) == {
        "A0": ("Cờ toàn quốc", False),
        "A1": (FLAG, False),
        "B0": (FLAG, False),
    }
    assert reasons(result, FLAG)["A0"] == "holds_earlier"


def test_national_rule_follows_the_zscore_order() -> None:
    rows = cluster([90, 89], "A") + cluster([50, 20], "B")  # z: 60, 40 in each cluster
    raw = run(rows, [rule(FLAG, "national", count=2)])
    zscore = run(rows, [rule(FLAG, "national", count=2)], method="zscore")
    assert sorted(raw.awards) == ["A0", "A1"]
    assert sorted(zscore.awards) == ["A0", "B0"]


def test_national_tie_at_quota_marks_all_sharing_the_rank() -> None:
    rows = cluster([80, 70], "A") + cluster([80, 60], "B")
    result = run(rows, [rule(FLAG, "national", count=1)])
    assert result.awards == {
        "A0": AwardOutcome("A0", FLAG, tie=True),
        "B0": AwardOutcome("B0", FLAG, tie=True),
    }


def test_every_federation_gets_one_decision_per_rule() -> None:
    rows = cluster([50, 40, 30], "A") + cluster([45, 35], "B")
    rules = [rule(FLAG, "national", count=1), rule(MERIT, share="0.5"), rule("Giấy khen", count=9)]
    result = run(rows, rules)
    assert len(result.decisions) == 5 * 3
    assert [d.rule for d in result.decisions] == [FLAG] * 5 + [MERIT] * 5 + ["Giấy khen"] * 5


def test_unknown_scope_is_refused() -> None:
    with pytest.raises(ValueError, match="scope"):
        run(cluster([50]), [rule(FLAG, "province", count=1)])


def test_a_tie_at_a_share_quota_goes_to_the_council() -> None:
    # 5 members × 0.4 = 2 places; the 2nd and 3rd share a rank: neither is awarded outright
    result = run(cluster([50, 40, 40, 30, 20]), [rule(MERIT, share="0.4")])
    assert holders(result) == {"C0": (MERIT, False), "C1": (MERIT, True), "C2": (MERIT, True)}
    assert reasons(result, MERIT)["C3"] == "rule_stopped"


def test_a_vote_share_exactly_at_the_minimum_qualifies() -> None:
    votes = {"C0": (7, 10), "C1": (6, 10)}
    result = run(cluster([50, 40]), [rule(FLAG, count=2, min_vote_share="0.7")], votes=votes)
    assert reasons(result, FLAG) == {"C0": "awarded", "C1": "below_min_vote_share"}


def test_a_national_tie_mark_blocks_a_later_cluster_rule() -> None:
    rows = [*cluster([50, 40], "A"), *cluster([50, 30], "B")]
    result = run(rows, [rule(FLAG, "national", count=1), rule(MERIT, count=1)])
    # A0 and B0 tie for the single national flag: both marked, neither takes a merit
    assert holders(result)["A0"] == (FLAG, True) and holders(result)["B0"] == (FLAG, True)
    assert reasons(result, MERIT)["A0"] == "holds_earlier"
    assert holders(result)["A1"] == (MERIT, False) and holders(result)["B1"] == (MERIT, False)

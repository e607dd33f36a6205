"""Why a federation stands where it stands, as facts and sentences (SCORING.md §8)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from engine_builders import D, Row, node, period, rule

from scoring.engine.compute import compute_period
from scoring.engine.explain import Explanation, describe, explain
from scoring.engine.types import BONUS, PENALTY, POINTS, SECTION, TARGET, YESNO, Scheme

# I.1 up to 40 and II.1 up to 60, so that 30 + 60 + 5.5 = 28.5 + 60 + 7 = 95.5
SCHEME = Scheme(
    (
        node("I", SECTION, name="Công tác tổ chức"),
        node("I.1", POINTS, 40, "I", name="Kiện toàn tổ chức"),
        node("II", SECTION, name="Hoạt động"),
        node("II.1", POINTS, 60, "II", name="Tư vấn phản biện"),
        node("B", BONUS, 10, name="Sáng kiến"),
        node("P", PENALTY, 20, name="Vi phạm"),
    )
)
ROWS: list[Row] = [
    ("HP", "Hải Phòng", "C", 30, 60, "5.5", 0),
    ("HN", "Hà Nội", "C", "28.5", 60, 7, 0),
    ("QN", "Quảng Ninh", "C", 20, 50, 0, 0),
    ("TB", "Thái Bình", "C", 20, 50, 0, 0),
]
BANDS = [(90, "Xuất sắc"), (80, "Tốt"), (0, "Yếu")]


def explained(code: str, rows: Sequence[Row] = ROWS, **settings: Any) -> Explanation:
    settings = {"tie_breakers": ("section:I",), "scheme": SCHEME, "bands": BANDS, **settings}
    inp = period(rows, **settings)
    return explain(inp, compute_period(inp), code)


def test_explanation_holds_points_per_indicator_and_section() -> None:
    expl = explained("HP")
    lines = {line.code: (line.value, line.points, line.max_points) for line in expl.indicators}
    assert lines["I.1"] == (D(30), D(30), D(40))
    assert lines["B"] == (D("5.5"), D("5.5"), D(10))
    assert [(s.code, s.subtotal, s.max_points) for s in expl.sections] == [
        ("I", D("30.00"), D(40)),
        ("II", D("60.00"), D(60)),
    ]
    assert (expl.base, expl.base_max, expl.total) == (D("90.00"), D(100), D("95.50"))
    assert (expl.cluster_rank, expl.cluster_size, expl.national_rank) == (1, 4, 1)
    assert expl.classification == "Xuất sắc"


def test_neighbour_with_equal_total_names_the_deciding_tie_breaker() -> None:
    (neighbour,) = explained("HP").neighbours
    assert (neighbour.code, neighbour.criterion, neighbour.ranked_above) == (
        "HN",
        "section:I",
        True,
    )
    assert (neighbour.own_value, neighbour.other_value) == (D("30.00"), D("28.50"))


def test_an_equal_total_in_another_cluster_is_explained_as_a_national_neighbour() -> None:
    """SCORING.md §8: each neighbour with an equal total, the national list's too."""
    rows: list[Row] = [*ROWS, ("HD", "Hải Dương", "D", 30, 60, "5.5", 0), ("NB", "Ninh Bình", "D", 10, 10, 0, 0)]
    expl = explained("HN", rows)
    cluster, national = expl.neighbours
    assert (cluster.code, cluster.national, national.code, national.national) == ("HP", False, "HD", True)
    assert (national.criterion, national.ranked_above) == ("section:I", False)
    assert (
        "Xếp hạng toàn quốc — Bằng tổng điểm với Hải Dương (Cụm D) (95,50); "
        "xếp dưới vì điểm phần I thấp hơn (28,50 so với 30,00)."
    ) in describe(expl, "vi")
    # a federation with a different total, or of its own cluster, is not a national neighbour
    assert [n.code for n in explained("QN", rows).neighbours] == ["TB"]


def test_national_neighbours_sharing_every_tie_breaker_share_the_national_rank() -> None:
    rows: list[Row] = [*ROWS, ("HD", "Hải Dương", "D", 30, 60, "5.5", 0)]
    expl = explained("HP", rows)
    national = [n for n in expl.neighbours if n.national]
    assert [(n.code, n.criterion, n.ranked_above) for n in national] == [("HD", None, None)]
    assert any(
        s.startswith("National ranking — Equal total with Hải Dương") and s.endswith(f"share rank {expl.national_rank}.")
        for s in describe(expl, "en")
    )


def test_winner_is_told_in_vietnamese_with_decimal_commas() -> None:
    sentences = describe(explained("HP"), "vi")
    assert (
        "Bằng tổng điểm với Hà Nội (95,50); xếp trên nhờ điểm phần I cao hơn (30,00 so với 28,50)."
        in sentences
    )


def test_loser_is_told_in_english() -> None:
    sentences = describe(explained("HN"), "en")
    assert (
        "Equal total with Hải Phòng (95.50); ranked below on a lower section I score (28.50 vs 30.00)."
        in sentences
    )


def test_lower_penalty_win_is_worded_as_lower() -> None:
    rows = [("A", "An Giang", "C", 30, 50, 2, 1), ("B", "Bến Tre", "C", 30, 50, 3, 2)]
    sentences = describe(explained("A", rows, tie_breakers=("penalty",)), "vi")
    assert (
        "Bằng tổng điểm với Bến Tre (81,00); xếp trên nhờ điểm trừ thấp hơn (1,00 so với 2,00)."
        in sentences
    )


def test_equal_on_every_tie_breaker_shares_the_rank() -> None:
    expl = explained("QN")
    (neighbour,) = expl.neighbours
    assert (neighbour.code, neighbour.criterion, neighbour.ranked_above) == ("TB", None, None)
    assert (
        "Bằng tổng điểm với Thái Bình (70,00) và bằng nhau ở mọi tiêu chí phụ; đồng hạng 3."
        in describe(expl)
    )
    assert (
        "Equal total with Thái Bình (70.00) and equal on every tie-breaker; they share rank 3."
        in describe(expl, "en")
    )


def test_bonus_cut_by_the_cap_is_said() -> None:
    expl = explained("HN", cap=5)
    assert (expl.bonus_raw, expl.bonus, expl.bonus_capped) == (D(7), D(5), True)
    assert "Điểm thưởng: 7,00, vượt mức trần 5,00 nên chỉ tính 5,00." in describe(expl)
    assert "Bonus: 7.00, above the cap of 5.00, so only 5.00 counts." in describe(expl, "en")


def test_total_clamped_at_zero_is_explained() -> None:
    rows = [("Z", "Điện Biên", "C", 1, 2, 1, 20)]
    sentences = describe(explained("Z", rows))
    assert (
        "Tổng điểm: 0,00 (điểm trừ 20,00 vượt quá điểm cơ bản 3,00 cộng điểm thưởng 1,00)."
        in sentences
    )
    assert "Total: 0.00 (the penalty 20.00 exceeds base 3.00 plus bonus 1.00)." in describe(
        explained("Z", rows), "en"
    )


def test_a_penalty_equal_to_base_plus_bonus_is_not_said_to_exceed_it() -> None:
    rows = [("Z", "Điện Biên", "C", 1, 2, 1, 4)]
    assert "Total: 0.00 (the penalty 4.00 equals base 3.00 plus bonus 1.00)." in describe(explained("Z", rows), "en")
    assert "Tổng điểm: 0,00 (điểm trừ 4,00 bằng điểm cơ bản 3,00 cộng điểm thưởng 1,00)." in describe(
        explained("Z", rows)
    )


def test_incomplete_federation_is_told_what_is_missing() -> None:
    rows = [*ROWS, ("LC", "Lào Cai", "C", None, 50, 0, 0)]
    sentences = describe(explained("LC", rows), "vi")
    assert "I.1 Kiện toàn tổ chức: chưa nhập → 0,00/40,00 điểm." in sentences
    assert any(s.startswith("Chưa đủ điểm: thiếu I.1;") for s in sentences)


def test_each_award_rule_says_why() -> None:
    rules = [
        rule("Cờ thi đua", count=1, min_vote_share="0.5"),
        rule("Bằng khen", count=1),
        rule("Giấy khen", count=1, min_total=80),
    ]
    expl = explained("HN", rules=rules, votes={"HP": (6, 10), "HN": (4, 10)})
    assert [(line.rule.name, line.reason) for line in expl.awards] == [
        ("Cờ thi đua", "below_min_vote_share"),
        ("Bằng khen", "awarded"),
        ("Giấy khen", "holds_earlier"),
    ]
    sentences = describe(expl)
    assert "Cờ thi đua: được 4/10 phiếu suy tôn (40,00%), chưa đạt mức tối thiểu 50,00% (cần ít nhất 5 phiếu)." in sentences
    assert "Giấy khen: không xét vì đã có «Bằng khen»." in sentences
    assert "Bằng khen: awarded (1 place(s) in the cluster)." in describe(expl, "en")


def test_a_vote_share_just_short_of_two_thirds_is_worded_with_its_counts() -> None:
    """6 of 9 is 66.67 % rounded, yet below a minimum stored as 0.6667: the sentence must
    not read "66.67 % is below 66.67 %"; the counts and the votes needed say it plainly."""
    expl = explained("HN", rules=[rule("Cờ thi đua", count=1, min_vote_share="0.6667")],
                     votes={"HP": (9, 9), "HN": (6, 9)})  # fmt: skip
    assert [line.reason for line in expl.awards] == ["below_min_vote_share"]
    assert "Cờ thi đua: 6 of 9 votes (66.67%), short of the minimum 66.67% (at least 7 votes needed)." in describe(
        expl, "en"
    )


def test_tie_at_quota_is_worded_for_the_council() -> None:
    expl = explained("QN", rules=[rule("Bằng khen", count=3)])
    assert expl.awards[0].reason == "tie_at_quota"
    assert any("đồng hạng — đề nghị Hội đồng quyết định" in s for s in describe(expl))
    assert any("for the council to decide" in s for s in describe(expl, "en"))


def test_below_min_total_and_quota_full_are_worded() -> None:
    rules = [rule("Cờ thi đua", count=1), rule("Bằng khen", count=5, min_total=90)]
    sentences = describe(explained("QN", rules=rules))
    assert "Cờ thi đua: đã đủ 1 suất cho các đơn vị xếp trên." in sentences
    assert "Bằng khen: tổng điểm 70,00 thấp hơn mức tối thiểu 90,00." in sentences


def test_zscore_rank_shows_the_normalized_score() -> None:
    expl = explained("HP", method="zscore")
    assert expl.normalized is not None
    assert any(
        s.startswith("Xếp hạng toàn quốc: 1/4 (điểm chuẩn hoá theo cụm: ") for s in describe(expl)
    )


def test_target_and_yesno_indicators_say_what_was_entered() -> None:
    scheme = Scheme(
        (
            node("I.1", TARGET, 10, target=4, name="Báo cáo tư vấn"),
            node("II.1", YESNO, 5, name="Nộp báo cáo đúng hạn"),
        )
    )
    rows = [("A", "An Giang", "C", 3, 0, None, None)]
    inp = period(rows, scheme=scheme)
    sentences = describe(explain(inp, compute_period(inp), "A"))
    assert "I.1 Báo cáo tư vấn: đạt 3 so với chỉ tiêu 4 → 7,50/10,00 điểm." in sentences
    assert "II.1 Nộp báo cáo đúng hạn: không đạt → 0,00/5,00 điểm." in sentences


def test_vietnamese_sentences_never_use_a_decimal_point() -> None:
    sentences = describe(explained("HP", cap=5, method="zscore", rules=[rule("Cờ", count=1)]))
    assert not [s for s in sentences if re.search(r"\d\.\d", s)]


def test_classification_is_said_or_its_absence() -> None:
    assert "Xếp loại: Xuất sắc." in describe(explained("HP"))
    assert "Classification: no band reached." in describe(explained("HP", bands=[(99, "A")]), "en")


def test_unknown_federation_or_language_is_refused() -> None:
    inp = period(ROWS, scheme=SCHEME)
    with pytest.raises(KeyError):
        explain(inp, compute_period(inp), "XX")
    with pytest.raises(ValueError, match="language"):
        describe(explained("HP"), "fr")

"""Reading a valid bundle: what people type becomes the right values (both formats)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from scoring.bundle.model import BundleAward, BundleScore, BundleVote
from scoring.engine.types import Band


def test_valid_bundle_reads_into_typed_values(bundle_reader, tables):
    bundle = bundle_reader.read(tables)
    s = bundle.settings
    assert (s.year, s.title, s.deadline) == (2023, "Thi đua năm 2023", date(2023, 12, 5))
    assert s.bonus_cap == Decimal(5)
    assert s.tie_breakers == ("section:I", "bonus", "penalty")
    assert s.bands[0] == Band(Decimal(90), "Xuất sắc") and len(s.bands) == 5
    assert [c.code for c in bundle.clusters] == ["C1", "C2"]
    assert bundle.clusters[0].leader == "HNI" and bundle.clusters[1].deputy is None
    assert bundle.federations[1].succeeds == ("HPG", "HDG")
    assert [i.code for i in bundle.indicators] == ["I", "I.1", "I.2", "II", "II.1", "B", "P"]
    assert bundle.indicators[1].target == Decimal(4)
    assert bundle.indicators[1].guidance == "Đếm các báo cáo"


def test_scores_accept_comma_decimals_and_yes_no_words(bundle_reader, tables):
    scores = bundle_reader.read(tables).scores
    assert scores[0] == BundleScore("HNI", "I.1", Decimal(3), Decimal(4), "Báo cáo số 12/BC-LHH")
    assert scores[1].value == Decimal("35.5")
    assert (scores[2].value, scores[2].self_value) == (Decimal(1), Decimal(1))
    assert scores[6].value == Decimal(0)
    assert scores[7].value == Decimal("1.5")


def test_empty_value_is_missing_and_note_is_kept(bundle_reader, tables):
    score = bundle_reader.read(tables).scores[5]
    assert score == BundleScore("HPG", "I.2", None, None, "chưa nộp minh chứng")


def test_votes_and_awards(bundle_reader, tables):
    bundle = bundle_reader.read(tables)
    assert bundle.votes == [BundleVote("HNI", 7, 8), BundleVote("HPG", 1, 8)]
    assert bundle.awards == [
        BundleAward("Cờ thi đua", Decimal(80), "cluster", 1, None, Decimal("0.7")),
        BundleAward("Bằng khen", Decimal(65), "cluster", None, Decimal("0.25"), None),
    ]


def test_upper_case_headers_unknown_columns_and_blank_rows(bundle_reader, tables):
    scores = tables["scores"]
    scores[0] = [" Federation", "INDICATOR", "Value", "Self_Value", "NOTE", "Ghi chú thêm"]
    for row in scores[1:]:
        row.append("bỏ qua")
    scores.insert(3, ["", "", "", "", "", ""])
    scores.append(["  ", "", "", "", "", ""])
    tables["clusters"].insert(1, ["", "", "", ""])
    bundle = bundle_reader.read(tables)
    assert len(bundle.scores) == 8 and bundle.scores[1].value == Decimal("35.5")
    assert len(bundle.clusters) == 2


def test_codes_and_names_are_trimmed_but_notes_are_kept_exactly(bundle_reader, tables):
    tables["federations"][1] = ["  HNI ", "  Liên hiệp hội Hà Nội  ", " C1", ""]
    tables["scores"][1] = [" HNI", "I.1 ", "3", "", "  giữ nguyên\nhai dòng  "]
    bundle = bundle_reader.read(tables)
    assert bundle.federations[0].code == "HNI"
    assert bundle.federations[0].name == "Liên hiệp hội Hà Nội"
    assert bundle.scores[0].note == "  giữ nguyên\nhai dòng  "


def test_note_is_never_interpreted(bundle_reader, tables):
    tables["scores"][1][4] = "=1+1"
    tables["scores"][2][4] = "12,50"
    bundle = bundle_reader.read(tables)
    assert [s.note for s in bundle.scores[:2]] == ["=1+1", "12,50"]


def test_optional_tables_may_be_absent(bundle_reader, tables):
    del tables["votes"], tables["awards"]
    bundle = bundle_reader.read(tables)
    assert bundle.votes == [] and bundle.awards == []


def test_optional_columns_may_be_absent(bundle_reader, tables):
    tables["scores"] = [row[:3] for row in tables["scores"]]
    tables["indicators"] = [row[:6] for row in tables["indicators"]]
    bundle = bundle_reader.read(tables)
    assert bundle.scores[0] == BundleScore("HNI", "I.1", Decimal(3))
    assert bundle.indicators[1].guidance is None


def test_settings_defaults(bundle_reader, tables):
    tables["settings"] = [["key", "value"], ["YEAR", "2024"]]
    s = bundle_reader.read(tables).settings
    assert (s.year, s.title, s.deadline, s.bonus_cap) == (2024, None, None, None)
    assert (s.tie_breakers, s.national_method, s.bands) == ((), "raw", ())


def test_share_forms(bundle_reader, tables):
    tables["awards"][1][5] = "0,7"
    tables["awards"][2][3] = "25%"
    tables["awards"].append(["Giấy khen", "national", "", "66,67%", "50", "0.5"])
    awards = bundle_reader.read(tables).awards
    assert awards[0].min_vote_share == Decimal("0.7")
    assert awards[1].share == Decimal("0.25")
    assert (awards[2].scope, awards[2].share) == ("national", Decimal("0.6667"))
    assert awards[2].min_vote_share == Decimal("0.5")


def test_section_max_points_may_be_given_when_it_adds_up(bundle_reader, tables):
    tables["indicators"][1][4] = "70"
    assert bundle_reader.read(tables).indicators[0].max_points == Decimal(70)


def test_nested_sections(bundle_reader, tables):
    tables["indicators"][3:3] = [
        ["I.3", "I", "Phản biện", "section", "", "", ""],
        ["I.3.a", "I.3", "Số ý kiến phản biện", "points", "10", "", ""],
    ]
    bundle = bundle_reader.read(tables)
    assert [(i.code, i.parent) for i in bundle.indicators[2:4]] == [("I.3", "I"), ("I.3.a", "I.3")]

"""What users type, turned into values or refused with the allowed range (SCORING.md §2)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from scoring.engine.problems import InvalidValue
from scoring.engine.settings import (
    format_bands,
    format_tie_breakers,
    parse_bands,
    parse_cap,
    parse_national_method,
    parse_tie_breakers,
)
from scoring.engine.types import BONUS, PENALTY, POINTS, TARGET, YESNO, Band
from scoring.engine.values import fmt, parse_number, parse_value, parse_yesno, round2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12,5", "12.5"), ("12.5", "12.5"), (" 7 ", "7"), ("0,05", "0.05"), (",5", "0.5"), (3, "3")],
)
def test_numbers_accept_comma_or_point_decimals(raw: object, expected: str) -> None:
    assert parse_number(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("cell", "expected"), [(30.01, "30.01"), (0.1 + 0.2, "0.3"), (12.5, "12.5")]
)
def test_float_cells_are_read_as_excel_shows_them(cell: float, expected: str) -> None:
    assert parse_number(cell) == Decimal(expected)


@pytest.mark.parametrize("raw", ["1,234", "0.001", 0.125, Decimal("2.505"), "1.200", "2,000", "12,500", "5.000"])
def test_more_than_two_decimals_is_refused(raw: object) -> None:
    """Typed text with three places is refused even when they are zeros: "1.200" is far
    more often 1,200 written with a thousands separator than 1.2 (SCORING.md §2)."""
    with pytest.raises(InvalidValue) as caught:
        parse_number(raw)
    assert "2" in caught.value.en and "2" in caught.value.vi
    three = isinstance(raw, str) and len(raw.replace(",", ".").partition(".")[2]) == 3
    # three places typed: both readings, a decimal to round or thousands without a separator
    assert ("số hàng nghìn" in caught.value.vi and "làm tròn" in caught.value.vi) == three
    if three:
        assert str(raw).replace(",", "").replace(".", "") in caught.value.vi


def test_three_places_name_the_rounded_decimal_and_the_thousands() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_value(POINTS, "4,125", Decimal(6))
    assert "ví dụ 4,13; nếu là số hàng nghìn, hãy viết liền không dấu: 4125" in caught.value.vi
    assert "e.g. 4.13; if it is thousands, write them without a separator: 4125" in caught.value.en


def test_a_cell_turned_into_a_date_says_so_and_how_to_fix_it() -> None:
    """Typed "4.5" where the decimal sign is the comma: the office suite keeps the 4th of May."""
    with pytest.raises(InvalidValue) as caught:
        parse_value(POINTS, datetime(2026, 5, 4), Decimal(6))
    assert caught.value.vi.startswith("ô này chứa ngày 04/05/2026, không phải số")
    assert "Số (Number)" in caught.value.vi and "cho phép từ 0 đến 6 điểm" in caught.value.vi
    assert "2026-05-04" not in caught.value.vi + caught.value.en


def test_vietnamese_messages_write_numbers_with_a_decimal_comma() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_value(POINTS, 12.5, Decimal("7.5"))
    assert caught.value.vi.startswith("12,5 vượt quá điểm tối đa 7,5")
    assert caught.value.en.startswith("12.5 exceeds the maximum 7.5")


@pytest.mark.parametrize("raw", ["abc", "1,2,3", "12a", True, float("nan"), [1]])
def test_not_a_number_is_refused_with_an_example(raw: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_number(raw)
    assert "12,5" in caught.value.vi


@pytest.mark.parametrize("word", ["có", "Có", "CÓ", "co", "đạt", "Đạt", "ĐẠT", "x", "X", "1", 1])
def test_yes_words_give_one(word: object) -> None:
    assert parse_yesno(word) == 1
    assert parse_value(YESNO, word) == 1


@pytest.mark.parametrize("word", ["không", "KHÔNG", "không đạt", "KHÔNG ĐẠT", "Không  Đạt", "0", 0])
def test_no_words_give_zero(word: object) -> None:
    assert parse_yesno(word) == 0


def test_unknown_yesno_word_is_refused_naming_the_accepted_words() -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_value(YESNO, "có lẽ")
    assert "đạt" in caught.value.vi and "không đạt" in caught.value.en


@pytest.mark.parametrize("kind", [POINTS, TARGET, YESNO, BONUS, PENALTY])
@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_is_missing_not_invalid(kind: str, blank: object) -> None:
    assert parse_value(kind, blank, Decimal(10)) is None


@pytest.mark.parametrize("kind", [POINTS, BONUS, PENALTY])
def test_negative_points_are_refused_naming_the_range(kind: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_value(kind, "-1", Decimal(15))
    assert "0" in caught.value.vi and "15" in caught.value.vi
    assert "from 0 to 15" in caught.value.en


@pytest.mark.parametrize("kind", [POINTS, BONUS, PENALTY])
def test_points_over_the_maximum_are_refused_naming_it(kind: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_value(kind, "15,01", Decimal(15))
    assert "15" in caught.value.vi and "maximum 15" in caught.value.en


def test_points_at_the_maximum_are_accepted() -> None:
    assert parse_value(POINTS, "15,00", Decimal(15)) == 15


def test_target_quantity_may_exceed_the_target_but_not_be_negative() -> None:
    assert parse_value(TARGET, "120", Decimal(10)) == 120
    with pytest.raises(InvalidValue) as caught:
        parse_value(TARGET, "-0,5")
    assert "0" in caught.value.en


def test_round2_rounds_half_away_from_zero() -> None:
    assert round2(Decimal("0.005")) == Decimal("0.01")
    assert round2(Decimal("2.675")) == Decimal("2.68")
    assert round2(Decimal("-0.005")) == Decimal("-0.01")


def test_fmt_gives_short_plain_numbers() -> None:
    assert (fmt(Decimal("25.00")), fmt(Decimal("12.50")), fmt(None)) == ("25", "12.5", "")


def test_tie_breakers_are_parsed_in_order_and_written_back() -> None:
    parsed = parse_tie_breakers("section:I; bonus ;penalty", {"I", "II"})
    assert parsed == ("section:I", "bonus", "penalty")
    assert parse_tie_breakers(format_tie_breakers(parsed)) == parsed
    assert parse_tie_breakers("  ") == ()


@pytest.mark.parametrize("text", ["section:IX", "bonus;bonus", "votes", "section:"])
def test_bad_tie_breakers_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_tie_breakers(text, {"I", "II"})


def test_bands_are_sorted_highest_first_and_written_back() -> None:
    bands = parse_bands("50:Trung bình;90:Xuất sắc;80:Tốt;65,5:Khá;0:Yếu")
    assert [b.label for b in bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert bands[2] == Band(Decimal("65.5"), "Khá")
    assert parse_bands(format_bands(bands)) == bands


@pytest.mark.parametrize("text", ["90", "90:", "x:Tốt", "90:A;90:B"])
def test_bad_bands_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_bands(text)


def test_national_method_defaults_to_raw_and_refuses_others() -> None:
    assert parse_national_method(None) == "raw"
    assert parse_national_method(" ZScore ") == "zscore"
    with pytest.raises(InvalidValue):
        parse_national_method("median")


def test_blank_cap_is_unset_and_negative_cap_refused() -> None:
    assert parse_cap("") is None
    assert parse_cap("7,5") == Decimal("7.5")
    with pytest.raises(InvalidValue):
        parse_cap("-1")

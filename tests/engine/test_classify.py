"""Classification of a total into the period's bands (SCORING.md §6)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.classify import classify
from scoring.engine.problems import InvalidValue
from scoring.engine.settings import format_bands, parse_bands
from scoring.engine.types import Band

BANDS = parse_bands("90:Xuất sắc;80:Tốt;65:Khá;50:Trung bình;0:Yếu")


@pytest.mark.parametrize(
    ("total", "label"),
    [("100", "Xuất sắc"), ("90", "Xuất sắc"), ("89.99", "Tốt"), ("80", "Tốt"), ("65", "Khá"),
     ("64.99", "Trung bình"), ("50", "Trung bình"), ("0", "Yếu"), ("49.99", "Yếu")],
)  # fmt: skip
def test_a_total_at_a_threshold_reaches_it_and_just_below_does_not(total: str, label: str) -> None:
    assert classify(Decimal(total), BANDS) == label


def test_a_total_below_every_threshold_has_no_class() -> None:
    bands = parse_bands("90:Xuất sắc;80:Tốt")
    assert classify(Decimal("79.99"), bands) is None
    assert classify(Decimal(0), ()) is None  # a period without bands classifies no one


def test_bands_in_any_order_give_the_same_class() -> None:
    shuffled = parse_bands("50:Trung bình;90:Xuất sắc;0:Yếu;80:Tốt;65:Khá")
    assert shuffled == BANDS  # parsed highest threshold first
    reversed_bands = tuple(reversed(BANDS))
    for total in ("95", "85", "70", "55", "10"):
        assert classify(Decimal(total), reversed_bands) == classify(Decimal(total), BANDS)


def test_bands_that_cannot_be_read_are_refused() -> None:
    for text in ("90 Xuất sắc", "90:", "90:A;90:B", "chín mươi:A"):
        with pytest.raises(InvalidValue):
            parse_bands(text)
    assert format_bands(parse_bands("80:Tốt;90:Xuất sắc")) == "90:Xuất sắc;80:Tốt"


thresholds = st.lists(st.integers(0, 10_000), min_size=1, max_size=6, unique=True)


@given(thresholds, st.integers(-100, 10_100))
def test_the_class_is_the_label_of_the_highest_threshold_reached(points: list[int], hundredths: int) -> None:
    bands = tuple(Band(Decimal(p) / 100, f"B{p}") for p in points)
    total = Decimal(hundredths) / 100
    reached = [p for p in points if Decimal(p) / 100 <= total]
    assert classify(total, bands) == (f"B{max(reached)}" if reached else None)

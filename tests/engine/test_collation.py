"""Vietnamese alphabetical order of names (SCORING.md §4)."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine.collation import vi_sort_key


def vi_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=vi_sort_key)


def test_d_with_stroke_comes_after_every_d() -> None:
    assert vi_sorted(["Đà Nẵng", "Duy Tân", "Dak Lak", "Dzũng", "Đắk Lắk"]) == [
        "Dak Lak",
        "Duy Tân",
        "Dzũng",
        "Đà Nẵng",
        "Đắk Lắk",
    ]


def test_a_breve_and_circumflex_come_after_a() -> None:
    assert vi_sorted(["Âu", "Ăn", "Anh", "Azan"]) == ["Anh", "Azan", "Ăn", "Âu"]


def test_the_vietnamese_vowel_letters_follow_their_base() -> None:
    assert vi_sorted(["Ơn", "Ôn", "Ong", "Ưng", "Uyên", "Ê", "Em"]) == [
        "Em",
        "Ê",
        "Ong",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_tones_are_compared_after_letters() -> None:
    assert vi_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert vi_sorted(["Mạ", "Mb"]) == ["Mạ", "Mb"]  # the letters decide before the tone
    assert vi_sorted(["Bắc Ninh", "Bạc Liêu", "Bắc Giang"]) == ["Bạc Liêu", "Bắc Giang", "Bắc Ninh"]


def test_tones_are_compared_syllable_by_syllable_wherever_the_mark_sits() -> None:
    # huyền before sắc, though the sắc mark sits on the last letter and the huyền on the first
    assert vi_sorted(["Hoá", "Hòa"]) == ["Hòa", "Hoá"]
    # old and new accent placement spell the same syllable
    assert vi_sort_key("Hoà")[1] == vi_sort_key("Hòa")[1]
    assert vi_sorted(["Thủy Hoà", "Thuỷ Hòa", "Thuy Hoa"])[0] == "Thuy Hoa"
    # the first syllable decides before the second
    assert vi_sorted(["Bà Rịa", "Ba Rịa", "Bá Ria"]) == ["Ba Rịa", "Bà Rịa", "Bá Ria"]


def test_case_does_not_change_letter_order() -> None:
    assert vi_sorted(["bình", "An", "ÂN", "an"]) == ["an", "An", "ÂN", "bình"]


def test_nfc_and_nfd_spellings_sort_the_same() -> None:
    for name in ["Đà Nẵng", "Thừa Thiên Huế", "Bà Rịa – Vũng Tàu", "Quảng Ngãi"]:
        assert vi_sort_key(unicodedata.normalize("NFD", name)) == vi_sort_key(name)


def test_word_break_sorts_before_letters() -> None:
    assert vi_sorted(["Anh", "An Giang", "An-Giang"]) == ["An Giang", "An-Giang", "Anh"]


def test_numbers_sort_by_value_before_letters() -> None:
    assert vi_sorted(["Cụm 10", "Cụm A", "Cụm 2", "Cụm 1"]) == ["Cụm 1", "Cụm 2", "Cụm 10", "Cụm A"]


def test_foreign_letters_take_their_latin_place() -> None:
    assert vi_sorted(["Zeta", "Yên", "Wa", "Vũ", "Xa", "Giang", "Fa", "Ê", "Jo", "Ít", "Kon"]) == [
        "Ê",
        "Fa",
        "Giang",
        "Ít",
        "Jo",
        "Kon",
        "Vũ",
        "Wa",
        "Xa",
        "Yên",
        "Zeta",
    ]


def test_provinces_in_dictionary_order() -> None:
    provinces = [
        "Hưng Yên",
        "Hà Tĩnh",
        "Hải Phòng",
        "Hòa Bình",
        "Hà Nội",
        "Hậu Giang",
        "Huế",
        "Hà Giang",
    ]
    assert vi_sorted(provinces) == [
        "Hà Giang",
        "Hà Nội",
        "Hà Tĩnh",
        "Hải Phòng",
        "Hậu Giang",
        "Hòa Bình",
        "Huế",
        "Hưng Yên",
    ]


names = st.text(alphabet="aAăâbdđeêoôơuưy ạàảãáĐ1-", max_size=8)


@settings(max_examples=80, deadline=None)
@given(names, names)
def test_order_is_total_and_only_equal_for_equal_text(a: str, b: str) -> None:
    ka, kb = vi_sort_key(a), vi_sort_key(b)
    assert (ka == kb) == (unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b))

"""The fast name keys give the order of decomposing each name in full (SCORING.md §4).

``vi_sort_key`` builds a key from cached word keys encoded as strings; these
properties hold it to the plain definition: the units of the whole NFD name
(``_units``), compared as tuples of elements, then of the syllables' tones (each
tone mark in order, a word break between syllables), then of cases.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine.collation import _BREAK, _encode, _key, _units, vi_sort_key

# Vietnamese letters with tones, foreign letters, digits, whitespace of several kinds,
# punctuation, stray combining marks and characters that decompose oddly.
ALPHABET = (
    "aAăâbdđĐeêoôơuưyz ạàảãáẶỮ0179"
    " \t\n\u00a0\u2003-–,&_()"
    "\u0300\u0301\u0303\u0306\u0309\u031b\u0323"
    "ßİﬁΩ한٣²\u2126\U0010fffe"
)
names = st.text(alphabet=ALPHABET, max_size=12) | st.from_regex(
    r"[ A-Za-zĐđ]{0,4}[0-9]{1,25}[ -]?[0-9]{0,3}", fullmatch=True
)


def reference_key(name: str) -> tuple:
    """The key by definition: units of the whole decomposed name, then the NFC text."""
    nfc = unicodedata.normalize("NFC", name)
    units = _units(nfc)
    return (
        tuple(element for element, _, _ in units),
        tuple(tone for (kind, _), tone, _ in units if tone or kind == _BREAK),
        tuple(case for _, _, case in units),
        nfc,
    )


def sign(a: object, b: object) -> int:
    return (a > b) - (a < b)  # type: ignore[operator]


@settings(max_examples=400, deadline=None)
@given(names)
def test_word_by_word_gives_the_units_of_the_whole_name(name: str) -> None:
    nfc = unicodedata.normalize("NFC", name)
    assert _key(nfc)[:3] == _encode(_units(nfc))
    assert vi_sort_key(name) == _key(nfc)


@settings(max_examples=400, deadline=None)
@given(names, names)
def test_encoded_keys_compare_as_the_units_do(a: str, b: str) -> None:
    assert sign(vi_sort_key(a), vi_sort_key(b)) == sign(reference_key(a), reference_key(b))


@settings(max_examples=100, deadline=None)
@given(st.lists(names, max_size=15))
def test_sorting_by_key_is_sorting_by_definition(names_: list[str]) -> None:
    assert sorted(names_, key=vi_sort_key) == sorted(names_, key=reference_key)


def test_numbers_compare_by_value_whatever_their_length() -> None:
    numbers = ["Cụm 10", "Cụm 9", "Cụm 0010", "Cụm 123456789012345678901234567890", "Cụm 2a"]
    assert sorted(numbers, key=vi_sort_key) == sorted(numbers, key=reference_key)
    assert [n.split()[1] for n in sorted(numbers, key=vi_sort_key)] == [
        "2a",
        "9",
        "0010",  # 10 as well: the text decides, "0" before "1"
        "10",
        "123456789012345678901234567890",
    ]


def test_punctuation_between_words_is_one_break() -> None:
    assert vi_sort_key("Bà Rịa – Vũng Tàu")[:3] == vi_sort_key("Bà Rịa Vũng Tàu")[:3]
    assert vi_sort_key("  (Hà Nội)  ")[:3] == vi_sort_key("Hà Nội")[:3]

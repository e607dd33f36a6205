"""Vietnamese alphabetical order for names (SCORING.md §4).

Equal federations are listed by name "in Vietnamese alphabetical order": the
letters of the Vietnamese alphabet A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R
S T U Ư V X Y are compared first, case-insensitively; the tones are compared
only when all letters are equal, in the dictionary order ngang (none), huyền,
hỏi, ngã, sắc, nặng (a à ả ã á ạ).

Other characters get a sensible place: the foreign letters F J W Z at their
Latin position (F after Ê, J after I, W after V, Z after Y); a run of digits
sorts before any letter and runs compare by value ("Cụm 2" before "Cụm 10");
spaces and punctuation count as one word break, which sorts before everything
("An Giang" before "Anh"); anything else (another script) sorts last by code point.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TypeAlias

ALPHABET = (
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l",
    "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
)  # fmt: skip
_LETTER_WEIGHT = {letter: i for i, letter in enumerate(ALPHABET)}

# Marks that make a different letter (ă â ê ô ơ ư), as they appear after NFD.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
# Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (none is 0).
TONE_ORDER = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
_TONE_WEIGHT = {mark: i + 1 for i, mark in enumerate(TONE_ORDER)}

# Primary elements are (class, value) so that every element compares with every other.
_BREAK, _NUMBER, _LETTER, _OTHER = 0, 1, 2, 3

Element: TypeAlias = tuple[int, int]


def vi_sort_key(name: str) -> tuple[tuple[Element, ...], tuple[int, ...], tuple[int, ...], str]:
    """A sort key putting names in Vietnamese alphabetical order.

    The key is (letters, tones, case, name): letters decide first, then the
    tone of each letter in turn, then lower case before upper case, and at last
    the NFC text itself so that the order is total and never depends on input
    order. NFC and NFD spellings of a name give the same key.
    """
    return _cached_key(unicodedata.normalize("NFC", name))


@lru_cache(maxsize=65536)
def _cached_key(
    name: str,
) -> tuple[tuple[Element, ...], tuple[int, ...], tuple[int, ...], str]:
    units = _units(name)
    letters = tuple(element for element, _, _ in units)
    tones = tuple(tone for _, tone, _ in units)
    cases = tuple(case for _, _, case in units)
    return letters, tones, cases, name


def _units(name: str) -> list[tuple[Element, int, int]]:
    """The name as (primary element, tone, case) units, word breaks collapsed."""
    units: list[tuple[Element, int, int]] = []
    for cluster in _grapheme_clusters(unicodedata.normalize("NFD", name)):
        unit = _unit(cluster)
        if unit[0][0] == _BREAK and (not units or units[-1][0][0] == _BREAK):
            continue  # a leading break, or a second break in a row
        if unit[0][0] == _NUMBER and units and units[-1][0][0] == _NUMBER:
            previous = units.pop()
            unit = ((_NUMBER, previous[0][1] * 10 + unit[0][1]), 0, 0)
        units.append(unit)
    if units and units[-1][0][0] == _BREAK:
        units.pop()
    return units


def _grapheme_clusters(decomposed: str) -> list[str]:
    """A base character with the combining marks that follow it."""
    clusters: list[str] = []
    for char in decomposed:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _unit(cluster: str) -> tuple[Element, int, int]:
    """One character with its marks as (primary element, tone, case)."""
    base, marks = cluster[0], cluster[1:]
    lower = base.lower()
    case = 1 if lower != base else 0
    if base.isdigit() and base.isascii():
        return (_NUMBER, int(base)), 0, 0
    if not base.isalnum():
        return (_BREAK, 0), 0, 0
    letter = lower
    for mark in marks:
        letter = _MODIFIED.get((letter, mark), letter)
    tone = max((_TONE_WEIGHT.get(mark, 0) for mark in marks), default=0)
    weight = _LETTER_WEIGHT.get(letter)
    if weight is None:
        return (_OTHER, ord(letter)), tone, case
    return (_LETTER, weight), tone, case

"""Vietnamese alphabetical order for names (SCORING.md §4).

Equal federations are listed by name "in Vietnamese alphabetical order": the
letters of the Vietnamese alphabet A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R
S T U Ư V X Y are compared first, case-insensitively; the tones are compared
only when all letters are equal, syllable by syllable (a syllable's tone is the
same wherever its mark sits: Hoà = Hòa, and Hòa before Hoá), in the dictionary
order ngang (none), huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ).

Other characters get a sensible place: the foreign letters F J W Z at their
Latin position (F after Ê, J after I, W after V, Z after Y); a run of digits
sorts before any letter and runs compare by value ("Cụm 2" before "Cụm 10");
spaces and punctuation count as one word break, which sorts before everything
("An Giang" before "Anh"); anything else (another script) sorts last by code point.
"""

from __future__ import annotations

import unicodedata
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
Unit: TypeAlias = tuple[Element, int, int]  # (primary element, tone, case)
# A key: (letters, tones, cases, NFC name), each of the first three a string that
# compares as the sequence of units it encodes (see ``_encode``).
SortKey: TypeAlias = tuple[str, str, str, str]


def vi_sort_key(name: str) -> SortKey:
    """A sort key putting names in Vietnamese alphabetical order.

    The key is (letters, tones, case, name): letters decide first, then the
    tone of each syllable in turn, then lower case before upper case, and at last
    the NFC text itself so that the order is total and never depends on input
    order. NFC and NFD spellings of a name give the same key.
    """
    name = unicodedata.normalize("NFC", name)
    key = _KEYS.get(name)
    if key is None:
        if len(_KEYS) >= _MAX_KEYS:
            _KEYS.clear()
        key = _KEYS[name] = _key(name)
    return key


# How a key is built. A name's units are those of its words (split at whitespace)
# one after the other, one break unit between two words, a word giving no unit
# (punctuation only) left out. That is exactly what decomposing the whole name
# gives: whitespace is a word break, a run of breaks is one break unit (so breaks at
# the ends of a word merge with the whitespace beside them), and whitespace
# decomposes to one character that no combining mark after it can make a letter.
# Words recur from name to name, so each is worked out once, and a new name costs a
# split, a look-up per word and three joins.
_WordKey: TypeAlias = tuple[str, str, str]
_WORDS: dict[str, _WordKey] = {}  # every word met that gives units
_NO_UNITS: set[str] = set()  # the words met that give none: never in _WORDS
_MAX_WORDS = 100_000  # forget the words met when there are more (numbers are words too)
_KEYS: dict[str, SortKey] = {}  # by NFC name
_MAX_KEYS = 65_536
_NOTHING: _WordKey = ("", "", "")
_BREAK_CHAR = "\x00"  # the break unit: element, tone and case all encode as 0


def _key(name: str) -> SortKey:
    """The key of an NFC name, from its words' keys."""
    words = name.split()
    try:
        keys = list(map(_WORDS.__getitem__, words))
    except KeyError:  # a word not met yet, or one that gives no unit (left out)
        keys = [key for key in map(_word_key, words) if key is not _NOTHING]
    if not keys:
        return "", "", "", name
    letters, tones, cases = zip(*keys, strict=True)
    return _BREAK_CHAR.join(letters), _BREAK_CHAR.join(tones), _BREAK_CHAR.join(cases), name


def _word_key(word: str) -> _WordKey:
    """One word's letters, tones and cases, worked out once."""
    key = _WORDS.get(word)
    if key is not None:
        return key
    if word in _NO_UNITS:
        return _NOTHING
    if word.isdigit() and word.isascii():  # a plain number, as _units would give it
        key = (_number_code(word.lstrip("0") or "0"), "", "\x00")
    else:
        key = _encode(_units(word))
    if not key[0]:
        _NO_UNITS.add(word)
        return _NOTHING
    if len(_WORDS) >= _MAX_WORDS:
        _WORDS.clear()
        _NO_UNITS.clear()
    _WORDS[word] = key
    return key


# Units as strings that compare as the units do. A tone or a case is one character
# (its value). An element is a code that no other element's code begins with, so
# that strings compare element by element: a break is U+0000, below everything; a
# number is one character for how many digits it has (fewer digits, smaller number;
# room for 983,038 digits) then its digits; a letter is one character in a range of
# its own above every number's first character; any other character is U+10FFFF,
# above every letter, then the character itself.
_NUMBER_BASE = 0x1  # + the count of digits
_LETTER_BASE = 0xF0000  # + the letter's place in ALPHABET
_OTHER_MARK = "\U0010ffff"
_HUGE = 10**4000  # str() refuses an int of more than 4,300 digits


def _encode(units: list[Unit]) -> _WordKey:
    """The letters, tones and cases of ``units`` as strings."""
    letters = []
    for (kind, value), _, _ in units:
        if kind == _BREAK:
            letters.append(_BREAK_CHAR)
        elif kind == _NUMBER:
            letters.append(_number_code(str(value) if value < _HUGE else _digits(value)))
        elif kind == _LETTER:
            letters.append(chr(_LETTER_BASE + value))
        else:
            letters.append(_OTHER_MARK + chr(value))
    return (
        "".join(letters),
        # A syllable carries one tone, wherever the mark sits (hoà = hòa), so tones are
        # compared syllable by syllable: a toneless unit adds nothing, a break keeps
        # syllables apart (0, below every tone: ngang first).
        "".join(chr(tone) for (kind, _), tone, _ in units if tone or kind == _BREAK),
        "".join(chr(case) for _, _, case in units),
    )


def _number_code(digits: str) -> str:
    """A number's code from its digits (no leading zero but for 0 itself)."""
    return chr(_NUMBER_BASE + len(digits)) + digits


def _digits(value: int) -> str:
    """A huge number's digits, past ``str``'s limit on int conversion."""
    digits = []
    while value:
        value, chunk = divmod(value, 10**300)
        digits.append(f"{chunk:0300d}")
    return "".join(reversed(digits)).lstrip("0") or "0"


def _units(name: str) -> list[Unit]:
    """The name as (primary element, tone, case) units, word breaks collapsed."""
    units: list[Unit] = []
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


def _unit(cluster: str) -> Unit:
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

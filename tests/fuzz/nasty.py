"""Hostile cell values for the fuzz tests: what people, other programs and attackers
put into spreadsheets and CSV files.

Every strategy here is plain data (no files, no database), shared by the bundle
and upload fuzzers. Values are Python objects as a workbook can hold them
(``str``, ``int``, ``float``, ``bool``, ``datetime``, ``None``); the CSV writer
turns them into text.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Kept modest so that the whole fuzz suite runs in well under two minutes on SQLite;
# raise SCORING_FUZZ_EXAMPLES for a longer hunt (e.g. 500 before a release).
EXAMPLES = int(os.environ.get("SCORING_FUZZ_EXAMPLES", "40"))
# The same examples on every run (CI must not fail by chance); set SCORING_FUZZ_RANDOM=1
# to explore new ones locally.
DERANDOMIZE = not os.environ.get("SCORING_FUZZ_RANDOM")

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,  # never write a .hypothesis folder into the work tree
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    print_blob=True,
)

# What XML 1.0 cannot hold at all: a workbook holding it is simply damaged (openpyxl
# strips most of these itself but writes U+FFFE/U+FFFF, which its reader then refuses).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

LONG = "Liên hiệp các Hội " * 6_000  # ~100k characters: a very long name
FORMULAS = [
    "=1+1",
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.invalid","bấm")',
    "=1/0",
    "=A1",
    "#N/A",
    "#DIV/0!",
    "#REF!",
]
NUMBERS_AS_TEXT = [
    "9" * 400,
    "-" + "9" * 400,
    "1e300",
    "-1e300",
    "1e-300",
    "1e309",
    "1E+400",
    "-0",
    "-0.0",
    "0.000000001",
    "NaN",
    "nan",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "∞",
    "0x1A",
    "1_000",
    "١٢٣",  # Arabic-Indic digits
    "１２",  # full-width digits
    "12,5",
    "12.5.1",
    "1,234.5",
    "1.234,5",
    "½",
    "Ⅻ",
    "  7  ",
    "+5",
    "5-",
    "5%",
    "1/2",
    "1e",
    ".",
    ",",
    "-",
]
ODD_TEXT = [
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "e\u0301\u0301\u0301\u0301",  # combining marks
    "\u202eLHH\u202c",  # right-to-left override
    "שלום עולם",  # right-to-left script
    "مرحبا",
    "\u200b",  # zero-width space
    "HNI\u200d",
    "\ufeff",
    "\ufeffcode",
    "😀👩‍👩‍👧🇻🇳",
    "\x00",
    "A\x00B",
    "\x01\x02\x03",
    "\x1b[31mđỏ\x1b[0m",
    "\x7f",
    "\u2028\u2029",
    "\ufffe",
    "\uffff",
    "null",
    "None",
    "true",
    "FALSE",
    "có",
    "không",
    "x",
    "'",
    '"',
    '""',
    "a;b",
    "a/b",
    "a,b",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "%s%n%x",
    "{0}{year}",
    "Robert'); DROP TABLE scores;--",
    "Đ" * 40,
    "Đ" * 41,
    "Z" * 301,
    "\u0110\u1ed3ng Th\u00e1p",  # precomposed
    "Đo\u0302\u0300ng Tha\u0301p",  # the same, decomposed
]
NUMBERS = [
    1e300,
    -1e300,
    1e-300,
    -1e-300,
    5e-324,
    float("nan"),
    float("inf"),
    float("-inf"),
    -0.0,
    -1,
    -5.5,
    0.1 + 0.2,
    2**31,
    2**63,
    10**30,
    -(10**30),
]


def text_values() -> st.SearchStrategy[str]:
    """Text: the lists above, or anything Unicode except lone surrogates."""
    return st.one_of(
        st.sampled_from(FORMULAS + NUMBERS_AS_TEXT + ODD_TEXT),
        st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30),
        st.just(LONG),
    )


def number_values() -> st.SearchStrategy[object]:
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
    )


def any_values() -> st.SearchStrategy[object]:
    """What a cell may hold: text, numbers, booleans, dates, nothing."""
    return st.one_of(
        text_values(),
        number_values(),
        st.booleans(),
        st.sampled_from(
            [None, date(1900, 1, 1), datetime(2023, 12, 15, 13, 45), date(9999, 12, 31)]
        ),
    )

"""Writing cells so that text typed by people stays text.

openpyxl turns any ``str`` beginning with "=" into a live formula. A federation
named ``=HYPERLINK("http://x","y")`` or a note "=1+1" must reach Excel exactly
as typed, so every value goes through ``put``: strings get the cell type
``s`` (written as an inline string, never an ``<f>`` element) and the quote
prefix, so that Excel keeps them as text even when someone edits the cell.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

EXCEL_TEXT_MAX = 32767
# Control characters, and what no XML document may hold (lone surrogates, U+FFFE/U+FFFF)
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037\ud800-\udfff\ufffe\uffff]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
RISKY_START = ("=", "+", "-", "@", "\t", "\r")  # Excel reads these as a formula when edited


def clean_text(text: str) -> str:
    """Text Excel can store: control characters (and what XML cannot hold) dropped, cut at
    Excel's cell limit."""
    return _ILLEGAL.sub("", text)[:EXCEL_TEXT_MAX]


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` to a cell: numbers as numbers, every string as plain text."""
    return bind(ws.cell(row=row, column=column), value)


def bind(cell: Any, value: Any) -> Any:
    """Give ``cell`` (a worksheet's or a write-only cell) ``value`` as ``put`` does."""
    if value is None:
        cell.value = None
    elif isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"  # never "f", whatever the text starts with
        if text.startswith(RISKY_START):
            cell.quotePrefix = True
    elif isinstance(value, (bool, int | Decimal | float | date | datetime)):
        cell.value = value
    else:
        return bind(cell, str(value))
    return cell


def sheet_title(text: str, taken: set[str] | None = None) -> str:
    """A valid, unique sheet title (31 characters, none of []:*?/\\) from any text."""
    base = _SHEET_FORBIDDEN.sub("-", clean_text(text)).strip().strip("'") or "Sheet"
    base = base[:31]
    taken = taken if taken is not None else set()
    title, n = base, 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title)
    return title

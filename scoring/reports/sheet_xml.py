"""Worksheet rows as SpreadsheetML text, holding what openpyxl would write for the same cells.

At national size the council's workbook has about 1.6 million cells. openpyxl, even in
write-only mode, makes a Cell per cell and serialises it through lxml: 27 s of the
report's 40 s at 10,000 federations. Written here as text, the rows cost about 0.5 µs
a cell. A cell reads back the same in openpyxl, Excel and LibreOffice as openpyxl's
own would (tests/reports/test_sheet_xml.py compares them):

- numbers (int, float, Decimal) with 16 significant digits, openpyxl's
  ``safe_string`` (12.10 is written 12.1; NaN and infinities as nothing), without
  the ``t="n"`` that is the default anyway;
- text as ``safe.bind`` leaves it (control characters dropped), always an inline
  string (``t="inlineStr"``): there is no ``<f>`` element here at all, so nothing
  typed by people can become a formula, and text that Excel would read as one when
  edited takes its style's quote-prefixed twin. Escaped as lxml escapes text (``&``,
  ``<``, ``>``, and ``\\r`` as ``&#13;`` so that it survives parsing), with
  ``xml:space="preserve"`` when it starts or ends with white space;
- ``None`` as an empty cell with its style (borders, fill); ``True``/``False`` as
  ``t="b"``.

Each cell is ``(value, style)``, ``style`` being its index in the workbook's cell
style table (``style_index.Styles``).
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from openpyxl.utils import get_column_letter

from .safe import RISKY_START, clean_text

CellText = tuple[Any, int]  # (value, style index)

_NUMBERS = frozenset({int, float, Decimal})  # by exact type: bool is a number to isinstance
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def number_text(value: int | float | Decimal) -> str:
    """openpyxl's ``safe_string`` of a number: ``"%.16g"`` of its float, empty for NaN/∞."""
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        return ""
    return format(number, ".16g")


def text_xml(ref: str, text: str, style: int) -> str:
    """A text cell as an inline string (never a formula)."""
    if not text:
        return f'<c r="{ref}" s="{style}" t="inlineStr"/>'
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return (
        f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>'
        f"{text.translate(_ESCAPES)}</t></is></c>"
    )


class RowWriter:
    """Rows of one workbook as text; numbers are formatted once per distinct value."""

    def __init__(self, quoted: Callable[[int], int]) -> None:
        self._quoted = quoted
        self._numbers: dict[Any, str] = {}
        self._letters: list[str] = [""]

    def letters(self, last: int) -> list[str]:
        """Column letters by number (index 0 unused), at least up to ``last``."""
        letters = self._letters
        while len(letters) <= last:
            letters.append(get_column_letter(len(letters)))
        return letters

    def row(self, row: int, cells: Mapping[int, CellText] | None, height: float | None) -> str:
        """One ``<row>`` element with its cells in column order."""
        number = str(row)
        if height is None:
            start = f'<row r="{number}">'
        else:  # as openpyxl's RowDimension: a set height is a custom one
            start = f'<row r="{number}" ht="{format(float(height), ".16g")}" customHeight="1">'
        if not cells:
            return start + "</row>"
        numbers, letters, quoted = self._numbers, self.letters(max(cells)), self._quoted
        parts = [start]
        for column, (value, style) in sorted(cells.items()):
            kind = type(value)
            if kind in _NUMBERS:
                text = numbers.get(value)
                if text is None:  # equal numbers have equal text: 1, 1.0 and 1.00 alike
                    text = numbers[value] = number_text(value)
                parts.append(f'<c r="{letters[column]}{number}" s="{style}"><v>{text}</v></c>')
            elif value is None:
                parts.append(f'<c r="{letters[column]}{number}" s="{style}"/>')
            elif kind is str:
                text = clean_text(value)
                if text.startswith(RISKY_START):
                    style = quoted(style)
                parts.append(text_xml(letters[column] + number, text, style))
            else:
                parts.append(self._other(letters[column] + number, value, style))
        parts.append("</row>")
        return "".join(parts)

    def _other(self, ref: str, value: Any, style: int) -> str:
        """What ``safe.bind`` makes of a value neither a plain number, None nor text."""
        if type(value) is bool:
            return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, date | datetime):
            raise TypeError(f"dates are not written in the council's workbook ({ref})")
        if isinstance(value, int | float | Decimal):  # a subclass: as the number it is
            return f'<c r="{ref}" s="{style}"><v>{number_text(value)}</v></c>'
        text = clean_text(value if isinstance(value, str) else str(value))
        if text.startswith(RISKY_START):
            style = self._quoted(style)
        return text_xml(ref, text, style)


_EMPTY = (b"<sheetData/>", b"<sheetData></sheetData>")


def splice_rows(path: str, rows: IO[bytes]) -> None:
    """Put ``rows`` (``<row>`` elements) inside the empty ``<sheetData>`` of the sheet
    openpyxl wrote at ``path`` with its view, columns, merged cells and page setup."""
    with open(path, "rb") as sheet:
        xml = sheet.read()
    for empty in _EMPTY:
        at = xml.find(empty)
        if at >= 0:
            break
    else:
        raise ValueError(f"no empty <sheetData> in {path}")
    rows.seek(0)
    with open(path, "wb") as sheet:
        sheet.write(xml[:at])
        sheet.write(b"<sheetData>")
        shutil.copyfileobj(rows, sheet, 1 << 20)
        sheet.write(b"</sheetData>")
        sheet.write(xml[at + len(empty) :])

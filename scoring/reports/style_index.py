"""Cell styles of a streamed workbook, each resolved once to its index in the style table.

Every combination of font, border, fill, alignment and number format is resolved once
per workbook to its index in the workbook's cell style table (``Styles``); a cell of a
streamed sheet (``stream.Sheet``) is a ``(value, style index)`` pair until its row is
written. Styles are found by the identity of their objects, which is why fonts come
from ``font``: one object per size and weight.
"""

from __future__ import annotations

from functools import cache

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.workbook import Workbook

from .sheet_xml import RowWriter
from .styles import font as new_font


@cache
def font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    """Times New Roman, one shared object per size and weight."""
    return new_font(size, bold, italic)


StyleKey = tuple[Font, Alignment | None, Border | None, PatternFill | None, str | None]


class Styles:
    """Each style combination resolved once per workbook to its index in the workbook's
    cell style table (the ``s`` of a cell), shared by every cell using it."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self._ids: dict[tuple[int, int, int, int, str | None, bool], int] = {}
        self._keys: dict[int, StyleKey] = {}
        self._quoted: dict[int, int] = {}
        self._kept: list[StyleKey] = []
        self._sheet = _Probe(wb)
        self.rows = RowWriter(self.quoted)

    def index(self, key: StyleKey, quoted: bool = False) -> int:
        """The style's index in the cell style table (``quoted``: its quote-prefixed twin)."""
        # By identity: a style's objects are module constants or ``font``'s cached ones,
        # and ``_kept`` keeps them alive, so an id is never reused for another object.
        ids = (id(key[0]), id(key[1]), id(key[2]), id(key[3]), key[4], quoted)
        found = self._ids.get(ids)
        if found is None:
            probe = WriteOnlyCell(self._sheet)  # styled once through the public setters
            style_font, align, border, fill, number = key
            probe.font = style_font
            if align is not None:
                probe.alignment = align
            if border is not None:
                probe.border = border
            if fill is not None:
                probe.fill = fill
            if number is not None:
                probe.number_format = number
            if quoted:
                probe.quotePrefix = True
            found = self._ids[ids] = probe.style_id
            self._keys.setdefault(found, key)
            self._kept.append(key)
        return found

    def quoted(self, index: int) -> int:
        """Style ``index`` with the quote prefix: Excel keeps text starting with "=", "+",
        "-", "@" as text even when someone edits the cell (``safe.bind`` does the same)."""
        found = self._quoted.get(index)
        if found is None:
            found = self._quoted[index] = self.index(self._keys[index], quoted=True)
        return found


class _Probe:
    """Stands in for a worksheet when a style is first resolved (cells reach the
    workbook's style tables through ``cell.parent.parent``)."""

    def __init__(self, wb: Workbook) -> None:
        self.parent = wb

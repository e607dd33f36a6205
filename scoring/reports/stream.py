"""A Decree 30 sheet written in openpyxl's write-only (streaming) mode.

The council's workbook reaches a million cells at national size. openpyxl's
normal mode keeps a Cell object per cell and resolves Font/Border/Alignment
objects per cell; here rows are streamed to the file as soon as they are
complete, and every combination of font, border, fill, alignment and number
format is resolved once per workbook (``Styles``) then shared by its cells.

Rows may be filled in any order until they are flushed (the letterhead and the
signature block fill their left and right halves separately); ``flush`` sends
every row up to a given one to the file. The sheet's view (frozen panes),
column widths and page properties go at the top of the file, so they are set
before the first row is flushed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange

from .safe import bind, sheet_title
from .styles import (
    BODY,
    BOX,
    CENTER,
    HEADER_FILL,
    LEFT,
    MOTTO,
    NATIONAL_TITLE,
    PARENT_BODY,
    RIGHT,
    RULE,
    Letterhead,
    date_line,
    page_layout,
    split,
)
from .styles import font as new_font
from .table import Column

T = TypeVar("T")

_PLAIN = (int, float, Decimal)


@cache
def font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    """Times New Roman, one shared object per size and weight."""
    return new_font(size, bold, italic)


StyleKey = tuple[Font, Alignment | None, Border | None, PatternFill | None, str | None]


class Styles:
    """Each style combination resolved once per workbook and shared by every cell using it."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self._arrays: dict[tuple[int, int, int, int, str | None], Any] = {}
        self._kept: list[StyleKey] = []
        self._sheet: Any = None

    def array(self, key: StyleKey) -> Any:
        # By identity: a style's objects are module constants or ``font``'s cached ones,
        # and the cache keeps them alive, so an id is never reused for another object.
        ids = (id(key[0]), id(key[1]), id(key[2]), id(key[3]), key[4])
        found = self._arrays.get(ids)
        if found is None:
            if self._sheet is None:
                self._sheet = _Probe(self.wb)
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
            found = probe._style
            self._arrays[ids] = found
            self._kept.append(key)
        return found


class _Probe:
    """Stands in for a worksheet when a style is first resolved (cells reach the
    workbook's style tables through ``cell.parent.parent``)."""

    def __init__(self, wb: Workbook) -> None:
        self.parent = wb


def _placed(cells: list[Cell], row: int) -> Iterator[Cell]:
    """Cells of one row, already bound and styled, in column order."""
    for cell in cells:
        cell.row = row
        yield cell


class Sheet:
    """One streamed worksheet with its column widths and page setup."""

    def __init__(
        self,
        wb: Workbook,
        styles: Styles,
        name: str,
        taken: set[str],
        widths: Sequence[float],
        *,
        landscape: bool = True,
        one_page: bool = False,
    ) -> None:
        self.ws: Any = wb.create_sheet(sheet_title(name, taken))
        self.styles = styles
        self.widths = list(widths)
        self.width = len(self.widths)
        self._rows: dict[int, dict[int, Cell]] = {}
        self._heights: dict[int, float] = {}
        self._written = 0  # rows already sent to the file
        self._started = False
        self._body_styles: dict[tuple[bool, str | None, int, int], Any] = {}
        ws = self.ws
        for index, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        page_layout(ws, landscape=landscape, one_page=one_page)
        if callable(getattr(ws, "_values_to_row", None)):
            # openpyxl re-binds each appended value to try it as a plain value first
            # (an exception per Cell); every value here is already a placed Cell.
            ws._values_to_row = _placed

    # --- cells -----------------------------------------------------------------------

    def put(
        self,
        row: int,
        column: int,
        value: Any,
        style: Font,
        align: Alignment | None = None,
        border: Border | None = None,
        fill: PatternFill | None = None,
        number: str | None = None,
    ) -> Cell:
        """A cell: numbers as numbers, every string as plain text (never a formula)."""
        return self._place(
            row, column, value, self.styles.array((style, align, border, fill, number))
        )

    def _place(self, row: int, column: int, value: Any, array: Any) -> Cell:
        if row <= self._written:
            raise ValueError(f"row {row} of {self.ws.title} is already written")
        if value is None or type(value) in _PLAIN:
            # numbers share their style's array: nothing changes a number's style later
            cell = Cell(self.ws, column=column, value=value, style_array=array)
        else:  # text may get the quote prefix: its own copy of the style
            cell = Cell(self.ws, column=column, style_array=copy(array))
            bind(cell, value)
        self._rows.setdefault(row, {})[column] = cell
        return cell

    def height(self, row: int, height: float) -> None:
        self._heights[row] = max(self._heights.get(row, 0), height)

    def column_width(self, column: int) -> float:
        return self.widths[column - 1] if column <= self.width else 9.0

    def merge(self, row: int, first: int, last: int) -> None:
        self.ws.merged_cells.add(CellRange(min_col=first, min_row=row, max_col=last, max_row=row))

    # --- streaming -------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._started

    def freeze(self, ref: str | None) -> None:
        """Frozen panes (part of the sheet's top: set before the first row is sent)."""
        if self._started:
            raise ValueError("frozen panes are set before any row is written")
        self.ws.freeze_panes = ref
        self._started = True

    def flush(self, last: int) -> None:
        """Send every row up to ``last`` to the file (once the sheet's top is settled)."""
        if not self._started:
            return
        ws, rows, heights = self.ws, self._rows, self._heights
        for row in range(self._written + 1, last + 1):
            height = heights.pop(row, None)
            if height is not None:
                ws.row_dimensions[row].height = height
            cells = rows.pop(row, None)
            ws.append([cells[c] for c in sorted(cells)] if cells else [])
        self._written = max(self._written, last)

    def close(
        self, *, header_rows: tuple[int, int] | None, last_row: int, last_column: int
    ) -> None:
        """Print titles and print area; every remaining row sent."""
        self._started = True
        if header_rows is not None:
            self.ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
        self.ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
        end = max([last_row, self._written, *self._rows, *self._heights])
        self.flush(end)

    # --- the Decree 30 frame -----------------------------------------------------------

    def line(
        self,
        row: int,
        first: int,
        last: int,
        text: str,
        style: Font,
        align: Alignment = CENTER,
        fill: PatternFill | None = None,
    ) -> None:
        """One line of text across columns ``first``..``last`` (merged), tall enough to wrap."""
        self.put(row, first, text, style, align, fill=fill)
        if last > first:
            self.merge(row, first, last)
            if fill is not None:
                for column in range(first + 1, last + 1):
                    self.put(row, column, None, style, align, fill=fill)
        span = sum(self.column_width(c) for c in range(first, last + 1))
        chars_per_line = max(span / (style.sz / 11) * 0.95, 1)
        lines = -(-len(text) // int(chars_per_line)) if text else 1
        self.height(row, max(lines, 1) * (style.sz * 1.45))

    def letterhead(self, head: Letterhead, title: str, subtitle: str | None = None) -> int:
        """The Decree 30 header and the title; returns the first free row below them."""
        width = self.width
        left_end, right_start = split(width)
        self.line(1, 1, left_end, PARENT_BODY, font(12))
        self.line(1, right_start, width, NATIONAL_TITLE, font(12, bold=True))
        self.line(2, 1, left_end, head.issuer.upper(), font(12, bold=True))
        self.line(2, right_start, width, MOTTO, font(13, bold=True))
        self.line(3, 1, left_end, RULE, font(10))
        self.line(3, right_start, width, RULE, font(10))
        self.line(4, right_start, width, date_line(head.place, head.on), font(12, italic=True))
        row = 6
        self.line(row, 1, width, title.upper(), font(14, bold=True))
        row += 1
        if subtitle:
            self.line(row, 1, width, subtitle, font(12, italic=True))
            row += 1
        if head.stamp:
            self.line(row, 1, width, head.stamp, font(11, bold=True))
            row += 1
        return row + 1

    def signature(self, head: Letterhead, row: int, width: int) -> int:
        """Recipients on the left, the signature block on the right; returns the last row used."""
        left_end, right_start = split(width)
        row += 1
        self.line(row, 1, left_end, "Nơi nhận:", font(12, bold=True, italic=True), LEFT)
        for n, signer in enumerate(head.signer):
            self.line(row + n, right_start, width, signer, font(13, bold=True))
        for n, recipient in enumerate(head.recipients, start=1):
            self.line(row + n, 1, left_end, recipient, font(11), LEFT)
        sign_row = row + len(head.signer)
        self.line(
            sign_row, right_start, width, "(Ký, ghi rõ họ tên và đóng dấu)", font(11, italic=True)
        )
        for blank in range(sign_row + 1, sign_row + 5):
            self._heights[blank] = 18  # room to sign
        return max(row + len(head.recipients), sign_row + 4)

    # --- tables --------------------------------------------------------------------------

    def header(self, row: int, labels: Sequence[str], first: int = 1) -> None:
        """A table's header row: bold, centred, boxed, wrapped."""
        style = font(11, bold=True)
        for offset, label in enumerate(labels):
            self.put(row, first + offset, label, style, CENTER, BOX, HEADER_FILL)
        self.autofit(row, first, first + len(labels) - 1)
        self.height(row, 30)

    def body(
        self,
        row: int,
        column: int,
        value: Any,
        *,
        number: str | None = None,
        bold: bool = False,
        align: Alignment | None = None,
        fill: PatternFill | None = None,
    ) -> None:
        """A boxed table cell; ``number`` is its number format (points: ``0.00``)."""
        key = (bold, number, id(align), id(fill))  # align and fill are kept alive by ``styles``
        array = self._body_styles.get(key)
        if array is None:
            default = RIGHT if number is not None else BODY
            style = (_BODY_FONTS[bold], align or default, BOX, fill, number)
            array = self._body_styles[key] = self.styles.array(style)
        self._place(row, column, value, array)

    def autofit(self, row: int, first: int, last: int, size: float = 11) -> None:
        """Make a row tall enough for its wrapped text (office suites do not always do it)."""
        lines = 1
        cells = self._rows.get(row, {})
        for column in range(first, last + 1):
            cell = cells.get(column)
            value = None if cell is None else cell.value
            if isinstance(value, str) and value:
                per_line = max(int(self.column_width(column) * 1.3 / (size / 11)), 1)
                lines = max(
                    lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n"))
                )
        if lines > 1:
            self._heights[row] = lines * size * 1.35


_BODY_FONTS = {False: font(11), True: font(11, bold=True)}


# --- a titled, signed table sheet (as ``table`` does in normal mode) ---------------------


def new_sheet(
    wb: Workbook,
    styles: Styles,
    name: str,
    taken: set[str],
    head: Letterhead,
    widths: Sequence[float],
    title: str,
    subtitle: str | None = None,
    *,
    one_page: bool = False,
) -> tuple[Sheet, int]:
    """A sheet with its column widths and the Decree 30 header; returns it and the next row."""
    sheet = Sheet(wb, styles, name, taken, widths, one_page=one_page)
    return sheet, sheet.letterhead(head, title, subtitle)


def write_rows(
    sheet: Sheet,
    row: int,
    columns: Sequence[Column[T]],
    items: Iterable[T],
    fill: Callable[[T], PatternFill | None] = lambda _: None,
    freeze_column: int = 3,
) -> int:
    """The header row at ``row`` (panes frozen below it) and one row per item, streamed;
    returns the last row written."""
    sheet.header(row, [c.label for c in columns])
    sheet.freeze(f"{get_column_letter(freeze_column)}{row + 1}")
    aligns = [c.align or (CENTER if c.number == "0" else None) for c in columns]
    last = len(columns)
    for item in items:
        row += 1
        chosen = fill(item)
        for index, column in enumerate(columns, start=1):
            sheet.body(
                row,
                index,
                column.value(item),
                number=column.number,
                align=aligns[index - 1],
                fill=chosen,
            )
        sheet.autofit(row, 1, last)
        sheet.flush(row)
    return row


def finish(sheet: Sheet, head: Letterhead, header_row: int, last_row: int, width: int) -> None:
    """Signature block, then print titles (the table's header on every page) and print area."""
    if not sheet.started:  # no table row was written: still freeze below the header
        sheet.freeze(f"C{header_row + 1}")
    end = sheet.signature(head, last_row + 1, width)
    sheet.close(header_rows=(header_row, header_row), last_row=end, last_column=width)

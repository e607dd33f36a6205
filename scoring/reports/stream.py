"""A Decree 30 sheet streamed into openpyxl's write-only workbook, its rows written as text.

The council's workbook reaches a million and a half cells at national size. openpyxl
keeps the workbook, the style table and each sheet's top and tail (view and frozen
panes, column widths, merged cells, page setup, print titles and area, charts); the
rows, almost all of the file, are written as XML text by ``sheet_xml``. A cell is a
``(value, style index)`` pair until its row is written, its style resolved once per
workbook by ``style_index.Styles``.

Rows may be filled in any order until they are flushed (the letterhead and the
signature block fill their left and right halves separately); ``flush`` sends every
row up to a given one to the sheet's row buffer. ``close`` lets openpyxl write the
sheet with no rows, then puts the rows inside it, so the sheet's view, widths and
page properties may be set until then.

openpyxl internals used (openpyxl is pinned below 3.2): ``_writer.out`` of a closed
write-only sheet, the file openpyxl wrote the sheet to and saves into the workbook.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import count
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.pagebreak import Break

from .safe import clean_text, sheet_title
from .sheet_xml import CellText, splice_rows
from .style_index import Styles, font
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
    first_page_columns,
    mark_every_page,
    page_layout,
    pages_across,
    split,
)

_NOT_TEXT = frozenset({int, float, Decimal, bool, type(None)})  # by exact type
_DATES = frozenset({date, datetime})
_SPOOL = 8 << 20
DEFAULT_ROW_POINTS = 15.0  # a row without a height of its own, as office suites draw it


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
        # The columns the letterhead, title and signature span: all of them, or those of
        # the first page after the columns repeated on every page (``spread_across``).
        self.first, self.frame = 1, self.width
        self._rows: dict[int, dict[int, CellText]] = {}
        self._texts: dict[int, list[int]] = {}  # columns that may hold text, by row
        self._heights: dict[int, float] = {}
        self._written = 0  # rows already sent to the row file
        self._frozen = False
        self._body_styles: dict[tuple[bool, str | None, int, int], int] = {}
        # in memory up to a few megabytes (most sheets), in a file beyond (the detail matrix)
        self._file = tempfile.SpooledTemporaryFile(_SPOOL)  # noqa: SIM115  closed by ``close``
        ws = self.ws
        for index, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        page_layout(ws, landscape=landscape, one_page=one_page)

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
    ) -> None:
        """A cell: numbers as numbers, every string as plain text (never a formula)."""
        self._place(row, column, value, self.styles.index((style, align, border, fill, number)))

    def _place(self, row: int, column: int, value: Any, style: int) -> None:
        if row <= self._written:
            raise ValueError(f"row {row} of {self.ws.title} is already written")
        self._rows.setdefault(row, {})[column] = (value, style)
        if type(value) not in _NOT_TEXT:
            self._texts.setdefault(row, []).append(column)

    def cells(self, row: int, first: int, values: Sequence[Any], styles: Sequence[int]) -> None:
        """Cells ``first``, ``first + 1``, ... of ``row``, each with its style index
        (``body_style``): a table row in one call."""
        if row <= self._written:
            raise ValueError(f"row {row} of {self.ws.title} is already written")
        self._rows.setdefault(row, {}).update(zip(count(first), zip(values, styles, strict=True)))
        texts = [c for c, v in zip(count(first), values) if type(v) not in _NOT_TEXT]
        if texts:
            self._texts.setdefault(row, []).extend(texts)

    def height(self, row: int, height: float) -> None:
        self._heights[row] = max(self._heights.get(row, 0), height)

    def rows_height(self, first: int, last: int) -> float:
        """Points rows ``first``..``last`` take printed (not yet flushed: the heights set)."""
        return sum(self._heights.get(row, DEFAULT_ROW_POINTS) for row in range(first, last + 1))

    def break_before(self, row: int) -> None:
        """Start a new printed page at ``row``."""
        self.ws.row_breaks.append(Break(id=row - 1))

    def column_width(self, column: int) -> float:
        return self.widths[column - 1] if column <= self.width else 9.0

    def merge(self, row: int, first: int, last: int) -> None:
        self.ws.merged_cells.add(CellRange(min_col=first, min_row=row, max_col=last, max_row=row))

    # --- streaming -------------------------------------------------------------------

    @property
    def frozen(self) -> bool:
        return self._frozen

    def freeze(self, ref: str | None) -> None:
        """Frozen panes (``None``: none), written with the sheet's top at ``close``."""
        self.ws.freeze_panes = ref
        self._frozen = True

    def spread_across(self, repeated: int) -> None:
        """Print a table too wide for one page across several, its first ``repeated``
        columns on each (``styles.pages_across``), rather than shrunk to one unreadable
        page; the letterhead then spans the first page's columns (``frame``)."""
        pages = pages_across(self.widths, repeated)
        self.ws.page_setup.fitToWidth = pages
        self.ws.page_setup.pageOrder = "overThenDown"  # a row's pages follow one another
        self.ws.print_title_cols = f"A:{get_column_letter(repeated)}"
        self.first = repeated + 1  # the repeated columns stay blank beside the letterhead
        self.frame = first_page_columns(self.widths, repeated, pages)

    def flush(self, last: int) -> None:
        """Send every row up to ``last`` to the sheet's row file."""
        rows, heights, write = self._rows, self._heights, self.styles.rows.row
        text = [
            write(row, rows.pop(row, None), heights.pop(row, None))
            for row in range(self._written + 1, last + 1)
        ]
        for row in range(self._written + 1, last + 1):
            self._texts.pop(row, None)
        if text:
            self._file.write("".join(text).encode("utf-8"))
        self._written = max(self._written, last)

    def close(
        self, *, header_rows: tuple[int, int] | None, last_row: int, last_column: int
    ) -> None:
        """Print titles and print area; every remaining row sent; the sheet written."""
        if header_rows is not None:
            self.ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
        self.ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
        end = max([last_row, self._written, *self._rows, *self._heights])
        self.flush(end)
        self.ws.close()  # openpyxl writes the sheet around an empty <sheetData>
        splice_rows(self.ws._writer.out, self._file)
        self._file.close()

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
        width, first = self.frame, self.first
        mark_every_page(self.ws, head)
        left_end, right_start = self._halves(width)
        self.line(1, first, left_end, PARENT_BODY, font(12))
        self.line(1, right_start, width, NATIONAL_TITLE, font(12, bold=True))
        self.line(2, first, left_end, head.issuer.upper(), font(12, bold=True))
        self.line(2, right_start, width, MOTTO, font(13, bold=True))
        self.line(3, first, left_end, RULE, font(10))
        self.line(3, right_start, width, RULE, font(10))
        self.line(4, right_start, width, date_line(head.place, head.on), font(12, italic=True))
        row = 6
        self.line(row, first, width, title.upper(), font(14, bold=True))
        row += 1
        if subtitle:
            self.line(row, first, width, subtitle, font(12, italic=True))
            row += 1
        if head.stamp:
            self.line(row, first, width, head.stamp, font(11, bold=True))
            row += 1
        return row + 1

    def _halves(self, width: int) -> tuple[int, int]:
        """The last column of the left block and the first of the right one, from ``first``;
        beside repeated columns the frame is narrow, so the blocks share it equally."""
        if self.first == 1:
            return split(width)
        left_end = self.first - 1 + max(1, (width - self.first + 1) // 2)
        return left_end, left_end + 1

    def signature(self, head: Letterhead, row: int, width: int) -> int:
        """Recipients on the left, the signature block on the right; returns the last row used."""
        left_end, right_start = self._halves(width)
        first = self.first
        row += 1
        self.line(row, first, left_end, "Nơi nhận:", font(12, bold=True, italic=True), LEFT)
        for n, signer in enumerate(head.signer):
            self.line(row + n, right_start, width, signer, font(13, bold=True))
        for n, recipient in enumerate(head.recipients, start=1):
            self.line(row + n, first, left_end, recipient, font(11), LEFT)
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

    def body_style(
        self,
        *,
        number: str | None = None,
        bold: bool = False,
        align: Alignment | None = None,
        fill: PatternFill | None = None,
    ) -> int:
        """The style index of a boxed table cell; ``number`` is its number format
        (points: ``0.00``), which also right-aligns it unless ``align`` says otherwise."""
        key = (bold, number, id(align), id(fill))  # align and fill are kept alive by ``styles``
        found = self._body_styles.get(key)
        if found is None:
            default = RIGHT if number is not None else BODY
            style = (_BODY_FONTS[bold], align or default, BOX, fill, number)
            found = self._body_styles[key] = self.styles.index(style)
        return found

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
        """A boxed table cell (see ``body_style``)."""
        style = self.body_style(number=number, bold=bold, align=align, fill=fill)
        self._place(row, column, value, style)

    def autofit(self, row: int, first: int, last: int, size: float = 11) -> None:
        """Make a row tall enough for its wrapped text (office suites do not always do it)."""
        lines = 1
        cells = self._rows.get(row, {})
        for column in self._texts.get(row, ()):
            value = cells[column][0]
            text = value if type(value) is str else str(value)
            if first <= column <= last and type(value) not in _DATES and text:
                text = clean_text(text)  # as the cell holds it
                per_line = max(int(self.column_width(column) * 1.3 / (size / 11)), 1)
                lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
        if lines > 1:
            self._heights[row] = lines * size * 1.35


_BODY_FONTS = {False: font(11), True: font(11, bold=True)}

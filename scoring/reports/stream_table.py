"""A titled, signed table sheet, streamed (as ``table`` does in normal mode).

The shape every sheet of the council's workbook has: the Decree 30 header and title, a
table whose header row is frozen and printed on every page, then the signature block.
Rows go to the sheet's row file as they are made (``stream.Sheet.flush``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from .stream import Sheet
from .style_index import Styles
from .styles import CENTER, Letterhead
from .table import Column

T = TypeVar("T")


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
    spread: int = 0,
) -> tuple[Sheet, int]:
    """A sheet with its column widths and the Decree 30 header; returns it and the next row.
    ``spread``: print across as many pages as it takes, these first columns on each."""
    sheet = Sheet(wb, styles, name, taken, widths, one_page=one_page)
    if spread:
        sheet.spread_across(spread)
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
    by_fill: dict[int, list[int]] = {}  # the row's style indexes, per fill colour
    last = len(columns)
    for item in items:
        row += 1
        chosen = fill(item)
        styles = by_fill.get(id(chosen))
        if styles is None:
            styles = by_fill[id(chosen)] = [
                sheet.body_style(number=c.number, align=align, fill=chosen)
                for c, align in zip(columns, aligns, strict=True)
            ]
        sheet.cells(row, 1, [c.value(item) for c in columns], styles)
        sheet.autofit(row, 1, last)
        sheet.flush(row)
    return row


def finish(
    sheet: Sheet,
    head: Letterhead,
    header_row: int,
    last_row: int,
    width: int,
    *,
    repeat_header: bool = True,
) -> None:
    """Signature block, then print titles (the table's header on every page, unless the
    sheet's blocks carry their own) and print area."""
    if not sheet.frozen:  # no table row was written: still freeze below the header
        sheet.freeze(f"C{header_row + 1}")
    end = sheet.signature(head, last_row + 1, width)
    titles = (header_row, header_row) if repeat_header else None
    sheet.close(header_rows=titles, last_row=end, last_column=width)

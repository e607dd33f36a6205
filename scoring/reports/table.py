"""A titled, signed table sheet: the shape every sheet of the council's workbook has."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .safe import sheet_title
from .styles import (
    CENTER,
    Letterhead,
    autofit_row,
    body_cell,
    fill_row,
    header_cells,
    print_setup,
    set_widths,
    write_letterhead,
    write_signature,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, width, how to get its value from a row, its format."""

    label: str
    width: float
    value: Callable[[T], Any]
    number: str | None = None
    align: Alignment | None = None


def new_sheet(
    wb: Workbook,
    name: str,
    taken: set[str],
    head: Letterhead,
    widths: Sequence[float],
    title: str,
    subtitle: str | None = None,
) -> tuple[Worksheet, int]:
    """A sheet with its column widths and the Decree 30 header; returns it and the next row."""
    ws = wb.create_sheet(sheet_title(name, taken))
    set_widths(ws, widths)
    return ws, write_letterhead(ws, head, len(widths), title, subtitle)


def write_rows(
    ws: Worksheet,
    row: int,
    columns: Sequence[Column[T]],
    items: Sequence[T],
    fill: Callable[[T], PatternFill | None] = lambda _: None,
) -> int:
    """The header row at ``row`` and one row per item; returns the last row written."""
    header_cells(ws, row, [c.label for c in columns])
    for item in items:
        row += 1
        for index, column in enumerate(columns, start=1):
            align = column.align or (CENTER if column.number == "0" else None)
            body_cell(ws, row, index, column.value(item), number=column.number, align=align)
        autofit_row(ws, row, 1, len(columns))
        chosen = fill(item)
        if chosen is not None:
            fill_row(ws, row, 1, len(columns), chosen)
    return row


def finish(
    ws: Worksheet,
    head: Letterhead,
    header_row: int,
    last_row: int,
    width: int,
    freeze_column: int = 3,
    landscape: bool = True,
) -> None:
    """Signature block, then page setup with the table's header repeated on every page."""
    end = write_signature(ws, head, last_row + 1, width)
    print_setup(
        ws,
        header_rows=(header_row, header_row),
        last_row=end,
        last_column=width,
        freeze=f"{get_column_letter(freeze_column)}{header_row + 1}",
        landscape=landscape,
    )

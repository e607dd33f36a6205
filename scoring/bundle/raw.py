"""Tables as read from a file, before any checking: where each row came from, and its cells.

Both readers (CSV folder, workbook) turn what they read into ``RawTable``s and
hand them to ``tables.validate_tables``, so every rule is checked once, the same
way for both formats. Only the *location* differs: ``scores.csv:12 [value]`` for
a CSV file (line in the file, header = line 1) and ``scores!C12`` for a sheet.

Rows are kept as sequences of cells with one header map per table, not as one
dict per row: a million score rows then cost a list each instead of a dict, and
the rows may arrive lazily so that a big file is never held twice in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from scoring.engine.problems import InvalidValue, Problem
from scoring.engine.values import is_blank

Cells = Sequence[object]
T = TypeVar("T")
CSV = "csv"
XLSX = "xlsx"


def column_key(raw: object) -> str:
    """A header cell as the column's name: case-insensitive, without BOM or padding."""
    return str(raw).replace("\ufeff", "").strip().lower() if raw is not None else ""


def is_blank_row(cells: Cells) -> bool:
    """Blank rows are skipped wherever they are (INTERFACES.md §1)."""
    return all(is_blank(cell) for cell in cells)


@dataclass
class RawTable:
    """One table of a bundle as read: its header map and its (numbered) rows."""

    name: str
    source: str
    fmt: str
    columns: dict[str, int]
    rows: Iterable[tuple[int, Cells]]
    header_row: int = 1
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def from_header(
        cls,
        name: str,
        source: str,
        fmt: str,
        header_row: int,
        header: Cells,
        rows: Iterable[tuple[int, Cells]],
    ) -> RawTable:
        """Build the header map; a column given twice is a problem (the first one counts)."""
        table = cls(name, source, fmt, {}, rows, header_row)
        for index, raw in enumerate(header):
            key = column_key(raw)
            if not key:
                continue
            if key in table.columns:
                table.problems.append(
                    Problem(
                        table.where(header_row, key),
                        f"cột «{key}» xuất hiện hai lần",
                        f"column «{key}» appears twice",
                    )
                )
                continue
            table.columns[key] = index
        return table

    def where(self, row: int | None = None, column: str | None = None) -> str:
        """A language-neutral location: the table, a row, or one cell."""
        if row is None:
            return self.source
        index = self.columns.get(column) if column else None
        if self.fmt == XLSX:
            if index is None:
                return f"{self.source}!{row}:{row}"
            return f"{self.source}!{column_letter(index + 1)}{row}"
        return f"{self.source}:{row}" if column is None else f"{self.source}:{row} [{column}]"

    def data_rows(self) -> Iterator[Row]:
        """The rows that hold anything, as ``Row``s (for the small tables)."""
        for line, cells in self.rows:
            if not is_blank_row(cells):
                yield Row(self, line, cells)


@dataclass(slots=True)
class Row:
    """One non-blank row of a small table, read by column name."""

    table: RawTable
    line: int
    cells: Cells

    def get(self, column: str) -> object:
        index = self.table.columns.get(column)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def where(self, column: str | None = None) -> str:
        return self.table.where(self.line, column)

    def problem(self, column: str | None, vi: str, en: str) -> Problem:
        return Problem(self.where(column), vi, en)

    def take(
        self,
        column: str,
        parse: Callable[[object], T | None],
        problems: list[Problem],
        *,
        required: bool = False,
    ) -> T | None:
        """One cell through ``parse``; a blank required cell or a refused value is a problem."""
        raw = self.get(column)
        if is_blank(raw):
            if required:
                problems.append(missing_cell(self.where(column), column))
            return None
        try:
            return parse(raw)
        except InvalidValue as exc:
            problems.append(exc.at(self.where(column)))
            return None


def missing_cell(where: str, column: str) -> Problem:
    return Problem(
        where, f"cột «{column}» không được để trống", f"column «{column}» must not be empty"
    )


def column_letter(number: int) -> str:
    """A spreadsheet column's letters: 1 -> A, 27 -> AA (as openpyxl's, without importing
    openpyxl, which CSV-only commands need not load)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

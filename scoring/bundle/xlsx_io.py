"""A bundle as one ``.xlsx`` workbook whose sheets are the tables (INTERFACES.md §1).

Reading first checks the archive as uploads are checked (``reports.guard``:
zip bombs, too many parts, encrypted parts, DTD/entity declarations, damage),
with a total size fit for national data; then it streams each sheet (openpyxl
read-only, cached values of formulas). openpyxl parses the XML with defusedxml
when it is installed, as it is here, so entity tricks are refused a second time.
Writing uses openpyxl's write-only mode. Every text written from user data is
stored as text: a name such as ``=HYPERLINK(...)`` must never become a formula
in someone's Excel. Locations are ``scores!C12``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from scoring.engine.problems import Problem, ProblemsFound
from scoring.reports.guard import RefusedFile, check_xlsx_file
from scoring.reports.safe import RISKY_START

from .cells import TEXT_LENGTH, UNSTORABLE
from .layout import COLUMNS, TableRow, table_rows
from .model import TABLES, PeriodBundle
from .raw import XLSX, Cells, RawTable, is_blank_row
from .tables import validate_tables

Source = str | Path | bytes | BinaryIO
WIDTHS = {"code": 14, "name": 40, "note": 40, "guidance": 40, "title": 40, "value": 40}


def read_xlsx_bundle(source: Source, label: str | None = None) -> PeriodBundle:
    """Read and check a workbook (a path, its bytes or an open binary file).

    ``label`` names the workbook in problems about the file as a whole.
    """
    label = label or (Path(source).name if isinstance(source, str | Path) else "workbook.xlsx")
    with ExitStack() as stack:
        try:
            handle = _binary(source, stack)
            check_xlsx_file(label, handle)  # before openpyxl inflates or parses anything
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except RefusedFile:
            raise
        except Exception as exc:  # an uploaded file may be anything: never a traceback
            raise ProblemsFound([_not_a_workbook(label, exc)]) from exc
        stack.callback(workbook.close)
        reading: list[Problem] = []
        why_missing: dict[str, Problem] = {}
        tables: dict[str, RawTable] = {}
        for name, sheet in _table_sheets(workbook.worksheets, reading).items():
            opened = _open_sheet(name, sheet)
            if isinstance(opened, RawTable):
                tables[name] = opened
            else:
                why_missing[name] = opened
        return validate_tables(tables, lambda n: why_missing.get(n) or _missing(n), reading)


def _binary(source: Source, stack: ExitStack) -> BinaryIO:
    if isinstance(source, bytes):
        return BytesIO(source)
    if isinstance(source, str | Path):
        return stack.enter_context(Path(source).open("rb"))
    return source


def _not_a_workbook(label: str, exc: Exception) -> Problem:
    cause = _root_cause(exc)
    return Problem(
        label,
        f"không mở được tệp Excel .xlsx (tệp hỏng hoặc không phải .xlsx): {cause}",
        f"cannot open the .xlsx workbook (damaged or not .xlsx): {cause}",
    )


def _root_cause(exc: BaseException) -> str:
    """The innermost error's name (openpyxl wraps e.g. defusedxml's EntitiesForbidden)."""
    for _ in range(20):  # a bound, in case a chain ever loops
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return type(exc).__name__


def _missing(name: str) -> Problem:
    return Problem(name, f"thiếu trang tính «{name}»", f"the sheet «{name}» is missing")


def _table_sheets(sheets: list[object], reading: list[Problem]) -> dict[str, ReadOnlyWorksheet]:
    """Sheets named like the tables, case-insensitively; other sheets are left alone."""
    found: dict[str, ReadOnlyWorksheet] = {}
    for sheet in sheets:
        if not isinstance(sheet, ReadOnlyWorksheet):
            continue
        name = sheet.title.strip().lower()
        if name not in TABLES:
            continue
        if name in found:
            reading.append(
                Problem(
                    sheet.title,
                    f"có hai trang tính cho bảng {name}: «{found[name].title}» và «{sheet.title}»",
                    f"two sheets for the table {name}: «{found[name].title}» and «{sheet.title}»",
                )
            )
            continue
        found[name] = sheet
    return found


def _open_sheet(name: str, sheet: ReadOnlyWorksheet) -> RawTable | Problem:
    """The table with its header read and its rows still to come."""
    sheet.reset_dimensions()  # some producers write wrong dimensions: read every row
    numbered = enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1)
    try:
        for number, header in numbered:
            if not is_blank_row(header):
                table = RawTable.from_header(name, sheet.title, XLSX, number, header, ())
                table.rows = _records(numbered, table)
                return table
    except Exception as exc:  # a damaged sheet inside a readable workbook
        return _broken_sheet(sheet.title, exc)
    return Problem(
        sheet.title,
        f"trang tính «{sheet.title}» trống (không có dòng tiêu đề)",
        f"the sheet «{sheet.title}» is empty (no header row)",
    )


def _records(numbered: Iterator[tuple[int, Cells]], table: RawTable) -> Iterator[tuple[int, Cells]]:
    try:
        yield from numbered
    except Exception as exc:  # a damaged sheet: report it where the reading stopped
        table.problems.append(_broken_sheet(table.source, exc))


def _broken_sheet(title: str, exc: Exception) -> Problem:
    return Problem(
        title,
        f"không đọc được trang tính «{title}» (tệp hỏng): {_root_cause(exc)}",
        f"cannot read the sheet «{title}» (damaged file): {_root_cause(exc)}",
    )


def write_xlsx_bundle(bundle: PeriodBundle, target: str | Path | BinaryIO) -> None:
    """Write every table as a sheet (a path, or an open binary file).

    Text a workbook cannot hold (a control character, more than 32,767
    characters) raises ``ProblemsFound`` before anything is written.
    """
    problems = unwritable_text(bundle)
    if problems:
        raise ProblemsFound(problems)
    if isinstance(target, str | Path):  # as a CSV bundle's folder is made; before any sheet
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    for name in TABLES:
        _write_sheet(workbook.create_sheet(name), name, table_rows(bundle, name))
    if not isinstance(target, str | Path):
        workbook.save(target)
        return
    path = Path(target)
    partial = path.with_name(f".{path.name}.partial")
    # Built in memory first: a file that cannot be written then fails in one plain write,
    # not inside openpyxl's sheet writers (which would leave their errors on stderr).
    buffer = BytesIO()
    workbook.save(buffer)
    partial.write_bytes(buffer.getbuffer())
    partial.replace(path)


def unwritable_text(bundle: PeriodBundle) -> list[Problem]:
    """Every text cell Excel could not store, located as it would have been written."""
    problems: list[Problem] = []
    for name in TABLES:
        for number, row in enumerate(table_rows(bundle, name), start=2):
            for index, value in enumerate(row):
                if isinstance(value, str) and (
                    len(value) > TEXT_LENGTH or UNSTORABLE.search(value)
                ):
                    problems.append(_unwritable(name, number, index))
    return problems


def _write_sheet(sheet: WriteOnlyWorksheet, name: str, rows: Iterator[TableRow]) -> None:
    columns = COLUMNS[name]
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 12)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """Numbers as numbers; every string as a text cell, never a formula or an error code."""
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    cell = WriteOnlyCell(sheet, str(value))
    cell.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error
    if cell.value.startswith(RISKY_START):
        cell.quotePrefix = True  # and Excel would, once someone edits the cell
    return cell


def _unwritable(title: str, row: int, index: int) -> Problem:
    return Problem(
        f"{title}!{get_column_letter(index + 1)}{row}",
        f"nội dung có ký tự điều khiển hoặc dài quá {TEXT_LENGTH} ký tự, không ghi được vào Excel",
        f"the text has a control character or is longer than {TEXT_LENGTH} characters: Excel cannot hold it",
    )

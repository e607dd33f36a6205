"""A bundle as a folder of CSV files: ``settings.csv``, ``scores.csv``... (INTERFACES.md §1).

Files are UTF-8 with or without a BOM, comma-separated, with a header row.
Files are written with a BOM because Excel, opening a CSV file by double-click,
takes UTF-8 for the local code page without one and garbles Vietnamese.
Locations are ``scores.csv:12 [value]``: the line in the file (header = line 1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from scoring.engine.problems import Problem, ProblemsFound
from scoring.engine.values import fmt

from .layout import COLUMNS, TableRow, table_rows
from .model import TABLES, PeriodBundle
from .raw import CSV, Cells, RawTable, is_blank_row
from .tables import validate_tables

ENCODING_IN = "utf-8-sig"  # reads files with and without a BOM alike
ENCODING_OUT = "utf-8-sig"


def read_csv_bundle(folder: Path) -> PeriodBundle:
    """Read and check a bundle folder; raise ``ProblemsFound`` with every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ProblemsFound([_not_a_folder(folder)])
    reading: list[Problem] = []
    why_missing: dict[str, Problem] = {}
    with ExitStack() as stack:
        tables: dict[str, RawTable] = {}
        for name, path in _table_files(folder, reading).items():
            opened = _open_table(name, path, stack)
            if isinstance(opened, RawTable):
                tables[name] = opened
            elif opened is not None:
                why_missing[name] = opened
        return validate_tables(
            tables, lambda name: why_missing.get(name) or _missing(name), reading
        )


def _not_a_folder(folder: Path) -> Problem:
    return Problem(str(folder), "không có thư mục này", "there is no such folder")


def _missing(name: str) -> Problem:
    return Problem(f"{name}.csv", f"thiếu tệp {name}.csv", f"the file {name}.csv is missing")


def _table_files(folder: Path, reading: list[Problem]) -> dict[str, Path]:
    """``<table>.csv`` files, names compared case-insensitively (``Scores.CSV`` counts)."""
    files: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        name = path.name.lower().removesuffix(".csv")
        if not path.name.lower().endswith(".csv") or name not in TABLES or not path.is_file():
            continue
        if name in files:
            reading.append(
                Problem(
                    path.name,
                    f"có hai tệp cho bảng {name}: {files[name].name} và {path.name}",
                    f"two files for the table {name}: {files[name].name} and {path.name}",
                )
            )
            continue
        files[name] = path
    return files


def _open_table(name: str, path: Path, stack: ExitStack) -> RawTable | Problem | None:
    """The table with its header read and its rows still to come; None for an empty file.

    Rows are read lazily so that a million-row file is parsed once, row by row.
    """
    try:
        handle = stack.enter_context(path.open(encoding=ENCODING_IN, newline=""))
        reader = csv.reader(handle)
        header_line, header = _header(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return _unreadable(path.name, 1, exc)
    if header is None:
        return Problem(
            path.name,
            f"tệp {path.name} trống (không có dòng tiêu đề)",
            f"the file {path.name} is empty (no header row)",
        )
    table = RawTable.from_header(name, path.name, CSV, header_line, header, ())
    table.rows = _records(reader, table)
    if len(header) == 1 and ";" in header[0]:
        table.problems.append(_semicolons(path.name, header_line))
    return table


def _header(reader: Iterator[list[str]]) -> tuple[int, list[str] | None]:
    """The first non-blank row is the header (blank lines above it are skipped)."""
    line = 0
    for cells in reader:
        if not is_blank_row(cells):
            return line + 1, cells
        line = reader.line_num  # type: ignore[attr-defined]
    return 0, None


def _records(reader: Iterator[list[str]], table: RawTable) -> Iterator[tuple[int, Cells]]:
    """Rows numbered by the line they start on (a quoted cell may span lines)."""
    line = reader.line_num  # type: ignore[attr-defined]
    try:
        for cells in reader:
            yield line + 1, cells
            line = reader.line_num  # type: ignore[attr-defined]
    except (UnicodeDecodeError, csv.Error) as exc:
        table.problems.append(_unreadable(table.source, line + 1, exc))


def _unreadable(source: str, line: int, exc: Exception) -> Problem:
    if isinstance(exc, UnicodeDecodeError):
        return Problem(
            f"{source}:{line}",
            "tệp không phải văn bản UTF-8 (khoảng từ dòng này); hãy lưu lại dạng «CSV UTF-8»",
            "the file is not UTF-8 text (from about this line); save it as «CSV UTF-8»",
        )
    return Problem(
        f"{source}:{line}", f"không đọc được tệp CSV: {exc}", f"the CSV file cannot be read: {exc}"
    )


def _semicolons(source: str, line: int) -> Problem:
    """Excel with Vietnamese regional settings saves CSV with ';': say so plainly."""
    return Problem(
        f"{source}:{line}",
        "các cột phải cách nhau bằng dấu phẩy «,», không phải dấu chấm phẩy «;»",
        "columns must be separated by commas «,», not semicolons «;»",
    )


def write_csv_bundle(bundle: PeriodBundle, folder: Path) -> None:
    """Write every table (optional ones too, header only when empty) into ``folder``.

    Numbers are written with '.' (``fmt``), yes/no as 1/0, None as an empty cell.
    Each file is written beside its final name and then moved into place, so a
    failure never leaves half a file.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ProblemsFound([_not_a_folder(folder)])
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        path = folder / f"{name}.csv"
        partial = path.with_name(f".{path.name}.partial")
        with partial.open("w", encoding=ENCODING_OUT, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS[name])
            writer.writerows(_csv_row(row) for row in table_rows(bundle, name))
        partial.replace(path)


def _csv_row(row: TableRow) -> list[str]:
    return ["" if v is None else v if isinstance(v, str) else fmt(v) for v in row]

"""Reading a filled-in template back: every input cell with its location.

Cells are found through the hidden identifiers, never through positions or
the sheet's name: a renamed sheet, re-sorted rows, extra rows or columns all
still map. A row whose visible code (column B) is not its hidden one (column A)
was sorted without the hidden column and is refused: its scores may belong to
another indicator. Nothing here judges values (services do, with the engine's
``parse_value``); this only says which cell holds what, and what the file
claims to be (year, cluster, scheme fingerprint, version, values as
downloaded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from scoring.engine.problems import Problem

from .guard import RefusedFile, check_xlsx, refuse
from .template import DATA_MARK, FIELDS, META_MARK

Key = tuple[str, str, str]  # federation, indicator, field

# A template has a row per indicator and three columns per member (national size:
# ~100 rows, ~150 columns). Far beyond that, a file is not worth reading: a small
# upload of made-up rows would otherwise cost seconds and a gigabyte of memory.
MAX_ROWS = 10_000
MAX_COLUMNS = 3_000


@dataclass(frozen=True)
class UploadedCell:
    federation: str
    indicator: str
    field: str
    raw: Any  # what the cell holds: a number, text, a bool, a date, or None
    where: str  # "Cụm 4!E12"


@dataclass
class TemplateReading:
    sheet: str
    meta: dict[str, Any] = field(default_factory=dict)
    originals: dict[Key, Any] = field(default_factory=dict)
    cells: list[UploadedCell] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_template(filename: str, data: bytes, max_bytes: int) -> TemplateReading:
    """The cells of an uploaded template; RefusedFile for a file that is not one."""
    check_xlsx(filename, data, max_bytes)
    formulas: list[tuple[int, int, str, Key]] = []
    with _open(filename, data, data_only=False) as wb:
        reading = _read(filename, wb, formulas)
    if formulas:
        _cached_values(filename, data, reading, formulas)
    return reading


class _open:
    """A workbook opened read-only, with every failure turned into a refusal."""

    def __init__(self, filename: str, data: bytes, data_only: bool) -> None:
        self.filename, self.data, self.data_only = filename, data, data_only

    def __enter__(self) -> Any:
        try:
            self.wb = load_workbook(BytesIO(self.data), read_only=True, data_only=self.data_only)
        except Exception as exc:  # an uploaded file may be anything: never a traceback
            if _hostile(exc):
                raise _hostile_refusal(self.filename) from exc
            raise refuse(
                self.filename,
                f"không mở được tệp Excel .xlsx (tệp hỏng?): {type(exc).__name__}",
                f"cannot open the .xlsx workbook (damaged?): {type(exc).__name__}",
            ) from exc
        return self.wb

    def __exit__(self, *exc: object) -> None:
        self.wb.close()


def _hostile(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML (openpyxl wraps its error in a ValueError)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _hostile_refusal(filename: str) -> RefusedFile:
    return refuse(
        filename,
        "tệp chứa khai báo DTD/thực thể XML (có thể là tệp độc hại); không đọc tệp này",
        "the file contains an XML DTD or entities (possibly hostile); it was not read",
    )


def _rows(sheet: Any) -> Any:
    sheet.reset_dimensions()  # some producers write wrong dimensions: read every row
    return sheet.iter_rows(values_only=False)


def _first_value(sheet: Any) -> Any:
    for row in sheet.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True):
        return row[0] if row else None
    return None


def _read(filename: str, wb: Any, formulas: list[tuple[int, int, str, Key]]) -> TemplateReading:
    data_sheet = meta_sheet = None
    try:
        for sheet in wb.worksheets:
            mark = _first_value(sheet)
            if mark == DATA_MARK and data_sheet is None:
                data_sheet = sheet
            elif mark == META_MARK and meta_sheet is None:
                meta_sheet = sheet
        if data_sheet is None and meta_sheet is not None:
            raise refuse(
                filename,
                "đây là mẫu nhập điểm, nhưng cột A hoặc dòng 1 đang ẩn của trang nhập điểm đã bị "
                "xóa, nên không biết ô nào thuộc đơn vị và tiêu chí nào; chưa đọc điểm nào. Hãy "
                "tải mẫu mới từ trang bảng điểm của cụm, chép điểm sang rồi tải lên",
                "this is a score-entry template, but the score sheet's hidden column A or row 1 "
                "was deleted, so no cell can be matched to its unit and indicator; nothing was "
                "read. Download a new template from the cluster's score page, copy the scores "
                "into it and upload that",
            )
        if data_sheet is None or meta_sheet is None:
            raise refuse(
                filename,
                "đây không phải mẫu nhập điểm của chương trình (không thấy các dòng, cột ẩn "
                "nhận diện); hãy tải mẫu từ trang bảng điểm của cụm",
                "this is not a score-entry template of this program (its hidden identifiers "
                "are missing); download the template from the cluster's score page",
            )
        reading = TemplateReading(sheet=data_sheet.title)
        _read_meta(meta_sheet, reading)
        _read_cells(filename, data_sheet, reading, formulas)
    except RefusedFile:
        raise
    except Exception as exc:  # a damaged sheet inside a readable workbook
        if _hostile(exc):
            raise _hostile_refusal(filename) from exc
        raise refuse(
            filename,
            f"không đọc được nội dung tệp (tệp hỏng?): {type(exc).__name__}",
            f"cannot read the workbook's content (damaged?): {type(exc).__name__}",
        ) from exc
    return reading


def _read_meta(sheet: Any, reading: TemplateReading) -> None:
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if not row or row[0] is None:
            continue
        if row[0] == "orig" and len(row) >= 5 and row[3] in FIELDS:
            reading.originals[(str(row[1]), str(row[2]), str(row[3]))] = row[4]
        elif len(row) >= 2 and isinstance(row[0], str):
            reading.meta[row[0]] = row[1]


def _read_cells(filename: str, sheet: Any, reading: TemplateReading, formulas: list) -> None:
    rows = iter(enumerate(_rows(sheet), start=1))
    columns: dict[int, tuple[str, str]] = {}
    for number, row in rows:
        if number == 1:
            columns = _column_map(row)
            break
    if len(columns) > MAX_COLUMNS:
        raise _too_big(
            filename,
            f"hơn {MAX_COLUMNS:_} cột điểm".replace("_", "."),
            f"more than {MAX_COLUMNS:,} score columns",
        )
    seen: dict[str, int] = {}
    for number, row in rows:
        if number > MAX_ROWS:
            raise _too_big(
                filename, f"hơn {MAX_ROWS:_} dòng".replace("_", "."), f"more than {MAX_ROWS:,} rows"
            )
        code = _code(row)
        if code is None:
            continue  # a row someone added (a total, a remark): not ours, ignored
        if code in seen:
            reading.problems.append(
                Problem(
                    f"{sheet.title}!A{number}",
                    f"tiêu chí {code} xuất hiện hai lần (dòng {seen[code]} và dòng {number}); "
                    "hãy xóa một dòng",
                    f"indicator {code} appears twice (rows {seen[code]} and {number}); delete one",
                )
            )
            continue
        seen[code] = number
        shown = _code(row[1:])
        if shown is not None and shown != code:
            reading.problems.append(_sorted_without_codes(sheet.title, number, code, shown))
            continue
        for index, (federation, field_name) in columns.items():
            cell = row[index] if index < len(row) else None
            where = f"{sheet.title}!{get_column_letter(index + 1)}{number}"
            key = (federation, code, field_name)
            if getattr(cell, "data_type", None) == "f":
                formulas.append((number, index, where, key))
                continue
            value = getattr(cell, "value", None)  # an empty cell is a value cleared
            reading.cells.append(UploadedCell(federation, code, field_name, value, where))


def _sorted_without_codes(sheet: str, number: int, code: str, shown: str) -> Problem:
    """Column B shows another indicator than the hidden column A says the row is: the
    visible rows were sorted (or moved) without the hidden codes, so the scores on this
    row may belong to another indicator. Reading them by A would save them in the wrong
    place without a word; the upload is refused instead."""
    return Problem(
        f"{sheet}!B{number}",
        f"dòng {number} ghi tiêu chí «{shown}» nhưng là dòng của tiêu chí {code}: có lẽ các "
        "dòng đã bị sắp xếp lại hoặc di chuyển, nên điểm trên dòng này có thể thuộc tiêu chí "
        "khác. Chưa đọc điểm nào; hãy hoàn tác việc sắp xếp (Ctrl+Z) hoặc tải mẫu mới rồi "
        "nhập lại",
        f"row {number} shows indicator «{shown}» but is the row of indicator {code}: the rows "
        "were probably sorted or moved, so the scores on it may belong to another indicator. "
        "Nothing was read; undo the sort (Ctrl+Z) or download a new template and enter the "
        "scores again",
    )


def _too_big(filename: str, vi: str, en: str) -> RefusedFile:
    return refuse(
        filename,
        f"trang nhập điểm có {vi}, quá nhiều so với một mẫu nhập điểm; hãy tải mẫu mới "
        "từ trang bảng điểm của cụm",
        f"the score sheet has {en}, far more than a template has; download a new "
        "template from the cluster's score page",
    )


def _column_map(row: Any) -> dict[int, tuple[str, str]]:
    """Column index -> (federation, field) from the hidden first row."""
    columns = {}
    for index, cell in enumerate(row):
        value = getattr(cell, "value", None)
        if isinstance(value, str) and "|" in value:
            federation, _, field_name = value.partition("|")
            if field_name in FIELDS:
                columns[index] = (federation.strip(), field_name)
    return columns


def _code(row: Any) -> str | None:
    value = getattr(row[0], "value", None) if row else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return str(value).strip()


def _cached_values(
    filename: str, data: bytes, reading: TemplateReading, formulas: list[tuple[int, int, str, Key]]
) -> None:
    """Formulas count by the value the office suite computed and saved with them."""
    wanted = {(row, column): (where, key) for row, column, where, key in formulas}
    with _open(filename, data, data_only=True) as wb:
        sheet = wb[reading.sheet]
        for number, row in enumerate(_rows(sheet), start=1):
            for index, cell in enumerate(row):
                if (number, index) not in wanted:
                    continue
                where, (federation, code, field_name) = wanted.pop((number, index))
                value = getattr(cell, "value", None)
                if value is None:
                    reading.problems.append(
                        Problem(
                            where,
                            "ô chứa công thức chưa được tính; hãy nhập giá trị thay cho công thức",
                            "the cell holds a formula without a computed value; enter a value",
                        )
                    )
                    continue
                reading.cells.append(UploadedCell(federation, code, field_name, value, where))


__all__ = ["RefusedFile", "TemplateReading", "UploadedCell", "read_template"]

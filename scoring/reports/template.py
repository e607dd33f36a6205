"""The score-entry template: a cluster's grid as a workbook to fill in offline.

Indicators run down, members across; each member has three columns (the
cluster's score, the self score, a note). Labels are protected (sheet
protection without a password: it guards against slips, not people), input
cells are unlocked and validated (0..max, "đạt/không đạt", ≥ 0: warnings, not
stops). Hidden identifiers make the upload independent of what people do to the layout:
column A (hidden) holds each row's indicator code, row 1 (hidden) each
column's federation and field, and a hidden sheet holds the year, the
cluster, the cluster's version, the scheme's fingerprint and the values as
downloaded (so an upload only proposes the cells the person changed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scoring.engine.values import fmt

from .safe import put, sheet_title
from .styles import BOX, CENTER, LEFT, SECTION_FILL, autofit_row, font, print_setup, set_widths

DATA_MARK = "#scoring-template-v1"
META_MARK = "#scoring-meta-v1"
META_TITLE = "_scoring"
FIELDS = ("value", "self_value", "note")
FIELD_LABELS = {"value": "Điểm cụm chấm", "self_value": "Tự chấm", "note": "Ghi chú, minh chứng"}
FIRST_MEMBER_COLUMN = 5  # A hidden code, B code, C name, D what is allowed
HEADER_ROWS = (5, 6)
FIRST_DATA_ROW = 7
NOTE_MAX = 2000
LOCKED_FILL = PatternFill("solid", fgColor="E6E6E6")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
YES, NO = "đạt", "không đạt"  # the words of the grid and the reports


@dataclass(frozen=True)
class TemplateMember:
    code: str
    name: str
    writable: bool
    why_not: str | None = None  # shown under the name of a read-only member


@dataclass(frozen=True)
class TemplateRow:
    code: str
    name: str
    kind: str
    depth: int
    max_points: Decimal | None
    target: Decimal | None
    allowed: str  # in Vietnamese, e.g. "từ 0 đến 6 điểm"


@dataclass(frozen=True)
class TemplateSpec:
    year: int
    cluster_code: str
    cluster_name: str
    version: int
    fingerprint: str
    downloaded: str  # when and by whom, for the person reading it
    members: tuple[TemplateMember, ...]
    rows: tuple[TemplateRow, ...]
    cells: Mapping[tuple[str, str], tuple[Decimal | None, Decimal | None, str | None]]


def scheme_fingerprint(nodes: Sequence[tuple[str, str, Decimal | None, Decimal | None]]) -> str:
    """SHA-256 of the scheme's codes, kinds, maxima and targets (order-free)."""
    text = "\n".join(
        f"{code}|{kind}|{fmt(top)}|{fmt(target)}" for code, kind, top, target in sorted(nodes)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cell_text(kind: str, value: Decimal | None) -> str | Decimal | None:
    """How a stored value is shown in the template: yes/no as words, numbers as numbers."""
    if value is None:
        return None
    if kind == "yesno":
        return YES if value else NO
    return value


def build_template(spec: TemplateSpec) -> bytes:
    """The template workbook's bytes."""
    wb = Workbook()
    ws = wb.active
    # Short, so that it is never cut at Excel's 31 characters: problems name their
    # cells as «sheet!cell», and the cluster's full name is in the heading.
    ws.title = sheet_title(f"Điểm {spec.cluster_code} {spec.year}")
    last_column = FIRST_MEMBER_COLUMN + 3 * len(spec.members) - 1
    set_widths(ws, [3, 8, 48, 18, *([9, 9, 24] * len(spec.members))])
    _identifiers(ws, spec)
    _heading(ws, spec, last_column)
    _member_headers(ws, spec)
    last_row = _body(ws, spec)
    _protect(ws)
    print_setup(
        ws, header_rows=HEADER_ROWS, last_row=last_row, last_column=last_column,
        freeze=f"{get_column_letter(FIRST_MEMBER_COLUMN)}{FIRST_DATA_ROW}",
    )  # fmt: skip
    ws.print_area = f"B1:{get_column_letter(last_column)}{last_row}"
    _meta_sheet(wb, spec)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _identifiers(ws: Worksheet, spec: TemplateSpec) -> None:
    put(ws, 1, 1, DATA_MARK)
    for index, member in enumerate(spec.members):
        for offset, field in enumerate(FIELDS):
            put(ws, 1, FIRST_MEMBER_COLUMN + 3 * index + offset, f"{member.code}|{field}")
    ws.row_dimensions[1].hidden = True
    ws.column_dimensions["A"].hidden = True


def _heading(ws: Worksheet, spec: TemplateSpec, last_column: int) -> None:
    texts = [
        (2, f"BẢNG NHẬP ĐIỂM THI ĐUA NĂM {spec.year} — {spec.cluster_name.upper()}", font(14, bold=True)),
        (3, f"Mẫu tải về {spec.downloaded}; phiên bản bảng điểm {spec.version}.", font(11, italic=True)),
        (4, "Nhập vào các ô trắng; ô xám là nhãn hoặc cột bạn không được sửa. Số thập phân "
            "dùng dấu phẩy hoặc dấu chấm (12,5). Tiêu chí đạt/không đạt: chọn «đạt» hoặc "
            "«không đạt» (gõ «có», «x» hoặc «không» cũng được). "
            "Để trống nếu chưa có điểm. Đừng xóa cột A và dòng 1 đang ẩn, và đừng sắp xếp lại "
            "các dòng: chúng cho chương trình biết mỗi ô thuộc đơn vị và tiêu chí nào.", font(11)),
    ]  # fmt: skip
    for row, text, style in texts:
        cell = put(ws, row, 2, text)
        cell.font = style
        cell.alignment = LEFT
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=min(last_column, 12))
    ws.row_dimensions[2].height = 22
    ws.row_dimensions[4].height = 48


def _label(ws: Worksheet, row: int, column: int, value: object, bold: bool = True) -> None:
    cell = put(ws, row, column, value)
    cell.font = font(11, bold=bold)
    cell.alignment = CENTER
    cell.border = BOX
    cell.fill = LOCKED_FILL


def _member_headers(ws: Worksheet, spec: TemplateSpec) -> None:
    top, sub = HEADER_ROWS
    for column, label in ((2, "Mã"), (3, "Tiêu chí"), (4, "Cho phép nhập")):
        _label(ws, top, column, label)
        _label(ws, sub, column, "")
        ws.merge_cells(start_row=top, start_column=column, end_row=sub, end_column=column)
    for index, member in enumerate(spec.members):
        first = FIRST_MEMBER_COLUMN + 3 * index
        name = member.name + (f" ({member.why_not})" if member.why_not else "")
        _label(ws, top, first, name)
        for offset in (1, 2):
            _label(ws, top, first + offset, "")
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 2)
        for offset, field in enumerate(FIELDS):
            _label(ws, sub, first + offset, FIELD_LABELS[field])
    ws.row_dimensions[top].height = 48
    ws.row_dimensions[sub].height = 32


def _body(ws: Worksheet, spec: TemplateSpec) -> int:
    validations: dict[tuple[str, ...], DataValidation] = {}
    row = FIRST_DATA_ROW - 1
    for item in spec.rows:
        row += 1
        put(ws, row, 1, item.code)
        section = item.kind == "section"
        for column, label in (
            (2, item.code),
            (3, "   " * item.depth + item.name),
            (4, item.allowed),
        ):
            _label(ws, row, column, label, bold=section)
            ws.cell(row=row, column=column).alignment = LEFT
        for index, member in enumerate(spec.members):
            first = FIRST_MEMBER_COLUMN + 3 * index
            if section:
                for offset in range(3):
                    _label(ws, row, first + offset, "")
                    ws.cell(row=row, column=first + offset).fill = SECTION_FILL
                continue
            value, self_value, note = spec.cells.get((member.code, item.code), (None, None, None))
            entries = (cell_text(item.kind, value), cell_text(item.kind, self_value), note)
            for offset, entry in enumerate(entries):
                _input(ws, row, first + offset, entry, member.writable)
                key = ("note",) if offset == 2 else _rule_key(item)
                rule = validations.get(key) or validations.setdefault(key, _validation(item, key))
                rule.add(ws.cell(row=row, column=first + offset).coordinate)
        autofit_row(ws, row, 2, 4)
    for rule in validations.values():
        ws.add_data_validation(rule)
    return row


def _input(ws: Worksheet, row: int, column: int, value: object, writable: bool) -> None:
    cell = put(ws, row, column, value)
    cell.font = font(11)
    cell.border = BOX
    cell.alignment = Alignment(
        horizontal="left" if isinstance(value, str) else "right",
        vertical="top",
        wrap_text=isinstance(value, str),
    )
    cell.protection = Protection(locked=not writable)
    cell.fill = INPUT_FILL if writable else LOCKED_FILL


def _rule_key(item: TemplateRow) -> tuple[str, ...]:
    if item.kind == "yesno":
        return ("yesno",)
    if item.kind == "target":
        return ("target",)
    return ("points", fmt(item.max_points or 0))


def _validation(item: TemplateRow, key: tuple[str, ...]) -> DataValidation:
    """What Excel and LibreOffice check while typing (the upload checks again)."""
    if key[0] == "note":
        rule = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(NOTE_MAX))
        rule.error = f"Ghi chú tối đa {NOTE_MAX} ký tự."
    elif key[0] == "yesno":
        rule = DataValidation(type="list", formula1=f'"{YES},{NO}"')
        rule.error = f"Chọn «{YES}» hoặc «{NO}» (gõ «có», «x» hoặc «không» cũng được)."
    elif key[0] == "target":
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        rule.error = "Nhập số lượng từ 0 trở lên."
    else:
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2=key[1])
        rule.error = f"Nhập điểm từ 0 đến {key[1].replace('.', ',')}."
    rule.allow_blank = True
    rule.showErrorMessage = True
    # A warning, not a stop: the office suite judges numbers by the computer's own decimal
    # sign (on an English-set computer "4,5" is not a number to it, but the upload reads
    # it), and knows only the list's words of yes/no. What is kept is checked again at
    # upload, where every wrong cell is named; a ruled-out cell would be a dead end.
    rule.errorStyle = "warning"
    rule.errorTitle = "Giá trị có vẻ chưa đúng"
    rule.error += (
        " Nếu bạn chắc chắn, hãy giữ; khi tải lên, chương trình kiểm tra lại và chỉ rõ ô sai."
    )
    return rule


def _protect(ws: Worksheet) -> None:
    """Labels locked, inputs open; no password, so nobody is ever locked out of their own file."""
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False  # widening a column is allowed
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _meta_sheet(wb: Workbook, spec: TemplateSpec) -> None:
    meta = wb.create_sheet(META_TITLE)
    rows: list[tuple[object, ...]] = [
        (META_MARK,),
        ("year", spec.year),
        ("cluster", spec.cluster_code),
        ("version", spec.version),
        ("fingerprint", spec.fingerprint),
    ]
    kinds = {r.code: r.kind for r in spec.rows}
    for (federation, indicator), (value, self_value, note) in sorted(spec.cells.items()):
        kind = kinds.get(indicator, "points")
        for field, stored in (
            ("value", cell_text(kind, value)),
            ("self_value", cell_text(kind, self_value)),
            ("note", note),
        ):
            if stored is not None:
                rows.append(("orig", federation, indicator, field, stored))
    for r, items in enumerate(rows, start=1):
        for c, item in enumerate(items, start=1):
            put(meta, r, c, item)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True

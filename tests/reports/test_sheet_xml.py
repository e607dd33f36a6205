"""Rows written as text (``reports.sheet_xml``) read back exactly as openpyxl's own cells:
the same values, types and styles; text never a formula, escaped so any parser reads it."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from defusedxml import ElementTree
from openpyxl import Workbook

from scoring.reports.safe import EXCEL_TEXT_MAX, clean_text, put
from scoring.reports.sheet_xml import RowWriter, number_text
from scoring.reports.stream import Sheet
from scoring.reports.style_index import Styles, font
from scoring.reports.styles import BODY, BOX, CENTER, RIGHT, TIE_FILL
from tests.reports.conftest import formula_elements, open_xlsx, sheet_xml

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+SUM(A1:A9)",
    "-2+3 năm thi đua",
    "@Cờ thi đua",
    "\tindented",
    "\rcarriage return",
    "a < b & c > d",
    "<t>not a tag</t></is></c><c><f>1+1</f>",
    "]]> &amp; &#13; already escaped",
    "\"double\" and 'single' quotes",
    "  padded  ",
    "two\nlines\r\nthree",
    "control\x01\x08\x0b\x0c\x1fcharacters",
    "not XML \ufffe\uffff characters",
    "a lone \ud800 surrogate",
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Giang",
    "",
    "x" * (EXCEL_TEXT_MAX + 10),
]
NUMBERS: list[Any] = [
    0,
    7,
    -3,
    10**17,
    Decimal("12.10"),
    Decimal("0.05"),
    Decimal("-0.00"),
    Decimal("1E+2"),
    Decimal("99999.99"),
    0.1 + 0.2,
    2.5,
    True,
    False,
    None,
]
VALUES = HOSTILE + NUMBERS


def streamed(values: list[Any]) -> bytes:
    """Column A through ``body`` (one cell at a time), B through ``cells`` (a row at once),
    C a bold number format with a fill."""
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, Styles(wb), "T", set(), [30, 30, 30])
    styles = [sheet.body_style(), sheet.body_style(), sheet.body_style(number="0.00", bold=True, fill=TIE_FILL)]  # fmt: skip
    for row, value in enumerate(values, start=1):
        sheet.body(row, 1, value)
        sheet.cells(row, 2, [value, value], styles[1:])
        sheet.flush(row)
    sheet.close(header_rows=None, last_row=len(values), last_column=3)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def by_openpyxl(values: list[Any]) -> bytes:
    """The same cells in openpyxl's normal mode, styled as ``Sheet.body`` styles them."""
    wb = Workbook()
    ws = wb.active
    for row, value in enumerate(values, start=1):
        for column, (bold, number, fill) in enumerate(
            [(False, None, None), (False, None, None), (True, "0.00", TIE_FILL)], start=1
        ):
            cell = put(ws, row, column, value)
            cell.font = font(11, bold=bold)
            cell.border = BOX
            cell.alignment = RIGHT if number else BODY
            if number:
                cell.number_format = number
            if fill is not None:
                cell.fill = fill
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def facts(cell: Any) -> tuple[Any, ...]:
    styles = (cell.font, cell.border, cell.alignment, cell.fill)  # proxies: compared as text
    return (
        cell.value,
        type(cell.value),
        cell.data_type,
        cell.quotePrefix,
        cell.number_format,
        *map(repr, styles),
    )


def test_streamed_rows_read_back_as_openpyxls_own_cells() -> None:
    ours = open_xlsx(streamed(VALUES)).active
    theirs = open_xlsx(by_openpyxl(VALUES)).active
    for row in range(1, len(VALUES) + 1):
        for column in (1, 2, 3):
            assert facts(ours.cell(row, column)) == facts(theirs.cell(row, column)), (row, column)


def test_text_is_kept_exactly_as_cleaned_and_never_becomes_a_formula() -> None:
    data = streamed(HOSTILE)
    assert formula_elements(data) == []
    ws = open_xlsx(data).active
    for row, text in enumerate(HOSTILE, start=1):
        cell = ws.cell(row, 1)
        expected = clean_text(text) or None  # an empty string reads back as an empty cell
        assert cell.value == expected, row
        if expected is not None:
            assert cell.data_type == "s"
            assert cell.quotePrefix == expected.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert len(ws.cell(len(HOSTILE), 1).value) == EXCEL_TEXT_MAX


def test_every_sheet_part_is_well_formed_xml() -> None:
    for name, xml in sheet_xml(streamed(VALUES)).items():
        root = ElementTree.fromstring(xml.encode("utf-8"))
        assert root.tag.endswith("worksheet"), name
        assert "\ufffe" not in xml and "\x01" not in xml
        # Excel trims text at its ends unless told to keep the spaces
        assert '<t xml:space="preserve">  padded  </t>' in xml
        assert "<t>a &lt; b &amp; c &gt; d</t>" in xml


def test_rows_keep_their_heights_and_empty_rows() -> None:
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, Styles(wb), "T", set(), [10])
    sheet.put(1, 1, "tall", font(12), CENTER)
    sheet.height(1, 12 * 1.45)
    sheet.height(3, 18)
    sheet.close(header_rows=None, last_row=4, last_column=1)
    out = BytesIO()
    wb.save(out)
    ws = open_xlsx(out.getvalue()).active
    assert ws.row_dimensions[1].height == pytest.approx(17.4)
    assert ws.row_dimensions[3].height == 18
    assert ws["A1"].value == "tall" and ws["A1"].font.sz == 12
    with zipfile.ZipFile(out) as archive:
        text = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<row r="2"></row>' in text and '<row r="4"></row>' in text


def test_a_row_already_written_cannot_change() -> None:
    wb = Workbook(write_only=True)
    sheet = Sheet(wb, Styles(wb), "T", set(), [10])
    sheet.body(1, 1, 1)
    sheet.flush(1)
    with pytest.raises(ValueError, match="already written"):
        sheet.body(1, 2, 2)
    with pytest.raises(ValueError, match="already written"):
        sheet.cells(1, 2, [2], [sheet.body_style()])


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("12.10"), "12.1"), (Decimal("1E+2"), "100"), (10**17, "1e+17"), (0.1 + 0.2, "0.3"),
     (Decimal("NaN"), ""), (float("inf"), "")],
)  # fmt: skip
def test_numbers_are_written_as_openpyxl_writes_them(value: Any, text: str) -> None:
    assert number_text(value) == text


def test_equal_numbers_share_their_text_whatever_their_type() -> None:
    writer = RowWriter(lambda style: style)
    row = writer.row(3, {1: (Decimal("1.00"), 0), 2: (1, 0), 3: (1.0, 0), 4: (None, 5)}, None)
    assert row == (
        '<row r="3"><c r="A3" s="0"><v>1</v></c><c r="B3" s="0"><v>1</v></c>'
        '<c r="C3" s="0"><v>1</v></c><c r="D3" s="5"/></row>'
    )


def test_dates_are_refused_rather_than_written_as_something_else() -> None:
    from datetime import date

    writer = RowWriter(lambda style: style)
    with pytest.raises(TypeError, match="dates"):
        writer.row(1, {1: (date(2025, 1, 1), 0)}, None)

"""Helpers for the Excel tests: signed-in clients, workbooks opened as a person would,
and templates filled in the way people fill them (numbers, "12,5" as text, blanks)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from flask import Flask
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from scoring.reports.template import DATA_MARK, FIRST_DATA_ROW
from tests.conftest import Browserless


@pytest.fixture
def sign_in(sample_app: Flask, accounts: Any) -> Callable[[str], Any]:
    """A fresh client signed in as ``username`` through the real form."""

    def make(username: str) -> Any:
        client = sample_app.test_client()
        response = Browserless(client).login(username)
        assert response.status_code == 302, response.text
        return client

    return make


def open_xlsx(data: bytes) -> Workbook:
    return load_workbook(BytesIO(data))


def sheet_xml(data: bytes) -> dict[str, str]:
    """Every worksheet part's XML, by part name."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        }


def formula_elements(data: bytes) -> list[str]:
    """Any <f> element in any worksheet (there must be none in what we produce)."""
    return [name for name, xml in sheet_xml(data).items() if re.search(r"<(\w+:)?f[ >/]", xml)]


def texts(ws: Worksheet) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def data_sheet(wb: Workbook) -> Worksheet:
    return next(ws for ws in wb.worksheets if ws["A1"].value == DATA_MARK)


def locate(ws: Worksheet, federation: str, indicator: str, field: str = "value") -> Any:
    """The cell of one federation's field for one indicator, by the hidden identifiers."""
    column = next(c.column for c in ws[1] if c.value == f"{federation}|{field}")
    row = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value == indicator)
    return ws.cell(row, column)


def fill(template: bytes, edits: dict[tuple[str, str, str], Any], **changes: Any) -> bytes:
    """The template with ``edits`` typed in; ``rename``, ``reverse_rows``, ``extra_row``
    do to it what people do (rename the sheet, sort rows, add a total row);
    ``sort_visible_only`` sorts the rows without the hidden column A."""
    wb = open_xlsx(template)
    ws = data_sheet(wb)
    for (federation, indicator, field), value in edits.items():
        locate(ws, federation, indicator, field).value = value
    if changes.get("reverse_rows"):
        _reverse_rows(ws)
    if changes.get("sort_visible_only"):
        _reverse_rows(ws, first_column=2)
    if changes.get("extra_row"):
        row = ws.max_row + 2
        ws.cell(row, 3).value = "Tổng cộng (dòng tự thêm)"
        ws.cell(row, 5).value = f"=SUM(E{FIRST_DATA_ROW}:E{row - 2})"
        ws.cell(row + 1, 3).value = "Ghi chú riêng của cụm"
    if changes.get("rename"):
        ws.title = changes["rename"]
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _reverse_rows(ws: Worksheet, first_column: int = 1) -> None:
    """Sort the data rows backwards, values only (what Excel's sort does to a range);
    from ``first_column`` = 2, the visible columns only, leaving the hidden codes."""
    last = ws.max_row
    rows = [
        [ws.cell(r, c).value for c in range(first_column, ws.max_column + 1)]
        for r in range(FIRST_DATA_ROW, last + 1)
    ]
    for offset, values in enumerate(reversed(rows)):
        for c, value in enumerate(values, start=first_column):
            cell = ws.cell(FIRST_DATA_ROW + offset, c)
            if type(cell).__name__ != "MergedCell":
                cell.value = value

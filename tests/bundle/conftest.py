"""Builders for bundles as people make them, and a reader fixture for both formats.

Tables are given as rows of strings (first row = header), as typed. The CSV
builder writes them as they are; the workbook builder stores what Excel would:
"12" and "35.5" as numeric cells, "" as an empty cell, "12,5" and words as text.
Most rule tests run once per format through ``bundle_reader``.
"""

from __future__ import annotations

import copy
import csv
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from scoring.bundle.csv_io import read_csv_bundle
from scoring.bundle.model import PeriodBundle
from scoring.bundle.xlsx_io import read_xlsx_bundle
from scoring.engine.problems import Problem, ProblemsFound

Tables = dict[str, list[list[Any]]]

VALID: Tables = {
    "settings": [
        ["key", "value"],
        ["year", "2023"],
        ["title", "Thi đua năm 2023"],
        ["deadline", "2023-12-05"],
        ["bonus_cap", "5"],
        ["tie_breakers", "section:I;bonus;penalty"],
        ["national_method", "raw"],
        ["bands", "90:Xuất sắc;80:Tốt;65:Khá;50:Trung bình;0:Yếu"],
    ],
    "clusters": [
        ["code", "name", "leader", "deputy"],
        ["C1", "Cụm thi đua số 1", "HNI", "HPG"],
        ["C2", "Cụm thi đua số 2", "DNG", ""],
    ],
    "federations": [
        ["code", "name", "cluster", "succeeds"],
        ["HNI", "Liên hiệp hội Hà Nội", "C1", ""],
        ["HPG", "Liên hiệp hội Hải Phòng", "C1", "HPG;HDG"],
        ["DNG", "Liên hiệp hội Đà Nẵng", "C2", ""],
    ],
    "indicators": [
        ["code", "parent", "name", "kind", "max_points", "target", "guidance"],
        ["I", "", "Tư vấn, phản biện", "section", "", "", ""],
        ["I.1", "I", "Số báo cáo tư vấn", "target", "30", "4", "Đếm các báo cáo"],
        ["I.2", "I", "Hội thảo khoa học", "points", "40", "", ""],
        ["II", "", "Kỷ luật báo cáo", "section", "", "", ""],
        ["II.1", "II", "Báo cáo đúng hạn", "yesno", "30", "", ""],
        ["B", "", "Điểm thưởng", "bonus", "5", "", ""],
        ["P", "", "Điểm trừ", "penalty", "10", "", ""],
    ],
    "scores": [
        ["federation", "indicator", "value", "self_value", "note"],
        ["HNI", "I.1", "3", "4", "Báo cáo số 12/BC-LHH"],
        ["HNI", "I.2", "35,5", "", ""],
        ["HNI", "II.1", "có", "1", ""],
        ["HNI", "B", "2", "", ""],
        ["HPG", "I.1", "5", "", ""],
        ["HPG", "I.2", "", "", "chưa nộp minh chứng"],
        ["HPG", "II.1", "không đạt", "", ""],
        ["DNG", "P", "1.5", "", ""],
    ],
    "votes": [["federation", "votes", "voters"], ["HNI", "7", "8"], ["HPG", "1", "8"]],
    "awards": [
        ["name", "scope", "count", "share", "min_total", "min_vote_share"],
        ["Cờ thi đua", "cluster", "1", "", "80", "70%"],
        ["Bằng khen", "", "", "0,25", "65", ""],
    ],
}

_INTEGER = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+\.\d+$")


def valid_tables() -> Tables:
    """A small, valid bundle as typed; every test gets its own copy to spoil."""
    return copy.deepcopy(VALID)


def write_csv(folder: Path, tables: Tables, bom: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        encoding = "utf-8-sig" if bom else "utf-8"
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(
                ["" if cell is None else cell for cell in row] for row in rows
            )
    return folder


def excel_value(cell: Any) -> Any:
    """What Excel stores when a person types ``cell``: numbers become numeric cells."""
    if not isinstance(cell, str):
        return cell
    if cell == "":
        return None
    if _INTEGER.match(cell):
        return int(cell)
    if _FLOAT.match(cell):
        return float(cell)
    return cell


def write_xlsx(path: Path, tables: Tables) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                value = excel_value(cell)
                if value is not None:
                    sheet.cell(r, c).value = value
                    if isinstance(value, str) and value.startswith("="):
                        sheet.cell(r, c).data_type = "s"
    workbook.save(path)
    return path


class BundleReader:
    """Writes tables in one format, reads them back, and says where a cell is."""

    def __init__(self, fmt: str, tmp_path: Path) -> None:
        self.fmt = fmt
        self.tmp_path = tmp_path
        self.count = 0

    def read(self, tables: Tables) -> PeriodBundle:
        self.count += 1
        if self.fmt == "csv":
            return read_csv_bundle(write_csv(self.tmp_path / f"b{self.count}", tables))
        return read_xlsx_bundle(write_xlsx(self.tmp_path / f"b{self.count}.xlsx", tables))

    def problems(self, tables: Tables) -> list[Problem]:
        with pytest.raises(ProblemsFound) as caught:
            self.read(tables)
        return caught.value.problems

    def where(self, tables: Tables, table: str, line: int, column: str | None = None) -> str:
        """Where the reader should locate row ``line`` (header = 1) and ``column``."""
        if self.fmt == "csv":
            return f"{table}.csv:{line}" + (f" [{column}]" if column else "")
        if column is None:
            return f"{table}!{line}:{line}"
        letter = get_column_letter(tables[table][0].index(column) + 1)
        return f"{table}!{letter}{line}"


@pytest.fixture(params=["csv", "xlsx"])
def bundle_reader(request: pytest.FixtureRequest, tmp_path: Path) -> BundleReader:
    return BundleReader(request.param, tmp_path)


@pytest.fixture
def tables() -> Tables:
    return valid_tables()


def problem_at(problems: list[Problem], where: str) -> Problem:
    """The one problem located at ``where`` (fails the test with all problems otherwise)."""
    found = [p for p in problems if p.where == where]
    assert len(found) == 1, (
        f"expected one problem at {where}, got: {[p.text('en') for p in problems]}"
    )
    return found[0]


@pytest.fixture
def at() -> Any:
    return problem_at


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Any:
    """Saves tables as a workbook in the test's folder: ``xlsx_file(tables, "b.xlsx")``."""

    def make(tables: Tables, name: str = "b.xlsx") -> Path:
        return write_xlsx(tmp_path / name, tables)

    return make


@pytest.fixture
def csv_folder(tmp_path: Path) -> Any:
    """Saves tables as a CSV folder in the test's folder: ``csv_folder(tables, "b")``."""

    def make(tables: Tables, name: str = "b", bom: bool = True) -> Path:
        return write_csv(tmp_path / name, tables, bom)

    return make

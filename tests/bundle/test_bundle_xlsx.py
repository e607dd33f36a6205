"""Workbooks: Excel's own cell types on the way in, text that stays text on the way out."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl import load_workbook

from scoring.bundle.model import BundleFederation
from scoring.bundle.xlsx_io import read_xlsx_bundle, write_xlsx_bundle
from scoring.engine.problems import ProblemsFound

FORMULA = '=HYPERLINK("http://x","y")'


def problems_of(source) -> list:
    with pytest.raises(ProblemsFound) as caught:
        read_xlsx_bundle(source)
    return caught.value.problems


def test_float_cell_30_01_is_exactly_30_01(tables, xlsx_file):
    tables["scores"][2][2] = 30.01
    tables["scores"][6][2] = 0.1 + 0.2  # what a formula may leave behind
    tables["scores"][6][1] = "I.2"
    tables["scores"][6][4] = ""
    del tables["scores"][3]
    scores = read_xlsx_bundle(xlsx_file(tables)).scores
    assert scores[1].value == Decimal("30.01")
    assert scores[4].value == Decimal("0.3")


def test_excel_cell_types(tables, xlsx_file):
    tables["settings"][3][1] = datetime(2023, 12, 5)
    tables["settings"][1][1] = 2023.0
    tables["scores"][3][2] = True
    tables["awards"][1][5] = 0.7  # a cell formatted as 70 %
    tables["votes"][1][1:] = [7.0, 8]
    bundle = read_xlsx_bundle(xlsx_file(tables))
    assert bundle.settings.deadline.isoformat() == "2023-12-05"
    assert bundle.settings.year == 2023
    assert bundle.scores[2].value == Decimal(1)
    assert bundle.awards[0].min_vote_share == Decimal("0.7")
    assert (bundle.votes[0].votes, bundle.votes[0].voters) == (7, 8)


def test_numeric_codes_read_as_text(tables, xlsx_file):
    tables["clusters"][1][0] = "1"
    for row in tables["federations"][1:3]:
        row[2] = "1"
    assert read_xlsx_bundle(xlsx_file(tables)).clusters[0].code == "1"


def test_sheet_names_are_case_insensitive_and_other_sheets_ignored(tables, xlsx_file):
    tables["Scores"] = tables.pop("scores")
    tables["SETTINGS "] = tables.pop("settings")
    tables["Hướng dẫn"] = [["Đọc kỹ trước khi điền"], ["=1+1"]]
    bundle = read_xlsx_bundle(xlsx_file(tables))
    assert len(bundle.scores) == 8 and bundle.settings.year == 2023


def test_two_sheets_for_one_table(tables, xlsx_file):
    tables["Votes "] = tables["votes"]
    problems = problems_of(xlsx_file(tables))
    assert [p.where for p in problems] == ["Votes "]
    assert "two sheets for the table votes" in problems[0].en


def test_header_below_blank_rows_keeps_real_row_numbers(tables, xlsx_file):
    tables["scores"][0:0] = [[], []]
    tables["scores"][4][2] = "99"
    problems = problems_of(xlsx_file(tables))
    assert [p.where for p in problems] == ["scores!C5"]


def test_empty_required_sheet(tables, xlsx_file):
    tables["scores"] = []
    problems = problems_of(xlsx_file(tables))
    assert [p.where for p in problems] == ["scores"]
    assert "empty" in problems[0].en


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "the file is empty"),
        (b"not a workbook at all", "not an .xlsx workbook"),
        (b"PK\x03\x04 truncated zip", "the .xlsx file is damaged"),
        (b"<html>Excel</html>", "not an .xlsx workbook"),
    ],
)
def test_not_a_workbook_is_a_problem_not_a_traceback(tmp_path, content, words):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    problems = problems_of(path)
    assert [p.where for p in problems] == ["broken.xlsx"]
    assert words in problems[0].en
    assert "tệp" in problems[0].vi


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert "not an Excel .xlsx workbook" in problems_of(buffer.getvalue())[0].en


def test_truncated_workbook(tables, xlsx_file):
    data = xlsx_file(tables).read_bytes()
    assert problems_of(data[: len(data) // 2])


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def _with_sheet_xml(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(name, content)
    return out.getvalue()


def test_entity_expansion_in_a_sheet_is_refused(tables, xlsx_file):
    """Entity declarations (billion laughs) are refused before openpyxl parses anything,
    and defusedxml would refuse them again; we report, never crash."""
    data = xlsx_file(tables).read_bytes()

    def bomb(xml: bytes) -> bytes:
        dtd = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        return dtd + xml.replace(b"<t>key</t>", b"<t>&b;</t>")

    hostile = _with_sheet_xml(data, bomb)
    problems = problems_of(hostile)
    assert len(problems) == 1
    assert "DTD or entity declaration" in problems[0].en
    with pytest.raises(ValueError) as caught:  # openpyxl wraps defusedxml's refusal
        load_workbook(io.BytesIO(hostile), read_only=True)
    assert type(caught.value.__cause__).__name__ == "EntitiesForbidden"


def test_damaged_sheet_xml_is_a_problem(tables, xlsx_file):
    data = xlsx_file(tables).read_bytes()
    damaged = _with_sheet_xml(data, lambda xml: xml[: len(xml) // 2])
    problems = problems_of(damaged)
    assert any("settings" in p.where for p in problems)


def test_reads_bytes_and_open_files(tables, xlsx_file):
    path = xlsx_file(tables)
    assert read_xlsx_bundle(path.read_bytes()).settings.year == 2023
    with path.open("rb") as handle:
        assert read_xlsx_bundle(handle).settings.year == 2023


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_formula_looking_text_is_written_as_text(tmp_path, tables, xlsx_file):
    bundle = read_xlsx_bundle(xlsx_file(tables))
    bundle.federations[0] = BundleFederation("HNI", FORMULA, "C1")
    bundle.scores[0].note = "=1+1"
    bundle.settings.title = "#N/A"
    bundle.indicators[1].guidance = "+CMD|' /C calc'!A0"
    target = tmp_path / "out.xlsx"
    write_xlsx_bundle(bundle, target)
    xml = _sheet_xml(target)
    assert "<f>" not in xml and "<f " not in xml
    assert 't="e"' not in xml
    # and quote-prefixed, so that editing the cell in Excel keeps it text
    sheets = load_workbook(target)
    assert sheets["federations"]["B2"].quotePrefix and sheets["scores"]["E2"].quotePrefix
    assert not sheets["federations"]["B3"].quotePrefix  # ordinary names carry no mark
    again = read_xlsx_bundle(target)
    assert again.federations[0].name == FORMULA
    assert again.scores[0].note == "=1+1"
    assert again.settings.title == "#N/A"
    assert again == bundle


def test_numbers_are_written_as_numeric_cells(tmp_path, tables, xlsx_file):
    bundle = read_xlsx_bundle(xlsx_file(tables))
    target = tmp_path / "out.xlsx"
    write_xlsx_bundle(bundle, target)
    sheet = load_workbook(target)["scores"]
    assert sheet["C2"].value == 3 and sheet["C2"].data_type == "n"
    assert sheet["C3"].value == 35.5 and sheet["C3"].data_type == "n"
    assert sheet["C4"].value == 1  # yes/no as 1/0
    assert sheet["A2"].value == "HNI" and sheet["A2"].data_type == "s"
    assert load_workbook(target)["settings"]["B2"].value == 2023


def test_text_excel_cannot_hold_is_refused_and_nothing_written(tmp_path, tables, xlsx_file):
    bundle = read_xlsx_bundle(xlsx_file(tables))
    bundle.scores[1].note = "bell\x07"
    bundle.scores[2].note = "x" * 40000
    target = tmp_path / "out.xlsx"
    with pytest.raises(ProblemsFound) as caught:
        write_xlsx_bundle(bundle, target)
    assert [p.where for p in caught.value.problems] == ["scores!E3", "scores!E4"]
    assert not target.exists()
    assert list(tmp_path.glob("*partial*")) == []


def test_writes_into_an_open_binary_file(tables, xlsx_file):
    bundle = read_xlsx_bundle(xlsx_file(tables))
    buffer = io.BytesIO()
    write_xlsx_bundle(bundle, buffer)
    assert read_xlsx_bundle(buffer.getvalue()) == bundle


def test_cell_locations_name_columns_as_spreadsheets_do() -> None:
    """``raw.column_letter`` stands in for openpyxl's (not imported for CSV bundles)."""
    from openpyxl.utils import get_column_letter

    from scoring.bundle.raw import column_letter

    assert [column_letter(n) for n in (1, 26, 27, 52, 702, 703, 16384)] == [
        "A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"
    ]  # fmt: skip
    assert all(column_letter(n) == get_column_letter(n) for n in range(1, 18279))

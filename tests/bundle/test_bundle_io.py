"""``read_bundle``/``write_bundle`` choose the format by path; anything else is a problem."""

from __future__ import annotations

import zipfile

import pytest

from scoring.bundle.io import read_bundle, write_bundle
from scoring.engine.problems import ProblemsFound


def problems_of(path) -> list:
    with pytest.raises(ProblemsFound) as caught:
        read_bundle(path)
    return caught.value.problems


def test_folder_and_workbook_are_both_read(tables, csv_folder, xlsx_file):
    assert read_bundle(csv_folder(tables)) == read_bundle(xlsx_file(tables))
    assert read_bundle(str(xlsx_file(tables, "UPPER.XLSX"))).settings.year == 2023


def test_write_chooses_by_suffix(tables, csv_folder, tmp_path):
    bundle = read_bundle(csv_folder(tables))
    write_bundle(bundle, tmp_path / "Period.XLSX")
    write_bundle(bundle, tmp_path / "nested" / "period-2023")
    assert zipfile.is_zipfile(tmp_path / "Period.XLSX")
    assert (tmp_path / "nested" / "period-2023" / "scores.csv").is_file()


def test_path_that_does_not_exist(tmp_path):
    problems = problems_of(tmp_path / "missing.xlsx")
    assert "no such folder or file" in problems[0].en
    assert problems[0].where.endswith("missing.xlsx")


@pytest.mark.parametrize(
    ("name", "reason"), [("old.xls", "save it as .xlsx"), ("one.csv", "a folder of CSV files")]
)
def test_other_files_are_refused_with_a_reason(tmp_path, name, reason):
    (tmp_path / name).write_bytes(b"whatever")
    assert reason in problems_of(tmp_path / name)[0].en


def test_corrupt_workbook_is_a_problem(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")
    problems = problems_of(tmp_path / "broken.xlsx")
    assert [p.where for p in problems] == ["broken.xlsx"]


def test_writing_a_folder_over_a_file_is_refused(tables, csv_folder, tmp_path):
    bundle = read_bundle(csv_folder(tables))
    (tmp_path / "taken").write_text("x")
    with pytest.raises(ProblemsFound):
        write_bundle(bundle, tmp_path / "taken")

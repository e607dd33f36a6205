"""CSV folders: encodings, BOMs, separators and line numbers as files really come."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.bundle.csv_io import read_csv_bundle, write_csv_bundle
from scoring.engine.problems import ProblemsFound


def problems_of(folder) -> list:
    with pytest.raises(ProblemsFound) as caught:
        read_csv_bundle(folder)
    return caught.value.problems


def test_files_with_and_without_bom_read_alike(tables, csv_folder):
    with_bom = read_csv_bundle(csv_folder(tables, "bom", bom=True))
    without = read_csv_bundle(csv_folder(tables, "plain", bom=False))
    assert with_bom == without


def test_written_files_start_with_a_bom_and_use_points(tables, csv_folder, tmp_path):
    bundle = read_csv_bundle(csv_folder(tables))
    out = tmp_path / "out"
    write_csv_bundle(bundle, out)
    raw = (out / "scores.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbffederation,indicator,value,self_value,note\r\n")
    text = raw.decode("utf-8-sig")
    assert "HNI,I.2,35.5,," in text  # a point, never a comma; None as empty
    assert "HNI,II.1,1,1," in text  # yes/no as 1/0
    assert (out / "votes.csv").exists() and (out / "awards.csv").exists()


def test_empty_optional_tables_are_written_as_headers(tables, csv_folder, tmp_path):
    del tables["votes"], tables["awards"]
    write_csv_bundle(read_csv_bundle(csv_folder(tables)), tmp_path / "out")
    assert (
        tmp_path / "out" / "votes.csv"
    ).read_bytes() == b"\xef\xbb\xbffederation,votes,voters\r\n"


def test_writing_is_deterministic(tables, csv_folder, tmp_path):
    bundle = read_csv_bundle(csv_folder(tables))
    write_csv_bundle(bundle, tmp_path / "one")
    write_csv_bundle(bundle, tmp_path / "two")
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


def test_file_names_are_case_insensitive(tables, csv_folder):
    folder = csv_folder(tables)
    (folder / "scores.csv").rename(folder / "Scores.CSV")
    assert len(read_csv_bundle(folder).scores) == 8


def test_two_files_for_one_table(tables, csv_folder):
    folder = csv_folder(tables)
    (folder / "Votes.csv").write_bytes((folder / "votes.csv").read_bytes())
    problems = problems_of(folder)
    assert len(problems) == 1 and "two files for the table votes" in problems[0].en


def test_quoted_cell_over_several_lines_keeps_line_numbers(tables, csv_folder):
    tables["scores"][1][4] = "dòng một\ndòng hai\ndòng ba"
    tables["scores"][2][2] = "99"
    problems = problems_of(csv_folder(tables))
    assert [p.where for p in problems] == ["scores.csv:5 [value]"]


def test_blank_lines_before_the_header(tables, csv_folder):
    tables["votes"][0:0] = [[], []]
    tables["votes"][3][1] = "9"
    problems = problems_of(csv_folder(tables))
    assert [p.where for p in problems] == ["votes.csv:4 [votes]"]


def test_semicolon_separated_file_is_explained(tables, csv_folder):
    folder = csv_folder(tables)
    rows = [";".join(row) for row in tables["votes"]]
    (folder / "votes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    problems = problems_of(folder)
    assert problems[0].where == "votes.csv:1"
    assert "not semicolons" in problems[0].en


def test_file_not_in_utf8_is_a_problem(tables, csv_folder):
    folder = csv_folder(tables)
    text = (folder / "federations.csv").read_text("utf-8-sig")
    (folder / "federations.csv").write_bytes(text.encode("utf-16"))
    problems = problems_of(folder)
    assert [p.where for p in problems] == ["federations.csv:1"]
    assert "UTF-8" in problems[0].en


def test_bytes_that_are_not_utf8_later_in_the_file(tables, csv_folder):
    folder = csv_folder(tables)
    path = folder / "scores.csv"
    path.write_bytes(path.read_bytes() + "HPG,I.2,1,,Hà\r\n".encode("cp1252"))
    problems = problems_of(folder)
    assert [p.where.split(":")[0] for p in problems] == ["scores.csv"]
    assert "UTF-8" in problems[0].en


def test_nul_byte_is_a_problem_not_a_traceback(tables, csv_folder):
    folder = csv_folder(tables)
    path = folder / "scores.csv"
    path.write_bytes(path.read_bytes() + b"HPG,I.2,1,,a\x00b\r\n")
    problems = problems_of(folder)
    assert problems and all(p.where.startswith("scores.csv") for p in problems)


def test_empty_required_file(tables, csv_folder):
    folder = csv_folder(tables)
    (folder / "clusters.csv").write_bytes(b"\xef\xbb\xbf")
    problems = problems_of(folder)
    assert [p.where for p in problems] == ["clusters.csv"]
    assert "empty" in problems[0].en


def test_empty_optional_file_means_no_rows(tables, csv_folder):
    folder = csv_folder(tables)
    (folder / "awards.csv").write_text("")
    assert read_csv_bundle(folder).awards == []


def test_folder_that_does_not_exist(tmp_path):
    problems = problems_of(tmp_path / "nowhere")
    assert "no such folder" in problems[0].en


def test_short_rows_read_as_empty_cells(tables, csv_folder):
    folder = csv_folder(tables)
    path = folder / "scores.csv"
    path.write_text(path.read_text("utf-8-sig") + "DNG,B,2\n", encoding="utf-8")
    assert read_csv_bundle(folder).scores[-1].value == Decimal(2)


def test_control_character_in_a_note_is_refused(tables, csv_folder):
    """A workbook (and XML) cannot hold it, so it would break the next export."""
    tables["scores"][1][4] = "a\x07b"
    problems = problems_of(csv_folder(tables))
    assert [p.where for p in problems] == ["scores.csv:2 [note]"]
    assert "control character" in problems[0].en

"""Every rule of INTERFACES.md §1 refuses bad input with a located, bilingual problem.

Each case spoils one cell of a valid bundle (row numbers count the header as 1,
as the line of a CSV file and the row of a sheet do) and expects exactly one
problem at that cell, in both formats.
"""

from __future__ import annotations

import pytest

COLUMNS = {
    "settings": ["key", "value"],
    "clusters": ["code", "name", "leader", "deputy"],
    "federations": ["code", "name", "cluster", "succeeds"],
    "indicators": ["code", "parent", "name", "kind", "max_points", "target", "guidance"],
    "scores": ["federation", "indicator", "value", "self_value", "note"],
    "votes": ["federation", "votes", "voters"],
    "awards": ["name", "scope", "count", "share", "min_total", "min_vote_share"],
}

# (table, line, column, typed value, words the English reason must contain)
CELL_CASES = [
    ("settings", 2, "value", "2023a", "year"),
    ("settings", 2, "value", "2023,5", "year"),
    ("settings", 2, "value", "", "must not be empty"),
    ("settings", 4, "value", "05/12/2023", "YYYY-MM-DD"),
    ("settings", 4, "value", "2023-02-30", "YYYY-MM-DD"),
    ("settings", 5, "value", "-1", "bonus cap"),
    ("settings", 6, "value", "section:X;bonus", "no section with code «X»"),
    ("settings", 6, "value", "section:I.1", "no section"),
    ("settings", 6, "value", "luck", "not valid"),
    ("settings", 7, "value", "average", "national method"),
    ("settings", 8, "value", "90 Xuất sắc", "THRESHOLD:LABEL"),
    ("settings", 3, "key", "tittle", "there is no key «tittle»"),
    ("settings", 3, "key", "YEAR", "repeated"),
    ("clusters", 2, "leader", "H/NI", "must not contain spaces"),
    ("clusters", 2, "name", "", "must not be empty"),
    ("clusters", 2, "name", "x" * 301, "longer than 300"),
    ("clusters", 2, "leader", "XYZ", "no federation with code «XYZ»"),
    ("clusters", 2, "leader", "DNG", "belongs to cluster «C2», not to «C1»"),
    ("clusters", 2, "deputy", "HNI", "two different federations"),
    ("federations", 4, "cluster", "C9", "no cluster with code «C9»"),
    ("federations", 2, "name", "  ", "must not be empty"),
    ("federations", 3, "succeeds", "HPG;H DG", "must not contain spaces"),
    ("indicators", 3, "kind", "diem", "kind «diem» is not valid"),
    ("indicators", 3, "kind", "", "must not be empty"),
    ("indicators", 3, "parent", "II", "must come before its children"),
    ("indicators", 3, "parent", "IX", "no parent with code «IX»"),
    ("indicators", 4, "parent", "I.1", "not a section"),
    ("indicators", 3, "parent", "I.1", "its own parent"),
    ("indicators", 4, "max_points", "", "must not be empty"),
    ("indicators", 4, "max_points", "0", "more than 0"),
    ("indicators", 4, "max_points", "-5", "more than 0"),
    ("indicators", 4, "max_points", "abc", "not a number"),
    ("indicators", 7, "max_points", "0", "more than 0"),
    ("indicators", 3, "target", "", "must not be empty"),
    ("indicators", 3, "target", "0", "more than 0"),
    ("indicators", 4, "target", "5", "only kind target has one"),
    ("indicators", 2, "max_points", "60", "add up to 70"),
    ("scores", 2, "federation", "XYZ", "no federation with code «XYZ»"),
    ("scores", 2, "federation", "", "must not be empty"),
    ("scores", 2, "indicator", "I.9", "no indicator with code «I.9»"),
    ("scores", 2, "indicator", "I", "is a section"),
    ("scores", 3, "value", "45", "exceeds the maximum 40"),
    ("scores", 3, "value", "-1", "negative"),
    ("scores", 3, "value", "abc", "not a number"),
    ("scores", 3, "value", "1,234", "more than 2 decimal places"),
    ("scores", 4, "value", "maybe", "not yes/no"),
    ("scores", 4, "self_value", "2", "not yes/no"),
    ("scores", 2, "value", "-2", "negative"),
    ("scores", 5, "value", "5,5", "exceeds the maximum 5"),
    ("votes", 2, "votes", "9", "more than the 8 voters"),
    ("votes", 2, "votes", "-1", "0 or more"),
    ("votes", 2, "votes", "7,5", "not a whole number"),
    ("votes", 2, "voters", "0", "1 or more"),
    ("votes", 2, "federation", "XYZ", "no federation"),
    ("awards", 2, "share", "0,5", "not both"),
    ("awards", 2, "count", "", "a count or a share"),
    ("awards", 2, "count", "0", "1 or more"),
    ("awards", 3, "share", "0", "0 < share ≤ 1"),
    ("awards", 3, "share", "150%", "0 < share ≤ 1"),
    ("awards", 3, "share", "0,12345", "more than 4 decimal places"),
    ("awards", 2, "min_vote_share", "120%", "0 ≤ share ≤ 1"),
    ("awards", 2, "min_vote_share", "nhiều", "not a share"),
    ("awards", 2, "min_total", "", "must not be empty"),
    ("awards", 2, "min_total", "-1", "0 or more"),
    ("awards", 2, "scope", "world", "cluster or national"),
]


@pytest.mark.parametrize(
    ("table", "line", "column", "typed", "reason"),
    CELL_CASES,
    ids=[f"{t}-{line}-{c}-{v[:12]}" for t, line, c, v, _ in CELL_CASES],
)
def test_bad_cell_is_one_located_problem(bundle_reader, tables, table, line, column, typed, reason):
    tables[table][line - 1][COLUMNS[table].index(column)] = typed
    problems = bundle_reader.problems(tables)
    where = bundle_reader.where(tables, table, line, column)
    assert [p.where for p in problems] == [where], [p.text("en") for p in problems]
    assert reason in problems[0].en
    assert problems[0].vi and problems[0].vi != problems[0].en


@pytest.mark.parametrize("typed", ["abc", "45", "-1", "1,234"])
def test_a_refused_value_names_the_range_allowed(bundle_reader, tables, typed):
    """SCORING.md §2: a refusal names the allowed range, whatever was wrong with the value."""
    tables["scores"][2][COLUMNS["scores"].index("value")] = typed
    (problem,) = bundle_reader.problems(tables)
    assert problem.en.endswith("allowed: from 0 to 40 points")
    assert problem.vi.endswith("cho phép từ 0 đến 40 điểm")


# (table, an extra row repeating an earlier one, the column blamed, the first one's line)
REPEAT_CASES = [
    ("clusters", ["C1", "Cụm trùng", "", ""], "code", 2),
    ("federations", ["HNI", "Hà Nội trùng", "C1", ""], "code", 2),
    ("indicators", ["I.2", "I", "Trùng", "points", "5", "", ""], "code", 4),
    ("scores", [" HNI ", "I.2", "1", "", ""], "indicator", 3),
    ("votes", ["HNI", "1", "8"], "federation", 2),
    ("awards", ["Cờ thi đua", "national", "1", "", "90", ""], "name", 2),
]


@pytest.mark.parametrize(("table", "row", "column", "first"), REPEAT_CASES)
def test_repeated_row_names_the_first_one(bundle_reader, tables, table, row, column, first):
    tables[table].append(row)
    problems = bundle_reader.problems(tables)
    line = len(tables[table])
    assert [p.where for p in problems] == [bundle_reader.where(tables, table, line, column)]
    assert f"(already at {bundle_reader.where(tables, table, first, column)})" in problems[0].en


def test_reasons_are_in_vietnamese_with_diacritics(bundle_reader, tables):
    tables["scores"][2][2] = "45"
    tables["federations"][3][2] = "C9"
    problems = bundle_reader.problems(tables)
    assert problems[0].vi == "không có cụm mã «C9»"
    assert problems[1].vi == "45 vượt quá điểm tối đa 40; cho phép từ 0 đến 40 điểm"


def test_every_problem_is_reported_at_once(bundle_reader, tables, at):
    tables["settings"][1][1] = "năm ngoái"
    tables["clusters"][2][2] = "HNI"
    tables["indicators"][5][3] = "yes-no"
    tables["scores"][2][2] = "99"
    tables["scores"][4][3] = "chắc chắn"
    tables["votes"][1][1] = "10"
    tables["awards"][2][3] = "2"
    problems = bundle_reader.problems(tables)
    w = bundle_reader.where
    expected = [
        w(tables, "settings", 2, "value"),
        w(tables, "clusters", 3, "leader"),
        w(tables, "indicators", 6, "kind"),
        w(tables, "scores", 3, "value"),
        w(tables, "scores", 5, "self_value"),
        w(tables, "votes", 2, "votes"),
        w(tables, "awards", 3, "share"),
    ]
    assert [p.where for p in problems] == expected
    assert "«yes-no»" in at(problems, expected[2]).en


def test_scores_of_a_broken_indicator_are_not_blamed_twice(bundle_reader, tables):
    tables["indicators"][3][4] = "bốn mươi"
    problems = bundle_reader.problems(tables)
    assert [p.where for p in problems] == [
        bundle_reader.where(tables, "indicators", 4, "max_points")
    ]


@pytest.mark.parametrize("name", ["settings", "clusters", "federations", "indicators", "scores"])
def test_missing_required_table(bundle_reader, tables, name):
    del tables[name]
    problems = bundle_reader.problems(tables)
    expected = f"{name}.csv" if bundle_reader.fmt == "csv" else name
    assert problems[0].where == expected
    assert "missing" in problems[0].en


def test_missing_clusters_table_is_not_repeated_for_every_federation(bundle_reader, tables):
    del tables["clusters"]
    assert len(bundle_reader.problems(tables)) == 1


@pytest.mark.parametrize(("name", "column"), [("scores", "indicator"), ("awards", "min_total")])
def test_missing_required_column(bundle_reader, tables, name, column):
    index = tables[name][0].index(column)
    for row in tables[name]:
        del row[index]
    problems = bundle_reader.problems(tables)
    assert [p.where for p in problems] == [bundle_reader.where(tables, name, 1)]
    assert f"no column «{column}»" in problems[0].en


def test_column_given_twice(bundle_reader, tables):
    for row in tables["votes"]:
        row.append(row[1])
    problems = bundle_reader.problems(tables)
    assert problems[0].en == "column «votes» appears twice"


def test_section_without_indicators(bundle_reader, tables):
    tables["indicators"].append(["III", "", "Hợp tác quốc tế", "section", "", "", ""])
    problems = bundle_reader.problems(tables)
    assert [p.where for p in problems] == [bundle_reader.where(tables, "indicators", 9, "code")]
    assert problems[0].en == "section «III» holds no indicator"


def test_missing_year(bundle_reader, tables):
    del tables["settings"][1]
    problems = bundle_reader.problems(tables)
    assert problems[0].en == "the key «year» is missing"


def test_row_with_only_a_note_needs_its_codes(bundle_reader, tables):
    tables["scores"].append(["", "", "", "", "ghi chú lạc"])
    problems = bundle_reader.problems(tables)
    assert [p.where for p in problems] == [
        bundle_reader.where(tables, "scores", 10, "federation"),
        bundle_reader.where(tables, "scores", 10, "indicator"),
    ]

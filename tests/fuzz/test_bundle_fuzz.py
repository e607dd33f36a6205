"""Fuzzing the period bundle (issue 5 item 5; INTERFACES.md §1).

Hypothesis breaks the 2023 sample in every way a bundle gets broken in real life or
on purpose (wrong types, huge and tiny numbers, NaN, odd Unicode, control
characters, formula-looking text, 100k-character names, missing or empty files and
sheets, missing, duplicated or renamed columns, duplicated rows, BOM and encoding
variants, damaged bytes) and writes it both as a CSV folder and as a workbook.

Properties:
- reading either form gives a ``PeriodBundle`` or raises ``ProblemsFound`` whose
  every problem is located and worded in both languages: never another exception;
- ``scoring import-period`` exits 0 or 1, never with a traceback, and after exit 1
  the database is exactly as it was (with and without ``--replace``).
"""

from __future__ import annotations

import tempfile
import traceback
from datetime import date, datetime
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, reject
from hypothesis import strategies as st

from scoring.bundle.io import read_bundle
from scoring.bundle.model import PeriodBundle
from scoring.engine.problems import Problem, ProblemsFound

from .bundles import TABLES, Broken, Bundle, Mutation, broken_bundles, fresh, write_csv, write_xlsx
from .dbstate import differences, snapshot
from .nasty import FORMULAS, FUZZ, LONG, NUMBERS, NUMBERS_AS_TEXT, ODD_TEXT


def workdir(tmp_path: Path) -> Path:
    """A fresh folder per example (``tmp_path`` is one per test, not per example)."""
    return Path(tempfile.mkdtemp(dir=tmp_path))


def assert_located(problems: list[Problem]) -> None:
    assert problems, "ProblemsFound without any problem"
    for problem in problems:
        assert isinstance(problem, Problem), problem
        assert isinstance(problem.where, str) and problem.where.strip(), f"unlocated: {problem}"
        assert isinstance(problem.vi, str) and problem.vi.strip(), f"no Vietnamese: {problem}"
        assert isinstance(problem.en, str) and problem.en.strip(), f"no English: {problem}"


def known_bug(exc: BaseException | None) -> bool:
    """A crash already reported and pinned by a strict xfail below (KNOWN_BUGS): the
    random fuzzers pass over it to keep looking for new ones. Remove with the fix."""
    if not isinstance(exc, InvalidOperation) or exc.__traceback__ is None:
        return False
    return traceback.extract_tb(exc.__traceback__)[-1].name == "_fraction"


def read_or_problems(path: Path, skip_known: bool = False) -> PeriodBundle | None:
    """The property itself: a bundle, or located problems; any other exception fails."""
    try:
        bundle = read_bundle(path)
    except ProblemsFound as found:
        assert_located(found.problems)
        return None
    except InvalidOperation as exc:
        if skip_known and known_bug(exc):
            reject()
        raise
    assert isinstance(bundle, PeriodBundle)
    return bundle


def outcome(bundle: PeriodBundle | None) -> None:
    """For ``--hypothesis-show-statistics``: how many examples were still valid."""
    event("a bundle" if bundle is not None else "problems found")


@FUZZ
@given(broken=broken_bundles())
def test_a_broken_csv_folder_gives_a_bundle_or_located_problems(
    tmp_path: Path, broken: Broken
) -> None:
    outcome(read_or_problems(write_csv(broken, workdir(tmp_path) / "bundle"), skip_known=True))


@FUZZ
@given(broken=broken_bundles())
def test_a_broken_workbook_gives_a_bundle_or_located_problems(
    tmp_path: Path, broken: Broken
) -> None:
    outcome(
        read_or_problems(write_xlsx(broken, workdir(tmp_path) / "bundle.xlsx"), skip_known=True)
    )


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(["bundle.xlsx", "scores.csv"]))
def test_random_bytes_give_located_problems(tmp_path: Path, data: bytes, name: str) -> None:
    """Bytes that are no workbook, or a scores file of noise beside good tables."""
    folder = workdir(tmp_path)
    if name.endswith(".xlsx"):
        target = folder / name
    else:
        target = write_csv(Broken([Mutation("header_case", "settings", (0, 0, 0))]), folder / "b")
    (target / name if target.is_dir() else target).write_bytes(data)
    read_or_problems(target)


def test_the_unbroken_sample_reads_in_both_forms(tmp_path: Path) -> None:
    """The fuzzers start from a bundle that is good in both forms (else they test nothing)."""
    untouched = Broken([Mutation("header_case", "votes", (0, 0, 0))])  # a harmless change
    assert read_or_problems(write_csv(untouched, tmp_path / "csv")) is not None
    assert read_or_problems(write_xlsx(untouched, tmp_path / "b.xlsx")) is not None


# --- every column against every extreme value, systematically ------------------------

EXTREMES: list[object] = [
    *NUMBERS_AS_TEXT, *FORMULAS, *ODD_TEXT, *NUMBERS, LONG, True, False,
    date(1900, 1, 1), datetime(2023, 12, 15, 13, 45), 10**40, -(10**40),
]  # fmt: skip
KNOWN_BUGS: dict[
    tuple[str, str], str
] = {}  # (table, column) -> reason, for crashes reported and pinned


GRID_SCORES = 60  # score rows in the grid's bundles: more than EXTREMES needs
UNIQUE = {"awards": "name", "clusters": "code"}  # small tables grown by copying rows


def extreme_bundles(table: str, column: str) -> list[Bundle]:
    """Bundles with every extreme value in ``table.column``, one value per row.

    ``awards`` and ``clusters`` are grown to one row per value (copies made unique
    by their code or name); the other small tables take several bundles.
    """
    base = fresh(GRID_SCORES)
    rows = base[table]
    if table in UNIQUE:
        key = rows[0].index(UNIQUE[table])
        while len(rows) - 1 < len(EXTREMES):
            copy = list(rows[1 + (len(rows) - 1) % 2])
            copy[key] = f"{copy[key]}-{len(rows)}"
            rows.append(copy)
    index = rows[0].index(column)
    per_bundle = len(rows) - 1
    made = []
    for start in range(0, len(EXTREMES), per_bundle):
        bundle = {name: [list(r) for r in t] for name, t in base.items()}
        for offset, value in enumerate(EXTREMES[start : start + per_bundle], start=1):
            bundle[table][offset][index] = value
        made.append(bundle)
    return made


def _column_cases() -> list[object]:
    cases = []
    for form in ("csv", "xlsx"):
        for table in TABLES:
            for column in fresh()[table][0]:
                bug = KNOWN_BUGS.get((table, column))
                marks = (
                    [pytest.mark.xfail(strict=True, raises=InvalidOperation, reason=bug)]
                    if bug
                    else []
                )
                cases.append(
                    pytest.param(form, table, column, marks=marks, id=f"{form}-{table}.{column}")
                )
    return cases


@pytest.mark.parametrize(("form", "table", "column"), _column_cases())
def test_every_extreme_value_in_every_column_gives_located_problems(
    tmp_path: Path, form: str, table: str, column: str
) -> None:
    for n, bundle in enumerate(extreme_bundles(table, column)):
        broken = Broken([], base=bundle)
        path = (
            write_csv(broken, tmp_path / f"b{n}")
            if form == "csv"
            else write_xlsx(broken, tmp_path / f"b{n}.xlsx")
        )
        read_or_problems(path)


def test_a_huge_share_is_a_located_problem(tmp_path: Path) -> None:
    """The smallest reproducer of the bug above: awards.csv, share = 1 followed by 30 zeros."""
    bundle = fresh()
    awards = bundle["awards"]
    awards[1][awards[0].index("count")] = ""
    awards[1][awards[0].index("share")] = "1" + "0" * 30
    read_or_problems(write_csv(Broken([], base=bundle), tmp_path / "b"))


# --- through the command line ---------------------------------------------------------


def run_import(runner: Any, path: Path, replace: bool) -> Any:
    args = ["import-period", str(path), *(["--replace"] if replace else [])]
    return runner.invoke(args=args)


@FUZZ
@given(
    broken=broken_bundles(max_mutations=3),
    form=st.sampled_from(["csv", "xlsx"]),
    replace=st.booleans(),
)
def test_import_period_exits_0_or_1_and_a_refusal_writes_nothing(
    sample_app: Any, tmp_path: Path, broken: Broken, form: str, replace: bool
) -> None:
    folder = workdir(tmp_path)
    path = (
        write_csv(broken, folder / "b") if form == "csv" else write_xlsx(broken, folder / "b.xlsx")
    )
    before = snapshot(sample_app)
    runner = sample_app.test_cli_runner()
    result = run_import(runner, path, replace)
    output = result.output
    if known_bug(result.exception):
        reject()
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{output[-2000:]}"
    )
    assert result.exit_code in (0, 1), output[-2000:]
    event(f"exit {result.exit_code}{' --replace' if replace else ''}")
    assert "Traceback" not in output
    if result.exit_code == 1:
        assert output.strip(), "refused without saying why"
        after = snapshot(sample_app)
        assert after == before, differences(before, after)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_good_bundle_imports_through_the_cli(app: Any, tmp_path: Path, form: str) -> None:
    """The CLI property above also sees exit 0 (a mutation that keeps the bundle valid)."""
    untouched = Broken([Mutation("blank_rows", "scores", (5, 1, 0))])
    path = (
        write_csv(untouched, tmp_path / "b")
        if form == "csv"
        else write_xlsx(untouched, tmp_path / "b.xlsx")
    )
    result = run_import(app.test_cli_runner(), path, replace=False)
    assert result.exit_code == 0, result.output


def test_import_period_of_a_huge_share_exits_1_without_a_traceback(
    app: Any, tmp_path: Path
) -> None:
    """The same bug through ``scoring import-period``: the installed command prints a
    Python traceback (the test runner catches the exception instead)."""
    bundle = fresh()
    awards = bundle["awards"]
    awards[1][awards[0].index("count")] = ""
    awards[1][awards[0].index("share")] = "1" + "0" * 30
    result = run_import(
        app.test_cli_runner(), write_csv(Broken([], base=bundle), tmp_path / "b"), False
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 1

"""The installed ``scoring`` script's exit status and messages (INTERFACES.md §2).

Exit 0 on success, 1 on refused input with the reasons on stderr, never a traceback
for a user's mistake. These run the real script in its own process (``python -m
scoring.cli_entry``), because Click's test runner does not go through its entry point.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def scoring(database: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", SCORING_LANG=lang)
    env.pop("SECRET_KEY", None)
    return subprocess.run(
        [sys.executable, "-m", "scoring.cli_entry", *args], env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "scoring.sqlite3"
    for step in (("init-db",), ("load-sample",)):
        assert scoring(path, *step).returncode == 0
    return path


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("rankings", "abc"), ("'abc' is not a valid integer",)),  # Click alone would exit 2
        (("rankings",), ("Missing argument 'YEAR'",)),
        (("export-report", "2023", "-o", "report.csv"), (".xlsx",)),
        (("no-such-command",), ("No such command",)),
        (("db", "no-such-command"), ("No such command",)),  # Flask-Migrate's group too
        (("rankings", "1999"), ("1999",)),
    ],
)
def test_a_refused_command_line_exits_1_with_its_reason(database: Path, args: tuple[str, ...], words) -> None:  # type: ignore[no-untyped-def]
    refused(scoring(database, *args), *words)


def test_a_file_that_cannot_be_written_is_named_without_a_traceback(database: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    refused(scoring(database, "export-period", "2023", str(blocker / "sub" / "x.xlsx")), str(blocker / "sub"))
    refused(scoring(database, "export-report", "2023", "-o", str(blocker / "r.xlsx")), str(blocker))
    assert blocker.read_text() == "not a folder"
    (tmp_path / ".in-the-way.xlsx.partial").mkdir()  # the file written first cannot be
    result = scoring(database, "export-period", "2023", str(tmp_path / "in-the-way.xlsx"))
    refused(result, "in-the-way.xlsx.partial")
    assert "Exception ignored" not in result.stderr


def test_an_xlsx_export_makes_its_folder_as_a_csv_export_does(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "2023.xlsx"
    result = scoring(database, "export-period", "2023", str(target))
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0
    assert not list(target.parent.glob(".*.partial"))


def test_a_database_not_set_up_says_to_run_init_db(tmp_path: Path) -> None:
    refused(scoring(tmp_path / "empty.sqlite3", "rankings", "2023"), "scoring init-db")
    refused(scoring(tmp_path / "empty.sqlite3", "rankings", "2023", lang="vi"), "scoring init-db", "cơ sở dữ liệu")


def test_success_and_help_exit_0(database: Path) -> None:
    result = scoring(database, "rankings", "2023", "--json")
    assert result.returncode == 0 and result.stdout.startswith('{"year": 2023')
    assert scoring(database, "--help").returncode == 0
    assert scoring(database, "rankings", "--help").returncode == 0
    assert scoring(database, "db", "current").returncode == 0

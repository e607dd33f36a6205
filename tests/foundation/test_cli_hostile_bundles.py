"""``scoring import-period`` refuses a hostile ``.xlsx`` bundle as the web refuses a
hostile upload (reports.guard): exit 1, the file named and what is wrong with it on
stderr, no traceback, and the database exactly as it was. Run through the real
entry point in its own process, as test_cli_exit_status does."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bundle.hostile import (
    sample_workbook,
    with_damaged_part,
    with_encrypted_flag,
    with_entities,
    zip_bomb,
)
from tests.foundation.test_cli_exit_status import refused, scoring


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set-up database without the 2023 period, so that the sample, were it read,
    would be imported."""
    path = tmp_path_factory.mktemp("cli-hostile") / "scoring.sqlite3"
    assert scoring(path, "init-db").returncode == 0
    return path


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return sample_workbook(tmp_path_factory.mktemp("bundle") / "good.xlsx").read_bytes()


def dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (zip_bomb, "«bom nén»"),
        (with_entities, "khai báo DTD/thực thể XML"),
        (with_encrypted_flag, "tệp có phần bị mã hóa"),
        (with_damaged_part, "tệp .xlsx bị hỏng"),
    ],
    ids=["zip-bomb", "dtd-entities", "encrypted-part", "damaged-part"],
)
def test_a_hostile_xlsx_bundle_is_refused_and_nothing_is_written(
    database: Path, good: bytes, tmp_path: Path, make: Callable[[bytes], bytes], words: str
) -> None:
    bundle = tmp_path / "ky-2023.xlsx"
    bundle.write_bytes(make(good))
    before = dump(database)
    result = scoring(database, "import-period", str(bundle), lang="vi")
    refused(result, "Có 1 lỗi; chưa ghi gì vào cơ sở dữ liệu:", "  ky-2023.xlsx: ", words)
    assert dump(database) == before


def test_the_same_bundle_unharmed_is_imported(good: bytes, tmp_path: Path) -> None:
    database, bundle = tmp_path / "fresh.sqlite3", tmp_path / "ky-2023.xlsx"
    bundle.write_bytes(good)
    assert scoring(database, "init-db").returncode == 0
    result = scoring(database, "import-period", str(bundle), lang="en")
    assert result.returncode == 0, result.stderr
    assert "Imported 2023" in result.stdout

"""A hostile ``.xlsx`` bundle is refused as a hostile upload is (reports.guard), before
openpyxl reads it, with one located problem in both languages; a national-size
bundle, larger than any upload may be, is not."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from scoring.bundle.io import read_bundle
from scoring.engine.problems import ProblemsFound
from scoring.reports.guard import MAX_UNCOMPRESSED
from tests.bundle.hostile import (
    sample_workbook,
    with_damaged_part,
    with_encrypted_flag,
    with_entities,
    with_large_part,
    zip_bomb,
)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return sample_workbook(tmp_path_factory.mktemp("hostile") / "good.xlsx").read_bytes()


@pytest.mark.parametrize(
    ("make", "vi", "en"),
    [
        (zip_bomb, "«bom nén»", "possibly a zip bomb"),
        (with_entities, "khai báo DTD/thực thể XML", "XML DTD or entity declaration"),
        (with_encrypted_flag, "tệp có phần bị mã hóa", "part of the file is encrypted"),
        (with_damaged_part, "tệp .xlsx bị hỏng", "the .xlsx file is damaged"),
    ],
    ids=["zip-bomb", "dtd-entities", "encrypted-part", "damaged-part"],
)
def test_a_hostile_workbook_is_refused_with_one_located_bilingual_problem(
    good: bytes, tmp_path: Path, make: Callable[[bytes], bytes], vi: str, en: str
) -> None:
    path = tmp_path / "ky-2023.xlsx"
    path.write_bytes(make(good))
    with pytest.raises(ProblemsFound) as caught:
        read_bundle(path)
    (problem,) = caught.value.problems
    assert problem.where == "ky-2023.xlsx"
    assert vi in problem.vi and en in problem.en


def test_too_many_parts_are_refused(good: bytes, tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    path.write_bytes(good)
    with zipfile.ZipFile(path, "a") as archive:
        for n in range(1000):
            archive.writestr(f"customXml/item{n}.bin", b"")
    with pytest.raises(ProblemsFound) as caught:
        read_bundle(path)
    assert [p.en for p in caught.value.problems] == ["the file has too many parts"]


def test_a_bundle_larger_than_an_upload_may_be_is_read(good: bytes, tmp_path: Path) -> None:
    """The uploads' cap is for one cluster's template; national data is far larger
    (10,000 federations x 100 indicators inflate to about 200 MB)."""
    plain, large = tmp_path / "plain.xlsx", tmp_path / "large.xlsx"
    plain.write_bytes(good)
    large.write_bytes(with_large_part(good))
    with zipfile.ZipFile(large) as archive:
        assert sum(e.file_size for e in archive.infolist()) > MAX_UNCOMPRESSED
    assert read_bundle(large) == read_bundle(plain)

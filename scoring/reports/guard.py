"""Refusing hostile or wrong files before any XML is parsed.

An uploaded "workbook" may be anything: an old .xls, a renamed PDF, a zip
bomb (a few kilobytes that inflate to gigabytes) or XML with entity tricks
(the "billion laughs"). Each is refused here with a message a person can act
on. openpyxl itself parses with defusedxml when it is installed (it is a
dependency), which refuses DTDs and entities a second time.

Uploads are checked in memory (``check_xlsx``); a period bundle read by the
command line is checked where it lies (``check_xlsx_file``), with the same
rules but a larger total size (``MAX_BUNDLE_UNCOMPRESSED``).
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from scoring.engine.problems import Problem, ProblemsFound

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an .xlsx with an opening password
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_BUNDLE_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
"""A period bundle (INTERFACES.md §1) is national data, not one cluster's template:
10,000 federations x 100 indicators is 1,000,000 score rows, about 200 MB of sheet
XML (benchmarks/generate_period.py), so the uploads' 50 MB would refuse real data.
2 GB leaves room for ten times that (long notes, more indicators) while a bomb is
still stopped by the ratio (at most MAX_RATIO times what lies on disk), and a file
beyond it would take openpyxl more than ten minutes to read anyway."""
MAX_RATIO = 100
MAX_ENTRIES = 1000
_RATIO_FROM = 1024 * 1024  # tiny parts may compress oddly well; a bomb cannot stay tiny
_XML_TRICKS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")
_CHUNK = 1024 * 1024


class RefusedFile(ProblemsFound):
    """The file itself is refused (not .xlsx, too big, hostile); nothing was read from it."""


def refuse(filename: str, vi: str, en: str) -> RefusedFile:
    return RefusedFile([Problem(filename, vi, en)])


def check_xlsx(filename: str, data: bytes, max_bytes: int) -> None:
    """Raise RefusedFile unless ``data`` looks like a sane .xlsx named ``filename``."""
    name = filename or "tệp tải lên"
    if not name.lower().endswith(".xlsx"):
        raise refuse(
            name,
            "chỉ nhận tệp Excel .xlsx; hãy mở tệp trong Excel hoặc LibreOffice và "
            "«Lưu thành» Excel Workbook (.xlsx)",
            "only .xlsx workbooks are accepted; open the file and save it as an Excel Workbook (.xlsx)",
        )
    if not data:
        raise refuse(name, "tệp trống", "the file is empty")
    if len(data) > max_bytes:
        raise refuse(
            name,
            f"tệp quá lớn ({len(data) // 1024} KB; tối đa {max_bytes // 1024} KB)",
            f"the file is too large ({len(data) // 1024} KB; at most {max_bytes // 1024} KB)",
        )
    _check_signature(name, data[: len(OLE_SIGNATURE)])
    _check_archive(name, BytesIO(data), MAX_UNCOMPRESSED)


def check_xlsx_file(
    name: str, source: Path | BinaryIO, max_uncompressed: int = MAX_BUNDLE_UNCOMPRESSED
) -> None:
    """Raise RefusedFile unless the workbook at ``source`` (a path, or a seekable binary
    file, left where it was) is a sane .xlsx; streamed, never read whole into memory."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            check_xlsx_file(name, handle, max_uncompressed)
        return
    start = source.tell()
    try:
        head = source.read(len(OLE_SIGNATURE))
        if not head:
            raise refuse(name, "tệp trống", "the file is empty")
        _check_signature(name, head)
        source.seek(start)
        _check_archive(name, source, max_uncompressed)
    finally:
        source.seek(start)


def _check_signature(name: str, head: bytes) -> None:
    if head.startswith(OLE_SIGNATURE):
        raise refuse(
            name,
            "tệp là định dạng Excel cũ (.xls) hoặc có mật khẩu mở; hãy bỏ mật khẩu và lưu "
            "thành .xlsx",
            "the file is an old .xls or has an opening password; remove it and save as .xlsx",
        )
    if not head.startswith(ZIP_SIGNATURE):
        raise refuse(
            name,
            "tệp không phải là tệp Excel .xlsx (có thể đã bị đổi tên đuôi)",
            "the file is not an .xlsx workbook (perhaps it was renamed)",
        )


def _check_archive(name: str, source: BinaryIO, max_uncompressed: int) -> None:
    try:
        archive = zipfile.ZipFile(source)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(name, "tệp .xlsx bị hỏng, không mở được", "the .xlsx file is damaged") from exc
    with archive:
        _check_sizes(name, entries, max_uncompressed)
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise refuse(
                name,
                "tệp nén này không phải một sổ tính Excel .xlsx",
                "this archive is not an Excel .xlsx workbook",
            )
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels")) and _readable_dtd(name, archive, entry):
                raise refuse(
                    name,
                    "tệp chứa khai báo DTD/thực thể XML (có thể là tệp độc hại); không đọc tệp này. "
                    "Hãy lưu lại tệp bằng Excel hoặc LibreOffice rồi thử lại",
                    "the file contains an XML DTD or entity declaration (possibly hostile); it "
                    "was not read. Save it again with Excel or LibreOffice and try again",
                )


def _check_sizes(name: str, entries: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    if len(entries) > MAX_ENTRIES:
        raise refuse(name, "tệp có quá nhiều thành phần", "the file has too many parts")
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries)
    bomb = total > max_uncompressed or any(
        e.file_size > _RATIO_FROM and e.file_size > MAX_RATIO * max(e.compress_size, 1)
        for e in entries
    )
    if bomb or (total > _RATIO_FROM and total > MAX_RATIO * max(packed, 1)):
        raise refuse(
            name,
            f"tệp giải nén ra quá lớn ({total // (1024 * 1024)} MB; tối đa "
            f"{max_uncompressed // (1024 * 1024)} MB, tỷ lệ nén tối đa {MAX_RATIO}); có thể là "
            "«bom nén», không đọc tệp này",
            f"the file inflates too much ({total // (1024 * 1024)} MB; at most "
            f"{max_uncompressed // (1024 * 1024)} MB, ratio at most {MAX_RATIO}); possibly a "
            "zip bomb, it was not read",
        )
    if any(e.flag_bits & 0x1 for e in entries):
        raise refuse(name, "tệp có phần bị mã hóa", "part of the file is encrypted")


def _readable_dtd(name: str, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    try:
        return _has_dtd(archive, entry)
    except (
        zipfile.BadZipFile,
        zlib.error,  # a broken deflate stream inside a part
        UnicodeDecodeError,  # a garbled part name in a local header
        OSError,
        EOFError,
        NotImplementedError,  # zipfile's answer to an unsupported compression method
        RuntimeError,
    ) as exc:
        raise refuse(name, "tệp .xlsx bị hỏng, không mở được", "the .xlsx file is damaged") from exc


def _has_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DTD or entities (streamed, overlap-safe)."""
    tail = b""
    with archive.open(entry) as handle:
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            if any(trick in window for trick in _XML_TRICKS):
                return True
            tail = window[-16:]
    return False

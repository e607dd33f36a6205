"""Hostile and damaged variants of a real bundle workbook, made byte by byte.

Each takes the bytes of a good ``.xlsx`` bundle and returns a workbook that the
reader must refuse before openpyxl inflates or parses anything (reports.guard).
"""

from __future__ import annotations

import random
import struct
import zipfile
from io import BytesIO
from pathlib import Path

from scoring.bundle.io import read_bundle
from scoring.bundle.xlsx_io import write_xlsx_bundle
from tests.conftest import SAMPLE_2023
from tests.reports.test_hostile_files import LAUGHS, rebuilt

_LOCAL, _CENTRAL = b"PK\x03\x04", b"PK\x01\x02"


def sample_workbook(path: Path) -> Path:
    """The 2023 sample bundle as one workbook."""
    write_xlsx_bundle(read_bundle(SAMPLE_2023), path)
    return path


def biggest_part(data: bytes) -> str:
    """The scores sheet: the largest part of a bundle."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return max(archive.infolist(), key=lambda e: e.file_size).filename


def zip_bomb(data: bytes, size: int = 20 * 1024 * 1024) -> bytes:
    """The scores sheet padded with ``size`` spaces: still a valid sheet, a thousand
    times larger inflated than on disk."""
    part = biggest_part(data)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        xml = archive.read(part)
    return rebuilt(data, {part: xml.replace(b"</worksheet>", b" " * size + b"</worksheet>")})


def with_entities(data: bytes) -> bytes:
    """The scores sheet behind a "billion laughs" DTD."""
    part = biggest_part(data)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        xml = archive.read(part).decode("utf-8")
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    return rebuilt(data, {part: (LAUGHS + body).encode("utf-8")})


def with_encrypted_flag(data: bytes) -> bytes:
    """The scores sheet marked as encrypted (general purpose flag bit 0), in its local
    header and in the central directory, as a password-protected zip marks it."""
    part = biggest_part(data).encode()
    out = bytearray(data)
    for signature, flag_at, name_at in ((_LOCAL, 6, 30), (_CENTRAL, 8, 46)):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            length_at = name_at - (20 if signature == _LOCAL else 18)
            (length,) = struct.unpack_from("<H", out, start + length_at)
            if bytes(out[start + name_at : start + name_at + length]) == part:
                out[start + flag_at] |= 0x1
            start += 4
    return bytes(out)


def with_damaged_part(data: bytes) -> bytes:
    """The scores sheet's compressed bytes overwritten halfway: the archive's directory
    is intact, the part itself cannot be inflated (or fails its CRC)."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        entry = archive.getinfo(biggest_part(data))
    name_length, extra_length = struct.unpack_from("<HH", data, entry.header_offset + 26)
    start = entry.header_offset + 30 + name_length + extra_length + entry.compress_size // 2
    return data[:start] + bytes(range(200, 256)) * 4 + data[start + 224 :]


def with_large_part(data: bytes, size: int = 60 * 1024 * 1024) -> bytes:
    """A legitimate bundle larger inflated than an upload may be (more than 50 MB),
    compressed about 20 to 1 as real sheets are (an unused part, so the reader's cost
    is the archive check alone)."""
    noise = random.Random(1).randbytes(size // 20).hex()  # 10 hex digits per 100 bytes
    filler = "".join(noise[i : i + 10] + " " * 90 for i in range(0, len(noise), 10))
    out = BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("customXml/filler.bin", filler.encode())
    return out.getvalue()

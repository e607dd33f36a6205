"""Hostile or wrong files are refused with a clear message, and nothing is written:
zip bombs, XML entity expansion, files that are not zips, old .xls names."""

from __future__ import annotations

import html
import zipfile
from io import BytesIO
from typing import Any

import pytest
from defusedxml import DefusedXmlException
from openpyxl import load_workbook

from tests.reports.test_offline_upload import download, problems, snapshot, upload

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>\n"
)


def rebuilt(data: bytes, change: dict[str, bytes]) -> bytes:
    """The same archive with some parts replaced."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            dst.writestr(item.filename, change.get(item.filename, src.read(item.filename)))
    return out.getvalue()


def entity_bomb(template: bytes) -> bytes:
    with zipfile.ZipFile(BytesIO(template)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    body = sheet.split("?>", 1)[1] if sheet.startswith("<?xml") else sheet
    body = body.replace("#scoring-template-v1", "&lol9;", 1)
    return rebuilt(template, {"xl/worksheets/sheet1.xml": (LAUGHS + body).encode("utf-8")})


def zip_bomb(size: int) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b"0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return out.getvalue()


@pytest.fixture
def leader(sign_in: Any) -> Any:
    return sign_in("c1.leader")


def refused(sample_app: Any, leader: Any, data: bytes, filename: str, words: str) -> None:
    before = snapshot(sample_app)
    response = upload(leader, data, filename)
    assert response.status_code == 400, response.text
    assert any(words in p for p in problems(response)), problems(response)
    assert snapshot(sample_app) == before


def test_openpyxl_parses_with_defusedxml_and_refuses_entities(leader: Any) -> None:
    with pytest.raises(ValueError) as caught:  # openpyxl wraps defusedxml's refusal
        load_workbook(BytesIO(entity_bomb(download(leader))))
    assert isinstance(caught.value.__cause__, DefusedXmlException)


def test_xml_entity_expansion_is_refused(sample_app: Any, leader: Any) -> None:
    refused(sample_app, leader, entity_bomb(download(leader)), "mau.xlsx", "thực thể XML")


def test_zip_bombs_are_refused_before_inflating(sample_app: Any, leader: Any) -> None:
    big = zip_bomb(60 * 1024 * 1024)  # 60 MB of zeros in ~60 KB
    assert len(big) < 200 * 1024
    refused(sample_app, leader, big, "mau.xlsx", "bom nén")
    refused(sample_app, leader, zip_bomb(5 * 1024 * 1024), "mau.xlsx", "tỷ lệ nén")


def test_files_that_are_not_xlsx_are_refused(sample_app: Any, leader: Any) -> None:
    template = download(leader)
    refused(sample_app, leader, b"%PDF-1.4 not a workbook", "mau.xlsx", "không phải là tệp Excel")
    refused(sample_app, leader, template, "mau.xls", "chỉ nhận tệp Excel .xlsx")
    refused(
        sample_app, leader, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mau.xlsx", ".xls"
    )
    refused(sample_app, leader, template[: len(template) // 2], "mau.xlsx", "bị hỏng")
    docx = BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    refused(sample_app, leader, docx.getvalue(), "mau.xlsx", "không phải một sổ tính")
    refused(sample_app, leader, b"", "mau.xlsx", "trống")


def test_a_workbook_that_is_not_our_template_is_refused(sample_app: Any, leader: Any) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Điểm"
    out = BytesIO()
    wb.save(out)
    refused(sample_app, leader, out.getvalue(), "mau.xlsx", "không phải mẫu nhập điểm")


def test_a_template_whose_hidden_column_was_deleted_says_so_not_that_it_is_foreign(
    sample_app: Any, leader: Any
) -> None:
    wb = load_workbook(BytesIO(download(leader)))
    sheet = next(ws for ws in wb.worksheets if ws.sheet_state == "visible")
    sheet.delete_cols(1)  # unhide and delete column A, as people do
    out = BytesIO()
    wb.save(out)
    refused(sample_app, leader, out.getvalue(), "mau.xlsx", "cột A hoặc dòng 1 đang ẩn")


def test_uploads_larger_than_the_limit_are_refused(sample_app: Any, leader: Any) -> None:
    sample_app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    before = snapshot(sample_app)
    response = upload(leader, b"PK\x03\x04" + b"\0" * 100 * 1024, "mau.xlsx")
    assert response.status_code == 413
    assert "quá lớn" in html.unescape(response.text)
    assert snapshot(sample_app) == before


def test_the_reader_refuses_entities_even_past_the_archive_check(leader: Any) -> None:
    """Defence in depth: were the archive check to miss a DTD, defusedxml still refuses."""
    from scoring.reports.guard import RefusedFile
    from scoring.reports.upload import _open, _read

    bomb = entity_bomb(download(leader))
    with pytest.raises(RefusedFile) as caught, _open("mau.xlsx", bomb, data_only=False) as wb:
        _read("mau.xlsx", wb, [])
    assert "thực thể XML" in caught.value.problems[0].vi


def with_made_up_rows(template: bytes, count: int) -> bytes:
    """The template with ``count`` rows of made-up indicator codes spliced into its data
    sheet (a small file: each row is one short inline string)."""
    with zipfile.ZipFile(BytesIO(template)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Z{r}</t></is></c></row>'
        for r in range(1000, 1000 + count)
    )
    return rebuilt(template, {"xl/worksheets/sheet1.xml": sheet.replace("</sheetData>", rows + "</sheetData>").encode()})


def test_a_sheet_of_far_more_rows_than_a_template_is_refused_unread(sample_app: Any, leader: Any) -> None:
    from scoring.reports.upload import MAX_ROWS

    data = with_made_up_rows(download(leader), MAX_ROWS)
    assert len(data) < 200_000  # small to send, costly to read without the limit
    refused(sample_app, leader, data, "mau.xlsx", f"hơn {MAX_ROWS:_} dòng".replace("_", "."))


def test_a_page_lists_at_most_two_hundred_problems_and_says_how_many_more(sample_app: Any, leader: Any) -> None:
    before = snapshot(sample_app)
    response = upload(leader, with_made_up_rows(download(leader), 300), "mau.xlsx")
    assert response.status_code == 422
    shown = problems(response)
    assert len(shown) == 201
    assert "và 100 lỗi khác" in shown[-1] and "Z1000" in shown[0]
    assert "Có 300 lỗi; chưa ghi gì." in html.unescape(response.text)  # the count found, not shown
    assert snapshot(sample_app) == before

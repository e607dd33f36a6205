"""Text typed by people is written as text in every workbook, never as a formula:
a federation named =HYPERLINK(...) stays exactly that text."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from scoring.extensions import db
from scoring.models import AwardRule, Federation, Indicator, Period, Score
from tests.reports.conftest import data_sheet, fill, formula_elements, locate, open_xlsx
from tests.reports.test_offline_upload import confirm, download, stored, upload

NAME = '=HYPERLINK("http://x","y")'
NOTE = "=1+1"
INDICATOR = "+SUM(A1:A9)"
AWARD = "@Cờ thi đua"
TITLE = "-2+3 năm thi đua"


@pytest.fixture
def hostile(sample_app: Any) -> Any:
    with sample_app.app_context():
        db.session.scalar(select(Federation).where(Federation.code == "HGI")).name = NAME
        db.session.scalar(select(Indicator).where(Indicator.code == "I.2")).name = INDICATOR
        db.session.scalar(select(AwardRule).where(AwardRule.position == 0)).name = AWARD
        db.session.scalar(select(Period)).title = TITLE
        hgi = db.session.scalar(select(Federation).where(Federation.code == "HGI"))
        i1 = db.session.scalar(select(Indicator).where(Indicator.code == "I.1"))
        score = db.session.scalar(
            select(Score).where(Score.federation_id == hgi.id, Score.indicator_id == i1.id)
        )
        score.note = NOTE
        period = db.session.scalar(select(Period))
        period.data_version += 1  # the figures' cache must see the new names
        db.session.commit()
    return sample_app


def cells_holding(wb: Workbook, text: str) -> list[Any]:
    return [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and text in c.value
    ]


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("committee", "/periods/2023/reports/council.xlsx"),
        ("c1.leader", "/periods/2023/clusters/C1/report.xlsx"),
        ("c1.leader", "/periods/2023/clusters/C1/cards.xlsx"),
        ("c1.leader", "/periods/2023/federations/HGI/card.xlsx"),
        ("c1.leader", "/periods/2023/clusters/C1/template.xlsx"),
    ],
)
def test_names_notes_and_titles_stay_text_in_every_workbook(
    hostile: Any, sign_in: Any, username: str, path: str
) -> None:
    response = sign_in(username).get(path)
    assert response.status_code == 200
    assert formula_elements(response.data) == []
    wb = open_xlsx(response.data)
    names = cells_holding(wb, NAME)
    assert names, "the federation's name is in the workbook"
    assert any(c.value == NAME for c in names) or "cards" in path or "card." in path
    for text in (NAME, NOTE, INDICATOR, AWARD):
        for cell in cells_holding(wb, text):
            assert cell.data_type == "s", (path, text, cell.coordinate)
    if "cards" in path or "template" in path:
        assert [c.data_type for c in cells_holding(wb, NOTE)] and all(
            c.data_type == "s" for c in cells_holding(wb, NOTE)
        )
    subtitles = [c for c in cells_holding(wb, TITLE) if "template" not in path]
    assert all(c.data_type == "s" for c in subtitles)


def test_a_formula_like_note_typed_as_text_is_saved_and_served_exactly(
    hostile: Any, sign_in: Any
) -> None:
    leader = sign_in("c1.leader")
    template = download(leader)
    wb = open_xlsx(template)
    assert locate(data_sheet(wb), "HGI", "I.1", "note").value == NOTE  # untouched: no change
    typed = '=HYPERLINK("http://evil","bấm vào")'
    filled = fill(template, {("HGI", "I.2", "note"): typed})
    wb = open_xlsx(filled)
    cell = locate(data_sheet(wb), "HGI", "I.2", "note")
    cell.data_type = "s"  # as Excel stores text typed with a leading apostrophe
    from io import BytesIO

    out = BytesIO()
    wb.save(out)
    preview = upload(leader, out.getvalue())
    assert preview.status_code == 200, preview.text
    assert "1 thay đổi" in html.unescape(preview.text)
    assert confirm(leader, preview).status_code == 302
    assert stored(hostile, "HGI", "I.2")[2] == typed
    again = download(leader)
    assert formula_elements(again) == []
    note = locate(data_sheet(open_xlsx(again)), "HGI", "I.2", "note")
    assert note.value == typed and note.data_type == "s"
    assert re.search(r"<f[ >]", str(again)) is None

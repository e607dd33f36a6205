"""The score grid page and its JSON save, through the real app and a signed-in client."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from scoring.extensions import db
from scoring.models import Cluster, Federation, Indicator, Score, User
from scoring.services.cache import invalidate_rankings

GRID = "/periods/2023/clusters/C1/scores"


ROLES = {
    "committee": ("committee", None),
    "c1.leader": ("leader", "C1"),
    "c2.leader": ("leader", "C2"),
}
PASSWORD = "mat-khau-thu-nghiem"


class Browser:
    """A test client that signs in through the real form."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()

    def login(self, username: str) -> None:
        role, cluster = ROLES[username]
        with self.app.app_context():
            # a cheap hash keeps the file fast; signing in still checks it for real
            db.session.add(
                User(username=username, display_name=username, role=role, cluster_code=cluster,
                     password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
            )  # fmt: skip
            db.session.commit()
        page = self.client.get("/login").text
        answer = self.client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": csrf_from(page)},
        )
        assert answer.status_code == 302, answer.text


@pytest.fixture
def auth(sample_app: Flask) -> Browser:
    return Browser(sample_app)


@pytest.fixture
def signed_in(auth: Browser):  # type: ignore[no-untyped-def]
    """Sign in as someone and return the grid page's html."""

    def as_user(username: str) -> str:
        auth.login(username)
        return auth.client.get(GRID).text

    return as_user


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match
    return match.group(1)


def csrf_meta(html: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match
    return match.group(1)


def stored_value(app: Flask, federation: str, indicator: str) -> Decimal | None:
    with app.app_context():
        return _score_row(federation, indicator).value


def _score_row(federation: str, indicator: str) -> Score:
    score = db.session.scalar(
        select(Score)
        .join(Federation, Score.federation_id == Federation.id)
        .join(Indicator, Score.indicator_id == Indicator.id)
        .where(Federation.code == federation, Indicator.code == indicator)
    )
    assert score is not None, (federation, indicator)
    return score


def cluster_version(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(Cluster.version).where(Cluster.code == "C1"))  # type: ignore[return-value]


def post(client: FlaskClient, token: str | None, body: object):  # type: ignore[no-untyped-def]
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(GRID, json=body, headers=headers)


def test_grid_renders_for_the_leader_with_vietnamese_labels(signed_in, auth) -> None:  # type: ignore[no-untyped-def]
    html = signed_in("c1.leader")
    for label in ("Bảng chấm điểm", "Cụm thi đua số 1", "cụm trưởng", "cụm phó nhập điểm này",
                  "Điểm chuẩn", "TỔNG CỘNG", "Xếp hạng trong cụm", "đạt/không đạt", "định lượng, chỉ tiêu 2",
                  "Lưu thay đổi", "Tất cả 8 đơn vị đã đủ điểm"):  # fmt: skip
        assert label in html, label
    assert 'value="5,5"' in html  # HGI I.1 with a decimal comma, as typed
    assert "90,50" in html  # HGI's total from the engine
    assert "js/grid.js" in html and "css/grid.css" in html and "<script>" not in html
    # the leader federation's column is read-only for the leader account
    lsn = re.findall(r'<td class="cell[^"]*" data-fed="LSN">\s*<input[^>]*>', html)
    assert lsn and all("readonly" in cell for cell in lsn)
    hgi = re.findall(r'<td class="cell[^"]*" data-fed="HGI">\s*<input[^>]*>', html)
    assert hgi and not any("readonly" in cell for cell in hgi)


def _cell_inputs(html: str, federation: str, indicator: str) -> tuple[str, str]:
    """The value and self value a cell shows (its first two inputs)."""
    row = re.search(rf'<tr class="leaf[^"]*" data-code="{re.escape(indicator)}".*?</tr>', html, re.S)
    assert row, indicator
    cell = re.search(rf'<td class="cell[^"]*" data-fed="{federation}">(.*?)</td>', row.group(0), re.S)
    assert cell, federation
    values = re.findall(r'<input type="text" class="in-(?:value|self)" value="([^"]*)"', cell.group(1))
    return values[0], values[1]


def test_yes_no_cells_show_words_in_the_page_language(signed_in, auth) -> None:  # type: ignore[no-untyped-def]
    html = signed_in("c1.leader")
    assert _cell_inputs(html, "HGI", "I.4") == ("đạt", "đạt")
    assert _cell_inputs(html, "CBG", "V.2") == ("không đạt", "không đạt")
    assert _cell_inputs(html, "HGI", "I.1")[0] == "5,5"
    assert 'placeholder="thiếu"' in html
    auth.client.get("/lang/en")
    html = auth.client.get(GRID).text
    assert _cell_inputs(html, "HGI", "I.4") == ("yes", "yes")
    assert _cell_inputs(html, "CBG", "V.2") == ("no", "no")
    assert _cell_inputs(html, "HGI", "I.1")[0] == "5.5"
    assert 'placeholder="missing"' in html and 'placeholder="thiếu"' not in html


def test_cells_carry_notes_as_text_and_mark_gaps_and_missing_values(sample_app, signed_in, auth) -> None:  # type: ignore[no-untyped-def]
    """The grid's cells are written in Python (web/grid_cells.py): what people type must
    come back as the same text in attributes, never as markup."""
    from lxml import html as lxml_html

    nasty = 'Biên bản "số 2" <script>alert(1)</script> & \'x\' =SUM(A1)'
    with sample_app.app_context():
        score = _score_row("HGI", "I.2")
        score.note, score.value, score.self_value = nasty, Decimal("1"), Decimal("9")
        _score_row("CBG", "I.1").value = None
        invalidate_rankings(db.session, score.period_id)  # as every write does
        db.session.commit()
    text = signed_in("c1.leader")
    assert "<script>alert(1)" not in text
    page = lxml_html.fromstring(text)

    def cell(fed: str, indicator: str):  # type: ignore[no-untyped-def]
        found = page.xpath(f'//tr[@data-code="{indicator}"]/td[@data-fed="{fed}"]')
        assert len(found) == 1, (fed, indicator)
        return found[0]

    noted = cell("HGI", "I.2")
    note_input = noted.xpath('.//input[@class="in-note"]')[0]
    assert note_input.get("value") == nasty and note_input.get("title") == nasty
    assert noted.xpath('.//span[@class="note-mark"]')[0].get("hidden") is None
    assert "gap" in noted.get("class").split()
    assert noted.xpath('.//span[@class="gap-self"]')[0].text == "9"
    assert noted.xpath('.//span[@class="gap-value"]')[0].text == "1"
    empty = cell("CBG", "I.1")
    assert "missing" in empty.get("class").split()
    value_input = empty.xpath('.//input[@class="in-value"]')[0]
    assert value_input.get("value") == "" and value_input.get("placeholder") == "thiếu"
    assert value_input.get("aria-describedby") == "msg-CBG-I.1"
    assert empty.xpath('.//span[@class="cell-msg"]')[0].get("id") == "msg-CBG-I.1"
    empty_note = empty.xpath('.//input[@class="in-note"]')[0].get("value")
    assert (empty.xpath('.//span[@class="note-mark"]')[0].get("hidden") is None) == bool(empty_note)
    assert cell("CBG", "I.4").xpath('.//span[@class="note-mark"]')[0].get("hidden") is not None
    # the leader's own federation (entered by the deputy) is read-only for the leader
    own = cell("LSN", "I.1")
    assert "readonly" in own.get("class").split()
    assert all(i.get("readonly") is not None and i.get("tabindex") == "-1" for i in own.xpath(".//input"))
    assert cell("HGI", "I.1").xpath('.//input[@class="in-value"]')[0].get("readonly") is None


def test_rows_carry_what_the_grid_script_reads_and_names_stay_text(sample_app, signed_in, auth) -> None:  # type: ignore[no-untyped-def]
    """The grid's rows are written in Python (web/grid_cells.py): the data attributes the
    script reads, the section subtotals and the kind hints, with names kept as text."""
    from lxml import html as lxml_html

    nasty = 'Tiêu chí "A" <b>đậm</b> & =SUM(A1)'
    with sample_app.app_context():
        indicator = db.session.scalar(select(Indicator).where(Indicator.code == "I.1"))
        indicator.name, indicator.guidance = nasty, nasty
        invalidate_rankings(db.session, indicator.period_id)
        db.session.commit()
    text = signed_in("c1.leader")
    assert "<b>đậm</b>" not in text
    page = lxml_html.fromstring(text)
    (leaf,) = page.xpath('//tr[@data-code="I.1"]')
    assert leaf.get("class") == "leaf kind-points depth-1" and leaf.get("data-kind") == "points"
    assert (leaf.get("data-max"), leaf.get("data-target"), leaf.get("data-sections")) == ("600", "0", "I")
    assert leaf.get("data-allowed") == "từ 0 đến 6 điểm"
    assert leaf.xpath('.//span[@id="r-I.1"]')[0].text_content() == f"I.1 {nasty}"
    assert leaf.xpath('.//span[@class="guidance"]')[0].text == nasty
    assert leaf.xpath('.//span[@class="kind-hint"]')[0].text == "(điểm)"
    assert leaf.xpath('.//td[@class="num max-col"]')[0].text == "6,00"
    assert len(leaf.xpath('.//td[@data-fed]')) == 8
    (section,) = page.xpath('//tr[@class="section depth-0"][.//span[@id="r-I"]]')
    subtotals = section.xpath('.//td[@data-sub="I"]')
    assert len(subtotals) == 8 and all(re.fullmatch(r"\d+,\d\d", td.text) for td in subtotals)
    hints = {tr.get("data-kind"): tr.xpath('.//span[@class="kind-hint"]')[0].text for tr in page.xpath("//tr[@data-kind]")}
    assert hints["yesno"] == "(đạt/không đạt)" and hints["target"].startswith("(định lượng, chỉ tiêu ")
    assert hints["bonus"] == "(thưởng)" and hints["penalty"] == "(trừ)"
    auth.client.get("/lang/en")
    english = lxml_html.fromstring(auth.client.get(GRID).text)
    assert english.xpath('//tr[@data-code="I.1"]')[0].get("data-allowed") == "from 0 to 6 points"
    assert english.xpath('//tr[@data-code="I.1"]//td[@class="num max-col"]')[0].text == "6.00"
    assert "(yes/no)" in [s.text for s in english.xpath('//span[@class="kind-hint"]')]


def test_another_clusters_leader_is_refused(signed_in, auth) -> None:  # type: ignore[no-untyped-def]
    auth.login("c2.leader")
    assert auth.client.get(GRID).status_code == 403


def test_committee_reads_every_cluster_but_only_reads(signed_in) -> None:  # type: ignore[no-untyped-def]
    html = signed_in("committee")
    assert "Bạn chỉ xem bảng điểm này" in html
    assert 'id="save-button"' not in html


def test_unknown_cluster_is_not_found(signed_in, auth) -> None:  # type: ignore[no-untyped-def]
    signed_in("committee")
    assert auth.client.get("/periods/2023/clusters/C99/scores").status_code == 404


def test_save_without_csrf_header_is_refused_and_writes_nothing(
    signed_in, auth, sample_app
) -> None:  # type: ignore[no-untyped-def]
    signed_in("c1.leader")
    body = {"version": 1, "scores": [{"federation": "HGI", "indicator": "I.1", "value": "6"}]}
    assert post(auth.client, None, body).status_code == 400
    assert stored_value(sample_app, "HGI", "I.1") == Decimal("5.5")
    assert cluster_version(sample_app) == 1


def test_save_returns_the_new_version_and_the_engines_figures(signed_in, auth, sample_app) -> None:  # type: ignore[no-untyped-def]
    token = csrf_meta(signed_in("c1.leader"))
    body = {
        "version": 1,
        "scores": [
            {"federation": "QNH", "indicator": "II.2", "value": "0", "note": "Chưa có minh chứng"}
        ],
    }
    answer = post(auth.client, token, body)
    assert answer.status_code == 200, answer.text
    data = answer.get_json()
    assert (data["version"], data["changed"]) == (2, 2)
    qnh = data["figures"]["QNH"]
    assert (qnh["total"], qnh["rank"], qnh["bonus"], qnh["bonus_capped"]) == (85.5, 6, 5.0, True)
    assert set(qnh["sections"]) == {"I", "II", "III", "III.2", "IV", "V", "VI", "VII"}
    assert stored_value(sample_app, "QNH", "II.2") == Decimal(0)
    assert 'data-version="2"' in auth.client.get(GRID).text


def test_stale_save_answers_409_with_the_changes_and_writes_nothing(
    signed_in, auth, sample_app
) -> None:  # type: ignore[no-untyped-def]
    token = csrf_meta(signed_in("c1.leader"))
    first = {"version": 1, "scores": [{"federation": "HGI", "indicator": "I.1", "value": "4"}]}
    assert post(auth.client, token, first).status_code == 200
    second = {"version": 1, "scores": [{"federation": "CBG", "indicator": "I.1", "value": "1"}]}
    answer = post(auth.client, token, second)
    assert answer.status_code == 409
    data = answer.get_json()
    assert data["version"] == 2 and "đã có người lưu" in data["error_vi"]
    assert data["changes"][0]["federation"] == "HGI" and data["changes"][0]["after"] == "4"
    # the time as pages write it, in Vietnam's zone (UTC+7), not the reader's computer's
    from datetime import datetime, timedelta

    at = datetime.fromisoformat(data["changes"][0]["at"])
    assert data["changes"][0]["at_local"] == (at + timedelta(hours=7)).strftime("%d/%m/%Y %H:%M")
    assert stored_value(sample_app, "CBG", "I.1") == Decimal("4.75")


def test_invalid_values_answer_422_listing_each_cell(signed_in, auth, sample_app) -> None:  # type: ignore[no-untyped-def]
    token = csrf_meta(signed_in("c1.leader"))
    body = {"version": 1, "scores": [
        {"federation": "HGI", "indicator": "I.1", "value": "9"},
        {"federation": "CBG", "indicator": "I.4", "value": "có lẽ"},
        {"federation": "BKN", "indicator": "I.2", "value": "3"},
    ]}  # fmt: skip
    answer = post(auth.client, token, body)
    assert answer.status_code == 422
    problems = answer.get_json()["problems"]
    assert [p["where"] for p in problems] == ["HGI / I.1", "CBG / I.4"]
    assert "từ 0 đến 6" in problems[0]["message"] and problems[0]["message_en"]
    assert stored_value(sample_app, "BKN", "I.2") != Decimal(3)
    assert cluster_version(sample_app) == 1


def test_leader_saving_the_leader_federation_gets_403_json(signed_in, auth, sample_app) -> None:  # type: ignore[no-untyped-def]
    token = csrf_meta(signed_in("c1.leader"))
    body = {"version": 1, "scores": [{"federation": "LSN", "indicator": "I.1", "value": "6"}]}
    answer = post(auth.client, token, body)
    assert answer.status_code == 403
    assert "cụm phó" in answer.get_json()["error_vi"]
    assert stored_value(sample_app, "LSN", "I.1") == Decimal("4.5")


def test_submitted_cluster_shows_a_notice_and_everything_read_only(sample_app, signed_in) -> None:  # type: ignore[no-untyped-def]
    with sample_app.app_context():
        db.session.scalar(select(Cluster).where(Cluster.code == "C1")).state = "submitted"  # type: ignore[union-attr]
        db.session.commit()
    html = signed_in("c1.leader")
    assert "Cụm đã gửi kết quả lên Hội đồng; bảng điểm chỉ để xem" in html
    assert 'id="save-button"' not in html
    cells = re.findall(r'<td class="cell[^"]*" data-fed="\w+">\s*<input[^>]*>', html)
    assert cells and all("readonly" in cell for cell in cells)

"""A full offline round: download the template, fill it in as a person would, upload,
see every problem with its cell, fix, preview every change, confirm all or nothing."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from sqlalchemy import func, select

from scoring.extensions import db
from scoring.models import AuditEntry, Cluster, Federation, Indicator, Score, User
from scoring.services.lookups import get_cluster
from scoring.services.rankings import get_period
from scoring.services.scores import ScoreEntry, save_scores
from tests.conftest import csrf_from
from tests.reports.conftest import data_sheet, fill, locate, open_xlsx

UPLOAD = "/periods/2023/clusters/C1/upload"


def download(client: Any, code: str = "C1") -> bytes:
    response = client.get(f"/periods/2023/clusters/{code}/template.xlsx")
    assert response.status_code == 200
    return response.data


def upload(client: Any, data: bytes, filename: str = "bang-diem.xlsx", path: str = UPLOAD) -> Any:
    token = csrf_from(client.get("/account/password").text)
    return client.post(
        path,
        data={"csrf_token": token, "file": (BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def confirm(client: Any, preview: Any, path: str = UPLOAD + "/confirm") -> Any:
    sealed = re.search(r'name="changes" value="([^"]+)"', preview.text)
    assert sealed, preview.text
    return client.post(
        path,
        data={"csrf_token": csrf_from(preview.text), "changes": html.unescape(sealed.group(1))},
    )


def problems(response: Any) -> list[str]:
    block = re.search(r'<div class="problems".*?</div>', response.text, re.S)
    assert block, response.text
    return [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", block.group(0), re.S)]


def stored(app: Any, federation: str, indicator: str) -> tuple[Any, Any, Any]:
    with app.app_context():
        row = db.session.execute(
            select(Score.value, Score.self_value, Score.note)
            .join(Federation, Federation.id == Score.federation_id)
            .join(Indicator, Indicator.id == Score.indicator_id)
            .where(Federation.code == federation, Indicator.code == indicator)
        ).one_or_none()
        return tuple(row) if row else (None, None, None)


def snapshot(app: Any) -> tuple[list[tuple[Any, ...]], int, int]:
    """Every score, the audit's size and C1's version: to prove nothing was written."""
    with app.app_context():
        scores = db.session.execute(
            select(Score.id, Score.value, Score.self_value, Score.note).order_by(Score.id)
        ).all()
        audits = db.session.scalar(select(func.count(AuditEntry.id)))
        version = db.session.scalar(select(Cluster.version).where(Cluster.code == "C1"))
        return [tuple(s) for s in scores], audits or 0, version or 0


def someone_saves(app: Any, entries: list[ScoreEntry]) -> None:
    with app.app_context():
        period = get_period(db.session, 2023)
        cluster = get_cluster(db.session, period, "C1")
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        save_scores(db.session, period, cluster, admin, cluster.version, entries)
        db.session.commit()


def test_leader_completes_an_offline_round_with_a_workbook_filled_as_people_do(
    sample_app: Any, sign_in: Any
) -> None:
    leader = sign_in("c1.leader")
    filled = fill(
        download(leader),
        {
            ("HGI", "I.1", "value"): 6,  # a number typed as a number
            ("CBG", "I.2", "value"): "3,5",  # a comma decimal, typed as text
            ("HGI", "I.4", "value"): "không",
            ("TQG", "V.3", "value"): None,  # a value cleared
            ("BKN", "I.3", "note"): "Biên bản số 12/BB-LHH",
            ("BKN", "I.3", "self_value"): 2,
        },
        rename="Cụm 4",
        reverse_rows=True,
        extra_row=True,
    )
    before = snapshot(sample_app)
    preview = upload(leader, filled)
    assert preview.status_code == 200, preview.text
    page = html.unescape(preview.text)
    assert "6 thay đổi" in page
    for shown in ("5,5", "3,5", "không", "(trống)", "Biên bản số 12/BB-LHH", "Cụm 4!"):
        assert shown in page
    # clearing a base score is said before confirming: the unit will be incomplete
    assert "các đơn vị dưới đây sẽ thiếu điểm" in page
    assert re.search(r"<li>[^<]*Tuyên Quang — thiếu V\.3</li>", page), page
    assert snapshot(sample_app) == before  # a preview writes nothing
    done = confirm(leader, preview)
    assert done.status_code == 302 and done.headers["Location"].endswith("/clusters/C1/scores")
    assert stored(sample_app, "HGI", "I.1")[0] == Decimal("6")
    assert stored(sample_app, "CBG", "I.2")[0] == Decimal("3.5")
    assert stored(sample_app, "HGI", "I.4")[0] == Decimal("0")
    assert stored(sample_app, "TQG", "V.3")[0] is None
    assert stored(sample_app, "BKN", "I.3")[1:] == (Decimal("2"), "Biên bản số 12/BB-LHH")
    with sample_app.app_context():
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.username == "c1.leader")
        ).all()
    assert actions.count("score.update") == 6 and actions.count("score.upload") == 1
    grid = leader.get("/periods/2023/clusters/C1/scores")
    assert "Đã lưu 6 thay đổi" in html.unescape(grid.text)


def test_every_problem_names_its_cell_and_nothing_is_written_until_fixed(
    sample_app: Any, sign_in: Any
) -> None:
    leader = sign_in("c1.leader")
    template = download(leader)
    bad = {
        ("HGI", "I.1", "value"): 27,
        ("CBG", "I.2", "value"): "mười",
        ("BKN", "I.4", "value"): "có lẽ",
        ("TQG", "I.1", "value"): "4,123",
    }
    filled = fill(template, bad, rename="Cụm 4")
    ws = data_sheet(open_xlsx(filled))
    before = snapshot(sample_app)
    response = upload(leader, filled)
    assert response.status_code == 422
    listed = problems(response)
    assert len(listed) == 4
    hgi = locate(ws, "HGI", "I.1").coordinate
    assert any(p.startswith(f"Cụm 4!{hgi}: 27 vượt quá điểm tối đa 6") for p in listed)
    cbg = locate(ws, "CBG", "I.2").coordinate
    assert any(p.startswith(f"Cụm 4!{cbg}: «mười» không phải là số") for p in listed)
    # every refused value names the range allowed (SCORING.md §2)
    assert all("cho phép từ 0 đến" in p for p in listed if "Có/Không" not in p), listed
    assert any("«có lẽ» không phải Có/Không" in p for p in listed)
    assert any("quá 2 chữ số thập phân" in p for p in listed)
    assert snapshot(sample_app) == before
    fixed = fill(template, {("HGI", "I.1", "value"): 5.75}, rename="Cụm 4")
    preview = upload(leader, fixed)
    assert preview.status_code == 200
    assert confirm(leader, preview).status_code == 302
    assert stored(sample_app, "HGI", "I.1")[0] == Decimal("5.75")


def test_rows_sorted_without_their_hidden_codes_are_refused_not_saved_on_other_indicators(
    sample_app: Any, sign_in: Any
) -> None:
    leader = sign_in("c1.leader")
    filled = fill(download(leader), {("HGI", "I.1", "value"): 6}, sort_visible_only=True)
    before = snapshot(sample_app)
    response = upload(leader, filled)
    assert response.status_code == 422
    found = problems(response)
    assert any(
        "!B" in p and "có lẽ các dòng đã bị sắp xếp lại" in p and "Chưa đọc điểm nào" in p
        for p in found
    ), found
    assert snapshot(sample_app) == before


def test_confirming_the_same_preview_again_says_it_was_saved_and_writes_nothing(
    sample_app: Any, sign_in: Any
) -> None:
    """The Back button, then «Xác nhận» once more: not "someone saved in between" (it was
    this very file), and nothing saved twice."""
    leader = sign_in("c1.leader")
    preview = upload(leader, fill(download(leader), {("HGI", "I.1", "value"): 6}))
    assert confirm(leader, preview).status_code == 302
    after_first = snapshot(sample_app)
    again = confirm(leader, preview)
    assert again.status_code == 302 and again.headers["Location"].endswith("/clusters/C1/scores")
    assert snapshot(sample_app) == after_first
    grid = html.unescape(leader.get("/periods/2023/clusters/C1/scores").text)
    assert "Tệp bang-diem.xlsx đã được lưu lúc" in grid and "không cần xác nhận lại" in grid


def test_a_save_between_preview_and_confirm_is_a_conflict(sample_app: Any, sign_in: Any) -> None:
    leader = sign_in("c1.leader")
    preview = upload(leader, fill(download(leader), {("HGI", "I.1", "value"): 6}))
    assert preview.status_code == 200
    someone_saves(sample_app, [ScoreEntry("HGI", "I.2", "3")])
    before = snapshot(sample_app)
    response = confirm(leader, preview)
    assert response.status_code == 409
    assert "đã có người lưu" in html.unescape(response.text)
    assert snapshot(sample_app) == before
    assert stored(sample_app, "HGI", "I.1")[0] == Decimal("5.5")


def test_cells_someone_changed_since_the_download_are_kept_unless_both_changed(
    sample_app: Any, sign_in: Any
) -> None:
    leader = sign_in("c1.leader")
    template = download(leader)
    someone_saves(sample_app, [ScoreEntry("HGI", "I.2", "3"), ScoreEntry("CBG", "I.1", "2")])
    filled = fill(template, {("HGI", "I.1", "value"): 6, ("CBG", "I.1", "value"): 1})
    preview = upload(leader, filled)
    page = html.unescape(preview.text)
    assert preview.status_code == 200 and "2 thay đổi" in page
    assert "phiên bản 1 → 2" in page and "ô này đã được lưu lại sau khi bạn tải mẫu" in page
    assert confirm(leader, preview).status_code == 302
    assert stored(sample_app, "HGI", "I.2")[0] == Decimal("3")  # the other person's stands
    assert stored(sample_app, "CBG", "I.1")[0] == Decimal("1")


def test_an_unchanged_template_proposes_nothing(sign_in: Any) -> None:
    leader = sign_in("c1.leader")
    preview = upload(leader, download(leader))
    assert preview.status_code == 200
    assert "không có thay đổi nào" in html.unescape(preview.text)


def test_leader_cannot_change_its_own_federation_through_a_template(
    sample_app: Any, sign_in: Any
) -> None:
    leader = sign_in("c1.leader")
    filled = fill(
        download(leader),
        {
            ("LSN", "I.2", "note"): "sửa nhầm",
            ("LSN", "I.1", "value"): 6,
            ("LSN", "I.1", "note"): "ghi chú",
            ("HGI", "I.1", "value"): 6,
        },
    )
    ws = data_sheet(open_xlsx(filled))
    before = snapshot(sample_app)
    response = upload(leader, filled)
    assert response.status_code == 422
    cells = [locate(ws, "LSN", i, f).coordinate for i, f in (("I.1", "value"), ("I.1", "note"), ("I.2", "note"))]
    # one problem for the federation, at its first cell in reading order, naming all three
    found = [p for p in problems(response) if "Cụm trưởng không tự chấm điểm" in p]
    assert len(found) == 1 and found[0].startswith(f"{ws.title}!{cells[0]}: ")
    assert f"Các ô đã sửa: {', '.join(cells)};" in found[0]
    assert snapshot(sample_app) == before
    deputy = sign_in("c1.deputy")
    preview = upload(deputy, fill(download(deputy), {("LSN", "I.1", "value"): 6}))
    assert preview.status_code == 200
    assert confirm(deputy, preview).status_code == 302
    assert stored(sample_app, "LSN", "I.1")[0] == Decimal("6")


@pytest.mark.parametrize("username", ["committee", "c2.leader", "c2.deputy"])
def test_accounts_that_may_not_write_the_cluster_are_refused(
    sample_app: Any, sign_in: Any, username: str
) -> None:
    template = download(sign_in("c1.leader"))
    client = sign_in(username)
    before = snapshot(sample_app)
    response = upload(client, fill(template, {("HGI", "I.1", "value"): 6}))
    assert response.status_code == 403
    assert snapshot(sample_app) == before


def test_a_submitted_cluster_refuses_uploads(sample_app: Any, sign_in: Any) -> None:
    leader = sign_in("c1.leader")
    template = download(leader)
    with sample_app.app_context():
        db.session.execute(Cluster.__table__.update().values(state="submitted"))
        db.session.commit()
    assert upload(leader, fill(template, {("HGI", "I.1", "value"): 6})).status_code == 403
    assert "không tải lên được" in html.unescape(leader.get(UPLOAD).text)


def test_a_template_for_an_older_scheme_is_refused_saying_so(sample_app: Any, sign_in: Any) -> None:
    leader = sign_in("c1.leader")
    template = download(leader)
    with sample_app.app_context():
        indicator = db.session.scalar(select(Indicator).where(Indicator.code == "I.1"))
        indicator.max_points = Decimal("7")
        db.session.commit()
    response = upload(leader, fill(template, {("HGI", "I.1", "value"): 6}))
    assert response.status_code == 422
    assert "phiên bản cũ của bảng tiêu chí" in problems(response)[0]


def test_another_clusters_template_is_refused(sign_in: Any) -> None:
    admin = sign_in("admin")
    response = upload(admin, fill(download(admin, "C2"), {("PTO", "I.1", "value"): 6}))
    assert response.status_code == 422
    assert "mẫu này của cụm C2" in problems(response)[0]


def test_a_tampered_preview_is_refused_and_nothing_written(sample_app: Any, sign_in: Any) -> None:
    leader = sign_in("c1.leader")
    preview = upload(leader, fill(download(leader), {("HGI", "I.1", "value"): 6}))
    before = snapshot(sample_app)
    response = leader.post(
        UPLOAD + "/confirm", data={"csrf_token": csrf_from(preview.text), "changes": "x.y.z"}
    )
    assert response.status_code == 400
    assert snapshot(sample_app) == before
    other = sign_in("c1.deputy")  # a preview made for someone else
    sealed = html.unescape(re.search(r'name="changes" value="([^"]+)"', preview.text).group(1))
    page = other.get(UPLOAD)
    stolen = other.post(
        UPLOAD + "/confirm", data={"csrf_token": csrf_from(page.text), "changes": sealed}
    )
    assert stolen.status_code == 400
    assert snapshot(sample_app) == before

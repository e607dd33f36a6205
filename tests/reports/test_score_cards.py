"""Score cards: one printable page per federation, its figures the engine's."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.engine.explain import describe, explain
from scoring.extensions import db
from scoring.models import User
from scoring.services import workflow
from scoring.services.rankings import get_period, rankings_document, standings_for
from tests.reports.conftest import open_xlsx, texts


@pytest.fixture
def standings(sample_app: Any) -> Any:
    with sample_app.app_context():
        period = get_period(db.session, 2023)
        standings = standings_for(db.session, period)
        return standings, rankings_document(standings, period.national_method)


def rows_by_code(ws: Any) -> dict[str, int]:
    return {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def test_cluster_cards_have_one_page_per_member_in_rank_order(sign_in: Any, standings: Any) -> None:
    _, document = standings
    response = sign_in("committee").get("/periods/2023/clusters/C7/cards.xlsx?date=2025-12-05")
    assert response.status_code == 200
    wb = open_xlsx(response.data)
    c7 = next(c for c in document["clusters"] if c["code"] == "C7")
    assert wb.sheetnames == [m["federation"] for m in c7["members"]]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "portrait"
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 1
        assert ws["A2"].value == "CỤM THI ĐUA SỐ 7"
        assert {"Nơi nhận:", "CỤM TRƯỞNG", "Hà Nội, ngày 05 tháng 12 năm 2025"} <= set(texts(ws))


def test_card_shows_points_self_scores_totals_ranks_and_the_engines_explanation(
    sign_in: Any, standings: Any
) -> None:
    (st, document) = standings
    ws = open_xlsx(sign_in("committee").get("/periods/2023/clusters/C7/cards.xlsx").data)["BDG"]
    rows = rows_by_code(ws)
    totals = st.result.totals["BDG"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Mã")
    labels = [ws.cell(header, c).value for c in range(1, 8)]
    assert labels == ["Mã", "Tiêu chí", "Điểm tối đa", "Kết quả đạt được", "Điểm tự chấm",
                      "Điểm cụm chấm", "Minh chứng, ghi chú"]  # fmt: skip
    for code, points in totals.points.items():
        assert ws.cell(rows[code], 6).value == pytest.approx(float(points))
    for code, subtotal in totals.subtotals.items():
        if code in st.input.scheme.sections_with_base:
            assert ws.cell(rows[code], 6).value == pytest.approx(float(subtotal))
    # The bonus section has no maximum and no subtotal of its own: blank, not a wrong 0.00.
    assert [ws.cell(rows["VI"], c).value for c in (3, 5, 6)] == [None, None, None]
    assert ws.cell(rows["IV.3"], 4).value == "chưa nhập"  # BDG is incomplete
    total_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "TỔNG CỘNG")
    member = next(m for c in document["clusters"] for m in c["members"] if m["federation"] == "BDG")
    assert ws.cell(total_row, 6).value == pytest.approx(member["total"])
    assert ws.cell(total_row, 5).value == pytest.approx(91.25)  # the self-assessed total
    words = texts(ws)
    assert f"{member['rank']}/7" in words
    assert any(w.startswith("Chưa đủ điểm (thiếu IV.3)") for w in words)
    facts = explain(st.input, st.result, "BDG")
    tail = describe(facts)[len(facts.indicators) + len(facts.sections) :]
    assert [w[2:] for w in words if w.startswith("- ") and not w.startswith("- Đơn vị")][
        : len(tail)
    ] == tail


def test_one_federations_card_follows_the_rule_for_reading_its_cluster(sign_in: Any) -> None:
    response = sign_in("c1.leader").get("/periods/2023/federations/HGI/card.xlsx")
    assert response.status_code == 200
    assert open_xlsx(response.data).sheetnames == ["HGI"]
    assert sign_in("c2.leader").get("/periods/2023/federations/HGI/card.xlsx").status_code == 403
    assert sign_in("c2.leader").get("/periods/2023/clusters/C1/cards.xlsx").status_code == 403
    assert sign_in("committee").get("/periods/2023/federations/XXX/card.xlsx").status_code == 404


def test_reports_page_lists_the_downloads_each_role_may_take(sign_in: Any) -> None:
    committee = sign_in("committee").get("/periods/2023/reports/")
    assert committee.status_code == 200
    assert "/periods/2023/reports/council.xlsx" in committee.text
    assert "/periods/2023/clusters/C9/report.xlsx" in committee.text
    leader = sign_in("c1.leader").get("/periods/2023/reports/")
    assert "/periods/2023/reports/council.xlsx" not in leader.text
    assert "/periods/2023/clusters/C1/template.xlsx" in leader.text
    assert "/periods/2023/clusters/C2/report.xlsx" not in leader.text
    # uploading is offered only to who may enter scores; the period's files are drafts
    assert "/periods/2023/clusters/C1/upload" in leader.text
    assert "/upload" not in committee.text
    assert "DỰ THẢO" in committee.text


def test_a_locked_periods_reports_page_offers_no_template_to_fill(
    sample_app: Any, sign_in: Any
) -> None:
    with sample_app.app_context():
        period = get_period(db.session, 2023)
        workflow.lock_period(db.session, period, db.session.query(User).filter_by(username="committee").one())
        db.session.commit()
    page = sign_in("c1.leader").get("/periods/2023/reports/").text
    assert "/template.xlsx" not in page and "/upload" not in page
    assert "Năm đã khóa: không nhập điểm nữa" in page
    assert "/periods/2023/clusters/C1/report.xlsx" in page  # the reports themselves stay

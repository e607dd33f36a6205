"""The council's workbook: every sheet the council expects, laid out as Decree 30 asks,
with every figure equal to the rankings document's."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scoring.cli_reports import COMMANDS
from scoring.extensions import db
from scoring.models import User
from scoring.reports.styles import (
    MOTTO,
    NATIONAL_TITLE,
    PAGE_UNITS,
    PARENT_BODY,
    first_page_columns,
    pages_across,
)
from scoring.services import workflow
from scoring.services.rankings import get_period, rankings_document, standings_for
from tests.reports.conftest import open_xlsx, texts

DAY = "2025-12-05"
DATE_LINE = "Hà Nội, ngày 05 tháng 12 năm 2025"
CLUSTERS = [f"C{n}" for n in range(1, 10)]


_built: dict[str, Any] = {}  # the sample period is the same in every test: build once


@pytest.fixture
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    if "document" not in _built:
        sample_app = request.getfixturevalue("sample_app")
        with sample_app.app_context():
            period = get_period(db.session, 2023)
            _built["document"] = rankings_document(
                standings_for(db.session, period), period.national_method
            )
    return _built["document"]


@pytest.fixture
def council_xlsx(request: pytest.FixtureRequest) -> bytes:
    """The committee's download of the sample period's workbook (made once per run)."""
    if "xlsx" not in _built:
        sign_in = request.getfixturevalue("sign_in")
        response = sign_in("committee").get(f"/periods/2023/reports/council.xlsx?date={DAY}")
        assert response.status_code == 200
        assert response.mimetype.endswith("spreadsheetml.sheet")
        assert "no-store" in response.headers["Cache-Control"]
        _built["xlsx"] = response.data
    return _built["xlsx"]


def table(ws: Worksheet) -> tuple[int, dict[str, int]]:
    """The header row of the sheet's table (the first row starting with "TT") and its columns."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == "TT":
            r = row[0].row
            return r, {c.value: c.column for c in ws[r] if isinstance(c.value, str)}
    raise AssertionError(f"no table on {ws.title}")


def members_by_code(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["federation"]: m for c in document["clusters"] for m in c["members"]}


def test_workbook_has_every_sheet_the_council_expects(council_xlsx: bytes) -> None:
    wb = open_xlsx(council_xlsx)
    assert wb.sheetnames == [
        "Xếp hạng toàn quốc",
        *[f"Tổng hợp {c}" for c in CLUSTERS],
        "Đề nghị khen thưởng",
        "Kiểm phiếu",
        "Chi tiết điểm",
        "Biểu đồ",
    ]
    charts = [n for n in zipfile.ZipFile(BytesIO(council_xlsx)).namelist() if "charts/chart" in n]
    assert len(charts) == 2  # totals per cluster, awards per cluster


def test_every_sheet_carries_the_decree_30_header_title_signature_and_recipients(
    council_xlsx: bytes,
) -> None:
    for ws in open_xlsx(council_xlsx).worksheets:
        # The detail matrix prints several pages wide with columns A:B on each page, so
        # its letterhead starts beside them (see the next test).
        first = "C" if ws.title == "Chi tiết điểm" else "A"
        assert ws[f"{first}1"].value == PARENT_BODY
        assert ws[f"{first}2"].value == "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" and ws[f"{first}2"].font.b
        right = next(c for c in ws[1] if c.value == NATIONAL_TITLE)
        assert right.font.b
        motto = ws.cell(2, right.column)
        assert motto.value == MOTTO and motto.font.b
        place = ws.cell(4, right.column)
        assert place.value == DATE_LINE and place.font.i
        title = ws[f"{first}6"]
        assert title.font.b and title.value == title.value.upper() and "2023" in title.value
        words = texts(ws)
        for expected in ("Nơi nhận:", "TM. HỘI ĐỒNG", "CHỦ TỊCH"):
            assert expected in words, (ws.title, expected)
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}, ws.title


def test_every_sheet_prints_on_a4_landscape_fitted_to_width_with_repeated_headers(
    council_xlsx: bytes,
) -> None:
    for ws in open_xlsx(council_xlsx).worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # one page wide, but the detail matrix: as many as keep it readable (next tests)
        assert int(ws.page_setup.fitToWidth) == (1 if ws.title != "Chi tiết điểm" else 3)
        assert ws.print_area
        if ws.title == "Biểu đồ":
            continue  # one page: a table and two charts
        assert int(ws.page_setup.fitToHeight) == 0  # as many pages down as needed
        header_row, _ = table(ws)
        if ws.title == "Kiểm phiếu":
            continue  # each cluster's block has its own header (next tests)
        assert ws.print_title_rows.startswith(f"${header_row}:") or ws.print_title_rows.startswith(
            f"{header_row}:"
        )
        assert ws.freeze_panes and int(ws.freeze_panes[1:]) > header_row


def test_national_ranking_shows_the_documents_figures(
    council_xlsx: bytes, document: dict[str, Any]
) -> None:
    ws = open_xlsx(council_xlsx)["Xếp hạng toàn quốc"]
    header, cols = table(ws)
    members = members_by_code(document)
    names = {c["code"]: c["name"] for c in document["clusters"]}
    assert len(document["national"]) == 63
    for offset, entry in enumerate(document["national"], start=1):
        row = header + offset
        member = members[entry["federation"]]

        def cell(label: str, r: int = row) -> Any:
            return ws.cell(r, cols[label])

        assert cell("TT").value == offset
        assert cell("Đơn vị").value == member["name"]
        assert cell("Cụm").value == names[entry["cluster"]]
        assert cell("Tổng điểm").value == pytest.approx(entry["total"])
        assert cell("Tổng điểm").number_format == "0.00"
        assert cell("Hạng toàn quốc").value == entry["rank"]
        assert cell("Hạng trong cụm").value == member["rank"]
        assert cell("Điểm cụm chấm (cơ bản)").value == pytest.approx(member["base"])
        assert cell("Điểm thưởng").value == pytest.approx(member["bonus"])
        assert cell("Điểm trừ").value == pytest.approx(member["penalty"])
        assert (cell("Xếp loại").value or None) == member["classification"]


def test_each_cluster_summary_shows_the_documents_figures_in_rank_order(
    council_xlsx: bytes, document: dict[str, Any]
) -> None:
    wb = open_xlsx(council_xlsx)
    for cluster in document["clusters"]:
        ws = wb[f"Tổng hợp {cluster['code']}"]
        header, cols = table(ws)
        for offset, member in enumerate(cluster["members"], start=1):
            row = header + offset
            assert ws.cell(row, cols["Đơn vị"]).value == member["name"]
            assert ws.cell(row, cols["Tổng điểm"]).value == pytest.approx(member["total"])
            assert ws.cell(row, cols["Xếp hạng"]).value == member["rank"]
            assert ws.cell(row, cols["Điểm trừ"]).value == pytest.approx(member["penalty"])
            award = ws.cell(row, cols["Đề nghị khen thưởng"]).value or None
            if member["award"] and not member["award_tie"]:
                assert award == member["award"]
            elif not member["award"]:
                assert award is None
        assert ws.cell(header + len(cluster["members"]) + 1, cols["Đơn vị"]).value is None


def test_ties_incomplete_members_and_ties_at_a_quota_are_said_in_words(
    council_xlsx: bytes,
) -> None:
    wb = open_xlsx(council_xlsx)

    def note(sheet: str, code_name: str) -> str:
        ws = wb[sheet]
        header, cols = table(ws)
        row = next(
            r for r in range(header + 1, ws.max_row + 1)
            if code_name in str(ws.cell(r, cols["Đơn vị"]).value)
        )  # fmt: skip
        return str(ws.cell(row, cols["Ghi chú"]).value or "")

    assert "Đồng hạng 2" in note("Tổng hợp C4", "Hà Tĩnh")  # HTH and NAN share rank 2
    assert "Đồng hạng 2" in note("Tổng hợp C4", "Nghệ An")
    assert "Chưa đủ điểm" in note("Tổng hợp C7", "Bình Dương")
    for name in ("Hải Dương", "Hưng Yên"):  # tied at the quota of Bằng khen
        assert "đề nghị Hội đồng quyết định" in note("Tổng hợp C3", name)
        assert "Đồng hạng 4" in note("Tổng hợp C3", name)
    proposals = wb["Đề nghị khen thưởng"]
    header, cols = table(proposals)
    tied = [
        proposals.cell(r, cols["Ghi chú"]).value
        for r in range(header + 1, proposals.max_row + 1)
        if "Hải Dương" in str(proposals.cell(r, cols["Tên đơn vị"]).value)
    ]
    assert tied and "đề nghị Hội đồng quyết định" in tied[0]


def test_award_proposals_list_every_award_and_tie_in_rule_order(
    council_xlsx: bytes, document: dict[str, Any]
) -> None:
    ws = open_xlsx(council_xlsx)["Đề nghị khen thưởng"]
    header, cols = table(ws)
    listed = []
    for r in range(header + 1, ws.max_row + 1):
        if not isinstance(ws.cell(r, cols["TT"]).value, int):
            break
        listed.append(
            (ws.cell(r, cols["Tên đơn vị"]).value, ws.cell(r, cols["Hình thức khen thưởng"]).value)
        )
        assert ws.cell(r, cols["Tóm tắt thành tích"]).value.startswith("Xếp hạng trong")
    awarded = [
        (m["name"], m["award"]) for c in document["clusters"] for m in c["members"] if m["award"]
    ]
    assert sorted(listed) == sorted(awarded)
    kinds = [award for _, award in listed]
    assert kinds == sorted(kinds, key=["Cờ thi đua", "Bằng khen"].index)


def test_detail_matrix_carries_sections_bonus_deductions_and_totals(
    council_xlsx: bytes, document: dict[str, Any]
) -> None:
    ws = open_xlsx(council_xlsx)["Chi tiết điểm"]
    header, cols = table(ws)
    assert {"I.1", "Cộng I", "III.2.a", "Cộng III.2", "Cộng III", "VII.3"} <= cols.keys()
    assert ws.cell(header + 1, cols["I.1"]).value == 6  # the maxima row
    rows = {ws.cell(r, 2).value: r for r in range(header + 2, ws.max_row + 1)}
    for member in members_by_code(document).values():
        row = rows[member["name"]]
        assert ws.cell(row, cols["Tổng điểm"]).value == pytest.approx(member["total"])
        assert ws.cell(row, cols["Điểm thưởng"]).value == pytest.approx(member["bonus"])
        assert ws.cell(row, cols["Điểm trừ"]).value == pytest.approx(member["penalty"])
        for section, subtotal in member["sections"].items():
            if f"Cộng {section}" in cols:
                assert ws.cell(row, cols[f"Cộng {section}"]).value == pytest.approx(subtotal)


def test_the_wide_detail_matrix_prints_readable_across_pages_with_number_and_name_on_each(
    council_xlsx: bytes,
) -> None:
    """Fitted to one page, ~35 columns printed at about 4 pt. Spread across pages, with
    TT and the name repeated, they print at about 8 pt; the letterhead and signature sit
    on the first page beside the repeated columns, which stay blank above the table."""
    ws = open_xlsx(council_xlsx)["Chi tiết điểm"]
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
    pages = int(ws.page_setup.fitToWidth)
    assert pages == pages_across(widths, 2) >= 2
    assert ws.print_title_cols == "$A:$B" and ws.page_setup.pageOrder == "overThenDown"
    header, _ = table(ws)
    assert all(ws.cell(r, c).value is None for r in range(1, header) for c in (1, 2))
    frame = first_page_columns(widths, 2, pages)
    right = next(c.column for c in ws[1] if c.value == NATIONAL_TITLE)
    assert right <= frame < ws.max_column
    signer = next(c for row in ws.iter_rows(min_row=header) for c in row if c.value == "CHỦ TỊCH")
    assert 3 <= signer.column <= frame
    scale = PAGE_UNITS / ((sum(widths) + (pages - 1) * sum(widths[:2])) / pages)
    assert scale >= 0.75  # printed at 75 % or more: 11 pt reads as 8 pt or more


def test_vote_record_keeps_each_clusters_block_on_one_page(council_xlsx: bytes) -> None:
    """Each cluster's block has its own header: none is repeated on every page (a page
    would show two), and a page starts only at a cluster's name, never inside a block."""
    ws = open_xlsx(council_xlsx)["Kiểm phiếu"]
    assert not ws.print_title_rows
    breaks = [b.id + 1 for b in ws.row_breaks.brk]
    assert breaks, "nine clusters do not fit on one page"
    for row in breaks:
        assert str(ws.cell(row, 1).value).startswith("CỤM THI ĐUA SỐ"), row
        assert ws.cell(row + 2, 1).value == "TT"


def test_vote_record_gives_votes_voters_and_share_per_nominee(council_xlsx: bytes) -> None:
    ws = open_xlsx(council_xlsx)["Kiểm phiếu"]
    words = texts(ws)
    assert "CỤM THI ĐUA SỐ 1" in words
    assert any(w.startswith("Số đơn vị thành viên: 8") for w in words)
    row = next(r for r in range(1, ws.max_row + 1) if "Thái Nguyên" in str(ws.cell(r, 2).value))
    assert [ws.cell(row, c).value for c in (3, 4, 5)] == [8, 8, 1]
    assert ws.cell(row, 5).number_format == "0.0%"


def test_locked_period_shows_the_published_snapshot_on_every_sheet(
    sample_app: Any, sign_in: Any
) -> None:
    with sample_app.app_context():
        period = get_period(db.session, 2023)
        committee = db.session.query(User).filter_by(username="committee").one()
        snapshot = workflow.lock_period(db.session, period, committee)
        db.session.commit()
        snapshot_id, sha = snapshot.id, snapshot.sha256
    data = sign_in("committee").get("/periods/2023/reports/council.xlsx").data
    for ws in open_xlsx(data).worksheets:
        stamp = [w for w in texts(ws) if sha in w]
        assert stamp and f"bản công bố số {snapshot_id}" in stamp[0], ws.title
        assert not ws.oddHeader.center.text, ws.title  # no draft mark on the pages
        assert "KHÔNG khớp" not in stamp[0]
    part = sign_in("c1.leader").get("/periods/2023/clusters/C1/report.xlsx").data
    assert all(any(sha in w for w in texts(ws)) for ws in open_xlsx(part).worksheets)


def test_figures_that_may_still_change_are_marked_draft_on_every_sheet(sample_app: Any, sign_in: Any) -> None:
    """Before the council locks, a printout must not pass for the signed result: not the
    council's, and not a cluster's part either (a submitted cluster can be returned, and
    national ranks and awards move with the other clusters' scores)."""
    from scoring.services.letterheads import DRAFT, DRAFT_EVERY_PAGE

    def marked(ws: Any) -> bool:
        """Under the title, and at the top of every printed page (a loose page 2 too)."""
        return DRAFT in texts(ws) and ws.oddHeader.center.text == DRAFT_EVERY_PAGE

    council = open_xlsx(sign_in("committee").get("/periods/2023/reports/council.xlsx").data)
    assert all(marked(ws) for ws in council.worksheets)
    leader = sign_in("c1.leader")
    with sample_app.app_context():
        period = get_period(db.session, 2023)
        cluster = next(c for c in period.clusters if c.code == "C1")
        workflow.submit_cluster(db.session, period, cluster, db.session.query(User).filter_by(username="c1.leader").one())
        db.session.commit()
    for path in ("/periods/2023/clusters/C1/report.xlsx", "/periods/2023/clusters/C1/cards.xlsx"):
        part = open_xlsx(leader.get(path).data)
        assert all(marked(ws) for ws in part.worksheets), path


def test_leader_downloads_its_own_clusters_part_signed_by_the_cluster(sign_in: Any) -> None:
    leader = sign_in("c1.leader")
    response = leader.get(f"/periods/2023/clusters/C1/report.xlsx?date={DAY}")
    assert response.status_code == 200
    wb = open_xlsx(response.data)
    assert wb.sheetnames == ["Tổng hợp C1", "Đề nghị khen thưởng", "Kiểm phiếu", "Chi tiết điểm"]
    for ws in wb.worksheets:
        assert ws["C2" if ws.title == "Chi tiết điểm" else "A2"].value == "CỤM THI ĐUA SỐ 1"
        assert "CỤM TRƯỞNG" in texts(ws)
    detail = wb["Chi tiết điểm"]
    assert not any("Hà Nội" in w for w in texts(detail) if w.startswith("Liên hiệp"))
    assert sign_in("c1.deputy").get("/periods/2023/clusters/C1/report.xlsx").status_code == 200


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("c1.leader", "/periods/2023/reports/council.xlsx"),
        ("c1.deputy", "/periods/2023/reports/council.xlsx"),
        ("c1.leader", "/periods/2023/clusters/C2/report.xlsx"),
        ("c2.deputy", "/periods/2023/clusters/C1/report.xlsx"),
    ],
)
def test_others_parts_are_refused(sign_in: Any, username: str, path: str) -> None:
    assert sign_in(username).get(path).status_code == 403


def test_unknown_year_or_cluster_is_not_found(sign_in: Any) -> None:
    committee = sign_in("committee")
    assert committee.get("/periods/1999/reports/council.xlsx").status_code == 404
    assert committee.get("/periods/2023/clusters/C99/report.xlsx").status_code == 404


def test_export_report_command_writes_the_council_workbook(
    sample_app: Any, tmp_path: Any, document: dict[str, Any]
) -> None:
    for command in COMMANDS:
        sample_app.cli.add_command(command)
    runner = sample_app.test_cli_runner()
    target = tmp_path / "bao-cao.xlsx"
    result = runner.invoke(args=["export-report", "2023", "-o", str(target), "--date", DAY])
    assert result.exit_code == 0, result.output
    ws = open_xlsx(target.read_bytes())["Xếp hạng toàn quốc"]
    header, cols = table(ws)
    first = document["national"][0]
    assert ws.cell(header + 1, cols["Tổng điểm"]).value == pytest.approx(first["total"])
    assert ws.cell(4, next(c.column for c in ws[1] if c.value == NATIONAL_TITLE)).value == DATE_LINE
    part = tmp_path / "c1.xlsx"
    assert (
        runner.invoke(args=["export-report", "2023", "-o", str(part), "--cluster", "C1"]).exit_code
        == 0
    )
    assert open_xlsx(part.read_bytes()).sheetnames[0] == "Tổng hợp C1"
    missing = runner.invoke(args=["export-report", "1999", "-o", str(tmp_path / "x.xlsx")])
    assert missing.exit_code == 1 and "1999" in missing.output and "Traceback" not in missing.output


def test_figures_are_written_as_decimals_not_rounded_floats(council_xlsx: bytes) -> None:
    ws = open_xlsx(council_xlsx)["Tổng hợp C1"]
    header, cols = table(ws)
    totals = [ws.cell(header + n, cols["Tổng điểm"]).value for n in range(1, 9)]
    assert all(Decimal(str(t)) == Decimal(str(t)).quantize(Decimal("0.01")) for t in totals)

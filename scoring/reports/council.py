"""The council's workbook (DOMAIN.md "The documents the council expects").

Sheets: the national ranking; one summary per cluster; the award proposal
list; the vote record of each cluster; the detail matrix (federations ×
indicators with section subtotals); a chart sheet. One cluster's part (for
its leader) has the same sheets for that cluster only, issued and signed by
the cluster. Ties, incomplete federations and ties at a quota are said in a
notes column, not only by colour.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from .council_sheets import chart_sheet, detail_sheet, proposals_sheet, votes_sheet
from .model import ClusterPart, CouncilReport, Member, award_text, notes
from .stream_table import finish, new_sheet, write_rows
from .style_index import Styles
from .styles import AWARD_FILL, PERCENT_FORMAT, POINTS_FORMAT, TIE_FILL, WARN_FILL
from .table import Column

P, PCT, INT = POINTS_FORMAT, PERCENT_FORMAT, "0"


def build_council_workbook(report: CouncilReport) -> bytes:
    """The workbook's bytes: building is separate from sending (views and the CLI send).

    Written in openpyxl's write-only mode (see ``stream``): rows go to the file as
    they are made, and cells share their styles.
    """
    wb = Workbook(write_only=True)
    styles = Styles(wb)
    taken: set[str] = set()
    if report.whole:
        national_sheet(wb, styles, report, taken)
    for part in report.clusters:
        cluster_sheet(wb, styles, report, part, taken)
    proposals_sheet(wb, styles, report, taken)
    votes_sheet(wb, styles, report, taken)
    detail_sheet(wb, styles, report, taken)
    if report.whole:
        chart_sheet(wb, styles, report, taken)
    wb.properties.title = f"Kết quả chấm điểm thi đua năm {report.year}"
    wb.properties.creator = "scoring"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def row_fill(member: Member) -> PatternFill | None:
    """Colour only repeats what the notes column says in words."""
    if not member.complete:
        return WARN_FILL
    if member.award_tie or member.shared_rank:
        return TIE_FILL
    return AWARD_FILL if member.award else None


def _summary_columns(national: bool, zscore: bool) -> list[Column[Member]]:
    columns: list[Column[Member]] = [
        Column("Đơn vị", 38, lambda m: m.name),
    ]
    if national:
        columns.append(Column("Cụm", 26, lambda m: m.cluster_name))
    columns += [
        Column("Tổng điểm tự chấm", 11, lambda m: m.self_total, P),
        Column("Điểm cụm chấm (cơ bản)", 11, lambda m: m.base, P),
        Column("Điểm thưởng", 9, lambda m: m.bonus, P),
        Column("Điểm trừ", 9, lambda m: m.penalty, P),
        Column("Tổng điểm", 10, lambda m: m.total, P),
    ]
    if national and zscore:
        columns.append(Column("Điểm chuẩn hoá", 10, lambda m: m.normalized, P))
    if national:
        columns += [
            Column("Hạng toàn quốc", 8, lambda m: m.national_rank, INT),
            Column("Hạng trong cụm", 8, lambda m: m.rank, INT),
        ]
    else:
        columns.append(Column("Xếp hạng", 8, lambda m: m.rank, INT))
    columns += [
        Column("Xếp loại", 11, lambda m: m.classification or ""),
        Column("Phiếu suy tôn (%)", 10, lambda m: m.vote_share, PCT),
        Column("Đề nghị khen thưởng", 20, award_text),
        Column("Ghi chú", 34, lambda m: notes(m, national)),
    ]
    return columns


def _numbered(columns: list[Column[Member]], members: tuple[Member, ...]) -> list[Column[Member]]:
    order = {m.code: n for n, m in enumerate(members, start=1)}
    return [Column("TT", 5, lambda m: order[m.code], INT), *columns]


def national_sheet(wb: Workbook, styles: Styles, report: CouncilReport, taken: set[str]) -> None:
    columns = _numbered(_summary_columns(True, report.national_method == "zscore"), report.national)
    method = (
        "xếp theo điểm chuẩn hoá trong cụm (z-score)"
        if report.national_method == "zscore"
        else "xếp theo tổng điểm"
    )
    ws, row = new_sheet(
        wb,
        styles,
        "Xếp hạng toàn quốc",
        taken,
        report.head,
        [c.width for c in columns],
        f"BẢNG XẾP HẠNG TOÀN QUỐC KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {report.year}",
        f"{report.title or ''} ({method})".strip(),
    )
    last = write_rows(ws, row, columns, report.national, row_fill)
    finish(ws, report.head, row, last, len(columns))


def cluster_sheet(
    wb: Workbook, styles: Styles, report: CouncilReport, part: ClusterPart, taken: set[str]
) -> None:
    columns = _numbered(_summary_columns(False, False), part.members)
    leader = f"Cụm trưởng: {part.leader}" if part.leader else ""
    deputy = f"Cụm phó: {part.deputy}" if part.deputy else ""
    ws, row = new_sheet(
        wb,
        styles,
        f"Tổng hợp {part.code}",
        taken,
        report.head,
        [c.width for c in columns],
        f"BIỂU TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {report.year} — {part.name}",
        " · ".join(t for t in (leader, deputy) if t) or None,
    )
    last = write_rows(ws, row, columns, part.members, row_fill)
    finish(ws, report.head, row, last, len(columns))

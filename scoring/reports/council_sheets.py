"""The council workbook's other sheets: proposals, vote records, detail matrix, charts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from scoring.engine.values import round2

from .model import CouncilReport, Member, SchemeNode, notes
from .stream import Sheet
from .stream_table import finish, new_sheet, write_rows
from .style_index import Styles, font
from .styles import CENTER, LEFT, PERCENT_FORMAT, POINTS_FORMAT, SECTION_FILL, page_points
from .table import Column

P, PCT, INT = POINTS_FORMAT, PERCENT_FORMAT, "0"
TIE_NOTE = "Đồng hạng tại giới hạn số suất — đề nghị Hội đồng quyết định"


def _members(report: CouncilReport) -> list[Member]:
    return [m for part in report.clusters for m in part.members]


# --- the award proposal list ---------------------------------------------------------


def proposals_sheet(wb: Workbook, styles: Styles, report: CouncilReport, taken: set[str]) -> None:
    order = {name: n for n, name in enumerate(report.award_names)}
    proposed = sorted(
        (m for m in _members(report) if m.award),
        key=lambda m: order.get(m.award or "", len(order)),
    )  # stable: clusters in order, members by rank
    numbers = {m.code: n for n, m in enumerate(proposed, start=1)}
    columns: list[Column[Member]] = [
        Column("TT", 5, lambda m: numbers[m.code], INT),
        Column("Tên đơn vị", 38, lambda m: m.name),
        Column("Cụm", 22, lambda m: m.cluster_name),
        Column("Hình thức khen thưởng", 18, lambda m: m.award),
        Column("Tóm tắt thành tích", 48, lambda m: m.summary),
        Column("Tổng điểm", 10, lambda m: m.total, P),
        Column("Xếp hạng trong cụm", 9, lambda m: m.rank, INT),
        Column("Tỷ lệ phiếu suy tôn", 10, lambda m: m.vote_share, PCT),
        Column("Ghi chú", 30, lambda m: TIE_NOTE if m.award_tie else ""),
    ]
    ws, row = new_sheet(
        wb,
        styles,
        "Đề nghị khen thưởng",
        taken,
        report.head,
        [c.width for c in columns],
        f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {report.year}",
        report.title,
    )
    last = write_rows(ws, row, columns, proposed)
    if not proposed:
        last += 1
        ws.line(
            last,
            1,
            len(columns),
            "Không có đơn vị đủ điều kiện đề nghị khen thưởng.",
            font(11, italic=True),
        )
    finish(ws, report.head, row, last, len(columns))


# --- the vote record -----------------------------------------------------------------


def votes_sheet(wb: Workbook, styles: Styles, report: CouncilReport, taken: set[str]) -> None:
    """One block per cluster: members, voters, then votes and share per nominee. Each
    block has its own header and is kept on one page (a cluster's name is never left at
    the foot of a page); so no header row is repeated on every page."""
    widths = [5, 40, 12, 12, 12, 36]
    labels = ["TT", "Đơn vị được suy tôn", "Số phiếu", "Số người bỏ phiếu", "Tỷ lệ", "Ghi chú"]
    ws, row = new_sheet(
        wb, styles, "Kiểm phiếu", taken, report.head, widths,
        f"BIÊN BẢN KIỂM PHIẾU SUY TÔN ĐƠN VỊ DẪN ĐẦU NĂM {report.year}", report.title,
    )  # fmt: skip
    page = page_points(widths) * 0.95  # a margin for office suites' own row heights
    room = page - ws.rows_height(1, row - 1)
    first_header = None
    for part in report.clusters:
        start = row
        ws.line(row, 1, len(widths), part.name.upper(), font(12, bold=True), LEFT)
        voters = sorted({m.voters for m in part.members if m.voters is not None})
        counted = ", ".join(str(v) for v in voters) if voters else "không có số liệu"
        facts = (
            f"Số đơn vị thành viên: {len(part.members)}. Số người bỏ phiếu (phiếu phát ra, "
            f"thu về, hợp lệ): {counted}."
        )
        ws.line(row + 1, 1, len(widths), facts, font(11), LEFT)
        row += 2
        ws.header(row, labels)
        if first_header is None:
            first_header = row
            ws.freeze(f"C{row + 1}")
        for n, m in enumerate(part.members, start=1):
            row += 1
            note = "Không có phiếu" if m.votes is None else ""
            for column, (value, number) in enumerate(
                [(n, INT), (m.name, None), (m.votes, INT), (m.voters, INT),
                 (m.vote_share, PCT), (note, None)], start=1,
            ):  # fmt: skip
                ws.body(row, column, value, number=number, align=CENTER if number == INT else None)
            ws.autofit(row, 1, len(widths))
        block = ws.rows_height(start, row + 1)  # with the blank row after it
        if block > room and part is not report.clusters[0]:  # the first stays by the title
            ws.break_before(start)
            room = page
        room -= block
        ws.flush(row)
        row += 2
    finish(ws, report.head, first_header or row, row - 1, len(widths), repeat_header=False)


# --- the detail matrix ---------------------------------------------------------------


@dataclass(frozen=True)
class _Col:
    code: str
    label: str
    top: Decimal | None
    subtotal: bool


def matrix_columns(scheme: tuple[SchemeNode, ...]) -> list[_Col]:
    """Leaves in display order, each section's subtotal right after its last leaf."""
    columns: list[_Col] = []
    open_sections: list[SchemeNode] = []

    def close_until(ancestors: tuple[str, ...]) -> None:
        while open_sections and open_sections[-1].code not in ancestors:
            section = open_sections.pop()
            if section.has_base:
                columns.append(_Col(section.code, f"Cộng {section.code}", section.max_points, True))

    for node in scheme:
        close_until(node.ancestors)
        if node.is_section:
            open_sections.append(node)
        else:
            columns.append(_Col(node.code, node.code, node.max_points, False))
    close_until(())
    return columns


def detail_sheet(wb: Workbook, styles: Styles, report: CouncilReport, taken: set[str]) -> None:
    cols = matrix_columns(report.scheme)
    tail = ["Điểm cơ bản", "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Xếp hạng", "Ghi chú"]
    widths = [5, 34, *([7.5] * len(cols)), 9, 8, 8, 9, 7, 24]
    width = len(widths)
    ws, row = new_sheet(
        wb, styles, "Chi tiết điểm", taken, report.head, widths,
        f"BẢNG ĐIỂM CHI TIẾT THEO TIÊU CHÍ NĂM {report.year}", report.title,
        spread=2,  # ~35 columns: several pages wide, number and name on each
    )  # fmt: skip
    header_row = row
    ws.header(row, ["TT", "Đơn vị", *[c.label for c in cols], *tail])
    ws.body(row + 1, 2, "Điểm tối đa", bold=True)
    for index, col in enumerate(cols, start=3):
        ws.body(row + 1, index, col.top, number=P, bold=True)
    ws.freeze(f"C{header_row + 2}")
    row += 1
    section_font = font(11, bold=True)
    points, bold_points = ws.body_style(number=P), ws.body_style(number=P, bold=True)
    number, text = ws.body_style(number=INT, align=CENTER), ws.body_style()
    row_styles = [
        number,
        text,
        *[bold_points if c.subtotal else points for c in cols],
        *[points, points, points, bold_points],  # base, bonus, deductions; the total bold
        number,
        text,
    ]
    wanted = [(c.subtotal, c.code) for c in cols]
    for part in report.clusters:
        row += 1
        ws.line(row, 1, width, part.name, section_font, LEFT, fill=SECTION_FILL)
        for n, m in enumerate(part.members, start=1):
            row += 1
            sections, scored = m.sections, m.points
            values = [
                n,
                m.name,
                *[
                    sections.get(code) if subtotal else scored.get(code)
                    for subtotal, code in wanted
                ],
                m.base,
                m.bonus,
                m.penalty,
                m.total,
                m.rank,
                notes(m),
            ]
            ws.cells(row, 1, values, row_styles)
            ws.autofit(row, 1, width)
            ws.flush(row)
    row = _legend(ws, row + 2, report.scheme, ws.first, ws.frame)
    end_row = ws.signature(report.head, row, ws.frame)
    ws.close(header_rows=(header_row, header_row + 1), last_row=end_row, last_column=width)


def _legend(ws: Sheet, row: int, scheme: tuple[SchemeNode, ...], first: int, width: int) -> int:
    """What each code stands for, so the printed matrix reads on its own (columns
    ``first``..``width``: beside the repeated columns, on the first page)."""
    title = font(11, bold=True, italic=True)
    ws.line(row, first, width, "Ghi chú các mã tiêu chí:", title, LEFT)
    for node in scheme:
        row += 1
        indent = "    " * (node.depth + 1)
        ws.line(row, first, width, f"{indent}{node.code}: {node.name}", font(10), LEFT)
    return row + 1


# --- the chart sheet -----------------------------------------------------------------


def chart_sheet(wb: Workbook, styles: Styles, report: CouncilReport, taken: set[str]) -> None:
    """Totals per cluster (highest, mean, lowest) and awards per cluster, with their data."""
    labels = ["Cụm", "Số đơn vị", "Cao nhất", "Trung bình", "Thấp nhất", *report.award_names,
              "Đồng hạng chờ HĐ quyết định"]  # fmt: skip
    widths = [22, 9, 10, 10, 10, *([12] * len(report.award_names)), 14]
    ws, row = new_sheet(
        wb, styles, "Biểu đồ", taken, report.head, widths,
        f"BIỂU ĐỒ KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {report.year}", report.title, one_page=True,
    )  # fmt: skip
    header_row = row
    ws.header(row, labels)
    ws.freeze(None)
    for part in report.clusters:
        row += 1
        totals = [m.total for m in part.members]
        mean = round2(sum(totals, Decimal(0)) / len(totals)) if totals else None
        counts = [
            sum(1 for m in part.members if m.award == name and not m.award_tie)
            for name in report.award_names
        ]
        ties = sum(1 for m in part.members if m.award_tie)
        values = [part.name, len(part.members), max(totals, default=None), mean,
                  min(totals, default=None), *counts, ties]  # fmt: skip
        for column, value in enumerate(values, start=1):
            number = None if column == 1 else (P if column in (3, 4, 5) else INT)
            ws.body(row, column, value, number=number)
        ws.autofit(row, 1, len(widths))
        ws.flush(row)
    last_data = row
    _bar(ws, "Tổng điểm theo cụm", header_row, last_data, 3, 5, f"A{last_data + 2}", grouped=True)
    award_last = 5 + len(report.award_names) + 1
    _bar(
        ws,
        "Khen thưởng theo cụm",
        header_row,
        last_data,
        6,
        award_last,
        f"A{last_data + 20}",
        grouped=False,
    )
    end = ws.signature(report.head, last_data + 38, len(widths))
    ws.close(header_rows=None, last_row=end, last_column=max(len(widths), 9))


def _bar(
    sheet: Sheet, title: str, header: int, last: int, first_col: int, last_col: int,
    anchor: str, grouped: bool,
) -> None:  # fmt: skip
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.grouping = "clustered" if grouped else "stacked"
    if not grouped:
        chart.overlap = 100
    chart.y_axis.title = "Điểm" if grouped else "Số đơn vị"
    chart.x_axis.title = "Cụm"
    ws = sheet.ws
    data = Reference(ws, min_col=first_col, max_col=last_col, min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes in Excel unless told otherwise
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.height = 8.5
    chart.width = 24
    ws.add_chart(chart, anchor)

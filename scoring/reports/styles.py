"""The look of an administrative document (Decree 30/2020/NĐ-CP) in a worksheet.

Every sheet the council receives carries the same frame: the parent body and
the issuing unit top left, the national title and motto top right, the place
and date in italics, a bold capital title, the table, then the recipients on
the left and the signature block on the right. Times New Roman throughout,
A4 (landscape for tables) fitted to the page width, the table's header rows
repeated on each printed page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .safe import put

FONT = "Times New Roman"
# A no-break space keeps "VIỆT NAM" together when a narrow letterhead wraps the line.
PARENT_BODY = "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT VIỆT\u00a0NAM"
COUNCIL = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RULE = "―――――――――"
POINTS_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
MM = 1 / 25.4  # page margins are in inches

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E7ECF1")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
WARN_FILL = PatternFill("solid", fgColor="FFF1CC")  # incomplete: the notes column says so too
TIE_FILL = PatternFill("solid", fgColor="EEE3F7")  # a tie: the notes column says so too
AWARD_FILL = PatternFill("solid", fgColor="FFF6D8")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
BODY = Alignment(horizontal="left", vertical="center", wrap_text=True)


def font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, color="000000")


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document, when, who signs and who receives it."""

    issuer: str  # "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" or "CỤM THI ĐUA SỐ 4"
    on: date
    signer: tuple[str, ...]  # ("TM. HỘI ĐỒNG", "CHỦ TỊCH") or ("CỤM TRƯỞNG",)
    recipients: tuple[str, ...]
    place: str = "Hà Nội"
    stamp: str | None = None  # the published snapshot's id and checksum, when locked
    every_page: str | None = None  # at the top of every printed page: the draft mark


def date_line(place: str, on: date) -> str:
    """ "Hà Nội, ngày 05 tháng 12 năm 2025": day and month with a leading zero."""
    return f"{place}, ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _width(ws: Worksheet, first: int, last: int) -> float:
    return sum(
        ws.column_dimensions[get_column_letter(c)].width or 9.0 for c in range(first, last + 1)
    )


def line(
    ws: Worksheet,
    row: int,
    first: int,
    last: int,
    text: str,
    style: Font,
    align: Alignment = CENTER,
) -> None:
    """One line of text across columns ``first``..``last`` (merged), tall enough to wrap."""
    cell = put(ws, row, first, text)
    cell.font = style
    cell.alignment = align
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    chars_per_line = max(_width(ws, first, last) / (style.sz / 11) * 0.95, 1)
    lines = -(-len(text) // int(chars_per_line)) if text else 1
    height = max(lines, 1) * (style.sz * 1.45)
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(current, height)


def split(width: int) -> tuple[int, int]:
    """The last column of the left block and the first of the right one."""
    if width <= 1:
        return 1, 1
    left_end = max(1, (width * 2) // 5)
    return left_end, left_end + 1


def mark_every_page(ws: Any, head: Letterhead) -> None:
    """A draft says so at the top of every printed page, not only under the title: a
    loose second page must not look final. Normal-mode and write-only sheets alike."""
    if head.every_page:
        ws.oddHeader.center.text = head.every_page
        ws.oddHeader.center.font = f"{FONT},Bold"
        ws.oddHeader.center.color = "C00000"


def write_letterhead(
    ws: Worksheet, head: Letterhead, width: int, title: str, subtitle: str | None = None
) -> int:
    """The Decree 30 header and the title; returns the first free row below them."""
    mark_every_page(ws, head)
    left_end, right_start = split(width)
    line(ws, 1, 1, left_end, PARENT_BODY, font(12))
    line(ws, 1, right_start, width, NATIONAL_TITLE, font(12, bold=True))
    line(ws, 2, 1, left_end, head.issuer.upper(), font(12, bold=True))
    line(ws, 2, right_start, width, MOTTO, font(13, bold=True))
    line(ws, 3, 1, left_end, RULE, font(10))
    line(ws, 3, right_start, width, RULE, font(10))
    line(ws, 4, right_start, width, date_line(head.place, head.on), font(12, italic=True))
    row = 6
    line(ws, row, 1, width, title.upper(), font(14, bold=True))
    row += 1
    if subtitle:
        line(ws, row, 1, width, subtitle, font(12, italic=True))
        row += 1
    if head.stamp:
        line(ws, row, 1, width, head.stamp, font(11, bold=True))
        row += 1
    return row + 1


def write_signature(ws: Worksheet, head: Letterhead, row: int, width: int) -> int:
    """Recipients on the left, the signature block on the right; returns the last row used."""
    left_end, right_start = split(width)
    row += 1
    line(ws, row, 1, left_end, "Nơi nhận:", font(12, bold=True, italic=True), LEFT)
    for n, signer in enumerate(head.signer):
        line(ws, row + n, right_start, width, signer, font(13, bold=True))
    for n, recipient in enumerate(head.recipients, start=1):
        line(ws, row + n, 1, left_end, recipient, font(11), LEFT)
    sign_row = row + len(head.signer)
    line(ws, sign_row, right_start, width, "(Ký, ghi rõ họ tên và đóng dấu)", font(11, italic=True))
    for blank in range(sign_row + 1, sign_row + 5):
        ws.row_dimensions[blank].height = 18  # room to sign
    return max(row + len(head.recipients), sign_row + 4)


def header_cells(ws: Worksheet, row: int, labels: Sequence[str], first: int = 1) -> None:
    """A table's header row: bold, centred, boxed, wrapped."""
    for offset, label in enumerate(labels):
        cell = put(ws, row, first + offset, label)
        cell.font = font(11, bold=True)
        cell.alignment = CENTER
        cell.border = BOX
        cell.fill = HEADER_FILL
    autofit_row(ws, row, first, first + len(labels) - 1)
    ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, 30)


def body_cell(
    ws: Worksheet,
    row: int,
    column: int,
    value: Any,
    *,
    number: str | None = None,
    bold: bool = False,
    align: Alignment | None = None,
) -> Any:
    """A boxed table cell; ``number`` is its number format (points: ``0.00``)."""
    cell = put(ws, row, column, value)
    cell.font = font(11, bold=bold)
    cell.border = BOX
    if number is not None:
        cell.number_format = number
        cell.alignment = align or RIGHT
    else:
        cell.alignment = align or BODY
    return cell


def autofit_row(ws: Worksheet, row: int, first: int, last: int, size: float = 11) -> None:
    """Make a row tall enough for its wrapped text (office suites do not always do it)."""
    lines = 1
    for column in range(first, last + 1):
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value:
            width = ws.column_dimensions[get_column_letter(column)].width or 9.0
            per_line = max(int(width * 1.3 / (size / 11)), 1)
            lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in value.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = lines * size * 1.35


def fill_row(ws: Worksheet, row: int, first: int, last: int, fill: PatternFill) -> None:
    for column in range(first, last + 1):
        ws.cell(row=row, column=column).fill = fill


def print_setup(
    ws: Worksheet,
    *,
    header_rows: tuple[int, int] | None,
    last_row: int,
    last_column: int,
    freeze: str | None,
    landscape: bool = True,
    one_page: bool = False,
) -> None:
    """A4 fitted to the width (or to one page), header rows repeated, print area, margins."""
    page_layout(ws, landscape=landscape, one_page=one_page)
    if header_rows is not None:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    ws.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
    if freeze:
        ws.freeze_panes = freeze


# Column-width units a landscape A4 page holds between the Decree 30 margins at 100 %
# (measured on LibreOffice's PDF of these sheets: Times New Roman, 252 mm of width).
PAGE_UNITS = 102
# Printed at 75 % or more, 11 pt text stays at 8 pt or more, as wide annex tables are.
READABLE_PAGE_UNITS = PAGE_UNITS / 0.75


def page_points(widths: Sequence[float]) -> float:
    """The height, in the sheet's points, a landscape A4 page fitted to the width holds:
    170 mm between the Decree 30 margins, more when the width is shrunk to fit."""
    return 170 / 25.4 * 72 / min(1.0, PAGE_UNITS / max(sum(widths), 1))


def pages_across(widths: Sequence[float], repeated: int) -> int:
    """How many pages wide a table must print to stay readable, its first ``repeated``
    columns printed again on each page."""
    fixed, rest = sum(widths[:repeated]), sum(widths[repeated:])
    return max(1, math.ceil(rest / max(READABLE_PAGE_UNITS - fixed, 1)))


def first_page_columns(widths: Sequence[float], repeated: int, pages: int) -> int:
    """How many columns print on the first of ``pages`` pages across: fitted to that many
    pages, each holds an equal share of the widths, the repeated columns counted on each."""
    share = (sum(widths) + (pages - 1) * sum(widths[:repeated])) / pages
    used = 0.0
    for count, width in enumerate(widths):
        used += width
        if used > share:
            return max(count, repeated + 1)
    return len(widths)


def page_layout(ws: Any, *, landscape: bool = True, one_page: bool = False) -> None:
    """Decree 30 paper: A4 fitted to the width (or one page), margins 30/15/20/20 mm,
    centred, "Trang i/n" at the foot. Shared by normal-mode and write-only sheets."""
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.page_margins.left = 30 * MM
    ws.page_margins.right = 15 * MM
    ws.page_margins.top = 20 * MM
    ws.page_margins.bottom = 20 * MM
    ws.page_margins.header = 8 * MM
    ws.page_margins.footer = 8 * MM
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT
    ws.sheet_view.zoomScale = 90

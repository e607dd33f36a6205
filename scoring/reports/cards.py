"""Score cards: one printable page per federation (DOMAIN.md report 1, "bảng chấm điểm").

Per indicator: the maximum, what was achieved, the self score and the
cluster's score, the evidence; section subtotals; bonus, deductions, the
total; then the ranks, the classification, the award, and the engine's own
sentences explaining the rank. One sheet per federation, A4 portrait, fitted
to one page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .styles import (
    CENTER,
    LEFT,
    POINTS_FORMAT,
    SECTION_FILL,
    TIE_FILL,
    WARN_FILL,
    Letterhead,
    autofit_row,
    body_cell,
    fill_row,
    font,
    header_cells,
    line,
    print_setup,
    write_signature,
)
from .table import new_sheet

P = POINTS_FORMAT
WIDTHS = [7, 46, 9, 11, 9, 9, 30]
LABELS = ["Mã", "Tiêu chí", "Điểm tối đa", "Kết quả đạt được", "Điểm tự chấm", "Điểm cụm chấm",
          "Minh chứng, ghi chú"]  # fmt: skip


@dataclass(frozen=True)
class CardLine:
    """A section (with subtotals) or an indicator of the scheme, for one federation."""

    code: str
    name: str
    kind: str
    depth: int
    max_points: Decimal | None
    achieved: str | Decimal | None  # the cluster's value as entered ("Đạt", 3, 12.5)
    self_points: Decimal | None
    points: Decimal | None
    note: str | None = None

    @property
    def is_section(self) -> bool:
        return self.kind == "section"


@dataclass(frozen=True)
class ScoreCard:
    code: str
    name: str
    cluster_name: str
    lines: tuple[CardLine, ...]
    base_max: Decimal
    figures: tuple[tuple[str, Decimal | None, Decimal], ...]  # label, self, cluster
    facts: tuple[tuple[str, str], ...]  # rank, class, award, completeness as label: text
    explanation: tuple[str, ...]
    complete: bool
    award_tie: bool


@dataclass(frozen=True)
class CardBook:
    year: int
    title: str | None
    head: Letterhead
    cards: tuple[ScoreCard, ...]


def build_score_cards(book: CardBook) -> bytes:
    """One sheet per card; the workbook's bytes."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for card in book.cards:
        _card_sheet(wb, book, card, taken)
    wb.properties.title = f"Bảng chấm điểm thi đua năm {book.year}"
    wb.properties.creator = "scoring"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _card_sheet(wb: Workbook, book: CardBook, card: ScoreCard, taken: set[str]) -> None:
    ws, row = new_sheet(
        wb, card.code, taken, book.head, WIDTHS,
        f"BẢNG CHẤM ĐIỂM THI ĐUA NĂM {book.year}", f"{card.name} — {card.cluster_name}",
    )  # fmt: skip
    header_row = row
    header_cells(ws, row, LABELS)
    for item in card.lines:
        row += 1
        _line_row(ws, row, item)
    for label, own, agreed in card.figures:
        row += 1
        body_cell(ws, row, 1, "")
        body_cell(ws, row, 2, label, bold=True)
        for column in (4, 7):
            body_cell(ws, row, column, "")
        body_cell(
            ws, row, 3, card.base_max if label.startswith("Cộng điểm cơ bản") else None, number=P
        )
        body_cell(ws, row, 5, own, number=P, bold=True)
        body_cell(ws, row, 6, agreed, number=P, bold=True)
        fill_row(ws, row, 1, len(WIDTHS), SECTION_FILL)
    row = _facts(ws, row + 2, card)
    end = write_signature(ws, book.head, row, len(WIDTHS))
    print_setup(
        ws, header_rows=(header_row, header_row), last_row=end, last_column=len(WIDTHS),
        freeze=f"C{header_row + 1}", landscape=False, one_page=True,
    )  # fmt: skip


def _line_row(ws: Worksheet, row: int, item: CardLine) -> None:
    indent = "   " * item.depth
    bold = item.is_section
    body_cell(ws, row, 1, item.code, bold=bold)
    body_cell(ws, row, 2, indent + item.name, bold=bold)
    body_cell(ws, row, 3, item.max_points, number=P, bold=bold)
    achieved = item.achieved
    if isinstance(achieved, Decimal):
        body_cell(ws, row, 4, achieved, number="General", align=CENTER)
    else:
        body_cell(ws, row, 4, achieved or "", align=CENTER)
    body_cell(ws, row, 5, item.self_points, number=P, bold=bold)
    body_cell(ws, row, 6, item.points, number=P, bold=bold)
    body_cell(ws, row, 7, item.note or "")
    autofit_row(ws, row, 1, len(WIDTHS))
    if item.is_section:
        fill_row(ws, row, 1, len(WIDTHS), SECTION_FILL)
    elif item.achieved == "chưa nhập":
        fill_row(ws, row, 4, 4, WARN_FILL)


def _facts(ws: Worksheet, row: int, card: ScoreCard) -> int:
    """Ranks, class, award, completeness; then the engine's explanation, one sentence a line."""
    for label, text in card.facts:
        line(ws, row, 1, 2, label, font(11, bold=True), LEFT)
        line(ws, row, 3, len(WIDTHS), text, font(11), LEFT)
        if (label.startswith("Khen") and card.award_tie) or (
            label.startswith("Tình trạng") and not card.complete
        ):
            fill_row(ws, row, 3, len(WIDTHS), TIE_FILL if card.award_tie else WARN_FILL)
        row += 1
    row += 1
    line(ws, row, 1, len(WIDTHS), "Giải thích xếp hạng:", font(11, bold=True, italic=True), LEFT)
    for sentence in card.explanation:
        row += 1
        line(ws, row, 1, len(WIDTHS), f"- {sentence}", font(11), LEFT)
    return row + 1

"""The rankings document as a plain-text table for the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Words:
    member: tuple[str, ...]
    national: tuple[str, ...]
    year: str
    method: str
    title: str
    incomplete: str
    tie: str


VI = Words(
    member=(
        "Hạng",
        "Mã",
        "Tên",
        "Tổng",
        "Cơ bản",
        "Thưởng",
        "Trừ",
        "Xếp loại",
        "Khen thưởng",
        "Ghi chú",
    ),
    national=("Hạng", "Mã", "Cụm", "Tổng", "Chuẩn hóa", "Ghi chú"),
    year="Năm",
    method="xếp hạng toàn quốc",
    title="Xếp hạng toàn quốc",
    incomplete="chưa đủ điểm",
    tie="đồng hạng — đề nghị HĐ quyết định",
)
EN = Words(
    member=("Rank", "Code", "Name", "Total", "Base", "Bonus", "Pen.", "Class", "Award", "Notes"),
    national=("Rank", "Code", "Cluster", "Total", "Normalized", "Notes"),
    year="Year",
    method="national method",
    title="National ranking",
    incomplete="incomplete",
    tie="tied at the quota — council decides",
)
MEMBER_WIDTHS = (4, 5, 40, 7, 7, 7, 6, 10, 12, 0)
NATIONAL_WIDTHS = (4, 5, 7, 7, 10, 0)
NUMERIC = {0, 3, 4, 5, 6}


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def rankings_table(document: dict[str, Any], lang: str = "vi") -> str:
    """Per cluster, then national: rank, code, name, figures, classification, award, notes."""
    words = EN if lang == "en" else VI
    lines = [f"{words.year} {document['year']} — {words.method}: {document['national_method']}"]
    for cluster in document["clusters"]:
        lines += ["", f"{cluster['code']} — {cluster['name']}", _row(words.member, MEMBER_WIDTHS)]
        for m in cluster["members"]:
            notes = [words.incomplete] if not m["complete"] else []
            if m["award_tie"]:
                notes.append(words.tie)
            cells: tuple[str, ...] = (
                str(m["rank"]),
                m["federation"],
                m["name"],
                _num(m["total"]),
                _num(m["base"]),
                _num(m["bonus"]),
                _num(m["penalty"]),
                m["classification"] or "",
                m["award"] or "",
                "; ".join(notes),
            )
            lines.append(_row(cells, MEMBER_WIDTHS))
    lines += ["", words.title, _row(words.national, NATIONAL_WIDTHS)]
    for e in document["national"]:
        cells = (
            str(e["rank"]),
            e["federation"],
            e["cluster"],
            _num(e["total"]),
            _num(e["normalized"]),
            "" if e.get("complete", True) else words.incomplete,
        )
        lines.append(_row(cells, NATIONAL_WIDTHS))
    return "\n".join(lines)


def _cell(text: str, width: int, numeric: bool) -> str:
    if width == 0:
        return text
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if numeric else text.ljust(width)


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    numeric = NUMERIC if len(widths) == len(MEMBER_WIDTHS) else {0, 3, 4}
    return " ".join(
        _cell(c, w, i in numeric) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ).rstrip()

"""The rankings document as a plain-text table for the terminal."""

from __future__ import annotations

from typing import Any


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def rankings_table(document: dict[str, Any], lang: str = "vi") -> str:
    """Per cluster, then national: rank, code, name, figures, classification, award."""
    en = lang == "en"
    head = ("Rank", "Code", "Name", "Total", "Base", "Bonus", "Pen.", "Class", "Award") if en else (
        "Hạng", "Mã", "Tên", "Tổng", "Cơ bản", "Thưởng", "Trừ", "Xếp loại", "Khen thưởng")
    lines = [
        f"{'Year' if en else 'Năm'} {document['year']} — "
        f"{'national method' if en else 'xếp hạng toàn quốc'}: {document['national_method']}"
    ]
    for cluster in document["clusters"]:
        lines += ["", f"{cluster['code']} — {cluster['name']}"]
        lines.append(_row(head))
        for m in cluster["members"]:
            award = m["award"] or ""
            if m["award_tie"]:
                award += " (tied at quota: council decides)" if en else " (đồng hạng — đề nghị HĐ quyết định)"
            name = m["name"] + ("" if m["complete"] else (" [incomplete]" if en else " [chưa đủ điểm]"))
            lines.append(_row((str(m["rank"]), m["federation"], name, _num(m["total"]),
                               _num(m["base"]), _num(m["bonus"]), _num(m["penalty"]),
                               m["classification"] or "", award)))
    lines += ["", "National ranking" if en else "Xếp hạng toàn quốc"]
    lines.append(_row(("Rank" if en else "Hạng", "Code" if en else "Mã",
                       "Cluster" if en else "Cụm", "Total" if en else "Tổng", "Normalized" if en else "Chuẩn hóa")))
    for e in document["national"]:
        lines.append(_row((str(e["rank"]), e["federation"], e["cluster"], _num(e["total"]),
                           _num(e["normalized"]))))
    return "\n".join(lines)


def _row(cells: tuple[str, ...]) -> str:
    widths = (5, 6, 44, 8, 8, 7, 6, 11, 30)
    return " ".join(
        (c[: w - 1] + "…" if len(c) > w else c.ljust(w)) if i == 2 else c.rjust(w) if i in (0, 3, 4, 5, 6) else c.ljust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=False))
    ).rstrip()

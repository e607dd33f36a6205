"""Who issues and signs each document, and the stamp under every sheet's title.

The council issues and signs the whole workbook; a cluster issues and signs its own
part of it and its members' score cards. When the period is locked, each sheet shows
the published snapshot's id and checksum, and says so if today's figures no longer
match it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from scoring.models import Cluster, Period
from scoring.reports.styles import COUNCIL, Letterhead

from . import snapshots

COUNCIL_SIGNER = ("TM. HỘI ĐỒNG", "CHỦ TỊCH")
COUNCIL_RECIPIENTS = (
    "- Đoàn Chủ tịch Liên hiệp Hội Việt Nam;",
    "- Các cụm thi đua;",
    "- Lưu: VT, HĐTĐKT.",
)
CARD_RECIPIENTS = (
    "- Đơn vị được chấm điểm;",
    "- Hội đồng Thi đua - Khen thưởng Liên hiệp Hội Việt Nam;",
    "- Lưu: Cụm.",
)
CLUSTER_RECIPIENTS = (
    "- Hội đồng Thi đua - Khen thưởng Liên hiệp Hội Việt Nam;",
    "- Các đơn vị thành viên của cụm;",
    "- Lưu: Cụm.",
)


def letterhead(
    session: Session,
    period: Period,
    document: dict[str, Any],
    cluster: Cluster | None,
    on: date,
) -> Letterhead:
    """The council issues the whole workbook; a cluster issues (and signs) its own part."""
    stamp = snapshot_stamp(session, period, document)
    draft = None if period.locked else DRAFT_EVERY_PAGE
    if cluster is None:
        return Letterhead(
            COUNCIL, on, COUNCIL_SIGNER, COUNCIL_RECIPIENTS, stamp=stamp, every_page=draft
        )
    return Letterhead(
        cluster.name.upper(), on, ("CỤM TRƯỞNG",), CLUSTER_RECIPIENTS, stamp=stamp, every_page=draft
    )


DRAFT_EVERY_PAGE = "DỰ THẢO — năm thi đua chưa khóa, không ký bản này"
DRAFT = (
    "DỰ THẢO — năm thi đua chưa khóa, số liệu còn có thể thay đổi; "
    "chỉ ký bản in sau khi Hội đồng khóa và công bố kết quả."
)


def snapshot_stamp(session: Session, period: Period, document: dict[str, Any]) -> str | None:
    """What the figures are, under every sheet's title: the published snapshot's id and
    checksum (locked periods, with a warning on drift); otherwise a draft mark, so that a
    printout of figures that may still change is never signed by mistake. A cluster's own
    part is a draft too until the lock: a submitted cluster can be returned, and national
    ranks and national awards move with every other cluster's scores."""
    if not period.locked:
        return DRAFT
    snapshot = snapshots.published_snapshot(session, period)
    if snapshot is None:
        return f"Năm thi đua {period.year} đã khóa (chưa có bản công bố)."
    text = (
        f"Số liệu theo kết quả đã công bố: bản công bố số {snapshot.id}, "
        f"mã kiểm tra SHA-256 {snapshot.sha256}"
    )
    live = snapshots.checksum(snapshots.canonical_json(document))
    if live != snapshot.sha256:
        text += " — LƯU Ý: số liệu hiện tại KHÔNG khớp bản công bố"
    return text + "."

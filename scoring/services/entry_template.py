"""A cluster's score-entry template as the database gives it, and the check that an
upload is that template.

The template carries its year, its cluster, the cluster's version and the scheme's
fingerprint; an upload whose year, cluster or fingerprint differs is refused before
any score is read, since its rows would not mean what they say. A preview compares
the upload with the same indicators and stored cells the template is written from.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.engine.problems import Problem, ProblemsFound
from scoring.engine.types import SECTION
from scoring.engine.values import allowed_range
from scoring.local_time import moment
from scoring.models import Cluster, Federation, Indicator, Period, Score
from scoring.reports.template import (
    NO,
    YES,
    TemplateMember,
    TemplateRow,
    TemplateSpec,
    scheme_fingerprint,
)

from . import permissions


def fingerprint(session: Session, period: Period) -> str:
    """The period's scheme as the template saw it (codes, kinds, maxima, targets): an
    upload made from a template of an older scheme would put scores on the wrong rows."""
    rows = session.execute(
        select(Indicator.code, Indicator.kind, Indicator.max_points, Indicator.target).where(
            Indicator.period_id == period.id
        )
    ).all()
    return scheme_fingerprint([(r.code, r.kind, r.max_points, r.target) for r in rows])


def template_spec(
    session: Session, period: Period, cluster: Cluster, user: permissions.Actor, now: datetime
) -> TemplateSpec:
    """What the cluster's score-entry template shows ``user``: only their columns are open."""
    indicators = scheme_indicators(session, period)
    by_id = {i.id: i for i in indicators}
    depth = {i.code: _depth(i, by_id) for i in indicators}
    open_ = permissions.is_open(period, cluster)
    writable = permissions.writable_federation_ids(user, cluster) if open_ else set()
    return TemplateSpec(
        year=period.year,
        cluster_code=cluster.code,
        cluster_name=cluster.name,
        version=cluster.version,
        fingerprint=fingerprint(session, period),
        downloaded=f"lúc {moment(now)} bởi {user.username}",
        members=tuple(
            TemplateMember(
                f.code, f.name, f.id in writable, _why_not(f, cluster, user, open_, writable)
            )
            for f in cluster.members
        ),
        rows=tuple(
            TemplateRow(i.code, i.name, i.kind, depth[i.code], i.max_points, i.target, _allowed(i))
            for i in indicators
        ),
        cells=stored_cells(session, cluster),
    )


def scheme_indicators(session: Session, period: Period) -> list[Indicator]:
    """The period's indicators in the scheme's order: the template's rows."""
    return list(
        session.scalars(
            select(Indicator).where(Indicator.period_id == period.id).order_by(Indicator.position)
        )
    )


def _depth(indicator: Indicator, by_id: dict[int, Indicator]) -> int:
    depth, parent = 0, indicator.parent_id
    while parent is not None and parent in by_id and depth < 50:
        depth, parent = depth + 1, by_id[parent].parent_id
    return depth


def _allowed(indicator: Indicator) -> str:
    if indicator.kind == SECTION:
        return ""
    if indicator.kind == "yesno":
        return f"chọn «{YES}» hoặc «{NO}»"  # the list the cell's validation offers
    return allowed_range(indicator.kind, indicator.max_points, indicator.target)[0]


def _why_not(
    federation: Federation,
    cluster: Cluster,
    user: permissions.Actor,
    open_: bool,
    writable: set[int],
) -> str | None:
    """Why a member's columns are closed to ``user`` (shown under its name)."""
    if federation.id in writable:
        return None
    if not open_:
        return "đã khóa, chỉ xem"
    if user.role == "leader" and federation.id == cluster.leader_id:
        return "cụm phó nhập"
    if user.role == "deputy" and permissions.in_cluster(user, cluster):
        return "cụm trưởng nhập"
    return "chỉ xem"


def stored_cells(
    session: Session, cluster: Cluster
) -> dict[tuple[str, str], tuple[Decimal | None, Decimal | None, str | None]]:
    """The cluster's stored cells, ``(value, self_value, note)`` by (federation, indicator)."""
    rows = session.execute(
        select(Federation.code, Indicator.code, Score.value, Score.self_value, Score.note)
        .join(Federation, Score.federation_id == Federation.id)
        .join(Indicator, Score.indicator_id == Indicator.id)
        .where(Federation.cluster_id == cluster.id)
    )
    return {(f, i): (v, s, n) for f, i, v, s, n in rows}


def int_or_none(value: Any) -> int | None:
    """A value of the template's meta as a whole number; None when the file holds anything else."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def require_same_template(
    session: Session, period: Period, cluster: Cluster, meta: dict[str, Any], filename: str
) -> None:
    """The file must be this year's template of this cluster, for today's scheme."""
    year, code = int_or_none(meta.get("year")), str(meta.get("cluster") or "")
    if year != period.year:
        raise ProblemsFound([Problem(
            filename,
            f"mẫu này dành cho năm {year}, không phải năm {period.year}; hãy tải mẫu của năm {period.year}",
            f"this template is for {year}, not {period.year}; download the {period.year} template",
        )])  # fmt: skip
    if code != cluster.code:
        raise ProblemsFound([Problem(
            filename,
            f"mẫu này của cụm {code}, không phải {cluster.name}; hãy tải lên đúng trang của cụm",
            f"this template is for cluster {code}, not {cluster.name}; upload it on its own cluster's page",
        )])  # fmt: skip
    if meta.get("fingerprint") != fingerprint(session, period):
        raise ProblemsFound([Problem(
            filename,
            "mẫu này được tạo cho một phiên bản cũ của bảng tiêu chí (bảng tiêu chí đã thay đổi "
            "sau khi tải mẫu); chưa đọc điểm nào. Hãy tải mẫu mới, chép điểm sang rồi tải lên lại",
            "this template was made for an older version of the scheme (the scheme changed "
            "since); nothing was read. Download a new template, copy the scores and upload again",
        )])  # fmt: skip

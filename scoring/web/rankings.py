"""Rankings pages: the national list, a cluster's list, one federation's explanation.

Every figure comes from the cached standings (``services.rankings``) through the
services ``comparison`` and ``explanations``; the views only load, authorize and
render. Any signed-in role reads the rankings; a federation's explanation shows
its scores per indicator, so it follows the rule for reading a cluster's scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import select

from scoring.database import current_session
from scoring.extensions import db
from scoring.models import Federation, Period
from scoring.services import permissions
from scoring.services.comparison import NationalRow, national_comparison
from scoring.services.errors import NotFound
from scoring.services.explanations import cluster_board, federation_standing
from scoring.services.rankings import get_period, standings_for
from scoring.services.snapshots import published_snapshot

from .formatting import lang
from .paging import page_of

bp = Blueprint("rankings", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/periods/<int:year>/rankings")
def national(year: int) -> Any:
    period = get_period(current_session(), year)
    comparison = national_comparison(standings_for(current_session(), period), period)
    return render_template(
        "rankings/national.html",
        period=period,
        comparison=comparison,
        page=Page.of(comparison.rows, request.args.get("page", 1, type=int), _page_size()),
        snapshot=_snapshot(period),
        readable=_readable_clusters(period),
    )


@dataclass(frozen=True)
class Page:
    """One page of the national list. VUSTA's 63 unions fit on one; at national size
    (10,000 federations) the whole list is 5 MB of HTML and most of a second to write."""

    rows: Sequence[NationalRow]
    number: int  # 1-based
    count: int
    first: int  # 1-based position of the first row shown
    total: int

    @classmethod
    def of(cls, rows: Sequence[NationalRow], requested: int | None, size: int) -> Page:
        number, count = page_of(requested, len(rows), size)
        start = (number - 1) * size
        return cls(rows[start : start + size], number, count, start + 1, len(rows))


def _page_size() -> int:
    return max(1, int(current_app.config["RANKINGS_PAGE_SIZE"]))


@bp.get("/periods/<int:year>/clusters/<code>/rankings")
def cluster(year: int, code: str) -> Any:
    period = get_period(current_session(), year)
    board = cluster_board(standings_for(current_session(), period), code)
    return render_template(
        "rankings/cluster.html",
        period=period,
        board=board,
        snapshot=_snapshot(period),
        can_explain=code in _readable_clusters(period),
    )


@bp.get("/periods/<int:year>/federations/<code>")
def federation(year: int, code: str) -> Any:
    period = get_period(current_session(), year)
    member = db.session.scalar(
        select(Federation).where(Federation.period_id == period.id, Federation.code == code)
    )
    if member is None:
        raise NotFound(
            f"Không có đơn vị {code} trong năm {year}.",
            f"There is no federation {code} in {year}.",
        )
    permissions.require_read_cluster(current_user, member.cluster)
    standing = federation_standing(standings_for(current_session(), period), code, lang())
    return render_template(
        "rankings/federation.html", period=period, standing=standing, cluster=member.cluster
    )


def _snapshot(period: Period) -> Any:
    """The published snapshot of a locked period (its id, time and checksum are shown)."""
    return published_snapshot(current_session(), period) if period.locked else None


def _readable_clusters(period: Period) -> set[str]:
    """Codes of the clusters whose explanations the user may open (to link names)."""
    return {c.code for c in period.clusters if permissions.can_read_cluster(current_user, c)}

"""The dashboard: each cluster's progress in a period, a leader's own cluster first."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from scoring.database import current_session
from scoring.extensions import db
from scoring.models import Period
from scoring.services.progress import period_progress
from scoring.services.rankings import get_period

from .charts import spread_svg
from .formatting import number

bp = Blueprint("dashboard", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.get("/")
def home() -> Any:
    """The newest period's dashboard, or a page saying there is none yet."""
    year = db.session.scalar(select(Period.year).order_by(Period.year.desc()).limit(1))
    if year is None:
        return render_template("dashboard/empty.html")
    return redirect(url_for("dashboard.period", year=year))


@bp.get("/switch")
def switch() -> Any:
    year = request.args.get("year", type=int)
    return redirect(url_for("dashboard.period", year=year) if year else url_for("dashboard.home"))


@bp.get("/periods/<int:year>/")
def period(year: int) -> Any:
    period = get_period(current_session(), year)
    rows = period_progress(current_session(), period, first_cluster=current_user.cluster_code)
    charts = {
        row.code: spread_svg(
            row.totals,
            _(
                "Tổng điểm của %(n)s đơn vị: %(totals)s",
                n=len(row.totals),
                totals="; ".join(number(t) for t in row.totals),
            ),
        )  # fmt: skip
        for row in rows
    }
    return render_template("dashboard/period.html", period=period, rows=rows, charts=charts)

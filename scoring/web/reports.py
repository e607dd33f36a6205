"""Excel downloads for the council and the clusters: the council's workbook, one
cluster's part of it, and score cards (a cluster's, or one federation's).

The committee and admins download the whole workbook; a leader or deputy
account its own cluster's part and cards (the rule for reading a cluster's
scores). The services build the bytes; these views only authorize and send.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from types import ModuleType
from typing import Any

from flask import Blueprint, Flask, Response, render_template, request, send_file
from flask_login import current_user
from sqlalchemy import select

from scoring.database import current_session
from scoring.extensions import db
from scoring.local_time import today
from scoring.models import Cluster
from scoring.services import permissions
from scoring.services.lookups import get_federation, get_period_and_cluster
from scoring.services.rankings import get_period

bp = Blueprint("reports", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_service() -> ModuleType:
    """``services.reports``, imported when a workbook is first asked for: it loads
    openpyxl, which every other page, and every command (the CLI builds the whole
    app), does without; that is a sixth of a command's start-up."""
    from scoring.services import reports

    return reports


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def send_workbook(data: bytes, filename: str) -> Response:
    """An .xlsx download that no shared cache keeps (it holds a cluster's scores)."""
    response = send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def document_date() -> date:
    """The date printed on the document: ``?date=YYYY-MM-DD`` (a meeting's date) or today."""
    try:
        return date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        return today()


@bp.get("/periods/<int:year>/reports/")
def index(year: int) -> Any:
    """The downloads this user may take for the period."""
    period = get_period(current_session(), year)
    clusters = db.session.scalars(
        select(Cluster).where(Cluster.period_id == period.id).order_by(Cluster.position)
    ).all()
    readable = [c for c in clusters if permissions.can_read_cluster(current_user, c)]
    uploadable = {  # the upload link only where this user may enter scores now
        c.code for c in readable if permissions.can_write_now(current_user, period, c)
    }
    return render_template(
        "reports/index.html",
        period=period,
        clusters=readable,
        uploadable=uploadable,
        council=permissions.is_council(current_user),
        on=document_date(),
    )


@bp.get("/periods/<int:year>/reports/council.xlsx")
def council(year: int) -> Any:
    period = get_period(current_session(), year)
    permissions.require_council(current_user)
    data = report_service().council_workbook(current_session(), period, on=document_date())
    return send_workbook(data, f"bao-cao-hoi-dong-{year}.xlsx")


@bp.get("/periods/<int:year>/clusters/<code>/report.xlsx")
def cluster_report(year: int, code: str) -> Any:
    period, cluster = get_period_and_cluster(current_session(), year, code)
    permissions.require_read_cluster(current_user, cluster)
    data = report_service().council_workbook(
        current_session(), period, cluster=cluster, on=document_date()
    )
    return send_workbook(data, f"bao-cao-{cluster.code}-{year}.xlsx")


@bp.get("/periods/<int:year>/clusters/<code>/cards.xlsx")
def cluster_cards(year: int, code: str) -> Any:
    period, cluster = get_period_and_cluster(current_session(), year, code)
    permissions.require_read_cluster(current_user, cluster)
    data = report_service().score_cards_workbook(
        current_session(), period, cluster, on=document_date()
    )
    return send_workbook(data, f"bang-cham-diem-{cluster.code}-{year}.xlsx")


@bp.get("/periods/<int:year>/federations/<code>/card.xlsx")
def federation_card(year: int, code: str) -> Any:
    period = get_period(current_session(), year)
    federation = get_federation(current_session(), period, code)
    cluster = federation.cluster
    permissions.require_read_cluster(current_user, cluster)
    data = report_service().score_cards_workbook(
        current_session(), period, cluster, federation, on=document_date()
    )
    return send_workbook(data, f"bang-cham-diem-{federation.code}-{year}.xlsx")

"""Workflow buttons: submit, return, accept a cluster; lock and reopen a period.

Each is a small CSRF-protected form posted from the score grid, the rankings or
the dashboard; the answer is always a redirect back to that page with a message.
A refusal (not allowed, locked, incomplete members, no reason) flashes the
domain error and changes nothing. The panels the pages include are fed by the
two template globals registered here, so a page only needs ``period`` (and
``cluster``) in its context.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from scoring.database import current_session
from scoring.extensions import db
from scoring.models import Cluster, Period
from scoring.services import workflow
from scoring.services.errors import DomainError
from scoring.services.lookups import get_period_and_cluster
from scoring.services.rankings import get_period

from .formatting import lang
from .safety import safe_next

bp = Blueprint("workflow", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        workflow_cluster_actions=_cluster_actions, workflow_period_panel=_period_panel
    )


def _cluster_actions(period: Period, cluster: Cluster) -> workflow.ClusterActions:
    return workflow.cluster_actions(current_session(), period, cluster, current_user)


def _period_panel(period: Period) -> workflow.PeriodPanel:
    return workflow.period_panel(current_session(), period, current_user)


@bp.post("/periods/<int:year>/clusters/<code>/submit")
def submit(year: int, code: str) -> Any:
    period, cluster = get_period_and_cluster(current_session(), year, code)
    return _step(
        year,
        lambda: workflow.submit_cluster(current_session(), period, cluster, current_user),
        _("Đã gửi kết quả %(name)s lên Hội đồng.", name=cluster.name),
    )


@bp.post("/periods/<int:year>/clusters/<code>/return")
def return_cluster(year: int, code: str) -> Any:
    period, cluster = get_period_and_cluster(current_session(), year, code)
    reason = request.form.get("reason", "")
    return _step(
        year,
        lambda: workflow.return_cluster(current_session(), period, cluster, current_user, reason),
        _("Đã trả lại %(name)s để cụm sửa điểm.", name=cluster.name),
    )


@bp.post("/periods/<int:year>/clusters/<code>/accept")
def accept(year: int, code: str) -> Any:
    period, cluster = get_period_and_cluster(current_session(), year, code)
    return _step(
        year,
        lambda: workflow.accept_cluster(current_session(), period, cluster, current_user),
        _("Đã chấp nhận kết quả %(name)s.", name=cluster.name),
    )


@bp.post("/periods/<int:year>/lock")
def lock(year: int) -> Any:
    """Lock and publish. While some cluster is not accepted, the form must say that the
    person locking saw so (the box under the warning): a published result is signed."""
    period = get_period(current_session(), year)
    confirmed = request.form.get("not_accepted_ok") == "1"

    return _step(
        year,
        lambda: workflow.lock_period(current_session(), period, current_user, confirmed),
        _("Đã khóa năm thi đua %(year)s và công bố kết quả.", year=year),
    )


@bp.post("/periods/<int:year>/reopen")
def reopen(year: int) -> Any:
    period = get_period(current_session(), year)
    reason = request.form.get("reason", "")
    return _step(
        year,
        lambda: workflow.reopen_period(current_session(), period, current_user, reason),
        _("Đã mở lại năm thi đua %(year)s; kết quả công bố trước đã bị thu hồi.", year=year),
    )


def _step(year: int, action: Callable[[], object], done: str) -> Any:
    """Run one workflow step and go back; a refusal is flashed and nothing is kept."""
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.text(lang()), "error")
    else:
        flash(done, "success")
    return redirect(_back(year))


def _back(year: int) -> str:
    """The page the form was on: a ``next`` field, else the referrer, if same-site."""
    fallback = url_for("dashboard.period", year=year)
    given = request.form.get("next")
    if given:
        return safe_next(given, fallback)
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return fallback
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path, fallback)

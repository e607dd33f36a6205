"""Offline scoring: download a cluster's template, upload it filled in, see every
problem with its cell or a preview of every change, confirm to save all or nothing.

The preview's changes come back with the confirmation signed with the app's
SECRET_KEY (itsdangerous), so the server keeps no state between the two steps
and nobody can slip a change in; the cluster's version seen at preview time
travels with them, so a save in between answers 409 Conflict.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer

from scoring.database import current_session
from scoring.engine.problems import Problem, ProblemsFound, at_most
from scoring.models import Cluster, Period
from scoring.reports.guard import RefusedFile
from scoring.services import permissions
from scoring.services.errors import Conflict
from scoring.services.lookups import get_period_and_cluster

from .formatting import lang
from .reports import send_workbook

if TYPE_CHECKING:
    from scoring.services.uploads import UploadPreview

bp = Blueprint("uploads", __name__)


def upload_service() -> ModuleType:
    """``services.uploads``, imported on first use: it reads and writes workbooks with
    openpyxl, which every other page and every command does without."""
    from scoring.services import uploads

    return uploads


SALT = "scoring.upload.v1"
MAX_AGE = 8 * 3600  # a preview left open over a working day still confirms


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def _load(year: int, code: str) -> tuple[Period, Cluster]:
    period, cluster = get_period_and_cluster(current_session(), year, code)
    permissions.require_read_cluster(current_user, cluster)
    return period, cluster


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


@bp.get("/periods/<int:year>/clusters/<code>/template.xlsx")
def template(year: int, code: str) -> Any:
    period, cluster = _load(year, code)
    data = upload_service().template_workbook(
        current_session(), period, cluster, current_user, datetime.now(UTC)
    )
    return send_workbook(data, f"mau-nhap-diem-{cluster.code}-{year}.xlsx")


@bp.route("/periods/<int:year>/clusters/<code>/upload", methods=["GET", "POST"])
def upload(year: int, code: str) -> Any:
    period, cluster = _load(year, code)
    if request.method == "GET":
        return _form(period, cluster)
    file = request.files.get("file")
    if file is None or not file.filename:
        problem = Problem("", _("Hãy chọn tệp .xlsx đã điền."), "Choose the filled-in .xlsx file.")
        return _form(period, cluster, [problem], status=400)
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024
    data = file.read(limit + 1)
    try:
        preview = upload_service().preview_upload(
            current_session(), period, cluster, current_user, file.filename, data, limit
        )
    except RefusedFile as exc:
        return _form(period, cluster, exc.problems, status=400)
    except ProblemsFound as exc:
        return _form(period, cluster, exc.problems, status=422)
    sealed = _serializer().dumps(
        {**upload_service().sealed_changes(preview), "u": current_user.username}
    )
    return _preview(period, cluster, preview, sealed)


@bp.post("/periods/<int:year>/clusters/<code>/upload/confirm")
def confirm(year: int, code: str) -> Any:
    period, cluster = _load(year, code)
    try:
        payload = _serializer().loads(request.form.get("changes", ""), max_age=MAX_AGE)
    except BadData:
        payload = None
    if not isinstance(payload, dict) or payload.get("u") != current_user.username:
        problem = Problem(
            "",
            _("Bản xem trước không hợp lệ hoặc đã quá hạn; chưa ghi gì. Hãy tải tệp lên lại."),
            "The preview is not valid or has expired; nothing was saved. Upload the file again.",
        )
        return _form(period, cluster, [problem], status=400)
    try:
        result = upload_service().confirm_upload(
            current_session(), period, cluster, current_user, payload
        )
    except upload_service().AlreadySaved as exc:  # the Back button, then confirm again
        flash(exc.text(lang()), "info")
        return redirect(url_for("scores.grid", year=year, code=code))
    except Conflict as exc:
        return _form(period, cluster, conflict=exc, status=409)
    except ProblemsFound as exc:
        return _form(period, cluster, exc.problems, status=422)
    flash(
        _("Đã lưu %(n)s thay đổi từ tệp %(file)s (phiên bản %(v)s).",
          n=result.changed, file=payload.get("file") or "", v=result.version),
        "success",
    )  # fmt: skip
    return redirect(url_for("scores.grid", year=year, code=code))


def _form(
    period: Period,
    cluster: Cluster,
    problems: list[Problem] | None = None,
    conflict: Conflict | None = None,
    status: int = 200,
) -> Any:
    page = render_template(
        "uploads/upload.html",
        period=period,
        cluster=cluster,
        problems=at_most(problems or []),
        problem_total=len(problems or []),
        conflict=conflict,
        can_upload=permissions.can_write_now(current_user, period, cluster),
        open=permissions.is_open(period, cluster),
    )
    return page, status


def _preview(period: Period, cluster: Cluster, preview: UploadPreview, sealed: str) -> Any:
    return render_template(
        "uploads/preview.html", period=period, cluster=cluster, preview=preview, sealed=sealed
    )

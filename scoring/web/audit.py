"""The audit trail page (committee and admins): who changed what, when, from what to what.

Filters come from the query string so a filtered view can be bookmarked or sent
to a colleague; the CSV download takes the same filters. Dates are typed the
way users write them (dd/mm/yyyy) and mean whole days in Vietnam's time zone.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, Flask, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from scoring.extensions import db
from scoring.local_time import LOCAL_ZONE
from scoring.models import AuditEntry
from scoring.services import permissions
from scoring.services.audit import audit_query
from scoring.services.rankings import PERIOD_YEARS

from .audit_words import change_text, detail_text
from .formatting import moment
from .paging import page_of

bp = Blueprint("audit", __name__)
PER_PAGE = 100

ACTION_LABELS = {
    "score.update": _l("Sửa điểm"),
    "score.upload": _l("Nhập điểm từ tệp Excel"),
    "cluster.submit": _l("Gửi kết quả cụm"),
    "cluster.return": _l("Trả lại kết quả cụm"),
    "cluster.accept": _l("Chấp nhận kết quả cụm"),
    "period.lock": _l("Khóa năm thi đua"),
    "period.reopen": _l("Mở lại năm thi đua"),
    "period.import": _l("Nhập dữ liệu năm thi đua"),
    "votes.update": _l("Sửa phiếu suy tôn"),
    "settings.update": _l("Sửa thiết lập"),
    "user.create": _l("Tạo tài khoản"),
    "user.update": _l("Sửa tài khoản"),
    "user.password": _l("Đặt mật khẩu"),
    "user.locked": _l("Tạm khóa do đăng nhập sai"),
    "token.create": _l("Cấp mã API"),
    "token.revoke": _l("Thu hồi mã API"),
}


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@dataclass(frozen=True)
class Filters:
    """The filters as typed (to refill the form and build page links)."""

    year: str = ""
    cluster: str = ""
    user: str = ""
    action: str = ""
    since: str = ""
    until: str = ""

    def args(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


@bp.get("/audit")
def entries() -> Any:
    permissions.require_council(current_user)
    filters, stmt, problems = _filtered()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    page, pages = page_of(request.args.get("page", 1, type=int), total, PER_PAGE)
    rows = db.session.scalars(stmt.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template(
        "audit/entries.html",
        filters=filters,
        problems=problems,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        choices=_choices(),
        action_label=action_label,
        change_text=change_text,
        detail_text=detail_text,
    )


@bp.get("/audit.csv")
def download() -> Response:
    """The filtered entries as CSV (UTF-8 with a BOM, so Excel reads the accents)."""
    permissions.require_council(current_user)
    _filters, stmt, _problems = _filtered()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Thời gian"),
            _("Người thực hiện"),
            _("Hành động"),
            _("Năm"),
            _("Cụm"),
            _("Đơn vị"),
            _("Tiêu chí"),
            _("Trước"),
            _("Sau"),
            _("Ghi chú"),
        ]
    )
    for e in db.session.scalars(stmt.execution_options(yield_per=1000)):
        writer.writerow(
            [
                moment(e.at),
                *(
                    spreadsheet_safe(v)
                    for v in (
                        e.username,
                        action_label(e.action),
                        e.period_year,
                        e.cluster_code,
                        e.federation_code,
                        e.indicator_code,
                        e.before,
                        e.after,
                        e.detail,
                    )
                ),
            ]
        )
    stamp = datetime.now(LOCAL_ZONE).strftime("%Y%m%d-%H%M")
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="nhat-ky-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )


def spreadsheet_safe(value: object) -> str:
    """Text a spreadsheet will never run as a formula: a leading = + - @ gets a quote."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _filtered() -> tuple[Filters, Any, list[str]]:
    """The filters from the query string, the statement, and any filter not understood."""
    args = request.args
    filters = Filters(
        **{
            k: (args.get(k) or "").strip()
            for k in ("year", "cluster", "user", "action", "since", "until")
        }
    )
    problems: list[str] = []
    year = None
    if filters.year:
        try:
            year = int(filters.year)
        except ValueError:
            year = None
        if year not in PERIOD_YEARS:
            year = None
            problems.append(_("Năm «%(v)s» không hợp lệ.", v=filters.year))
    since = _start_of(filters.since, problems)
    until = _start_of(filters.until, problems)
    stmt = audit_query(
        year=year,
        cluster=filters.cluster or None,
        username=filters.user or None,
        action=filters.action or None,
        since=since,
        until=_day_after(until),
    )
    return filters, stmt, problems


def parse_day(text: str) -> date:
    """A day typed as dd/mm/yyyy (or d/m/yyyy, dd-mm-yyyy, or yyyy-mm-dd from a date picker)."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _start_of(text: str, problems: list[str]) -> datetime | None:
    """The start, in UTC, of the local day ``text`` names; None (with a problem) if unreadable."""
    if not text:
        return None
    try:
        day = parse_day(text)
        # (a day in year 1 or 9999 cannot be moved to UTC: OverflowError)
        return datetime.combine(day, time(), tzinfo=LOCAL_ZONE).astimezone(UTC)
    except (ValueError, OverflowError):
        problems.append(_("Ngày «%(v)s» không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.", v=text))
        return None


def _day_after(start: datetime | None) -> datetime | None:
    """The end of the day that starts at ``start`` (no end after the last day there is)."""
    try:
        return start + timedelta(days=1) if start else None
    except OverflowError:
        return None


def _choices() -> dict[str, list[Any]]:
    """Values present in the trail, to pick from rather than to guess."""

    def values(column: Any) -> list[Any]:
        return sorted(
            v for v in db.session.scalars(select(column).where(column.is_not(None)).distinct())
        )

    return {
        "years": sorted(values(AuditEntry.period_year), reverse=True),
        "clusters": values(AuditEntry.cluster_code),
        "users": values(AuditEntry.username),
        "actions": values(AuditEntry.action),
    }

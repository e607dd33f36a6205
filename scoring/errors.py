"""The one place that turns domain errors into HTTP responses.

API requests get ``{"error": ..., "problems": [...]}``; pages get a calm error
page in Vietnamese (and English). Never a traceback.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from scoring.engine.problems import ProblemsFound, at_most
from scoring.extensions import db
from scoring.services.errors import Conflict, DomainError


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(ProblemsFound, _problems)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def _domain_error(exc: DomainError) -> Any:
    if wants_json():
        problems = [p.as_dict() for p in getattr(exc, "problems", [])]
        body: dict[str, Any] = {"error": exc.en, "error_vi": exc.vi, "problems": problems}
        if isinstance(exc, Conflict):
            body.update(exc.details())
        return jsonify(body), exc.status
    return render_template("errors/error.html", status=exc.status, vi=exc.vi, en=exc.en), exc.status


def _problems(exc: ProblemsFound) -> Any:
    # The API lists every problem (INTERFACES.md §4; a save carries at most MAX_ENTRIES
    # entries); a page shows the first ones and how many more.
    problems = [p.as_dict() for p in exc.problems]
    if wants_json():
        return (
            jsonify(
                {
                    "error": "Some values are not valid; nothing was saved.",
                    "error_vi": "Dữ liệu chưa hợp lệ; chưa ghi gì.",
                    "problems": problems,
                }
            ),
            422,
        )
    return (
        render_template(
            "errors/error.html",
            status=422,
            vi="Dữ liệu chưa hợp lệ; chưa ghi gì.",
            en="Some values are not valid; nothing was saved.",
            problems=at_most(exc.problems),
        ),
        422,
    )


_HTTP_TEXT = {
    400: ("Yêu cầu không hợp lệ.", "Bad request."),
    401: ("Cần đăng nhập.", "Sign-in required."),
    403: ("Bạn không có quyền thực hiện việc này.", "You may not do this."),
    404: ("Không tìm thấy trang này.", "Page not found."),
    405: ("Phương thức không được phép.", "Method not allowed."),
    413: ("Tệp tải lên quá lớn.", "The uploaded file is too large."),
}


def _http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    vi, en = _HTTP_TEXT.get(status, ("Đã có lỗi.", exc.name))
    if status == 400 and "CSRF" in (exc.description or ""):
        vi, en = (
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại.",
            "The session expired or the form is not valid; reload the page and try again.",
        )
    if wants_json():
        return jsonify({"error": en, "error_vi": vi, "problems": []}), status
    return render_template("errors/error.html", status=status, vi=vi, en=en), status


def _unexpected(exc: Exception) -> Any:
    from flask import current_app

    current_app.logger.exception("Unexpected error")
    db.session.rollback()  # an aborted transaction must not break the error page itself
    vi, en = (
        "Đã có lỗi ngoài dự kiến; chưa ghi gì. Hãy thử lại hoặc báo cho ban thư ký.",
        "Something unexpected went wrong; nothing was saved. Try again or tell the secretariat.",
    )
    if wants_json():
        return jsonify({"error": en, "error_vi": vi, "problems": []}), 500
    return render_template("errors/error.html", status=500, vi=vi, en=en), 500

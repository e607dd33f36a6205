"""Signing in and out, and choosing the interface language."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from scoring.database import current_session
from scoring.extensions import db
from scoring.services.accounts import authenticate

from .safety import safe_next

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(
        _l("Tên đăng nhập"), validators=[DataRequired(message=_l("Cần điền ô này."))]
    )
    password = PasswordField(
        _l("Mật khẩu"), validators=[DataRequired(message=_l("Cần điền ô này."))]
    )


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(
            current_session(),
            form.username.data or "",
            form.password.data or "",
            current_app.config["LOGIN_MAX_FAILURES"],
            current_app.config["LOGIN_LOCK_MINUTES"],
        )
        if user is not None:
            chosen_lang = session.get("lang")
            session.clear()  # a fresh session on sign-in (no fixation)
            if chosen_lang:
                session["lang"] = chosen_lang
            login_user(user)
            return redirect(safe_next(request.args.get("next"), url_for("dashboard.home")))
        db.session.commit()  # keep the failure count even though the response is 200
        # One answer for a wrong name, a wrong password and a locked account: none of them
        # may tell a stranger which accounts exist.
        error = _(
            "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa: sau "
            "%(failures)s lần nhập sai liên tiếp, tài khoản tạm khóa %(minutes)s phút "
            "(quản trị viên có thể mở khóa sớm hơn). Tài khoản đã bị quản trị viên ngừng sử "
            "dụng thì không đăng nhập được nữa: hãy liên hệ ban thư ký.",
            failures=current_app.config["LOGIN_MAX_FAILURES"],
            minutes=current_app.config["LOGIN_LOCK_MINUTES"],
        )
    return render_template("auth/login.html", form=form, error=error)


@bp.post("/logout")
def logout() -> Any:
    logout_user()
    chosen_lang = session.get("lang")
    session.clear()
    if chosen_lang:
        session["lang"] = chosen_lang
    flash(_("Đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/lang/<code>")
def set_language(code: str) -> Any:
    """Switch between Vietnamese and English and come back to the same page."""
    if code in ("vi", "en"):
        session["lang"] = code
    return redirect(safe_next(request.args.get("next"), url_for("auth.login")))

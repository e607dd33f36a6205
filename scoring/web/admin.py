"""Account administration (admins only): list, create, deactivate, reset, unlock, tokens
(issue, see when each was last used, revoke).

Every change goes through ``scoring.services.users_admin``, which checks the
actor is an admin and writes the audit trail; a refusal is shown and nothing
is kept. A new API token is rendered once on its own page, never flashed: the
flash would travel in the (readable) session cookie.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from scoring.database import current_session
from scoring.extensions import db
from scoring.services import permissions, users_admin
from scoring.services.accounts import MIN_PASSWORD
from scoring.services.errors import DomainError

from .formatting import lang

bp = Blueprint("admin", __name__, url_prefix="/admin")

ROLE_LABELS = {
    "admin": _l("Quản trị viên"),
    "committee": _l("Hội đồng Thi đua – Khen thưởng"),
    "leader": _l("Cụm trưởng"),
    "deputy": _l("Cụm phó"),
}


def register(app: Flask) -> None:
    app.register_blueprint(bp)


@bp.before_request
def _admins_only() -> None:
    permissions.require_admin(current_user)


class UserForm(FlaskForm):
    username = StringField(
        _l("Tên đăng nhập"),
        validators=[
            DataRequired(_l("Hãy nhập tên đăng nhập.")),
            Length(max=80),
            Regexp(r"^\S+$", message=_l("Tên đăng nhập không được có dấu cách.")),
        ],
    )
    display_name = StringField(_l("Họ tên hiển thị"), validators=[Optional(), Length(max=200)])
    role = SelectField(
        _l("Vai trò"),
        choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()],
        default="leader",
    )
    cluster_code = StringField(
        _l("Mã cụm (cho cụm trưởng, cụm phó)"), validators=[Optional(), Length(max=40)]
    )
    password = PasswordField(
        _l("Mật khẩu"),
        validators=[
            DataRequired(_l("Hãy nhập mật khẩu.")),
            Length(
                min=MIN_PASSWORD,
                message=_l("Mật khẩu phải có ít nhất %(n)s ký tự.", n=MIN_PASSWORD),
            ),
        ],
    )

    def validate_cluster_code(self, field: StringField) -> None:
        if self.role.data in ("leader", "deputy") and not (field.data or "").strip():
            raise ValidationError(_("Cụm trưởng và cụm phó phải gắn với một cụm."))


@bp.route("/users", methods=["GET", "POST"])
def users() -> Any:
    form = UserForm()
    error = None
    if form.validate_on_submit():
        try:
            user = users_admin.add_user(
                current_session(),
                current_user,
                username=form.username.data or "",
                password=form.password.data or "",
                role=form.role.data,
                cluster_code=form.cluster_code.data,
                display_name=form.display_name.data,
            )
        except DomainError as exc:
            db.session.rollback()
            error = exc.text(lang())
        else:
            flash(_("Đã tạo tài khoản %(name)s.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/users.html",
        form=form,
        error=error,
        rows=users_admin.list_users(current_session(), current_user),
        cluster_codes=users_admin.known_cluster_codes(current_session()),
        role_labels=ROLE_LABELS,
        min_password=MIN_PASSWORD,
    )


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int) -> Any:
    user = users_admin.get_user(current_session(), user_id)
    active = request.form.get("active") == "1"
    done = (
        _("Đã mở lại tài khoản %(name)s.", name=user.username)
        if active
        else _(
            "Đã khóa tài khoản %(name)s; tài khoản này không đăng nhập được nữa.",
            name=user.username,
        )
    )
    return _change(
        lambda: users_admin.set_active(current_session(), current_user, user, active), done
    )


@bp.post("/users/<int:user_id>/password")
def reset_password(user_id: int) -> Any:
    user = users_admin.get_user(current_session(), user_id)
    new = request.form.get("password", "")

    def reset() -> None:
        users_admin.reset_password(current_session(), current_user, user, new)
        if user.id == current_user.id:  # an admin's own password: this session goes on
            login_user(user)

    return _change(reset, _("Đã đặt mật khẩu mới cho %(name)s.", name=user.username))


@bp.post("/users/<int:user_id>/unlock")
def unlock(user_id: int) -> Any:
    user = users_admin.get_user(current_session(), user_id)
    return _change(
        lambda: users_admin.unlock(current_session(), current_user, user),
        _("Đã mở khóa đăng nhập cho %(name)s.", name=user.username),
    )


@bp.post("/users/<int:user_id>/token")
def token(user_id: int) -> Any:
    """Issue an API token and show it this once."""
    user = users_admin.get_user(current_session(), user_id)
    try:
        issued = users_admin.issue_token(current_session(), current_user, user)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.text(lang()), "error")
        return redirect(url_for("admin.users"))
    response = make_response(render_template("admin/token.html", user=user, token=issued))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/users/<int:user_id>/tokens/<int:token_id>/revoke")
def revoke_token(user_id: int, token_id: int) -> Any:
    user = users_admin.get_user(current_session(), user_id)
    return _change(
        lambda: users_admin.revoke_token(current_session(), current_user, user, token_id),
        _("Đã thu hồi một mã API của %(name)s; mã đó không dùng được nữa.", name=user.username),
    )


def _change(action: Any, done: str) -> Any:
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.text(lang()), "error")
    else:
        flash(done, "success")
    return redirect(url_for("admin.users"))

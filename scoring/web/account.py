"""A signed-in user's own account: changing the password."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo

from scoring.database import current_session
from scoring.services.accounts import change_password
from scoring.services.errors import DomainError

from .formatting import lang

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Mật khẩu hiện tại"), validators=[DataRequired(message=_l("Cần điền ô này."))]
    )
    new = PasswordField(
        _l("Mật khẩu mới"), validators=[DataRequired(message=_l("Cần điền ô này."))]
    )
    repeat = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[
            DataRequired(message=_l("Cần điền ô này.")),
            EqualTo("new", message=_l("Hai lần nhập không giống nhau.")),
        ],
    )


@bp.route("/password", methods=["GET", "POST"])
def password() -> Any:
    form = PasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            change_password(
                current_session(), current_user, form.current.data or "", form.new.data or ""
            )
            login_user(current_user._get_current_object())  # this session goes on; every other ends
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("dashboard.home"))
        except DomainError as exc:
            error = exc.text(lang())
    return render_template("account/password.html", form=form, error=error)

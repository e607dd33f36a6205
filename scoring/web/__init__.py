"""Blueprints and the request life cycle shared by every page.

Every page but sign-in needs a signed-in user; the API authenticates by bearer
token instead (and is exempt from CSRF, since no cookie is involved). Each
request is one transaction: committed when the response is a success or a
redirect, rolled back otherwise.
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import Flask, Response, current_app, g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from scoring.bundle.cells import UNSTORABLE
from scoring.extensions import babel, db, login_manager
from scoring.models import Period, User
from scoring.services.errors import DomainError

from . import formatting, static_assets
from .grid_cells import grid_rows
from .health import bp as health_bp
from .ranking_rows import award_badge, incomplete_tag, ranking_rows

PUBLIC_ENDPOINTS = {"auth.login", "auth.set_language", "static", "health.health"}
LANGUAGES = ("vi", "en")


class DatabaseInteger(IntegerConverter):
    """``<int:...>`` in every route, bounded by what an INTEGER column holds: a larger
    id or year in a URL is simply not found, rather than an error of the database."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_web(app: Flask) -> None:
    from . import account, auth

    app.url_map.converters["int"] = DatabaseInteger  # before any route is added
    static_assets.register(app)

    babel.init_app(app, locale_selector=_locale)
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.login_view = "auth.login"
    formatting.install_template_gettext(app.jinja_env)
    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals.update(
        lang=formatting.lang,
        role_word=formatting.role_word,
        get_locale=get_locale,
        grid_rows=grid_rows,
        ranking_rows=ranking_rows,
        award_badge=award_badge,
        incomplete_tag=incomplete_tag,
    )
    app.context_processor(_navigation)
    app.before_request(_refuse_control_characters)
    app.before_request(_require_sign_in)
    app.after_request(_finish_transaction)
    app.after_request(_security_headers)
    for bp in (health_bp, auth.bp, account.bp):
        app.register_blueprint(bp)
    for register in _feature_registrars():
        register(app)


def _feature_registrars() -> list[Any]:
    """Blueprints of the features, each module exposing ``register(app)``."""
    import importlib
    import pkgutil

    registrars = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            registrars.append(module.register)
    return registrars


def _navigation() -> dict[str, Any]:
    """The period switcher: every year, newest first, and the one being looked at."""
    if not current_user.is_authenticated:
        return {"nav_years": [], "nav_year": None}
    years = list(db.session.scalars(select(Period.year).order_by(Period.year.desc())))
    year = (request.view_args or {}).get("year")
    return {
        "nav_years": years,
        "nav_year": year if year in years else (years[0] if years else None),
    }


def _locale() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else "vi"


def _load_user(remembered: str) -> User | None:
    """The session's user while the account is active and its password unchanged
    (``User.get_id``: "id:stamp"; a session from before the stamp signs in again)."""
    user_id, _, stamp = remembered.partition(":")
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError, OverflowError):
        return None
    if user is None or not user.active or not hmac.compare_digest(stamp, user.session_stamp):
        return None
    return user


def _refuse_control_characters() -> None:
    """A query or form field, or a part of the URL (a cluster's code), holding a control
    character (NUL and the like; tab and line ends are fine) is refused before anything
    reads it: PostgreSQL cannot store a NUL, a workbook cannot hold the others, and no one
    types them. Uploaded files are checked by their own readers; JSON bodies by the save's
    reader."""
    fields = [*request.args.items(multi=True), *request.form.items(multi=True)]
    fields += [
        (name, value) for name, value in (request.view_args or {}).items() if isinstance(value, str)
    ]
    for name, value in fields:
        if UNSTORABLE.search(value) or UNSTORABLE.search(name):
            shown = UNSTORABLE.sub("", name)[:40]
            raise DomainError(
                f"Ô «{shown}» chứa ký tự điều khiển không hợp lệ; hãy xóa nó rồi thử lại.",
                f"The field «{shown}» holds a control character; remove it and try again.",
            )


def _require_sign_in() -> Any:
    if request.endpoint in PUBLIC_ENDPOINTS or request.path.startswith("/api/"):
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    g.user = current_user
    return None


def _finish_transaction(response: Response) -> Response:
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response


def _security_headers(response: Response) -> Response:
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # served over HTTPS (SCORING_HTTPS)
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'",
    )
    return response

"""Settings: defaults, then the environment, then an explicit mapping (tests).

Nothing here is a secret baked into the code: an unset SECRET_KEY is generated
once and kept in the instance folder, so sessions survive restarts without a
shared default that anyone could read on GitHub.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


def database_url(instance_path: str) -> str:
    """``DATABASE_URL`` or, unset, an SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "scoring.sqlite3")
    if url.startswith("postgres://"):  # the old Heroku-style scheme SQLAlchemy refuses
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def secret_key(instance_path: str) -> str:
    """``SECRET_KEY`` or one generated on first use and kept in the instance folder."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load(instance_path: str, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The app's configuration; explicit overrides (tests) win over the environment."""
    overrides = dict(overrides or {})
    https = os.environ.get("SCORING_HTTPS", "").lower() in ("1", "true", "yes")
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": overrides.pop("SQLALCHEMY_DATABASE_URI", None)
        or database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        # A session cookie's signature is refused 12 hours after the session was last
        # written (at sign-in, or a language switch): one left on a shared computer dies.
        "PERMANENT_SESSION_LIFETIME": timedelta(
            hours=int(os.environ.get("SCORING_SESSION_HOURS", "12"))
        ),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": https,
        "MAX_CONTENT_LENGTH": int(os.environ.get("SCORING_MAX_UPLOAD_MB", "10")) * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent / "translations"),
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "WTF_CSRF_TIME_LIMIT": None,
        "PROXIES": int(os.environ.get("SCORING_PROXIES", "0") or 0),
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_LOCK_MINUTES": 15,
        "RANKINGS_PAGE_SIZE": 500,  # rows of the national list per page
    }
    if "SECRET_KEY" not in overrides:
        config["SECRET_KEY"] = secret_key(instance_path)
    config.update(overrides)
    return config

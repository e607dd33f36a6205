"""Accounts: creating users, signing in (with a lock after repeated failures),
changing passwords, and API tokens (only their SHA-256 is stored).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from scoring.models import ROLES, ApiToken, User

from . import audit
from .errors import AlreadyExists, DomainError, NotFound

MIN_PASSWORD = 8


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the username is unknown, so both paths cost the same."""
    return generate_password_hash("not-a-real-password")


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.",
            f"The password must have at least {MIN_PASSWORD} characters.",
        )


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    cluster_code: str | None = None,
    display_name: str | None = None,
    actor: str | None = None,
) -> User:
    """A new account; leaders and deputies belong to one cluster (by its code)."""
    username = username.strip()
    if not username:
        raise DomainError("Tên đăng nhập không được để trống.", "The username is empty.")
    if role not in ROLES:
        raise DomainError(
            f"Vai trò «{role}» không hợp lệ ({', '.join(ROLES)}).",
            f"Role «{role}» is not valid ({', '.join(ROLES)}).",
        )
    if role in ("leader", "deputy") and not cluster_code:
        raise DomainError(
            "Cụm trưởng và cụm phó phải gắn với một cụm (--cluster).",
            "Leader and deputy accounts need a cluster (--cluster).",
        )
    if role not in ("leader", "deputy"):
        cluster_code = None
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AlreadyExists(
            f"Tên đăng nhập «{username}» đã có.", f"The username «{username}» is taken."
        )
    _check_password_rules(password)
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=generate_password_hash(password),
        role=role,
        cluster_code=cluster_code,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.create",
        cluster=cluster_code,
        after={"username": username, "role": role, "cluster": cluster_code},
    )
    return user


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"Không có tài khoản «{username}».", f"There is no account «{username}».")
    return user


def authenticate(
    session: Session, username: str, password: str, max_failures: int, lock_minutes: int
) -> User | None:
    """The user when the password is right and the account is neither locked nor
    deactivated; otherwise None, whatever the reason.

    Failed attempts are counted; after ``max_failures`` the account is locked for
    ``lock_minutes``, which slows guessing to a crawl. The caller says the same thing
    in every case and every case checks a password hash, so no answer tells whether
    a username exists or is locked (an admin sees locks on the accounts page).
    """
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    now = datetime.now(UTC)
    right = check_password_hash(user.password_hash, password)
    if user.locked_until is not None and user.locked_until > now:
        return None
    if not right or not user.active:
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
            audit.record(session, user.username, "user.locked", detail="repeated failed sign-ins")
        return None
    user.failed_logins = 0
    user.locked_until = None
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise DomainError("Mật khẩu hiện tại không đúng.", "The current password is wrong.")
    set_password(session, user, new, actor=user.username)


def set_password(session: Session, user: User, new: str, actor: str | None) -> None:
    _check_password_rules(new)
    user.password_hash = generate_password_hash(new)
    audit.record(session, actor, "user.password", after={"username": user.username})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, actor: str | None = None) -> str:
    """A new API token for ``user``; returned once, stored only as its SHA-256."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token)))
    audit.record(session, actor, "token.create", after={"username": user.username})
    return token


# How precisely a token's last use is kept: noting every call would make every API
# read a write; once an hour is enough to tell a token in use from a forgotten one.
LAST_USE_PRECISION = timedelta(hours=1)


def user_for_token(session: Session, token: str) -> User | None:
    """The active user behind a bearer token, or None. Notes the token's use (at most
    once per ``LAST_USE_PRECISION``; it lands with the request's transaction)."""
    found = session.execute(
        select(User, ApiToken.id, ApiToken.last_used_at)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_hash(token), User.active.is_(True))
    ).first()
    if found is None:
        return None
    user, token_id, last_used = found
    now = datetime.now(UTC)
    if last_used is None or now - last_used >= LAST_USE_PRECISION:
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
    return user

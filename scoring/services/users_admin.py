"""Administering accounts from the web: the admin page's use-cases.

Creating users, passwords and tokens reuse ``accounts`` (one set of rules for
the web and the command line); this module adds what only the admin page does
(deactivating, unlocking) and makes sure every change is made by an admin and
lands in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scoring.models import ApiToken, Cluster, User
from scoring.models.types import utcnow

from . import accounts, audit, permissions
from .errors import DomainError, NotFound

ROLE_ORDER = {"admin": 0, "committee": 1, "leader": 2, "deputy": 3}


@dataclass(frozen=True)
class TokenRow:
    """One API token as the admin list shows it (the token itself is never kept)."""

    id: int
    created_at: datetime
    last_used_at: datetime | None  # to within accounts.LAST_USE_PRECISION


@dataclass(frozen=True)
class UserRow:
    """One account as the admin list shows it."""

    id: int
    username: str
    display_name: str | None
    role: str
    cluster_code: str | None
    active: bool
    locked_until: datetime | None
    tokens: tuple[TokenRow, ...]  # oldest first

    @property
    def locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > utcnow()


def list_users(session: Session, actor: permissions.Actor) -> list[UserRow]:
    """Every account, by role (admins first), then cluster, then username."""
    permissions.require_admin(actor)
    users = session.scalars(select(User).options(selectinload(User.tokens))).all()
    rows = [
        UserRow(
            u.id,
            u.username,
            u.display_name,
            u.role,
            u.cluster_code,
            u.active,
            u.locked_until,
            tuple(
                TokenRow(t.id, t.created_at, t.last_used_at)
                for t in sorted(u.tokens, key=lambda t: t.id)
            ),
        )
        for u in users
    ]
    return sorted(rows, key=lambda r: (ROLE_ORDER.get(r.role, 9), r.cluster_code or "", r.username))


def known_cluster_codes(session: Session) -> list[str]:
    """Cluster codes of every period (an account outlives one period's clusters)."""
    return sorted(set(session.scalars(select(Cluster.code).distinct())))


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Không có tài khoản này.", "There is no such account.")
    return user


def add_user(
    session: Session,
    actor: permissions.Actor,
    *,
    username: str,
    password: str,
    role: str,
    cluster_code: str | None,
    display_name: str | None,
) -> User:
    """A new account; a leader's or deputy's cluster must be one the periods know."""
    permissions.require_admin(actor)
    code = _cluster_code(session, cluster_code) if role in ("leader", "deputy") else None
    return accounts.create_user(
        session,
        username,
        password,
        role,
        code,
        (display_name or "").strip() or None,
        actor=actor.username,
    )


def _cluster_code(session: Session, given: str | None) -> str | None:
    """The code as the periods spell it (case-insensitive); refused when unknown.

    With no period imported yet any code is accepted, so accounts can be set up first.
    """
    code = (given or "").strip()
    if not code:
        return None
    known = known_cluster_codes(session)
    if not known:
        return code
    matches = [k for k in known if k.casefold() == code.casefold()]
    if not matches:
        raise DomainError(
            f"Không có cụm mã «{code}» (các mã có: {', '.join(known)}).",
            f"There is no cluster «{code}» (known codes: {', '.join(known)}).",
        )
    return matches[0]


def set_active(session: Session, actor: permissions.Actor, user: User, active: bool) -> None:
    """Deactivate (the account can no longer sign in or use its tokens) or reactivate."""
    permissions.require_admin(actor)
    if not active and user.username == actor.username:
        raise DomainError(
            "Bạn không thể tự khóa tài khoản của mình.", "You cannot deactivate your own account."
        )
    if user.active == active:
        return
    _record(
        session, actor, "user.update", user,
        before={"user": user.username, "active": user.active},
        after={"user": user.username, "active": active},
    )  # fmt: skip
    user.active = active
    session.flush()


def reset_password(session: Session, actor: permissions.Actor, user: User, new: str) -> None:
    """Set a new password (the user should change it after signing in); clears a lock."""
    permissions.require_admin(actor)
    accounts.set_password(session, user, new, actor=actor.username)
    user.failed_logins = 0
    user.locked_until = None
    session.flush()


def unlock(session: Session, actor: permissions.Actor, user: User) -> None:
    """Lift the lock set after repeated failed sign-ins."""
    permissions.require_admin(actor)
    _record(
        session, actor, "user.update", user,
        before={"user": user.username, "locked_until": user.locked_until},
        after={"user": user.username, "locked_until": None},
    )  # fmt: skip
    user.failed_logins = 0
    user.locked_until = None
    session.flush()


def issue_token(session: Session, actor: permissions.Actor, user: User) -> str:
    """A new API token for ``user``; the caller shows it once, only its hash is kept."""
    permissions.require_admin(actor)
    if not user.active:
        raise DomainError(
            "Tài khoản đã bị khóa; không cấp mã API.",
            "The account is deactivated; no token issued.",
        )
    token = accounts.create_token(session, user, actor=actor.username)
    session.flush()
    return token


def revoke_token(session: Session, actor: permissions.Actor, user: User, token_id: int) -> None:
    """Withdraw one of ``user``'s API tokens: from now on it is refused (401). For a token
    that leaked or is no longer needed, without locking the person's account."""
    permissions.require_admin(actor)
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(
            "Không có mã API này (có thể đã bị thu hồi).",
            "There is no such API token (it may have been revoked already).",
        )
    _record(
        session, actor, "token.revoke", user,
        before={"username": user.username, "created_at": token.created_at},
    )  # fmt: skip
    session.delete(token)
    session.flush()


def _record(
    session: Session,
    actor: permissions.Actor,
    action: str,
    user: User,
    before: object = None,
    after: object = None,
) -> None:
    """An admin's change to an account in the audit trail, under the account's cluster
    (so that the trail's cluster filter finds it)."""
    audit.record(
        session, actor.username, action, cluster=user.cluster_code, before=before, after=after
    )

"""The yearly workflow: a cluster is submitted, returned or accepted; a period is
locked (freezing a published snapshot of its rankings) or reopened.

Every step checks who may take it (``permissions``), writes one audit entry
(before → after) in the same transaction, bumps the period's ``data_version``
(pages that show states or the published result must not serve a stale copy)
and only flushes: the request or command that called it commits.

The snapshot (``snapshots``) is the rankings document of INTERFACES.md §3
serialized canonically, with its SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.engine.collation import vi_sort_key
from scoring.models import Cluster, Period, RankingSnapshot, User
from scoring.models.types import utcnow

from . import audit, cache, permissions
from .comparison import cluster_summaries
from .errors import DomainError
from .rankings import rankings_document, standings_for
from .snapshots import (
    canonical_json,
    checksum,
    current_snapshots,
    published_snapshot,
    verify_snapshot,
)

REASON_MAX = 2000
_MISSING_SHOWN = 8  # a federation missing dozens of values gets "… and N more"


class InvalidState(DomainError):
    """The step does not apply to the cluster's or period's present state."""

    status = 409


@dataclass(frozen=True)
class IncompleteMember:
    """A member with missing base values: it blocks its cluster's submission."""

    code: str
    name: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class ClusterActions:
    """What the cluster's workflow panel shows to one user."""

    state: str
    note: str | None
    changed_at: Any
    locked: bool
    can_submit: bool
    can_return: bool
    can_accept: bool
    incomplete: tuple[IncompleteMember, ...]


@dataclass(frozen=True)
class PeriodPanel:
    """What the period's lock panel shows to one user."""

    locked: bool
    snapshot: RankingSnapshot | None
    snapshot_verified: bool
    can_lock: bool
    can_reopen: bool
    not_accepted: tuple[str, ...]  # names of clusters not yet accepted
    # ties at an award's quota, "cluster: award — names": published as "for the council to
    # decide", which the council should know before it locks
    undecided_ties: tuple[str, ...] = ()
    # published results later withdrawn by a reopening, newest first: a printed copy's
    # checksum can still be looked up, with when and why it was withdrawn
    withdrawn: tuple[RankingSnapshot, ...] = ()
    locked_by_name: str | None = None  # who locked, as people know them (not the login)


# --- the cluster's steps -----------------------------------------------------------


def submit_cluster(
    session: Session, period: Period, cluster: Cluster, user: permissions.Actor
) -> Cluster:
    """open → submitted, by the cluster's leader account once every member is complete."""
    permissions.require_submit(user, cluster)
    _require_unlocked(period)
    _require_state(cluster, ("open",), "submit")
    incomplete = incomplete_members(session, period, cluster)
    if incomplete:
        raise DomainError(*_incomplete_message(cluster, incomplete))
    _change_state(session, period, cluster, user, "submitted", None, "cluster.submit")
    return cluster


def return_cluster(
    session: Session, period: Period, cluster: Cluster, user: permissions.Actor, reason: str
) -> Cluster:
    """submitted/accepted → open, by the council, with the reason the leader will read."""
    permissions.require_council(user)
    reason = _required_reason(reason)
    _require_unlocked(period)
    _require_state(cluster, ("submitted", "accepted"), "return")
    _change_state(session, period, cluster, user, "open", reason, "cluster.return")
    return cluster


def accept_cluster(
    session: Session, period: Period, cluster: Cluster, user: permissions.Actor
) -> Cluster:
    """submitted → accepted, by the council."""
    permissions.require_council(user)
    _require_unlocked(period)
    _require_state(cluster, ("submitted",), "accept")
    _change_state(session, period, cluster, user, "accepted", None, "cluster.accept")
    return cluster


def _change_state(
    session: Session,
    period: Period,
    cluster: Cluster,
    user: permissions.Actor,
    state: str,
    note: str | None,
    action: str,
) -> None:
    before = {"state": cluster.state, "note": cluster.state_note}
    cluster.state = state
    cluster.state_note = note
    cluster.state_changed_at = utcnow()
    audit.record(
        session,
        user.username,
        action,
        year=period.year,
        cluster=cluster.code,
        before=before,
        after={"state": state, "note": note},
    )
    cache.invalidate_rankings(session, period.id, [cluster.id])
    session.flush()


def incomplete_members(
    session: Session, period: Period, cluster: Cluster
) -> tuple[IncompleteMember, ...]:
    """The cluster's members with a missing base value, in Vietnamese name order."""
    result = standings_for(session, period).result
    found = [
        IncompleteMember(f.code, f.name, tuple(result.totals[f.code].missing))
        for f in cluster.members
        if f.code in result.totals and not result.totals[f.code].complete
    ]
    return tuple(sorted(found, key=lambda m: vi_sort_key(m.name)))


def _incomplete_message(cluster: Cluster, members: tuple[IncompleteMember, ...]) -> tuple[str, str]:
    def missing(m: IncompleteMember) -> tuple[str, str]:
        shown = ", ".join(m.missing[:_MISSING_SHOWN])
        more = len(m.missing) - _MISSING_SHOWN
        return (
            shown + (f" và {more} tiêu chí khác" if more > 0 else ""),
            shown + (f" and {more} more" if more > 0 else ""),
        )

    vi = "; ".join(f"{m.name} (thiếu {missing(m)[0]})" for m in members)
    en = "; ".join(f"{m.name} (missing {missing(m)[1]})" for m in members)
    return (
        f"Chưa gửi được kết quả {cluster.name}: còn đơn vị chưa đủ điểm — {vi}.",
        f"{cluster.name} cannot be submitted: some members are incomplete — {en}.",
    )


# --- the period's lock --------------------------------------------------------------


def lock_period(
    session: Session, period: Period, user: permissions.Actor, not_accepted_ok: bool = True
) -> RankingSnapshot:
    """Lock the period and freeze its rankings document as the published snapshot. While
    some cluster is not accepted, only with ``not_accepted_ok``: the web form asks the
    person locking to say they saw so (a published result is signed)."""
    permissions.require_council(user)
    if period.locked:
        raise InvalidState(
            f"Năm thi đua {period.year} đã khóa rồi.",
            f"The {period.year} period is already locked.",
        )
    waiting = _not_accepted(period.clusters)
    if waiting and not not_accepted_ok:
        names = ", ".join(waiting)
        raise DomainError(
            f"Chưa khóa: còn {len(waiting)} cụm chưa được chấp nhận ({names}). Nếu vẫn "
            "khóa, hãy đánh dấu ô xác nhận bên dưới cảnh báo rồi bấm lại.",
            f"Not locked: {len(waiting)} cluster(s) not yet accepted ({names}). To lock "
            "anyway, tick the confirmation box under the warning and press again.",
        )
    document = canonical_json(
        rankings_document(standings_for(session, period), period.national_method)
    )
    snapshot = RankingSnapshot(
        period_id=period.id,
        created_at=utcnow(),
        created_by=user.username,
        document=document,
        sha256=checksum(document),
    )
    session.add(snapshot)
    period.locked_at = snapshot.created_at
    period.locked_by = user.username
    session.flush()
    audit.record(
        session,
        user.username,
        "period.lock",
        year=period.year,
        before={"locked": False},
        after={"locked": True, "snapshot": snapshot.id, "sha256": snapshot.sha256},
    )
    cache.invalidate_rankings(session, period.id)
    session.flush()
    return snapshot


def reopen_period(session: Session, period: Period, user: permissions.Actor, reason: str) -> None:
    """Unlock the period; the published snapshot is withdrawn with the reason."""
    permissions.require_council(user)
    reason = _required_reason(reason)
    if not period.locked:
        raise InvalidState(
            f"Năm thi đua {period.year} đang mở, không cần mở lại.",
            f"The {period.year} period is not locked.",
        )
    now = utcnow()
    withdrawn = []
    for snapshot in current_snapshots(session, period):
        snapshot.withdrawn_at = now
        snapshot.withdrawn_reason = reason
        withdrawn.append(snapshot.id)
    before = {"locked": True, "locked_by": period.locked_by, "snapshots": withdrawn}
    period.locked_at = None
    period.locked_by = None
    audit.record(
        session,
        user.username,
        "period.reopen",
        year=period.year,
        before=before,
        after={"locked": False},
        detail=reason,
    )
    cache.invalidate_rankings(session, period.id)
    session.flush()


# --- what the panels show ------------------------------------------------------------


def cluster_actions(
    session: Session, period: Period, cluster: Cluster, user: permissions.Actor
) -> ClusterActions:
    """The steps ``user`` may take on ``cluster`` now, and what blocks a submission."""
    council = permissions.is_council(user)
    may_submit = user.role == "admin" or (
        user.role == "leader" and permissions.in_cluster(user, cluster)
    )
    open_period = not period.locked
    can_submit = may_submit and permissions.is_open(period, cluster)
    incomplete = incomplete_members(session, period, cluster) if can_submit else ()
    return ClusterActions(
        state=cluster.state,
        note=cluster.state_note,
        changed_at=cluster.state_changed_at,
        locked=period.locked,
        can_submit=can_submit,
        can_return=council and open_period and cluster.state in ("submitted", "accepted"),
        can_accept=council and open_period and cluster.state == "submitted",
        incomplete=incomplete,
    )


def period_panel(session: Session, period: Period, user: permissions.Actor) -> PeriodPanel:
    """The lock state, the published snapshot and what ``user`` may do about it."""
    council = permissions.is_council(user)
    snapshot = published_snapshot(session, period) if period.locked else None
    clusters = session.scalars(
        select(Cluster).where(Cluster.period_id == period.id).order_by(Cluster.position)
    )
    can_lock = council and not period.locked
    by = snapshot.created_by if snapshot is not None else None
    return PeriodPanel(
        locked=period.locked,
        snapshot=snapshot,
        snapshot_verified=snapshot is not None and verify_snapshot(snapshot),
        can_lock=can_lock,
        can_reopen=council and period.locked,
        not_accepted=_not_accepted(clusters),
        undecided_ties=_undecided_ties(session, period) if can_lock else (),
        withdrawn=_withdrawn(session, period) if council else (),
        locked_by_name=_display_name(session, by) if by else None,
    )


def _not_accepted(clusters: Iterable[Cluster]) -> tuple[str, ...]:
    """Names of the clusters not yet accepted: locking while there are any is confirmed."""
    return tuple(c.name for c in clusters if c.state != "accepted")


def _withdrawn(session: Session, period: Period) -> tuple[RankingSnapshot, ...]:
    """The period's published results a reopening withdrew, newest first."""
    return tuple(
        session.scalars(
            select(RankingSnapshot)
            .where(
                RankingSnapshot.period_id == period.id, RankingSnapshot.withdrawn_at.is_not(None)
            )
            .order_by(RankingSnapshot.id.desc())
        )
    )


def _display_name(session: Session, username: str) -> str:
    """An account's name as people know it; the login itself when it has none (or is gone)."""
    return session.scalar(select(User.display_name).where(User.username == username)) or username


def _undecided_ties(session: Session, period: Period) -> tuple[str, ...]:
    standings = standings_for(session, period)
    return tuple(
        f"{summary.name}: {award} — {', '.join(names)}"
        for summary in cluster_summaries(standings, standings.result)
        for award, names in summary.ties
    )


# --- guards ---------------------------------------------------------------------------------

_STEP_VI = {"submit": "gửi", "return": "trả lại", "accept": "chấp nhận"}
_STEP_EN = {"submit": "submitted", "return": "returned", "accept": "accepted"}
_STATE_VI = {"open": "đang chấm", "submitted": "đã gửi", "accepted": "đã được chấp nhận"}


def _require_unlocked(period: Period) -> None:
    permissions.require_open(period)


def _require_state(cluster: Cluster, allowed: tuple[str, ...], step: str) -> None:
    if cluster.state not in allowed:
        raise InvalidState(
            f"Không thể {_STEP_VI[step]} {cluster.name}: cụm đang ở trạng thái "
            f"«{_STATE_VI.get(cluster.state, cluster.state)}».",
            f"{cluster.name} cannot be {_STEP_EN[step]}: it is {cluster.state}.",
        )


def _required_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise DomainError("Cần ghi rõ lý do.", "A reason is required.")
    if len(text) > REASON_MAX:
        raise DomainError(
            f"Lý do dài quá {REASON_MAX} ký tự.",
            f"The reason is longer than {REASON_MAX} characters.",
        )
    return text

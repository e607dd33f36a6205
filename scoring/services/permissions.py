"""Who may read and write what. The one place every page and the API asks.

Rules (INTERFACES.md §4 and the web issue):
- every signed-in role reads periods and rankings;
- the committee and admins read every cluster's scores; a leader or deputy
  account reads only its own cluster's;
- a cluster's scores are written by its ``leader`` account, except the scores of
  the leader's own federation, which its ``deputy`` account (or an admin)
  writes; an admin writes any; the committee writes none;
- nobody writes while the cluster is submitted or accepted, or the period is locked;
- the leader account submits its cluster; the committee (or an admin) returns
  or accepts it, and locks or reopens the period.
"""

from __future__ import annotations

from typing import Protocol

from scoring.models import Cluster, Federation, Period

from .errors import Forbidden, Locked


class Actor(Protocol):
    role: str
    cluster_code: str | None
    username: str


def is_council(user: Actor) -> bool:
    return user.role in ("committee", "admin")


def in_cluster(user: Actor, cluster: Cluster) -> bool:
    return user.role in ("leader", "deputy") and user.cluster_code == cluster.code


def can_read_cluster(user: Actor, cluster: Cluster) -> bool:
    return is_council(user) or in_cluster(user, cluster)


def require_read_cluster(user: Actor, cluster: Cluster) -> None:
    if not can_read_cluster(user, cluster):
        raise Forbidden(
            f"Bạn không có quyền xem điểm của {cluster.name}.",
            f"You may not see the scores of {cluster.name}.",
        )


def writable_federation_ids(user: Actor, cluster: Cluster) -> set[int]:
    """The members of ``cluster`` whose scores ``user`` may write (ignoring locks)."""
    members = {f.id for f in cluster.members}
    if user.role == "admin":
        return members
    if not in_cluster(user, cluster):
        return set()
    if user.role == "leader":
        return members - {cluster.leader_id} if cluster.leader_id else members
    # deputy: the scores of the leader's own federation (the conflict rule)
    return {cluster.leader_id} & members if cluster.leader_id else set()


def is_open(period: Period, cluster: Cluster) -> bool:
    """Whether the cluster's scores may be written at all now (by whoever may write them):
    the period is not locked and the cluster neither submitted nor accepted."""
    return not period.locked and cluster.state == "open"


def can_write_now(user: Actor, period: Period, cluster: Cluster) -> bool:
    """Whether ``user`` may write some of the cluster's scores now: its state allows
    writing and some of its members are the user's to score (what offers an upload)."""
    return is_open(period, cluster) and bool(writable_federation_ids(user, cluster))


def require_open(period: Period, cluster: Cluster | None = None) -> None:
    """Refuse any write while the period is locked or the cluster submitted/accepted."""
    if period.locked:
        raise Locked(
            f"Năm thi đua {period.year} đã khóa; không ai sửa được nữa.",
            f"The {period.year} period is locked; nobody can edit it.",
        )
    if cluster is not None and cluster.state != "open":
        state_vi = "đã gửi" if cluster.state == "submitted" else "đã được chấp nhận"
        state_en = "submitted" if cluster.state == "submitted" else "accepted"
        raise Locked(
            f"{cluster.name} {state_vi}; không sửa được điểm.",
            f"{cluster.name} is {state_en}; its scores cannot be edited.",
        )


def require_write_federation(user: Actor, cluster: Cluster, federation: Federation) -> None:
    if federation.id in writable_federation_ids(user, cluster):
        return
    if federation.cluster_id != cluster.id:
        raise Forbidden(
            f"{federation.name} không thuộc {cluster.name}.",
            f"{federation.name} is not a member of {cluster.name}.",
        )
    if user.role == "leader" and federation.id == cluster.leader_id:
        raise Forbidden(
            f"Cụm trưởng không tự chấm điểm đơn vị mình ({federation.name}); cụm phó nhập điểm này.",
            f"The leader cannot score its own federation ({federation.name}); the deputy enters these scores.",
        )
    raise Forbidden(
        f"Bạn không có quyền chấm điểm {federation.name}.",
        f"You may not score {federation.name}.",
    )


def require_submit(user: Actor, cluster: Cluster) -> None:
    if not (user.role == "admin" or (user.role == "leader" and in_cluster(user, cluster))):
        raise Forbidden(
            "Chỉ cụm trưởng của cụm này gửi kết quả.",
            "Only this cluster's leader submits its results.",
        )


def require_council(user: Actor) -> None:
    if not is_council(user):
        raise Forbidden(
            "Việc này dành cho Hội đồng Thi đua – Khen thưởng.",
            "This is for the Emulation and Commendation Council.",
        )


def require_admin(user: Actor) -> None:
    if user.role != "admin":
        raise Forbidden("Việc này dành cho quản trị viên.", "This is for administrators.")

"""Typed SQLAlchemy models. Models hold data and integrity; queries live in services."""

from .people import ROLES, ApiToken, AuditEntry, User
from .period import (
    CLUSTER_STATES,
    AwardRule,
    Cluster,
    Federation,
    FederationPredecessor,
    Indicator,
    Period,
    RankingSnapshot,
    Score,
    Vote,
)

__all__ = [
    "CLUSTER_STATES",
    "ROLES",
    "ApiToken",
    "AuditEntry",
    "AwardRule",
    "Cluster",
    "Federation",
    "FederationPredecessor",
    "Indicator",
    "Period",
    "RankingSnapshot",
    "Score",
    "User",
    "Vote",
]

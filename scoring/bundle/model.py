"""A period bundle as plain dataclasses, already checked and typed.

Readers turn CSV folders or workbooks into a ``PeriodBundle`` (or raise
``ProblemsFound`` with every problem located); writers do the reverse. The
services move a bundle into the database and back, so the file formats never
meet SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from scoring.engine.types import Band

TABLES = ("settings", "clusters", "federations", "indicators", "scores", "votes", "awards")
REQUIRED_TABLES = ("settings", "clusters", "federations", "indicators", "scores")


@dataclass(slots=True)
class BundleSettings:
    year: int
    title: str | None = None
    deadline: date | None = None
    bonus_cap: Decimal | None = None
    tie_breakers: tuple[str, ...] = ()
    national_method: str = "raw"
    bands: tuple[Band, ...] = ()


@dataclass(slots=True)
class BundleCluster:
    code: str
    name: str
    leader: str | None = None
    deputy: str | None = None


@dataclass(slots=True)
class BundleFederation:
    code: str
    name: str
    cluster: str
    succeeds: tuple[str, ...] = ()


@dataclass(slots=True)
class BundleIndicator:
    code: str
    name: str
    kind: str
    parent: str | None = None
    max_points: Decimal | None = None
    target: Decimal | None = None
    guidance: str | None = None


@dataclass(slots=True)
class BundleScore:
    """One score row; ``value`` None is missing. ``yesno`` values are 1/0."""

    federation: str
    indicator: str
    value: Decimal | None = None
    self_value: Decimal | None = None
    note: str | None = None


@dataclass(slots=True)
class BundleVote:
    federation: str
    votes: int
    voters: int


@dataclass(slots=True)
class BundleAward:
    name: str
    min_total: Decimal
    scope: str = "cluster"
    count: int | None = None
    share: Decimal | None = None
    min_vote_share: Decimal | None = None


@dataclass(slots=True)
class PeriodBundle:
    settings: BundleSettings
    clusters: list[BundleCluster] = field(default_factory=list)
    federations: list[BundleFederation] = field(default_factory=list)
    indicators: list[BundleIndicator] = field(default_factory=list)
    scores: list[BundleScore] = field(default_factory=list)
    votes: list[BundleVote] = field(default_factory=list)
    awards: list[BundleAward] = field(default_factory=list)

"""One emulation period and everything that belongs to it (SCORING.md §1).

Every row below a period carries the period's id (directly or through its
federation), so editing one year can never touch another.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scoring.extensions import Base

from .types import Points, Share, UTCDateTime, utcnow

CLUSTER_STATES = ("open", "submitted", "accepted")


class Period(Base):
    __tablename__ = "periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    deadline: Mapped[date | None] = mapped_column(Date)
    bonus_cap: Mapped[Decimal | None] = mapped_column(Points)
    tie_breakers: Mapped[str] = mapped_column(String(500), default="")
    national_method: Mapped[str] = mapped_column(String(10), default="raw")
    bands: Mapped[str] = mapped_column(String(1000), default="")
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_by: Mapped[str | None] = mapped_column(String(80))
    # Bumped by every write that can change a figure; caches are keyed by it.
    data_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    clusters: Mapped[list[Cluster]] = relationship(
        back_populates="period", order_by="Cluster.position", passive_deletes=True
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="period", order_by="Indicator.position", passive_deletes=True
    )
    award_rules: Mapped[list[AwardRule]] = relationship(
        back_populates="period", order_by="AwardRule.position", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint("national_method IN ('raw', 'zscore')", name="national_method"),
        CheckConstraint("year BETWEEN 1900 AND 9999", name="year_range"),
    )

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class Cluster(Base):
    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("federations.id", ondelete="SET NULL", use_alter=True)
    )
    deputy_id: Mapped[int | None] = mapped_column(
        ForeignKey("federations.id", ondelete="SET NULL", use_alter=True)
    )
    state: Mapped[str] = mapped_column(String(12), default="open")
    state_note: Mapped[str | None] = mapped_column(Text)
    state_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Bumped with the period's ``data_version`` by every write that changes this
    # cluster's figures, so a cached result reloads only the clusters that changed.
    data_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    period: Mapped[Period] = relationship(back_populates="clusters")
    members: Mapped[list[Federation]] = relationship(
        back_populates="cluster",
        foreign_keys="Federation.cluster_id",
        order_by="Federation.position",
    )
    leader: Mapped[Federation | None] = relationship(foreign_keys=[leader_id], post_update=True)
    deputy: Mapped[Federation | None] = relationship(foreign_keys=[deputy_id], post_update=True)

    __table_args__ = (
        UniqueConstraint("period_id", "code"),
        CheckConstraint("state IN ('open', 'submitted', 'accepted')", name="state"),
        CheckConstraint("version >= 1", name="version_positive"),
    )


class Federation(Base):
    __tablename__ = "federations"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))

    cluster: Mapped[Cluster] = relationship(back_populates="members", foreign_keys=[cluster_id])
    predecessors: Mapped[list[FederationPredecessor]] = relationship(
        back_populates="federation", passive_deletes=True, order_by="FederationPredecessor.id"
    )

    __table_args__ = (
        UniqueConstraint("period_id", "code"),
        Index("ix_federations_cluster", "cluster_id"),
    )


class FederationPredecessor(Base):
    """A federation of an earlier period that this one continues (the 2025 merger)."""

    __tablename__ = "federation_predecessors"

    id: Mapped[int] = mapped_column(primary_key=True)
    federation_id: Mapped[int] = mapped_column(ForeignKey("federations.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))

    federation: Mapped[Federation] = relationship(back_populates="predecessors")

    __table_args__ = (UniqueConstraint("federation_id", "code"),)


class Indicator(Base):
    """A node of the scheme: a section or an indicator of one kind."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))
    max_points: Mapped[Decimal | None] = mapped_column(Points)
    target: Mapped[Decimal | None] = mapped_column(Points)
    guidance: Mapped[str | None] = mapped_column(Text)

    period: Mapped[Period] = relationship(back_populates="indicators")
    parent: Mapped[Indicator | None] = relationship(remote_side=[id])

    __table_args__ = (
        UniqueConstraint("period_id", "code"),
        CheckConstraint(
            "kind IN ('section', 'points', 'target', 'yesno', 'bonus', 'penalty')", name="kind"
        ),
        CheckConstraint("max_points IS NULL OR max_points >= 0", name="max_points_nonnegative"),
        CheckConstraint("target IS NULL OR target > 0", name="target_positive"),
        CheckConstraint("kind <> 'target' OR target IS NOT NULL", name="target_required"),
    )


class Score(Base):
    """The cluster's value (the one that counts), the self value and a note."""

    __tablename__ = "scores"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    federation_id: Mapped[int] = mapped_column(ForeignKey("federations.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    value: Mapped[Decimal | None] = mapped_column(Points)
    self_value: Mapped[Decimal | None] = mapped_column(Points)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("federation_id", "indicator_id"),
        Index("ix_scores_period", "period_id", "federation_id", "indicator_id", "value"),
        CheckConstraint("value IS NULL OR value >= 0", name="value_nonnegative"),
        CheckConstraint("self_value IS NULL OR self_value >= 0", name="self_value_nonnegative"),
    )


class Vote(Base):
    """A federation's votes in its cluster's secret ballot for the leading unit."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    federation_id: Mapped[int] = mapped_column(
        ForeignKey("federations.id", ondelete="CASCADE"), unique=True
    )
    votes: Mapped[int] = mapped_column(Integer)
    voters: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("votes >= 0", name="votes_nonnegative"),
        CheckConstraint("votes <= voters", name="votes_within_voters"),
    )


class AwardRule(Base):
    __tablename__ = "award_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    scope: Mapped[str] = mapped_column(String(10), default="cluster")
    count: Mapped[int | None] = mapped_column(Integer)
    share: Mapped[Decimal | None] = mapped_column(Share)
    min_total: Mapped[Decimal] = mapped_column(Points)
    min_vote_share: Mapped[Decimal | None] = mapped_column(Share)

    period: Mapped[Period] = relationship(back_populates="award_rules")

    __table_args__ = (
        CheckConstraint("scope IN ('cluster', 'national')", name="scope"),
        CheckConstraint(
            "(count IS NULL AND share IS NOT NULL) OR (count IS NOT NULL AND share IS NULL)",
            name="count_or_share",
        ),
        CheckConstraint("count IS NULL OR count >= 1", name="count_positive"),
    )


class RankingSnapshot(Base):
    """The rankings document frozen when the committee locks a period."""

    __tablename__ = "ranking_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(80))
    document: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class RankingDocument(Base):
    """The period's rankings document (INTERFACES.md §3) as canonical JSON text, computed
    at ``data_version``: a cache shared by every process, served only while the period's
    version is still the same (``services.cache.invalidate_rankings`` changes it)."""

    __tablename__ = "ranking_documents"

    # A surrogate id like every table's (backups reset each table's id sequence);
    # the period is what identifies a row.
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(
        ForeignKey("periods.id", ondelete="CASCADE"), unique=True
    )
    data_version: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

"""Finding one row of a period by its code, or a NotFound a user can read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.models import Cluster, Federation, Period

from .errors import NotFound
from .rankings import PERIOD_YEARS, get_period


def get_period_and_cluster(session: Session, year: int, code: str) -> tuple[Period, Cluster]:
    """The period of ``year`` and its cluster ``code`` in one query (every cluster page
    needs both), or the NotFound that names whichever is missing."""
    if year in PERIOD_YEARS:  # else get_period says so, without asking the database
        found = session.execute(
            select(Period, Cluster)
            .join(Cluster, Cluster.period_id == Period.id)
            .where(Period.year == year, Cluster.code == code)
        ).first()
        if found is not None:
            return found[0], found[1]
    period = get_period(session, year)
    return period, get_cluster(session, period, code)


def get_cluster(session: Session, period: Period, code: str) -> Cluster:
    """The cluster ``code`` of ``period``, or NotFound."""
    cluster = session.scalar(
        select(Cluster).where(Cluster.period_id == period.id, Cluster.code == code)
    )
    if cluster is None:
        raise NotFound(
            f"Năm {period.year} không có cụm «{code}».",
            f"The {period.year} period has no cluster «{code}».",
        )
    return cluster


def get_federation(session: Session, period: Period, code: str) -> Federation:
    """The federation ``code`` of ``period``, or NotFound."""
    federation = session.scalar(
        select(Federation).where(Federation.period_id == period.id, Federation.code == code)
    )
    if federation is None:
        raise NotFound(
            f"Năm {period.year} không có đơn vị «{code}».",
            f"The {period.year} period has no federation «{code}».",
        )
    return federation

"""Finding a period's cluster for a cluster page: one query, and a NotFound that names
whichever of the two is missing."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event, select

from scoring.extensions import db
from scoring.services.errors import NotFound
from scoring.services.lookups import get_period_and_cluster


def test_period_and_cluster_come_in_one_query(sample_app: Flask) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    with sample_app.app_context():
        db.session.scalar(select(1))  # the transaction has begun
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            period, cluster = get_period_and_cluster(db.session, 2023, "C3")
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert (period.year, cluster.code, cluster.period_id) == (2023, "C3", period.id)
        assert len(statements) == 1


@pytest.mark.parametrize(
    ("year", "code", "vi", "en"),
    [
        (2023, "C99", "Năm 2023 không có cụm «C99».", "The 2023 period has no cluster «C99»."),
        (2031, "C3", "Không có năm thi đua 2031.", "There is no emulation period 2031."),
        (99999, "C3", "Không có năm thi đua 99999.", "There is no emulation period 99999."),
    ],
)
def test_a_missing_period_or_cluster_is_named(sample_app: Flask, year: int, code: str, vi: str, en: str) -> None:
    with sample_app.app_context(), pytest.raises(NotFound) as raised:
        get_period_and_cluster(db.session, year, code)
    assert (raised.value.vi, raised.value.en) == (vi, en)

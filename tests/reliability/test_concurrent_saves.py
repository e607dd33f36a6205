"""Twenty writers saving the same cluster at once: every save lands whole or gets
a conflict, nothing is lost, the final state is the last landed save, and the
audit trail has one entry per landed change. Runs on SQLite (WAL + busy
timeout: no "database is locked" may reach a user) and on PostgreSQL.
"""

from __future__ import annotations

import threading
from decimal import Decimal

from sqlalchemy import func, select

from scoring.database import unit_of_work
from scoring.extensions import db
from scoring.models import AuditEntry, Cluster, Federation, Indicator, Period, Score, User
from scoring.services.errors import Conflict
from scoring.services.scores import ScoreEntry, save_scores

WRITERS = 20
ATTEMPTS = 4
CELLS = [("HNI", "I.1"), ("HPG", "I.2"), ("BNH", "II.2"), ("HDG", "III.1")]


def _load(code: str = "C3") -> tuple[Period, Cluster, User]:
    period = db.session.scalar(select(Period).where(Period.year == 2023))
    cluster = db.session.scalar(select(Cluster).where(Cluster.period_id == period.id, Cluster.code == code))
    user = db.session.scalar(select(User).where(User.username == "admin"))
    return period, cluster, user


def _writer(app, number: int, landed: list, conflicts: list, errors: list) -> None:  # type: ignore[no-untyped-def]
    for attempt in range(ATTEMPTS):
        # Each writer writes values nobody else writes: 0.01 steps per writer and attempt.
        value = Decimal(number * ATTEMPTS + attempt + 1) / 100
        try:
            with app.app_context():
                with unit_of_work() as session:
                    period, cluster, user = _load()
                    version = cluster.version
                    entries = [ScoreEntry(f, i, str(value)) for f, i in CELLS]
                    result = save_scores(session, period, cluster, user, version, entries)
                landed.append((result.version, value, result.changed))
        except Conflict:
            conflicts.append(number)
        except Exception as exc:  # noqa: BLE001 - anything else is a failure to report
            errors.append(repr(exc))


def test_twenty_concurrent_writers_lose_nothing(sample_app, accounts):  # type: ignore[no-untyped-def]
    landed: list[tuple[int, Decimal, int]] = []
    conflicts: list[int] = []
    errors: list[str] = []
    with sample_app.app_context():
        start_version = _load()[1].version
        audit_before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    threads = [
        threading.Thread(target=_writer, args=(sample_app, n, landed, conflicts, errors))
        for n in range(WRITERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors  # no "database is locked", no deadlock, no 500
    assert landed, "no save landed"
    assert len(landed) + len(conflicts) == WRITERS * ATTEMPTS
    versions = sorted(v for v, _, _ in landed)
    # Each landed save moved the version by exactly one: none overwrote another silently.
    assert versions == list(range(start_version + 1, start_version + 1 + len(landed)))
    last_value = max(landed)[1]
    with sample_app.app_context():
        period, cluster, _ = _load()
        assert cluster.version == versions[-1]
        for federation, indicator in CELLS:
            value = db.session.execute(
                select(Score.value)
                .join(Federation, Score.federation_id == Federation.id)
                .join(Indicator, Score.indicator_id == Indicator.id)
                .where(Score.period_id == period.id, Federation.code == federation, Indicator.code == indicator)
            ).scalar_one()
            assert value == last_value, (federation, indicator)
        audit_after = db.session.scalar(select(func.count()).select_from(AuditEntry))
    assert audit_after - audit_before == sum(changed for _, _, changed in landed)

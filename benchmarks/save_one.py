"""Save one score in a period's first cluster, as the web does (a write naming one cluster).

    DATABASE_URL=... python benchmarks/save_one.py YEAR

Used by run.py to time ``rankings --json`` after a save, when the document the import
stored is stale and the command has to compute the rankings again.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from sqlalchemy import select

from scoring import create_app
from scoring.database import unit_of_work
from scoring.models import Cluster, Federation, Indicator, Score
from scoring.services.rankings import get_period
from scoring.services.scores import ScoreEntry, save_scores


@dataclass(frozen=True)
class Council:
    role: str = "admin"
    cluster_code: str | None = None
    username: str = "benchmark"


def main() -> None:
    year = int(sys.argv[1])
    with create_app().app_context(), unit_of_work() as session:
        period = get_period(session, year)
        cluster = session.scalars(
            select(Cluster).where(Cluster.period_id == period.id).order_by(Cluster.position)
        ).first()
        assert cluster is not None
        federation, indicator, value = session.execute(
            select(Federation.code, Indicator.code, Score.value)
            .join(Score, Score.federation_id == Federation.id)
            .join(Indicator, Indicator.id == Score.indicator_id)
            .where(Federation.cluster_id == cluster.id, Indicator.kind == "points")
            .limit(1)
        ).one()
        new = "0" if value else "1"
        save_scores(session, period, cluster, Council(), cluster.version, [ScoreEntry(federation, indicator, new)])


if __name__ == "__main__":
    main()

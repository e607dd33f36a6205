"""Each federation's row of the council's workbook: its figures, its self-assessed total
and, when it is proposed for an award, the summary of why.

The sentences come from the engine's ``explain``/``describe``. Self-assessed totals
are the engine's totals of the self values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy.orm import Session

from scoring.engine.explain import Explanation
from scoring.engine.totals import TotalsPlan
from scoring.engine.wording import Wording
from scoring.models import Period
from scoring.reports.model import Member

from .period_input import load_scores
from .rankings import Standings


def figure(value: float | None) -> Decimal | None:
    """A figure of the rankings document (a JSON number with 2 places) as a Decimal."""
    return None if value is None else Decimal(str(value))


def members_by_code(
    session: Session, period: Period, standings: Standings, document: dict[str, Any]
) -> dict[str, Member]:
    """Every cluster's members in ``document`` as workbook rows, by federation code."""
    national = {e["federation"]: e for e in document["national"]}
    national_counts = Counter(e["rank"] for e in document["national"])
    self_totals = self_assessed_totals(session, period, standings)
    result, inp = standings.result, standings.input
    words = Wording("vi")
    rank_facts = _RankFacts.index(standings)
    members = {}
    for cluster in document["clusters"]:
        counts = Counter(m["rank"] for m in cluster["members"])
        for m in cluster["members"]:
            code = m["federation"]
            entry = national.get(code, {})
            votes = inp.votes.get(code)
            summary = ""
            if m["award"]:
                facts = cast(Explanation, rank_facts(code))
                summary = " ".join(
                    [*words.ranks(facts), words.classification(result.classification.get(code))]
                )
            members[code] = Member(
                code=code,
                name=m["name"],
                cluster=cluster["code"],
                cluster_name=cluster["name"],
                rank=m["rank"],
                shared_rank=counts[m["rank"]] > 1,
                national_rank=entry.get("rank"),
                national_shared=national_counts[entry.get("rank")] > 1,
                normalized=figure(entry.get("normalized")),
                self_total=self_totals.get(code),
                base=Decimal(str(m["base"])),
                bonus=Decimal(str(m["bonus"])),
                penalty=Decimal(str(m["penalty"])),
                total=Decimal(str(m["total"])),
                complete=m["complete"],
                missing=tuple(result.totals[code].missing),
                classification=m["classification"],
                award=m["award"],
                award_tie=m["award_tie"],
                votes=votes.votes if votes else None,
                voters=votes.voters if votes else None,
                sections={k: Decimal(str(v)) for k, v in m["sections"].items() if v is not None},
                points=dict(result.totals[code].points),
                summary=summary,
            )
    return members


@dataclass(frozen=True)
class _RankFacts:
    """The facts ``Wording.ranks`` reads, as ``explain`` gives them. ``explain`` finds
    them by scanning the whole period for one federation, which made the award
    summaries cost (awarded × federations); here they are indexed once."""

    cluster_name: str
    cluster_rank: int
    cluster_size: int
    national_rank: int
    national_size: int
    normalized: Decimal | None

    @staticmethod
    def index(standings: Standings) -> Callable[[str], _RankFacts]:
        inp, result = standings.input, standings.result
        names = {c.code: c.name for c in inp.clusters}
        cluster_of = {f.code: f.cluster for f in inp.federations}
        national = {e.federation: e for e in result.national}
        in_cluster = {
            code: ({e.federation: e for e in entries}, len(entries))
            for code, entries in result.cluster_rankings.items()
        }

        def facts(code: str) -> _RankFacts:
            cluster = cluster_of[code]
            entries, size = in_cluster[cluster]
            entry = national[code]
            return _RankFacts(
                cluster_name=names.get(cluster, cluster),
                cluster_rank=entries[code].rank,
                cluster_size=size,
                national_rank=entry.rank,
                national_size=len(result.national),
                normalized=entry.normalized,
            )

        return facts


def self_assessed_totals(
    session: Session, period: Period, standings: Standings
) -> dict[str, Decimal]:
    """The engine's total of each federation's self values (absent when it gave none)."""
    plan = TotalsPlan.prepare(standings.input.scheme, standings.input.settings)
    loaded = standings.loaded
    given = load_scores(
        session, period.id, loaded.federation_codes, loaded.indicator_codes, "self_value"
    )
    return {code: plan.totals(code, values).total for code, values in given.items() if values}

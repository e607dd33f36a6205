"""The council's workbook and the score cards: gathering their data.

Every figure comes from ``standings_for`` and ``rankings_document`` (the same
source as the pages and the API); the sentences come from the engine's
``explain``/``describe``. Self-assessed totals are the engine's totals of the
self values. When the period is locked, each sheet shows the published
snapshot's id and checksum, and says so if today's figures no longer match it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from scoring.engine.explain import Explanation
from scoring.engine.totals import TotalsPlan
from scoring.engine.types import SECTION, Scheme
from scoring.engine.wording import Wording
from scoring.local_time import today
from scoring.models import Cluster, Federation, Indicator, Period, Score
from scoring.reports.card_data import make_card
from scoring.reports.cards import CardBook, build_score_cards
from scoring.reports.council import build_council_workbook
from scoring.reports.model import ClusterPart, CouncilReport, Member, SchemeNode
from scoring.reports.styles import COUNCIL, Letterhead

from . import snapshots
from .period_input import load_scores
from .rankings import Standings, rankings_document, standings_for

COUNCIL_SIGNER = ("TM. HỘI ĐỒNG", "CHỦ TỊCH")
COUNCIL_RECIPIENTS = (
    "- Đoàn Chủ tịch Liên hiệp Hội Việt Nam;",
    "- Các cụm thi đua;",
    "- Lưu: VT, HĐTĐKT.",
)
CARD_RECIPIENTS = (
    "- Đơn vị được chấm điểm;",
    "- Hội đồng Thi đua - Khen thưởng Liên hiệp Hội Việt Nam;",
    "- Lưu: Cụm.",
)
CLUSTER_RECIPIENTS = (
    "- Hội đồng Thi đua - Khen thưởng Liên hiệp Hội Việt Nam;",
    "- Các đơn vị thành viên của cụm;",
    "- Lưu: Cụm.",
)


def council_workbook(
    session: Session, period: Period, *, cluster: Cluster | None = None, on: date | None = None
) -> bytes:
    """The council's workbook (``cluster`` None) or one cluster's part of it, as bytes."""
    return build_council_workbook(council_report(session, period, cluster=cluster, on=on))


def council_report(
    session: Session, period: Period, *, cluster: Cluster | None = None, on: date | None = None
) -> CouncilReport:
    """The workbook's data; reading rights are the caller's to check."""
    standings = standings_for(session, period)
    document = rankings_document(standings, period.national_method)
    head = letterhead(session, period, document, cluster, on or today())
    members = _members(session, period, standings, document)
    leaders = _leaders(session, period)
    clusters = tuple(
        ClusterPart(
            code=c["code"],
            name=c["name"],
            leader=leaders.get(c["code"], (None, None))[0],
            deputy=leaders.get(c["code"], (None, None))[1],
            members=tuple(members[m["federation"]] for m in c["members"]),
        )
        for c in document["clusters"]
        if cluster is None or c["code"] == cluster.code
    )
    national = (
        tuple(members[e["federation"]] for e in document["national"]) if cluster is None else ()
    )
    return CouncilReport(
        year=period.year,
        title=period.title,
        national_method=period.national_method,
        head=head,
        clusters=clusters,
        national=national,
        scheme=scheme_nodes(standings.input.scheme),
        award_names=tuple(dict.fromkeys(r.name for r in standings.input.award_rules)),
        whole=cluster is None,
    )


def letterhead(
    session: Session,
    period: Period,
    document: dict[str, Any],
    cluster: Cluster | None,
    on: date,
) -> Letterhead:
    """The council issues the whole workbook; a cluster issues (and signs) its own part."""
    stamp = snapshot_stamp(session, period, document)
    if cluster is None:
        return Letterhead(COUNCIL, on, COUNCIL_SIGNER, COUNCIL_RECIPIENTS, stamp=stamp)
    return Letterhead(cluster.name.upper(), on, ("CỤM TRƯỞNG",), CLUSTER_RECIPIENTS, stamp=stamp)


DRAFT = (
    "DỰ THẢO — năm thi đua chưa khóa, số liệu còn có thể thay đổi; "
    "chỉ ký bản in sau khi Hội đồng khóa và công bố kết quả."
)


def snapshot_stamp(session: Session, period: Period, document: dict[str, Any]) -> str | None:
    """What the figures are, under every sheet's title: the published snapshot's id and
    checksum (locked periods, with a warning on drift); otherwise a draft mark, so that a
    printout of figures that may still change is never signed by mistake. A cluster's own
    part is a draft too until the lock: a submitted cluster can be returned, and national
    ranks and national awards move with every other cluster's scores."""
    if not period.locked:
        return DRAFT
    snapshot = snapshots.published_snapshot(session, period)
    if snapshot is None:
        return f"Năm thi đua {period.year} đã khóa (chưa có bản công bố)."
    text = (
        f"Số liệu theo kết quả đã công bố: bản công bố số {snapshot.id}, "
        f"mã kiểm tra SHA-256 {snapshot.sha256}"
    )
    live = snapshots.checksum(snapshots.canonical_json(document))
    if live != snapshot.sha256:
        text += " — LƯU Ý: số liệu hiện tại KHÔNG khớp bản công bố"
    return text + "."


def scheme_nodes(scheme: Scheme) -> tuple[SchemeNode, ...]:
    """The scheme in display order, sections with their maxima and whether they have base leaves."""
    nodes = []
    for node in scheme.indicators:
        ancestors = scheme.ancestors.get(node.code, ())
        is_section = node.kind == SECTION
        has_base = is_section and any(
            node.code in scheme.ancestors[leaf.code] for leaf in scheme.base_leaves
        )
        nodes.append(
            SchemeNode(
                code=node.code,
                name=node.name,
                kind=node.kind,
                depth=len(ancestors),
                ancestors=ancestors,
                max_points=scheme.section_max(node.code) if is_section else node.max_points,
                target=node.target,
                has_base=has_base,
            )
        )
    return tuple(nodes)


def figure(value: float | None) -> Decimal | None:
    """A figure of the rankings document (a JSON number with 2 places) as a Decimal."""
    return None if value is None else Decimal(str(value))


def _members(
    session: Session, period: Period, standings: Standings, document: dict[str, Any]
) -> dict[str, Member]:
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


def self_values(session: Session, period: Period) -> dict[str, dict[str, tuple[Any, Any]]]:
    """Each federation's self values and notes by indicator: ``(self_value, note)``."""
    rows = session.execute(
        select(Federation.code, Indicator.code, Score.self_value, Score.note)
        .join(Federation, Federation.id == Score.federation_id)
        .join(Indicator, Indicator.id == Score.indicator_id)
        .where(Score.period_id == period.id)
    )
    found: dict[str, dict[str, tuple[Any, Any]]] = {}
    for federation, indicator, value, note in rows:
        found.setdefault(federation, {})[indicator] = (value, note)
    return found


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


def _leaders(session: Session, period: Period) -> dict[str, tuple[str | None, str | None]]:
    """Each cluster's leading and deputy federations' names, in one query (not two lazy
    loads per cluster: 200 clusters at national size)."""
    leader, deputy = aliased(Federation), aliased(Federation)
    rows = session.execute(
        select(Cluster.code, leader.name, deputy.name)
        .outerjoin(leader, leader.id == Cluster.leader_id)
        .outerjoin(deputy, deputy.id == Cluster.deputy_id)
        .where(Cluster.period_id == period.id)
    )
    return {code: (leader_name, deputy_name) for code, leader_name, deputy_name in rows}


# --- score cards ------------------------------------------------------------------------


def score_cards_workbook(
    session: Session,
    period: Period,
    cluster: Cluster,
    federation: Federation | None = None,
    on: date | None = None,
) -> bytes:
    """Score cards of a cluster's members (by rank), or of one federation, as bytes."""
    standings = standings_for(session, period)
    document = rankings_document(standings, period.national_method)
    part = next((c for c in document["clusters"] if c["code"] == cluster.code), None)
    entries = [
        m
        for m in (part["members"] if part else [])
        if federation is None or m["federation"] == federation.code
    ]
    national = {e["federation"]: e for e in document["national"]}
    own = self_values(session, period)
    plan = TotalsPlan.prepare(standings.input.scheme, standings.input.settings)
    cards = tuple(
        make_card(
            standings.input,
            standings.result,
            m,
            national.get(m["federation"], {}),
            own.get(m["federation"], {}),
            plan,
        )
        for m in entries
    )
    head = Letterhead(
        cluster.name.upper(),
        on or today(),
        ("CỤM TRƯỞNG",),
        CARD_RECIPIENTS,
        stamp=snapshot_stamp(session, period, document),
    )
    return build_score_cards(CardBook(period.year, period.title, head, cards))

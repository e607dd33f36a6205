"""The council's workbook and the score cards: gathering their data.

Every figure comes from ``standings_for`` and ``rankings_document`` (the same
source as the pages and the API). Each federation's row of the workbook is
``council_members``'; who issues and signs each document, and the stamp under its
title, are ``letterheads``'.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from scoring.engine.totals import TotalsPlan
from scoring.engine.types import SECTION, Scheme
from scoring.local_time import today
from scoring.models import Cluster, Federation, Indicator, Period, Score
from scoring.reports.card_data import make_card
from scoring.reports.cards import CardBook, build_score_cards
from scoring.reports.council import build_council_workbook
from scoring.reports.model import ClusterPart, CouncilReport, SchemeNode

from .council_members import members_by_code
from .letterheads import CARD_RECIPIENTS, letterhead
from .rankings import rankings_document, standings_for


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
    members = members_by_code(session, period, standings, document)
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
    head = replace(
        letterhead(session, period, document, cluster, on or today()), recipients=CARD_RECIPIENTS
    )
    return build_score_cards(CardBook(period.year, period.title, head, cards))


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

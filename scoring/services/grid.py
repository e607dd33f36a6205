"""The score grid a leader fills in: members across, indicators down, every value
and the engine's figures for each member. Read side of score entry; saving is in
``scores``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.engine.totals import effective_bonus_cap, leaf_points
from scoring.engine.types import BASE_KINDS, SECTION
from scoring.engine.values import allowed_range
from scoring.models import Cluster, Federation, Indicator, Period, Score

from . import permissions
from .rankings import number, standings_for

GAP = Decimal(2)  # |self − cluster| at or above this many points is worth a second look
# "Liên hiệp các Hội KH&KT tỉnh Hà Giang" heads a narrow column as "tỉnh Hà Giang"
_UNION_PREFIX = re.compile(r"^Liên hiệp các Hội (KH&KT|Khoa học và Kỹ thuật)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class GridMember:
    id: int
    code: str
    name: str
    is_leader: bool
    is_deputy: bool
    writable: bool
    short_name: str
    # why a column is read-only for this user: "deputy_enters", "leader_enters", "view_only"
    readonly_reason: str | None


@dataclass(frozen=True)
class GridRow:
    code: str
    name: str
    kind: str
    depth: int
    ancestors: tuple[str, ...]
    max_points: Decimal | None
    target: Decimal | None
    guidance: str | None
    has_base: bool  # a section with base leaves beneath it shows a subtotal
    allowed: tuple[str, str]  # what a cell accepts, in Vietnamese and English

    def allowed_text(self, lang: str = "vi") -> str:
        return self.allowed[1] if lang == "en" else self.allowed[0]


@dataclass(frozen=True)
class Cell:
    value: Decimal | None = None
    self_value: Decimal | None = None
    note: str | None = None
    gap: bool = False


@dataclass(frozen=True)
class MemberFigures:
    subtotals: dict[str, Decimal]
    base: Decimal
    bonus_raw: Decimal
    bonus: Decimal
    bonus_capped: bool
    penalty: Decimal
    total: Decimal
    rank: int | None
    complete: bool
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    members: list[GridMember]
    rows: list[GridRow]
    cells: dict[tuple[str, str], Cell]
    figures: dict[str, MemberFigures]
    version: int
    state: str
    open: bool
    bonus_cap: Decimal
    base_max: Decimal
    writable: frozenset[str]

    def cell(self, federation: str, indicator: str) -> Cell:
        return self.cells.get((federation, indicator), _EMPTY)

    @property
    def can_write(self) -> bool:
        return self.open and bool(self.writable)

    @property
    def incomplete(self) -> list[GridMember]:
        return [m for m in self.members if not self.figures[m.code].complete]


_EMPTY = Cell()


def load_grid(session: Session, period: Period, cluster: Cluster, user: permissions.Actor) -> Grid:
    """Everything the score grid shows; reading rights are the caller's to check."""
    standings = standings_for(session, period)
    scheme = standings.input.scheme
    indicators = session.scalars(
        select(Indicator).where(Indicator.period_id == period.id).order_by(Indicator.position)
    ).all()
    rows = [_row(i, scheme) for i in indicators]
    writable_ids = permissions.writable_federation_ids(user, cluster)
    members = [_member(f, cluster, user, f.id in writable_ids) for f in cluster.members]
    return Grid(
        members=members,
        rows=rows,
        cells=_cells(session, cluster, {r.code: r for r in rows}),
        figures=cluster_figures(session, period, cluster),
        version=cluster.version,
        state=cluster.state,
        open=permissions.is_open(period, cluster),
        bonus_cap=effective_bonus_cap(scheme, standings.input.settings),
        base_max=scheme.base_max,
        writable=frozenset(m.code for m in members if m.writable),
    )


def _row(indicator: Indicator, scheme: Any) -> GridRow:
    ancestors = scheme.ancestors.get(indicator.code, ())
    return GridRow(
        code=indicator.code,
        name=indicator.name,
        kind=indicator.kind,
        depth=len(ancestors),
        ancestors=ancestors,
        max_points=scheme.section_max(indicator.code)
        if indicator.kind == SECTION
        else indicator.max_points,
        target=indicator.target,
        guidance=indicator.guidance,
        has_base=indicator.kind == SECTION
        and any(indicator.code in scheme.ancestors[leaf.code] for leaf in scheme.base_leaves),
        allowed=allowed_range(indicator.kind, indicator.max_points, indicator.target),
    )


def _member(f: Federation, cluster: Cluster, user: permissions.Actor, writable: bool) -> GridMember:
    reason = None
    if not writable:
        if user.role == "leader" and permissions.in_cluster(user, cluster):
            reason = "deputy_enters"
        elif user.role == "deputy" and permissions.in_cluster(user, cluster):
            reason = "leader_enters"
        else:
            reason = "view_only"
    return GridMember(
        id=f.id,
        code=f.code,
        name=f.name,
        is_leader=f.id == cluster.leader_id,
        is_deputy=f.id == cluster.deputy_id,
        writable=writable,
        short_name=_UNION_PREFIX.sub("", f.name) or f.name,
        readonly_reason=reason,
    )


def _cells(
    session: Session, cluster: Cluster, rows: dict[str, GridRow]
) -> dict[tuple[str, str], Cell]:
    found = session.execute(
        select(Federation.code, Indicator.code, Score.value, Score.self_value, Score.note)
        .join(Federation, Score.federation_id == Federation.id)
        .join(Indicator, Score.indicator_id == Indicator.id)
        .where(Federation.cluster_id == cluster.id)
    ).all()
    return {
        (fed, ind): Cell(value, self_value, note, _gap(rows.get(ind), value, self_value))
        for fed, ind, value, self_value, note in found
    }


def _gap(row: GridRow | None, value: Decimal | None, self_value: Decimal | None) -> bool:
    """Whether self and cluster assessments differ by GAP points or more."""
    if row is None or value is None or self_value is None or row.kind == SECTION:
        return False
    if row.kind in BASE_KINDS:
        top, target = row.max_points or Decimal(0), row.target
        gap = leaf_points(row.kind, self_value, top, target) - leaf_points(
            row.kind, value, top, target
        )
    else:
        gap = self_value - value
    return abs(gap) >= GAP


def cluster_figures(session: Session, period: Period, cluster: Cluster) -> dict[str, MemberFigures]:
    """Each member's figures from the engine (the only source of figures), by code."""
    result = standings_for(session, period).result
    ranks = {e.federation: e.rank for e in result.cluster_rankings.get(cluster.code, ())}
    figures = {}
    for member in cluster.members:
        t = result.totals[member.code]
        figures[member.code] = MemberFigures(
            subtotals=dict(t.subtotals),
            base=t.base,
            bonus_raw=t.bonus_raw,
            bonus=t.bonus,
            bonus_capped=t.bonus_capped,
            penalty=t.penalty,
            total=t.total,
            rank=ranks.get(member.code),
            complete=t.complete,
            missing=t.missing,
        )
    return figures


def figures_json(figures: dict[str, MemberFigures]) -> dict[str, dict[str, Any]]:
    """Figures as JSON numbers rounded to 2 places (as in the rankings document)."""
    return {
        code: {
            "sections": {s: number(v) for s, v in f.subtotals.items()},
            "base": number(f.base),
            "bonus_raw": number(f.bonus_raw),
            "bonus": number(f.bonus),
            "bonus_capped": f.bonus_capped,
            "penalty": number(f.penalty),
            "total": number(f.total),
            "rank": f.rank,
            "complete": f.complete,
            "missing": list(f.missing),
        }
        for code, f in figures.items()
    }

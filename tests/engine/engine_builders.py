"""Small builders for engine tests: a standard scheme and periods from table rows.

The standard scheme has two sections of plain points (I.1 under I, II.1 under
II, 50 points each), a bonus leaf B (max 10) and a penalty leaf P (max 20), so
a row (code, name, cluster, i, ii, bonus, penalty) fixes a federation's figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from scoring.engine.types import (
    BONUS,
    PENALTY,
    POINTS,
    SECTION,
    AwardRuleDef,
    Band,
    ClusterRef,
    FederationRef,
    IndicatorDef,
    PeriodInput,
    RankingSettings,
    Scheme,
    VoteTally,
)

Number = Decimal | int | str | None
Row = tuple[str, str, str, Number, Number, Number, Number]


def D(value: Decimal | int | str) -> Decimal:
    """A Decimal from an exact literal (never from a float)."""
    return Decimal(str(value)) if not isinstance(value, Decimal) else value


def node(
    code: str,
    kind: str,
    max_points: Decimal | int | str | None = None,
    parent: str | None = None,
    target: Decimal | int | str | None = None,
    name: str | None = None,
) -> IndicatorDef:
    return IndicatorDef(
        code=code,
        name=name or f"Tiêu chí {code}",
        kind=kind,
        parent=parent,
        max_points=None if max_points is None else D(max_points),
        target=None if target is None else D(target),
    )


def standard_scheme() -> Scheme:
    return Scheme(
        (
            node("I", SECTION, name="Công tác tổ chức"),
            node("I.1", POINTS, 50, "I"),
            node("II", SECTION, name="Hoạt động chuyên môn"),
            node("II.1", POINTS, 50, "II"),
            node("III", SECTION, name="Thưởng và trừ"),
            node("B", BONUS, 10, "III"),
            node("P", PENALTY, 20, "III"),
        )
    )


def period(
    rows: Iterable[Row],
    *,
    tie_breakers: Sequence[str] = (),
    method: str = "raw",
    cap: Decimal | int | str | None = None,
    bands: Sequence[tuple[int | str, str]] = (),
    rules: Sequence[AwardRuleDef] = (),
    votes: dict[str, tuple[int, int]] | None = None,
    scheme: Scheme | None = None,
) -> PeriodInput:
    """A period of the standard scheme (or ``scheme``) from rows of figures."""
    rows = list(rows)
    clusters = tuple(dict.fromkeys(row[2] for row in rows))
    return PeriodInput(
        scheme=scheme or standard_scheme(),
        settings=RankingSettings(
            bonus_cap=None if cap is None else D(cap),
            tie_breakers=tuple(tie_breakers),
            national_method=method,
            bands=tuple(Band(D(t), label) for t, label in bands),
        ),
        clusters=tuple(ClusterRef(code, f"Cụm {code}") for code in clusters),
        federations=tuple(FederationRef(code, name, cluster) for code, name, cluster, *_ in rows),
        values={row[0]: _values(row) for row in rows},
        votes={code: VoteTally(v, n) for code, (v, n) in (votes or {}).items()},
        award_rules=tuple(rules),
    )


def _values(row: Row) -> dict[str, Decimal | None]:
    _, _, _, first, second, bonus, penalty = row
    raw = {"I.1": first, "II.1": second, "B": bonus, "P": penalty}
    return {code: None if value is None else D(value) for code, value in raw.items()}


def rule(
    name: str,
    scope: str = "cluster",
    *,
    count: int | None = None,
    share: str | None = None,
    min_total: int | str = 0,
    min_vote_share: str | None = None,
) -> AwardRuleDef:
    return AwardRuleDef(
        name=name,
        scope=scope,
        count=count,
        share=None if share is None else D(share),
        min_total=D(min_total),
        min_vote_share=None if min_vote_share is None else D(min_vote_share),
    )

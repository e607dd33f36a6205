"""Ranking does not depend on the caller's Decimal context, nor look at names it need not."""

from __future__ import annotations

from decimal import localcontext

from engine_builders import period

import scoring.engine.ranking as ranking
from scoring.engine.compute import compute_period

ROWS = [
    ("A", "An Giang", "C", "40", "45", 0, 0),  # 85.00
    ("B", "Bắc Ninh", "C", "40", "45.04", 0, 0),  # 85.04
    ("D", "Đà Nẵng", "C", "40", "45", 0, 0),  # 85.00
]


def test_a_callers_low_precision_does_not_merge_totals() -> None:
    expected = compute_period(period(ROWS, tie_breakers=("section:I",)))
    with localcontext() as ctx:
        ctx.prec = 3  # -85.04 would become -85.0 under unary minus
        result = compute_period(period(ROWS, tie_breakers=("section:I",)))
    assert result.cluster_rankings == expected.cluster_rankings
    assert [(e.federation, e.rank) for e in result.cluster_rankings["C"]] == [
        ("B", 1),
        ("A", 2),
        ("D", 2),
    ]


def test_names_are_only_keyed_for_equal_federations(monkeypatch) -> None:
    seen: list[str] = []
    real = ranking.vi_sort_key

    def spy(name: str):
        seen.append(name)
        return real(name)

    monkeypatch.setattr(ranking, "vi_sort_key", spy)
    compute_period(period(ROWS))
    assert sorted(set(seen)) == ["An Giang", "Đà Nẵng"]

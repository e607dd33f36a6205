"""A federation's score card from the engine's facts (pure: no database).

The ranks, class and award come from the rankings document's entry for the
federation; the lines and sentences from ``explain``/``describe``; the self
column is the engine's totals of the self values, so it is computed by the
same rules as the cluster's column.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from scoring.engine.explain import describe, explain
from scoring.engine.totals import TotalsPlan
from scoring.engine.types import SECTION, YESNO, FederationTotals, PeriodInput, PeriodResult

from .cards import CardLine, ScoreCard

MISSING = "chưa nhập"


def make_card(
    inp: PeriodInput,
    result: PeriodResult,
    entry: Mapping[str, Any],
    national: Mapping[str, Any],
    own: Mapping[str, tuple[Decimal | None, str | None]],
    plan: TotalsPlan,
) -> ScoreCard:
    """The card of the federation of ``entry`` (a member of the rankings document).

    ``national`` is its national entry; ``own`` maps indicator codes to
    (self value, note).
    """
    code = entry["federation"]
    facts = explain(inp, result, code)
    self_values = {i: v for i, (v, _n) in own.items() if v is not None}
    mine = plan.totals(code, self_values) if self_values else None
    totals = result.totals[code]
    sentences = describe(facts, "vi")[len(facts.indicators) + len(facts.sections) :]
    return ScoreCard(
        code=code,
        name=entry["name"],
        cluster_name=facts.cluster_name,
        lines=_lines(inp, totals, mine, own),
        base_max=facts.base_max,
        figures=_figures(totals, mine, facts.bonus_cap),
        facts=_facts(entry, national, facts.cluster_size, facts.national_size, totals),
        explanation=tuple(sentences),
        complete=entry["complete"],
        award_tie=bool(entry["award_tie"]),
    )


def _lines(
    inp: PeriodInput,
    totals: FederationTotals,
    mine: FederationTotals | None,
    own: Mapping[str, tuple[Decimal | None, str | None]],
) -> tuple[CardLine, ...]:
    scheme = inp.scheme
    values = inp.values.get(totals.federation, {})
    lines = []
    for node in scheme.indicators:
        depth = len(scheme.ancestors.get(node.code, ()))
        if node.kind == SECTION:
            if node.code not in scheme.sections_with_base:  # bonus, deductions: no 0.00 shown
                lines.append(CardLine(node.code, node.name, SECTION, depth, None, None, None, None))
                continue
            lines.append(
                CardLine(
                    node.code, node.name, SECTION, depth, scheme.section_max(node.code), None,
                    mine.subtotals.get(node.code) if mine else None, totals.subtotals.get(node.code),
                )
            )  # fmt: skip
            continue
        value = values.get(node.code)
        self_value, note = own.get(node.code, (None, None))
        lines.append(
            CardLine(
                code=node.code,
                name=node.name,
                kind=node.kind,
                depth=depth,
                max_points=node.max_points,
                achieved=_achieved(node.kind, value, node.is_base),
                self_points=mine.points.get(node.code) if mine and self_value is not None else None,
                points=totals.points.get(node.code),
                note=note,
            )
        )
    return tuple(lines)


def _achieved(kind: str, value: Decimal | None, base: bool) -> str | Decimal | None:
    if value is None:
        return MISSING if base else None
    if kind == YESNO:
        return "Đạt" if value else "Không đạt"
    return value


def _figures(
    totals: FederationTotals, mine: FederationTotals | None, cap: Decimal
) -> tuple[tuple[str, Decimal | None, Decimal], ...]:
    def own(name: str) -> Decimal | None:
        return getattr(mine, name) if mine else None

    return (
        ("Cộng điểm cơ bản", own("base"), totals.base),
        (f"Điểm thưởng (tính tối đa {_local(cap)})", own("bonus"), totals.bonus),
        ("Điểm trừ", own("penalty"), totals.penalty),
        ("TỔNG CỘNG", own("total"), totals.total),
    )


def _facts(
    entry: Mapping[str, Any],
    national: Mapping[str, Any],
    cluster_size: int,
    national_size: int,
    totals: FederationTotals,
) -> tuple[tuple[str, str], ...]:
    award = entry["award"]
    if award and entry["award_tie"]:
        award_text = f"{award} — đồng hạng tại giới hạn số suất, đề nghị Hội đồng quyết định"
    else:
        award_text = award or "Không"
    state = (
        "Đủ điểm các tiêu chí"
        if entry["complete"]
        else f"Chưa đủ điểm (thiếu {', '.join(totals.missing)}); không xét khen thưởng"
    )
    return (
        ("Xếp hạng trong cụm", f"{entry['rank']}/{cluster_size}"),
        ("Xếp hạng toàn quốc", f"{national.get('rank', '')}/{national_size}"),
        ("Xếp loại", entry["classification"] or "Chưa đạt mức nào"),
        ("Khen thưởng", award_text),
        ("Tình trạng", state),
    )


def _local(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f").replace(".", ",")

"""The columns of each bundle table (INTERFACES.md §1) and a bundle as rows of plain values.

Readers use the column lists to find what is required; both writers use
``table_rows`` so that a CSV folder and a workbook of the same bundle hold the
same rows in the same order, and reading either gives the bundle back.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from scoring.engine.settings import format_bands, format_tie_breakers

from .model import PeriodBundle

COLUMNS: dict[str, tuple[str, ...]] = {
    "settings": ("key", "value"),
    "clusters": ("code", "name", "leader", "deputy"),
    "federations": ("code", "name", "cluster", "succeeds"),
    "indicators": ("code", "parent", "name", "kind", "max_points", "target", "guidance"),
    "scores": ("federation", "indicator", "value", "self_value", "note"),
    "votes": ("federation", "votes", "voters"),
    "awards": ("name", "scope", "count", "share", "min_total", "min_vote_share"),
}

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "settings": ("key", "value"),
    "clusters": ("code", "name"),
    "federations": ("code", "name", "cluster"),
    "indicators": ("code", "name", "kind"),
    "scores": ("federation", "indicator"),
    "votes": ("federation", "votes", "voters"),
    "awards": ("name", "min_total"),
}

SETTING_KEYS = (
    "year",
    "title",
    "deadline",
    "bonus_cap",
    "tie_breakers",
    "national_method",
    "bands",
)

Value = str | int | Decimal | None
TableRow = tuple[Value, ...]


def table_rows(bundle: PeriodBundle, table: str) -> Iterator[TableRow]:
    """The data rows of one table, in the bundle's order, as str/int/Decimal/None."""
    return _ROWS[table](bundle)


def _settings(bundle: PeriodBundle) -> Iterator[TableRow]:
    s = bundle.settings
    yield ("year", s.year)
    yield ("title", s.title)
    yield ("deadline", s.deadline.isoformat() if s.deadline else None)
    yield ("bonus_cap", s.bonus_cap)
    yield ("tie_breakers", format_tie_breakers(s.tie_breakers) or None)
    yield ("national_method", s.national_method)
    yield ("bands", format_bands(s.bands) or None)


def _clusters(bundle: PeriodBundle) -> Iterator[TableRow]:
    for c in bundle.clusters:
        yield (c.code, c.name, c.leader, c.deputy)


def _federations(bundle: PeriodBundle) -> Iterator[TableRow]:
    for f in bundle.federations:
        yield (f.code, f.name, f.cluster, ";".join(f.succeeds) or None)


def _indicators(bundle: PeriodBundle) -> Iterator[TableRow]:
    for i in bundle.indicators:
        yield (i.code, i.parent, i.name, i.kind, i.max_points, i.target, i.guidance)


def _scores(bundle: PeriodBundle) -> Iterator[TableRow]:
    for s in bundle.scores:
        yield (s.federation, s.indicator, s.value, s.self_value, s.note)


def _votes(bundle: PeriodBundle) -> Iterator[TableRow]:
    for v in bundle.votes:
        yield (v.federation, v.votes, v.voters)


def _awards(bundle: PeriodBundle) -> Iterator[TableRow]:
    for a in bundle.awards:
        yield (a.name, a.scope, a.count, a.share, a.min_total, a.min_vote_share)


_ROWS = {
    "settings": _settings,
    "clusters": _clusters,
    "federations": _federations,
    "indicators": _indicators,
    "scores": _scores,
    "votes": _votes,
    "awards": _awards,
}

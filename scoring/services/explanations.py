"""Why federations stand where they stand, shaped for pages (SCORING.md §8).

The facts and the sentences are the engine's (``explain``, ``describe`` and its
``Wording``), so a page can never word a rank differently from the API or the
council's workbook; this module only arranges them: the scheme as a table, one
sentence per neighbour and per award rule, and a cluster's members with the
tie-breaker that separates each from an equal neighbour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from scoring.engine.explain import Explanation, describe, explain
from scoring.engine.ranking import BONUS_BREAKER, SECTION_PREFIX, separation
from scoring.engine.types import BASE_KINDS, SECTION, AwardOutcome, RankedEntry, Scheme
from scoring.engine.values import round2
from scoring.engine.wording import Wording

from .errors import NotFound
from .rankings import Standings


@dataclass(frozen=True, slots=True)
class SchemeRow:
    """One line of the points table: a section with its subtotal, or a leaf."""

    code: str
    name: str
    kind: str
    depth: int
    value: Decimal | None
    points: Decimal
    max_points: Decimal | None
    target: Decimal | None
    missing: bool

    @property
    def is_section(self) -> bool:
        return self.kind == SECTION


@dataclass(frozen=True, slots=True)
class Note:
    """A sentence with the fact it is about (a neighbour's code, an award rule's name)."""

    subject: str
    sentence: str
    outcome: str  # neighbours: won/lost/shared; awards: the engine's reason


@dataclass(frozen=True)
class FederationStanding:
    """What the explanation page shows for one federation."""

    facts: Explanation
    rows: tuple[SchemeRow, ...]
    figures: tuple[str, ...]
    ranks: tuple[str, ...]
    neighbours: tuple[Note, ...]
    classification: str
    award: AwardOutcome | None  # what it holds (or is tied for), under any rule
    awards: tuple[Note, ...]
    sentences: tuple[str, ...]


def federation_standing(standings: Standings, code: str, lang: str = "vi") -> FederationStanding:
    """One federation's explanation in ``lang`` (``vi`` or ``en``); NotFound for an unknown code."""
    try:
        facts = explain(standings.input, standings.result, code)
    except KeyError:
        raise NotFound(
            f"Không có đơn vị {code} trong năm {standings.year}.",
            f"There is no federation {code} in {standings.year}.",
        ) from None
    words = Wording(lang)
    return FederationStanding(
        facts=facts,
        rows=_scheme_rows(standings.input.scheme, facts),
        figures=tuple(words.figures(facts)),
        ranks=tuple(words.ranks(facts)),
        neighbours=tuple(
            Note(n.code, words.neighbour(n, facts), _neighbour_outcome(n.ranked_above))
            for n in facts.neighbours
        ),
        classification=words.classification(facts.classification),
        award=standings.result.awards.get(code),
        awards=tuple(Note(a.rule.name, words.award(a, facts), a.reason) for a in facts.awards),
        sentences=tuple(describe(facts, lang)),
    )


def _neighbour_outcome(ranked_above: bool | None) -> str:
    return "shared" if ranked_above is None else ("won" if ranked_above else "lost")


def _scheme_rows(scheme: Scheme, facts: Explanation) -> tuple[SchemeRow, ...]:
    """The scheme in display order, sections carrying their subtotals."""
    leaves = {line.code: line for line in facts.indicators}
    sections = {line.code: line for line in facts.sections}
    rows = []
    for node in scheme.indicators:
        depth = len(scheme.ancestors[node.code])
        if node.kind == SECTION:
            s = sections[node.code]
            rows.append(
                SchemeRow(
                    s.code, s.name, SECTION, depth, None, s.subtotal, s.max_points, None, False
                )
            )
            continue
        line = leaves[node.code]
        missing = line.value is None and line.kind in BASE_KINDS
        rows.append(
            SchemeRow(
                line.code,
                line.name,
                line.kind,
                depth,
                line.value,
                round2(line.points),  # shown as the engine words it: rounded once, half up
                line.max_points,
                line.target,
                missing,
            )
        )
    return tuple(rows)


# --- a cluster's members, with what separates equal totals -------------------


@dataclass(frozen=True, slots=True)
class TieHint:
    """How a member compares with the member just above it with the same total.

    ``kind`` is ``section`` (then ``section`` names it), ``bonus``, ``penalty``,
    or ``shared`` when they are equal on every tie-breaker and share a rank.
    """

    kind: str
    above: str  # the name of the member above
    section: str | None = None


@dataclass(frozen=True, slots=True)
class BoardRow:
    federation: str
    name: str
    rank: int
    shared_rank: bool
    subtotals: tuple[Decimal, ...]
    base: Decimal
    bonus: Decimal
    bonus_raw: Decimal
    bonus_capped: bool
    penalty: Decimal
    total: Decimal
    missing: tuple[str, ...]
    classification: str | None
    award: str | None
    award_tie: bool
    tie: TieHint | None

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class ClusterBoard:
    """What the cluster rankings page shows: columns, rows, and what needs a decision."""

    code: str
    name: str
    columns: tuple[tuple[str, str], ...]  # (section code, section name)
    rows: tuple[BoardRow, ...]
    quota_ties: tuple[tuple[str, tuple[str, ...]], ...]  # award -> names tied at its quota


def cluster_board(standings: Standings, cluster_code: str) -> ClusterBoard:
    """A cluster's members by rank (NotFound for an unknown cluster)."""
    inp, result = standings.input, standings.result
    cluster = next((c for c in inp.clusters if c.code == cluster_code), None)
    if cluster is None:
        raise NotFound(
            f"Không có cụm {cluster_code} trong năm {standings.year}.",
            f"There is no cluster {cluster_code} in {standings.year}.",
        )
    columns = board_columns(inp.scheme, inp.settings.tie_breakers)
    rows = _board_rows(standings, result.cluster_rankings.get(cluster.code, ()), columns)
    ties: dict[str, list[str]] = {}
    for row in rows:
        if row.award and row.award_tie:
            ties.setdefault(row.award, []).append(row.name)
    return ClusterBoard(
        cluster.code, cluster.name, columns, rows, tuple((a, tuple(n)) for a, n in ties.items())
    )


def board_columns(scheme: Scheme, tie_breakers: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Top-level sections that carry base points, plus any section a tie-breaker names."""
    named = {b[len(SECTION_PREFIX) :] for b in tie_breakers if b.startswith(SECTION_PREFIX)}
    return tuple(
        (s.code, s.name)
        for s in scheme.sections
        if (s.parent is None and scheme.section_max(s.code) > 0) or s.code in named
    )


def _board_rows(
    standings: Standings,
    entries: Sequence[RankedEntry],
    columns: tuple[tuple[str, str], ...],
) -> tuple[BoardRow, ...]:
    result = standings.result
    names = {f.code: f.name for f in standings.input.federations}
    tie_breakers = standings.input.settings.tie_breakers
    ranks = [e.rank for e in entries]
    rows = []
    for i, entry in enumerate(entries):
        t = result.totals[entry.federation]
        award = result.awards.get(entry.federation)
        above = entries[i - 1] if i else None
        hint = None
        if above is not None and above.total == entry.total:
            split = separation(result.totals[above.federation], t, tie_breakers)
            hint = _hint(split.criterion, names[above.federation])
        rows.append(
            BoardRow(
                federation=entry.federation,
                name=names[entry.federation],
                rank=entry.rank,
                shared_rank=ranks.count(entry.rank) > 1,
                subtotals=tuple(t.subtotals.get(code, Decimal(0)) for code, _ in columns),
                base=t.base,
                bonus=t.bonus,
                bonus_raw=t.bonus_raw,
                bonus_capped=t.bonus_capped,
                penalty=t.penalty,
                total=t.total,
                missing=t.missing,
                classification=result.classification.get(entry.federation),
                award=award.award if award else None,
                award_tie=bool(award and award.tie),
                tie=hint,
            )
        )
    return tuple(rows)


def _hint(criterion: str | None, above: str) -> TieHint:
    if criterion is None:
        return TieHint("shared", above)
    if criterion.startswith(SECTION_PREFIX):
        return TieHint("section", above, criterion[len(SECTION_PREFIX) :])
    return TieHint("bonus" if criterion == BONUS_BREAKER else "penalty", above)

"""Checking the ``indicators`` table: kinds, the tree, maxima and targets (SCORING.md §1).

Besides the indicators themselves this yields the lookups the scores check
needs (each leaf's kind and maximum, with a small cache of parsed values), so
a million score rows cost a dict lookup each rather than a search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scoring.engine.problems import InvalidValue, Problem
from scoring.engine.types import BASE_KINDS, KINDS, LEAF_KINDS, SECTION, TARGET
from scoring.engine.values import fmt, parse_number, parse_value

from . import cells
from .model import BundleIndicator
from .raw import RawTable, Row

CACHE_LIMIT = 10_000
Parsed = Decimal | None | InvalidValue


class ValueParser:
    """Parses the values of every leaf of one kind and maximum, remembering each distinct
    cell: scores repeat the same few values ("10", "7,5", "có") across many rows."""

    __slots__ = ("kind", "max_points", "cache")

    def __init__(self, kind: str, max_points: Decimal) -> None:
        self.kind = kind
        self.max_points = max_points
        self.cache: dict[object, Parsed] = {"": None}

    def value(self, raw: object) -> Parsed:
        """The value, None when missing, or the reason it is refused (returned, not
        raised, because one refusal may stand for many rows)."""
        if raw is None:
            return None
        key = raw if type(raw) is str else (type(raw), raw)  # keeps 1, 1.0 and True apart
        try:
            return self.cache[key]
        except KeyError:
            pass
        try:
            result: Parsed = parse_value(self.kind, raw, self.max_points)
        except InvalidValue as exc:
            result = exc.with_traceback(None)
        if len(self.cache) < CACHE_LIMIT:
            self.cache[key] = result
        return result


@dataclass(slots=True)
class Leaf:
    """A valid leaf as the scores check sees it."""

    code: str
    kind: str
    max_points: Decimal
    parser: ValueParser


@dataclass
class SchemeIndex:
    """The checked scheme; ``known`` is None when the table could not be read at all."""

    indicators: list[BundleIndicator] = field(default_factory=list)
    known: set[str] | None = None
    leaves: dict[str, Leaf] = field(default_factory=dict)
    sections: set[str] = field(default_factory=set)


@dataclass
class _Tree:
    """What the rows read so far say about the tree (for parent and leaf checks)."""

    every: set[str]
    kinds: dict[str, str | None] = field(default_factory=dict)
    parent_of: dict[str, str | None] = field(default_factory=dict)
    rows: dict[str, Row] = field(default_factory=dict)
    leaf_parents: list[str] = field(default_factory=list)


def check_indicators(table: RawTable | None, problems: list[Problem]) -> SchemeIndex:
    """Every indicator row checked; then every section must hold at least one leaf."""
    if table is None:
        return SchemeIndex()
    rows = list(table.data_rows())
    tree = _Tree({c for row in rows if (c := _code_or_none(row))})
    index = SchemeIndex(known=tree.every)
    before = len(problems)
    for row in rows:
        node = _indicator(row, tree, problems)
        if node is not None:
            index.indicators.append(node)
    _check_sections(tree, problems)
    if len(problems) == before:
        _check_section_maxima(index.indicators, tree, problems)
    index.sections = {c for c, kind in tree.kinds.items() if kind == SECTION}
    index.leaves = _leaves(index.indicators)
    return index


def _leaves(indicators: list[BundleIndicator]) -> dict[str, Leaf]:
    parsers: dict[tuple[str, Decimal], ValueParser] = {}
    leaves: dict[str, Leaf] = {}
    for i in indicators:
        if i.kind != SECTION and i.max_points is not None:
            key = (i.kind, i.max_points)
            parser = parsers.get(key)
            if parser is None:
                parser = parsers[key] = ValueParser(*key)
            leaves[i.code] = Leaf(i.code, i.kind, i.max_points, parser)
    return leaves


def _code_or_none(row: Row) -> str | None:
    try:
        return cells.code(row.get("code"))
    except InvalidValue:
        return None


def _indicator(row: Row, tree: _Tree, problems: list[Problem]) -> BundleIndicator | None:
    before = len(problems)
    code = row.take("code", cells.code, problems, required=True)
    name = row.take("name", cells.text, problems, required=True)
    kind = row.take("kind", _kind, problems, required=True)
    parent = row.take("parent", cells.code, problems)
    guidance = row.take("guidance", cells.text, problems)
    if parent is not None:
        _check_parent(row, code, parent, tree, problems)
    max_points, target = _limits(row, kind, problems)
    if code is not None:
        _register(row, code, kind, parent, tree, problems)
    if len(problems) > before or code is None or name is None or kind is None:
        return None
    return BundleIndicator(code, name, kind, parent, max_points, target, guidance)


def _kind(raw: object) -> str:
    kind = cells.plain(raw).strip().lower()
    if kind not in KINDS:
        raise InvalidValue(
            f"loại «{cells.plain(raw)}» không hợp lệ (dùng: {', '.join(KINDS)})",
            f"kind «{cells.plain(raw)}» is not valid (use: {', '.join(KINDS)})",
        )
    return kind


def _check_parent(
    row: Row, code: str | None, parent: str, tree: _Tree, problems: list[Problem]
) -> None:
    """A parent must be a section that appears before the child (INTERFACES.md §1)."""
    if parent == code:
        vi, en = (
            f"«{parent}» không thể là mục cha của chính nó",
            f"«{parent}» cannot be its own parent",
        )
    elif parent not in tree.every:
        vi, en = f"không có mục cha mã «{parent}»", f"there is no parent with code «{parent}»"
    elif parent not in tree.kinds:
        vi = f"mục cha «{parent}» phải đứng trước các mục con của nó"
        en = f"the parent «{parent}» must come before its children"
    elif tree.kinds[parent] not in (SECTION, None):
        vi = f"mục cha «{parent}» là chỉ tiêu loại «{tree.kinds[parent]}», không phải phần/mục (section)"
        en = f"the parent «{parent}» is of kind «{tree.kinds[parent]}», not a section"
    else:
        return
    problems.append(row.problem("parent", vi, en))


def _limits(
    row: Row, kind: str | None, problems: list[Problem]
) -> tuple[Decimal | None, Decimal | None]:
    """max_points (required and > 0 for every leaf) and target (only, and required, for target)."""
    leaf = kind in LEAF_KINDS
    max_points = row.take("max_points", parse_number, problems, required=leaf)
    if max_points is not None and (max_points < 0 or (leaf and max_points == 0)):
        low_vi, low_en = ("lớn hơn 0", "more than 0") if leaf else ("từ 0 trở lên", "0 or more")
        problems.append(
            row.problem(
                "max_points",
                f"điểm tối đa {fmt(max_points)} phải {low_vi}",
                f"the maximum {fmt(max_points)} must be {low_en}",
            )
        )
    target = row.take("target", parse_number, problems, required=kind == TARGET)
    if target is not None and kind != TARGET and kind is not None:
        problems.append(
            row.problem(
                "target",
                f"chỉ tiêu loại «{kind}» không dùng mục tiêu (target); chỉ loại target mới có",
                f"an indicator of kind «{kind}» has no target; only kind target has one",
            )
        )
    elif target is not None and target <= 0:
        problems.append(
            row.problem(
                "target",
                f"mục tiêu {fmt(target)} phải lớn hơn 0",
                f"the target {fmt(target)} must be more than 0",
            )
        )
    return max_points, target


def _register(
    row: Row, code: str, kind: str | None, parent: str | None, tree: _Tree, problems: list[Problem]
) -> None:
    if code in tree.kinds:
        problems.append(duplicate_code(row, "code", code, tree.rows[code].where("code")))
        return
    known_parent = parent if parent in tree.kinds else None
    tree.kinds[code] = kind
    tree.rows[code] = row
    tree.parent_of[code] = known_parent
    # A row whose kind could not be read counts as a leaf: its own problem says enough.
    if kind != SECTION and known_parent is not None:
        tree.leaf_parents.append(known_parent)


def duplicate_code(row: Row, column: str, code: str, first: str) -> Problem:
    return row.problem(
        column,
        f"mã «{code}» bị trùng (đã có ở {first})",
        f"code «{code}» is duplicated (already at {first})",
    )


def _check_sections(tree: _Tree, problems: list[Problem]) -> None:
    """A section with no leaf beneath it (at any depth) could never score anything."""
    holding: set[str] = set()
    for parent in tree.leaf_parents:
        node: str | None = parent
        while node is not None and node not in holding:
            holding.add(node)
            node = tree.parent_of.get(node)
    for code, kind in tree.kinds.items():
        if kind == SECTION and code not in holding:
            problems.append(
                tree.rows[code].problem(
                    "code",
                    f"phần/mục «{code}» không có chỉ tiêu nào",
                    f"section «{code}» holds no indicator",
                )
            )


def _check_section_maxima(
    indicators: list[BundleIndicator], tree: _Tree, problems: list[Problem]
) -> None:
    """A section's max_points is optional, but when given it must be what the rules compute
    (the sum of its base leaves' maxima), so that no two places show different maxima."""
    sums: dict[str, Decimal] = {i.code: Decimal(0) for i in indicators if i.kind == SECTION}
    for leaf in indicators:
        if leaf.kind in BASE_KINDS and leaf.max_points is not None:
            node = leaf.parent
            while node is not None:
                sums[node] += leaf.max_points
                node = tree.parent_of.get(node)
    for section in indicators:
        given = section.max_points
        if section.kind == SECTION and given is not None and given != sums[section.code]:
            problems.append(
                tree.rows[section.code].problem(
                    "max_points",
                    f"điểm tối đa của phần/mục là {fmt(given)} nhưng tổng điểm tối đa các chỉ tiêu cơ bản bên trong là {fmt(sums[section.code])}",
                    f"the section's maximum is {fmt(given)} but its base indicators' maxima add up to {fmt(sums[section.code])}",
                )
            )

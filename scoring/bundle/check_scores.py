"""Checking the ``scores`` and ``votes`` tables.

``scores`` may hold a million rows, so its loop reads cells by index, looks
codes up in dicts built once, and parses each distinct value once per kind and
maximum (``ValueParser`` remembers); codes in the result are the federation table's and
indicator table's own string objects, which also keeps memory down.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from scoring.engine.problems import InvalidValue, Problem

from . import cells
from .check_members import Members
from .check_scheme import Leaf, SchemeIndex
from .model import BundleScore, BundleVote
from .raw import Cells, RawTable, is_blank_row, missing_cell

COLUMNS = ("federation", "indicator", "value", "self_value", "note")
_MISS = object()


def check_scores(
    table: RawTable | None, members: Members, scheme: SchemeIndex, problems: list[Problem]
) -> list[BundleScore]:
    """One row per (federation, indicator) at most; values within the indicator's range.

    The loop tries the common case first (cells that are exactly a known code, a
    value already seen) and falls back to the careful helpers for anything else.
    """
    if table is None:
        return []
    cells_of, width = _getter(table)
    federations = members.federation_codes or {}
    check_federation = members.federation_codes is not None
    leaves = scheme.leaves
    seen: dict[str, dict[str, int]] = {}
    scores: list[BundleScore] = []
    append = scores.append
    for line, row in table.rows:
        if len(row) < width:
            row = (*row, *([None] * (width - len(row))))
        fed_raw, ind_raw, value_raw, self_raw, note_raw = cells_of(row)
        federation = federations.get(fed_raw) if check_federation else None
        leaf = leaves.get(ind_raw)
        if federation is None or leaf is None:
            fed_code, ind_code = _code_text(fed_raw), _code_text(ind_raw)
            if not fed_code and not ind_code and is_blank_row(row):
                continue
            federation = _federation(table, line, fed_code, members, problems)
            leaf = _leaf(table, line, ind_code, scheme, problems)
            if leaf is None:
                continue
        before = len(problems)
        cache = leaf.parser.cache
        value = cache.get(value_raw, _MISS) if type(value_raw) is str else _MISS
        if value is _MISS:
            value = leaf.parser.value(value_raw)
        self_value = cache.get(self_raw, _MISS) if type(self_raw) is str else _MISS
        if self_value is _MISS:
            self_value = leaf.parser.value(self_raw)
        if type(value) is InvalidValue or type(self_value) is InvalidValue:
            _refused(table, line, value, self_value, problems)
        note = None
        if note_raw is not None and note_raw != "":
            note = _note(table, line, note_raw, problems)
        if federation is None:
            continue
        lines = seen.get(federation)
        if lines is None:
            lines = seen[federation] = {}
        if leaf.code in lines:
            problems.append(_duplicate(table, line, federation, leaf.code, lines[leaf.code]))
        else:
            lines[leaf.code] = line
        if len(problems) == before:
            append(BundleScore(federation, leaf.code, value, self_value, note))  # type: ignore[arg-type]
    return scores


def _getter(table: RawTable) -> tuple[Callable[[Cells], tuple[Any, ...]], int]:
    """Reads the five score columns of a row at once; an absent optional column reads
    as the padding cell just past the last column that exists."""
    present = [table.columns[c] for c in COLUMNS if c in table.columns]
    pad = max(present) + 1
    indexes = [table.columns.get(c, pad) for c in COLUMNS]
    return itemgetter(*indexes), max(indexes) + 1


def _code_text(raw: object) -> str:
    if type(raw) is str:
        return raw.strip()
    return "" if raw is None else cells.plain(raw).strip()


def _federation(
    table: RawTable, line: int, code: str, members: Members, problems: list[Problem]
) -> str | None:
    if not code:
        problems.append(missing_cell(table.where(line, "federation"), "federation"))
        return None
    known = members.federation_codes
    if known is None:
        return code
    found = known.get(code)
    if found is None:
        problems.append(
            Problem(
                table.where(line, "federation"),
                f"không có đơn vị mã «{code}»",
                f"there is no federation with code «{code}»",
            )
        )
    return found


def _leaf(
    table: RawTable, line: int, code: str, scheme: SchemeIndex, problems: list[Problem]
) -> Leaf | None:
    leaf = scheme.leaves.get(code)
    if leaf is not None:
        return leaf
    where = table.where(line, "indicator")
    if not code:
        problems.append(missing_cell(where, "indicator"))
    elif code in scheme.sections:
        problems.append(
            Problem(
                where,
                f"«{code}» là phần/mục, không phải chỉ tiêu để chấm điểm",
                f"«{code}» is a section, not an indicator that takes a score",
            )
        )
    elif scheme.known is not None and code not in scheme.known:
        problems.append(
            Problem(
                where, f"không có chỉ tiêu mã «{code}»", f"there is no indicator with code «{code}»"
            )
        )
    # otherwise the indicator's own row is wrong and already reported
    return None


def _refused(
    table: RawTable, line: int, value: object, self_value: object, problems: list[Problem]
) -> None:
    for column, result in (("value", value), ("self_value", self_value)):
        if isinstance(result, InvalidValue):
            problems.append(result.at(table.where(line, column)))


def _note(table: RawTable, line: int, raw: object, problems: list[Problem]) -> str | None:
    if raw is None or raw == "":
        return None
    try:
        return cells.note_text(raw)
    except InvalidValue as exc:
        problems.append(exc.at(table.where(line, "note")))
        return None


def _duplicate(table: RawTable, line: int, federation: str, indicator: str, first: int) -> Problem:
    return Problem(
        table.where(line, "indicator"),
        f"đơn vị «{federation}» đã có điểm chỉ tiêu «{indicator}» (đã có ở {table.where(first, 'indicator')})",
        f"federation «{federation}» already has a score for «{indicator}» (already at {table.where(first, 'indicator')})",
    )


def check_votes(
    table: RawTable | None, members: Members, problems: list[Problem]
) -> list[BundleVote]:
    """One row per federation; 0 ≤ votes ≤ voters, and at least one voter."""
    if table is None:
        return []
    votes: list[BundleVote] = []
    first: dict[str, str] = {}
    for row in table.data_rows():
        before = len(problems)
        federation = row.take("federation", cells.code, problems, required=True)
        count = row.take("votes", cells.whole_number, problems, required=True)
        voters = row.take("voters", _voters, problems, required=True)
        known = members.federation_codes
        if federation is not None and known is not None and federation not in known:
            problems.append(
                row.problem(
                    "federation",
                    f"không có đơn vị mã «{federation}»",
                    f"there is no federation with code «{federation}»",
                )
            )
        elif federation is not None and federation in first:
            problems.append(
                row.problem(
                    "federation",
                    f"đơn vị «{federation}» đã có số phiếu (đã có ở {first[federation]})",
                    f"federation «{federation}» already has votes (already at {first[federation]})",
                )
            )
        elif federation is not None:
            first[federation] = row.where("federation")
        if count is not None and voters is not None and count > voters:
            problems.append(
                row.problem(
                    "votes",
                    f"số phiếu {count} lớn hơn số người bỏ phiếu {voters}",
                    f"{count} votes is more than the {voters} voters",
                )
            )
        if len(problems) == before and federation and count is not None and voters:
            votes.append(BundleVote(federation, count, voters))
    return votes


def _voters(raw: object) -> int:
    """A ballot without voters gives no vote share, so at least one voter is required."""
    return cells.whole_number(raw, minimum=1)

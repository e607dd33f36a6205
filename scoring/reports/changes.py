"""From an uploaded template to proposed changes, or every problem with its cell.

Pure: values are judged by the engine's ``parse_value`` (the same rules as
the web grid and the API), compared with what is stored now and with what
the template held when it was downloaded. A cell the person did not touch is
never proposed, even if someone changed it online since (their change
stands); a cell both changed is proposed and marked, so the preview can say
so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scoring.engine.problems import InvalidValue, Problem
from scoring.engine.values import fmt, parse_value

from .template import NO, NOTE_MAX, YES
from .upload import TemplateReading, UploadedCell

FIELD_WORDS = {
    "value": ("điểm cụm chấm", "cluster score"),
    "self_value": ("điểm tự chấm", "self score"),
    "note": ("ghi chú", "note"),
}
Stored = Decimal | str | None


@dataclass(frozen=True)
class Leaf:
    code: str
    name: str
    kind: str
    max_points: Decimal | None


@dataclass(frozen=True)
class Change:
    federation: str
    federation_name: str
    indicator: str
    indicator_name: str
    field: str
    kind: str
    old: Stored
    new: Stored
    where: str
    overrides: bool  # someone else changed this cell after the template was downloaded

    def shown(self, which: str) -> str:
        return show(self.kind, self.field, self.old if which == "old" else self.new)


def show(kind: str, field: str, value: Stored) -> str:
    """A value as a person reads it in the preview: 12,5 · có · (trống)."""
    if value is None:
        return "(trống)"
    if isinstance(value, str):
        return value
    if kind == "yesno" and field != "note":
        return YES if value else NO
    return fmt(value).replace(".", ",")


def note_value(raw: Any) -> str | None:
    """A note as stored: text, numbers as typed, empty as missing."""
    if raw is None:
        return None
    text = (
        fmt(Decimal(str(raw)))
        if isinstance(raw, int | float) and not isinstance(raw, bool)
        else str(raw)
    )
    text = text.strip()
    if len(text) > NOTE_MAX:
        raise InvalidValue(
            f"ghi chú dài {len(text)} ký tự; tối đa {NOTE_MAX}",
            f"the note has {len(text)} characters; at most {NOTE_MAX}",
        )
    return text or None


def propose(
    reading: TemplateReading,
    members: Mapping[str, str],
    leaves: Mapping[str, Leaf],
    sections: set[str],
    current: Mapping[tuple[str, str, str], Stored],
    order: Mapping[str, int],
) -> tuple[list[Change], list[Problem]]:
    """The changes the upload proposes and the problems found, each problem with its cell.

    ``members`` maps the cluster's federation codes to names, ``current`` holds
    the stored values by (federation, indicator, field), ``order`` the
    display position of every federation and indicator code.
    """
    problems = list(reading.problems)
    changes: list[Change] = []
    reported: set[str] = set()
    for cell in reading.cells:
        if cell.federation not in members:
            _once(problems, reported, f"f:{cell.federation}", _not_member(cell))
            continue
        if cell.indicator not in leaves:
            if cell.indicator not in sections:
                _once(problems, reported, f"i:{cell.indicator}", _unknown_indicator(cell))
            elif cell.raw is not None and str(cell.raw).strip():
                problems.append(_section_value(cell))
            continue
        leaf = leaves[cell.indicator]
        try:
            new = _parse(leaf, cell.field, cell.raw)
        except InvalidValue as exc:
            problems.append(_invalid(cell, leaf, members[cell.federation], exc))
            continue
        key = (cell.federation, cell.indicator, cell.field)
        original = _original(leaf, cell.field, reading.originals.get(key))
        now = current.get(key)
        if new in (original, now):
            continue  # untouched (someone else's later change stands) or already so
        changes.append(
            Change(
                cell.federation, members[cell.federation], leaf.code, leaf.name, cell.field,
                leaf.kind, now, new, cell.where, overrides=now != original,
            )
        )  # fmt: skip
    changes.sort(key=lambda c: (order.get(c.federation, 0), order.get(c.indicator, 0), c.field))
    return changes, problems


def _parse(leaf: Leaf, field: str, raw: Any) -> Stored:
    if field == "note":
        return note_value(raw)
    return parse_value(leaf.kind, raw, leaf.max_points)


def _original(leaf: Leaf, field: str, raw: Any) -> Stored:
    try:
        return _parse(leaf, field, raw)
    except InvalidValue:
        return None


def _once(problems: list[Problem], reported: set[str], key: str, problem: Problem) -> None:
    if key not in reported:
        reported.add(key)
        problems.append(problem)


def _invalid(cell: UploadedCell, leaf: Leaf, name: str, exc: InvalidValue) -> Problem:
    vi_field, en_field = FIELD_WORDS[cell.field]
    return Problem(
        cell.where,
        f"{exc.vi} ({name}, tiêu chí {leaf.code}, {vi_field})",
        f"{exc.en} ({name}, indicator {leaf.code}, {en_field})",
    )


def _not_member(cell: UploadedCell) -> Problem:
    return Problem(
        cell.where,
        f"cột này của đơn vị mã {cell.federation}, không thuộc cụm; hãy tải mẫu mới",
        f"this column belongs to {cell.federation}, not a member of the cluster; download a new template",
    )


def _unknown_indicator(cell: UploadedCell) -> Problem:
    return Problem(
        cell.where,
        f"mã tiêu chí «{cell.indicator}» không có trong bảng tiêu chí; hãy tải mẫu mới",
        f"indicator «{cell.indicator}» is not in the scheme; download a new template",
    )


def _section_value(cell: UploadedCell) -> Problem:
    return Problem(
        cell.where,
        f"{cell.indicator} là một phần (mục) của bảng tiêu chí, không nhận điểm",
        f"{cell.indicator} is a section and takes no score",
    )

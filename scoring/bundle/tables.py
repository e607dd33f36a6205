"""The step both readers share: raw tables -> a checked ``PeriodBundle``, or every problem.

INTERFACES.md §1 asks that the whole bundle be checked before anything is
written and that every problem be reported at once, each located. So every
table is checked even after problems are found elsewhere; a table that is
missing or lacks a required column is reported once, and references to it are
then not checked (they would only repeat the same problem many times).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from scoring.engine.problems import Problem, ProblemsFound

from .check_members import check_members
from .check_rules import check_awards, check_settings
from .check_scheme import check_indicators
from .check_scores import check_scores, check_votes
from .layout import REQUIRED_COLUMNS
from .model import REQUIRED_TABLES, TABLES, PeriodBundle
from .raw import RawTable


def validate_tables(
    tables: Mapping[str, RawTable],
    missing: Callable[[str], Problem],
    reading: Sequence[Problem] = (),
) -> PeriodBundle:
    """Check every table and build the bundle; raise ``ProblemsFound`` with all problems.

    ``tables`` maps table names (``scores``...) to what a reader found;
    ``missing(name)`` says, in the reader's terms, why a required table is absent;
    ``reading`` holds what the reader itself met (e.g. two files for one table).
    """
    found: dict[str, list[Problem]] = {name: [] for name in TABLES}
    usable: dict[str, RawTable] = {}
    for name in TABLES:
        table = tables.get(name)
        if table is None:
            if name in REQUIRED_TABLES:
                found[name].append(missing(name))
        elif _has_columns(table, found[name]):
            usable[name] = table
    scheme = check_indicators(usable.get("indicators"), found["indicators"])
    members = check_members(usable.get("clusters"), usable.get("federations"), found)
    sections = scheme.sections if scheme.known is not None else None
    settings = check_settings(usable.get("settings"), sections, found["settings"])
    scores = check_scores(usable.get("scores"), members, scheme, found["scores"])
    votes = check_votes(usable.get("votes"), members, found["votes"])
    awards = check_awards(usable.get("awards"), found["awards"])
    problems = [*reading]
    problems += [p for name in TABLES for p in _with_reading(tables.get(name), found[name])]
    if problems or settings is None:
        raise ProblemsFound(problems)
    return PeriodBundle(
        settings, members.clusters, members.federations, scheme.indicators, scores, votes, awards
    )


def _has_columns(table: RawTable, problems: list[Problem]) -> bool:
    """A table without a required column cannot be read row by row: one problem, then skip."""
    absent = [c for c in REQUIRED_COLUMNS[table.name] if c not in table.columns]
    for column in absent:
        problems.append(
            Problem(
                table.where(table.header_row),
                f"thiếu cột «{column}» ở dòng tiêu đề",
                f"the header row has no column «{column}»",
            )
        )
    return not absent


def _with_reading(table: RawTable | None, checked: list[Problem]) -> list[Problem]:
    """What the reader met (a repeated column, a broken file) comes before the rows' problems."""
    return [*table.problems, *checked] if table is not None else checked

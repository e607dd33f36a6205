"""Checking the ``settings`` (key/value) and ``awards`` tables (SCORING.md §3–§7).

The small setting languages (tie-breakers, bands, national method, bonus cap)
are parsed by ``engine.settings``; here they are only located and collected.
An unknown setting key is a problem rather than ignored: a misspelt
``tie_breakers`` would otherwise silently change the rankings.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from scoring.engine.problems import InvalidValue, Problem
from scoring.engine.settings import (
    parse_bands,
    parse_cap,
    parse_national_method,
    parse_tie_breakers,
)
from scoring.engine.types import SCOPES
from scoring.engine.values import fmt, is_blank, parse_number

from . import cells
from .layout import SETTING_KEYS
from .model import BundleAward, BundleSettings
from .raw import RawTable, Row, T

TITLE_LENGTH = 500
YEARS = range(1900, 10000)


def check_settings(
    table: RawTable | None, section_codes: set[str] | None, problems: list[Problem]
) -> BundleSettings | None:
    """The period's settings; ``section_codes`` (None: unknown) checks ``section:CODE``."""
    if table is None:
        return None
    values = _KeyValues(_rows_by_key(table, problems), problems)
    if "year" not in values.rows:
        problems.append(
            Problem(table.where(), "thiếu khóa «year» (năm thi đua)", "the key «year» is missing")
        )
    year = values.get("year", _year, required=True)
    settings = BundleSettings(
        year=year or 0,
        title=values.get("title", _title),
        deadline=values.get("deadline", cells.day),
        bonus_cap=values.get("bonus_cap", parse_cap),
        tie_breakers=values.get(
            "tie_breakers", lambda raw: parse_tie_breakers(cells.plain(raw), section_codes)
        )
        or (),
        national_method=values.get("national_method", _method) or "raw",
        bands=values.get("bands", lambda raw: parse_bands(cells.plain(raw))) or (),
    )
    return settings if year is not None else None


class _KeyValues:
    """The ``value`` cells of the settings rows, parsed by key and located on failure."""

    def __init__(self, rows: dict[str, Row], problems: list[Problem]) -> None:
        self.rows = rows
        self.problems = problems

    def get(
        self, key: str, parse: Callable[[object], T | None], required: bool = False
    ) -> T | None:
        row = self.rows.get(key)
        if row is None:
            return None
        return row.take("value", parse, self.problems, required=required)


def _rows_by_key(table: RawTable, problems: list[Problem]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for row in table.data_rows():
        key = row.take("key", _key, problems, required=True)
        if key is None:
            continue
        if key not in SETTING_KEYS:
            problems.append(
                row.problem(
                    "key",
                    f"khóa «{key}» không có (các khóa: {', '.join(SETTING_KEYS)})",
                    f"there is no key «{key}» (the keys: {', '.join(SETTING_KEYS)})",
                )
            )
        elif key in rows:
            problems.append(
                row.problem(
                    "key",
                    f"khóa «{key}» bị lặp (đã có ở {rows[key].where('key')})",
                    f"the key «{key}» is repeated (already at {rows[key].where('key')})",
                )
            )
        else:
            rows[key] = row
    return rows


def _key(raw: object) -> str:
    return cells.plain(raw).strip().lower()


def _year(raw: object) -> int:
    try:
        year = cells.whole_number(raw)
    except InvalidValue:
        year = -1
    if year not in YEARS:
        raise InvalidValue(
            f"năm «{cells.plain(raw)}» không hợp lệ (ví dụ 2023)",
            f"the year «{cells.plain(raw)}» is not valid (e.g. 2023)",
        )
    return year


def _title(raw: object) -> str | None:
    return cells.text(raw, TITLE_LENGTH)


def _method(raw: object) -> str:
    return parse_national_method(cells.plain(raw))


def check_awards(table: RawTable | None, problems: list[Problem]) -> list[BundleAward]:
    """Award rules in priority order: exactly one of count and share each."""
    if table is None:
        return []
    awards: list[BundleAward] = []
    first: dict[str, str] = {}
    for row in table.data_rows():
        award = _award(row, problems)
        if award is None:
            continue
        if award.name in first:
            problems.append(
                row.problem(
                    "name",
                    f"hình thức khen thưởng «{award.name}» bị lặp (đã có ở {first[award.name]})",
                    f"the award «{award.name}» is repeated (already at {first[award.name]})",
                )
            )
        else:
            first[award.name] = row.where("name")
            awards.append(award)
    return awards


def _award(row: Row, problems: list[Problem]) -> BundleAward | None:
    before = len(problems)
    name = row.take("name", lambda raw: cells.text(raw, cells.NAME_LENGTH), problems, required=True)
    scope = row.take("scope", _scope, problems) or "cluster"
    count = row.take("count", lambda raw: cells.whole_number(raw, minimum=1), problems)
    share = row.take("share", lambda raw: cells.share(raw, allow_zero=False), problems)
    min_total = row.take("min_total", _min_total, problems, required=True)
    min_vote_share = row.take(
        "min_vote_share", lambda raw: cells.share(raw, allow_zero=True), problems
    )
    _check_quota(row, problems)
    if len(problems) > before or name is None or min_total is None:
        return None
    return BundleAward(name, min_total, scope, count, share, min_vote_share)


def _scope(raw: object) -> str:
    scope = cells.plain(raw).strip().lower()
    if scope not in SCOPES:
        raise InvalidValue(
            f"phạm vi «{cells.plain(raw)}» không hợp lệ (cluster hoặc national)",
            f"scope «{cells.plain(raw)}» is not valid (cluster or national)",
        )
    return scope


def _min_total(raw: object) -> Decimal:
    number = parse_number(raw)
    if number < 0:
        raise InvalidValue(
            f"tổng điểm tối thiểu {fmt(number)} phải từ 0 trở lên",
            f"the minimum total {fmt(number)} must be 0 or more",
        )
    return number


def _check_quota(row: Row, problems: list[Problem]) -> None:
    """Exactly one of count and share (SCORING.md §7)."""
    count, share = row.get("count"), row.get("share")
    has_count, has_share = not is_blank(count), not is_blank(share)
    if has_count and has_share:
        given = f"count «{cells.plain(count)}», share «{cells.plain(share)}»"
        problems.append(
            row.problem(
                "share",
                f"{given}: chỉ điền một trong hai cột count (số lượng) hoặc share (tỉ lệ), không cả hai",
                f"{given}: give only one of count and share, not both",
            )
        )
    elif not has_count and not has_share:
        problems.append(
            row.problem(
                "count",
                "cần điền count (số lượng) hoặc share (tỉ lệ)",
                "give a count or a share",
            )
        )

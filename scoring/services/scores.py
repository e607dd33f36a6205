"""Saving cluster scores all or nothing (the grid itself is in ``grid``).

``save_scores`` is the one way scores are written by people (the web grid, the
API and Excel uploads): it checks the lock, the codes, who may score whom, every
value, and then the cluster's ``version`` atomically, so two people saving at
once can never silently overwrite each other. Nothing is written unless
everything passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.bundle.cells import UNSTORABLE
from scoring.engine.problems import InvalidValue, Problem, ProblemsFound
from scoring.engine.types import SECTION
from scoring.engine.values import fmt, parse_value
from scoring.models import Cluster, Federation, Indicator, Period, Score

from . import audit, cache, permissions
from .errors import Forbidden, NotFound
from .grid import MemberFigures, cluster_figures
from .score_versions import ACTION, bump_version, require_version

NOTE_MAX = 2000
VERSION_MAX = 2**31 - 1  # the largest version the INTEGER column holds
# A save names each cell once; a cluster at national size has 50 members x 100 indicators.
MAX_ENTRIES = 50_000
FIELDS = ("value", "self_value", "note")
_Coded = TypeVar("_Coded", Federation, Indicator)


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()  # a field absent from the request: leave it as it is


@dataclass(frozen=True)
class ScoreEntry:
    """One cell as sent: ``value`` is always given (None or "" = missing)."""

    federation: str
    indicator: str
    value: object
    self_value: object = UNCHANGED
    note: object = UNCHANGED


@dataclass(frozen=True)
class SaveResult:
    version: int
    changed: int
    figures: dict[str, MemberFigures] = field(default_factory=dict)


def save_scores(
    session: Session,
    period: Period,
    cluster: Cluster,
    user: permissions.Actor,
    version: int,
    entries: list[ScoreEntry],
) -> SaveResult:
    """Write ``entries`` all or nothing, if ``version`` is still the cluster's version.

    Raises Locked, NotFound, Forbidden, ProblemsFound (every bad value) or
    Conflict (someone saved in between), each before anything is written.
    """
    permissions.require_open(period, cluster)
    if not permissions.writable_federation_ids(user, cluster):
        raise Forbidden(
            f"Bạn không có quyền chấm điểm {cluster.name}.",
            f"You may not enter scores for {cluster.name}.",
        )
    federations, indicators = _resolve(session, period, cluster, entries)
    for entry in entries:
        permissions.require_write_federation(user, cluster, federations[entry.federation])
    parsed = _parse_all(entries, federations, indicators)
    if not entries:
        require_version(session, cluster, version)
        return SaveResult(version, 0, cluster_figures(session, period, cluster))
    new_version = bump_version(session, period, cluster, version)
    rows = _apply(session, period, cluster, user, new_version, parsed, federations, indicators)
    if rows:
        audit.record_many(session, rows)
        cache.invalidate_rankings(session, period.id, [cluster.id])
    session.flush()
    return SaveResult(new_version, len(rows), cluster_figures(session, period, cluster))


def _resolve(
    session: Session, period: Period, cluster: Cluster, entries: list[ScoreEntry]
) -> tuple[dict[str, Federation], dict[str, Indicator]]:
    """The federations and indicators named by the entries; NotFound for unknown codes.
    Federations come from the cluster's members (already loaded to check who may write)
    unless an entry names someone else, who is then looked up to be refused by name."""
    wanted_f, wanted_i = {e.federation for e in entries}, {e.indicator for e in entries}
    members = {f.code: f for f in cluster.members}
    if wanted_f <= members.keys():
        federations = {code: members[code] for code in wanted_f}
    else:
        federations = _by_code(session, Federation, period, wanted_f)
    indicators = _by_code(session, Indicator, period, wanted_i)
    for found, wanted, vi, en in (
        (federations, wanted_f, "đơn vị", "federation"),
        (indicators, wanted_i, "tiêu chí", "indicator"),
    ):
        missing = sorted(wanted - found.keys())
        unknown = ", ".join(f"«{code}»" for code in missing)
        if missing:
            raise NotFound(
                f"Năm {period.year} không có {vi} mã {unknown}.",
                f"The {period.year} period has no {en} {unknown}.",
            )
    return federations, indicators


def _by_code(
    session: Session, model: type[_Coded], period: Period, codes: set[str]
) -> dict[str, _Coded]:
    if not codes:
        return {}
    rows = session.scalars(select(model).where(model.period_id == period.id, model.code.in_(codes)))
    return {row.code: row for row in rows}


@dataclass(frozen=True)
class _Parsed:
    federation: str
    indicator: str
    fields: dict[str, Decimal | str | None]  # only the fields given


def _parse_all(
    entries: list[ScoreEntry],
    federations: dict[str, Federation],
    indicators: dict[str, Indicator],
) -> list[_Parsed]:
    """Every entry parsed, or ProblemsFound listing every problem at once."""
    problems: list[Problem] = []
    parsed: list[_Parsed] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        where = f"{entry.federation} / {entry.indicator}"
        federation, indicator = federations[entry.federation], indicators[entry.indicator]
        if (entry.federation, entry.indicator) in seen:
            problems.append(Problem(where, "ô này được gửi hai lần", "this cell was sent twice"))
            continue
        seen.add((entry.federation, entry.indicator))
        if indicator.kind == SECTION:
            problems.append(_section_problem(where, federation, indicator))
            continue
        fields: dict[str, Decimal | str | None] = {}
        for name in FIELDS:
            raw = getattr(entry, name)
            if raw is UNCHANGED:
                continue
            try:
                fields[name] = _note(raw) if name == "note" else _number(indicator, raw)
            except InvalidValue as exc:
                problems.append(_located(where, name, federation, indicator, exc))
        parsed.append(_Parsed(entry.federation, entry.indicator, fields))
    if problems:
        raise ProblemsFound(problems)
    return parsed


def _number(indicator: Indicator, raw: object) -> Decimal | None:
    return parse_value(indicator.kind, raw, indicator.max_points, indicator.target)


def _note(raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidValue("ghi chú phải là văn bản", "the note must be text")
    text = raw.strip()
    if UNSTORABLE.search(text):
        raise InvalidValue(
            "ghi chú chứa ký tự điều khiển không lưu được; hãy xóa nó",
            "the note holds a control character that cannot be stored; remove it",
        )
    if len(text) > NOTE_MAX:
        raise InvalidValue(
            f"ghi chú dài {len(text)} ký tự; tối đa {NOTE_MAX}",
            f"the note has {len(text)} characters; at most {NOTE_MAX}",
        )
    return text or None


def _located(
    where: str, name: str, federation: Federation, indicator: Indicator, exc: InvalidValue
) -> Problem:
    if name == "note":
        return Problem(
            where,
            f"{federation.name}, tiêu chí {indicator.code}: {exc.vi}",
            f"{federation.name}, indicator {indicator.code}: {exc.en}",
        )
    label_vi, label_en = (
        ("điểm tự chấm", "self score") if name == "self_value" else ("điểm", "score")
    )
    return Problem(
        where,
        f"{federation.name}, tiêu chí {indicator.code} ({label_vi}): {exc.vi}",
        f"{federation.name}, indicator {indicator.code} ({label_en}): {exc.en}",
    )


def _section_problem(where: str, federation: Federation, indicator: Indicator) -> Problem:
    return Problem(
        where,
        f"{federation.name}: {indicator.code} là một phần (mục) của bảng tiêu chí, không nhận điểm; "
        "hãy nhập điểm cho các tiêu chí bên trong",
        f"{federation.name}: {indicator.code} is a section and takes no score; score its indicators",
    )


def _apply(
    session: Session,
    period: Period,
    cluster: Cluster,
    user: permissions.Actor,
    version: int,
    parsed: list[_Parsed],
    federations: dict[str, Federation],
    indicators: dict[str, Indicator],
) -> list[dict[str, Any]]:
    """Upsert the Score rows; returns one audit row per field that really changed."""
    fed_ids = {federations[p.federation].id for p in parsed}
    existing = {
        (s.federation_id, s.indicator_id): s
        for s in session.scalars(select(Score).where(Score.federation_id.in_(fed_ids)))
    }
    audit_rows: list[dict[str, Any]] = []
    for p in parsed:
        fed, ind = federations[p.federation], indicators[p.indicator]
        score = existing.get((fed.id, ind.id))
        for name, new in p.fields.items():
            old = getattr(score, name) if score is not None else None
            if old == new:
                continue
            if score is None:
                score = Score(period_id=period.id, federation_id=fed.id, indicator_id=ind.id)
                session.add(score)
            setattr(score, name, new)
            audit_rows.append(
                {
                    "username": user.username,
                    "action": ACTION,
                    "year": period.year,
                    "cluster": cluster.code,
                    "federation": fed.code,
                    "indicator": ind.code,
                    "before": _audit_text(old),
                    "after": _audit_text(new),
                    "detail": f"field={name} version={version}",
                }
            )
    return audit_rows


def _audit_text(value: Decimal | str | None) -> str | None:
    return fmt(value) if isinstance(value, Decimal) else value


def read_save_request(body: object) -> tuple[int, list[ScoreEntry]]:
    """``{"version": V, "scores": [{"federation", "indicator", "value", ...}]}`` as plain
    values, or ProblemsFound naming what is malformed (shared by the page and the API)."""
    if not isinstance(body, dict):
        raise ProblemsFound(
            [Problem("", "Yêu cầu phải là một đối tượng JSON.", "The body must be a JSON object.")]
        )
    problems: list[Problem] = []
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        problems.append(
            Problem(
                "version", "thiếu số phiên bản (số nguyên)", "the version (an integer) is missing"
            )
        )
    elif not 1 <= version <= VERSION_MAX:
        problems.append(
            Problem("version", "số phiên bản không hợp lệ", "the version is out of range")
        )
    scores = body.get("scores")
    if not isinstance(scores, list):
        problems.append(Problem("scores", "thiếu danh sách điểm", "the list of scores is missing"))
        scores = []
    if len(scores) > MAX_ENTRIES:
        raise ProblemsFound(
            [Problem("scores", f"{len(scores)} mục, nhiều hơn {MAX_ENTRIES} mục một lần lưu có thể có",
                     f"{len(scores)} entries, more than the {MAX_ENTRIES} a save may carry")]
        )  # fmt: skip
    entries = []
    for n, item in enumerate(scores):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("federation"), str)
            or not isinstance(item.get("indicator"), str)
            or "value" not in item
        ):
            problems.append(
                Problem(f"scores[{n}]", "cần federation, indicator và value",
                        "federation, indicator and value are required")
            )  # fmt: skip
            continue
        entries.append(
            ScoreEntry(
                federation=item["federation"].strip(),
                indicator=item["indicator"].strip(),
                value=item["value"],
                self_value=item.get("self_value", UNCHANGED),
                note=item.get("note", UNCHANGED),
            )
        )
    if problems:
        raise ProblemsFound(problems)
    return int(version), entries  # type: ignore[arg-type]

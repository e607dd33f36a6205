"""Cluster score entry: the grid a leader fills in, and saving it all or nothing.

``load_grid`` gathers what the score page shows (members across, indicators
down, every value, the engine's figures); ``save_scores`` is the one way scores
are written by people (the web grid and the API): it checks the lock, the
codes, who may score whom, every value, and then the cluster's ``version``
atomically, so two people saving at once can never silently overwrite each
other. Nothing is written unless everything passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from scoring.engine.problems import InvalidValue, Problem, ProblemsFound
from scoring.engine.totals import effective_bonus_cap, leaf_points
from scoring.engine.types import BASE_KINDS, SECTION, TARGET, YESNO
from scoring.engine.values import fmt, parse_value
from scoring.models import AuditEntry, Cluster, Federation, Indicator, Period, Score
from scoring.models.types import utcnow

from . import audit, cache, permissions
from .errors import Conflict, Forbidden, NotFound
from .rankings import number, standings_for

ACTION = "score.update"
NOTE_MAX = 2000
GAP = Decimal(2)  # |self − cluster| at or above this many points is worth a second look
FIELDS = ("value", "self_value", "note")
_DETAIL = re.compile(r"^field=(\w+) version=(\d+)$")
_Coded = TypeVar("_Coded", Federation, Indicator)
# "Liên hiệp các Hội KH&KT tỉnh Hà Giang" heads a narrow column as "tỉnh Hà Giang"
_UNION_PREFIX = re.compile(r"^Liên hiệp các Hội (KH&KT|Khoa học và Kỹ thuật)\s+", re.IGNORECASE)


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


@dataclass(frozen=True)
class GridMember:
    id: int
    code: str
    name: str
    is_leader: bool
    is_deputy: bool
    writable: bool
    short_name: str
    # why a column is read-only for this user: "deputy_enters", "leader_enters", "view_only"
    readonly_reason: str | None


@dataclass(frozen=True)
class GridRow:
    code: str
    name: str
    kind: str
    depth: int
    ancestors: tuple[str, ...]
    max_points: Decimal | None
    target: Decimal | None
    guidance: str | None
    has_base: bool  # a section with base leaves beneath it shows a subtotal
    allowed: tuple[str, str]  # what a cell accepts, in Vietnamese and English

    def allowed_text(self, lang: str = "vi") -> str:
        return self.allowed[1] if lang == "en" else self.allowed[0]


@dataclass(frozen=True)
class Cell:
    value: Decimal | None = None
    self_value: Decimal | None = None
    note: str | None = None
    gap: bool = False


@dataclass(frozen=True)
class MemberFigures:
    subtotals: dict[str, Decimal]
    base: Decimal
    bonus_raw: Decimal
    bonus: Decimal
    bonus_capped: bool
    penalty: Decimal
    total: Decimal
    rank: int | None
    complete: bool
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    members: list[GridMember]
    rows: list[GridRow]
    cells: dict[tuple[str, str], Cell]
    figures: dict[str, MemberFigures]
    version: int
    state: str
    open: bool
    bonus_cap: Decimal
    base_max: Decimal
    writable: frozenset[str]

    def cell(self, federation: str, indicator: str) -> Cell:
        return self.cells.get((federation, indicator), _EMPTY)

    @property
    def can_write(self) -> bool:
        return self.open and bool(self.writable)

    @property
    def incomplete(self) -> list[GridMember]:
        return [m for m in self.members if not self.figures[m.code].complete]


_EMPTY = Cell()


def get_cluster(session: Session, period: Period, code: str) -> Cluster:
    """The cluster ``code`` of ``period``, or NotFound."""
    cluster = session.scalar(
        select(Cluster).where(Cluster.period_id == period.id, Cluster.code == code)
    )
    if cluster is None:
        raise NotFound(
            f"Năm {period.year} không có cụm «{code}».",
            f"The {period.year} period has no cluster «{code}».",
        )
    return cluster


def load_grid(session: Session, period: Period, cluster: Cluster, user: permissions.Actor) -> Grid:
    """Everything the score grid shows; reading rights are the caller's to check."""
    standings = standings_for(session, period)
    scheme = standings.input.scheme
    indicators = session.scalars(
        select(Indicator).where(Indicator.period_id == period.id).order_by(Indicator.position)
    ).all()
    rows = [_row(i, scheme) for i in indicators]
    writable_ids = permissions.writable_federation_ids(user, cluster)
    members = [_member(f, cluster, user, f.id in writable_ids) for f in cluster.members]
    return Grid(
        members=members,
        rows=rows,
        cells=_cells(session, cluster, {r.code: r for r in rows}),
        figures=cluster_figures(session, period, cluster),
        version=cluster.version,
        state=cluster.state,
        open=not period.locked and cluster.state == "open",
        bonus_cap=effective_bonus_cap(scheme, standings.input.settings),
        base_max=scheme.base_max,
        writable=frozenset(m.code for m in members if m.writable),
    )


def _row(indicator: Indicator, scheme: Any) -> GridRow:
    ancestors = scheme.ancestors.get(indicator.code, ())
    return GridRow(
        code=indicator.code,
        name=indicator.name,
        kind=indicator.kind,
        depth=len(ancestors),
        ancestors=ancestors,
        max_points=scheme.section_max(indicator.code)
        if indicator.kind == SECTION
        else indicator.max_points,
        target=indicator.target,
        guidance=indicator.guidance,
        has_base=indicator.kind == SECTION
        and any(indicator.code in scheme.ancestors[leaf.code] for leaf in scheme.base_leaves),
        allowed=allowed_range(indicator.kind, indicator.max_points, indicator.target),
    )


def _member(f: Federation, cluster: Cluster, user: permissions.Actor, writable: bool) -> GridMember:
    reason = None
    if not writable:
        if user.role == "leader" and permissions.in_cluster(user, cluster):
            reason = "deputy_enters"
        elif user.role == "deputy" and permissions.in_cluster(user, cluster):
            reason = "leader_enters"
        else:
            reason = "view_only"
    return GridMember(
        id=f.id,
        code=f.code,
        name=f.name,
        is_leader=f.id == cluster.leader_id,
        is_deputy=f.id == cluster.deputy_id,
        writable=writable,
        short_name=_UNION_PREFIX.sub("", f.name) or f.name,
        readonly_reason=reason,
    )


def _cells(
    session: Session, cluster: Cluster, rows: dict[str, GridRow]
) -> dict[tuple[str, str], Cell]:
    found = session.execute(
        select(Federation.code, Indicator.code, Score.value, Score.self_value, Score.note)
        .join(Federation, Score.federation_id == Federation.id)
        .join(Indicator, Score.indicator_id == Indicator.id)
        .where(Federation.cluster_id == cluster.id)
    ).all()
    return {
        (fed, ind): Cell(value, self_value, note, _gap(rows.get(ind), value, self_value))
        for fed, ind, value, self_value, note in found
    }


def _gap(row: GridRow | None, value: Decimal | None, self_value: Decimal | None) -> bool:
    """Whether self and cluster assessments differ by GAP points or more."""
    if row is None or value is None or self_value is None or row.kind == SECTION:
        return False
    if row.kind in BASE_KINDS:
        top, target = row.max_points or Decimal(0), row.target
        gap = leaf_points(row.kind, self_value, top, target) - leaf_points(
            row.kind, value, top, target
        )
    else:
        gap = self_value - value
    return abs(gap) >= GAP


def cluster_figures(session: Session, period: Period, cluster: Cluster) -> dict[str, MemberFigures]:
    """Each member's figures from the engine (the only source of figures), by code."""
    result = standings_for(session, period).result
    ranks = {e.federation: e.rank for e in result.cluster_rankings.get(cluster.code, ())}
    figures = {}
    for member in cluster.members:
        t = result.totals[member.code]
        figures[member.code] = MemberFigures(
            subtotals=dict(t.subtotals),
            base=t.base,
            bonus_raw=t.bonus_raw,
            bonus=t.bonus,
            bonus_capped=t.bonus_capped,
            penalty=t.penalty,
            total=t.total,
            rank=ranks.get(member.code),
            complete=t.complete,
            missing=t.missing,
        )
    return figures


def figures_json(figures: dict[str, MemberFigures]) -> dict[str, dict[str, Any]]:
    """Figures as JSON numbers rounded to 2 places (as in the rankings document)."""
    return {
        code: {
            "sections": {s: number(v) for s, v in f.subtotals.items()},
            "base": number(f.base),
            "bonus_raw": number(f.bonus_raw),
            "bonus": number(f.bonus),
            "bonus_capped": f.bonus_capped,
            "penalty": number(f.penalty),
            "total": number(f.total),
            "rank": f.rank,
            "complete": f.complete,
            "missing": list(f.missing),
        }
        for code, f in figures.items()
    }


# --- saving ----------------------------------------------------------------------


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
    federations, indicators = _resolve(session, period, entries)
    for entry in entries:
        permissions.require_write_federation(user, cluster, federations[entry.federation])
    parsed = _parse_all(entries, federations, indicators)
    if not entries:
        _require_version(session, cluster, version)
        return SaveResult(version, 0, cluster_figures(session, period, cluster))
    new_version = _bump_version(session, period, cluster, version)
    rows = _apply(session, period, cluster, user, new_version, parsed, federations, indicators)
    if rows:
        audit.record_many(session, rows)
        cache.invalidate_rankings(session, period.id)
    session.flush()
    return SaveResult(new_version, len(rows), cluster_figures(session, period, cluster))


def _resolve(
    session: Session, period: Period, entries: list[ScoreEntry]
) -> tuple[dict[str, Federation], dict[str, Indicator]]:
    """The federations and indicators named by the entries; NotFound for unknown codes."""
    wanted_f, wanted_i = {e.federation for e in entries}, {e.indicator for e in entries}
    federations = _by_code(session, Federation, period, wanted_f)
    indicators = _by_code(session, Indicator, period, wanted_i)
    for found, wanted, vi, en in (
        (federations, wanted_f, "đơn vị", "federation"),
        (indicators, wanted_i, "tiêu chí", "indicator"),
    ):
        unknown = ", ".join(sorted(wanted - found.keys()))
        if unknown:
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
    return parse_value(indicator.kind, raw, indicator.max_points)


def _note(raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidValue("ghi chú phải là văn bản", "the note must be text")
    text = raw.strip()
    if len(text) > NOTE_MAX:
        raise InvalidValue(
            f"ghi chú dài {len(text)} ký tự; tối đa {NOTE_MAX}",
            f"the note has {len(text)} characters; at most {NOTE_MAX}",
        )
    return text or None


def allowed_range(kind: str, max_points: Decimal | None, target: Decimal | None) -> tuple[str, str]:
    """What an indicator of ``kind`` accepts, in Vietnamese and English (for messages and hints)."""
    top, aim = fmt(max_points or 0), fmt(target)
    if kind == YESNO:
        return ("có/đạt/x/1 hoặc không/không đạt/0", "yes (có, đạt, x, 1) or no (không, 0)")
    if kind == TARGET:
        return (
            f"số lượng từ 0 trở lên (chỉ tiêu {aim.replace('.', ',')})",
            f"a quantity of 0 or more (target {aim})",
        )
    return (f"từ 0 đến {top.replace('.', ',')} điểm", f"from 0 to {top} points")


def _located(
    where: str, name: str, federation: Federation, indicator: Indicator, exc: InvalidValue
) -> Problem:
    if name == "note":
        return Problem(
            where,
            f"{federation.name}, tiêu chí {indicator.code}: {exc.vi}",
            f"{federation.name}, indicator {indicator.code}: {exc.en}",
        )
    vi_range, en_range = allowed_range(indicator.kind, indicator.max_points, indicator.target)
    vi_range, en_range = f"; cho phép {vi_range}", f"; allowed: {en_range}"
    if indicator.kind == YESNO:  # the reason already lists the accepted words
        vi_range = en_range = ""
    label_vi, label_en = (
        ("điểm tự chấm", "self score") if name == "self_value" else ("điểm", "score")
    )
    return Problem(
        where,
        f"{federation.name}, tiêu chí {indicator.code} ({label_vi}): {exc.vi}{vi_range}",
        f"{federation.name}, indicator {indicator.code} ({label_en}): {exc.en}{en_range}",
    )


def _section_problem(where: str, federation: Federation, indicator: Indicator) -> Problem:
    return Problem(
        where,
        f"{federation.name}: {indicator.code} là một phần (mục) của bảng tiêu chí, không nhận điểm; "
        "hãy nhập điểm cho các tiêu chí bên trong",
        f"{federation.name}: {indicator.code} is a section and takes no score; score its indicators",
    )


def _require_version(session: Session, cluster: Cluster, version: int) -> None:
    current = session.scalar(select(Cluster.version).where(Cluster.id == cluster.id))
    if current != version:
        raise _conflict(session, cluster, version, current or 0)


def _bump_version(session: Session, period: Period, cluster: Cluster, version: int) -> int:
    """Take the next version atomically: only one of two concurrent savers can succeed."""
    result = session.execute(
        update(Cluster)
        .where(Cluster.id == cluster.id, Cluster.version == version, Cluster.state == "open")
        .values(version=Cluster.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(cluster)
        permissions.require_open(period, cluster)  # submitted in between: Locked
        raise _conflict(session, cluster, version, cluster.version)
    session.expire(cluster, ["version", "updated_at"])
    return version + 1


def _conflict(session: Session, cluster: Cluster, version: int, current: int) -> Conflict:
    changes = changes_since(session, cluster, version)
    return Conflict(
        f"Trong lúc bạn nhập, đã có người lưu bảng điểm {cluster.name} (phiên bản {version} → "
        f"{current}); chưa ghi gì của bạn. Hãy xem các thay đổi, tải lại bảng điểm rồi nhập lại.",
        f"Someone saved the scores of {cluster.name} while you were editing (version {version} → "
        f"{current}); nothing of yours was saved. Review the changes, reload and enter again.",
        current,
        changes,
    )


def changes_since(session: Session, cluster: Cluster, version: int) -> list[dict[str, Any]]:
    """What others changed in ``cluster`` after ``version``, one line per field, oldest first."""
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.period_year == cluster.period.year,
            AuditEntry.cluster_code == cluster.code,
            AuditEntry.action == ACTION,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1000)
    ).all()
    names = {f.code: f.name for f in cluster.members}
    merged: dict[tuple[str | None, str | None, str], dict[str, Any]] = {}
    for entry in reversed(entries):
        match = _DETAIL.match(entry.detail or "")
        if not match or int(match.group(2)) <= version:
            continue
        key = (entry.federation_code, entry.indicator_code, match.group(1))
        line = merged.setdefault(key, {"before": entry.before})
        line.update(
            federation=key[0], federation_name=names.get(key[0] or "", key[0]),
            indicator=key[1], field=key[2], after=entry.after,
            username=entry.username, at=entry.at.isoformat(),
        )  # fmt: skip
    return [line for line in merged.values() if line["before"] != line["after"]]


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
    scores = body.get("scores")
    if not isinstance(scores, list):
        problems.append(Problem("scores", "thiếu danh sách điểm", "the list of scores is missing"))
        scores = []
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

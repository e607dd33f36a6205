"""The HTTP API under ``/api/v1`` (INTERFACES.md §4): JSON in and out.

Callers are scripts and other systems, not browsers, so the API is
authenticated only by ``Authorization: Bearer TOKEN`` (tokens from ``scoring
create-token``); a session cookie is never looked at, which is also why the
blueprint needs no CSRF token. Permissions are the pages' own
(``scoring.services.permissions``); errors become ``{"error", "problems"}``
bodies in ``scoring.errors``. The OpenAPI document lives in ``api_schema``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Flask, Response, g, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scoring.database import current_session
from scoring.engine.problems import Problem, ProblemsFound
from scoring.extensions import csrf
from scoring.models import Cluster, Period, User
from scoring.services.accounts import user_for_token
from scoring.services.errors import DomainError
from scoring.services.grid import Grid, figures_json, load_grid
from scoring.services.lookups import get_period_and_cluster
from scoring.services.permissions import require_read_cluster
from scoring.services.rankings import (
    document_text,
    get_period,
    number,
    rankings_document,
    standings_for,
)
from scoring.services.scores import MAX_ENTRIES, ScoreEntry, read_save_request, save_scores

from .api_schema import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC = {"api.openapi"}  # describing the API reveals no data
BODY_KEYS = {"version", "scores"}
ENTRY_KEYS = {"federation", "indicator", "value", "self_value", "note"}


def register(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)


class Unauthenticated(DomainError):
    status = 401


class MalformedBody(DomainError):
    """The request body is not JSON of the documented shape: a 400 listing every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            "Nội dung yêu cầu không đúng dạng; chưa ghi gì.",
            "The request body is malformed; nothing was saved.",
        )
        self.problems = problems


def _db() -> Session:
    """The request's session (a scoped proxy, typed as the Session it stands for)."""
    return current_session()


@bp.before_request
def _authenticate() -> None:
    """Find the user behind the bearer token; anything else is a 401."""
    if request.endpoint in PUBLIC:
        return
    user = _token_user(request.headers.get("Authorization", ""))
    if user is None:
        raise Unauthenticated(
            "Cần mã truy cập hợp lệ: gửi tiêu đề «Authorization: Bearer MÃ» "
            "(tạo mã bằng lệnh «scoring create-token TÊN»).",
            "A valid token is required: send «Authorization: Bearer TOKEN» "
            "(make one with «scoring create-token NAME»).",
        )
    g.api_user = user


def _token_user(header: str) -> User | None:
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return user_for_token(_db(), token)


@bp.after_request
def _api_headers(response: Response) -> Response:
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="scoring"'
    response.headers.setdefault("Cache-Control", "no-store")  # scores are not for proxies
    return response


# --- reading -------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi() -> Any:
    """The OpenAPI document describing this API."""
    return jsonify(openapi_document())


@bp.get("/periods")
def periods() -> Any:
    """Every period, oldest first."""
    rows = (
        _db()
        .scalars(select(Period).options(selectinload(Period.clusters)).order_by(Period.year))
        .all()
    )
    return jsonify({"periods": [_period_json(p) for p in rows]})


def _period_json(period: Period) -> dict[str, Any]:
    return {
        "year": period.year,
        "title": period.title,
        "deadline": period.deadline.isoformat() if period.deadline else None,
        "locked": period.locked,
        "national_method": period.national_method,
        "clusters": len(period.clusters),
    }


@bp.get("/periods/<int:year>/rankings")
def rankings(year: int) -> Any:
    """The rankings document of INTERFACES.md §3, the same as ``scoring rankings --json``."""
    period = get_period(_db(), year)
    document = rankings_document(standings_for(_db(), period), period.national_method)
    # The command's own text (key order, UTF-8), not jsonify's sorted, ASCII-escaped one.
    return Response(document_text(document), mimetype="application/json")


@bp.get("/periods/<int:year>/clusters/<code>/scores")
def cluster_scores(year: int, code: str) -> Any:
    """A cluster's scores, with the ``version`` a later PUT must send back."""
    period, cluster = get_period_and_cluster(_db(), year, code)
    require_read_cluster(g.api_user, cluster)
    grid = load_grid(_db(), period, cluster, g.api_user)
    return jsonify(scores_document(period, cluster, grid))


def scores_document(period: Period, cluster: Cluster, grid: Grid) -> dict[str, Any]:
    """The grid as JSON: every member × leaf indicator (null when missing), in grid order."""
    leaves = [row for row in grid.rows if row.kind != "section"]
    return {
        "year": period.year,
        "cluster": cluster.code,
        "name": cluster.name,
        "version": grid.version,
        "state": grid.state,
        "locked": period.locked,
        "members": [
            {
                "federation": m.code,
                "name": m.name,
                "leader": m.is_leader,
                "deputy": m.is_deputy,
                "writable": grid.open and m.writable,
            }
            for m in grid.members
        ],
        "indicators": [
            {
                "code": row.code,
                "parent": row.ancestors[0] if row.ancestors else None,
                "name": row.name,
                "kind": row.kind,
                "max_points": number(row.max_points),
                "target": number(row.target),
            }
            for row in grid.rows
        ],
        "scores": [
            _cell_json(grid, member.code, row.code) for member in grid.members for row in leaves
        ],
        "figures": figures_json(grid.figures),
    }


def _cell_json(grid: Grid, federation: str, indicator: str) -> dict[str, Any]:
    cell = grid.cell(federation, indicator)
    return {
        "federation": federation,
        "indicator": indicator,
        "value": number(cell.value),
        "self_value": number(cell.self_value),
        "note": cell.note,
    }


# --- writing -------------------------------------------------------------------


@bp.put("/periods/<int:year>/clusters/<code>/scores")
def put_cluster_scores(year: int, code: str) -> Any:
    """Save scores all or nothing, if ``version`` is still current (else 409)."""
    period, cluster = get_period_and_cluster(_db(), year, code)
    version, entries = parse_put_body(_json_body())
    result = save_scores(_db(), period, cluster, g.api_user, version, entries)
    return jsonify(
        {
            "year": period.year,
            "cluster": cluster.code,
            "version": result.version,
            "changed": result.changed,
            "figures": figures_json(result.figures),
        }
    )


def _json_body() -> Any:
    """The body parsed as JSON whatever its Content-Type; a clear 400 when it is not JSON."""
    data = request.get_data(cache=True)
    if not data.strip():
        raise MalformedBody([Problem("", "thân yêu cầu trống", "the body is empty")])
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise MalformedBody(
            [Problem("", f"không phải JSON hợp lệ ({exc})", f"it is not valid JSON ({exc})")]
        ) from None


def parse_put_body(body: Any) -> tuple[int, list[ScoreEntry]]:
    """The shared reader of save requests, plus the API's refusal of unknown keys (a
    misspelt ``self_valu`` must not be silently dropped); shape problems are a 400."""
    problems = _extra_problems(body)
    try:
        version, entries = read_save_request(body)
    except ProblemsFound as found:
        raise MalformedBody(found.problems + problems) from None
    if problems:
        raise MalformedBody(problems)
    return version, entries


def _extra_problems(body: Any) -> list[Problem]:
    """Keys the API does not know (entries are looked at only up to the number a save
    may carry: beyond it, the save is refused as a whole)."""
    if not isinstance(body, dict):
        return []
    found = [("", sorted(set(body) - BODY_KEYS))]
    if isinstance(body.get("scores"), list) and len(body["scores"]) <= MAX_ENTRIES:
        found += [
            (f"scores[{n}]", sorted(set(item) - ENTRY_KEYS))
            for n, item in enumerate(body["scores"])
            if isinstance(item, dict)
        ]
    return [
        Problem(
            where, f"khóa không được biết: {', '.join(keys)}", f"unknown keys: {', '.join(keys)}"
        )
        for where, keys in found
        if keys
    ]


@bp.errorhandler(MalformedBody)
def _malformed(exc: MalformedBody) -> Any:
    """Like every API error body, with each shape problem listed."""
    body = {"error": exc.en, "error_vi": exc.vi, "problems": [p.as_dict() for p in exc.problems]}
    return jsonify(body), 400

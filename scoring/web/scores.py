"""The cluster score grid: a page to read and fill in, and the JSON save it calls.

The save answers JSON even for refusals (a 409 must carry the changes, a 422
every problem), because the grid's script, not a person, reads the answer;
``scoring.errors`` renders JSON only under /api/, so this view does it itself.
"""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint, Flask, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy.orm import Session

from scoring.database import current_session
from scoring.engine.problems import ProblemsFound, at_most
from scoring.services import permissions
from scoring.services.errors import Conflict, DomainError
from scoring.services.grid import figures_json, load_grid
from scoring.services.lookups import get_period_and_cluster
from scoring.services.scores import read_save_request, save_scores

bp = Blueprint("scores", __name__)


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def _db() -> Session:
    """The request's session (a scoped proxy, typed as the Session it stands for)."""
    return cast(Session, current_session())


@bp.get("/periods/<int:year>/clusters/<code>/scores")
def grid(year: int, code: str) -> Any:
    period, cluster = get_period_and_cluster(_db(), year, code)
    permissions.require_read_cluster(current_user, cluster)
    grid = load_grid(_db(), period, cluster, current_user)
    return render_template("scores/grid.html", period=period, cluster=cluster, grid=grid)


@bp.post("/periods/<int:year>/clusters/<code>/scores")
def save(year: int, code: str) -> Any:
    """Save the changed cells sent by the grid; JSON in, JSON out (CSRF by header)."""
    try:
        version, entries = read_save_request(request.get_json(silent=True))
        period, cluster = get_period_and_cluster(_db(), year, code)
        result = save_scores(_db(), period, cluster, current_user, version, entries)
    except (DomainError, ProblemsFound) as exc:
        return _refusal(exc)
    return jsonify(
        version=result.version, changed=result.changed, figures=figures_json(result.figures)
    )


def _refusal(exc: DomainError | ProblemsFound) -> Any:
    """A refusal as JSON with its status; the transaction is rolled back by the status."""
    if isinstance(exc, ProblemsFound):
        body: dict[str, Any] = {
            "error": "Some values are not valid; nothing was saved.",
            "error_vi": "Có giá trị chưa hợp lệ; chưa ghi gì.",
            "problems": [p.as_dict() for p in at_most(exc.problems)],
            "problem_count": len(exc.problems),  # the first 200 are listed
        }
        return jsonify(body), 422
    body = {"error": exc.en, "error_vi": exc.vi, "problems": []}
    if isinstance(exc, Conflict):
        body.update(exc.details())
    return jsonify(body), exc.status

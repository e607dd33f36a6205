"""``/health``: for load balancers and monitoring; answers without a session."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from scoring.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> ResponseReturnValue:
    """200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
        return jsonify({"status": "ok"}), 200
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return jsonify({"status": "database unavailable"}), 503
    finally:
        db.session.rollback()

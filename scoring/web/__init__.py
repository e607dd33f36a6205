"""Blueprints: each page answers one user's question; views load, authorize, call one service."""

from __future__ import annotations

from flask import Flask

from .health import bp as health_bp


def register_web(app: Flask) -> None:
    app.register_blueprint(health_bp)

"""The `scoring` web application: emulation-cluster scoring for VUSTA's provincial unions."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, commands. No other side effects.

    The imports live inside the factory on purpose: importing ``scoring.engine``
    (pure, used by tests and benchmarks) must not pull in the web layer.
    """
    from scoring import config as settings
    from scoring import database, errors
    from scoring.cli import register_commands
    from scoring.extensions import csrf, db
    from scoring.paths import resource_dir
    from scoring.web import register_web

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    os.makedirs(app.instance_path, exist_ok=True)  # holds the SQLite file and secret key
    app.config.update(settings.load(app.instance_path, config))
    db.init_app(app)
    csrf.init_app(app)
    database.configure(app)
    errors.register(app)
    register_web(app)
    register_commands(app)
    proxies = int(app.config.get("PROXIES", 0))
    if proxies:  # behind N reverse proxies: trust their X-Forwarded-* headers, no more
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    return app

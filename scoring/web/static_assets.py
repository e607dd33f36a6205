"""Static files cached by browsers for a year, under addresses that change with them.

Users may be on slow networks: without caching, every page asks again for the CSS and
scripts. Every ``url_for('static', ...)`` gets ``?v=`` and the first characters of the
file's SHA-256, so a new release is a new address and a cached copy is never stale.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask

YEAR = 365 * 24 * 3600


def register(app: Flask) -> None:
    if app.config.get("SEND_FILE_MAX_AGE_DEFAULT") is None:  # Flask's default: ask every time
        app.config["SEND_FILE_MAX_AGE_DEFAULT"] = YEAR
    folder = Path(app.static_folder or "")
    versions: dict[str, str] = {}

    def version(filename: str) -> str:
        found = versions.get(filename)
        if found is None:
            try:
                found = hashlib.sha256((folder / filename).read_bytes()).hexdigest()[:12]
            except OSError:  # a missing file: the address still works (and 404s)
                found = "0"
            versions[filename] = found
        return found

    @app.url_defaults
    def _versioned(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            values["v"] = version(values["filename"])

"""Static files cached by browsers for a year, under addresses that change with them.

Users may be on slow networks: without caching, every page asks again for the CSS and
scripts. Every ``url_for('static', ...)`` gets ``?v=`` and the first characters of the
file's SHA-256, so a new release is a new address and a cached copy is never stale.

Only an answer whose ``v`` is the file's own hash is cached for long: during an upgrade
behind a proxy an old host may be asked for a new address, and must not let browsers
keep its old file for a year. Downloads (reports, templates) are not static files and
keep their own headers.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

YEAR = 365 * 24 * 3600


def register(app: Flask) -> None:
    folder = Path(app.static_folder or "")
    versions: dict[str, str] = {}

    def version(filename: str) -> str:
        found = versions.get(filename)
        if found is None or app.debug:  # debug: edited files get new addresses at once
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

    @app.after_request
    def _cache_for_a_year(response: Response) -> Response:
        filename = str((request.view_args or {}).get("filename") or "")
        ours = request.endpoint == "static" and response.status_code == 200 and filename
        if ours and request.args.get("v") == version(filename):
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.no_cache = None
            response.expires = None
        return response

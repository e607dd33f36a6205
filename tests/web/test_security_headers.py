"""Headers every answer carries: no sniffing, no framing, a strict content policy (every
asset is the app's own), and HSTS when the app is served over HTTPS."""

from __future__ import annotations

from flask import Flask

from tests.conftest import PASSWORD


def test_pages_api_and_errors_carry_the_security_headers(sample_app: Flask, client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/login", "/no-such-page", "/api/v1/periods", "/health"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
        assert "Strict-Transport-Security" not in headers, path  # plain HTTP: no HSTS


def test_https_adds_strict_transport_security(sample_app: Flask) -> None:
    sample_app.config["SESSION_COOKIE_SECURE"] = True  # what SCORING_HTTPS=1 sets
    headers = sample_app.test_client().get("/login").headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000"


def test_static_files_are_addressed_by_their_content_and_cached_for_a_year(sample_app: Flask, client, accounts) -> None:  # type: ignore[no-untyped-def]
    import hashlib
    import re
    from pathlib import Path

    page = client.get("/login").text
    addresses = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert addresses and all("?v=" in a for a in addresses)
    css = next(a for a in addresses if "css/app.css" in a)
    content = (Path(sample_app.static_folder) / "css" / "app.css").read_bytes()
    assert css.endswith("?v=" + hashlib.sha256(content).hexdigest()[:12])  # a new file, a new address
    answer = client.get(css)
    assert answer.status_code == 200 and "max-age=31536000" in answer.headers["Cache-Control"]
    # another version's address (an upgrade half done behind a proxy) is not kept for long
    stale = client.get(css.split("?v=")[0] + "?v=000000000000")
    assert "max-age=31536000" not in stale.headers.get("Cache-Control", "")
    # downloads keep their own headers
    from tests.conftest import csrf_from

    token = csrf_from(client.get("/login").text)
    client.post("/login", data={"username": "committee", "password": PASSWORD, "csrf_token": token})
    report = client.get("/periods/2023/reports/council.xlsx")
    assert report.status_code == 200 and "max-age=31536000" not in report.headers.get("Cache-Control", "")

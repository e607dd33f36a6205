"""Browser fixtures: the real app served on loopback, driven by Chromium via Playwright.

Debian's Chromium is used (Playwright's own browser download cannot reach the
internet here). When ``SCORING_REQUIRE_BROWSER=1`` (as in CI) a missing browser
fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    wanted = os.environ.get("SCORING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return wanted if Path(wanted).exists() else None


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extras install it
        executable = None
    if executable is None:
        if os.environ.get("SCORING_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium or Playwright is missing but the browser tests are required")
        pytest.skip("Chromium is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(sample_app: Flask, accounts) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app with the sample and the test accounts, served on a free loopback port."""
    server = make_server("127.0.0.1", 0, sample_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server  # read by the tests to build addresses
    yield page
    context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save a screenshot of the walk (test-artifacts/screenshots/NAME.png); with
    SCORING_UPDATE_DOCS=1 also refresh the one the README shows (docs/screenshots)."""
    folders = [ARTIFACTS] + ([DOCS] if os.environ.get("SCORING_UPDATE_DOCS") == "1" else [])
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def sign_in(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()

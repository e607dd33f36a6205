"""The tested configuration for several hosts: two gunicorn servers (as two hosts
behind a proxy would be) on one database with one SECRET_KEY. A session signed
in on one works on the other, a save on one shows at once in the other's
rankings (each process caches rankings, keyed by the period's data version),
and both answer the health check. Requests alternate between the two, as a
round-robin proxy would send them.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_hosts(sample_app, accounts, database_url) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="shared-by-every-host", SCORING_PROXIES="1")
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             "scoring:create_app()"], env=env))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            for _ in range(150):
                try:
                    urllib.request.urlopen(url + "/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(20)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_two_hosts_share_sessions_and_fresh_figures(two_hosts):  # type: ignore[no-untyped-def]
    a, b = two_hosts
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def get(url: str) -> str:
        return browser.open(url, timeout=10).read().decode()

    def post(url: str, data: bytes, headers: dict[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            response = browser.open(request, timeout=10)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    for url in (a, b):
        assert json.loads(urllib.request.urlopen(url + "/health").read())["status"] == "ok"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', get(a + "/login")).group(1)
    status, _ = post(a + "/login", f"username=c1.leader&password={PASSWORD}&csrf_token={token}".encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 302
    # Host B knows the session host A signed, and B warms its rankings cache.
    grid = get(b + "/periods/2023/clusters/C1/scores")
    version = int(re.search(r'data-version="(\d+)"', grid).group(1))
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', grid).group(1)
    get(b + "/periods/2023/clusters/C1/rankings")
    # Host A saves a score (CSRF token from B's page: same secret, same session).
    body = json.dumps({"version": version, "scores": [{"federation": "HGI", "indicator": "I.1", "value": "0"}]})
    status, text = post(a + "/periods/2023/clusters/C1/scores", body.encode(),
                        {"Content-Type": "application/json", "X-CSRFToken": csrf})
    assert status == 200, text
    saved_total = json.loads(text)["figures"]["HGI"]["total"]
    # Host B's next page shows the new figure, not its cached one.
    ranking = get(b + "/periods/2023/clusters/C1/rankings")
    assert str(saved_total).replace(".", ",") in ranking or f"{saved_total:.2f}".replace(".", ",") in ranking

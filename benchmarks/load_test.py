"""The web under load: gunicorn (2 workers) on PostgreSQL, users in a closed loop.

    python benchmarks/load_test.py                       # 20 and 100 users, 20 s each
    python benchmarks/load_test.py --users 20 --seconds 10 --database-url postgresql://...

It creates a database (default: scoring_load on 127.0.0.1:5432), loads the
sample period, makes one account per cluster leader plus an API token, starts
gunicorn on a free loopback port, and runs N simulated users without think
time. Each user signs in, then loops over: the national ranking page, its
cluster's score-entry page, the API rankings, and an API save of one score.
Every loop is bounded by the duration; the script stops gunicorn itself.
Only loopback addresses are used.

    python benchmarks/load_test.py --mode floor         # what every request costs
    python benchmarks/load_test.py --mode bare          # what gunicorn and this generator cost
    python benchmarks/load_test.py --think 1            # users wait 0.5-1.5 s between requests

``--mode floor`` runs the same users over answers that do only what every request
does (the sign-in or token check, a look-up, a "not found" page or JSON); ``--mode
bare`` serves a WSGI app that says hello (benchmarks/bare_wsgi.py). Together they say
how much of a latency belongs to the stack and the tools rather than to the pages.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "tai-khoan-tai-thu"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(database_url: str) -> dict[str, str]:
    """A fresh database (PostgreSQL: dropped and created again), the sample, a leader
    per cluster and an admin token."""
    if database_url.startswith("postgresql"):
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        name = database_url.rsplit("/", 1)[1]
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="load-test-secret")
    run = [sys.executable, "-m", "scoring.cli_entry"]
    subprocess.run([*run, "init-db"], env=env, check=True, capture_output=True)
    subprocess.run([*run, "load-sample", "--replace"], env=env, check=True, capture_output=True)
    for n in range(1, 10):
        subprocess.run([*run, "create-user", f"load.c{n}", "--role", "leader", "--cluster", f"C{n}",
                        "--password-stdin"], env=env, input=PASSWORD.encode(), capture_output=True)
    subprocess.run([*run, "create-user", "load.admin", "--role", "admin", "--password-stdin"],
                   env=env, input=PASSWORD.encode(), capture_output=True)
    token = subprocess.run([*run, "create-token", "load.admin"], env=env, check=True,
                           capture_output=True).stdout.decode().strip()
    env["LOAD_TOKEN"] = token
    return env


class User:
    """One simulated person with a keep-alive connection and a session cookie."""

    def __init__(self, port: int, number: int, token: str, stats: dict, seconds: float,
                 start: threading.Barrier, mode: str = "app", think: float = 0) -> None:
        self.port, self.number, self.token, self.stats = port, number, token, stats
        self.seconds, self.start, self.stop = seconds, start, 0.0
        self.mode, self.think = mode, think
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.cluster = f"C{number % 9 + 1}"

    def request(self, name: str, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            status = response.status
            for key, value in response.getheaders():
                if key.lower() == "set-cookie" and value.startswith("session="):
                    self.cookie = value.split(";", 1)[0]
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            status, data = 599, b""
        elapsed = (time.perf_counter() - start) * 1000
        self.stats[name].append((elapsed, status))
        if self.think:  # a person reading the answer before the next click (0.5–1.5 × think)
            time.sleep(self.think * random.uniform(0.5, 1.5))
        return status, data

    def sign_in(self) -> None:
        _, page = self.request("login page", "GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
        form = urllib.parse.urlencode({"username": f"load.c{self.number % 9 + 1}", "password": PASSWORD,
                                       "csrf_token": token.group(1).decode() if token else ""})
        self.request("sign in", "POST", "/login", form.encode(),
                     {"Content-Type": "application/x-www-form-urlencoded"})

    def loop(self) -> None:
        if self.mode != "bare":
            self.sign_in()
        # Everyone signed in (a burst of password checks, reported on its own line), the
        # measured loops start together and run for the duration.
        self.start.wait()
        self.stop = time.monotonic() + self.seconds
        if self.think:  # people do not all click at the same instant
            time.sleep(random.uniform(0, self.think))
        if self.mode == "bare":
            while time.monotonic() < self.stop:
                self.request("bare WSGI answer", "GET", "/")
            return
        api = {"Authorization": f"Bearer {self.token}"}
        if self.mode == "floor":
            self.floor_loop(api)
            return
        while time.monotonic() < self.stop:
            self.request("ranking page", "GET", "/periods/2023/rankings")
            self.request("score-entry page", "GET", f"/periods/2023/clusters/{self.cluster}/scores")
            self.request("API rankings", "GET", "/api/v1/periods/2023/rankings", headers=api)
            status, data = self.request("API scores (read)", "GET",
                                        f"/api/v1/periods/2023/clusters/{self.cluster}/scores", headers=api)
            if status == 200:
                doc = json.loads(data)
                score = random.choice([s for s in doc["scores"] if s["indicator"] == "I.1"])
                body = json.dumps({"version": doc["version"], "scores": [
                    {"federation": score["federation"], "indicator": "I.1",
                     "value": str(random.choice([4, 4.5, 5, 5.5, 6]))}]}).encode()
                self.request("API save", "PUT", f"/api/v1/periods/2023/clusters/{self.cluster}/scores",
                             body, {**api, "Content-Type": "application/json"})


    def floor_loop(self, api: dict[str, str]) -> None:
        """The stack's floor under the same load: five requests that do nothing but what
        every request does (sign-in or token check, one look-up, a page or JSON answer):
        a signed-in "not found" page twice, an API "not found" three times."""
        while time.monotonic() < self.stop:
            self.request("page not found", "GET", "/periods/2023/no-such-page")
            self.request("page not found", "GET", "/periods/2023/no-such-page")
            for _ in range(3):
                self.request("API not found", "GET", "/api/v1/periods/1999/rankings", headers=api)


def run_load(port: int, users: int, seconds: float, token: str,
             mode: str = "app", think: float = 0) -> dict[str, list[tuple[float, int]]]:
    stats: dict[str, list[tuple[float, int]]] = defaultdict(list)
    start = threading.Barrier(users, timeout=120)
    threads = [threading.Thread(target=User(port, n, token, stats, seconds, start, mode, think).loop)
               for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 180)
    return stats


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc; 0 for a process gone)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def server_pids(master: int) -> list[int]:
    """gunicorn's master and workers."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [master, *(int(p) for p in children.read_text().split())] if children.exists() else [master]


def database_pids() -> list[int]:
    """PostgreSQL's processes on this machine (its backends do the queries)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip().startswith("postgres"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def report(users: int, seconds: float, stats: dict[str, list[tuple[float, int]]], think: float = 0) -> None:
    print(f"\n{users} users, {seconds:.0f} s, closed loop "
          + (f"with {think:g} s think time" if think else "without think time"))
    print(f"{'request':<20} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, rows in stats.items():
        times = sorted(t for t, _ in rows)
        # 409 on a save is the version check working (someone saved in between), and 404 is
        # what the floor's requests ask for: neither is an error.
        errors = sum(1 for _, s in rows if s >= 500 or (s >= 400 and s not in (404, 409)))
        q = statistics.quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
        print(f"{name:<20} {len(rows):>7} {len(rows) / seconds:>7.1f} {q[49]:>8.1f} {q[94]:>8.1f} {q[98]:>8.1f} {errors:>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", default="20,100")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/scoring_load")
    parser.add_argument(
        "--mode", choices=("app", "floor", "bare"), default="app",
        help="app: the real loop; floor: signed-in and API 'not found' answers (what every "
             "request costs); bare: a WSGI app that only says hello (what gunicorn and this "
             "load generator cost)")
    parser.add_argument("--think", type=float, default=0,
                        help="seconds a user waits between requests (0: none, the issue's closed loop)")
    args = parser.parse_args()
    env = prepare(args.database_url)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "bare_wsgi:app" if args.mode == "bare" else "scoring:create_app()"],
        env=env, cwd=ROOT / "benchmarks" if args.mode == "bare" else ROOT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        run_load(port, 2, 3, env["LOAD_TOKEN"], args.mode)  # warm both workers' caches
        print(f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; database {args.database_url}")
        for users in (int(u) for u in args.users.split(",")):
            app_pids, db_pids = server_pids(server.pid), database_pids()
            app_before, db_before = cpu_seconds(app_pids), cpu_seconds(db_pids)
            own_before = sum(os.times()[:2])
            stats = run_load(port, users, args.seconds, env["LOAD_TOKEN"], args.mode, args.think)
            own_cpu = sum(os.times()[:2]) - own_before
            report(users, args.seconds, stats, args.think)
            served = sum(len(rows) for rows in stats.values())
            app_cpu = (cpu_seconds(app_pids) - app_before) / served * 1000
            db_cpu = (cpu_seconds(db_pids) - db_before) / served * 1000
            print(
                f"CPU per request: app {app_cpu:.1f} ms, database {db_cpu:.1f} ms, "
                f"load generator {own_cpu / served * 1000:.1f} ms "
                f"({served / args.seconds:.0f} requests/s on {os.cpu_count()} cores)"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


if __name__ == "__main__":
    main()

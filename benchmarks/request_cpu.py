"""CPU time and SQL queries per request, in one process: where a request's cost goes.

    python benchmarks/request_cpu.py                      # PostgreSQL scoring_load on 127.0.0.1
    python benchmarks/request_cpu.py --repeat 500 --database-url postgresql://...

The load test (load_test.py) says how long users wait; this says what each kind of
request costs the app, without gunicorn, sockets or a load generator in the way:
the five requests of the load test's loop, a signed-in "not found" page (the
stack's floor), and a save followed by the ranking page (the re-ranking after a
write). It prepares the database as the load test does (the sample, a leader per
cluster, an admin token), signs in with the Flask test client, warms up, then
prints the mean CPU time (user + system of this process) and the number of SQL
statements per request. Database server CPU is not included.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load_test import PASSWORD, prepare  # noqa: E402  (the benchmarks folder is the script's path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/scoring_load")
    args = parser.parse_args()
    env = prepare(args.database_url)
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], SECRET_KEY=env["SECRET_KEY"])

    from sqlalchemy import event

    from scoring import create_app
    from scoring.extensions import db

    app = create_app()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    client = app.test_client()
    page = client.get("/login").data
    csrf = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page)
    form = {"username": "load.c1", "password": PASSWORD, "csrf_token": csrf.group(1).decode() if csrf else ""}
    if client.post("/login", data=form).status_code != 302:
        sys.exit("could not sign in")
    api = {"Authorization": f"Bearer {env['LOAD_TOKEN']}"}
    scores_url = "/api/v1/periods/2023/clusters/C1/scores"

    def save() -> None:
        doc = client.get(scores_url, headers=api).get_json()
        score = random.choice([s for s in doc["scores"] if s["indicator"] == "I.1"])
        body = {"version": doc["version"], "scores": [
            {"federation": score["federation"], "indicator": "I.1", "value": random.choice(["4", "5", "6"])}]}
        client.put(scores_url, json=body, headers=api)

    kinds: dict[str, Callable[[], object]] = {
        "ranking page": lambda: client.get("/periods/2023/rankings"),
        "score-entry page": lambda: client.get("/periods/2023/clusters/C1/scores"),
        "API rankings": lambda: client.get("/api/v1/periods/2023/rankings", headers=api),
        "API scores (read)": lambda: client.get(scores_url, headers=api),
        "not found (floor)": lambda: client.get("/no-such-page"),
    }
    print(f"{'request':<28} {'CPU ms':>8} {'queries':>8}   ({args.repeat} each, {args.database_url})")
    for name, request in kinds.items():
        print_cost(name, request, args.repeat, statements)
    print_cost("API read + save", save, args.repeat, statements)

    def save_then_rank() -> None:
        save()
        client.get("/periods/2023/rankings")

    print_cost("read + save + ranking page", save_then_rank, args.repeat, statements)


def print_cost(name: str, request: Callable[[], object], repeat: int, statements: list[str]) -> None:
    for _ in range(10):  # warm: caches, prepared statements
        request()
    statements.clear()
    start = time.process_time()
    for _ in range(repeat):
        request()
    cpu = (time.process_time() - start) / repeat * 1000
    print(f"{name:<28} {cpu:>8.2f} {len(statements) / repeat:>8.1f}")


if __name__ == "__main__":
    main()

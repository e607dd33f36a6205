"""A process killed with SIGKILL in the middle of a write leaves the database as it was.

The writer runs as a real `scoring` process; the test waits until that process
provably holds its write transaction (SQLite: another writer is refused;
PostgreSQL: pg_stat_activity shows it inside a transaction), kills it, and
compares the data with what it was before.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_period import generate  # noqa: E402

pytestmark = pytest.mark.slow


def _scoring(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "scoring.cli_entry", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def _env(database_url: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="crash-test")


def _sqlite_write_locked(path: str) -> bool:
    con = sqlite3.connect(path, timeout=0)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        con.close()


def _postgres_writing(url: str) -> bool:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL "
                "AND (query ILIKE '%INSERT INTO scores%' OR query ILIKE 'COPY scores%')"
            )
        ).scalar()
    engine.dispose()
    return bool(rows)


def _wait_until_writing(database_url: str, proc: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    sqlite_path = database_url.removeprefix("sqlite:///") if database_url.startswith("sqlite") else None
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "ended early"
        if sqlite_path and _sqlite_write_locked(sqlite_path):
            return
        if not sqlite_path and _postgres_writing(database_url):
            return
        time.sleep(0.05)
    pytest.fail("the writer never started its transaction")


def _rankings(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "scoring.cli_entry", "rankings", "2023", "--json"],
        env=env, capture_output=True, check=True,
    )
    return done.stdout.decode()


def test_sigkill_during_import_leaves_the_period_as_before(sample_app, database_url, tmp_path):  # type: ignore[no-untyped-def]
    env = _env(database_url)
    before = _rankings(env)
    big = generate(tmp_path / "big", federations=3000, clusters=60, indicators=60, fmt="csv", seed=7, year=2023)
    proc = _scoring(env, "import-period", str(big), "--replace")
    _wait_until_writing(database_url, proc)
    time.sleep(0.3)  # inside the transaction: the bulk write of 180,000 scores, or after it
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    after = _rankings(env)
    assert json.loads(after) == json.loads(before)


def test_sigkill_during_a_save_leaves_the_scores_as_before(sample_app, database_url, tmp_path):  # type: ignore[no-untyped-def]
    """A save of a whole cluster (through the save service) killed halfway changes nothing."""
    env = _env(database_url)
    before = _rankings(env)
    script = tmp_path / "slow_save.py"
    script.write_text(
        "from scoring import create_app\n"
        "from scoring.database import unit_of_work\n"
        "from scoring.extensions import db\n"
        "from scoring.models import User, Cluster, Period\n"
        "from scoring.services.scores import ScoreEntry, save_scores\n"
        "from sqlalchemy import select, event\n"
        "import time\n"
        "app = create_app()\n"
        "with app.app_context(), unit_of_work() as s:\n"
        "    user = User(username='crash', role='admin', password_hash='x', cluster_code=None)\n"
        "    period = s.scalar(select(Period).where(Period.year == 2023))\n"
        "    cluster = s.scalar(select(Cluster).where(Cluster.period_id == period.id, Cluster.code == 'C3'))\n"
        "    entries = [ScoreEntry(f.code, i.code, '0') for f in cluster.members for i in period.indicators if i.kind != 'section']\n"
        "    @event.listens_for(db.engine, 'after_cursor_execute')\n"
        "    def slow(*args):\n"
        "        time.sleep(0.05)  # make the save slow enough to be caught halfway\n"
        "    save_scores(s, period, cluster, user, cluster.version, entries)\n"
        "    print('saved', flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sqlite = database_url.startswith("sqlite")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        if sqlite and _sqlite_write_locked(database_url.removeprefix("sqlite:///")):
            break
        if not sqlite and _postgres_in_write(database_url):
            break
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert json.loads(_rankings(env)) == json.loads(before)


def _postgres_in_write(url: str) -> bool:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            )
        ).scalar()
    engine.dispose()
    return bool(rows)

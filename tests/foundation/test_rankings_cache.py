"""The rankings document kept in ``ranking_documents`` (issue 5 §1): served while the
period's ``data_version`` is unchanged, never once a write changed it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import delete, select, text, update

from scoring.database import unit_of_work
from scoring.extensions import db
from scoring.models import Period
from scoring.models.period import RankingDocument
from scoring.services import cache, rankings
from scoring.services.backup import SCHEMA_HEAD
from scoring.services.lookups import get_cluster
from scoring.services.rankings import get_period, rankings_document_json
from scoring.services.scores import ScoreEntry, save_scores
from tests.conftest import SAMPLE_2023, make_app


@dataclass(frozen=True)
class Council:
    role: str = "admin"
    cluster_code: str | None = None
    username: str = "admin"


def _rankings_json(runner: FlaskCliRunner) -> str:
    out = runner.invoke(args=["rankings", "2023", "--json"])
    assert out.exit_code == 0, out.output
    return str(out.output)


def _stored(app: Flask) -> RankingDocument | None:
    with app.app_context():
        row = db.session.scalar(select(RankingDocument))
        if row is not None:
            db.session.expunge(row)
        return row


def _period_version(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(Period.data_version).where(Period.year == 2023)) or 0)


def _member(document: dict, code: str) -> dict:
    return next(m for c in document["clusters"] for m in c["members"] if m["federation"] == code)


def test_second_call_serves_the_stored_document_without_computing(
    sample_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = sample_app.test_cli_runner()
    first = _rankings_json(runner)
    row = _stored(sample_app)
    assert row is not None
    assert row.data_version == _period_version(sample_app)
    assert json.loads(row.document) == json.loads(first)

    # Neither the engine nor this process's cache is consulted for the second call.
    cache.clear()

    def no_compute(*_args: object) -> None:
        raise AssertionError("the rankings were computed again")

    monkeypatch.setattr(rankings, "standings_for", no_compute)
    second = _rankings_json(runner)
    assert second == first
    again = _stored(sample_app)
    assert again is not None and again.computed_at == row.computed_at


def test_the_first_call_after_an_import_reads_what_the_import_stored(
    sample_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = _stored(sample_app)
    assert stored is not None and stored.data_version == _period_version(sample_app)
    cache.clear()

    def no_compute(*_args: object) -> None:
        raise AssertionError("the rankings were computed again")

    monkeypatch.setattr(rankings, "standings_for", no_compute)
    assert _rankings_json(sample_app.test_cli_runner()).strip() == stored.document


def test_a_save_changes_the_next_rankings(sample_app: Flask) -> None:
    runner = sample_app.test_cli_runner()
    before = json.loads(_rankings_json(runner))
    version_before = _period_version(sample_app)
    assert _member(before, "CBG")["base"] is not None

    with sample_app.app_context(), unit_of_work() as session:
        period = get_period(session, 2023)
        cluster = get_cluster(session, period, "C1")
        save_scores(
            session, period, cluster, Council(), cluster.version, [ScoreEntry("CBG", "I.1", "0")]
        )

    assert _period_version(sample_app) != version_before
    after = json.loads(_rankings_json(runner))
    assert after != before
    assert _member(after, "CBG")["total"] < _member(before, "CBG")["total"]
    row = _stored(sample_app)
    assert row is not None and row.data_version == _period_version(sample_app)
    assert json.loads(row.document) == after


def test_a_row_of_another_version_is_never_served(sample_app: Flask) -> None:
    runner = sample_app.test_cli_runner()
    good = _rankings_json(runner)
    with sample_app.app_context(), unit_of_work() as session:
        session.execute(update(RankingDocument).values(data_version=-1, document='{"stale": true}'))
    assert _rankings_json(runner) == good
    row = _stored(sample_app)
    assert row is not None and row.data_version == _period_version(sample_app)


def test_a_rolled_back_computation_leaves_nothing_behind(sample_app: Flask) -> None:
    with sample_app.app_context(), unit_of_work() as session:
        session.execute(delete(RankingDocument))  # the one the import stored
    with sample_app.app_context():
        session = db.session
        rankings_document_json(session, get_period(session, 2023))
        assert session.scalar(select(RankingDocument.period_id)) is not None
        session.rollback()
        assert session.scalar(select(RankingDocument.period_id)) is None


def test_storing_again_replaces_the_row(sample_app: Flask) -> None:
    with sample_app.app_context(), unit_of_work() as session:
        period = get_period(session, 2023)
        rankings.store_document(session, period.id, 7, "{}")
        rankings.store_document(session, period.id, 8, '{"a": 1}')
        rows = session.execute(select(RankingDocument.data_version, RankingDocument.document)).all()
        assert [tuple(r) for r in rows] == [(8, '{"a": 1}')]


def test_the_table_form_uses_the_same_document(sample_app: Flask) -> None:
    runner = sample_app.test_cli_runner()
    out = runner.invoke(args=["rankings", "2023"])
    assert out.exit_code == 0, out.output
    assert "Cụm thi đua số 3" in out.output
    assert _stored(sample_app) is not None


def test_the_migrations_match_the_models(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_revisions_0002_to_0004_downgrade_and_upgrade(tmp_path: Path) -> None:
    fresh = make_app("sqlite:///" + str(tmp_path / "m.sqlite3"))
    runner = fresh.test_cli_runner()

    def db_command(*args: str) -> None:
        out = runner.invoke(args=["db", *args])
        assert out.exit_code == 0, out.output

    with fresh.app_context():
        db_command("upgrade")
        assert "ranking_documents" in _tables() and "data_version" in _columns("clusters")
        db_command("downgrade", "0002")
        assert "data_version" not in _columns("clusters")
        assert _revision() == "0002"
        db_command("downgrade", "0001")
        assert "ranking_documents" not in _tables()
        db_command("upgrade", "0003")
        assert "ranking_documents" in _tables() and "data_version" in _columns("clusters")
        # 0004: documents stored before national entries said ``complete`` are dropped
        assert runner.invoke(args=["import-period", str(SAMPLE_2023)]).exit_code == 0
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM ranking_documents")) == 1
        db_command("upgrade")
        assert _revision() == SCHEMA_HEAD
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT count(*) FROM ranking_documents")) == 0
        db.engine.dispose()


def _revision() -> str | None:
    with db.engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _columns(table: str) -> set[str]:
    from sqlalchemy import inspect

    with db.engine.connect() as connection:
        return {c["name"] for c in inspect(connection).get_columns(table)}


def _tables() -> set[str]:
    from sqlalchemy import inspect

    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())

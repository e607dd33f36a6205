"""Database wiring: SQLite pragmas and the one place that owns a transaction.

Services only flush; whoever runs a use-case (a request, a CLI command) wraps it
in ``unit_of_work()`` so that it either commits whole or rolls back whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from scoring.extensions import db


def configure(app: Flask) -> None:
    """Give SQLite foreign keys, WAL and a busy timeout, so writers wait instead of failing."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction starts, and
        # start every transaction with BEGIN IMMEDIATE: a reader that later
        # writes can then never deadlock with another writer ("database is
        # locked"); writers queue on the busy timeout instead. In WAL mode
        # plain reads by other connections are not blocked by this.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def unit_of_work() -> Iterator[Any]:
    """One transaction: commit at the end, roll back on any error, re-raise it."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def current_session() -> Session:
    """The request's (or command's) session, typed as the Session the scoped proxy stands for."""
    return cast(Session, db.session)

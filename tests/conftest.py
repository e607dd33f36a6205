"""Fixtures: the real app on a real database (SQLite by default, PostgreSQL when
``SCORING_TEST_DATABASE_URL`` names one), schema made by the real migrations.

Each test starts from empty tables; ``sample_app`` adds the bundled sample
period. Engine and bundle tests need none of this and never touch a database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from scoring import create_app
from scoring.config import database_url as normalize_url
from scoring.extensions import db
from scoring.services import cache

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2023 = ROOT / "sample_data" / "2023"


def make_app(url: str, **extra: object) -> Flask:
    config: dict[str, object] = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key",
        "TESTING": True,
    }
    config.update(extra)
    return create_app(config)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with a fresh schema made by the migrations, once per test run."""
    given = os.environ.get("SCORING_TEST_DATABASE_URL", "").strip()
    if given:
        os.environ["DATABASE_URL"] = given
        url = normalize_url("")
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = make_app(url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
        from scoring.cli import init_db

        init_db()
    return url


def wipe(app: Flask) -> None:
    """Empty every table the models own (the migration history stays)."""
    with app.app_context():
        tables = db.metadata.sorted_tables
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            db.session.execute(text("UPDATE clusters SET leader_id = NULL, deputy_id = NULL"))
            for table in reversed(tables):
                db.session.execute(table.delete())
        db.session.commit()
    cache.clear()


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    application = make_app(database_url)
    wipe(application)
    yield application
    wipe(application)


@pytest.fixture
def sample_app(app: Flask) -> Flask:
    """The app with the 2023 sample period loaded."""
    from scoring.database import unit_of_work
    from scoring.services.period_import import import_period

    with app.app_context(), unit_of_work() as session:
        import_period(session, _sample_bundle())
    return app


_bundle_cache: dict[str, object] = {}


def _sample_bundle():  # type: ignore[no-untyped-def]
    """The sample bundle, read once per run (reading is what bundle tests test)."""
    from scoring.bundle.io import read_bundle

    if "2023" not in _bundle_cache:
        _bundle_cache["2023"] = read_bundle(SAMPLE_2023)
    return _bundle_cache["2023"]


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


# --- accounts and signing in -------------------------------------------------

PASSWORD = "mat-khau-thu-nghiem"

ACCOUNTS = {
    # username: (role, cluster)
    "admin": ("admin", None),
    "committee": ("committee", None),
    "c1.leader": ("leader", "C1"),
    "c1.deputy": ("deputy", "C1"),
    "c2.leader": ("leader", "C2"),
    "c2.deputy": ("deputy", "C2"),
}


@pytest.fixture
def accounts(app: Flask) -> dict[str, tuple[str, str | None]]:
    """One account per role: admin, committee, leaders and deputies of C1 and C2.

    Stored with a cheap hash: real scrypt hashes cost ~0.1 s each, six per test.
    Creating accounts through the service is tested on its own.
    """
    from werkzeug.security import generate_password_hash

    from scoring.database import unit_of_work
    from scoring.models import User

    cheap = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")
    with app.app_context(), unit_of_work() as session:
        for username, (role, cluster) in ACCOUNTS.items():
            session.add(User(username=username, display_name=username, password_hash=cheap,
                             role=role, cluster_code=cluster))
    return ACCOUNTS


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page (as a browser would send it)."""
    import re

    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


class Browserless:
    """A test client that signs in through the real form, CSRF token included."""

    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client

    def login(self, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        page = self.client.get("/login")
        return self.client.post(
            "/login",
            data={"username": username, "password": password, "csrf_token": csrf_from(page.text)},
        )

    def token(self, path: str = "/account/password") -> str:
        return csrf_from(self.client.get(path).text)


@pytest.fixture
def auth(client, accounts):  # type: ignore[no-untyped-def]
    return Browserless(client)

"""Flask extensions, created unbound here and bound to an app in ``create_app``."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints so that Alembic can drop and alter them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def bind_migrations(app: Flask) -> None:
    """Bind Flask-Migrate on first use (``init-db``, ``scoring db ...``): importing it
    imports Alembic, a sixth of every command's start-up, which others never need."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        from scoring.paths import resource_dir

        Migrate(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)

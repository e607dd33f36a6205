"""What the ``scoring`` commands share: language, refusals as exit 1, setup steps."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from scoring.bundle.io import read_bundle
from scoring.database import unit_of_work
from scoring.engine.problems import ProblemsFound
from scoring.extensions import bind_migrations
from scoring.paths import resource_dir
from scoring.services.errors import AlreadyExists, DomainError
from scoring.services.period_import import import_period


def lang() -> str:
    """Messages in Vietnamese unless SCORING_LANG=en asks for English."""
    return "en" if os.environ.get("SCORING_LANG", "").lower().startswith("en") else "vi"


def refusals_exit_1(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a refused input into its reasons on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ProblemsFound as exc:
            header = (
                f"{len(exc.problems)} problem(s); nothing was written:"
                if lang() == "en"
                else f"Có {len(exc.problems)} lỗi; chưa ghi gì vào cơ sở dữ liệu:"
            )
            click.echo(header, err=True)
            for problem in exc.problems:
                click.echo("  " + problem.text(lang()), err=True)
            sys.exit(1)
        except DomainError as exc:
            click.echo(exc.text(lang()), err=True)
            sys.exit(1)

    return wrapper


def init_db() -> None:
    from flask import current_app
    from flask_migrate import upgrade

    bind_migrations(current_app._get_current_object())  # type: ignore[attr-defined]
    upgrade(directory=str(resource_dir("migrations")))


def load_sample(replace: bool = False) -> list[tuple[int, bool]]:
    """Import every sample bundle; a year already present is skipped unless replacing."""
    done = []
    for folder in sorted(p for p in resource_dir("sample_data").iterdir() if p.is_dir()):
        if not (folder / "settings.csv").exists():
            continue
        bundle = read_bundle(folder)
        try:
            with unit_of_work() as session:
                import_period(session, bundle, replace=replace)
            done.append((bundle.settings.year, True))
        except AlreadyExists:
            done.append((bundle.settings.year, False))
    return done

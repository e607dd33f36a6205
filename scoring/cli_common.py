"""What the ``scoring`` commands share: language, refusals as exit 1, setup steps."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError, SQLAlchemyError

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


def run_command_line(group: click.Group, args: Sequence[str] | None = None) -> int:
    """Run the ``scoring`` command and give its exit status (INTERFACES.md §2: 0 on
    success, 1 on refused input with the reasons on stderr, never a traceback for a
    user's mistake).

    Click itself exits 2 when it refuses the command line (a missing argument, a year
    that is not a number); a file that cannot be written and a database that is not
    set up would end in a traceback. Each becomes a message on stderr and status 1.
    """
    try:
        status = group.main(args=args, prog_name="scoring", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted." if lang() == "en" else "Đã dừng.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return 1
    except OSError as exc:
        click.echo(file_problem(exc), err=True)
        return 1
    except SQLAlchemyError as exc:
        click.echo(database_problem(exc), err=True)
        return 1
    return status if isinstance(status, int) else 0


def file_problem(exc: OSError) -> str:
    """A file or folder the command could not read or write, and why (the system's words)."""
    why = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return (
            f"Could not read or write a file: {why}."
            if lang() == "en"
            else f"Không đọc hoặc ghi được tệp: {why}."
        )
    if lang() == "en":
        return f"Could not read or write «{exc.filename}»: {why}. Nothing else was changed."
    return f"Không đọc hoặc ghi được «{exc.filename}»: {why}. Không có gì khác bị thay đổi."


def database_problem(exc: SQLAlchemyError) -> str:
    """The database could not be used: its own first line, and, when the cause is
    usually the setting or a database not set up, what to do."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    setup = isinstance(exc, OperationalError | ProgrammingError | ArgumentError)
    if lang() == "en":
        hint = (
            "\nCheck DATABASE_URL; a new database needs «scoring init-db» first." if setup else ""
        )
        return f"The database (DATABASE_URL) could not be used: {first}{hint}"
    hint = (
        "\nHãy kiểm tra DATABASE_URL; cơ sở dữ liệu mới cần chạy «scoring init-db» trước."
        if setup
        else ""
    )
    return f"Không dùng được cơ sở dữ liệu (DATABASE_URL): {first}{hint}"


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

"""The ``scoring`` command (INTERFACES.md §2): thin shells over services.

Each command is one unit of work. A user's mistake prints its reasons on
stderr and exits 1; it never shows a traceback.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup

from scoring.bundle.io import read_bundle, write_bundle
from scoring.database import unit_of_work
from scoring.engine.problems import ProblemsFound
from scoring.extensions import db
from scoring.paths import resource_dir
from scoring.services.errors import AlreadyExists, DomainError
from scoring.services.period_export import export_period
from scoring.services.period_import import import_period
from scoring.services.rankings import get_period, rankings_document, standings_for
from scoring.text_table import rankings_table


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


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the database schema (migrations)."""
    init_db()
    click.echo("Cơ sở dữ liệu đã sẵn sàng. / The database is ready.")


def init_db() -> None:
    from flask_migrate import upgrade

    upgrade(directory=str(resource_dir("migrations")))


@click.command("load-sample")
@click.option("--replace", is_flag=True, help="Replace periods that already exist.")
@refusals_exit_1
def load_sample_command(replace: bool) -> None:
    """Load the bundled sample period(s) from sample_data/."""
    for year, loaded in load_sample(replace=replace):
        state = "đã nạp / loaded" if loaded else "đã có, bỏ qua / already there, skipped"
        click.echo(f"{year}: {state}")


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


@click.command("import-period")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the year if it already exists.")
@refusals_exit_1
def import_period_command(path: Path, replace: bool) -> None:
    """Import a period bundle (a folder of CSV files or an .xlsx workbook)."""
    bundle = read_bundle(path)
    with unit_of_work() as session:
        period = import_period(session, bundle, replace=replace)
        year = period.year
    click.echo(
        f"Đã nhập năm {year}: {len(bundle.federations)} đơn vị, {len(bundle.indicators)} "
        f"tiêu chí, {len(bundle.scores)} điểm. / Imported {year}."
    )


@click.command("export-period")
@click.argument("year", type=int)
@click.argument("path", type=click.Path(path_type=Path))
@refusals_exit_1
def export_period_command(year: int, path: Path) -> None:
    """Write a period as a bundle: an .xlsx workbook, or else a folder of CSV files."""
    with unit_of_work() as session:
        bundle = export_period(session, get_period(session, year))
    write_bundle(bundle, path)
    click.echo(f"Đã xuất năm {year} ra {path} / Exported {year} to {path}")


@click.command("rankings")
@click.argument("year", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the rankings document as JSON.")
@refusals_exit_1
def rankings_command(year: int, as_json: bool) -> None:
    """Print the rankings of a period: a readable table, or the JSON document."""
    with unit_of_work() as session:
        period = get_period(session, year)
        standings = standings_for(session, period)
        document = rankings_document(standings, period.national_method)
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(rankings_table(document, lang()))


COMMANDS = [
    init_db_command,
    load_sample_command,
    import_period_command,
    export_period_command,
    rankings_command,
]


def register_commands(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the ``scoring`` script: Flask's CLI with the app loaded."""
    from scoring import create_app

    cli = FlaskGroup(create_app=create_app, help="Chấm điểm thi đua cụm / Cluster scoring")
    cli.main(prog_name="scoring")

"""The ``scoring`` command (INTERFACES.md §2): thin shells over services.

Each command is one unit of work. A user's mistake prints its reasons on
stderr and exits 1; it never shows a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from scoring.bundle.io import read_bundle, write_bundle
from scoring.cli_accounts import COMMANDS as ACCOUNT_COMMANDS
from scoring.cli_backup import COMMANDS as BACKUP_COMMANDS
from scoring.cli_common import init_db, lang, load_sample, refusals_exit_1, run_command_line
from scoring.cli_reports import COMMANDS as REPORT_COMMANDS
from scoring.database import unit_of_work
from scoring.extensions import bind_migrations
from scoring.services.period_export import export_period
from scoring.services.period_import import import_period
from scoring.services.rankings import get_period, rankings_document_json
from scoring.text_table import rankings_table


@click.command("init-db")
def init_db_command() -> None:
    """Create or upgrade the database schema (migrations)."""
    init_db()
    click.echo("Cơ sở dữ liệu đã sẵn sàng. / The database is ready.")


@click.command("load-sample")
@click.option("--replace", is_flag=True, help="Replace periods that already exist.")
@refusals_exit_1
def load_sample_command(replace: bool) -> None:
    """Load the bundled sample period(s) from sample_data/."""
    for year, loaded in load_sample(replace=replace):
        state = "đã nạp / loaded" if loaded else "đã có, bỏ qua / already there, skipped"
        click.echo(f"{year}: {state}")


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
        text = rankings_document_json(session, get_period(session, year))
    if as_json:
        click.echo(text)
    else:
        click.echo(rankings_table(json.loads(text), lang()))


@click.command(
    "db",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.pass_context
def migrations_command(ctx: click.Context) -> None:
    """Database migrations (Alembic): scoring db upgrade | revision | current | ...

    Flask-Migrate's own command group, imported only when used, since importing it
    imports Alembic."""
    from flask_migrate.cli import db as migrate_commands

    info = ctx.ensure_object(ScriptInfo)
    bind_migrations(info.load_app())
    # not standalone: its refusals (exit 2) reach run_command_line, which exits 1
    migrate_commands.main(args=ctx.args, prog_name="scoring db", obj=info, standalone_mode=False)


COMMANDS = [
    *ACCOUNT_COMMANDS,
    *BACKUP_COMMANDS,
    *REPORT_COMMANDS,
    init_db_command,
    load_sample_command,
    import_period_command,
    export_period_command,
    rankings_command,
]


def register_commands(app: Flask) -> None:
    """Add every command, each run inside the app's context (one unit of work each)."""
    app.cli.add_command(migrations_command)
    for command in COMMANDS:
        if command.callback is not None and not getattr(command.callback, "_in_app", False):
            command.callback = with_appcontext(command.callback)
            command.callback._in_app = True  # type: ignore[attr-defined]
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the ``scoring`` script: Flask's CLI with the app loaded."""
    from scoring import create_app

    cli = FlaskGroup(create_app=create_app, help="Chấm điểm thi đua cụm / Cluster scoring")
    sys.exit(run_command_line(cli))

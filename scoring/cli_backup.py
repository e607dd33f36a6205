"""``scoring backup FILE`` and ``scoring restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from scoring.database import unit_of_work
from scoring.services.backup import restore_backup, write_backup

from .cli_common import refusals_exit_1


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--without-accounts", is_flag=True, help="Leave out user accounts and API tokens.")
@refusals_exit_1
def backup_command(path: Path, without_accounts: bool) -> None:
    """Write a consistent snapshot of every period (and the accounts) to PATH (.zip)."""
    partial = path.with_name(path.name + ".partial")
    with unit_of_work() as session:
        counts = write_backup(session, partial, with_accounts=not without_accounts)
    partial.replace(path)  # a half-written backup never carries the final name
    click.echo(
        f"Đã sao lưu {sum(counts.values())} dòng ({counts.get('periods', 0)} năm thi đua) vào {path}. "
        f"/ Backed up to {path}."
    )


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@refusals_exit_1
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database's periods (and accounts, if the backup has them) with PATH."""
    if not yes:
        click.confirm(
            "Khôi phục sẽ thay toàn bộ dữ liệu hiện có. Tiếp tục? / Restoring replaces the current data. Continue?",
            abort=True,
        )
    with unit_of_work() as session:
        counts = restore_backup(session, path)
    click.echo(
        f"Đã khôi phục {sum(counts.values())} dòng ({counts.get('periods', 0)} năm thi đua). "
        f"/ Restored from {path}."
    )


COMMANDS = [backup_command, restore_command]

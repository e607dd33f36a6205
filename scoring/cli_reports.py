"""``scoring export-report YEAR -o FILE.xlsx``: the council's workbook from the command line
(INTERFACES.md §2), the same bytes the committee downloads."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from scoring.cli_common import refusals_exit_1
from scoring.database import unit_of_work
from scoring.services.lookups import get_cluster
from scoring.services.rankings import get_period


@click.command("export-report")
@click.argument("year", type=int)
@click.option(
    "-o", "--output", "output", required=True, type=click.Path(path_type=Path, dir_okay=False),
    help="The .xlsx file to write.",
)  # fmt: skip
@click.option("--cluster", "cluster_code", default=None, help="Only this cluster's part.")
@click.option(
    "--date", "on", default=None, type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date printed on the document (YYYY-MM-DD); today when omitted.",
)  # fmt: skip
@with_appcontext
@refusals_exit_1
def export_report_command(
    year: int, output: Path, cluster_code: str | None, on: datetime | None
) -> None:
    """Write the council's Excel report of YEAR (or one cluster's part) to FILE.xlsx."""
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError("FILE must end in .xlsx / tệp phải có đuôi .xlsx")
    day = on.date() if on is not None else None
    with unit_of_work() as session:
        period = get_period(session, year)
        cluster = get_cluster(session, period, cluster_code) if cluster_code else None
        from scoring.services.reports import council_workbook  # openpyxl: only for this command

        data = council_workbook(session, period, cluster=cluster, on=day)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    click.echo(f"Đã ghi báo cáo năm {year} ra {output} / Wrote the {year} report to {output}")


COMMANDS = [export_report_command]

__all__ = ["COMMANDS", "export_report_command"]

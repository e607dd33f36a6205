"""Time the `scoring` commands at national size, next to floors measured in the same run.

    python benchmarks/run.py --federations 10000 --clusters 200 --indicators 100
    python benchmarks/run.py --sizes 1000,3000,10000          # shows how cost grows

For each size it generates a period bundle (benchmarks/generate_period.py), then
runs, as whole commands in fresh processes, `scoring import-period`,
`scoring rankings --json`, `scoring export-period` and (when available)
`scoring export-report`, and prints wall time and peak memory (RSS) of each.
The floors are what the same work costs without the product: a plain csv +
sqlite3.executemany load of the scores, one SQL window-function query over
them, and an openpyxl write-only workbook of the same cells.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_period import generate  # noqa: E402


def run_command(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command to completion; its wall time (s) and peak RSS (MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed: {' '.join(args)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def floor_import(bundle: Path, db: Path) -> float:
    """csv.reader + sqlite3.executemany of the score rows into an indexed table."""
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE s (f TEXT, i TEXT, v INTEGER, sv INTEGER, note TEXT, UNIQUE (f, i))")
    with open(bundle / "scores.csv", encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        con.executemany(
            "INSERT INTO s VALUES (?, ?, ?, ?, ?)",
            ((r[0], r[1], _hundredths(r[2]), _hundredths(r[3]), r[4] if len(r) > 4 else None) for r in rows),
        )
    con.commit()
    con.close()
    return time.perf_counter() - start


def floor_rankings(db: Path) -> float:
    """One SQL window-function query: sum per federation and RANK() over it."""
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute(
        "SELECT f, total, RANK() OVER (ORDER BY total DESC) FROM "
        "(SELECT f, SUM(v) AS total FROM s GROUP BY f)"
    ).fetchall()
    con.close()
    return time.perf_counter() - start


def floor_workbook(bundle: Path, out: Path) -> float:
    """An openpyxl write-only workbook with one row per federation, one cell per score."""
    from openpyxl import Workbook

    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("matrix")
    with open(bundle / "scores.csv", encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        current, line = None, []
        for r in rows:
            if r[0] != current:
                if line:
                    ws.append(line)
                current, line = r[0], [r[0]]
            line.append(float(r[2]) if r[2] else None)
        if line:
            ws.append(line)
    wb.save(out)
    return time.perf_counter() - start


def _year_of(bundle: Path) -> str:
    with open(bundle / "settings.csv", encoding="utf-8-sig", newline="") as fh:
        return next(r["value"] for r in csv.DictReader(fh) if r["key"].strip().lower() == "year")


def _hundredths(text: str) -> int | None:
    return round(float(text) * 100) if text else None


def measure(
    size: int, clusters: int, indicators: int, work: Path, database_url: str | None, with_report: bool = True
) -> dict[str, float]:
    bundle = work / f"bundle-{size}"
    generate(bundle, federations=size, clusters=clusters, indicators=indicators, fmt="csv", seed=1)
    year = _year_of(bundle)
    db_file = work / f"scoring-{size}.sqlite3"
    env = dict(os.environ, DATABASE_URL=database_url or f"sqlite:///{db_file}", SCORING_LANG="en")
    scoring = [sys.executable, "-m", "scoring.cli_entry"]
    figures: dict[str, float] = {}
    run_command([*scoring, "init-db"], env)
    figures["import_s"], figures["import_mib"] = run_command(
        [*scoring, "import-period", str(bundle), "--replace"], env
    )
    figures["rankings_s"], figures["rankings_mib"] = run_command(
        [*scoring, "rankings", year, "--json"], env
    )
    # Again: the rankings document stored by the first call is served as it is.
    figures["rankings_again_s"], figures["rankings_again_mib"] = run_command(
        [*scoring, "rankings", year, "--json"], env
    )
    figures["export_s"], figures["export_mib"] = run_command(
        [*scoring, "export-period", year, str(work / f"export-{size}")], env
    )
    if with_report:
        report = work / f"report-{size}.xlsx"
        try:
            figures["report_s"], figures["report_mib"] = run_command(
                [*scoring, "export-report", year, "-o", str(report)], env
            )
        except SystemExit as exc:
            print(f"  (export-report not measured: {str(exc).splitlines()[0]})")
    # After a save through the web's service the stored document is stale: computed again.
    run_command([sys.executable, str(Path(__file__).with_name("save_one.py")), year], env)
    figures["rankings_saved_s"], figures["rankings_saved_mib"] = run_command(
        [*scoring, "rankings", year, "--json"], env
    )
    floor_db = work / f"floor-{size}.sqlite3"
    figures["floor_import_s"] = floor_import(bundle, floor_db)
    figures["floor_rankings_s"] = floor_rankings(floor_db)
    figures["floor_workbook_s"] = floor_workbook(bundle, work / f"floor-{size}.xlsx")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--federations", type=int, default=10_000)
    parser.add_argument("--sizes", help="comma-separated federation counts (overrides --federations)")
    parser.add_argument("--federations-per-cluster", type=int, default=50)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--database-url", help="measure on this database instead of a fresh SQLite file")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--no-report", action="store_true", help="skip the council workbook")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.federations]
    work = Path(tempfile.mkdtemp(prefix="scoring-bench-"))
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; work dir {work}")
    header = (
        f"{'federations':>11} {'scores':>9} | {'import':>7} {'floor':>6} {'x':>5} | {'rankings':>8} "
        f"{'floor':>6} {'x':>6} {'again':>6} {'x':>5} {'saved':>6} {'x':>5} | {'export':>7} | {'report':>7} {'floor':>6} {'x':>5} | {'peak MiB':>8}"
    )
    print(header)
    try:
        for size in sizes:
            clusters = max(1, size // args.federations_per_cluster)
            f = measure(size, clusters, args.indicators, work, args.database_url, not args.no_report)
            peak = max(v for k, v in f.items() if k.endswith("_mib"))
            report = f.get("report_s")
            print(
                f"{size:>11} {size * args.indicators:>9} | {f['import_s']:>6.2f}s {f['floor_import_s']:>5.2f}s "
                f"{f['import_s'] / f['floor_import_s']:>5.1f} | {f['rankings_s']:>7.2f}s {f['floor_rankings_s']:>5.2f}s "
                f"{f['rankings_s'] / f['floor_rankings_s']:>6.1f} {f['rankings_again_s']:>5.2f}s "
                f"{f['rankings_again_s'] / f['floor_rankings_s']:>5.1f} {f['rankings_saved_s']:>5.2f}s "
                f"{f['rankings_saved_s'] / f['floor_rankings_s']:>5.1f} | {f['export_s']:>6.2f}s | "
                + (
                    f"{report:>6.2f}s {f['floor_workbook_s']:>5.2f}s {report / f['floor_workbook_s']:>5.1f}"
                    if report
                    else f"{'-':>7} {f['floor_workbook_s']:>5.2f}s {'-':>5}"
                )
                + f" | {peak:>8.0f}",
                flush=True,
            )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

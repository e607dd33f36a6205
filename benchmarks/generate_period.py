"""Generate a large, valid period bundle for benchmarks (INTERFACES.md §1).

    python benchmarks/generate_period.py --federations 10000 --clusters 200 \\
        --indicators 100 --out benchmarks/out/big [--format csv|xlsx] [--seed 1] [--year 2099]

or, from a benchmark script::

    from benchmarks.generate_period import generate
    path = generate(out, federations=10000, clusters=200, indicators=100, fmt="csv", seed=1)

``indicators`` counts the leaves (what gets a score); sections come on top: the
base leaves in sections of 10, a bonus section and a deductions section. The base
maximum is exactly 100, leaf maxima have at most 2 decimals, every
(federation, indicator) score row is present with a value, and there are votes for
everyone and award rules, so the bundle exercises every table. The same arguments
and seed always give the same files.

CSV (the default) writes a folder of seven files; ``xlsx`` writes one workbook
(``OUT`` if it ends in ``.xlsx``, else ``OUT/period.xlsx``) with openpyxl in
write-only mode. Standard library only, plus openpyxl for xlsx.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TABLES = ("settings", "clusters", "federations", "indicators", "scores", "votes", "awards")
HEADERS = {
    "settings": ("key", "value"),
    "clusters": ("code", "name", "leader", "deputy"),
    "federations": ("code", "name", "cluster", "succeeds"),
    "indicators": ("code", "parent", "name", "kind", "max_points", "target", "guidance"),
    "scores": ("federation", "indicator", "value", "self_value", "note"),
    "votes": ("federation", "votes", "voters"),
    "awards": ("name", "scope", "count", "share", "min_total", "min_vote_share"),
}
LEAVES_PER_SECTION = 10
BONUS_MAX_CENTS = 200
PENALTY_MAX_CENTS = 300
BONUS_CAP = "5"
LEVELS = 20  # a points leaf takes one of LEVELS + 1 evenly spaced values


@dataclass(frozen=True, slots=True)
class Leaf:
    code: str
    kind: str
    max_cents: int
    target: int | None
    texts: tuple[str, ...]  # candidate values as CSV text, worst to best
    numbers: tuple[int | float, ...]  # the same as cell values, for xlsx
    spread: float  # how far a federation strays from its quality on this leaf


def cents_text(cents: int) -> str:
    """2599 -> '25.99', 2500 -> '25', 2550 -> '25.5'."""
    whole, frac = divmod(cents, 100)
    if frac == 0:
        return str(whole)
    return f"{whole}.{frac:02d}".rstrip("0")


def cents_number(cents: int) -> int | float:
    return cents // 100 if cents % 100 == 0 else cents / 100


def split_cents(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` cents in ``parts`` positive shares of varying size, summing exactly."""
    if parts > total:
        raise ValueError(f"cannot split {cents_text(total)} points over {parts} base indicators")
    weights = [rng.uniform(1, 3) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    cents = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(cents)):
        cents[i % parts] += 1
    return cents


def leaf_counts(indicators: int) -> tuple[int, int, int]:
    """(base, bonus, penalty) leaves: a few bonus and penalty leaves, the rest base."""
    if indicators < 1:
        raise ValueError("at least one indicator is needed")
    if indicators >= 10:
        bonus, penalty = max(1, round(indicators * 0.03)), max(1, round(indicators * 0.02))
    elif indicators >= 3:
        bonus, penalty = 1, 1
    else:
        bonus, penalty = 0, 0
    return indicators - bonus - penalty, bonus, penalty


def make_leaf(rng: random.Random, code: str, kind: str, max_cents: int) -> Leaf:
    if kind == "points":
        cents = [max_cents * k // LEVELS for k in range(LEVELS + 1)]
        return Leaf(code, kind, max_cents, None,
                    tuple(map(cents_text, cents)), tuple(map(cents_number, cents)), 0.35)  # fmt: skip
    if kind == "target":
        target = rng.choice((2, 3, 4, 5, 6, 8, 10, 12, 20))
        quantities = range(math.ceil(target * 1.3) + 1)
        return Leaf(code, kind, max_cents, target,
                    tuple(map(str, quantities)), tuple(quantities), 0.6)  # fmt: skip
    if kind == "yesno":
        return Leaf(code, kind, max_cents, None, ("0", "1"), (0, 1), 0.5)
    # bonus: mostly nothing, sometimes a point or the maximum; penalty: rarer still
    cents = [0, 0, 0, 0, 100, max_cents] if kind == "bonus" else [0] * 9 + [100]
    return Leaf(code, kind, max_cents, None,
                tuple(map(cents_text, cents)), tuple(map(cents_number, cents)), -1.0)  # fmt: skip


def build_scheme(rng: random.Random, indicators: int) -> tuple[list[tuple], list[Leaf]]:
    """The indicators table's rows (display order) and the leaves with their candidates."""
    n_base, n_bonus, n_penalty = leaf_counts(indicators)
    base_cents = split_cents(rng, 10000, n_base)
    rows: list[tuple] = []
    leaves: list[Leaf] = []
    n_sections = math.ceil(n_base / LEAVES_PER_SECTION)
    for s in range(n_sections):
        section = f"P{s + 1}"
        chunk = base_cents[s * LEAVES_PER_SECTION : (s + 1) * LEAVES_PER_SECTION]
        rows.append((section, "", f"Phần {s + 1}: lĩnh vực công tác thử tải", "section",
                     None, None, f"Tối đa {cents_text(sum(chunk))} điểm."))  # fmt: skip
        for j, cents in enumerate(chunk):
            kind = rng.choices(("points", "target", "yesno"), (6, 3, 2))[0]
            leaf = make_leaf(rng, f"{section}.{j + 1}", kind, cents)
            leaves.append(leaf)
            rows.append((leaf.code, section, f"Tiêu chí {leaf.code} ({kind})", kind,
                         cents, leaf.target, "Minh chứng: báo cáo, quyết định, hình ảnh."))  # fmt: skip
    for section, name, kind, count, cents in (
        ("T", "Điểm thưởng", "bonus", n_bonus, BONUS_MAX_CENTS),
        ("D", "Điểm trừ", "penalty", n_penalty, PENALTY_MAX_CENTS),
    ):
        if not count:
            continue
        rows.append((section, "", name, "section", None, None, ""))
        for j in range(count):
            leaf = make_leaf(rng, f"{section}.{j + 1}", kind, cents)
            leaves.append(leaf)
            rows.append((leaf.code, section, f"{name} {j + 1}", kind, cents, None, ""))
    return rows, leaves


def cluster_sizes(federations: int, clusters: int) -> list[int]:
    if not 1 <= clusters <= federations:
        raise ValueError("need 1 ≤ clusters ≤ federations")
    q, r = divmod(federations, clusters)
    return [q + (1 if i < r else 0) for i in range(clusters)]


@dataclass
class Period:
    settings: list[tuple]
    clusters: list[tuple]
    federations: list[tuple]
    indicators: list[tuple]
    leaves: list[Leaf]
    qualities: list[float]
    votes: list[tuple]
    awards: list[tuple]


def build_period(federations: int, clusters: int, indicators: int, seed: int, year: int) -> Period:
    rng = random.Random(seed)
    indicator_rows, leaves = build_scheme(rng, indicators)
    width = len(str(federations))
    sizes = cluster_sizes(federations, clusters)
    cluster_rows, federation_rows, vote_rows = [], [], []
    n = 0
    for c, size in enumerate(sizes, start=1):
        code = f"C{c:0{len(str(clusters))}d}"
        members = [f"F{i:0{width}d}" for i in range(n + 1, n + size + 1)]
        n += size
        cluster_rows.append(
            (code, f"Cụm thi đua số {c}", members[0], members[1] if size > 1 else "")
        )
        for m in members:
            federation_rows.append((m, f"Liên hiệp các Hội KH&KT đơn vị thử tải {m[1:]}", code, ""))
            vote_rows.append((m, min(size, int(rng.random() * (size + 1))), size))
    sections = [r[0] for r in indicator_rows if r[3] == "section" and r[0].startswith("P")]
    tie_breakers = ";".join([f"section:{s}" for s in sections[:2]] + ["bonus", "penalty"])
    settings = [
        ("year", year),
        ("title", f"Dữ liệu thử tải: {federations} đơn vị, {clusters} cụm, {indicators} tiêu chí (seed {seed})"),
        ("deadline", f"{year}-12-15"),
        ("bonus_cap", BONUS_CAP),
        ("tie_breakers", tie_breakers),
        ("national_method", "raw"),
        ("bands", "90:Xuất sắc;80:Tốt;65:Khá;50:Trung bình;0:Yếu"),
    ]  # fmt: skip
    awards = [
        ("Cờ thi đua", "cluster", 1, None, 90, 0.7),
        ("Bằng khen", "cluster", 3, None, 80, None),
        ("Bằng khen toàn quốc (thử tải)", "national", None, 0.01, 85, None),
    ]
    qualities = [rng.uniform(0.55, 1.0) for _ in range(federations)]
    return Period(settings, cluster_rows, federation_rows, indicator_rows, leaves,
                  qualities, vote_rows, awards)  # fmt: skip


def score_indices(
    rng: random.Random, period: Period
) -> Iterator[tuple[str, list[tuple[Leaf, int]]]]:
    """For each federation, the candidate index chosen on each leaf."""
    leaves = period.leaves
    rand = rng.random
    for (code, *_), q in zip(period.federations, period.qualities, strict=True):
        picks = []
        for leaf in leaves:
            top = len(leaf.texts) - 1
            if leaf.spread < 0:  # bonus/penalty: a plain draw among the candidates
                i = int(rand() * (top + 1))
            else:
                i = int((q + (rand() - 0.5) * leaf.spread) * top + 0.5)
                i = 0 if i < 0 else top if i > top else i
            picks.append((leaf, i))
        yield code, picks


def _text(value: object) -> str:
    return "" if value is None else str(value)


def write_csv(period: Period, out: Path, seed: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    small = {
        "settings": period.settings,
        "clusters": period.clusters,
        "federations": period.federations,
        "indicators": [
            (c, p, n, k, None if m is None else cents_text(m), t, g)
            for c, p, n, k, m, t, g in period.indicators
        ],
        "votes": period.votes,
        "awards": period.awards,
    }
    for table, rows in small.items():
        with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADERS[table])
            writer.writerows(tuple(map(_text, row)) for row in rows)
    rng = random.Random(seed + 1)
    with (out / "scores.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADERS["scores"])
        for code, picks in score_indices(rng, period):
            writer.writerows(
                (code, leaf.code, leaf.texts[i], leaf.texts[i], "") for leaf, i in picks
            )
    return out


def write_xlsx(period: Period, path: Path, seed: int) -> Path:
    from openpyxl import Workbook  # only needed for this format

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    small = {
        "settings": period.settings,
        "clusters": period.clusters,
        "federations": period.federations,
        "indicators": [
            (c, p, n, k, None if m is None else cents_number(m), t, g)
            for c, p, n, k, m, t, g in period.indicators
        ],
    }
    for table, rows in small.items():
        _sheet(wb, table, rows)
    rng = random.Random(seed + 1)
    ws = wb.create_sheet("scores")
    ws.append(HEADERS["scores"])
    for code, picks in score_indices(rng, period):
        for leaf, i in picks:
            ws.append((code, leaf.code, leaf.numbers[i], leaf.numbers[i], None))
    _sheet(wb, "votes", period.votes)
    _sheet(wb, "awards", period.awards)
    wb.save(path)
    return path


def _sheet(wb, table: str, rows: Iterable[tuple]) -> None:
    ws = wb.create_sheet(table)
    ws.append(HEADERS[table])
    for row in rows:
        ws.append(row)


def generate(
    out: str | Path,
    federations: int,
    clusters: int,
    indicators: int,
    fmt: str = "csv",
    seed: int = 1,
    year: int = 2099,
) -> Path:
    """Write a bundle and return its path (the CSV folder or the .xlsx file)."""
    out = Path(out)
    period = build_period(federations, clusters, indicators, seed, year)
    if fmt == "csv":
        return write_csv(period, out, seed)
    if fmt == "xlsx":
        return write_xlsx(
            period, out if out.suffix.lower() == ".xlsx" else out / "period.xlsx", seed
        )
    raise ValueError(f"unknown format {fmt!r} (csv or xlsx)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a large period bundle for benchmarks.")
    parser.add_argument("--federations", type=int, default=10000)
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument(
        "--indicators", type=int, default=100, help="leaves, i.e. scores per federation"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder (csv) or folder/.xlsx file")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2099)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        path = generate(args.out, args.federations, args.clusters, args.indicators,
                        args.format, args.seed, args.year)  # fmt: skip
    except ValueError as exc:
        print(f"generate_period: {exc}", file=sys.stderr)
        return 1
    rows = args.federations * args.indicators
    print(f"{path}: {args.federations} federations, {args.clusters} clusters, "
          f"{args.indicators} indicators, {rows} score rows in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

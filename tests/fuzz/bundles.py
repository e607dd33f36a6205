"""Broken period bundles, made from the 2023 sample by a list of mutations, and
written either as a CSV folder or as an ``.xlsx`` workbook (openpyxl).

A bundle here is ``{table: [header, row, row...]}`` of Python values, so that one
drawn list of mutations can be written in both forms and the two readers meet the
same brokenness (INTERFACES.md §1).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from openpyxl import Workbook

from tests.conftest import SAMPLE_2023

from .nasty import LONG, NOT_XML, any_values, text_values

TABLES = ("settings", "clusters", "federations", "indicators", "scores", "votes", "awards")
NAMED = ("clusters", "federations", "indicators", "awards")  # tables with a «name» column
Table = list[list[Any]]
Bundle = dict[str, Table]


def sample_tables() -> Bundle:
    """The sample's tables as lists of rows of text (header first)."""
    tables: Bundle = {}
    for name in TABLES:
        with (SAMPLE_2023 / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            tables[name] = [list(row) for row in csv.reader(handle)]
    return tables


_SAMPLE = sample_tables()
SCORE_ROWS = 150  # of the sample's 1,386: enough to be real, few enough to fuzz fast


def fresh(score_rows: int = SCORE_ROWS) -> Bundle:
    """The sample bundle (every table, the first ``score_rows`` scores: still valid)."""
    bundle = {name: [list(row) for row in rows] for name, rows in _SAMPLE.items()}
    bundle["scores"] = bundle["scores"][: score_rows + 1]
    return bundle


# --- mutations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One thing done to the bundle; ``pick`` numbers are reduced modulo the sizes met."""

    kind: str
    table: str
    pick: tuple[int, ...] = ()
    value: Any = None

    def apply(self, bundle: Bundle) -> None:
        if self.table not in bundle and self.kind not in ("add_table",):
            return
        APPLY[self.kind](self, bundle)

    def __repr__(self) -> str:  # long values would drown the failure report
        shown = repr(self.value)
        shown = shown if len(shown) <= 80 else f"{shown[:60]}…({len(shown)} chars)"
        return f"Mutation({self.kind!r}, {self.table!r}, {self.pick}, {shown})"


def _row(rows: Table, pick: int, header: bool = False) -> int | None:
    """A row index: a data row unless ``header`` may be picked too; None for no rows."""
    first = 0 if header else 1
    if len(rows) <= first:
        return None
    return first + pick % (len(rows) - first)


def _col(rows: Table, pick: int) -> int:
    width = max((len(r) for r in rows), default=1) or 1
    return pick % width


def _set_cell(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    r = _row(rows, m.pick[0], header=m.pick[2] % 7 == 0)  # now and then the header itself
    if r is None:
        return
    c = _col(rows, m.pick[1])
    row = rows[r]
    row.extend([""] * (c + 1 - len(row)))
    row[c] = m.value


def _set_column(m: Mutation, b: Bundle) -> None:
    """The same value down a whole column (e.g. every score is «NaN»)."""
    rows = b[m.table]
    c = _col(rows, m.pick[0])
    for row in rows[1:]:
        row.extend([""] * (c + 1 - len(row)))
        row[c] = m.value


def _long_name(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    if not rows or "name" not in rows[0]:
        return
    r = _row(rows, m.pick[0])
    if r is not None:
        rows[r][rows[0].index("name")] = LONG


def _drop_table(m: Mutation, b: Bundle) -> None:
    del b[m.table]


def _empty_table(m: Mutation, b: Bundle) -> None:
    b[m.table] = []


def _header_only(m: Mutation, b: Bundle) -> None:
    b[m.table] = b[m.table][:1]


def _drop_column(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    c = _col(rows, m.pick[0])
    for row in rows:
        if c < len(row):
            del row[c]


def _rename_column(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    if rows:
        c = _col(rows, m.pick[0])
        if c < len(rows[0]):
            rows[0][c] = m.value


def _duplicate_column(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    c = _col(rows, m.pick[0])
    for row in rows:
        if c < len(row):
            row.append(row[c])


def _duplicate_rows(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    r = _row(rows, m.pick[0])
    if r is not None:
        rows[r:r] = [list(rows[r]) for _ in range(1 + m.pick[1] % 3)]


def _drop_row(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    r = _row(rows, m.pick[0])
    if r is not None:
        del rows[r]


def _ragged_row(m: Mutation, b: Bundle) -> None:
    """A row cut short, or one with cells past the header."""
    rows = b[m.table]
    r = _row(rows, m.pick[0])
    if r is None:
        return
    if m.pick[1] % 2:
        rows[r] = rows[r][: m.pick[2] % max(1, len(rows[r]))]
    else:
        rows[r] = rows[r] + [m.value] * (1 + m.pick[2] % 4)


def _blank_rows(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    at = m.pick[0] % (len(rows) + 1)
    rows[at:at] = [["" for _ in (rows[0] if rows else [""])] for _ in range(1 + m.pick[1] % 3)]


def _shuffle(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    body = rows[1:]
    random.Random(m.pick[0]).shuffle(body)  # seeded by hypothesis's draw: reproducible
    rows[1:] = body


def _header_case(m: Mutation, b: Bundle) -> None:
    rows = b[m.table]
    if rows:
        change: Callable[[str], str] = [str.upper, str.title, lambda s: f"  {s} "][m.pick[0] % 3]
        rows[0] = [change(h) if isinstance(h, str) else h for h in rows[0]]


def _add_table(m: Mutation, b: Bundle) -> None:
    """A second copy under another spelling of the name (``Scores`` beside ``scores``)."""
    if m.table in b:
        b[f"~{m.table.upper()}"] = [list(r) for r in b[m.table]]


APPLY: dict[str, Callable[[Mutation, Bundle], None]] = {
    "set_cell": _set_cell,
    "set_column": _set_column,
    "long_name": _long_name,
    "drop_table": _drop_table,
    "empty_table": _empty_table,
    "header_only": _header_only,
    "drop_column": _drop_column,
    "rename_column": _rename_column,
    "duplicate_column": _duplicate_column,
    "duplicate_rows": _duplicate_rows,
    "drop_row": _drop_row,
    "ragged_row": _ragged_row,
    "blank_rows": _blank_rows,
    "shuffle": _shuffle,
    "header_case": _header_case,
    "add_table": _add_table,
}
# Cell edits are what matter most: give them more weight than the structural damage.
WEIGHTED = ["set_cell"] * 8 + ["set_column"] * 2 + [k for k in APPLY if k != "set_cell"]

picks = st.tuples(*(st.integers(min_value=0, max_value=10**6) for _ in range(3)))


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    kind = draw(st.sampled_from(WEIGHTED))
    table = draw(st.sampled_from(NAMED if kind == "long_name" else TABLES))
    value = draw(any_values()) if kind in ("set_cell", "set_column", "ragged_row") else None
    if kind == "rename_column":
        value = draw(text_values())
    return Mutation(kind, table, draw(picks), value)


@dataclass
class Broken:
    """A mutated bundle and how to write it (the knobs each format has)."""

    mutations: list[Mutation]
    encoding: dict[str, str] = field(default_factory=dict)  # CSV: per table
    newline: str = "\n"
    formulas_as_text: bool = True  # XLSX: «=1+1» as text or as a real formula
    damage: tuple[str, int] | None = None  # truncate or scribble on the written bytes
    base: Bundle | None = None  # what the mutations start from (the trimmed sample if None)

    def tables(self) -> Bundle:
        bundle = (
            fresh()
            if self.base is None
            else {n: [list(r) for r in t] for n, t in self.base.items()}
        )
        for mutation in self.mutations:
            mutation.apply(bundle)
        return bundle


ENCODINGS = ["utf-8", "utf-8-sig", "utf-8-sig", "double-bom", "utf-16", "cp1258", "latin-1"]


@st.composite
def broken_bundles(draw: st.DrawFn, max_mutations: int = 8) -> Broken:
    found = draw(st.lists(mutations(), min_size=1, max_size=max_mutations))
    encoding = draw(
        st.dictionaries(st.sampled_from(TABLES), st.sampled_from(ENCODINGS), max_size=2)
    )
    damage = draw(
        st.one_of(
            st.none(),
            st.none(),
            st.none(),
            st.tuples(st.sampled_from(["truncate", "scribble"]), st.integers(0, 10**6)),
        )
    )
    return Broken(
        found,
        encoding,
        draw(st.sampled_from(["\n", "\r\n", "\r"])),
        draw(st.booleans()),
        damage,
    )


# --- writing -------------------------------------------------------------------------


def as_text(value: Any) -> str:
    """A cell as a CSV file holds it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _file_name(name: str) -> str:
    return f"{name.lstrip('~')}.CSV" if name.startswith("~") else f"{name}.csv"


def write_csv(broken: Broken, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in broken.tables().items():
        out = io.StringIO()
        if rows:
            csv.writer(out, lineterminator=broken.newline).writerows(
                [as_text(v) for v in row] for row in rows
            )
        data = _encode(out.getvalue(), broken.encoding.get(name.lstrip("~"), "utf-8-sig"))
        if broken.damage and name == "scores":
            data = _damaged(data, broken.damage)
        (folder / _file_name(name)).write_bytes(data)
    return folder


def _encode(text: str, encoding: str) -> bytes:
    if not text:
        return b""
    if encoding == "double-bom":
        return ("\ufeff\ufeff" + text).encode("utf-8")
    if encoding in ("utf-16",):
        return text.encode(encoding, errors="surrogatepass")
    return text.encode(
        encoding, errors="replace" if encoding in ("cp1258", "latin-1") else "surrogatepass"
    )


def _damaged(data: bytes, damage: tuple[str, int]) -> bytes:
    how, where = damage
    if not data:
        return data
    at = where % len(data)
    if how == "truncate":
        return data[:at]
    noise = random.Random(where).randbytes(min(64, len(data) - at))
    return data[:at] + noise + data[at + len(noise) :]


def write_xlsx(broken: Broken, path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in broken.tables().items():
        title = name.lstrip("~").capitalize() if name.startswith("~") else name
        sheet = workbook.create_sheet(title)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                _put(sheet.cell(r, c), value, broken.formulas_as_text)
    workbook.save(path)
    if broken.damage:
        path.write_bytes(_damaged(path.read_bytes(), broken.damage))
    return path


def _put(cell: Any, value: Any, formulas_as_text: bool) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        value = NOT_XML.sub("", value)  # XML cannot hold them at all
        cell.value = value
        if formulas_as_text or not value.startswith("="):
            cell.data_type = "s"
        return
    cell.value = value

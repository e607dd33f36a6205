"""Export then import gives the same period (INTERFACES.md §1), in both formats.

The property generates bundles with odd Unicode, formula-looking names, notes
with surrounding spaces and line breaks, codes that look like numbers, and
values at the edges of their ranges. Names and codes are generated without
surrounding whitespace because the reader trims them; notes keep theirs.
"""

from __future__ import annotations

import io
import string
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.bundle.csv_io import read_csv_bundle, write_csv_bundle
from scoring.bundle.io import read_bundle, write_bundle
from scoring.bundle.model import (
    BundleAward,
    BundleCluster,
    BundleFederation,
    BundleIndicator,
    BundleScore,
    BundleSettings,
    BundleVote,
    PeriodBundle,
)
from scoring.bundle.xlsx_io import read_xlsx_bundle, write_xlsx_bundle
from scoring.engine.types import Band

CODES = st.text(string.ascii_letters + string.digits + ".-_", min_size=1, max_size=8)
CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
PLAIN = st.text(CHARS, min_size=1, max_size=16).map(str.strip).filter(bool)
NAMES = st.one_of(PLAIN, PLAIN.map(lambda s: "=" + s), st.sampled_from(["#N/A", "007", "1,5"]))
NOTES = st.text(st.one_of(CHARS, st.sampled_from(" \n\t=")), min_size=1, max_size=24).filter(
    str.strip
)
EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def points(top: Decimal) -> st.SearchStrategy[Decimal]:
    return st.integers(0, int(top * 100)).map(lambda n: Decimal(n) / 100)


def fractions(low: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, 10000).map(lambda n: Decimal(n) / 10000)


@st.composite
def indicators(draw) -> list[BundleIndicator]:
    codes = draw(st.lists(CODES, min_size=6, max_size=9, unique=True))
    nodes = [
        BundleIndicator(
            codes[0],
            draw(NAMES),
            "section",
            guidance=draw(st.none() | NOTES.map(str.strip).filter(bool)),
        )
    ]
    for code in codes[1:-1]:
        kind = draw(st.sampled_from(["points", "target", "yesno", "bonus", "penalty"]))
        top = draw(points(Decimal(100)).filter(bool))
        target = draw(points(Decimal(50)).filter(bool)) if kind == "target" else None
        nodes.append(BundleIndicator(code, draw(NAMES), kind, codes[0], top, target))
    nodes.append(BundleIndicator(codes[-1], draw(NAMES), "bonus", None, Decimal(5)))
    return nodes


def score_value(draw, leaf: BundleIndicator) -> Decimal | None:
    if draw(st.booleans()):
        return None
    if leaf.kind == "yesno":
        return Decimal(draw(st.integers(0, 1)))
    top = Decimal(999999) if leaf.kind == "target" else leaf.max_points
    return draw(points(top))


@st.composite
def bundles(draw) -> PeriodBundle:
    cluster_codes = draw(st.lists(CODES, min_size=1, max_size=3, unique=True))
    fed_codes = draw(st.lists(CODES, min_size=2, max_size=6, unique=True))
    federations = [
        BundleFederation(
            code,
            draw(NAMES),
            draw(st.sampled_from(cluster_codes)),
            tuple(draw(st.lists(CODES, max_size=3, unique=True))),
        )
        for code in fed_codes
    ]
    clusters = []
    for code in cluster_codes:
        members = [f.code for f in federations if f.cluster == code]
        officers = draw(st.permutations(members)) if members else []
        leader = officers[0] if officers and draw(st.booleans()) else None
        deputy = officers[1] if len(officers) > 1 and draw(st.booleans()) else None
        clusters.append(BundleCluster(code, draw(NAMES), leader, deputy))
    scheme = draw(indicators())
    leaves = [i for i in scheme if i.kind != "section"]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(fed_codes), st.sampled_from(leaves)),
            unique_by=lambda p: (p[0], p[1].code),
            max_size=12,
        )
    )
    scores = [
        BundleScore(
            f, leaf.code, score_value(draw, leaf), score_value(draw, leaf), draw(st.none() | NOTES)
        )
        for f, leaf in pairs
    ]
    voters = draw(st.lists(st.sampled_from(fed_codes), unique=True))
    votes = []
    for code in voters:
        total = draw(st.integers(1, 60))
        votes.append(BundleVote(code, draw(st.integers(0, total)), total))
    return PeriodBundle(
        draw(settings_of(scheme[0].code)),
        clusters,
        federations,
        scheme,
        scores,
        votes,
        draw(awards()),
    )


@st.composite
def settings_of(draw, section: str) -> BundleSettings:
    labels = (
        st.text(CHARS.filter(lambda c: c not in ";"), min_size=1, max_size=8)
        .map(str.strip)
        .filter(bool)
    )
    thresholds = draw(st.lists(points(Decimal(100)), max_size=4, unique=True))
    bands = tuple(
        sorted((Band(t, draw(labels)) for t in thresholds), key=lambda b: b.threshold, reverse=True)
    )
    breakers = draw(
        st.lists(st.sampled_from([f"section:{section}", "bonus", "penalty"]), unique=True)
    )
    return BundleSettings(
        year=draw(st.integers(1900, 9999)),
        title=draw(st.none() | NAMES),
        deadline=draw(st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31))),
        bonus_cap=draw(st.none() | points(Decimal(20))),
        tie_breakers=tuple(breakers),
        national_method=draw(st.sampled_from(["raw", "zscore"])),
        bands=bands,
    )


@st.composite
def awards(draw) -> list[BundleAward]:
    names = draw(st.lists(NAMES, max_size=3, unique=True))
    rules = []
    for name in names:
        by_count = draw(st.booleans())
        rules.append(
            BundleAward(
                name,
                draw(points(Decimal(100))),
                draw(st.sampled_from(["cluster", "national"])),
                draw(st.integers(1, 5)) if by_count else None,
                None if by_count else draw(fractions(1)),
                draw(st.none() | fractions(0)),
            )
        )
    return rules


@EXAMPLES
@given(bundles())
def test_csv_round_trip_gives_the_same_bundle(bundle):
    with tempfile.TemporaryDirectory() as folder:
        write_csv_bundle(bundle, Path(folder))
        assert read_csv_bundle(Path(folder)) == bundle


@EXAMPLES
@given(bundles())
def test_xlsx_round_trip_gives_the_same_bundle(bundle):
    buffer = io.BytesIO()
    write_xlsx_bundle(bundle, buffer)
    assert read_xlsx_bundle(buffer.getvalue()) == bundle


def test_sample_round_trips_through_both_formats_and_paths(bundle_reader, tables, tmp_path):
    bundle = bundle_reader.read(tables)
    write_bundle(bundle, tmp_path / "export.xlsx")
    write_bundle(bundle, tmp_path / "export")
    assert read_bundle(tmp_path / "export.xlsx") == bundle
    assert read_bundle(tmp_path / "export") == bundle
    write_bundle(read_bundle(tmp_path / "export.xlsx"), tmp_path / "again")
    for path in (tmp_path / "export").iterdir():
        assert path.read_bytes() == (tmp_path / "again" / path.name).read_bytes()

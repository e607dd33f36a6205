"""An import stores its rankings document, computed from the rows it wrote (issue 5 §1):
the input it builds is exactly what reading the period back gives, so the stored
document is the one a fresh computation would produce."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from scoring.bundle.io import read_bundle
from scoring.database import unit_of_work
from scoring.engine.compute import compute_period
from scoring.extensions import db
from scoring.models import Period
from scoring.models.period import RankingDocument
from scoring.services import cache
from scoring.services.period_import import import_period
from scoring.services.period_input import load_period
from scoring.services.rankings import (
    Standings,
    document_text,
    get_period,
    rankings_document,
    standings_key,
)

SAMPLES = sorted((Path(__file__).parents[2] / "sample_data").glob("20*"))


@pytest.mark.parametrize("bundle_path", SAMPLES, ids=lambda p: p.name)
def test_the_imported_input_is_what_reading_back_gives(app: Flask, bundle_path: Path) -> None:
    bundle = read_bundle(bundle_path)
    with app.app_context(), unit_of_work() as session:
        period = import_period(session, bundle)
        year = period.year
    with app.app_context():
        session = db.session
        period = get_period(session, year)
        imported = cache.latest(standings_key(session, period.created_at), period.id)
        assert isinstance(imported, Standings)
        read_back = load_period(session, period)
        assert imported.loaded == read_back
        # The very same texts too: a Decimal compares equal across different exponents.
        for code, values in read_back.input.values.items():
            assert {i: str(v) for i, v in imported.input.values[code].items()} == {
                i: str(v) for i, v in values.items()
            }
        stored = session.execute(
            select(RankingDocument.data_version, RankingDocument.document)
        ).one()
        version = session.scalar(select(Period.data_version).where(Period.id == period.id))
        assert stored.data_version == version == imported.version
        fresh = Standings(year, version, read_back, compute_period(read_back.input))
        assert stored.document == document_text(rankings_document(fresh, period.national_method))

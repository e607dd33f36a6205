"""The standings of a period just imported, from the rows the import wrote.

An import is the write after which someone runs ``scoring rankings``. At
national size reading a million scores back costs more than ranking them, so
the import, which has just turned every value into its stored hundredths,
builds the engine's input from those same rows (exactly what
``period_input.load_period`` would read back, which a test checks), computes
the standings once and stores the rankings document at the period's new
``data_version``. The first rankings call after an import is then a read, and
any later write still makes it stale as before.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.bundle.model import PeriodBundle
from scoring.engine.compute import compute_period
from scoring.engine.types import (
    AwardRuleDef,
    ClusterRef,
    FederationRef,
    IndicatorDef,
    PeriodInput,
    Scheme,
    VoteTally,
)
from scoring.models import Period
from scoring.models.types import FixedPoint, Points, Share

from . import cache
from .period_input import LoadedPeriod, Values, cluster_tokens, ranking_settings
from .rankings import (
    Standings,
    document_text,
    rankings_document,
    standings_key,
    store_document,
)


def store_imported_standings(
    session: Session,
    period: Period,
    bundle: PeriodBundle,
    ids: tuple[dict[str, int], dict[str, int]],
    values: Values,
) -> None:
    """Compute the imported period's standings and store its rankings document.

    ``ids`` are the new federation and indicator ids by code; ``values`` the cluster
    values as the import stored them. Flushes only, inside the import's transaction."""
    federation_ids, indicator_ids = ids
    loaded = LoadedPeriod(
        input=imported_input(period, bundle, values),
        indicator_codes={i: code for code, i in indicator_ids.items()},
        federation_codes={i: code for code, i in federation_ids.items()},
        cluster_tokens=cluster_tokens(session, period),
    )
    version = session.scalar(select(Period.data_version).where(Period.id == period.id))
    assert version is not None
    standings = Standings(period.year, version, loaded, compute_period(loaded.input))
    document = rankings_document(standings, period.national_method)
    store_document(session, period.id, version, document_text(document))
    cache.remember(standings_key(session, period.created_at), period.id, version, standings)


def imported_input(period: Period, bundle: PeriodBundle, values: Values) -> PeriodInput:
    """The engine's input as ``load_period`` reads it back: the bundle's order (which is
    the stored positions'), every figure as its column stores it."""
    return PeriodInput(
        scheme=Scheme(
            tuple(
                IndicatorDef(
                    code=i.code,
                    name=i.name,
                    kind=i.kind,
                    parent=i.parent or None,
                    max_points=_stored(Points, i.max_points),
                    target=_stored(Points, i.target),
                )
                for i in bundle.indicators
            )
        ),
        settings=ranking_settings(period),
        clusters=tuple(ClusterRef(c.code, c.name) for c in bundle.clusters),
        federations=tuple(FederationRef(f.code, f.name, f.cluster) for f in bundle.federations),
        values=values,
        votes={v.federation: VoteTally(v.votes, v.voters) for v in bundle.votes},
        award_rules=tuple(
            AwardRuleDef(
                name=a.name,
                scope=a.scope,
                count=a.count,
                share=_stored(Share, a.share),
                min_total=_stored(Points, a.min_total) or Decimal(0),
                min_vote_share=_stored(Share, a.min_vote_share),
            )
            for a in bundle.awards
        ),
    )


def _stored(column: FixedPoint, value: Decimal | None) -> Decimal | None:
    """``value`` as the column hands it back after storing it."""
    return column.process_result_value(column.process_bind_param(value, None), None)

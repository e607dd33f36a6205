"""A cached period refreshed after a save reloads only the saved cluster (issue 5 §1–2),
and its figures are always those of a whole load of the committed data."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import update

from scoring.database import unit_of_work
from scoring.engine.compute import compute_period
from scoring.engine.types import PeriodResult
from scoring.extensions import db
from scoring.models import Cluster, Federation, Period
from scoring.services import cache
from scoring.services.lookups import get_cluster
from scoring.services.period_input import load_period_input
from scoring.services.rankings import Standings, get_period, standings_for
from scoring.services.scores import ScoreEntry, save_scores


@dataclass(frozen=True)
class Council:
    role: str = "admin"
    cluster_code: str | None = None
    username: str = "admin"


def _save(app: Flask, cluster_code: str, entries: list[ScoreEntry]) -> None:
    with app.app_context(), unit_of_work() as session:
        period = get_period(session, 2023)
        cluster = get_cluster(session, period, cluster_code)
        save_scores(session, period, cluster, Council(), cluster.version, entries)


def _standings(app: Flask) -> Standings:
    with app.app_context():
        session = db.session
        return standings_for(session, get_period(session, 2023))


def _whole_load(app: Flask) -> tuple[object, object, PeriodResult]:
    """What a process with an empty cache computes: values, votes and the result."""
    with app.app_context():
        session = db.session
        inp = load_period_input(session, get_period(session, 2023))
        return inp.values, inp.votes, compute_period(inp)


def _members(standings: Standings, cluster: str) -> set[str]:
    return {f.code for f in standings.input.federations if f.cluster == cluster}


def test_a_save_reloads_only_its_cluster_and_matches_a_whole_load(sample_app: Flask) -> None:
    before = _standings(sample_app)
    _save(sample_app, "C1", [ScoreEntry("CBG", "I.1", "0"), ScoreEntry("CBG", "III.1", "2")])
    after = _standings(sample_app)

    assert after.version != before.version
    assert (after.input.values, after.input.votes, after.result) == _whole_load(sample_app)
    assert after.result.totals["CBG"].total < before.result.totals["CBG"].total
    c1 = _members(before, "C1")
    for code, totals in after.result.totals.items():
        # Other clusters' totals are the very objects computed before: not recomputed.
        assert (totals is before.result.totals[code]) == (code not in c1), code
    # The national list was ranked again over everyone.
    assert after.result.national != before.result.national


def test_several_saves_in_several_clusters_add_up(sample_app: Flask) -> None:
    _standings(sample_app)
    _save(sample_app, "C1", [ScoreEntry("CBG", "I.1", "1")])
    _save(sample_app, "C2", [ScoreEntry(_first_member(sample_app, "C2"), "I.1", "")])
    _standings(sample_app)
    _save(sample_app, "C1", [ScoreEntry("CBG", "I.1", "3.5")])
    after = _standings(sample_app)
    assert (after.input.values, after.input.votes, after.result) == _whole_load(sample_app)
    assert str(after.input.values["CBG"]["I.1"]) == "3.50"


def test_a_rolled_back_save_never_reaches_the_cache(sample_app: Flask) -> None:
    _standings(sample_app)
    with sample_app.app_context():
        session = db.session
        period = get_period(session, 2023)
        cluster = get_cluster(session, period, "C1")
        save_scores(
            session, period, cluster, Council(), cluster.version, [ScoreEntry("CBG", "I.1", "0")]
        )
        inside = standings_for(session, period)  # computed from the unsaved change, and cached
        assert inside.input.values["CBG"]["I.1"] == 0
        session.rollback()
    after = _standings(sample_app)
    assert (after.input.values, after.input.votes, after.result) == _whole_load(sample_app)
    assert after.input.values["CBG"]["I.1"] != 0


def test_a_change_that_names_no_cluster_reloads_everything(sample_app: Flask) -> None:
    before = _standings(sample_app)
    with sample_app.app_context(), unit_of_work() as session:
        # A federation renamed behind the cache's back, with only the period's token bumped.
        session.execute(update(Period).values(data_version=Period.data_version + 1))
        session.execute(update(Federation).where(Federation.code == "CBG").values(name="Tên mới"))
    after = _standings(sample_app)
    assert after.loaded is not before.loaded
    assert {f.code: f.name for f in after.input.federations}["CBG"] == "Tên mới"
    assert all(after.result.totals[c] is not before.result.totals[c] for c in before.result.totals)


def test_new_cluster_tokens_from_every_write_that_names_none(sample_app: Flask) -> None:
    with sample_app.app_context(), unit_of_work() as session:
        tokens = dict(session.execute(db.select(Cluster.code, Cluster.data_version)).all())
        cache.invalidate_rankings(session, get_period(session, 2023).id)
        again = dict(session.execute(db.select(Cluster.code, Cluster.data_version)).all())
    assert all(again[c] != tokens[c] for c in tokens)


def _first_member(app: Flask, cluster: str) -> str:
    return sorted(_members(_standings(app), cluster))[0]


def test_a_federation_moved_between_the_named_clusters_reloads_everything(
    sample_app: Flask,
) -> None:
    """A write that moves a member and names both clusters (no such screen today) must not
    leave the member ranked in its old cluster."""
    before = _standings(sample_app)
    assert {f.code: f.cluster for f in before.input.federations}["CBG"] == "C1"
    with sample_app.app_context(), unit_of_work() as session:
        period = get_period(session, 2023)
        c1, c2 = get_cluster(session, period, "C1"), get_cluster(session, period, "C2")
        session.execute(update(Federation).where(Federation.code == "CBG").values(cluster_id=c2.id))
        cache.invalidate_rankings(session, period.id, [c1.id, c2.id])
    after = _standings(sample_app)
    assert {f.code: f.cluster for f in after.input.federations}["CBG"] == "C2"
    assert "CBG" in {e.federation for e in after.result.cluster_rankings["C2"]}
    assert (after.input.values, after.input.votes, after.result) == _whole_load(sample_app)

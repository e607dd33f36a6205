"""Saving a cluster's scores: all or nothing, by the right people, at the right version.

The 2023 sample: cluster C1 has HGI, CBG, BKN, TQG, TNN, LSN (leader), BGG, QNH;
HGI is the deputy federation; cluster C2 is led by PTO.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select

from scoring.database import unit_of_work
from scoring.engine.problems import ProblemsFound
from scoring.extensions import db
from scoring.models import AuditEntry, Cluster, Federation, Indicator, Period, Score
from scoring.services.errors import Conflict, Forbidden, Locked, NotFound
from scoring.services.grid import load_grid
from scoring.services.lookups import get_cluster
from scoring.services.rankings import get_period, standings_for
from scoring.services.scores import ScoreEntry, read_save_request, save_scores


@dataclass(frozen=True)
class Actor:
    """Who saves: the service needs a role, a cluster and a name, not a stored account."""

    role: str
    cluster_code: str | None
    username: str


ACTORS = {
    name: Actor(role, cluster, name)
    for name, role, cluster in [
        ("admin", "admin", None),
        ("committee", "committee", None),
        ("c1.leader", "leader", "C1"),
        ("c1.deputy", "deputy", "C1"),
        ("c2.leader", "leader", "C2"),
    ]
}


@pytest.fixture
def ctx(sample_app: Flask) -> Iterator[None]:
    with sample_app.app_context():
        yield


def save(username: str, version: int, *entries: ScoreEntry, cluster: str = "C1"):  # type: ignore[no-untyped-def]
    """One save in its own transaction, as a request would run it."""
    with unit_of_work() as session:
        period = get_period(session, 2023)
        return save_scores(
            session,
            period,
            get_cluster(session, period, cluster),
            user(username),
            version,
            list(entries),
        )


def user(username: str) -> Actor:
    return ACTORS[username]


def stored(federation: str, indicator: str) -> tuple[Decimal | None, Decimal | None, str | None]:
    row = db.session.execute(
        select(Score.value, Score.self_value, Score.note)
        .join(Federation, Score.federation_id == Federation.id)
        .join(Indicator, Score.indicator_id == Indicator.id)
        .where(Federation.code == federation, Indicator.code == indicator)
    ).one_or_none()
    return (row.value, row.self_value, row.note) if row else (None, None, None)


def version_of(code: str = "C1") -> int:
    return db.session.scalar(select(Cluster.version).where(Cluster.code == code))  # type: ignore[return-value]


def audit_count() -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "score.update")
    )  # type: ignore[return-value]


def test_save_lands_and_bumps_version(ctx: None) -> None:
    result = save(
        "c1.leader", 1, ScoreEntry("HGI", "I.1", "5,25", self_value="6", note=" Biên bản số 12 ")
    )
    assert (result.version, result.changed) == (2, 3)
    assert stored("HGI", "I.1") == (Decimal("5.25"), Decimal("6"), "Biên bản số 12")
    assert version_of() == 2
    assert result.figures["HGI"].total == Decimal("90.25")


def test_yes_no_words_and_comma_decimals_are_accepted(ctx: None) -> None:
    save(
        "c1.leader", 1,
        ScoreEntry("CBG", "I.4", "không"), ScoreEntry("BKN", "I.4", "Có"), ScoreEntry("TQG", "II.3", "x"),
        ScoreEntry("TNN", "IV.3", "đạt"), ScoreEntry("QNH", "II.1", "4,5"),
    )  # fmt: skip
    assert [
        stored(f, i)[0]
        for f, i in [("CBG", "I.4"), ("BKN", "I.4"), ("TQG", "II.3"), ("TNN", "IV.3")]
    ] == [0, 1, 1, 1]
    assert stored("QNH", "II.1")[0] == Decimal("4.5")


def test_absent_self_value_and_note_stay_as_they_were(ctx: None) -> None:
    before = stored("CBG", "I.1")
    save("c1.leader", 1, ScoreEntry("CBG", "I.1", "3"))
    assert stored("CBG", "I.1") == (Decimal(3), before[1], before[2])


def test_empty_value_is_missing_and_makes_the_member_incomplete(ctx: None) -> None:
    result = save("c1.leader", 1, ScoreEntry("BGG", "II.2", ""))
    assert stored("BGG", "II.2")[0] is None
    assert not result.figures["BGG"].complete
    assert result.figures["BGG"].missing == ("II.2",)


def test_missing_score_row_is_created(ctx: None) -> None:
    with unit_of_work() as session:
        fed = session.scalar(select(Federation).where(Federation.code == "TQG"))
        ind = session.scalar(select(Indicator).where(Indicator.code == "VII.3"))
        session.execute(
            Score.__table__.delete().where(
                Score.federation_id == fed.id, Score.indicator_id == ind.id
            )
        )  # type: ignore[union-attr]
    save("c1.leader", 1, ScoreEntry("TQG", "VII.3", "2", note="Kết luận thanh tra"))
    assert stored("TQG", "VII.3") == (Decimal(2), None, "Kết luận thanh tra")


def test_stale_version_is_a_conflict_listing_what_changed_and_writes_nothing(ctx: None) -> None:
    save("c1.leader", 1, ScoreEntry("HGI", "I.1", "4"))
    with pytest.raises(Conflict) as caught:
        save("c1.leader", 1, ScoreEntry("HGI", "I.1", "6"), ScoreEntry("CBG", "I.2", "1"))
    assert caught.value.status == 409
    assert caught.value.current_version == 2
    assert {
        "federation": "HGI",
        "indicator": "I.1",
        "field": "value",
        "before": "5.5",
        "after": "4",
    }.items() <= caught.value.changes[0].items()
    assert caught.value.changes[0]["username"] == "c1.leader"
    assert "đã có người lưu" in caught.value.vi
    assert stored("HGI", "I.1")[0] == Decimal(4)
    assert stored("CBG", "I.2")[0] != Decimal(1)
    assert version_of() == 2


def test_invalid_values_anywhere_are_all_listed_and_nothing_is_written(ctx: None) -> None:
    with pytest.raises(ProblemsFound) as caught:
        save(
            "c1.leader", 1,
            ScoreEntry("HGI", "I.1", "5"),  # valid, yet must not land
            ScoreEntry("CBG", "I.1", "7"),  # above the maximum 6
            ScoreEntry("BKN", "II.1", "abc"),
            ScoreEntry("TQG", "I.4", "có lẽ"),
            ScoreEntry("TNN", "I", "3"),  # a section
            ScoreEntry("QNH", "I.2", "4", self_value="-1"),
            ScoreEntry("BGG", "VI.1", "1,255"),
        )  # fmt: skip
    wheres = [p.where for p in caught.value.problems]
    assert wheres == ["CBG / I.1", "BKN / II.1", "TQG / I.4", "TNN / I", "QNH / I.2", "BGG / VI.1"]
    over = caught.value.problems[0]
    assert "Cao Bằng" in over.vi and "I.1" in over.vi and "từ 0 đến 6" in over.vi
    assert "tự chấm" in caught.value.problems[4].vi
    # II.1 counts reports against a target of 6: the refusal says so
    assert caught.value.problems[1].vi.endswith("cho phép số lượng từ 0 trở lên (chỉ tiêu 6)")
    assert stored("HGI", "I.1")[0] == Decimal("5.5")
    assert version_of() == 1
    assert audit_count() == 0


def test_leader_cannot_score_its_own_federation_but_the_deputy_can(ctx: None) -> None:
    with pytest.raises(Forbidden) as caught:
        save("c1.leader", 1, ScoreEntry("LSN", "I.1", "6"))
    assert caught.value.status == 403 and "cụm phó" in caught.value.vi
    result = save("c1.deputy", 1, ScoreEntry("LSN", "I.1", "6"))
    assert result.changed == 1 and stored("LSN", "I.1")[0] == Decimal(6)


def test_deputy_cannot_score_other_members(ctx: None) -> None:
    with pytest.raises(Forbidden):
        save("c1.deputy", 1, ScoreEntry("HGI", "I.1", "6"))
    assert stored("HGI", "I.1")[0] == Decimal("5.5")


def test_federation_of_another_cluster_smuggled_into_a_save_is_refused(ctx: None) -> None:
    with pytest.raises(Forbidden) as caught:
        save("c1.leader", 1, ScoreEntry("HGI", "I.1", "6"), ScoreEntry("PTO", "I.1", "0"))
    assert "không thuộc" in caught.value.vi
    assert stored("HGI", "I.1")[0] == Decimal("5.5")
    assert version_of("C1") == 1 and version_of("C2") == 1


@pytest.mark.parametrize("username", ["committee", "c2.leader"])
def test_committee_and_other_clusters_cannot_write(ctx: None, username: str) -> None:
    with pytest.raises(Forbidden):
        save(username, 1, ScoreEntry("HGI", "I.1", "6"))
    assert version_of() == 1


def test_admin_writes_any_member(ctx: None) -> None:
    assert (
        save("admin", 1, ScoreEntry("LSN", "I.1", "1"), ScoreEntry("HGI", "I.1", "1")).changed == 2
    )


def test_unknown_federation_or_indicator_is_not_found(ctx: None) -> None:
    with pytest.raises(NotFound) as caught:
        save("c1.leader", 1, ScoreEntry("XYZ", "I.1", "1"))
    assert "XYZ" in caught.value.vi and caught.value.status == 404
    with pytest.raises(NotFound) as caught:
        save("c1.leader", 1, ScoreEntry("HGI", "IX.9", "1"))
    assert "IX.9" in caught.value.en


@pytest.mark.parametrize("how", ["period_locked", "cluster_submitted"])
def test_locked_period_or_submitted_cluster_refuses_every_write(ctx: None, how: str) -> None:
    with unit_of_work() as session:
        if how == "period_locked":
            session.scalar(select(Period)).locked_at = datetime.now(UTC)  # type: ignore[union-attr]
        else:
            session.scalar(select(Cluster).where(Cluster.code == "C1")).state = "submitted"  # type: ignore[union-attr]
    with pytest.raises(Locked) as caught:
        save("admin", 1, ScoreEntry("HGI", "I.1", "6"))
    assert caught.value.status == 403
    assert stored("HGI", "I.1")[0] == Decimal("5.5")


def test_each_changed_field_is_audited_with_before_and_after(ctx: None) -> None:
    save("c1.leader", 1, ScoreEntry("HGI", "I.1", "5,25", self_value="5.5", note="Báo cáo 7"))
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "score.update")
    ).all()
    got = {(e.federation_code, e.indicator_code, e.before, e.after) for e in entries}
    assert got == {
        ("HGI", "I.1", "5.5", "5.25"),
        ("HGI", "I.1", None, "Báo cáo 7"),
    }  # self 5.5 unchanged
    assert {(e.username, e.period_year, e.cluster_code) for e in entries} == {
        ("c1.leader", 2023, "C1")
    }


def test_rankings_change_after_a_save(ctx: None) -> None:
    period = db.session.scalar(select(Period))
    assert period is not None
    before = standings_for(db.session, period)
    ranks = {e.federation: e.rank for e in before.result.cluster_rankings["C1"]}
    assert ranks["QNH"] == 2
    save("c1.leader", 1, ScoreEntry("QNH", "II.2", "0"))
    after = standings_for(db.session, period)
    assert after.version != before.version  # a fresh data-version token: the cache was invalidated
    assert after.result.totals["QNH"].total == Decimal("85.50")
    assert {e.federation: e.rank for e in after.result.cluster_rankings["C1"]}["QNH"] == 6


def test_grid_shows_members_rows_cells_and_who_writes_what(ctx: None) -> None:
    period = get_period(db.session, 2023)
    cluster = get_cluster(db.session, period, "C1")
    grid = load_grid(db.session, period, cluster, user("c1.leader"))
    assert [m.code for m in grid.members][:2] == ["HGI", "CBG"]
    assert grid.writable == {m.code for m in grid.members} - {"LSN"}
    leader = next(m for m in grid.members if m.is_leader)
    assert (leader.code, leader.readonly_reason) == ("LSN", "deputy_enters")
    section = grid.rows[0]
    assert (section.code, section.kind, section.max_points, section.depth) == (
        "I",
        "section",
        Decimal(20),
        0,
    )
    assert grid.cell("HGI", "I.1").value == Decimal("5.5")
    assert grid.figures["QNH"].bonus_capped and grid.figures["QNH"].bonus == Decimal(5)
    assert grid.open and grid.can_write and grid.version == 1
    deputy = load_grid(db.session, period, cluster, user("c1.deputy"))
    assert deputy.writable == {"LSN"}


def test_a_large_gap_between_self_and_cluster_score_is_flagged(ctx: None) -> None:
    save(
        "c1.leader",
        1,
        ScoreEntry("HGI", "II.2", "5", self_value="8.5"),
        ScoreEntry("CBG", "II.2", "6", self_value="7.25"),
    )
    period = get_period(db.session, 2023)
    grid = load_grid(db.session, period, get_cluster(db.session, period, "C1"), user("c1.leader"))
    assert grid.cell("HGI", "II.2").gap and not grid.cell("CBG", "II.2").gap


def test_empty_save_at_the_current_version_changes_nothing(ctx: None) -> None:
    assert (save("c1.leader", 1).version, save("c1.leader", 1).changed) == (1, 0)
    with pytest.raises(Conflict):
        save("c1.leader", 7)


def test_malformed_requests_name_every_problem() -> None:
    with pytest.raises(ProblemsFound) as caught:
        read_save_request({"version": "1", "scores": [{"federation": "HGI"}, "x"]})
    assert [p.where for p in caught.value.problems] == ["version", "scores[0]", "scores[1]"]
    version, entries = read_save_request(
        {
            "version": 3,
            "scores": [{"federation": "HGI", "indicator": "I.1", "value": None, "note": ""}],
        }
    )
    assert version == 3 and entries[0].value is None and entries[0].note == ""
    assert repr(entries[0].self_value) == "UNCHANGED"


def test_two_saves_at_the_same_version_at_once_one_wins_the_other_conflicts(
    sample_app: Flask, ctx: None
) -> None:
    """The version check is atomic: the second writer waits for the first, then conflicts."""
    outcome: list[object] = []

    def second_writer() -> None:
        with sample_app.app_context():
            try:
                save("c1.leader", 1, ScoreEntry("CBG", "I.1", "1"))
                outcome.append("saved")
            except Conflict as exc:
                outcome.append(exc)

    period = get_period(db.session, 2023)
    save_scores(db.session, period, get_cluster(db.session, period, "C1"), user("c1.leader"), 1,
                [ScoreEntry("HGI", "I.1", "4")])  # fmt: skip
    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(0.5)  # it must be waiting for our uncommitted save
    assert thread.is_alive()
    db.session.commit()
    thread.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)
    assert stored("HGI", "I.1")[0] == Decimal(4) and stored("CBG", "I.1")[0] == Decimal("4.75")


def test_a_conflict_says_whether_its_list_of_changes_is_complete(ctx: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the newest changes are looked through; a page may take others' changes in by
    itself only when the list reaches back to the version it saw (static/js/grid.js)."""
    from scoring.services import score_versions

    for version, value in enumerate(["1", "2", "3", "4"], start=1):
        save("c1.leader", version, ScoreEntry("CBG", "I.1", value))
    monkeypatch.setattr(score_versions, "CHANGES_LOOKED_AT", 3)
    with pytest.raises(Conflict) as caught:
        save("c1.leader", 1, ScoreEntry("HGI", "I.2", "1"))
    assert caught.value.changes_complete is False  # v2..v5 changed CBG; only 3 looked at
    with pytest.raises(Conflict) as caught:
        save("c1.leader", 3, ScoreEntry("HGI", "I.2", "1"))
    assert caught.value.changes_complete is True  # the 3 newest reach back to v3
    assert [c["after"] for c in caught.value.changes] == ["4"]

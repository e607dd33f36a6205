"""The `scoring` commands on a real database: import, export, rankings, refusals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select

from scoring.bundle.io import read_bundle
from scoring.extensions import db
from scoring.models import Federation, Period, Score
from tests.conftest import SAMPLE_2023


def _count(app, model) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


def _member(document: dict, code: str) -> dict:
    return next(m for c in document["clusters"] for m in c["members"] if m["federation"] == code)


def test_import_then_rankings_json_follows_the_rules(app, runner):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["import-period", str(SAMPLE_2023)])
    assert result.exit_code == 0, result.output
    out = runner.invoke(args=["rankings", "2023", "--json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["year"] == 2023 and doc["national_method"] == "raw"
    assert len(doc["clusters"]) == 9 and len(doc["national"]) == 63
    # QNH: bonus 3+3+2 capped at 5 (SCORING.md §3), so second behind TNN.
    qnh = _member(doc, "QNH")
    assert (qnh["bonus"], qnh["total"], qnh["rank"]) == (5.0, 93.5, 2)
    # HDG and HYN share 4th in C3 and are tied at the Bằng khen quota.
    for code in ("HDG", "HYN"):
        m = _member(doc, code)
        assert (m["rank"], m["award"], m["award_tie"]) == (4, "Bằng khen", True)
    # BDG is incomplete: ranked, flagged, never awarded.
    bdg = _member(doc, "BDG")
    assert bdg["complete"] is False and bdg["award"] is None
    # ... in the national list too (SCORING.md §3: incomplete is shown everywhere)
    national = {e["federation"]: e for e in doc["national"]}
    assert national["BDG"]["complete"] is False
    assert sum(not e["complete"] for e in doc["national"]) == 1
    # CTO reaches 90 but lacks 70 % of the votes: no flag, a certificate instead.
    assert _member(doc, "CTO")["award"] == "Bằng khen"
    assert set(qnh["sections"]) == {"I", "II", "III", "III.2", "IV", "V", "VI", "VII"}


def test_rankings_table_is_readable(app, runner):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    out = runner.invoke(args=["rankings", "2023"])
    assert out.exit_code == 0
    assert "Cụm thi đua số 3" in out.output
    assert "đồng hạng — đề nghị HĐ quyết định" in out.output
    assert "chưa đủ điểm" in out.output
    national = out.output.split("Xếp hạng toàn quốc\n", 1)[1]
    (bdg,) = [line for line in national.splitlines() if " BDG " in line]
    assert bdg.rstrip().endswith("chưa đủ điểm")


def test_existing_year_is_refused_without_replace(app, runner):  # type: ignore[no-untyped-def]
    assert runner.invoke(args=["import-period", str(SAMPLE_2023)]).exit_code == 0
    again = runner.invoke(args=["import-period", str(SAMPLE_2023)])
    assert again.exit_code == 1
    assert "--replace" in again.output
    assert _count(app, Period) == 1


def test_replace_swaps_the_whole_period(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    changed = tmp_path / "2023"
    shutil.copytree(SAMPLE_2023, changed)
    scores = (changed / "scores.csv").read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in scores if not line.startswith("LSN,")]
    (changed / "scores.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-period", str(changed), "--replace"])
    assert result.exit_code == 0, result.output
    assert _count(app, Period) == 1
    assert _count(app, Score) == len(kept) - 1
    doc = json.loads(runner.invoke(args=["rankings", "2023", "--json"]).output)
    assert _member(doc, "LSN")["complete"] is False


def test_broken_bundle_reports_every_problem_and_writes_nothing(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE_2023, broken)
    lines = (broken / "scores.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].split(",", 2)[0] + ",I.1,99" + ",,"
    lines[2] = "XXX,I.1,1,,"
    (broken / "scores.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fed = (broken / "federations.csv").read_text(encoding="utf-8-sig").splitlines()
    fed.append("NEW,Đơn vị mới,C99,")
    (broken / "federations.csv").write_text("\n".join(fed) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-period", str(broken)])
    assert result.exit_code == 1
    assert "scores.csv:2" in result.output and "99" in result.output
    assert "scores.csv:3" in result.output and "XXX" in result.output
    assert "federations.csv" in result.output and "C99" in result.output
    assert "Traceback" not in result.output
    assert _count(app, Period) == 0 and _count(app, Federation) == 0


def test_unknown_year_and_missing_path_exit_1_without_traceback(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    for args in (["rankings", "1999"], ["import-period", str(tmp_path / "nowhere")],
                 ["export-period", "1999", str(tmp_path / "x")]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, args
        assert "Traceback" not in result.output


def test_export_then_import_gives_the_same_period_csv_and_xlsx(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    original = read_bundle(SAMPLE_2023)
    for target in (tmp_path / "out", tmp_path / "out.xlsx"):
        assert runner.invoke(args=["export-period", "2023", str(target)]).exit_code == 0
        assert read_bundle(target) == original, target
    before = runner.invoke(args=["rankings", "2023", "--json"]).output
    assert runner.invoke(args=["import-period", str(tmp_path / "out.xlsx"), "--replace"]).exit_code == 0
    assert runner.invoke(args=["rankings", "2023", "--json"]).output == before


def test_load_sample_is_idempotent(app, runner):  # type: ignore[no-untyped-def]
    first = runner.invoke(args=["load-sample"])
    assert first.exit_code == 0 and "2023" in first.output
    second = runner.invoke(args=["load-sample"])
    assert second.exit_code == 0 and "bỏ qua" in second.output
    assert _count(app, Period) == len([p for p in Path(SAMPLE_2023).parent.iterdir() if (p / "settings.csv").exists()])


def test_notes_and_values_arrive_exactly_whatever_they_hold(app, tmp_path):  # type: ignore[no-untyped-def]
    """The bulk score write (COPY on PostgreSQL, executemany on SQLite) keeps every note
    and value exactly: tabs, newlines, backslashes, quotes, \\N, Unicode, empty notes."""
    from dataclasses import replace

    from scoring.database import unit_of_work
    from scoring.services.period_export import export_period
    from scoring.services.period_import import import_period
    from scoring.services.rankings import get_period

    nasty = ["a\tb", "dòng 1\ndòng 2", "C:\\thư mục\\", '"trích dẫn" \'đơn\'', "\\N", "\\.", "=SUM(A1)",
             "🏆 Cờ thi đua", "  khoảng trắng  ", None, "x" * 2000]  # fmt: skip
    original = read_bundle(SAMPLE_2023)
    scores = [replace(s, note=nasty[i % len(nasty)]) for i, s in enumerate(original.scores)]
    bundle = replace(original, scores=scores)
    with app.app_context(), unit_of_work() as session:
        import_period(session, bundle)
    with app.app_context(), unit_of_work() as session:
        back = export_period(session, get_period(session, 2023))
    assert [(s.federation, s.indicator, s.value, s.self_value, s.note) for s in back.scores] == [
        (s.federation, s.indicator, s.value, s.self_value, s.note) for s in scores
    ]


def test_create_user_notes_a_cluster_no_period_has_and_one_a_role_ignores(sample_app, runner):  # type: ignore[no-untyped-def]
    from scoring.models import User

    def create(*args: str):  # type: ignore[no-untyped-def]
        result = runner.invoke(args=["create-user", *args, "--password-stdin"], input="mat-khau-du-dai\n")
        assert result.exit_code == 0, result.output
        return result.output

    assert "Note" not in create("c1.new", "--role", "leader", "--cluster", "C1")
    assert "no period has a cluster «C99» yet" in create("c99.new", "--role", "deputy", "--cluster", "C99")
    assert "--cluster is ignored for committee" in create("comm.new", "--role", "committee", "--cluster", "C1")
    with sample_app.app_context():
        roles = {name: code for name, code in db.session.execute(select(User.username, User.cluster_code))}
    assert roles["c99.new"] == "C99" and roles["comm.new"] is None

"""Backups round-trip on the real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import zipfile

from sqlalchemy import select

from scoring.extensions import db
from scoring.models import User
from tests.conftest import SAMPLE_2023


def _rankings(runner) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["rankings", "2023", "--json"])
    assert result.exit_code == 0, result.output
    return result.output


def test_backup_then_restore_gives_back_the_same_data(app, runner, accounts, tmp_path):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    before = _rankings(runner)
    backup = tmp_path / "backup.zip"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    manifest = json.loads(zipfile.ZipFile(backup).read("manifest.json"))
    assert manifest["with_accounts"] is True and manifest["tables"]["users"] == len(accounts)
    # The data changes after the backup: a score is cleared, the period replaced.
    runner.invoke(args=["import-period", str(SAMPLE_2023), "--replace"])
    assert runner.invoke(args=["restore", str(backup), "--yes"]).exit_code == 0
    assert _rankings(runner) == before
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "c1.leader")) is not None
    # New rows after a restore get fresh ids (PostgreSQL sequences continue).
    assert runner.invoke(args=["create-user", "new.one", "--role", "committee", "--password-stdin"],
                         input="mat-khau-moi-1\n").exit_code == 0


def test_backup_without_accounts_leaves_accounts_alone(app, runner, accounts, tmp_path):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    backup = tmp_path / "periods-only.zip"
    assert runner.invoke(args=["backup", str(backup), "--without-accounts"]).exit_code == 0
    assert "tables/users.jsonl" not in zipfile.ZipFile(backup).namelist()
    runner.invoke(args=["create-user", "later", "--role", "committee", "--password-stdin"], input="mat-khau-moi-1\n")
    assert runner.invoke(args=["restore", str(backup), "--yes"]).exit_code == 0
    with app.app_context():
        names = set(db.session.scalars(select(User.username)))
    assert "later" in names and "c1.leader" in names


def test_a_damaged_backup_is_refused_and_nothing_changes(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    before = _rankings(runner)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    result = runner.invoke(args=["restore", str(bad), "--yes"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert _rankings(runner) == before


def _rewrite(source, target, revision, drop_tables=(), drop_columns=None):  # type: ignore[no-untyped-def]
    """A copy of a backup as an older schema revision would have written it."""
    drop_columns = drop_columns or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name).decode("utf-8")
            table = name.removeprefix("tables/").removesuffix(".jsonl")
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["schema_revision"] = revision
                data = json.dumps(manifest)
            elif table in drop_tables:
                continue
            elif table in drop_columns:
                rows = [json.loads(line) for line in data.splitlines() if line.strip()]
                for row in rows:
                    for column in drop_columns[table]:
                        del row[column]
                data = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
            new.writestr(name, data)


def test_a_backup_from_before_an_additive_migration_still_restores(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    before = _rankings(runner)
    backup = tmp_path / "now.zip"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    # Revision 0001 had neither ranking_documents (0002) nor clusters.data_version (0003).
    old = tmp_path / "0001.zip"
    _rewrite(backup, old, "0001", drop_tables=("ranking_documents",),
             drop_columns={"clusters": ("data_version",)})  # fmt: skip
    runner.invoke(args=["import-period", str(SAMPLE_2023), "--replace"])
    result = runner.invoke(args=["restore", str(old), "--yes"])
    assert result.exit_code == 0, result.output
    assert _rankings(runner) == before


def test_stored_rankings_from_an_older_program_are_not_restored_but_computed_again(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    """Revision 0003 stored rankings documents whose national entries had no ``complete``;
    restored into today's schema, the document is computed again in today's form."""
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    now = json.loads(_rankings(runner))
    assert all("complete" in entry for entry in now["national"])
    backup, old = tmp_path / "now.zip", tmp_path / "0003.zip"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(old, "w") as target:
        for name in source.namelist():
            data = source.read(name).decode("utf-8")
            if name == "manifest.json":
                data = json.dumps({**json.loads(data), "schema_revision": "0003"})
            elif name == "tables/ranking_documents.jsonl":
                rows = [json.loads(line) for line in data.splitlines() if line.strip()]
                assert rows, "the rankings call above stored a document"
                for row in rows:
                    document = json.loads(row["document"])
                    for entry in document["national"]:
                        del entry["complete"]
                    row["document"] = json.dumps(document, ensure_ascii=False)
                data = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
            target.writestr(name, data)
    result = runner.invoke(args=["restore", str(old), "--yes"])
    assert result.exit_code == 0, result.output
    assert json.loads(_rankings(runner)) == now


def test_a_backup_missing_a_table_or_of_an_unknown_revision_is_refused(app, runner, tmp_path):  # type: ignore[no-untyped-def]
    runner.invoke(args=["import-period", str(SAMPLE_2023)])
    before = _rankings(runner)
    backup = tmp_path / "now.zip"
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 0
    with zipfile.ZipFile(backup) as archive:
        revision = json.loads(archive.read("manifest.json"))["schema_revision"]
    damaged, future = tmp_path / "damaged.zip", tmp_path / "future.zip"
    _rewrite(backup, damaged, revision, drop_tables=("scores",))
    _rewrite(backup, future, "9999")
    for bad, words in ((damaged, "scores"), (future, "9999")):
        result = runner.invoke(args=["restore", str(bad), "--yes"])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert words in result.output
    assert _rankings(runner) == before


def test_the_backup_knows_the_newest_migration() -> None:
    """A new migration must say whether older backups still restore (services/backup.py)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from scoring.paths import resource_dir
    from scoring.services.backup import RESTORES_FROM, SCHEMA_HEAD

    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD
    assert SCHEMA_HEAD in RESTORES_FROM

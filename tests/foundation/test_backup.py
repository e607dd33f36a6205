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

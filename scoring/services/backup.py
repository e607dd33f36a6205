"""Backups: a consistent snapshot of every period (and, if asked, the accounts)
in one zip file, and restoring it in one transaction.

The file holds ``manifest.json`` (format, schema revision, row counts) and one
JSON-lines file per table with the rows as stored. Reading happens inside one
transaction (REPEATABLE READ on PostgreSQL; SQLite's transaction is already a
snapshot), so a backup taken while people save is still consistent. Restoring
replaces what the backup covers, all or nothing.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, Table, insert, select, text, update
from sqlalchemy.orm import Session

from scoring.extensions import db
from scoring.models.types import FixedPoint, UTCDateTime

from .cache import clear as forget_cached_rankings
from .errors import DomainError

FORMAT = "scoring-backup"
FORMAT_VERSION = 1
ACCOUNT_TABLES = ("users", "api_tokens")
# The newest migration this code knows (a test compares it with migrations/), and the
# older revisions whose backups still restore into it, so that an upgrade does not
# strand yesterday's backups: every migration since them only added tables (restored
# empty), columns with defaults (which the restored rows take), or emptied a cache
# (0004: NOT_RESTORED_FROM_OLDER keeps an older backup's copy out). Any other migration
# that changes data must leave this set as it is, or empty it.
SCHEMA_HEAD = "0004"
RESTORES_FROM = {"0001", "0002", "0003", SCHEMA_HEAD}
# A cache, recomputed on demand: from an older program its documents may be of an older form.
NOT_RESTORED_FROM_OLDER = {"ranking_documents"}


def _tables(with_accounts: bool) -> list[Table]:
    """Tables in the order they can be inserted (parents first)."""
    return [t for t in db.metadata.sorted_tables if with_accounts or t.name not in ACCOUNT_TABLES]


def _schema_revision(session: Session) -> str | None:
    try:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # noqa: BLE001 - a database made without migrations has no table
        return None


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def write_backup(
    session: Session, target: Path | io.BytesIO, with_accounts: bool = True
) -> dict[str, int]:
    """Write the snapshot; returns the row count of each table."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    counts: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in _tables(with_accounts):
            lines = []
            for row in session.execute(select(table).order_by(*table.primary_key.columns)):
                lines.append(
                    json.dumps({k: _encode(v) for k, v in row._mapping.items()}, ensure_ascii=False)
                )
            archive.writestr(f"tables/{table.name}.jsonl", "\n".join(lines))
            counts[table.name] = len(lines)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "schema_revision": _schema_revision(session),
            "with_accounts": with_accounts,
            "tables": counts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return counts


def _decoder(column: Any) -> Any:
    kind = column.type
    if isinstance(kind, FixedPoint):
        return lambda v: None if v is None else Decimal(v)
    if isinstance(kind, UTCDateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise DomainError(
            "Tệp không phải bản sao lưu của chương trình (thiếu manifest.json).",
            "The file is not a backup of this program (no manifest.json).",
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise DomainError(
            "Định dạng bản sao lưu không được hỗ trợ.", "This backup format is not supported."
        )
    return manifest


def restore_backup(session: Session, source: Path | io.BytesIO) -> dict[str, int]:
    """Replace the data the backup covers with its content, in the caller's transaction."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DomainError(
            "Tệp sao lưu bị hỏng hoặc không đọc được.", "The backup file is damaged or unreadable."
        ) from exc
    with archive:
        manifest = read_manifest(archive)
        if not _restorable(manifest["schema_revision"], _schema_revision(session)):
            raise DomainError(
                f"Bản sao lưu thuộc lược đồ {manifest['schema_revision']}, cơ sở dữ liệu đang ở "
                f"{_schema_revision(session)}; hãy chạy «scoring init-db» với phiên bản tương ứng.",
                f"The backup is of schema {manifest['schema_revision']} but the database is at "
                f"{_schema_revision(session)}; run «scoring init-db» with the matching version.",
            )
        tables = _tables(bool(manifest["with_accounts"]))
        _clear(session, tables)
        older = manifest["schema_revision"] != _schema_revision(session)
        counts = {table.name: _load_table(session, archive, table, older) for table in tables}
        _link_cluster_officers(session, archive)
        _reset_sequences(session, tables)
    forget_cached_rankings()
    return counts


def _restorable(backup: str | None, database: str | None) -> bool:
    """The same revision, or an older one whose rows the database's schema still takes."""
    return backup == database or (database == SCHEMA_HEAD and backup in RESTORES_FROM)


def _clear(session: Session, tables: list[Table]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(f"TRUNCATE {', '.join(t.name for t in tables)} RESTART IDENTITY CASCADE")
        )
        return
    if any(t.name == "clusters" for t in tables):
        session.execute(text("UPDATE clusters SET leader_id = NULL, deputy_id = NULL"))
    for table in reversed(tables):
        if table.name == "indicators":
            session.execute(update(table).values(parent_id=None))
        session.execute(table.delete())


def _rows(archive: zipfile.ZipFile, table: Table, older: bool = False) -> list[dict[str, Any]]:
    """The backup's rows of ``table``; none for a table newer than an ``older`` backup."""
    name = f"tables/{table.name}.jsonl"
    if name not in archive.namelist():
        if older:
            return []
        raise DomainError(
            f"Tệp sao lưu bị hỏng: thiếu bảng {table.name}.",
            f"The backup file is damaged: the table {table.name} is missing.",
        )
    data = archive.read(name).decode("utf-8")
    decoders = {c.name: _decoder(c) for c in table.columns}
    rows = []
    for line in data.splitlines():
        if line.strip():
            raw = json.loads(line)
            rows.append({k: decoders[k](v) for k, v in raw.items() if k in decoders})
    return rows


def _load_table(session: Session, archive: zipfile.ZipFile, table: Table, older: bool) -> int:
    if older and table.name in NOT_RESTORED_FROM_OLDER:
        return 0
    rows = _rows(archive, table, older)
    if table.name == "clusters":  # officers point at federations, linked afterwards
        rows = [{**r, "leader_id": None, "deputy_id": None} for r in rows]
    for start in range(0, len(rows), 10_000):
        session.execute(insert(table), rows[start : start + 10_000])
    return len(rows)


def _link_cluster_officers(session: Session, archive: zipfile.ZipFile) -> None:
    clusters = db.metadata.tables["clusters"]
    for row in _rows(archive, clusters):
        if row.get("leader_id") or row.get("deputy_id"):
            session.execute(
                update(clusters)
                .where(clusters.c.id == row["id"])
                .values(leader_id=row.get("leader_id"), deputy_id=row.get("deputy_id"))
            )


def _reset_sequences(session: Session, tables: list[Table]) -> None:
    """PostgreSQL's id sequences must continue after the restored ids."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        # Table names come from our own metadata, never from users.
        sql = (
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
            f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
        )
        session.execute(text(sql))

"""Offline scoring: a cluster's template to download; an upload read into a preview of
changes; the confirmed changes saved all or nothing through ``save_scores``.

The preview's changes travel to the confirmation inside the page (the web
layer signs them with the app's secret, so nobody can alter them in between),
together with the cluster's version seen at preview time: if anyone saves in between,
``save_scores`` answers Conflict and nothing is written. Permissions are
``permissions``' (a leader account cannot change its own federation's
scores), checked at preview time to point at the cells, and again by
``save_scores`` itself.

What the template holds, and the check that an upload is today's template of this
cluster, are ``entry_template``'s.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from sqlalchemy import select
from sqlalchemy.orm import Session

from scoring.engine.problems import Problem, ProblemsFound
from scoring.engine.types import BASE_KINDS, SECTION
from scoring.engine.values import fmt
from scoring.local_time import moment
from scoring.models import AuditEntry, Cluster, Federation, Period
from scoring.reports.changes import Change, Leaf, propose
from scoring.reports.template import build_template
from scoring.reports.upload import read_template

from . import audit, permissions
from .entry_template import (
    int_or_none,
    require_same_template,
    scheme_indicators,
    stored_cells,
    template_spec,
)
from .errors import DomainError, Forbidden
from .scores import UNCHANGED, SaveResult, ScoreEntry, save_scores


@dataclass(frozen=True)
class UploadPreview:
    year: int
    cluster: str
    version: int  # the cluster's version now: a save in between makes confirming a Conflict
    template_version: int | None
    sheet: str
    filename: str
    changes: tuple[Change, ...]
    values_now: tuple[tuple[str, str, Decimal | None], ...] = ()  # each changed cell's value

    @property
    def stale(self) -> bool:
        """Someone saved after the template was downloaded (their untouched cells stand)."""
        return self.template_version is not None and self.template_version != self.version

    @property
    def overrides(self) -> int:
        return sum(1 for c in self.changes if c.overrides)

    @property
    def emptied(self) -> list[tuple[str, list[str]]]:
        """Federations left without a base score the file clears, with those indicators:
        the unit becomes incomplete (the cluster cannot submit, the unit gets no award),
        which the person should know before confirming, not after (SCORING.md §3)."""
        found: dict[str, list[str]] = {}
        for c in self.changes:
            if c.field == "value" and c.kind in BASE_KINDS and c.new is None and c.old is not None:
                found.setdefault(c.federation_name, []).append(c.indicator)
        return list(found.items())


def template_workbook(
    session: Session, period: Period, cluster: Cluster, user: permissions.Actor, now: datetime
) -> bytes:
    """The cluster's score-entry template for ``user``: only their columns are open."""
    return build_template(template_spec(session, period, cluster, user, now))


def preview_upload(
    session: Session,
    period: Period,
    cluster: Cluster,
    user: permissions.Actor,
    filename: str,
    data: bytes,
    max_bytes: int,
) -> UploadPreview:
    """Read an uploaded template: every change it proposes, or ProblemsFound with every
    problem located (RefusedFile, a ProblemsFound, for a file that is not a template)."""
    permissions.require_open(period, cluster)
    writable = permissions.writable_federation_ids(user, cluster)
    if not writable:
        raise Forbidden(
            f"Bạn không có quyền chấm điểm {cluster.name}.",
            f"You may not enter scores for {cluster.name}.",
        )
    reading = read_template(filename, data, max_bytes)
    require_same_template(session, period, cluster, reading.meta, filename)
    indicators = scheme_indicators(session, period)
    leaves = {
        i.code: Leaf(i.code, i.name, i.kind, i.max_points) for i in indicators if i.kind != SECTION
    }
    members = {f.code: f for f in cluster.members}
    order = {f.code: n for n, f in enumerate(cluster.members)} | {
        i.code: n for n, i in enumerate(indicators)
    }
    current = {
        (f, i, field): value
        for (f, i), values in stored_cells(session, cluster).items()
        for field, value in zip(("value", "self_value", "note"), values, strict=True)
    }
    changes, problems = propose(
        reading, {c: f.name for c, f in members.items()}, leaves,
        {i.code for i in indicators if i.kind == SECTION}, current, order,
    )  # fmt: skip
    problems += _not_yours(changes, members, writable, cluster, user)
    if problems:
        raise ProblemsFound(problems)
    version = session.scalar(select(Cluster.version).where(Cluster.id == cluster.id))
    template_version = int_or_none(reading.meta.get("version"))
    values_now = {(c.federation, c.indicator) for c in changes}
    return UploadPreview(
        period.year, cluster.code, int(version or 0), template_version, reading.sheet,
        filename, tuple(changes),
        tuple((f, i, current.get((f, i, "value"))) for f, i in sorted(values_now)),  # type: ignore[misc]
    )  # fmt: skip


def sealed_changes(preview: UploadPreview) -> dict[str, Any]:
    """What the confirmation must carry back (the web layer signs it): the version seen
    now, one entry per changed cell, and a number naming this preview (so that confirming
    it twice, by the Back button, says it was saved rather than "someone saved")."""
    return {
        "y": preview.year,
        "c": preview.cluster,
        "v": preview.version,
        "file": preview.filename,
        "e": _entries(preview),
        "n": secrets.token_hex(8),
    }


class AlreadySaved(DomainError):
    """This very preview was confirmed before: nothing to do, and nothing went wrong."""

    status = 200


def confirm_upload(
    session: Session,
    period: Period,
    cluster: Cluster,
    user: permissions.Actor,
    payload: dict[str, Any],
) -> SaveResult:
    """Save a preview's changes (``sealed_changes``) all or nothing; Conflict if anyone
    saved since the preview, and every refusal of ``save_scores``."""
    entries_in = payload.get("e")
    if (payload.get("y"), payload.get("c")) != (period.year, cluster.code) or not isinstance(
        entries_in, list
    ):
        raise DomainError(
            "Bản xem trước không khớp cụm này; chưa ghi gì. Hãy tải tệp lên lại.",
            "The preview does not match this cluster; nothing was saved. Upload the file again.",
        )
    _refuse_if_saved(session, period, cluster, payload.get("n"))
    entries = [
        ScoreEntry(
            federation=str(e["f"]),
            indicator=str(e["i"]),
            value=e.get("v"),
            self_value=e.get("s", UNCHANGED),
            note=e.get("n", UNCHANGED),
        )
        for e in entries_in
    ]
    result = save_scores(session, period, cluster, user, int(payload["v"]), entries)
    audit.record(
        session, user.username, "score.upload", year=period.year, cluster=cluster.code,
        after={"file": payload.get("file"), "changes": result.changed, "version": result.version,
               "preview": payload.get("n")},
    )  # fmt: skip
    session.flush()
    return result


def _refuse_if_saved(session: Session, period: Period, cluster: Cluster, preview: Any) -> None:
    """AlreadySaved when the cluster's audit trail holds this preview's upload."""
    if not isinstance(preview, str) or not preview.isalnum():
        return  # a preview sealed before previews were numbered
    saved = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "score.upload",
            AuditEntry.period_year == period.year,
            AuditEntry.cluster_code == cluster.code,
            AuditEntry.after.contains(audit.stored_field("preview", preview)),
        )
        .limit(1)
    ).first()
    if saved is None:
        return
    after = json.loads(saved.after or "{}")
    when = moment(saved.at)
    raise AlreadySaved(
        f"Tệp {after.get('file') or ''} đã được lưu lúc {when} (phiên bản {after.get('version')}); "
        "không cần xác nhận lại, không có gì được ghi thêm.",
        f"The file {after.get('file') or ''} was saved at {when} (version {after.get('version')}); "
        "there is no need to confirm it again, and nothing more was written.",
    )


# --- helpers ---------------------------------------------------------------------------


def _entries(preview: UploadPreview) -> list[dict[str, Any]]:
    """One entry per cell: the value always (as it is now when unchanged), the rest if changed."""
    now = {(f, i): v for f, i, v in preview.values_now}
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for change in preview.changes:
        cell = (change.federation, change.indicator)
        entry = entries.setdefault(
            cell, {"f": change.federation, "i": change.indicator, "v": _text(now.get(cell))}
        )
        key = {"value": "v", "self_value": "s", "note": "n"}[change.field]
        entry[key] = _text(change.new)
    return list(entries.values())


def _text(value: Decimal | str | None) -> str | None:
    return fmt(value) if isinstance(value, Decimal) else value


def _not_yours(
    changes: list[Change],
    members: dict[str, Federation],
    writable: set[int],
    cluster: Cluster,
    user: permissions.Actor,
) -> list[Problem]:
    """One problem per federation whose scores ``user`` may not change, at its first cell,
    naming every cell changed there: undoing them one upload at a time would take as many
    uploads as cells."""
    cells: dict[str, list[str]] = {}
    for change in changes:
        if members[change.federation].id not in writable:
            cells.setdefault(change.federation, []).append(change.where)
    problems = []
    for code, where in cells.items():
        try:
            permissions.require_write_federation(user, cluster, members[code])
        except Forbidden as exc:
            where.sort(key=_reading_order)
            shown = ", ".join(w.rpartition("!")[2] for w in where)
            problems.append(Problem(
                where[0],
                f"{exc.vi} Các ô đã sửa: {shown}; hãy trả lại giá trị cũ hoặc tải mẫu mới.",
                f"{exc.en} Cells changed: {shown}; put back what they held or download a new template.",
            ))  # fmt: skip
    return problems


def _reading_order(where: str) -> tuple[int, int]:
    """ "Điểm C2 2025!T8" -> (8, 20): row by row, left to right, as a person reads a sheet."""
    letters, row = coordinate_from_string(where.rpartition("!")[2])
    return row, column_index_from_string(letters)

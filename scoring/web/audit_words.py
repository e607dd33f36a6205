"""The audit trail's stored before/after and details, worded for the council's page.

The trail stores what changed as it was: JSON objects for states and accounts
(``{"state": "submitted", "note": null}``) and ``field=value version=3`` beside a
changed score. The CSV download keeps that exact text; the page says it in words.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .formatting import plain, role_word

FIELD_WORDS = {
    "username": _l("tài khoản"),
    "user": _l("tài khoản"),
    "role": _l("vai trò"),
    "cluster": _l("cụm"),
    "active": _l("đang dùng"),
    "locked_until": _l("tạm khóa đến"),
    "state": _l("trạng thái"),
    "note": _l("lý do"),
    "locked": _l("năm đã khóa"),
    "snapshot": _l("bản công bố số"),
    "sha256": _l("mã kiểm tra"),
    "file": _l("tệp"),
    "changes": _l("số ô thay đổi"),
    "version": _l("phiên bản"),
    "preview": _l("mã bản xem trước"),
    "locked_by": _l("khóa bởi"),
    "snapshots": _l("bản công bố bị thu hồi"),
    "created_at": _l("cấp lúc"),
}
STATE_WORDS = {
    "open": _l("đang chấm"),
    "submitted": _l("đã gửi"),
    "accepted": _l("đã chấp nhận"),
}
SCORE_FIELDS = {
    "value": _l("điểm cụm chấm"),
    "self_value": _l("điểm tự chấm"),
    "note": _l("ghi chú"),
}
_SCORE_DETAIL = re.compile(r"^field=(\w+) version=(\d+)$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


# Actions whose before/after are the values people typed (a score, a note): shown as
# they are, never read as JSON, whatever a note looks like.
TYPED = {"score.update"}


def change_text(action: str, stored: str | None, detail: str | None = None) -> str:
    """A stored before/after: the program's own JSON objects as «word: value» pairs; values
    people typed, and anything else, as they are, but a score with the page's decimal sign
    (``detail`` says which field changed: a note that looks like a number stays as typed)."""
    if stored is None:
        return "∅"
    if action in TYPED:
        found = _SCORE_DETAIL.match(detail or "")
        is_score = found is not None and found.group(1) in ("value", "self_value")
        return plain(Decimal(stored)) if is_score and _NUMBER.match(stored) else stored
    try:
        data = json.loads(stored)
    except (ValueError, RecursionError):
        return stored
    if not isinstance(data, dict):
        return stored
    order = list(FIELD_WORDS)  # stored with sorted keys; read in this order (state, then reason)
    keys = sorted(data, key=lambda k: (order.index(k) if k in order else len(order), k))
    return "; ".join(f"{_word(FIELD_WORDS, key)}: {_value(key, data[key])}" for key in keys)


def detail_text(detail: str | None) -> str:
    """A changed score's detail («field=value version=3») in words; others as stored."""
    if not detail:
        return ""
    found = _SCORE_DETAIL.match(detail)
    if found is None:
        return detail
    return _(
        "%(field)s, phiên bản %(version)s",
        field=_word(SCORE_FIELDS, found.group(1)),
        version=found.group(2),
    )


def _word(words: dict[str, Any], key: str) -> str:
    return str(words[key]) if key in words else key


def _value(key: str, value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if key == "state":
        return _word(STATE_WORDS, str(value))
    if key == "role":
        return role_word(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "∅"
    return str(value)

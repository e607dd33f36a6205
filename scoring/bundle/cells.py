"""Turning one cell of a bundle into text, a code, a whole number, a share or a date.

Cells arrive as whatever the file holds: always ``str`` from a CSV file, and
``str``, ``int``, ``float``, ``bool`` or ``datetime`` from a workbook. These
functions accept all of that the way a person would mean it and raise
``InvalidValue`` (both languages, naming the value) for anything else. Numbers
with points use ``engine.values.parse_number``; only what it does not cover is here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from scoring.engine.problems import InvalidValue
from scoring.engine.values import fmt, is_blank, parse_number

CODE_LENGTH = 40
NAME_LENGTH = 300
TEXT_LENGTH = 32767  # the most an Excel cell holds: longer text could not be exported
MAX_COUNT = 1_000_000_000
SHARE_PLACES = Decimal("0.0001")  # shares are stored with 4 places (66,67 % = 0.6667)

# Characters XML 1.0 (and so .xlsx) cannot hold; tab and line ends are fine.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CODE_FORBIDDEN = re.compile(r"[\s;/]")
_FRACTION = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def plain(raw: object) -> str:
    """Any cell as the text a person sees: 12 not 12.0, a date as YYYY-MM-DD."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else format(raw, ".15g")
    if isinstance(raw, Decimal):
        return fmt(raw)
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)


def note_text(raw: object) -> str | None:
    """Free text kept exactly as written (line ends as ``\\n``); None when blank.

    Line ends are unified because a workbook cannot keep ``\\r``; control
    characters are refused because neither XML nor the database can hold them.
    """
    if raw is None:
        return None
    text = plain(raw)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None
    if UNSTORABLE.search(text):
        raise InvalidValue(
            "chứa ký tự điều khiển không lưu được (ví dụ ký tự NUL)",
            "contains a control character that cannot be stored (e.g. NUL)",
        )
    if len(text) > TEXT_LENGTH:
        raise InvalidValue(
            f"dài {len(text)} ký tự, quá giới hạn {TEXT_LENGTH} ký tự của một ô",
            f"is {len(text)} characters long, over a cell's limit of {TEXT_LENGTH}",
        )
    return text


def text(raw: object, limit: int = TEXT_LENGTH) -> str | None:
    """A name, title or guidance: trimmed text; None when blank."""
    value = note_text(raw)
    if value is None:
        return None
    value = value.strip()
    if len(value) > limit:
        raise InvalidValue(
            f"«{value[:40]}…» dài quá {limit} ký tự",
            f"«{value[:40]}…» is longer than {limit} characters",
        )
    return value


def code(raw: object) -> str | None:
    """A code (cluster, federation, indicator): trimmed, no spaces, ';' or '/'; None when blank.

    ';' separates codes in ``succeeds`` and tie-breakers, and codes appear in
    web addresses, so those characters would break references elsewhere.
    """
    if is_blank(raw):
        return None
    value = plain(raw).strip()
    if _CODE_FORBIDDEN.search(value) or UNSTORABLE.search(value):
        raise InvalidValue(
            f"mã «{value}» không được chứa khoảng trắng, «;» hoặc «/»",
            f"code «{value}» must not contain spaces, «;» or «/»",
        )
    if len(value) > CODE_LENGTH:
        raise InvalidValue(
            f"mã «{value}» dài quá {CODE_LENGTH} ký tự",
            f"code «{value}» is longer than {CODE_LENGTH} characters",
        )
    return value


def whole_number(raw: object, minimum: int = 0) -> int:
    """A count (votes, voters, award count): a whole number ≥ ``minimum``.

    "12", 12, 12.0 and "12,0" are all 12; "12,5" is refused.
    """
    number = parse_number(raw)
    if number != number.to_integral_value():
        raise InvalidValue(
            f"«{plain(raw)}» không phải số nguyên", f"«{plain(raw)}» is not a whole number"
        )
    if number < minimum:
        raise InvalidValue(
            f"«{plain(raw)}» phải từ {minimum} trở lên", f"«{plain(raw)}» must be {minimum} or more"
        )
    if number > MAX_COUNT:
        raise InvalidValue(f"«{plain(raw)}» quá lớn", f"«{plain(raw)}» is too large")
    return int(number)


def share(raw: object, *, allow_zero: bool) -> Decimal:
    """A share of 1: 0.25, "0,25", "25%" or an Excel percentage cell; at most 4 places.

    ``allow_zero`` distinguishes a quota share (0 < s ≤ 1) from a vote threshold
    (0 ≤ s ≤ 1).
    """
    value = _fraction(raw)
    low_ok = value >= 0 if allow_zero else value > 0
    if not low_ok or value > 1:
        low = "0 ≤" if allow_zero else "0 <"
        raise InvalidValue(
            f"«{plain(raw)}» phải trong khoảng {low} tỉ lệ ≤ 1 (ví dụ 0,25 hoặc 25%)",
            f"«{plain(raw)}» must be in the range {low} share ≤ 1 (e.g. 0.25 or 25%)",
        )
    return value


def _fraction(raw: object) -> Decimal:
    if isinstance(raw, str) and raw.strip().endswith("%"):
        value = _decimal(raw.strip()[:-1], raw) / 100
    else:
        value = _decimal(raw, raw)
    if abs(value) > 100:  # far outside any share; also keeps quantize below within precision
        raise InvalidValue(
            f"«{plain(raw)}» không phải tỷ lệ (từ 0 đến 1, ví dụ 0,25 hoặc 25%)",
            f"«{plain(raw)}» is not a share (0 to 1, e.g. 0.25 or 25%)",
        )
    if value.quantize(SHARE_PLACES) != value:
        raise InvalidValue(
            f"«{plain(raw)}» có quá 4 chữ số thập phân (tối đa 2 chữ số sau dấu phẩy của %)",
            f"«{plain(raw)}» has more than 4 decimal places (2 places of a percentage)",
        )
    return value + 0


def _decimal(body: object, raw: object) -> Decimal:
    """``body`` as a Decimal; Excel floats at 15 significant digits like ``parse_number``."""
    if isinstance(body, float) and body == body and abs(body) != float("inf"):
        return Decimal(format(body, ".15g"))
    if isinstance(body, int) and not isinstance(body, bool):
        return Decimal(body)
    if isinstance(body, str) and _FRACTION.match(body.strip()):
        try:
            return Decimal(body.strip().replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern rules this out
            raise _not_a_share(raw) from exc
    raise _not_a_share(raw)


def _not_a_share(raw: object) -> InvalidValue:
    return InvalidValue(
        f"«{plain(raw)}» không phải tỉ lệ (ví dụ hợp lệ: 0,25 hoặc 25%)",
        f"«{plain(raw)}» is not a share (valid examples: 0.25 or 25%)",
    )


def day(raw: object) -> date:
    """A date typed as YYYY-MM-DD, or a date cell from Excel."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str) and _ISO_DATE.match(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise InvalidValue(
        f"«{plain(raw)}» không phải ngày dạng NĂM-THÁNG-NGÀY (ví dụ 2023-12-05)",
        f"«{plain(raw)}» is not a date as YYYY-MM-DD (e.g. 2023-12-05)",
    )

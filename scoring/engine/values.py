"""Turning what users type into values (SCORING.md §2).

People type "12,5", "có", "x", or Excel hands us a float 30.01 that is really
30.009999…; these functions accept all of that and refuse anything else with a
reason in Vietnamese and English that names the allowed range.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .problems import InvalidValue
from .types import BONUS, PENALTY, POINTS, TARGET, YESNO

TWO_PLACES = Decimal("0.01")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_YES = {"1", "co", "dat", "x", "yes", "y", "true"}
_NO = {"0", "khong", "khong dat", "no", "n", "false"}


def round2(value: Decimal) -> Decimal:
    """Round to 2 places, half away from zero (SCORING.md §3)."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def vi_number(value: Decimal | int) -> str:
    """A number as Vietnamese messages write it: 12,5 (a decimal comma)."""
    return fmt(value).replace(".", ",")


def fmt(value: Decimal | int | None) -> str:
    """A number as a short plain string: 25 not 25.00, 12.5 not 12.50."""
    if value is None:
        return ""
    d = Decimal(value)
    if not d.is_finite():
        return str(d)
    if d == d.to_integral_value():
        return format(d, "f").split(".")[0]  # no quantize: it fails beyond 28 digits
    return format(d.normalize(), "f")


def is_blank(raw: object) -> bool:
    """Empty cells and empty strings are *missing*, not invalid."""
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def fold(text: str) -> str:
    """Lower-case without accents (đ → d), for case- and accent-insensitive words."""
    text = text.strip().lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.split())


def parse_number(raw: object) -> Decimal:
    """A number with at most 2 decimal places, from a cell or typed text.

    Floats are read at Excel's 15 significant digits, so a cell holding 30.01
    gives exactly 30.01. A comma decimal separator is accepted.
    """
    if isinstance(raw, bool):
        raise _not_a_number(raw)
    if isinstance(raw, date):
        raise _a_date(raw)
    if isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, int):
        number = Decimal(raw)
    elif isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise _not_a_number(raw)
        number = Decimal(format(raw, ".15g"))
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "")
        if not _NUMBER.match(text):
            raise _not_a_number(raw)
        places = len(text.replace(",", ".").partition(".")[2])
        if places > 2:
            # "1.200" is as often 1,200 written with a thousands separator as 1.2
            raise _too_many_places(raw, text if places == 3 else None)
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern rules this out
            raise _not_a_number(raw) from exc
    else:
        raise _not_a_number(raw)
    if not number.is_finite():
        raise _not_a_number(raw)
    if abs(number) >= Decimal("1e12"):
        raise InvalidValue(f"«{raw}» quá lớn", f"«{raw}» is too large")
    if round2(number) != number:
        raise _too_many_places(raw)
    return number + 0  # drops a negative zero's sign


def _too_many_places(raw: object, text: str | None = None) -> InvalidValue:
    """More than 2 places; for typed text with 3 ("4,125", "1.200"), both readings: a
    decimal to round, or thousands written with a separator."""
    vi_hint = en_hint = ""
    if text is not None:
        rounded = round2(Decimal(text.replace(",", ".")))
        whole = text.replace(",", "").replace(".", "").lstrip("+")
        vi_hint = (
            f" (nếu là số thập phân, hãy làm tròn còn 2 chữ số, ví dụ {vi_number(rounded)}; "
            f"nếu là số hàng nghìn, hãy viết liền không dấu: {whole})"
        )
        en_hint = (
            f" (if it is a decimal, round it to 2 places, e.g. {fmt(rounded)}; if it is "
            f"thousands, write them without a separator: {whole})"
        )
    return InvalidValue(
        f"«{raw}» có quá 2 chữ số thập phân{vi_hint}",
        f"«{raw}» has more than 2 decimal places{en_hint}",
    )


def _a_date(raw: date) -> InvalidValue:
    """A cell the office suite turned into a date: typed "4.5" on a computer whose
    decimal sign is the comma becomes the 4th of May. Say so, with the way out."""
    day = f"{raw:%d/%m/%Y}"
    return InvalidValue(
        f"ô này chứa ngày {day}, không phải số: có lẽ Excel đã tự đổi số vừa gõ thành ngày "
        "(ví dụ «4.5» thành 04/05); hãy định dạng ô là Số (Number) rồi gõ lại, ví dụ 4,5",
        f"the cell holds the date {day}, not a number: the spreadsheet probably turned what "
        "was typed into a date (e.g. «4.5» into 4 May); format the cell as Number and type it "
        "again, e.g. 4,5",
    )


def parse_yesno(raw: object) -> Decimal:
    """Yes or no as 1 or 0: accepts 1/0, "có", "đạt", "x" and "không", "không đạt"."""
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, int | float | Decimal) and raw in (0, 1):
        return Decimal(int(raw))
    if isinstance(raw, str):
        word = fold(raw)
        if word in _YES:
            return Decimal(1)
        if word in _NO:
            return Decimal(0)
    raise InvalidValue(
        f"«{raw}» không phải Có/Không (nhập 1, có, đạt, x hoặc 0, không, không đạt)",
        f"«{raw}» is not yes/no (enter 1, có, đạt, x or 0, không, không đạt)",
    )


def parse_value(
    kind: str, raw: object, max_points: Decimal | None = None, target: Decimal | None = None
) -> Decimal | None:
    """The value of one score for an indicator of ``kind``; None when missing.

    ``points``, ``bonus`` and ``penalty`` take 0 ≤ v ≤ max_points; ``target``
    takes a quantity v ≥ 0; ``yesno`` takes yes/no words. Raises InvalidValue.
    """
    if is_blank(raw):
        return None
    if kind == YESNO:
        return parse_yesno(raw)
    if kind not in (TARGET, POINTS, BONUS, PENALTY):
        raise InvalidValue(
            f"chỉ tiêu loại «{kind}» không nhận điểm",
            f"an indicator of kind «{kind}» takes no score",
        )
    try:
        number = parse_number(raw)
    except InvalidValue as exc:  # every refusal names the allowed range (§2)
        raise _outside(kind, max_points, target, exc.vi, exc.en) from None
    if number < 0:
        raise _outside(
            kind, max_points, target,
            f"«{vi_number(number)}» là số âm", f"«{fmt(number)}» is negative",
        )  # fmt: skip
    top = max_points if max_points is not None else Decimal(0)
    if kind != TARGET and number > top:
        raise _outside(
            kind, max_points, target,
            f"{vi_number(number)} vượt quá điểm tối đa {vi_number(top)}",
            f"{fmt(number)} exceeds the maximum {fmt(top)}",
        )  # fmt: skip
    return number


def _outside(
    kind: str, max_points: Decimal | None, target: Decimal | None, vi: str, en: str
) -> InvalidValue:
    """A refusal that names what the indicator allows (worded only when needed)."""
    vi_range, en_range = allowed_range(kind, max_points, target)
    return InvalidValue(f"{vi}; cho phép {vi_range}", f"{en}; allowed: {en_range}")


def allowed_range(
    kind: str, max_points: Decimal | None, target: Decimal | None = None
) -> tuple[str, str]:
    """What an indicator of ``kind`` accepts, in Vietnamese and English: named by every
    refusal of a value, and shown as a hint beside the grid's cells."""
    if kind == YESNO:
        return ("có/đạt/x/1 hoặc không/không đạt/0", "yes (có, đạt, x, 1) or no (không, 0)")
    if kind == TARGET:
        if target is None:
            return ("số lượng từ 0 trở lên", "a quantity of 0 or more")
        return (
            f"số lượng từ 0 trở lên (chỉ tiêu {vi_number(target)})",
            f"a quantity of 0 or more (target {fmt(target)})",
        )
    top = max_points or 0
    return (f"từ 0 đến {vi_number(top)} điểm", f"from 0 to {fmt(top)} points")


def parse_self_value(kind: str, raw: object, max_points: Decimal | None = None) -> Decimal | None:
    """A self-assessed value follows the same rules as the cluster's value."""
    return parse_value(kind, raw, max_points)


def _not_a_number(raw: object) -> InvalidValue:
    return InvalidValue(
        f"«{raw}» không phải là số (ví dụ hợp lệ: 12 hoặc 12,5)",
        f"«{raw}» is not a number (valid examples: 12 or 12,5)",
    )

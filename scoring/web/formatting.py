"""How figures and dates look on pages: a decimal comma in Vietnamese, dd/mm/yyyy."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import get_locale

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def lang() -> str:
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "vi"


def number(value: Decimal | float | int | None, places: int = 2) -> str:
    """95.5 -> "95,50" (vi) or "95.50" (en); None -> "" (a missing value shows empty)."""
    if value is None:
        return ""
    text = f"{Decimal(value):,.{places}f}"
    if lang() == "vi":
        return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def plain(value: Decimal | None) -> str:
    """A value as a user would type it back: 12,5 not 12,50; empty when missing."""
    if value is None:
        return ""
    d = Decimal(value)
    text = str(d.quantize(Decimal(1))) if d == d.to_integral_value() else format(d.normalize(), "f")
    return text.replace(".", ",") if lang() == "vi" else text


def percent(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return number(Decimal(value) * 100, 1) + " %"


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_ZONE).date()
    return value.strftime("%d/%m/%Y")


def moment(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")


FILTERS = {"num": number, "plain": plain, "percent": percent, "day": day, "moment": moment}

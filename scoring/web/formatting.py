"""How figures and dates look on pages: a decimal comma in Vietnamese, dd/mm/yyyy."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import g, has_request_context
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l

from scoring.local_time import LOCAL_ZONE, moment

# A role in a word, as the top bar and the audit page say it (the admin form's labels
# are the long titles).
ROLE_WORDS = {
    "admin": _l("quản trị"),
    "committee": _l("Hội đồng"),
    "leader": _l("cụm trưởng"),
    "deputy": _l("cụm phó"),
}


def role_word(role: str) -> str:
    return str(ROLE_WORDS[role]) if role in ROLE_WORDS else role


def lang() -> str:
    """The page language, "vi" or "en". Looked up once per request: a page asks for
    every figure it formats, and Flask-Babel's own lookup goes through several context
    look-ups each time."""
    if not has_request_context():
        return _language()
    chosen: str | None = g.get("_lang")
    if chosen is None:
        chosen = g._lang = _language()
    return chosen


def _language() -> str:
    locale = get_locale()
    return "en" if locale is not None and locale.language == "en" else "vi"


def translations() -> Any:
    """The request's catalogue, looked up once per request (a score grid translates
    about a thousand strings; Flask-Babel would look the catalogue up for each)."""
    if not has_request_context():
        return get_translations()
    found = g.get("_translations")
    if found is None:
        found = g._translations = get_translations()
    return found


def install_template_gettext(jinja_env: Any) -> None:
    """Templates' ``_``/``gettext``/``ngettext`` through the per-request catalogue."""
    jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )


def shown(kind: str, value: Decimal | None, yes: str, no: str) -> str:
    """A score as the grid shows it: ``yes``/``no`` (the page's words for đạt / không
    đạt) for a yes/no indicator, else as a user would type it back."""
    if kind == "yesno":
        return "" if value is None else (yes if value else no)
    return plain(value)


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


FILTERS = {"num": number, "plain": plain, "percent": percent, "day": day, "moment": moment}

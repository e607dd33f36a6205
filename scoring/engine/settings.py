"""Reading and writing the period settings that are small languages of their own.

``tie_breakers`` ("section:I;bonus;penalty") and ``bands``
("90:Xuất sắc;80:Tốt;...") arrive as text in bundles and forms; they are
parsed here once, with reasons in both languages, and written back the same way
so that export then import gives the same period.
"""

from __future__ import annotations

from decimal import Decimal

from .problems import InvalidValue
from .types import NATIONAL_METHODS, Band
from .values import fmt, parse_number


def parse_tie_breakers(text: str | None, section_codes: set[str] | None = None) -> tuple[str, ...]:
    """``section:CODE;bonus;penalty`` -> ("section:CODE", "bonus", "penalty").

    When ``section_codes`` is given, a ``section:CODE`` must name one of them.
    """
    if text is None or not text.strip():
        return ()
    result: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        if part in ("bonus", "penalty"):
            result.append(part)
        elif part.startswith("section:") and part[len("section:") :].strip():
            code = part[len("section:") :].strip()
            if section_codes is not None and code not in section_codes:
                raise InvalidValue(
                    f"tiêu chí phụ «{part}»: không có phần/mục mã «{code}»",
                    f"tie-breaker «{part}»: there is no section with code «{code}»",
                )
            result.append(f"section:{code}")
        else:
            raise InvalidValue(
                f"tiêu chí phụ «{part}» không hợp lệ (dùng section:MÃ, bonus, penalty)",
                f"tie-breaker «{part}» is not valid (use section:CODE, bonus, penalty)",
            )
    if len(set(result)) != len(result):
        raise InvalidValue("tiêu chí phụ bị lặp", "a tie-breaker is repeated")
    return tuple(result)


def format_tie_breakers(tie_breakers: tuple[str, ...]) -> str:
    return ";".join(tie_breakers)


def parse_bands(text: str | None) -> tuple[Band, ...]:
    """``90:Xuất sắc;80:Tốt`` -> bands, highest threshold first."""
    if text is None or not text.strip():
        return ()
    bands: list[Band] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        threshold, sep, label = part.partition(":")
        if not sep or not label.strip():
            raise InvalidValue(
                f"mức xếp loại «{part}» phải có dạng NGƯỠNG:TÊN (ví dụ 90:Xuất sắc)",
                f"band «{part}» must look like THRESHOLD:LABEL (e.g. 90:Xuất sắc)",
            )
        bands.append(Band(parse_number(threshold), label.strip()))
    thresholds = [b.threshold for b in bands]
    if len(set(thresholds)) != len(thresholds):
        raise InvalidValue("hai mức xếp loại có cùng ngưỡng", "two bands share a threshold")
    return tuple(sorted(bands, key=lambda b: b.threshold, reverse=True))


def format_bands(bands: tuple[Band, ...]) -> str:
    return ";".join(f"{fmt(b.threshold)}:{b.label}" for b in bands)


def parse_national_method(text: str | None) -> str:
    method = (text or "raw").strip().lower() or "raw"
    if method not in NATIONAL_METHODS:
        raise InvalidValue(
            f"phương pháp xếp hạng toàn quốc «{text}» không hợp lệ (raw hoặc zscore)",
            f"national method «{text}» is not valid (raw or zscore)",
        )
    return method


def parse_cap(text: object) -> Decimal | None:
    """The bonus cap; blank means unset (then the bonus maxima's sum applies)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    cap = parse_number(text)
    if cap < 0:
        raise InvalidValue("mức trần điểm thưởng phải ≥ 0", "the bonus cap must be ≥ 0")
    return cap

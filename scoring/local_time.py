"""The users' local time: Vietnam (UTC+7), for dates on pages, in reports and in file names.

Times are stored in UTC; only what people read is shown in local time.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> date:
    """Today's date in Vietnam (the date an official document carries)."""
    return datetime.now(LOCAL_ZONE).date()


def moment(value: datetime | None) -> str:
    """A stored time as people read it: Vietnam's date and time, "25/11/2026 10:52"."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")

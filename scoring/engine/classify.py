"""Classification of a total into the period's bands (SCORING.md §6)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from .types import Band


def classify(total: Decimal, bands: Iterable[Band]) -> str | None:
    """The label of the highest threshold ``total`` reaches; None when it reaches none.

    Bands may come in any order (``parse_bands`` sorts them, but a caller need
    not have used it); a total equal to a threshold reaches it.
    """
    reached = [band for band in bands if total >= band.threshold]
    if not reached:
        return None
    return max(reached, key=lambda band: band.threshold).label

"""Tiny server-drawn SVG charts: no script, no library, readable offline and in print."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape


def spread_svg(
    totals: tuple[Decimal, ...], label: str, width: int = 240, height: int = 34
) -> Markup:
    """Each member's total as a dot on a 0–110 scale, with 50/65/80/90 guides; ``label``
    says the same in words for screen readers (the page's language)."""
    top = max([Decimal(110), *totals]) if totals else Decimal(110)
    pad = 6

    def x(value: Decimal | int) -> float:
        return round(pad + float(Decimal(value) / top) * (width - 2 * pad), 1)

    parts = [
        f'<svg class="spread" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}">',
        f'<line x1="{pad}" y1="{height - 10}" x2="{width - pad}" y2="{height - 10}" stroke="#98a4b0"/>',
    ]
    for guide in (50, 65, 80, 90):
        parts.append(
            f'<line x1="{x(guide)}" y1="4" x2="{x(guide)}" y2="{height - 10}" stroke="#d5dce3"/>'
            f'<text x="{x(guide)}" y="{height - 1}" font-size="8" text-anchor="middle" fill="#5b6876">{guide}</text>'
        )
    for total in totals:
        parts.append(
            f'<circle cx="{x(total)}" cy="{height - 16}" r="3.5" fill="#1f5f99" fill-opacity="0.65"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - numbers above and the escaped label

"""The score grid's input cells as HTML, written in Python.

A cluster's grid has one cell per member and indicator: about 150 in the sample,
5,000 for a 50-member cluster at national size. Jinja spends about 100 µs on
each (two dozen escaped expressions); this writes the same markup in a few µs.
The template keeps everything else on the page, and says which words the cells
use (so they stay in the translation catalogue); a test checks this markup
against what the template used to write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from .formatting import shown

BASE_KINDS = ("points", "target", "yesno")


def grid_cells(grid: Any, members: Iterable[Any], row: Any, words: Mapping[str, str]) -> Markup:
    """Every member's cell of one indicator row. ``words``: yes, no, missing, gap,
    self, cluster, has_note (the page's translations)."""
    yes, no = words["yes"], words["no"]
    code = escape(row.code)
    base_kind = row.kind in BASE_KINDS
    placeholder = f' placeholder="{escape(words["missing"])}"' if base_kind else ""
    # The gap mark shows the other layer's value: before the self value, between, after.
    gap_self = (
        f'<span class="gap-mark" title="{escape(words["gap"])}">⚠ <span class="gap-in-value">'
        f'{escape(words["self"])} <span class="gap-self">'
    )
    gap_value = f'</span></span><span class="gap-in-self">{escape(words["cluster"])} <span class="gap-value">'
    has_note = escape(words["has_note"])
    parts = []
    for member in members:
        cell = grid.cell(member.code, row.code)
        fed = escape(member.code)
        read_only = not (grid.open and member.writable)
        locked = ' readonly tabindex="-1"' if read_only else ""
        classes = "cell" + (" gap" if cell.gap else "")
        classes += (" missing" if base_kind and cell.value is None else "") + (
            " readonly" if read_only else ""
        )
        value = escape(shown(row.kind, cell.value, yes, no))
        self_value = escape(shown(row.kind, cell.self_value, yes, no))
        note = escape(cell.note or "")
        labels = f"m-{fed} r-{code}"
        message = f"msg-{fed}-{code}"
        parts.append(
            f'<td class="{classes}" data-fed="{fed}">'
            f'<input type="text" class="in-value" value="{value}" autocomplete="off" spellcheck="false"'
            f' aria-labelledby="{labels} lbl-value" aria-describedby="{message}"{placeholder}{locked}>'
            f'<input type="text" class="in-self" value="{self_value}" autocomplete="off" spellcheck="false"'
            f' aria-labelledby="{labels} lbl-self" aria-describedby="{message}"{locked}>'
            f'<input type="text" class="in-note" value="{note}" maxlength="2000" autocomplete="off"'
            f' title="{note}" aria-labelledby="{labels} lbl-note" aria-describedby="{message}"{locked}>'
            f'<span class="cell-info">{gap_self}{self_value}{gap_value}{value}</span></span></span>'
            f'<span class="note-mark" title="{note}"{"" if cell.note else " hidden"}>ⓘ'
            f'<span class="visually-hidden">{has_note}</span></span></span>'
            f'<span class="cell-msg" id="{message}"></span></td>'
        )
    return Markup("\n".join(parts))  # noqa: S704 - every interpolated piece is escaped above

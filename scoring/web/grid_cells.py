"""The score grid's rows and input cells as HTML, written in Python.

A cluster's grid has one cell per member and indicator: about 150 in the sample,
5,000 for a 50-member cluster at national size. Jinja spends about 100 µs on
each (two dozen escaped expressions) and most of a page's time on the rows
around them; this writes the same markup in a few µs. The template keeps
everything else on the page, and says which words the rows use (so they stay in
the translation catalogue); tests check this markup against what the template
used to write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from .formatting import lang, number, plain, shown

BASE_KINDS = ("points", "target", "yesno")


def grid_rows(grid: Any, members: Sequence[Any], words: Mapping[str, str]) -> Markup:
    """Every indicator row of the grid's body: a section's row with its members'
    subtotals, a leaf's row with its cells. ``words``: the cells' words (see
    ``grid_cells``) and the kind hints points, target (with ``%(n)s``), yesno,
    bonus, penalty."""
    language = lang()
    parts = []
    for row in grid.rows:
        code = escape(row.code)
        guidance = (
            f'\n        <span class="guidance">{escape(row.guidance)}</span>'
            if row.guidance
            else ""
        )
        head = (
            f'<th scope="row" class="ind-col"><span id="r-{code}"><span class="icode">{code}</span>'
            f" {escape(row.name)}</span>"
        )
        if row.kind == "section":
            has_base = row.has_base
            subtotals = "".join(
                f'\n      <td class="num subtotal" data-fed="{escape(m.code)}"'
                f' data-sub="{code if has_base else ""}">'
                f"{number(grid.figures[m.code].subtotals.get(row.code)) if has_base else ''}</td>"
                for m in members
            )
            parts.append(
                f'<tr class="section depth-{row.depth}">\n      {head}{guidance}</th>\n'
                f'      <td class="num max-col">{number(row.max_points) if has_base else ""}</td>'
                f"{subtotals}\n    </tr>"
            )
            continue
        if row.kind == "target":
            hint = str(escape(words["target"])).replace("%(n)s", str(escape(plain(row.target))))
        else:
            hint = str(escape(words[row.kind]))
        parts.append(
            f'<tr class="leaf kind-{escape(row.kind)} depth-{row.depth}" data-code="{code}"'
            f' data-kind="{escape(row.kind)}"\n'
            f'        data-max="{int((row.max_points or 0) * 100)}"'
            f' data-target="{int((row.target or 0) * 100)}"\n'
            f'        data-sections="{escape(" ".join(row.ancestors))}"'
            f' data-allowed="{escape(row.allowed_text(language))}">\n'
            f'      {head}\n        <span class="kind-hint">({hint})</span>{guidance}</th>\n'
            f'      <td class="num max-col">{number(row.max_points)}</td>\n'
            f"      {grid_cells(grid, members, row, words)}\n    </tr>"
        )
    return Markup("\n    ".join(parts))  # noqa: S704 - every interpolated piece is escaped above


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
            f'<span class="note-mark" title="{note}"{"" if cell.note else " hidden"}>i'
            f'<span class="visually-hidden">{has_note}</span></span></span>'
            f'<span class="cell-msg" id="{message}"></span></td>'
        )
    return Markup("\n".join(parts))  # noqa: S704 - every interpolated piece is escaped above

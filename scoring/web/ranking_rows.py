"""The national list's rows as HTML, written in Python.

The national ranking page is the one every user opens, and its list has a row per
federation (63 for VUSTA, up to a page of 500 at national size) with nine cells
and two links each. Jinja spends most of the page's time there (a few dozen
escaped expressions and two ``url_for`` calls per row); this writes the same
markup, links included, several times faster. The template keeps everything else
and gives the words the rows use (so they stay in the translation catalogue); a
test checks this markup against what the template used to write.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from urllib.parse import quote

from flask import url_for
from markupsafe import Markup, escape

from scoring.services.comparison import NationalRow

from .formatting import number

# What werkzeug's default route converter leaves unquoted in a path segment.
_SEGMENT_SAFE = "!$&'()*+,/:;=@"


_SLOT = "__code__"


def _link_maker(endpoint: str, year: int) -> Callable[[str], str]:
    """A function giving ``url_for(endpoint, year=year, code=code)`` for any code: the
    route is built once and only the code's segment is quoted per row."""
    before, after = url_for(endpoint, year=year, code=_SLOT).split(_SLOT)
    return lambda code: before + quote(code, safe=_SEGMENT_SAFE) + after


def award_badge(name: str | None, tie: bool, tie_word: str) -> Markup:
    """An award proposal as a badge (a tie marked for the council), or a dash. The
    national list's rows and the cluster, federation and comparison pages all use it."""
    if name and tie:
        return Markup(f'<span class="badge badge-tie">⚖ {escape(name)} — {escape(tie_word)}</span>')  # noqa: S704
    if name:
        return Markup(f'<span class="badge badge-award">★ {escape(name)}</span>')  # noqa: S704
    return Markup('<span class="muted">—</span>')


def incomplete_tag(word: str) -> Markup:
    """The mark of a federation whose scores are not all entered."""
    return Markup(f'<span class="tag tag-warn">! {escape(word)}</span>')  # noqa: S704


def ranking_rows(
    rows: Iterable[NationalRow], readable: Collection[str], year: int, words: Mapping[str, str]
) -> Markup:
    """Every row of the national list. ``readable``: cluster codes whose federations'
    explanations the user may open; ``words``: incomplete, tie (the page's translations)."""
    federation_url = _link_maker("rankings.federation", year)
    cluster_url = _link_maker("rankings.cluster", year)
    incomplete = f" {incomplete_tag(words['incomplete'])}"
    parts = []
    for row in rows:
        classes = ("" if row.complete else "incomplete") + (" tie" if row.award_tie else "")
        name = str(escape(row.name))
        if row.cluster in readable:
            name = f'<a href="{escape(federation_url(row.federation))}">{name}</a>'
        cluster_href = escape(cluster_url(row.cluster))
        award = award_badge(row.award, row.award_tie, words["tie"])
        parts.append(
            f'<tr class="{classes}">\n'
            f'      <td class="num"><strong>{row.rank}</strong></td>\n'
            f'      <td class="name">{name}\n'
            f"        {incomplete if not row.complete else ''}</td>\n"
            f'      <td><a href="{cluster_href}" title="{escape(row.cluster_name)}">'
            f"{escape(row.cluster)}</a></td>\n"
            f'      <td class="num">{number(row.total)}</td>\n'
            f'      <td class="num">{row.raw_rank}</td>\n'
            f'      <td class="num">{number(row.normalized)}</td>\n'
            f'      <td class="num">{row.zscore_rank}</td>\n'
            f'      <td class="band">{escape(row.classification or "—")}</td>\n'
            f"      <td>{award}</td>\n"
            f"    </tr>"
        )
    return Markup("\n    ".join(parts))  # noqa: S704 - every interpolated piece is escaped above

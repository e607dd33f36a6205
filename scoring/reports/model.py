"""Plain data the council's workbook and the score cards are built from.

Services fill these from ``standings_for`` / ``rankings_document`` (and the
stored votes, self values and notes); builders only lay them out, so a figure
in Excel can never differ from the same figure on a page or in the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .styles import Letterhead


@dataclass(frozen=True)
class SchemeNode:
    """One node of the scheme in display order; sections carry their maximum too."""

    code: str
    name: str
    kind: str
    depth: int
    ancestors: tuple[str, ...]
    max_points: Decimal | None
    target: Decimal | None = None
    has_base: bool = False  # a section with base leaves beneath it has a subtotal

    @property
    def is_section(self) -> bool:
        return self.kind == "section"


@dataclass(frozen=True)
class Member:
    """One federation's standing, as the rankings document gives it."""

    code: str
    name: str
    cluster: str
    cluster_name: str
    rank: int
    shared_rank: bool
    national_rank: int | None
    national_shared: bool
    normalized: Decimal | None
    self_total: Decimal | None
    base: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    complete: bool
    missing: tuple[str, ...]
    classification: str | None
    award: str | None
    award_tie: bool
    votes: int | None
    voters: int | None
    sections: dict[str, Decimal] = field(default_factory=dict)
    points: dict[str, Decimal] = field(default_factory=dict)
    summary: str = ""  # the engine's sentences on rank and class, for the proposal list

    @property
    def vote_share(self) -> Decimal | None:
        if self.votes is None or not self.voters:
            return None
        return (Decimal(self.votes) / Decimal(self.voters)).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class ClusterPart:
    code: str
    name: str
    leader: str | None
    deputy: str | None
    members: tuple[Member, ...]  # by rank


@dataclass(frozen=True)
class CouncilReport:
    """Everything in the council's workbook (or in one cluster's part of it)."""

    year: int
    title: str | None
    national_method: str
    head: Letterhead
    clusters: tuple[ClusterPart, ...]
    national: tuple[Member, ...]  # national order; empty for one cluster's part
    scheme: tuple[SchemeNode, ...]
    award_names: tuple[str, ...]  # in the rules' order
    whole: bool = True


def notes(member: Member, national: bool = False) -> str:
    """Ties, incompleteness and ties at a quota in words (never by colour alone)."""
    words = []
    shared = member.national_shared if national else member.shared_rank
    if shared:
        rank = member.national_rank if national else member.rank
        words.append(f"Đồng hạng {rank}")
    if not member.complete:
        shown = ", ".join(member.missing[:6]) + (" …" if len(member.missing) > 6 else "")
        words.append(f"Chưa đủ điểm (thiếu {shown}); không xét khen thưởng")
    if member.award and member.award_tie:
        words.append(
            f"Đồng hạng tại giới hạn số suất «{member.award}» — đề nghị Hội đồng quyết định"
        )
    return "; ".join(words)


def award_text(member: Member) -> str:
    if not member.award:
        return ""
    return (
        f"{member.award} (đồng hạng, chờ Hội đồng quyết định)" if member.award_tie else member.award
    )

"""Award rules, quotas and ties at the quota (SCORING.md §7).

Rules apply in their order; a federation that received an award, or was
marked tied at the quota, under an earlier rule is passed over by every later
one, so nobody ends up with two. Within one rule and one list (a cluster, or
the nation) the walk goes rank by rank: the qualifying federations of one rank
either all fit in the places left and all get the award, or none does, they
are all marked tied for the council to decide, and the rule stops for that list.

Every federation gets one ``AwardDecision`` per rule, so that an explanation
can say why it did or did not receive each award.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from math import floor

from .types import (
    AwardDecision,
    AwardOutcome,
    AwardRuleDef,
    FederationTotals,
    RankedEntry,
    VoteTally,
)

AWARDED = "awarded"
TIE_AT_QUOTA = "tie_at_quota"
HOLDS_EARLIER = "holds_earlier"
INCOMPLETE = "incomplete"
BELOW_MIN_TOTAL = "below_min_total"
NO_VOTES = "no_votes"
BELOW_MIN_VOTE_SHARE = "below_min_vote_share"
QUOTA_FULL = "quota_full"
RULE_STOPPED = "rule_stopped"


@dataclass(frozen=True)
class AwardResults:
    """Who holds what (one outcome at most per federation) and every decision, rule by rule."""

    awards: dict[str, AwardOutcome]
    decisions: tuple[AwardDecision, ...]


def award_quota(rule: AwardRuleDef, size: int) -> int:
    """How many places a rule has in a list of ``size``: its count, or max(1, ⌊share × size⌋)."""
    if (rule.count is None) == (rule.share is None):
        raise ValueError(f"award rule {rule.name!r} needs exactly one of count and share")
    if rule.count is not None:
        return max(0, rule.count)
    assert rule.share is not None
    return max(1, floor(rule.share * size))


def apply_award_rules(
    rules: Sequence[AwardRuleDef],
    cluster_rankings: Mapping[str, Sequence[RankedEntry]],
    national: Sequence[RankedEntry],
    totals: Mapping[str, FederationTotals],
    votes: Mapping[str, VoteTally],
) -> AwardResults:
    """Apply the rules in order, each to every cluster's list or to the national list.

    The lists must be in rank order with equal ranks adjacent, as ``ranking``
    builds them; ``national`` is ranked by the period's national method.
    """
    awards: dict[str, AwardOutcome] = {}
    decisions: list[AwardDecision] = []
    for rule in rules:
        for entries in _lists_for(rule, cluster_rankings, national):
            decisions.extend(_apply_rule(rule, entries, totals, votes, awards))
    return AwardResults(awards, tuple(decisions))


def ineligibility(
    rule: AwardRuleDef,
    federation: str,
    totals: FederationTotals,
    tally: VoteTally | None,
    awards: Mapping[str, AwardOutcome],
) -> str | None:
    """Why a federation cannot take this rule's award at all, or None if it qualifies.

    With ``min_vote_share`` set, a federation without votes (no ballot, no voters,
    or no vote received) does not qualify; the share is compared exactly as
    votes ≥ min_vote_share × voters.
    """
    if federation in awards:
        return HOLDS_EARLIER
    if not totals.complete:
        return INCOMPLETE
    if totals.total < rule.min_total:
        return BELOW_MIN_TOTAL
    if rule.min_vote_share is None:
        return None
    if tally is None or tally.voters <= 0 or tally.votes <= 0:
        return NO_VOTES
    if tally.votes < rule.min_vote_share * tally.voters:
        return BELOW_MIN_VOTE_SHARE
    return None


def _lists_for(
    rule: AwardRuleDef,
    cluster_rankings: Mapping[str, Sequence[RankedEntry]],
    national: Sequence[RankedEntry],
) -> Iterator[Sequence[RankedEntry]]:
    if rule.scope == "national":
        yield national
    elif rule.scope == "cluster":
        yield from cluster_rankings.values()
    else:
        raise ValueError(f"award rule {rule.name!r} has unknown scope {rule.scope!r}")


def _apply_rule(
    rule: AwardRuleDef,
    entries: Sequence[RankedEntry],
    totals: Mapping[str, FederationTotals],
    votes: Mapping[str, VoteTally],
    awards: dict[str, AwardOutcome],
) -> list[AwardDecision]:
    """Walk one list rank by rank, giving awards or tie marks; one decision per entry."""
    places = award_quota(rule, len(entries))
    stopped: str | None = None  # why qualifying federations below are passed over
    reasons: dict[str, str] = {}
    for group in _rank_groups(entries):
        qualifying = []
        for code in group:
            reason = ineligibility(rule, code, totals[code], votes.get(code), awards)
            if reason is None:
                qualifying.append(code)
            else:
                reasons[code] = reason
        if not qualifying:
            continue
        if stopped is None and places == 0:
            stopped = QUOTA_FULL
        if stopped is not None:
            reasons.update(dict.fromkeys(qualifying, stopped))
            continue
        tie = len(qualifying) > places
        for code in qualifying:
            awards[code] = AwardOutcome(code, rule.name, tie=tie)
            reasons[code] = TIE_AT_QUOTA if tie else AWARDED
        places -= 0 if tie else len(qualifying)
        stopped = RULE_STOPPED if tie else None
    return [
        AwardDecision(rule.name, rule.scope, e.federation, reasons[e.federation]) for e in entries
    ]


def _rank_groups(entries: Sequence[RankedEntry]) -> Iterator[list[str]]:
    """The federation codes of each rank, best rank first."""
    for _, group in groupby(entries, key=lambda entry: entry.rank):
        yield [entry.federation for entry in group]

"""Properties of the whole computation over random small periods (SCORING.md §3–§7)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from math import floor

from engine_builders import D, node
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine.awards import award_quota
from scoring.engine.collation import vi_sort_key
from scoring.engine.compute import compute_period
from scoring.engine.ranking import merit_key
from scoring.engine.totals import effective_bonus_cap
from scoring.engine.types import (
    BONUS,
    PENALTY,
    POINTS,
    SECTION,
    TARGET,
    YESNO,
    AwardRuleDef,
    ClusterRef,
    FederationRef,
    PeriodInput,
    PeriodResult,
    RankedEntry,
    RankingSettings,
    Scheme,
    VoteTally,
)

SCHEME = Scheme(
    (
        node("I", SECTION),
        node("I.1", POINTS, 10, "I"),
        node("I.2", TARGET, 10, "I", 3),
        node("II", SECTION),
        node("II.1", YESNO, 5, "II"),
        node("II.2", POINTS, 5, "II"),
        node("B1", BONUS, 3),
        node("B2", BONUS, 2),
        node("P", PENALTY, 20),
    )
)
# Few distinct values, so that equal totals and ties at the quota are common.
CHOICES: dict[str, list[str | None]] = {
    "I.1": ["5", "7.25", "10"],
    "I.2": ["0", "1", "3"],
    "II.1": ["0", "1"],
    "II.2": ["0", "5"],
    "B1": [None, "3"],
    "B2": [None, "2"],
    "P": [None, "1", "20"],
}
# Most federations are complete; some miss one or two base values.
MISSING: list[tuple[str, ...]] = [(), (), (), (), ("I.2",), ("I.1", "II.1")]
NAMES = [
    "An Giang",
    "Anh Sơn",
    "Ăn Khê",
    "Bắc Ninh",
    "Bạc Liêu",
    "Đà Nẵng",
    "Dak",
    "Hà Nội",
    "Hà Nam",
]
TIE_BREAKERS = ["section:I", "section:II", "bonus", "penalty"]
FAST = settings(max_examples=60, deadline=None)


def federation_values(draw: st.DrawFn) -> dict[str, Decimal | None]:
    missing = draw(st.sampled_from(MISSING))
    values = {code: draw(st.sampled_from(options)) for code, options in CHOICES.items()}
    return {code: None if v is None or code in missing else D(v) for code, v in values.items()}


award_rules = st.builds(
    AwardRuleDef,
    name=st.just(""),
    scope=st.sampled_from(["cluster", "national"]),
    count=st.none(),
    share=st.none(),
    min_total=st.sampled_from([D(0), D(0), D(20)]),
    min_vote_share=st.sampled_from([None, None, D("0.3")]),
)
quotas = st.one_of(
    st.integers(0, 3).map(lambda n: {"count": n}),
    st.sampled_from(["0.1", "0.25", "0.5", "1"]).map(lambda s: {"share": D(s)}),
)


@st.composite
def periods(draw: st.DrawFn) -> PeriodInput:
    size = draw(st.integers(1, 12))
    cluster_count = draw(st.integers(1, 4))
    federations = tuple(
        FederationRef(
            f"F{i}", draw(st.sampled_from(NAMES)), f"C{draw(st.integers(0, cluster_count - 1))}"
        )
        for i in range(size)
    )
    # federations share a few value profiles, so that equal totals are common
    profiles = [federation_values(draw) for _ in range(draw(st.integers(1, 4)))]
    values = {f.code: dict(draw(st.sampled_from(profiles))) for f in federations}
    votes = {}
    for f in federations:
        voters = draw(st.integers(0, 10))
        if draw(st.booleans()):
            votes[f.code] = VoteTally(draw(st.integers(0, voters)), voters)
    rules = tuple(
        replace(r, name=f"R{i}", **draw(quotas))
        for i, r in enumerate(draw(st.lists(award_rules, max_size=3)))
    )
    return PeriodInput(
        scheme=SCHEME,
        settings=RankingSettings(
            bonus_cap=draw(st.sampled_from([None, D(0), D(2), D("4.5")])),
            tie_breakers=tuple(
                draw(st.lists(st.sampled_from(TIE_BREAKERS), unique=True, max_size=4))
            ),
            national_method=draw(st.sampled_from(["raw", "zscore"])),
        ),
        clusters=tuple(ClusterRef(f"C{i}", f"Cụm {i}") for i in range(cluster_count)),
        federations=federations,
        values=values,
        votes=votes,
        award_rules=rules,
    )


def all_lists(result: PeriodResult) -> list[tuple[RankedEntry, ...]]:
    return [*result.cluster_rankings.values(), result.national]


def full_key(inp: PeriodInput, result: PeriodResult, entry: RankedEntry) -> tuple:
    key = merit_key(result.totals[entry.federation], inp.settings.tie_breakers)
    return key if entry.normalized is None else (-entry.normalized, *key)


@FAST
@given(periods())
def test_rank_is_one_plus_the_number_strictly_better(inp: PeriodInput) -> None:
    result = compute_period(inp)
    for entries in all_lists(result):
        keys = {e.federation: full_key(inp, result, e) for e in entries}
        for entry in entries:
            better = sum(1 for other in entries if keys[other.federation] < keys[entry.federation])
            assert entry.rank == 1 + better


@FAST
@given(periods())
def test_equal_ranks_are_listed_in_vietnamese_name_order(inp: PeriodInput) -> None:
    result = compute_period(inp)
    names = {f.code: f.name for f in inp.federations}
    for entries in all_lists(result):
        for a, b in zip(entries, entries[1:], strict=False):
            assert a.rank <= b.rank
            if a.rank == b.rank:
                assert (vi_sort_key(names[a.federation]), a.federation) < (
                    vi_sort_key(names[b.federation]),
                    b.federation,
                )


@FAST
@given(periods(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_input_order(inp: PeriodInput, random) -> None:
    federations = list(inp.federations)
    random.shuffle(federations)
    values = dict(reversed(list(inp.values.items())))
    shuffled = PeriodInput(
        inp.scheme,
        inp.settings,
        inp.clusters,
        tuple(federations),
        values,
        inp.votes,
        inp.award_rules,
    )
    expected, actual = compute_period(inp), compute_period(shuffled)
    assert actual.cluster_rankings == expected.cluster_rankings
    assert actual.national == expected.national
    assert actual.awards == expected.awards
    assert actual.decisions == expected.decisions


@FAST
@given(periods())
def test_no_rule_gives_more_awards_than_its_quota_in_any_list(inp: PeriodInput) -> None:
    result = compute_period(inp)
    cluster_of = {f.code: f.cluster for f in inp.federations}
    awarded = Counter(
        (d.rule, "nation" if d.scope == "national" else cluster_of[d.federation])
        for d in result.decisions
        if d.reason == "awarded"
    )
    for rule in inp.award_rules:
        lists = {"nation": result.national} if rule.scope == "national" else result.cluster_rankings
        for list_code, entries in lists.items():
            assert awarded[(rule.name, list_code)] <= award_quota(rule, len(entries))


@FAST
@given(periods())
def test_no_federation_holds_two_awards_and_incomplete_ones_hold_none(inp: PeriodInput) -> None:
    result = compute_period(inp)
    held = Counter(
        d.federation for d in result.decisions if d.reason in ("awarded", "tie_at_quota")
    )
    assert set(held.values()) <= {1}
    assert set(held) == set(result.awards)
    assert all(result.totals[code].complete for code in result.awards)
    assert len(result.decisions) == len(inp.federations) * len(inp.award_rules)


@FAST
@given(periods())
def test_every_total_lies_between_zero_and_the_maximum(inp: PeriodInput) -> None:
    result = compute_period(inp)
    top = inp.scheme.base_max + effective_bonus_cap(inp.scheme, inp.settings)
    assert all(0 <= t.total <= top for t in result.totals.values())


@FAST
@given(periods())
def test_total_matches_exact_arithmetic(inp: PeriodInput) -> None:
    result = compute_period(inp)
    cap = Fraction(effective_bonus_cap(inp.scheme, inp.settings))
    for code, totals in result.totals.items():
        assert totals.total == exact_total(inp.values[code], cap)


def exact_total(values: Mapping[str, Decimal | None], cap: Fraction) -> Decimal:
    """An independent oracle for §3 in exact fractions."""
    v = {code: Fraction(value or 0) for code, value in values.items()}
    base = v["I.1"] + 10 * min(v["I.2"] / 3, Fraction(1)) + 5 * v["II.1"] + v["II.2"]
    raw = max(Fraction(0), base + min(v["B1"] + v["B2"], cap) - v["P"])
    return Decimal(floor(raw * 100 + Fraction(1, 2))).scaleb(-2)


@FAST
@given(periods())
def test_raw_national_order_within_a_cluster_is_the_cluster_order(inp: PeriodInput) -> None:
    raw = PeriodInput(
        inp.scheme,
        RankingSettings(inp.settings.bonus_cap, inp.settings.tie_breakers, "raw"),
        inp.clusters,
        inp.federations,
        inp.values,
    )
    result = compute_period(raw)
    for cluster, entries in result.cluster_rankings.items():
        national = [e.federation for e in result.national if e.cluster == cluster]
        assert national == [e.federation for e in entries]


@FAST
@given(periods(), st.data())
def test_reusing_totals_after_one_cluster_changed_gives_the_full_result(
    inp: PeriodInput, data: st.DataObject
) -> None:
    """What a cache does after a save: keep the other clusters' totals, recompute the
    changed cluster's members from their new values, rank everyone again."""
    before = compute_period(inp)
    changed = data.draw(st.sampled_from(sorted({f.cluster for f in inp.federations})))
    members = {f.code for f in inp.federations if f.cluster == changed}
    shuffled = data.draw(st.permutations(sorted(members)))
    # The changed cluster's values move around among its members.
    moved = {new: inp.values.get(old, {}) for old, new in zip(sorted(members), shuffled, strict=True)}
    after_input = replace(inp, values={**inp.values, **moved})
    reuse = {code: t for code, t in before.totals.items() if code not in members}
    assert compute_period(after_input, reuse=reuse) == compute_period(after_input)
    for code in reuse:  # the reused totals are the very objects handed in
        assert compute_period(after_input, reuse=reuse).totals[code] is reuse[code]

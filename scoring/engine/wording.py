"""Sentences for explanations (SCORING.md §8), in Vietnamese and English.

The engine speaks both languages itself, like ``problems``: an explanation is
worded here from plain facts, so the web pages, the API and the Excel report
say the same thing. Vietnamese numbers use a decimal comma ("95,50").
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING

from .ranking import BONUS_BREAKER, PENALTY_BREAKER, SECTION_PREFIX
from .types import BONUS, PENALTY, VoteTally
from .values import fmt, round2

if TYPE_CHECKING:
    from .explain import AwardLine, Explanation, IndicatorLine, Neighbour, SectionLine

_TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "kind:points": "{code} {name}: {points}/{max} điểm.",
        "kind:target": "{code} {name}: đạt {value} so với chỉ tiêu {target} → {points}/{max} điểm.",
        "kind:yesno": "{code} {name}: {answer} → {points}/{max} điểm.",
        "missing": "{code} {name}: chưa nhập → 0,00/{max} điểm.",
        "kind:bonus": "{code} {name}: điểm thưởng {points} (tối đa {max}).",
        "kind:penalty": "{code} {name}: điểm trừ {points} (tối đa {max}).",
        "yes": "đạt",
        "no": "không đạt",
        "section": "Phần {code} {name}: {subtotal}/{max} điểm.",
        "bonus_total": "Điểm thưởng: {bonus} (mức trần {cap}).",
        "bonus_capped": "Điểm thưởng: {raw}, vượt mức trần {cap} nên chỉ tính {bonus}.",
        "penalty_total": "Điểm trừ: {penalty}.",
        "total": "Tổng điểm: {total} (điểm cơ bản {base}/{base_max} + thưởng {bonus} − trừ {penalty}, làm tròn một lần ở cuối).",
        "total_zero": "Tổng điểm: 0,00 (điểm trừ {penalty} vượt quá điểm cơ bản {base} cộng điểm thưởng {bonus}).",
        "total_zero_equal": "Tổng điểm: 0,00 (điểm trừ {penalty} bằng điểm cơ bản {base} cộng điểm thưởng {bonus}).",
        "incomplete": "Chưa đủ điểm: thiếu {codes}; vẫn được xếp hạng (phần thiếu tính 0 điểm) nhưng không được xét khen thưởng.",
        "cluster_rank": "Xếp hạng trong {cluster}: {rank}/{size}.",
        "national_rank": "Xếp hạng toàn quốc: {rank}/{size}.",
        "national_rank_z": "Xếp hạng toàn quốc: {rank}/{size} (điểm chuẩn hoá theo cụm: {normalized}).",
        "tie_won": "Bằng tổng điểm với {name} ({total}); xếp trên nhờ {criterion} {comparison} ({own} so với {other}).",
        "tie_lost": "Bằng tổng điểm với {name} ({total}); xếp dưới vì {criterion} {comparison} ({own} so với {other}).",
        "tie_shared": "Bằng tổng điểm với {name} ({total}) và bằng nhau ở mọi tiêu chí phụ; đồng hạng {rank}.",
        "national_tie": "Xếp hạng toàn quốc — {sentence}",
        "criterion_section": "điểm phần {code}",
        "criterion_bonus": "điểm thưởng",
        "criterion_penalty": "điểm trừ",
        "higher": "cao hơn",
        "lower": "thấp hơn",
        "class": "Xếp loại: {label}.",
        "no_class": "Xếp loại: chưa đạt mức nào.",
        "list_cluster": "cụm",
        "list_national": "toàn quốc",
        "award:awarded": "{rule}: được khen thưởng ({quota} suất trong {list}).",
        "award:tie_at_quota": "{rule}: đồng hạng — đề nghị Hội đồng quyết định (các đơn vị cùng hạng {rank} nhiều hơn số suất còn lại).",
        "award:holds_earlier": "{rule}: không xét vì đã có {held}.",
        "award:incomplete": "{rule}: không xét vì chưa đủ điểm các tiêu chí.",
        "award:below_min_total": "{rule}: tổng điểm {total} thấp hơn mức tối thiểu {min_total}.",
        "award:no_votes": "{rule}: không có phiếu suy tôn.",
        "award:below_min_vote_share": "{rule}: được {votes}/{voters} phiếu suy tôn ({share}%), chưa đạt mức tối thiểu {min_share}% (cần ít nhất {needed} phiếu).",
        "award:quota_full": "{rule}: đã đủ {quota} suất cho các đơn vị xếp trên.",
        "award:rule_stopped": "{rule}: dừng xét vì có đồng hạng tại giới hạn số suất ở hạng trên.",
        "held_tie": "đồng hạng ở «{award}» (chờ Hội đồng quyết định)",
        "held": "«{award}»",
    },
    "en": {
        "kind:points": "{code} {name}: {points}/{max} points.",
        "kind:target": "{code} {name}: {value} achieved against a target of {target} → {points}/{max} points.",
        "kind:yesno": "{code} {name}: {answer} → {points}/{max} points.",
        "missing": "{code} {name}: not entered → 0.00/{max} points.",
        "kind:bonus": "{code} {name}: bonus {points} (at most {max}).",
        "kind:penalty": "{code} {name}: penalty {points} (at most {max}).",
        "yes": "yes",
        "no": "no",
        "section": "Section {code} {name}: {subtotal}/{max} points.",
        "bonus_total": "Bonus: {bonus} (cap {cap}).",
        "bonus_capped": "Bonus: {raw}, above the cap of {cap}, so only {bonus} counts.",
        "penalty_total": "Penalty: {penalty}.",
        "total": "Total: {total} (base {base}/{base_max} + bonus {bonus} − penalty {penalty}, rounded once at the end).",
        "total_zero": "Total: 0.00 (the penalty {penalty} exceeds base {base} plus bonus {bonus}).",
        "total_zero_equal": "Total: 0.00 (the penalty {penalty} equals base {base} plus bonus {bonus}).",
        "incomplete": "Incomplete: {codes} missing; still ranked (missing values count 0) but not eligible for awards.",
        "cluster_rank": "Rank in {cluster}: {rank}/{size}.",
        "national_rank": "National rank: {rank}/{size}.",
        "national_rank_z": "National rank: {rank}/{size} (score normalized within the cluster: {normalized}).",
        "tie_won": "Equal total with {name} ({total}); ranked above on a {comparison} {criterion} ({own} vs {other}).",
        "tie_lost": "Equal total with {name} ({total}); ranked below on a {comparison} {criterion} ({own} vs {other}).",
        "tie_shared": "Equal total with {name} ({total}) and equal on every tie-breaker; they share rank {rank}.",
        "national_tie": "National ranking — {sentence}",
        "criterion_section": "section {code} score",
        "criterion_bonus": "bonus",
        "criterion_penalty": "penalty",
        "higher": "higher",
        "lower": "lower",
        "class": "Classification: {label}.",
        "no_class": "Classification: no band reached.",
        "list_cluster": "the cluster",
        "list_national": "the national list",
        "award:awarded": "{rule}: awarded ({quota} place(s) in {list}).",
        "award:tie_at_quota": "{rule}: tied at the quota — for the council to decide (the federations sharing rank {rank} outnumber the places left).",
        "award:holds_earlier": "{rule}: not considered, already holds {held}.",
        "award:incomplete": "{rule}: not eligible, the scores are incomplete.",
        "award:below_min_total": "{rule}: total {total} is below the minimum {min_total}.",
        "award:no_votes": "{rule}: no ballot votes.",
        "award:below_min_vote_share": "{rule}: {votes} of {voters} votes ({share}%), short of the minimum {min_share}% (at least {needed} votes needed).",
        "award:quota_full": "{rule}: the {quota} place(s) went to higher-ranked federations.",
        "award:rule_stopped": "{rule}: stopped by a tie at the quota at a higher rank.",
        "held_tie": "a tie at the quota for «{award}» (for the council to decide)",
        "held": "«{award}»",
    },
}


class Wording:
    """Turns explanation facts into sentences in one language."""

    def __init__(self, lang: str = "vi") -> None:
        if lang not in _TEXT:
            raise ValueError(f"unknown language {lang!r} (use vi or en)")
        self.lang = lang
        self._text = _TEXT[lang]

    def number(self, value: Decimal) -> str:
        """A figure with 2 decimals: 95,50 in Vietnamese, 95.50 in English."""
        return self._local(format(round2(value), "f"))

    def quantity(self, value: Decimal) -> str:
        """An entered quantity as typed: 12,5 or 12.5, 3 not 3.00."""
        return self._local(fmt(value))

    def indicator(self, line: IndicatorLine) -> str:
        """What one leaf's entered value gives."""
        max_points = self.number(line.max_points or Decimal(0))
        if line.value is None and line.kind not in (BONUS, PENALTY):
            return self._say("missing", code=line.code, name=line.name, max=max_points)
        return self._say(
            f"kind:{line.kind}",
            code=line.code,
            name=line.name,
            value=self.quantity(line.value or Decimal(0)),
            target=self.quantity(line.target or Decimal(0)),
            answer=self._text["yes" if line.value else "no"],
            points=self.number(line.points),
            max=max_points,
        )

    def section(self, line: SectionLine) -> str:
        """A section's subtotal against its maximum."""
        subtotal, top = self.number(line.subtotal), self.number(line.max_points)
        return self._say("section", code=line.code, name=line.name, subtotal=subtotal, max=top)

    def figures(self, expl: Explanation) -> list[str]:
        """Bonus (and whether the cap cut it), penalty, total, and incompleteness."""
        n = self.number
        bonus_key = "bonus_capped" if expl.bonus_capped else "bonus_total"
        total_key = "total"
        if expl.total == 0 and expl.penalty > 0:
            equal = expl.penalty == expl.base + expl.bonus
            total_key = "total_zero_equal" if equal else "total_zero"
        sentences = [
            self._say(bonus_key, raw=n(expl.bonus_raw), cap=n(expl.bonus_cap), bonus=n(expl.bonus)),
            self._say("penalty_total", penalty=n(expl.penalty)),
            self._say(
                total_key,
                total=n(expl.total),
                base=n(expl.base),
                base_max=n(expl.base_max),
                bonus=n(expl.bonus),
                penalty=n(expl.penalty),
            ),
        ]
        if expl.missing:
            sentences.append(self._say("incomplete", codes=", ".join(expl.missing)))
        return sentences

    def ranks(self, expl: Explanation) -> list[str]:
        """Rank in the cluster and in the nation (with the z-score when used)."""
        cluster = self._say(
            "cluster_rank",
            cluster=expl.cluster_name,
            rank=expl.cluster_rank,
            size=expl.cluster_size,
        )
        key = "national_rank" if expl.normalized is None else "national_rank_z"
        normalized = self.number(expl.normalized or Decimal(0))
        national = self._say(
            key, rank=expl.national_rank, size=expl.national_size, normalized=normalized
        )
        return [cluster, national]

    def neighbour(self, other: Neighbour, expl: Explanation) -> str:
        """Who won the tie with a federation of equal total, and on what; or a shared rank
        (in the national list, for a federation of another cluster)."""
        sentence = self._neighbour(other, expl)
        return self._say("national_tie", sentence=sentence) if other.national else sentence

    def _neighbour(self, other: Neighbour, expl: Explanation) -> str:
        total = self.number(other.total)
        if other.criterion is None:
            rank = expl.national_rank if other.national else expl.cluster_rank
            return self._say("tie_shared", name=other.name, total=total, rank=rank)
        criterion = other.criterion
        higher_wins = criterion != PENALTY_BREAKER
        own_higher = other.ranked_above == higher_wins
        return self._say(
            "tie_won" if other.ranked_above else "tie_lost",
            name=other.name,
            total=total,
            criterion=self._criterion(criterion),
            comparison=self._text["higher" if own_higher else "lower"],
            own=self.number(other.own_value or Decimal(0)),
            other=self.number(other.other_value or Decimal(0)),
        )

    def classification(self, label: str | None) -> str:
        """The band reached, or that none was."""
        return self._say("class", label=label) if label else self._text["no_class"]

    def award(self, line: AwardLine, expl: Explanation) -> str:
        """Why one rule did or did not give its award."""
        rule = line.rule
        tally = line.votes or VoteTally(0, 0)
        return self._say(
            f"award:{line.reason}",
            rule=rule.name,
            quota=line.quota,
            list=self._text["list_national" if rule.scope == "national" else "list_cluster"],
            rank=expl.national_rank if rule.scope == "national" else expl.cluster_rank,
            held=self._held(line),
            total=self.number(expl.total),
            min_total=self.number(rule.min_total),
            share=self._vote_share(line),
            min_share=self.number((rule.min_vote_share or Decimal(0)) * 100),
            # the counts say it plainly where rounded percentages look alike (6 of 9 is
            # 66.67 % but below a minimum of 0.6667): votes ≥ minimum × voters, exactly
            votes=tally.votes,
            voters=tally.voters,
            needed=math.ceil((rule.min_vote_share or Decimal(0)) * tally.voters),
        )

    def _criterion(self, criterion: str) -> str:
        if criterion.startswith(SECTION_PREFIX):
            return self._say("criterion_section", code=criterion[len(SECTION_PREFIX) :])
        return self._text["criterion_bonus" if criterion == BONUS_BREAKER else "criterion_penalty"]

    def _held(self, line: AwardLine) -> str:
        if line.held is None:
            return ""
        return self._say("held_tie" if line.held.tie else "held", award=line.held.award)

    def _vote_share(self, line: AwardLine) -> str:
        if line.votes is None or line.votes.voters <= 0:
            return self.number(Decimal(0))
        return self.number(Decimal(line.votes.votes) * 100 / line.votes.voters)

    def _say(self, key: str, **facts: object) -> str:
        return self._text[key].format(**facts)

    def _local(self, text: str) -> str:
        return text.replace(".", ",") if self.lang == "vi" else text

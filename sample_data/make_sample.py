"""Generate the sample period bundles in sample_data/ and check them by hand.

    python sample_data/make_sample.py [--shared PATH] [--check-only]

Writes ``sample_data/2023/`` (the 63 provincial unions in 9 clusters, with the
interesting cases engineered on purpose) and ``sample_data/2025/`` (the 34
merged units, illustrative) as CSV bundles (INTERFACES.md §1). The province
names and the 2023 cluster membership come from the shared data folder
(default ``../shared/data`` next to the repository), which is needed only to
regenerate: the CSV files are committed and the app never reads shared/.

Everything is deterministic (``random.Random(2023)``). After writing, the
files are read back and checked by a small computation of its own, written from
SCORING.md (§3 totals, §4 ranks, §7 awards) and independent of the app: it
prints the rankings and asserts that each case the README promises holds.
``--check-only`` skips generation and checks the committed files.

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
D = Decimal
QUARTER = D("0.25")
ZERO = D(0)

# --------------------------------------------------------------------------- scheme


@dataclass(frozen=True)
class Ind:
    code: str
    parent: str
    name: str
    kind: str
    max_points: Decimal = ZERO  # zero for sections
    target: Decimal = ZERO  # zero unless kind is target
    guidance: str = ""


def _ind(code, parent, name, kind, max_points=None, target=None, guidance=""):
    return Ind(
        code,
        parent,
        name,
        kind,
        ZERO if max_points is None else D(str(max_points)),
        ZERO if target is None else D(str(target)),
        guidance,
    )


SCHEME_2023 = [
    _ind("I", "", "Công tác tuyên truyền, tập hợp trí thức và xây dựng tổ chức", "section",
         guidance="Tối đa 20 điểm."),
    _ind("I.1", "I", "Tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp luật của Nhà nước đến đội ngũ trí thức", "points", 6,
         guidance="Căn cứ kế hoạch, báo cáo và hình ảnh các hội nghị, lớp bồi dưỡng chính trị cho trí thức; đủ 6 điểm khi thực hiện đầy đủ kế hoạch năm."),
    _ind("I.2", "I", "Tập hợp, đoàn kết trí thức; nắm bắt tâm tư, nguyện vọng và phản ánh ý kiến của trí thức", "points", 5,
         guidance="Minh chứng: báo cáo tổng hợp ý kiến trí thức gửi cấp ủy, chính quyền; biên bản tọa đàm, gặp mặt trí thức."),
    _ind("I.3", "I", "Số hội thành viên, tổ chức khoa học và công nghệ được thành lập mới hoặc kết nạp trong năm", "target", 5, 2,
         guidance="Chỉ tiêu 2 tổ chức; chỉ tính quyết định thành lập hoặc kết nạp ban hành trong năm. Điểm = 5 × số đạt được / 2, tối đa 5 điểm."),
    _ind("I.4", "I", "Đại hội, kiện toàn bộ máy đúng nhiệm kỳ; quy chế tổ chức và hoạt động được phê duyệt", "yesno", 4,
         guidance="Đạt khi có nghị quyết đại hội hoặc quyết định kiện toàn và quy chế còn hiệu lực; không đạt: 0 điểm."),
    _ind("II", "", "Tư vấn, phản biện và giám định xã hội", "section",
         guidance="Tối đa 25 điểm."),
    _ind("II.1", "II", "Số báo cáo tư vấn, phản biện và giám định xã hội hoàn thành, gửi cơ quan có thẩm quyền", "target", 10, 6,
         guidance="Chỉ tiêu 6 báo cáo; mỗi báo cáo cần có văn bản đề nghị hoặc đặt hàng và văn bản gửi kết quả. Điểm = 10 × số báo cáo / 6, tối đa 10 điểm."),
    _ind("II.2", "II", "Chất lượng, hiệu quả tư vấn, phản biện: kiến nghị được cơ quan, đơn vị tiếp thu, sử dụng", "points", 10,
         guidance="Căn cứ văn bản tiếp thu, phản hồi của cơ quan nhận kết quả và đánh giá của Cụm."),
    _ind("II.3", "II", "Có quy chế phối hợp với UBND tỉnh, thành phố về hoạt động tư vấn, phản biện và giám định xã hội", "yesno", 5,
         guidance="Đạt khi quy chế hoặc văn bản tương đương đã được ký và đang thực hiện."),
    _ind("III", "", "Nghiên cứu, ứng dụng khoa học và công nghệ; phong trào sáng tạo", "section",
         guidance="Tối đa 25 điểm."),
    _ind("III.1", "III", "Nghiên cứu, ứng dụng và chuyển giao tiến bộ khoa học và công nghệ (đề tài, dự án, mô hình)", "points", 10,
         guidance="Minh chứng: hợp đồng, quyết định giao nhiệm vụ, biên bản nghiệm thu trong năm."),
    _ind("III.2", "III", "Hội thi Sáng tạo kỹ thuật và Cuộc thi Sáng tạo thanh thiếu niên nhi đồng", "section",
         guidance="Tối đa 15 điểm."),
    _ind("III.2.a", "III.2", "Số giải pháp dự Hội thi Sáng tạo kỹ thuật cấp tỉnh", "target", 8, 20,
         guidance="Chỉ tiêu 20 giải pháp có hồ sơ dự thi hợp lệ. Điểm = 8 × số giải pháp / 20, tối đa 8 điểm. Năm không tổ chức Hội thi: tính lần tổ chức gần nhất."),
    _ind("III.2.b", "III.2", "Tổ chức Cuộc thi Sáng tạo thanh thiếu niên nhi đồng và kết quả dự thi toàn quốc", "points", 7,
         guidance="Căn cứ kế hoạch, quyết định công nhận giải cấp tỉnh và kết quả dự thi toàn quốc."),
    _ind("IV", "", "Phổ biến kiến thức khoa học và công nghệ; hợp tác quốc tế", "section",
         guidance="Tối đa 15 điểm."),
    _ind("IV.1", "IV", "Số hội thảo, tọa đàm, lớp tập huấn phổ biến kiến thức khoa học và công nghệ", "target", 6, 9,
         guidance="Chỉ tiêu 9 hoạt động, tính theo kế hoạch, danh sách đại biểu và hình ảnh. Điểm = 6 × số hoạt động / 9, tối đa 6 điểm."),
    _ind("IV.2", "IV", "Hợp tác quốc tế; vận động và thực hiện dự án tài trợ", "points", 5,
         guidance="Minh chứng: văn bản cho phép của cấp có thẩm quyền, báo cáo dự án."),
    _ind("IV.3", "IV", "Duy trì bản tin, tạp chí hoặc trang thông tin điện tử phát hành thường xuyên", "yesno", 4,
         guidance="Đạt khi phát hành đủ số kỳ theo giấy phép; nộp kèm số phát hành hoặc đường dẫn."),
    _ind("V", "", "Công tác thi đua, khen thưởng và chế độ thông tin, báo cáo", "section",
         guidance="Tối đa 15 điểm."),
    _ind("V.1", "V", "Tổ chức phong trào thi đua; tham gia đầy đủ hoạt động của Cụm", "points", 6,
         guidance="Căn cứ kế hoạch phát động thi đua và danh sách tham dự các hoạt động của Cụm."),
    _ind("V.2", "V", "Gửi đầy đủ, đúng hạn báo cáo sơ kết, tổng kết và báo cáo chuyên đề", "yesno", 5,
         guidance="Đạt khi mọi báo cáo được gửi đúng hạn theo công văn của Cụm và LHH Việt Nam."),
    _ind("V.3", "V", "Quản lý tài chính, tài sản và công tác văn phòng đúng quy định", "points", 4,
         guidance="Căn cứ kết luận kiểm tra, kiểm toán (nếu có) và báo cáo quyết toán."),
    _ind("VI", "", "Điểm thưởng (tối đa 5 điểm)", "section",
         guidance="Cộng vào tổng điểm; tổng điểm thưởng không vượt quá 5 điểm."),
    _ind("VI.1", "VI", "Được UBND tỉnh, thành phố hoặc LHH Việt Nam tặng Bằng khen, Cờ thi đua trong năm", "bonus", 3,
         guidance="Cờ thi đua: 3 điểm; Bằng khen tập thể: 1,5 điểm. Nộp quyết định khen thưởng."),
    _ind("VI.2", "VI", "Có sáng kiến, mô hình mới được Cụm hoặc LHH Việt Nam ghi nhận, nhân rộng", "bonus", 3,
         guidance="1 điểm cho mỗi sáng kiến, mô hình được ghi nhận bằng văn bản; tối đa 3 điểm."),
    _ind("VI.3", "VI", "Có giải pháp đạt giải Hội thi Sáng tạo kỹ thuật toàn quốc hoặc Giải thưởng VIFOTEC", "bonus", 2,
         guidance="1 điểm cho mỗi giải; tối đa 2 điểm."),
    _ind("VII", "", "Điểm trừ", "section",
         guidance="Trừ vào tổng điểm."),
    _ind("VII.1", "VII", "Gửi báo cáo chậm hoặc thiếu theo yêu cầu của Cụm, LHH Việt Nam", "penalty", 3,
         guidance="Trừ 1 điểm cho mỗi báo cáo gửi chậm quá 5 ngày hoặc không gửi; tối đa 3 điểm."),
    _ind("VII.2", "VII", "Không tham dự hội nghị, hoạt động chung của Cụm mà không có lý do", "penalty", 2,
         guidance="Trừ 1 điểm mỗi lần; tối đa 2 điểm."),
    _ind("VII.3", "VII", "Để xảy ra vi phạm, sai phạm bị cơ quan có thẩm quyền kết luận", "penalty", 5,
         guidance="Cụm thống nhất mức trừ từ 1 đến 5 điểm tùy mức độ."),
]  # fmt: skip

# 2025: the same scheme with one indicator changed (a higher target for II.1:
# the merged unions are larger).
SCHEME_2025 = [
    _ind("II.1", "II", "Số báo cáo tư vấn, phản biện và giám định xã hội hoàn thành, gửi cơ quan có thẩm quyền", "target", 10, 8,
         guidance="Chỉ tiêu 8 báo cáo (nâng từ 6 năm 2023 do đơn vị sau hợp nhất có quy mô lớn hơn). Điểm = 10 × số báo cáo / 8, tối đa 10 điểm.")
    if i.code == "II.1" else i
    for i in SCHEME_2023
]  # fmt: skip

SETTINGS_COMMON = {
    "bonus_cap": "5",
    "tie_breakers": "section:II;section:III;bonus;penalty",
    "national_method": "raw",
    "bands": "90:Xuất sắc;80:Tốt;65:Khá;50:Trung bình;0:Yếu",
}
AWARDS = [
    # name, scope, count, share, min_total, min_vote_share
    ("Cờ thi đua", "cluster", "1", "", "90", "0.7"),
    ("Bằng khen", "cluster", "3", "", "80", ""),
]

# --------------------------------------------------------------------------- totals (SCORING.md §3)


def round2(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def leaf_points(ind: Ind, value: Decimal | None) -> Decimal:
    """What one base leaf contributes, unrounded (a missing value gives 0)."""
    if value is None:
        return ZERO
    if ind.kind == "target":
        return ind.max_points * min(value / ind.target, D(1))
    if ind.kind == "yesno":
        return ind.max_points if value == 1 else ZERO
    return value


@dataclass
class Result:
    code: str
    name: str
    cluster: str
    base: Decimal
    bonus_raw: Decimal
    bonus: Decimal
    penalty: Decimal
    total_exact: Decimal
    total: Decimal
    sections: dict[str, Decimal]
    complete: bool
    rank: int = 0
    national_rank: int = 0
    votes: int | None = None
    voters: int | None = None
    award: str | None = None
    award_tie: bool = False
    self_total: Decimal | None = None


def ancestors(scheme: list[Ind]) -> dict[str, list[str]]:
    parent = {i.code: i.parent for i in scheme}
    chains: dict[str, list[str]] = {}
    for i in scheme:
        chain, p = [], i.parent
        while p:
            chain.append(p)
            p = parent[p]
        chains[i.code] = chain
    return chains


def compute(scheme: list[Ind], values: dict[str, Decimal | None], cap: Decimal) -> Result:
    """Totals and section subtotals of one federation, rounding once at the end."""
    chains = ancestors(scheme)
    sections = {i.code: ZERO for i in scheme if i.kind == "section"}
    base = bonus = penalty = ZERO
    complete = True
    for ind in scheme:
        if ind.kind == "section":
            continue
        value = values.get(ind.code)
        if ind.kind == "bonus":
            bonus += value or ZERO
        elif ind.kind == "penalty":
            penalty += value or ZERO
        else:
            complete &= value is not None
            points = leaf_points(ind, value)
            base += points
            for section in chains[ind.code]:
                sections[section] += points
    capped = min(bonus, cap)
    exact = max(ZERO, base + capped - penalty)
    return Result(
        "", "", "", base, bonus, capped, penalty, exact, round2(exact),
        {k: round2(v) for k, v in sections.items()}, complete,
    )  # fmt: skip


# --------------------------------------------------------------------------- ranks (§4) and awards (§7)

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
MODIFIED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
            ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}  # fmt: skip
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vi_key(name: str) -> tuple:
    """Vietnamese alphabetical order: letters first (Đ after D, Ă Â after A), then tones."""
    letters: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", name.lower()):
        if ch in TONES and tones:
            tones[-1] = TONES[ch]
        elif letters and (letters[-1], ch) in MODIFIED:
            letters[-1] = MODIFIED[(letters[-1], ch)]
        else:
            letters.append(ch)
            tones.append(0)
    primary = tuple((1, ALPHABET.index(c)) if c in ALPHABET else (0, ord(c)) for c in letters)
    return (primary, tuple(tones), name)


def compare_key(r: Result, tie_breakers: list[str]) -> tuple:
    """Higher is better, element by element: total, then each tie-breaker."""
    key: list[Decimal] = [r.total]
    for tb in tie_breakers:
        if tb.startswith("section:"):
            key.append(r.sections[tb.split(":", 1)[1]])
        elif tb == "bonus":
            key.append(r.bonus)
        elif tb == "penalty":
            key.append(-r.penalty)
    return tuple(key)


def rank_list(results: list[Result], tie_breakers: list[str]) -> list[tuple[int, Result]]:
    """Standard competition ranking: rank = 1 + the number strictly better."""
    keys = {r.code: compare_key(r, tie_breakers) for r in results}
    ordered = sorted(results, key=lambda r: vi_key(r.name))
    ordered.sort(key=lambda r: keys[r.code], reverse=True)
    return [(1 + sum(keys[o.code] > keys[r.code] for o in results), r) for r in ordered]


def apply_awards(ranked: list[tuple[int, Result]], rule: dict) -> None:
    """One cluster-scope award rule on one ranked list (SCORING.md §7)."""
    places = int(rule["count"])
    min_total, min_share = D(rule["min_total"]), rule["min_vote_share"]
    ranks = sorted({rank for rank, _ in ranked})
    for rank in ranks:
        if places == 0:
            return
        group = [r for k, r in ranked if k == rank]
        qualifying = [
            r for r in group
            if r.award is None and r.complete and r.total >= min_total
            and (not min_share or (r.voters and D(r.votes or 0) / r.voters >= D(min_share)))
        ]  # fmt: skip
        if len(qualifying) <= places:
            for r in qualifying:
                r.award = rule["name"]
            places -= len(qualifying)
        else:
            for r in qualifying:
                r.award, r.award_tie = rule["name"], True
            return


# --------------------------------------------------------------------------- value generation


def fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(value.quantize(D(1)))
    return format(value.normalize(), "f")


def quarter(x: float) -> Decimal:
    return (D(str(x)) / QUARTER).quantize(D(1), rounding=ROUND_HALF_UP) * QUARTER


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


class Generator:
    """Plausible, deterministic leaf values for one scheme."""

    # Quantity steps whose points are whole quarters (so totals can be fitted exactly).
    CLEAN_STEP = {"I.3": 1, "II.1": 3, "III.2.a": 5, "IV.1": 3}

    def __init__(self, rng: random.Random, scheme: list[Ind], cap: Decimal):
        self.rng = rng
        self.scheme = scheme
        self.cap = cap
        self.leaves = [i for i in scheme if i.kind != "section"]
        self.by_code = {i.code: i for i in scheme}
        self.chains = ancestors(scheme)

    def total(self, values: dict[str, Decimal | None]) -> Result:
        return compute(self.scheme, values, self.cap)

    def random_values(self, q: float) -> dict[str, Decimal | None]:
        """Leaf values for a federation of quality q (about total / 100)."""
        rng = self.rng
        values: dict[str, Decimal | None] = {}
        for ind in self.leaves:
            if ind.kind == "points":
                share = clamp(q + rng.gauss(0, 0.07), 0.35, 1.0)
                values[ind.code] = min(ind.max_points, quarter(float(ind.max_points) * share))
            elif ind.kind == "target":
                share = clamp(q + rng.gauss(0, 0.2), 0.2, 1.5)
                values[ind.code] = D(round(float(ind.target) * share))
            elif ind.kind == "yesno":
                values[ind.code] = D(1) if rng.random() < min(0.97, q + 0.12) else ZERO
            elif ind.kind == "bonus":
                choices = {"VI.1": ["0", "0", "0", "1.5", "1.5", "3"],
                           "VI.2": ["0", "0", "0", "1", "1", "2"],
                           "VI.3": ["0"] * 8 + ["1", "2"]}[ind.code]  # fmt: skip
                values[ind.code] = D(rng.choice(choices))
            else:  # penalty: rarer for the better federations
                odds = {"VII.1": 0.35, "VII.2": 0.1, "VII.3": 0.03}[ind.code] * (1.4 - q)
                values[ind.code] = D(1) if rng.random() < odds else ZERO
        return values

    def snap_targets(self, values: dict[str, Decimal | None]) -> None:
        """Move target quantities to ones whose points are whole quarters."""
        for code, step in self.CLEAN_STEP.items():
            v, target = values[code], self.by_code[code].target
            if v is not None and v < target:
                values[code] = (v / step).quantize(D(1), rounding=ROUND_HALF_UP) * step

    def fit(self, values: dict, want: Decimal, frozen: Iterable[str] = ()) -> bool:
        """Nudge points leaves (outside the frozen sections) by quarters until total == want.

        Returns False when the points leaves have no room to reach it.
        """
        frozen = set(frozen)
        adjustable = [
            i for i in self.leaves
            if i.kind == "points" and not frozen & {i.code, *self.chains[i.code]}
        ]  # fmt: skip
        diff = want - self.total(values).total_exact
        assert diff % QUARTER == 0, f"cannot fit {diff} in quarters"
        room = sum(
            (i.max_points - values[i.code] if diff > 0 else values[i.code]) for i in adjustable
        )
        # leave some slack so that no leaf is pushed to an implausible extreme
        if abs(diff) > room * D("0.8"):
            return False
        while diff:
            step = QUARTER if diff > 0 else -QUARTER
            movable = [i for i in adjustable if 0 <= values[i.code] + step <= i.max_points]
            # prefer leaves far from their bound, so the values stay plausible
            movable.sort(key=lambda i: (values[i.code] / i.max_points, i.code), reverse=diff < 0)
            pick = self.rng.choice(movable[: max(1, len(movable) // 2)])
            values[pick.code] += step
            diff -= step
        return True

    def self_values(self, values: dict, generous: bool) -> dict[str, Decimal | None]:
        """What the federation scored itself: usually the same, sometimes a little more.

        A generous federation claims more on many leaves (a gap of 2 points or more);
        the others on one or two points leaves at most, or a yes the cluster did not accept.
        """
        rng, own = self.rng, dict(values)
        points = [i for i in self.leaves if i.kind == "points"]
        bumped = points if generous else rng.sample(points, rng.choice([0, 0, 0, 1, 1, 2]))
        for ind in bumped:
            if generous and rng.random() > 0.5:
                continue
            bump = D(rng.choice(["0.5", "1"]) if generous else rng.choice(["0.25", "0.5"]))
            own[ind.code] = min(ind.max_points, values[ind.code] + bump)
        for ind in self.leaves:
            v = values[ind.code]
            if v is None:
                own[ind.code] = D(1) if ind.kind == "yesno" else ind.max_points
            elif ind.kind == "target" and rng.random() < (0.3 if generous else 0.05):
                own[ind.code] = v + rng.choice([1, 2])
            elif ind.kind == "yesno" and v == 0 and rng.random() < (1 if generous else 0.1):
                own[ind.code] = D(1)
            elif ind.kind == "penalty" and v > 0 and rng.random() < 0.3:
                own[ind.code] = ZERO
        return own


NOTE_TEMPLATES = {
    "I.1": [
        "Báo cáo số {n}/BC-LHH ngày {d}/{m}/2023 về công tác tuyên truyền",
        "Kế hoạch số {n}/KH-LHH và hình ảnh {k} hội nghị",
    ],
    "I.2": ["Báo cáo tổng hợp ý kiến trí thức số {n}/BC-LHH gửi Tỉnh ủy"],
    "I.3": ["Quyết định kết nạp hội thành viên số {n}/QĐ-LHH ngày {d}/{m}/2023"],
    "I.4": ["Nghị quyết Đại hội nhiệm kỳ 2021–2026; Quyết định phê duyệt điều lệ số {n}/QĐ-UBND"],
    "II.1": [
        "Danh mục {v} báo cáo tư vấn, phản biện kèm văn bản gửi UBND tỉnh",
        "Báo cáo số {n}/BC-LHH ngày {d}/{m}/2023 (phản biện quy hoạch tỉnh)",
    ],
    "II.2": ["Công văn tiếp thu ý kiến phản biện số {n}/UBND-TH"],
    "II.3": ["Quy chế phối hợp số {n}/QC-UBND-LHH ngày {d}/{m}/2021"],
    "III.1": ["Biên bản nghiệm thu {k} đề tài, dự án cấp tỉnh"],
    "III.2.a": ["Kỷ yếu Hội thi Sáng tạo kỹ thuật tỉnh lần thứ {k}: {v} giải pháp"],
    "III.2.b": ["Quyết định trao giải Cuộc thi STTTNNĐ số {n}/QĐ-BTC"],
    "IV.1": ["Danh sách {v} hội thảo, lớp tập huấn kèm hình ảnh"],
    "IV.2": ["Văn bản cho phép tiếp nhận dự án số {n}/QĐ-UBND"],
    "IV.3": ["Bản tin Khoa học và Đời sống, {k} số/năm"],
    "V.1": ["Kế hoạch phát động thi đua số {n}/KH-LHH"],
    "V.2": ["Sổ theo dõi công văn đi của Cụm"],
    "V.3": ["Báo cáo quyết toán năm 2023 đã được phê duyệt"],
}
NOTE_ZERO_YESNO = {
    "I.4": "Chưa tổ chức đại hội đúng nhiệm kỳ",
    "II.3": "Chưa ký quy chế phối hợp với UBND tỉnh",
    "IV.3": "Bản tin phát hành không đủ số kỳ theo giấy phép",
    "V.2": "Báo cáo sơ kết gửi chậm so với công văn của Cụm",
}
NOTE_BONUS = {
    "VI.1": "Quyết định khen thưởng số {n}/QĐ-UBND ngày {d}/{m}/2023",
    "VI.2": "Mô hình được Cụm ghi nhận tại hội nghị sơ kết (biên bản ngày {d}/{m}/2023)",
    "VI.3": "Giải thưởng Hội thi Sáng tạo kỹ thuật toàn quốc lần thứ {k}",
}
NOTE_PENALTY = {
    "VII.1": "Báo cáo tổng kết gửi chậm {k} ngày",
    "VII.2": "Vắng hội nghị sơ kết Cụm không có lý do",
    "VII.3": "Kết luận thanh tra số {n}/KL-TTr",
}
NOTE_MISSING = "Chưa nộp minh chứng; Cụm chưa thống nhất điểm (chờ bổ sung)"


def make_note(rng: random.Random, ind: Ind, value: Decimal | None, year: int) -> str:
    fill = {"n": rng.randint(5, 180), "d": f"{rng.randint(1, 28):02d}",
            "m": f"{rng.randint(1, 11):02d}", "k": rng.randint(2, 9), "v": fmt(value)}  # fmt: skip
    if value is None:
        return NOTE_MISSING
    if ind.kind == "yesno" and value == 0:
        return NOTE_ZERO_YESNO[ind.code]
    if ind.kind == "bonus":
        return NOTE_BONUS[ind.code].format(**fill) if value > 0 else ""
    if ind.kind == "penalty":
        return NOTE_PENALTY[ind.code].format(**fill) if value > 0 else ""
    if rng.random() < 0.22:
        return rng.choice(NOTE_TEMPLATES[ind.code]).format(**fill).replace("2023", str(year))
    return ""


# --------------------------------------------------------------------------- 2023: the engineered cases


@dataclass
class Plan:
    """One engineered federation: its exact total and what is fixed about it."""

    total: str
    bonus: tuple[str, str, str] | None = None
    penalty: tuple[str, str, str] = ("0", "0", "0")
    fixed: dict[str, str] = field(default_factory=dict)
    tie_with: str | None = None  # same sections II and III, bonus, penalty and total
    missing: str | None = None
    votes: int | None = None


PLANS_2023 = {
    # e) C1: the bonus cap. QNH's raw bonus 3+3+2 = 8 is cut to 5; uncapped it would lead.
    "TNN": Plan("94", bonus=("1.5", "2", "0")),
    "QNH": Plan("93.5", bonus=("3", "3", "2")),
    # d) C3: HDG and HYN are equal on the total and every tie-breaker, tied for the 3rd Bằng khen.
    "HNI": Plan("96.5"),
    "HPG": Plan("88.25"),
    "BNH": Plan("86.5"),
    "HDG": Plan("84.75", bonus=("1.5", "0", "0")),
    "HYN": Plan("84.75", tie_with="HDG"),
    # b) C4: NAN and HTH share rank 2 (1, 2, 2, 4); both fit in the Bằng khen places.
    "THA": Plan("93.25"),
    "NAN": Plan("88", bonus=("1.5", "1", "0")),
    "HTH": Plan("88", tie_with="NAN"),
    "NBH": Plan("85.5"),
    # a) C6: KHA and BDH equal at 83.5; section II (the first tie-breaker) puts KHA first,
    #    and that decides the 3rd Bằng khen.
    "QNI": Plan("92.5"),
    "BTN": Plan("89"),
    "PYN": Plan("86.75"),
    "KHA": Plan("83.5", bonus=("0", "1", "0"), fixed={"II.1": "6", "II.2": "8.5", "II.3": "1"}),
    "BDH": Plan("83.5", bonus=("1.5", "0", "0"), fixed={"II.1": "3", "II.2": "9", "II.3": "1"}),
    # c) C7: BDG has no agreed value for IV.3: incomplete, so no award for it.
    "HCM": Plan("91.75"),
    "BDG": Plan("87", missing="IV.3"),
    "DNI": Plan("85.25"),
    "BRV": Plan("82"),
    "TNH": Plan("80.5"),
    # f) C9: CTO leads with 92 but only 3 of 6 votes: the flag goes to KGG.
    "CTO": Plan("92", votes=3),
    "KGG": Plan("90.5", votes=5),
    "STG": Plan("84"),
    "CMU": Plan("81.25"),
}
# Other members of these clusters stay strictly below:
CEILINGS_2023 = {"C1": "92", "C3": "83", "C4": "84", "C6": "80", "C7": "79.75", "C9": "79.75"}
# g) rounding once: LCI's two thirds-valued target leaves (II.1 = 4 of 6, IV.1 = 7 of 9).
ROUNDING_CASE = ("LCI", {"II.1": "4", "IV.1": "7"})
GENEROUS_SELF_2023 = ("BKN", "LCU", "DKN", "TVH", "HUG")


def engineered_values(gen: Generator, plan: Plan, done: dict[str, dict]) -> dict:
    """Random values close to the plan, then fitted to its exact total."""
    for _ in range(200):
        values = gen.random_values(float(plan.total) / 100 - 0.03)
        gen.snap_targets(values)
        frozen: set[str] = set()
        if plan.tie_with:
            partner = done[plan.tie_with]
            for ind in gen.leaves:
                if {ind.code, *gen.chains[ind.code]} & {"II", "III", "VI", "VII"}:
                    values[ind.code] = partner[ind.code]
            frozen = {"II", "III"}
        else:
            if plan.bonus is not None:
                values.update({f"VI.{i + 1}": D(v) for i, v in enumerate(plan.bonus)})
            values.update({f"VII.{i + 1}": D(v) for i, v in enumerate(plan.penalty)})
            for code, v in plan.fixed.items():
                values[code] = D(v)
                frozen.add(gen.by_code[code].parent)
        if plan.missing:
            values[plan.missing] = None
        if not gen.fit(values, D(plan.total), frozen):
            continue
        if plan.tie_with and sum(values[c] != done[plan.tie_with][c] for c in values) < 5:
            continue  # a tie, not a copy
        return values
    raise AssertionError(f"could not fit {plan}")


def random_member(gen: Generator, ceiling: Decimal, taken: set[Decimal], q_range, override=None):
    """Draw until the total is below the ceiling and unlike every other in the cluster."""
    lo, hi = q_range
    hi = min(hi, float(ceiling) / 100 - 0.02)
    for _ in range(500):
        values = gen.random_values(gen.rng.uniform(lo, hi))
        if override:
            values.update({k: D(v) for k, v in override.items()})
        total = gen.total(values).total
        if total < ceiling and total >= D(lo * 100 - 2) and total not in taken:
            return values
    raise AssertionError("could not draw a distinct federation")


def make_votes(rng: random.Random, ranked: list[tuple[int, Result]], fixed: dict[str, int]) -> dict:
    """Ballot results: the leader by score usually gets almost every vote."""
    n = len(ranked)
    votes = {}
    for position, (_, r) in enumerate(ranked):
        if position == 0:
            v = n - rng.choice([0, 0, 1])
        elif position == 1:
            v = n - rng.choice([1, 2, 2, 3])
        else:
            v = rng.randint(0, n // 2)
        votes[r.code] = fixed.get(r.code, v)
    return votes


# --------------------------------------------------------------------------- periods


@dataclass
class Period:
    year: int
    title: str
    scheme: list[Ind]
    clusters: list[tuple[str, str, list[str]]]  # code, name, members
    names: dict[str, str]
    succeeds: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict] = field(default_factory=dict)
    self_values: dict[str, dict] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)
    leaders: dict[str, tuple[str, ...]] = field(default_factory=dict)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def union_name(official: str) -> str:
    """'Tỉnh Thanh Hóa' -> 'Liên hiệp các Hội KH&KT tỉnh Thanh Hóa'."""
    return f"Liên hiệp các Hội KH&KT {official[0].lower()}{official[1:]}"


def build_2023(shared: Path, rng: random.Random) -> Period:
    provinces = {r["code"]: r["name"] for r in read_csv(shared / "provinces-2024.csv")}
    clusters: dict[str, tuple[str, list[str]]] = {}
    for row in read_csv(shared / "vusta-clusters-2023.csv"):
        code = f"C{row['cluster']}"
        clusters.setdefault(code, (row["cluster_name"], []))[1].append(row["province"])
    assert sum(len(m) for _, m in clusters.values()) == 63 == len(provinces)
    period = Period(
        2023,
        "Chấm điểm thi đua các cụm LHH tỉnh, thành phố năm 2023 (dữ liệu mẫu)",
        SCHEME_2023,
        [(code, name, members) for code, (name, members) in clusters.items()],
        {code: union_name(name) for code, name in provinces.items()},
    )
    cap = D(SETTINGS_COMMON["bonus_cap"])
    gen = Generator(rng, SCHEME_2023, cap)
    for code, _, members in period.clusters:
        planned = [m for m in members if m in PLANS_2023]
        for m in planned:
            period.values[m] = engineered_values(gen, PLANS_2023[m], period.values)
        taken = {D(PLANS_2023[m].total) for m in planned}
        ceiling = D(CEILINGS_2023.get(code, "98.5"))
        for m in members:
            if m in planned:
                continue
            override = ROUNDING_CASE[1] if m == ROUNDING_CASE[0] else None
            period.values[m] = random_member(gen, ceiling, taken, (0.7, 0.94), override)
            taken.add(gen.total(period.values[m]).total)
        period.leaders[code] = tuple(rng.sample(members, 2))
    fixed_votes = {c: p.votes for c, p in PLANS_2023.items() if p.votes is not None}
    finish(period, gen, fixed_votes, GENEROUS_SELF_2023)
    return period


CLUSTERS_2025 = [
    ("C1", "Cụm thi đua số 1 (Tây Bắc - Việt Bắc)", ["LCU", "DBN", "SLA", "LCI", "TQG", "CBG"]),
    ("C2", "Cụm thi đua số 2 (Đông Bắc - Thủ đô)", ["LSN", "TNN", "PTO", "BNH", "QNH", "HNI"]),
    ("C3", "Cụm thi đua số 3 (Đồng bằng sông Hồng - Bắc Trung Bộ)", ["HPG", "HYN", "NBH", "THA", "NAN", "HTH"]),
    ("C4", "Cụm thi đua số 4 (Trung Trung Bộ - Tây Nguyên)", ["QTI", "HUE", "DNG", "QNI", "GLI", "DLK"]),
    ("C5", "Cụm thi đua số 5 (Nam Trung Bộ - Đông Nam Bộ)", ["KHA", "LDG", "HCM", "DNI", "TNH"]),
    ("C6", "Cụm thi đua số 6 (Đồng bằng sông Cửu Long)", ["CTO", "VLG", "DTP", "CMU", "AGG"]),
]  # fmt: skip


def build_2025(shared: Path, rng: random.Random) -> Period:
    rows = read_csv(shared / "provinces-2025.csv")
    members = [m for _, _, ms in CLUSTERS_2025 for m in ms]
    assert sorted(members) == sorted(r["code"] for r in rows), (
        "2025 clusters must cover the 34 units"
    )
    period = Period(
        2025,
        "Chấm điểm thi đua các cụm LHH tỉnh, thành phố năm 2025 (dữ liệu minh họa)",
        SCHEME_2025,
        CLUSTERS_2025,
        {r["code"]: union_name(r["name"]) for r in rows},
        {r["code"]: r["formed_from"] for r in rows},
    )
    gen = Generator(rng, SCHEME_2025, D(SETTINGS_COMMON["bonus_cap"]))
    for code, _, ms in CLUSTERS_2025:
        taken: set[Decimal] = set()
        for m in ms:
            period.values[m] = random_member(gen, D("98.5"), taken, (0.7, 0.94))
            taken.add(gen.total(period.values[m]).total)
        period.leaders[code] = tuple(rng.sample(ms, 2))
    finish(period, gen, {}, ())
    return period


def finish(period: Period, gen: Generator, fixed_votes: dict, generous: Iterable[str]) -> None:
    """Votes (from the ranking) and self-assessed values, once the agreed values are final."""
    generous = set(generous)
    tie_breakers = SETTINGS_COMMON["tie_breakers"].split(";")
    for _, _, members in period.clusters:
        results = []
        for m in members:
            r = gen.total(period.values[m])
            r.code, r.name = m, period.names[m]
            results.append(r)
        period.votes.update(make_votes(gen.rng, rank_list(results, tie_breakers), fixed_votes))
    for _, _, members in period.clusters:
        for m in members:
            period.self_values[m] = gen.self_values(period.values[m], m in generous)


# --------------------------------------------------------------------------- writing


def write_table(path: Path, header: list[str], rows: Iterable[Iterable[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_period(period: Period, out: Path, deadline: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(period.year)  # noqa: S311 - reproducible sample data, not secrets; notes only
    settings = {
        "year": str(period.year),
        "title": period.title,
        "deadline": deadline,
        **SETTINGS_COMMON,
    }
    write_table(out / "settings.csv", ["key", "value"], settings.items())
    write_table(
        out / "clusters.csv", ["code", "name", "leader", "deputy"],
        ((c, n, *period.leaders[c]) for c, n, _ in period.clusters),
    )  # fmt: skip
    write_table(
        out / "federations.csv", ["code", "name", "cluster", "succeeds"],
        ((m, period.names[m], c, period.succeeds.get(m, "")) for c, _, ms in period.clusters for m in ms),
    )  # fmt: skip
    write_table(
        out / "indicators.csv", ["code", "parent", "name", "kind", "max_points", "target", "guidance"],
        ((i.code, i.parent, i.name, i.kind, fmt(i.max_points or None), fmt(i.target or None), i.guidance)
         for i in period.scheme),
    )  # fmt: skip
    leaves = [i for i in period.scheme if i.kind != "section"]
    score_rows = []
    for _, _, members in period.clusters:
        for m in members:
            for ind in leaves:
                v = period.values[m][ind.code]
                note = make_note(rng, ind, v, period.year)
                score_rows.append((m, ind.code, fmt(v), fmt(period.self_values[m][ind.code]), note))
    write_table(
        out / "scores.csv", ["federation", "indicator", "value", "self_value", "note"], score_rows
    )
    write_table(
        out / "votes.csv", ["federation", "votes", "voters"],
        ((m, str(period.votes[m]), str(len(ms))) for _, _, ms in period.clusters for m in ms),
    )  # fmt: skip
    write_table(
        out / "awards.csv",
        ["name", "scope", "count", "share", "min_total", "min_vote_share"],
        AWARDS,
    )


# --------------------------------------------------------------------------- the independent check


def load_bundle(folder: Path) -> dict:
    """Read a written bundle back and compute everything from the files alone."""
    settings = {r["key"]: r["value"] for r in read_csv(folder / "settings.csv")}
    scheme = [
        Ind(r["code"], r["parent"], r["name"], r["kind"],
            D(r["max_points"] or "0"), D(r["target"] or "0"), r["guidance"])
        for r in read_csv(folder / "indicators.csv")
    ]  # fmt: skip
    feds = read_csv(folder / "federations.csv")
    clusters = read_csv(folder / "clusters.csv")
    values: dict[str, dict] = {f["code"]: {} for f in feds}
    selfs: dict[str, dict] = {f["code"]: {} for f in feds}
    for row in read_csv(folder / "scores.csv"):
        assert row["indicator"] not in values[row["federation"]], f"duplicate score {row}"
        values[row["federation"]][row["indicator"]] = D(row["value"]) if row["value"] else None
        selfs[row["federation"]][row["indicator"]] = (
            D(row["self_value"]) if row["self_value"] else None
        )
    votes = {
        r["federation"]: (int(r["votes"]), int(r["voters"])) for r in read_csv(folder / "votes.csv")
    }
    awards = read_csv(folder / "awards.csv")
    validate(scheme, feds, clusters, values, selfs, votes)
    cap = D(settings["bonus_cap"])
    tie_breakers = settings["tie_breakers"].split(";")
    results: dict[str, Result] = {}
    for f in feds:
        r = compute(scheme, values[f["code"]], cap)
        r.code, r.name, r.cluster = f["code"], f["name"], f["cluster"]
        r.votes, r.voters = votes[f["code"]]
        r.self_total = compute(scheme, selfs[f["code"]], cap).total
        results[f["code"]] = r
    ranked: dict[str, list[tuple[int, Result]]] = {}
    for c in clusters:
        ranked[c["code"]] = rank_list(
            [r for r in results.values() if r.cluster == c["code"]], tie_breakers
        )
        for rank, r in ranked[c["code"]]:
            r.rank = rank
    for rule in awards:
        assert (rule["scope"] or "cluster") == "cluster"
        for lst in ranked.values():
            apply_awards(lst, rule)
    for rank, r in rank_list(list(results.values()), tie_breakers):
        r.national_rank = rank
    return {"settings": settings, "scheme": scheme, "clusters": clusters, "ranked": ranked,
            "results": results, "values": values}  # fmt: skip


def validate(scheme, feds, clusters, values, selfs, votes) -> None:
    """The bundle is well formed and every value is in its kind's range."""
    kinds = {i.kind for i in scheme}
    assert kinds == {"section", "points", "target", "yesno", "bonus", "penalty"}, kinds
    codes = [i.code for i in scheme]
    assert len(set(codes)) == len(codes)
    seen: set[str] = set()
    for i in scheme:
        assert not i.parent or i.parent in seen, f"{i.code}: parent after child"
        seen.add(i.code)
        if i.kind != "section":
            assert i.max_points > 0
        if i.kind == "target":
            assert i.target > 0
    base_max = sum(i.max_points for i in scheme if i.kind in ("points", "target", "yesno"))
    assert base_max == 100, base_max
    leaves = [i for i in scheme if i.kind != "section"]
    cluster_codes = {c["code"] for c in clusters}
    members = {c: [f["code"] for f in feds if f["cluster"] == c] for c in cluster_codes}
    for c in clusters:
        assert {c["leader"], c["deputy"]} <= set(members[c["code"]]) and c["leader"] != c["deputy"]
    for f in feds:
        assert f["cluster"] in cluster_codes
        assert set(values[f["code"]]) == {i.code for i in leaves}, (
            f"{f['code']}: a score row missing"
        )
        v, n = votes[f["code"]]
        assert 0 <= v <= n == len(members[f["cluster"]])
        for ind in leaves:
            for value in (values[f["code"]][ind.code], selfs[f["code"]][ind.code]):
                if value is None:
                    continue
                assert value == value.quantize(D("0.01")), f"{f['code']} {ind.code}: >2 decimals"
                if ind.kind == "yesno":
                    assert value in (0, 1)
                elif ind.kind == "target":
                    assert value >= 0 and value == value.to_integral_value()
                else:
                    assert 0 <= value <= ind.max_points, f"{f['code']} {ind.code}: {value}"


def band(total: Decimal, bands: str) -> str:
    for part in bands.split(";"):
        threshold, label = part.split(":")
        if total >= D(threshold):
            return label
    return ""


def print_summary(data: dict) -> None:
    results, settings = data["results"], data["settings"]
    print(f"\n== {settings['year']}: {settings['title']}")
    print(f"{'cụm':4} {'hạng':>4} {'mã':4} {'tổng':>6} {'gốc':>6} {'thưởng':>9} {'trừ':>4} "
          f"{'tự chấm':>7} {'phiếu':>5} {'QG':>3}  xếp loại / khen thưởng")  # fmt: skip
    for c in data["clusters"]:
        for rank, r in data["ranked"][c["code"]]:
            bonus = fmt(r.bonus) + (f" ({fmt(r.bonus_raw)})" if r.bonus_raw > r.bonus else "")
            award = (r.award or "") + (" — đồng hạng, Hội đồng quyết định" if r.award_tie else "")
            flags = "" if r.complete else " [chưa đủ dữ liệu]"
            print(f"{c['code']:4} {rank:>4} {r.code:4} {r.total:>6} {round2(r.base):>6} {bonus:>9} "
                  f"{fmt(r.penalty):>4} {r.self_total:>7} {r.votes:>2}/{r.voters:<2} {r.national_rank:>3}  "
                  f"{band(r.total, settings['bands'])}{flags}  {award}")  # fmt: skip
    totals = [r.total for r in results.values()]
    print(
        f"tổng điểm: thấp nhất {min(totals)}, cao nhất {max(totals)}, "
        f"{sum(70 <= t <= 98 for t in totals)}/{len(totals)} trong khoảng 70–98"
    )


def check_2023(data: dict) -> None:
    """Assert the cases promised in sample_data/README.md."""
    res, ranked = data["results"], data["ranked"]
    scheme, values = data["scheme"], data["values"]
    ties = [r.code for r in res.values() if r.award_tie]
    shared_ranks = sorted(
        r.code for lst in ranked.values() for rank, r in lst
        if sum(k == rank for k, _ in lst) > 1
    )  # fmt: skip
    equal_totals = sorted(
        r.code for lst in ranked.values() for _, r in lst
        if sum(o.total == r.total for _, o in lst) > 1
    )  # fmt: skip
    incomplete = [r.code for r in res.values() if not r.complete]
    capped = [r.code for r in res.values() if r.bonus_raw > r.bonus]
    gaps = [r.code for r in res.values() if r.self_total - r.total >= 2]
    print("\nCác trường hợp / cases:")
    print(f"  equal totals in a cluster: {equal_totals}")
    print(f"  shared ranks:              {shared_ranks}")
    print(f"  tied at a quota:           {ties}")
    print(f"  incomplete:                {incomplete}")
    print(f"  bonus cut by the cap:      {capped}")
    print(f"  self total ≥ agreed + 2:   {gaps}")

    # a) equal totals separated by the first tie-breaker (section II)
    kha, bdh = res["KHA"], res["BDH"]
    assert kha.total == bdh.total and kha.cluster == bdh.cluster
    assert kha.sections["II"] > bdh.sections["II"] and kha.rank + 1 == bdh.rank
    assert kha.award == "Bằng khen" and bdh.award is None and bdh.total >= 80
    # b) a shared rank; the next rank skips
    nan, hth = res["NAN"], res["HTH"]
    assert nan.rank == hth.rank == 2 and res["NBH"].rank == 4
    assert nan.award == hth.award == res["NBH"].award == "Bằng khen" and not nan.award_tie
    # c) incomplete, not in the cluster with the tie; would have a Bằng khen otherwise
    bdg = res["BDG"]
    assert incomplete == ["BDG"] and values["BDG"]["IV.3"] is None
    assert bdg.award is None and bdg.total >= 80 and bdg.rank == 2
    assert res["TNH"].award == "Bằng khen"  # the place BDG could not take
    # d) tie at the quota of the 3rd Bằng khen
    hdg, hyn = res["HDG"], res["HYN"]
    assert sorted(ties) == ["HDG", "HYN"] and hdg.rank == hyn.rank
    assert hdg.award == hyn.award == "Bằng khen" and min(hdg.total, hyn.total) >= 80
    assert hdg.cluster != bdg.cluster
    assert (
        sum(
            r.award == "Bằng khen" and not r.award_tie
            for r in res.values()
            if r.cluster == hdg.cluster
        )
        == 2
    )
    # b) and d) are the only shared ranks; a), b), d) the only equal totals
    assert shared_ranks == ["HDG", "HTH", "HYN", "NAN"]
    assert equal_totals == ["BDH", "HDG", "HTH", "HYN", "KHA", "NAN"]
    # e) the cap cuts QNH's bonus, which costs it the first place
    qnh, tnn = res["QNH"], res["TNN"]
    assert qnh.bonus_raw == 8 and qnh.bonus == 5 and qnh.rank == 2 and tnn.rank == 1
    assert qnh.total + qnh.bonus_raw - qnh.bonus > tnn.total
    # f) 90 or more but votes below 70 %: no flag, which goes to the next one
    cto, kgg = res["CTO"], res["KGG"]
    assert cto.total >= 90 and D(cto.votes) / cto.voters < D("0.7") and cto.rank == 1
    assert cto.award == "Bằng khen" and kgg.award == "Cờ thi đua"
    # g) rounding once: the per-leaf rounded sum would differ by a cent
    lci = res["LCI"]
    leaves = [i for i in scheme if i.kind in ("points", "target", "yesno")]
    per_leaf = sum(round2(leaf_points(i, values["LCI"][i.code])) for i in leaves)
    assert round2(lci.base) != per_leaf, (lci.base, per_leaf)
    print(
        f"  rounding once (LCI):       base {lci.base:.4f} -> {round2(lci.base)}, "
        f"leaf by leaf {per_leaf}"
    )
    # plausibility
    totals = [r.total for r in res.values()]
    assert sum(70 <= t <= 98 for t in totals) >= 0.85 * len(totals)
    # the README names these
    assert sorted(gaps) == sorted(["BKN", "LCU", "NDH", "TTH", "DKN", "BDG", "TVH", "HUG"]), gaps
    assert sorted(capped) == ["LCI", "QNH"], capped
    assert not any(r.award == "Cờ thi đua" for r in res.values() if r.cluster == "C2")
    print("Mọi trường hợp đều đúng / every case holds.")


def check_2025(data: dict) -> None:
    res = data["results"]
    assert len(res) == 34 and all(r.complete for r in res.values())
    assert not any(r.award_tie for r in res.values())
    print("2025: 34 đơn vị, đủ dữ liệu / 34 units, complete.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data",
                        help="folder with provinces-2024.csv, provinces-2025.csv, vusta-clusters-2023.csv")  # fmt: skip
    parser.add_argument("--out", type=Path, default=HERE, help="where the year folders go")
    parser.add_argument("--check-only", action="store_true", help="check the existing files only")
    args = parser.parse_args(argv)
    if not args.check_only:
        rng = random.Random(2023)  # noqa: S311 - reproducible sample data, not secrets
        write_period(build_2023(args.shared, rng), args.out / "2023", "2023-12-15")
        write_period(build_2025(args.shared, rng), args.out / "2025", "2025-12-15")
    data = load_bundle(args.out / "2023")
    print_summary(data)
    check_2023(data)
    data = load_bundle(args.out / "2025")
    print_summary(data)
    check_2025(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())

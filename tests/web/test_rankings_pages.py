"""The rankings pages: national list (raw and z-score side by side), a cluster's
list with its ties and incomplete members, and one federation's explanation.

The 2023 sample's cases (sample_data/README.md): C3 HDG/HYN tied at the quota,
C4 HTH/NAN sharing rank 2, C6 KHA/BDH separated by section II, C7 BDG
incomplete, C1 QNH's bonus cut by the cap, C9 CTO refused the flag on votes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from html import unescape

import pytest
from flask import Flask

from scoring.bundle.model import (
    BundleAward,
    BundleCluster,
    BundleFederation,
    BundleIndicator,
    BundleScore,
    BundleSettings,
    PeriodBundle,
)
from scoring.database import unit_of_work
from scoring.engine.settings import parse_bands
from scoring.models import Period, User
from scoring.services.period_import import import_period
from scoring.services.workflow import lock_period


@dataclass(frozen=True)
class Row:
    """A table row as a reader sees it: its classes and each cell's text."""

    classes: str
    cells: list[str]

    @property
    def text(self) -> str:
        return " | ".join(self.cells)


def rows_of(html: str) -> list[Row]:
    rows = []
    for attrs, body in re.findall(r"<tr([^>]*)>(.*?)</tr>", html, flags=re.S):
        classes = re.search(r'class="([^"]*)"', attrs)
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body, flags=re.S)
        texts = [unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()) for c in cells]
        rows.append(Row(classes.group(1) if classes else "", texts))
    return rows


def row_of(html: str, name: str) -> Row:
    (row,) = [r for r in rows_of(html) if name in r.text]
    return row


def between(html: str, start: str, end: str) -> str:
    return html[html.index(start) : html.index(end)]


# --- a small period where the national method changes who gets an award ---------


def strict_and_lenient_bundle() -> PeriodBundle:
    """Cluster S scores strictly (60, 50, 40), cluster L leniently (95, 94, 80).

    Raw, L's top (95) leads the nation; normalized within clusters, S's top (62,25)
    beats L's top (57,79). One national award therefore changes hands.
    """
    totals = {"S1": 60, "S2": 50, "S3": 40, "L1": 95, "L2": 94, "L3": 80}
    names = {"S1": "Sơn La", "S2": "Điện Biên", "S3": "Lai Châu",
             "L1": "Long An", "L2": "Bến Tre", "L3": "Trà Vinh"}  # fmt: skip
    return PeriodBundle(
        settings=BundleSettings(
            year=2030,
            title="Thử hai phương pháp",
            national_method="raw",
            bands=parse_bands("90:Xuất sắc;50:Trung bình;0:Yếu"),
        ),
        clusters=[BundleCluster("S", "Cụm chấm chặt"), BundleCluster("L", "Cụm chấm rộng")],
        federations=[
            BundleFederation(code, f"Liên hiệp các Hội KH&KT tỉnh {names[code]}", code[0])
            for code in totals
        ],
        indicators=[
            BundleIndicator("I", "Hoạt động", "section"),
            BundleIndicator("I.1", "Kết quả hoạt động", "points", "I", Decimal(100)),
        ],
        scores=[BundleScore(code, "I.1", Decimal(total)) for code, total in totals.items()],
        awards=[BundleAward("Cờ thi đua của Chính phủ", Decimal(0), "national", count=1)],
    )


@pytest.fixture
def two_methods_app(app: Flask) -> Flask:
    with app.app_context(), unit_of_work() as session:
        import_period(session, strict_and_lenient_bundle())
    return app


def test_national_page_lists_the_awards_that_differ_between_methods(two_methods_app, auth):
    auth.login("committee")
    page = auth.client.get("/periods/2030/rankings")
    assert page.status_code == 200
    html = page.text
    assert "Giải thưởng sẽ khác nếu đổi phương pháp" in html
    differ = between(html, 'id="differences"', 'id="clusters"')
    # federation, cluster, under raw (applied), under z-score
    assert row_of(differ, "Long An").cells[1:] == ["L", "★ Cờ thi đua của Chính phủ", "—"]
    assert row_of(differ, "Sơn La").cells[1:] == ["S", "—", "★ Cờ thi đua của Chính phủ"]
    assert "Bến Tre" not in differ


def test_national_page_shows_raw_and_zscore_columns_side_by_side(two_methods_app, auth):
    auth.login("committee")
    html = auth.client.get("/periods/2030/rankings").text
    listing = between(html, 'id="national-list"', 'id="differences"')
    assert "Điểm thô" in listing and "Chuẩn hoá theo cụm (z-score)" in listing
    # rank, name, cluster, total | raw rank | normalized, z rank | class, award
    assert row_of(listing, "Long An").cells[2:7] == ["L", "95,00", "1", "57,79", "2"]
    assert row_of(listing, "Long An").cells[0] == "1"
    assert row_of(listing, "Sơn La").cells[:1] + row_of(listing, "Sơn La").cells[2:7] == [
        "4", "S", "60,00", "4", "62,25", "1",
    ]  # fmt: skip
    assert "data-print" in html


def test_sample_national_page_says_no_award_depends_on_the_method(sample_app, auth):
    auth.login("c2.deputy")  # any signed-in role reads rankings
    page = auth.client.get("/periods/2023/rankings")
    assert page.status_code == 200
    differ = between(page.text, 'id="differences"', 'id="clusters"')
    assert "hai phương pháp cho cùng kết quả khen thưởng" in differ
    assert "Hà Nội" in page.text and "70,55" in page.text  # HNI's normalized score
    # the cluster summary names the tie left to the council
    summary = row_of(page.text.split('id="clusters"')[1], "Cụm thi đua số 3")
    assert "Hải Dương" in summary.cells[5]
    assert "đồng hạng — đề nghị Hội đồng quyết định" in summary.cells[5]


def test_a_long_national_list_comes_in_pages(sample_app, auth):
    """National size (10,000 rows) would be 5 MB of HTML: the list is paged; the sample's
    63 unions fit on one page of the default size, so a small size shows the paging."""
    auth.login("committee")
    whole = auth.client.get("/periods/2023/rankings").text
    assert 'rel="next"' not in whole and between(whole, "<tbody>", "</tbody>").count("<tr") == 63
    sample_app.config["RANKINGS_PAGE_SIZE"] = 20
    pages = [auth.client.get(f"/periods/2023/rankings?page={n}").text for n in (1, 2, 4)]
    listed = [between(p, "<tbody>", "</tbody>").count("<tr") for p in pages]
    assert listed == [20, 20, 3]
    assert 'rel="prev"' not in pages[0] and "?page=2#national-list" in pages[0]
    assert "Trang 2/4 · 21–40 / 63" in pages[1] and 'rel="prev"' in pages[1] and 'rel="next"' in pages[1]
    assert "Trang 4/4 · 61–63 / 63" in pages[2] and 'rel="next"' not in pages[2]
    # The rows of page 2 are the 21st to 40th of the whole list, in order.
    names = re.findall(r'<td class="name">(?:<a [^>]*>)?([^<]+)', between(whole, "<tbody>", "</tbody>"))
    assert re.findall(r'<td class="name">(?:<a [^>]*>)?([^<]+)', between(pages[1], "<tbody>", "</tbody>")) == names[20:40]
    # Out of range or not a number: the nearest page, never an error.
    assert "Trang 4/4" in auth.client.get("/periods/2023/rankings?page=99").text
    assert "Trang 1/4" in auth.client.get("/periods/2023/rankings?page=0").text
    assert "Trang 1/4" in auth.client.get("/periods/2023/rankings?page=x").text
    # The cluster summary below still covers every cluster.
    assert all(f"Cụm thi đua số {n}" in pages[1] for n in range(1, 10))


def test_national_rows_mark_incomplete_members_ties_and_link_only_readable_explanations(sample_app, auth):
    """The national list's rows are written in Python (web/ranking_rows.py): what they
    say and link must stay what the template said, names stay text, codes are quoted."""
    from scoring.extensions import db
    from scoring.models import Federation
    from scoring.services.cache import invalidate_rankings

    nasty = 'Hội "Bắc" <script>alert(1)</script> & =SUM(A1)'
    with sample_app.app_context():
        federation = db.session.query(Federation).filter_by(code="LCI").one()
        federation.name = nasty
        invalidate_rankings(db.session, federation.period_id)
        db.session.commit()
    auth.login("c2.leader")
    html = auth.client.get("/periods/2023/rankings").text
    body = between(html, "<tbody>", "</tbody>")
    assert "<script>alert(1)" not in html
    assert 'Hội &#34;Bắc&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; =SUM(A1)</a>' in body
    own = row_of(body, nasty)
    assert own.cells[2] == "C2" and own.cells[0].isdigit()
    # an explanation is linked only where the user may read it (their own cluster C2)
    linked = set(re.findall(r'href="/periods/2023/federations/([^"]+)"', body))
    assert "LCI" in linked and "QNH" not in linked and "HNI" not in linked
    assert len(re.findall(r'href="/periods/2023/clusters/C\d/rankings"', body)) == 63
    incomplete = row_of(body, "Bình Dương")
    assert "incomplete" in incomplete.classes.split() and incomplete.cells[1].endswith("! chưa đủ điểm")
    for name in ("Hải Dương", "Hưng Yên"):
        row = row_of(body, f"tỉnh {name}")
        assert "tie" in row.classes.split()
        assert row.cells[-1] == "⚖ Bằng khen — đồng hạng — đề nghị Hội đồng quyết định"
    assert row_of(body, "Hà Nội").cells[-1] == "★ Cờ thi đua"
    assert row_of(body, "Hà Nội").cells[3] == "96,50" and row_of(body, "Hà Nội").cells[0] == "1"
    # the council reads every explanation, so every name is a link
    auth.login("committee")
    body = between(auth.client.get("/periods/2023/rankings").text, "<tbody>", "</tbody>")
    assert len(re.findall(r'href="/periods/2023/federations/[A-Z]+"', body)) == 63


def test_ranking_rows_quote_codes_in_links_like_url_for(sample_app):
    from scoring.services.comparison import NationalRow
    from scoring.web.ranking_rows import ranking_rows

    row = NationalRow("A B/é", "N", "C 1", "Cụm", 1, Decimal(1), 1, 1, Decimal(50), True, None, None, False)
    with sample_app.test_request_context():
        from flask import url_for

        html = str(ranking_rows([row], {"C 1"}, 2023, {"incomplete": "x", "tie": "y"}))
        assert f'href="{url_for("rankings.federation", year=2023, code="A B/é")}"' in html
        assert f'href="{url_for("rankings.cluster", year=2023, code="C 1")}"' in html


def test_award_badge_and_incomplete_mark_escape_what_they_show():
    """One writer of the badges for every rankings page (national rows, cluster page,
    explanation, method comparison)."""
    from scoring.web.ranking_rows import award_badge, incomplete_tag

    assert str(award_badge("<b>Cờ</b>", True, "đồng & hạng")) == (
        '<span class="badge badge-tie">⚖ &lt;b&gt;Cờ&lt;/b&gt; — đồng &amp; hạng</span>'
    )
    assert str(award_badge("Bằng khen", False, "x")) == '<span class="badge badge-award">★ Bằng khen</span>'
    assert str(award_badge(None, True, "x")) == '<span class="muted">—</span>'
    assert str(incomplete_tag("<i>")) == '<span class="tag tag-warn">! &lt;i&gt;</span>'


# --- a cluster's page -------------------------------------------------------------


def test_cluster_page_shows_a_tie_at_the_quota_for_the_council(sample_app, auth):
    auth.login("committee")
    html = auth.client.get("/periods/2023/clusters/C3/rankings").text
    for name in ("Hải Dương", "Hưng Yên"):
        row = row_of(html, f"tỉnh {name}")
        assert "tie" in row.classes.split()
        assert row.cells[0] == "4 = đồng hạng"
        assert row.cells[-1] == "⚖ Bằng khen — đồng hạng — đề nghị Hội đồng quyết định"
    assert "Đồng hạng tại suất khen thưởng «Bằng khen»" in html


def test_cluster_page_shows_a_shared_rank_and_the_next_rank_skips(sample_app, auth):
    auth.login("c1.leader")
    html = auth.client.get("/periods/2023/clusters/C4/rankings").text
    assert row_of(html, "Hà Tĩnh").cells[0] == "2 = đồng hạng"
    assert row_of(html, "Nghệ An").cells[0] == "2 = đồng hạng"
    assert row_of(html, "Nghệ An").cells[-3] == "88,00"
    assert row_of(html, "Ninh Bình").cells[0] == "4"


def test_cluster_page_shows_the_tie_breaker_between_equal_totals(sample_app, auth):
    auth.login("committee")
    html = auth.client.get("/periods/2023/clusters/C6/rankings").text
    khanh_hoa, binh_dinh = row_of(html, "Khánh Hòa"), row_of(html, "Bình Định")
    assert khanh_hoa.cells[-3] == "83,50"
    assert binh_dinh.cells[-3] == "83,50 = (phần II)"
    assert khanh_hoa.cells[-1] == "★ Bằng khen" and binh_dinh.cells[-1] == "—"
    # section columns carry the section's name as their title
    assert '<abbr title="Tư vấn, phản biện và giám định xã hội">II</abbr>' in html


def test_cluster_page_highlights_an_incomplete_member_in_words(sample_app, auth):
    auth.login("committee")
    html = auth.client.get("/periods/2023/clusters/C7/rankings").text
    row = row_of(html, "Bình Dương")
    assert "incomplete" in row.classes.split()
    assert row.cells[1].endswith("! chưa đủ điểm") and row.cells[-3] == "87,00"
    assert "thiếu IV.3" in html


def test_cluster_page_marks_a_bonus_cut_by_the_cap(sample_app, auth):
    auth.login("committee")
    html = auth.client.get("/periods/2023/clusters/C1/rankings").text
    assert row_of(html, "Quảng Ninh").cells[-5] == "5,00 ✂ trần"
    assert row_of(html, "Thái Nguyên").cells[-5].count("✂") == 0


def test_cluster_page_links_names_only_to_readable_explanations(sample_app, auth):
    auth.login("c2.leader")
    own = auth.client.get("/periods/2023/clusters/C2/rankings").text
    other = auth.client.get("/periods/2023/clusters/C1/rankings")
    assert "/periods/2023/federations/LCI" in own
    assert other.status_code == 200 and "/periods/2023/federations/" not in other.text


def test_unknown_cluster_or_federation_is_not_found(sample_app, auth):
    auth.login("committee")
    assert auth.client.get("/periods/2023/clusters/C99/rankings").status_code == 404
    assert auth.client.get("/periods/2023/federations/XXX").status_code == 404
    assert auth.client.get("/periods/1999/rankings").status_code == 404


def test_rankings_need_a_signed_in_user(sample_app, client):
    page = client.get("/periods/2023/rankings")
    assert page.status_code == 302 and "/login" in page.headers["Location"]


# --- a federation's explanation -----------------------------------------------------


def test_explanation_names_the_tie_breaker_and_why_the_award_was_refused(sample_app, auth):
    auth.login("committee")
    html = unescape(auth.client.get("/periods/2023/federations/BDH").text)
    assert (
        "Bằng tổng điểm với Liên hiệp các Hội KH&KT tỉnh Khánh Hòa (83,50); "
        "xếp dưới vì điểm phần II thấp hơn (19,00 so với 23,50)."
    ) in html
    assert "Bằng khen: đã đủ 3 suất cho các đơn vị xếp trên." in html
    assert "Xếp hạng trong Cụm thi đua số 6: 5/6." in html
    assert "Điểm theo tiêu chí" in html


def test_explanation_names_an_equal_total_in_another_cluster(sample_app, auth):
    """HGI (C1) and KGG (C9) both total 90,50: the national list parts them by the
    tie-breakers, and each explanation says so (SCORING.md §8)."""
    auth.login("admin")
    html = unescape(auth.client.get("/periods/2023/federations/HGI").text)
    assert "Xếp hạng toàn quốc — Bằng tổng điểm với Liên hiệp các Hội KH&KT tỉnh Kiên Giang" in html
    assert "(90,50)" in html


def test_explanation_says_votes_kept_the_flag_away(sample_app, auth):
    auth.login("admin")
    html = auth.client.get("/periods/2023/federations/CTO").text
    assert "Cờ thi đua: được 3/6 phiếu suy tôn (50,00%), chưa đạt mức tối thiểu 70,00% (cần ít nhất 5 phiếu)." in html
    assert "★ Bằng khen" in html


def test_explanation_shows_the_bonus_cap_and_a_missing_value(sample_app, auth):
    auth.login("committee")
    capped = auth.client.get("/periods/2023/federations/QNH").text
    assert "Điểm thưởng: 8,00, vượt mức trần 5,00 nên chỉ tính 5,00." in capped
    incomplete = auth.client.get("/periods/2023/federations/BDG").text
    assert row_of(incomplete, "IV.3").cells[2] == "! chưa nhập"
    assert "không được xét khen thưởng" in incomplete


def test_leader_of_another_cluster_may_not_read_an_explanation(sample_app, auth):
    auth.login("c2.leader")
    assert auth.client.get("/periods/2023/federations/TNN").status_code == 403  # C1
    assert auth.client.get("/periods/2023/federations/LCI").status_code == 200  # C2


@pytest.mark.parametrize("username", ["committee", "admin"])
def test_council_reads_every_explanation(sample_app, auth, username):
    auth.login(username)
    for code in ("TNN", "LCI", "HDG", "BDH", "BDG", "CTO"):
        assert auth.client.get(f"/periods/2023/federations/{code}").status_code == 200


def test_english_switch_shows_english_headings_and_sentences(sample_app, auth):
    auth.login("committee")
    auth.client.get("/lang/en")
    national = auth.client.get("/periods/2023/rankings").text
    assert "National ranking" in national
    assert "Awards that would differ under the other method" in national
    cluster = auth.client.get("/periods/2023/clusters/C6/rankings").text
    assert row_of(cluster, "Bình Định").cells[-3] == "83.50 = (section II)"
    assert "83.50" in cluster
    explained = auth.client.get("/periods/2023/federations/BDH").text
    assert "Points per indicator" in explained
    assert "ranked below on a lower section II score (19.00 vs 23.50)" in explained


# --- a locked period -----------------------------------------------------------------


def test_locked_period_shows_the_published_snapshot(sample_app, auth):
    with sample_app.app_context(), unit_of_work() as session:
        committee = session.query(User).filter_by(username="committee").one()
        period = session.query(Period).filter_by(year=2023).one()
        snapshot = lock_period(session, period, committee)
        snapshot_id, sha = snapshot.id, snapshot.sha256
    auth.login("c1.deputy")
    html = auth.client.get("/periods/2023/clusters/C1/rankings").text
    notice = between(html, 'id="published-title"', "</section>")
    assert "Kết quả đã công bố" in notice
    assert f"<dd>{snapshot_id}</dd>" in notice and sha in notice
    # The national page shows it once, in the period's lock panel.
    html = auth.client.get("/periods/2023/rankings").text
    panel = between(html, 'class="card period-panel"', "</section>")
    assert f"<dd>{snapshot_id}</dd>" in panel and sha in panel
    assert html.count(sha) == 1

"""The main user flows in a real browser (Chromium via Playwright), in Vietnamese.

A leader signs in, enters scores by keyboard, sees the totals change, fixes an
invalid cell, saves and submits; the committee returns the cluster with a
reason, then locks the period; the leader can no longer edit.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile("/login"))


def test_a_whole_cycle_in_vietnamese(page) -> None:  # type: ignore[no-untyped-def]
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi kết quả…?" / "Khóa…?" confirmations

    # The leader of cluster 1 signs in and opens the cluster's score table.
    sign_in(page, "c1.leader", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Chấm điểm thi đua các cụm"))).to_be_visible()
    shot(page, "01-dashboard")
    page.get_by_role("link", name="Bảng điểm").first.click()
    expect(page).to_have_url(re.compile("/periods/2023/clusters/C1/scores"))

    # The leader's own federation is read-only for the leader (the deputy scores it).
    expect(page.locator("th.member.readonly")).to_have_count(1)
    fed = page.locator("th.member:not(.readonly)").first.get_attribute("data-fed")
    value = page.locator(f'tr[data-code="I.1"] td.cell[data-fed="{fed}"] input.in-value')
    cell = page.locator(f'tr[data-code="I.1"] td.cell[data-fed="{fed}"]')
    total = page.locator(f'td[data-fed="{fed}"][data-fig="total"]')
    subtotal = page.locator(f'td.subtotal[data-fed="{fed}"][data-sub="I"]')
    total_before = total.inner_text()

    # Type an impossible value: marked at once, with the allowed range.
    value.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("27")
    expect(cell).to_have_class(re.compile(r"\binvalid\b"))
    expect(cell.locator(".cell-msg")).to_contain_text("6")
    # Saving now sends nothing and says so once: in the list that links to the cell.
    page.keyboard.press("Control+s")
    expect(page.locator("#save-problems")).to_contain_text("Có 1 ô chưa hợp lệ")
    expect(page.locator("#save-problems li")).to_contain_text("tiêu chí I.1")
    expect(page.get_by_text("Có 1 ô chưa hợp lệ")).to_have_count(1)
    # Fix it with a comma decimal; the subtotal and total follow as we type.
    page.keyboard.press("Control+A")
    page.keyboard.type("0,5")
    expect(cell).not_to_have_class(re.compile(r"\binvalid\b"))
    expect(total).not_to_have_text(total_before)
    expect(subtotal).to_contain_text(",")
    # Enter moves down to the next indicator; type a yes/no word there.
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    shot(page, "02-score-entry")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu 2 thay đổi")
    new_total = total.inner_text()

    # Submit the cluster (every member is complete in the sample's cluster 1).
    page.get_by_role("button", name="Gửi kết quả").click()
    expect(page.locator(".workflow-panel")).to_contain_text("Đã gửi")
    expect(value).to_have_attribute("readonly", "")
    _sign_out(page)

    # The committee returns it with a reason.
    sign_in(page, "committee", PASSWORD)
    page.goto(page.base_url + "/periods/2023/clusters/C1/scores")
    expect(total).to_have_text(new_total)  # the saved figures, as the server computes them
    page.get_by_label("Lý do trả lại (bắt buộc)").fill("Thiếu minh chứng cho tiêu chí I.1")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator(".workflow-panel")).to_contain_text("Thiếu minh chứng cho tiêu chí I.1")
    shot(page, "03-returned")

    # The committee locks the period: a published snapshot with its checksum.
    page.goto(page.base_url + "/periods/2023/rankings")
    page.get_by_label(re.compile("vẫn khóa, công bố kết quả")).check()  # clusters not all accepted
    page.get_by_role("button", name="Khóa và công bố").click()
    expect(page.locator(".period-panel")).to_contain_text("SHA-256")
    shot(page, "04-locked-rankings")
    _sign_out(page)

    # The leader sees the reason but can no longer edit anything.
    sign_in(page, "c1.leader", PASSWORD)
    page.goto(page.base_url + "/periods/2023/clusters/C1/scores")
    expect(page.get_by_text("Năm thi đua đã khóa").first).to_be_visible()
    expect(page.locator("#save-button")).to_have_count(0)
    expect(value).to_have_attribute("readonly", "")
    shot(page, "05-locked-grid")


def test_english_switch_and_explanation_page(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "committee", PASSWORD)
    page.goto(page.base_url + "/periods/2023/clusters/C3/rankings")
    expect(page.get_by_text("đồng hạng — đề nghị Hội đồng quyết định").first).to_be_visible()
    shot(page, "06-cluster-ranking")
    page.goto(page.base_url + "/periods/2023/federations/HDG")
    expect(page.locator("main")).to_contain_text("Bằng khen")
    shot(page, "07-explanation")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_long_account_name_keeps_the_top_bar_on_one_line(page, sample_app) -> None:  # type: ignore[no-untyped-def]
    from scoring.extensions import db
    from scoring.models import User

    long_name = "Cụm trưởng Cụm thi đua số 1 (Tây Bắc - Việt Bắc) - Liên hiệp các Hội KH&KT tỉnh Lào Cai"
    with sample_app.app_context():
        db.session.query(User).filter_by(username="c1.leader").one().display_name = long_name
        db.session.commit()
    sign_in(page, "c1.leader", PASSWORD)
    bar = page.locator("header.topbar")
    assert bar.bounding_box()["height"] < 60  # one line at 1366 px
    expect(page.locator(".who-name")).to_have_attribute("title", long_name)  # whole on hover
    expect(page.locator(".who small")).to_be_visible()  # the role stays in view


def test_the_national_list_keeps_its_header_in_view_while_scrolling(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "committee", PASSWORD)
    page.goto(page.base_url + "/periods/2023/rankings")
    box = page.locator("#national-list + .scroll-box")
    box.evaluate("b => b.scrollIntoView()")
    box.evaluate("b => { b.scrollTop = 900; }")
    top = box.evaluate("b => b.getBoundingClientRect().top")
    header = page.locator("table.national thead").first
    assert abs(header.evaluate("h => h.getBoundingClientRect().top") - top) <= 2
    # The row drawn at the header's place is hidden by the header, not shown through it.
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('thead') !== null",
        [200, top + 10],
    )
    assert hit, "the rows show through the header"


def test_the_submit_button_follows_saves_and_waits_for_unsaved_cells(page) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, "c1.leader", PASSWORD)
    page.goto(page.base_url + "/periods/2023/clusters/C1/scores")
    fed = page.locator("th.member:not(.readonly)").first.get_attribute("data-fed")
    value = page.locator(f'tr[data-code="I.1"] td.cell[data-fed="{fed}"] input.in-value')
    submit = page.get_by_role("button", name="Gửi kết quả")
    notice = page.locator("[data-wf-incomplete]")
    expect(submit).to_be_enabled()
    expect(notice).to_be_hidden()
    typed = value.input_value()

    # Clearing a base value and saving makes the member incomplete: the panel says so at once.
    value.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu 1 thay đổi")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("thiếu I.1")
    expect(submit).to_be_disabled()

    # Typing it back without saving: the button comes back only with the save, and a
    # submission with unsaved cells is held back with a message (no confirmation asked).
    value.click()
    page.keyboard.type(typed)
    # the panel's list is the last save's, and says so while the cell waits
    expect(notice.locator("[data-wf-save-first]")).to_be_visible()
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu 1 thay đổi")
    expect(notice).to_be_hidden()
    expect(submit).to_be_enabled()
    # saved while still in the cell, then left: shown with a comma, and still saved
    other = page.locator(f'tr[data-code="I.2"] td.cell[data-fed="{fed}"] input.in-value')
    other.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("2.25")
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu 1 thay đổi")
    page.keyboard.press("Tab")
    expect(other).to_have_value("2,25")
    expect(page.locator("#dirty-count")).to_have_text("Chưa có thay đổi.")
    value.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("1.5")
    page.keyboard.press("Tab")
    expect(value).to_have_value("1,5")  # shown as Vietnamese writes it once the cell is left
    submit.click()
    expect(page.locator("#save-status")).to_contain_text("Còn 1 ô chưa lưu")
    assert dialogs == []
    expect(page).to_have_url(re.compile("/periods/2023/clusters/C1/scores$"))
    expect(page.locator(".workflow-panel")).not_to_contain_text("Đã gửi")


def _grid_page(browser, live_server, username):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    other = context.new_page()
    other.set_default_timeout(10_000)
    other.base_url = live_server
    sign_in(other, username, PASSWORD)
    other.goto(live_server + "/periods/2023/clusters/C1/scores")
    return other


def _type_into(page, fed: str, code: str, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator(f'tr[data-code="{code}"] td.cell[data-fed="{fed}"] input.in-value').click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_leader_and_deputy_saving_different_cells_do_not_block_each_other(page, browser, live_server) -> None:  # type: ignore[no-untyped-def]
    """C1's leader scores every member but LSN, its own federation, which the deputy scores.
    A save that finds the other's newer save takes it in and lands; the same cell edited in
    two places still stops with the conflict shown."""
    sign_in(page, "c1.leader", PASSWORD)
    page.goto(page.base_url + "/periods/2023/clusters/C1/scores")
    deputy = _grid_page(browser, live_server, "c1.deputy")

    _type_into(deputy, "LSN", "I.1", "3,5")
    deputy.keyboard.press("Control+s")
    expect(deputy.locator("#save-status")).to_contain_text("Đã lưu 1 thay đổi")

    _type_into(page, "HGI", "I.2", "2")  # the leader's page still has the older version
    page.keyboard.press("Control+s")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu 1 thay đổi")
    expect(page.locator("#save-status")).to_contain_text("đã nhận 1 ô người khác vừa lưu")
    lsn = page.locator('tr[data-code="I.1"] td.cell[data-fed="LSN"] input.in-value')
    expect(lsn).to_have_value("3,5")
    expect(page.locator("#conflict")).to_be_hidden()

    # The same cell changed in another tab of the leader: a real conflict, shown.
    tab = _grid_page(browser, live_server, "c1.leader")
    _type_into(tab, "HGI", "I.1", "4")  # the sample has 5,5 there
    tab.keyboard.press("Control+s")
    expect(tab.locator("#save-status")).to_contain_text("Đã lưu 1 thay đổi")
    _type_into(page, "HGI", "I.1", "3")
    page.keyboard.press("Control+s")
    expect(page.locator("#conflict")).to_be_visible()
    expect(page.locator("#conflict-list")).to_contain_text("I.1")

"""A leader's full offline round in a real browser: download the template, fill it in,
upload, see the problem with its cell, fix, preview, confirm.

Playwright's sync API allows one running instance per thread, and the browser
tests' session-wide browser may already be running in this one; so this
scenario drives its own Chromium from a worker thread.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest

from tests.browser.conftest import _chromium, live_server  # noqa: F401
from tests.conftest import PASSWORD
from tests.reports.conftest import fill

pytestmark = pytest.mark.browser
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def _scenario(base: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(base + "/login")
        page.get_by_label("Tên đăng nhập").fill("c1.leader")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.goto(base + "/periods/2023/clusters/C1/upload")
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile("Tải mẫu nhập điểm")).click()
        template = Path(download.value.path()).read_bytes()

        wrong = tmp_path / "bang-diem-sai.xlsx"
        wrong.write_bytes(fill(template, {("HGI", "I.1", "value"): 27}, rename="Cụm 1"))
        page.get_by_label("Tệp bảng điểm đã điền (.xlsx)").set_input_files(str(wrong))
        page.get_by_role("button", name=re.compile("Tải lên và xem trước")).click()
        expect(page.get_by_role("alert")).to_contain_text(
            re.compile(r"Cụm 1![A-Z]+\d+: 27 vượt quá điểm tối đa 6")
        )

        right = tmp_path / "bang-diem.xlsx"
        right.write_bytes(fill(template, {("HGI", "I.1", "value"): "5,75"}, rename="Cụm 1"))
        page.get_by_label("Tệp bảng điểm đã điền (.xlsx)").set_input_files(str(right))
        page.get_by_role("button", name=re.compile("Tải lên và xem trước")).click()
        expect(page.get_by_role("heading", name=re.compile("Xem trước thay đổi"))).to_be_visible()
        row = page.locator("table.data tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("5,5")
        expect(row).to_contain_text("5,75")
        page.get_by_role("button", name=re.compile("Xác nhận lưu")).click()
        expect(page).to_have_url(re.compile("/periods/2023/clusters/C1/scores"))
        expect(page.get_by_role("status").filter(has_text="Đã lưu 1 thay đổi")).to_be_visible()
        context.close()
        browser.close()


def test_leader_scores_offline_and_confirms_in_the_browser(
    live_server: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    if _chromium() is None:
        if os.environ.get("SCORING_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is missing but the browser tests are required")
        pytest.skip("Chromium is not installed")
    failure: list[BaseException] = []

    def run() -> None:
        try:
            _scenario(live_server, tmp_path)
        except BaseException as exc:  # handed to the test's thread
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "the browser scenario did not finish"
    if failure:
        raise failure[0]

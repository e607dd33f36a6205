"""The English catalogue of the web interface (scoring/translations/en).

The msgids are the Vietnamese texts themselves, so Vietnamese needs no catalogue
and English needs every one of them: a string added to a template or a view
without its English translation fails here (docs/i18n.md says how to update the
catalogue). The committed .mo must be the compiled .po, and after /lang/en the
interface's own words are English while the domain data (federation, cluster and
indicator names, award names) stays as entered, in Vietnamese.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "scoring" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")
# The same keywords as in babel.cfg, given here too for Babel versions that do not
# read keywords from the mapping file.
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2"]

VIETNAMESE_LETTER = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)
# English texts that keep Vietnamese on purpose: the words a cell accepts, a decree's number.
KEEPS_VIETNAMESE = {
    "«%(raw)s» không phải Có/Không (nhập 1, có, đạt, x hoặc 0, không, không đạt)",
    "Các tệp theo thể thức văn bản của Nghị định 30/2020/NĐ-CP: khổ A4 nằm ngang, phông "
    "Times New Roman, có chỗ ký và nơi nhận. Số liệu lấy từ bảng xếp hạng hiện hành.",
}


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="en")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Every message of the code and templates, extracted as `pybabel extract` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS]
        + ["-o", str(pot), str(ROOT)]
    )
    catalog = read_catalog(pot)
    assert len([m for m in catalog if m.id]) > 300, "the extraction found too few messages"
    return catalog


@pytest.fixture(scope="module")
def english() -> Catalog:
    return read_catalog(PO)


def _texts(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if isinstance(value, (tuple, list)):
        return list(value)
    return [value or ""]


# --- (a) the catalogue is complete --------------------------------------------------


def test_every_message_has_an_english_translation(extracted: Catalog, english: Catalog) -> None:
    untranslated = []
    for message in extracted:
        if not message.id:
            continue
        entry = english.get(message.id, message.context)
        if entry is None or entry.fuzzy or not all(s.strip() for s in _texts(entry.string)):
            untranslated.append(message.id)
    assert not untranslated, (
        f"{len(untranslated)} message(s) without English in {PO.relative_to(ROOT)} "
        "(update the catalogue as docs/i18n.md says):\n"
        + "\n".join(f"  {m!r}" for m in untranslated)
    )


def test_translations_keep_the_placeholders(english: Catalog) -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = []
    for message in english:
        if not message.id:
            continue
        wanted = sorted(placeholder.findall(_texts(message.id)[0]))
        for text in _texts(message.string):
            if text and sorted(placeholder.findall(text)) != wanted:
                wrong.append((message.id, text))
    wrong += [(m.id, "; ".join(map(str, errors))) for m, errors in english.check()]
    assert not wrong, "\n".join(f"{vi!r} -> {en!r}" for vi, en in wrong)


def test_english_texts_are_english(english: Catalog) -> None:
    """A Vietnamese letter in an English text usually means it was pasted untranslated."""
    left = [
        m.id
        for m in english
        if m.id
        and m.id not in KEEPS_VIETNAMESE
        and any(VIETNAMESE_LETTER.search(s) for s in _texts(m.string))
    ]
    assert not left, left


# --- (b) the compiled catalogue is the .po ------------------------------------------


def test_compiled_catalogue_is_up_to_date(english: Catalog) -> None:
    buffer = io.BytesIO()
    write_mo(buffer, english)
    buffer.seek(0)
    fresh = read_mo(buffer)
    with MO.open("rb") as f:
        committed = read_mo(f)

    def contents(catalog: Catalog) -> dict[object, object]:
        return {(m.context, m.id): m.string for m in catalog if m.id}

    assert contents(committed) == contents(fresh), (
        f"{MO.relative_to(ROOT)} is not the compiled {PO.name}: "
        "run `.venv/bin/pybabel compile -d scoring/translations` (docs/i18n.md)"
    )


# --- (c) English pages --------------------------------------------------------------

# Per page: its path, words of the interface (never of the sample data) that the
# Vietnamese page shows, and what the English page shows instead.
PAGES = {
    "dashboard": (
        "/periods/2023/",
        ["Đăng xuất", "Tổng quan", "Bảng điểm", "Xếp hạng cụm", "Cụm trưởng", "Đủ điểm"],
        ["Sign out", "Overview", "Score grid", "Cluster ranking", "Cluster leader", "Complete"],
    ),
    "score grid": (
        "/periods/2023/clusters/C1/scores",
        ["Bảng chấm điểm", "Tiêu chí", "Điểm chuẩn", "TỔNG CỘNG", "Xếp hạng trong cụm"],
        ["Score grid", "Indicator", "Max. points", "TOTAL", "Rank in the cluster"],
    ),
    "national rankings": (
        "/periods/2023/rankings",
        ["Xếp hạng toàn quốc", "Danh sách toàn quốc", "Tổng điểm", "Xếp loại", "Khen thưởng"],
        ["National ranking", "National list", "Total", "Classification", "Awards"],
    ),
}
LOGIN_VI = ["Đăng nhập", "Tên đăng nhập", "Mật khẩu"]
LOGIN_EN = ["Sign in", "Username", "Password"]


def chrome(html: str) -> str:
    """The page's own frame (top bar and footer), where no domain data is shown
    but the link to the Vietnamese interface, which names itself in Vietnamese."""
    parts = re.findall(r'<header class="topbar">.*?</header>|<footer.*?</footer>', html, re.S)
    assert len(parts) == 2, "the page has no top bar or no footer"
    return re.sub(r'<a [^>]*lang="vi"[^>]*>Tiếng Việt</a>', "", "\n".join(parts))


def assert_english(html: str, vietnamese: list[str], english: list[str]) -> None:
    assert '<html lang="en">' in html
    assert [w for w in english if w not in html] == []
    assert [w for w in vietnamese if w in html] == []


@pytest.mark.parametrize("page", list(PAGES))
def test_english_switch_translates_the_interface(sample_app, auth, page: str) -> None:
    path, vietnamese, english = PAGES[page]
    auth.login("committee")
    before = auth.client.get(path)
    assert before.status_code == 200
    assert [w for w in vietnamese if w not in before.text] == []  # the words are really there

    auth.client.get("/lang/en")
    after = auth.client.get(path)
    assert after.status_code == 200
    assert_english(after.text, vietnamese, english)
    frame = chrome(after.text)
    assert not VIETNAMESE_LETTER.search(frame), frame


def test_login_page_in_english(sample_app, client) -> None:
    client.get("/lang/en")
    html = client.get("/login").text
    assert_english(html, LOGIN_VI, LOGIN_EN)
    assert not VIETNAMESE_LETTER.search(chrome(html))


def test_domain_data_stays_vietnamese(sample_app, auth) -> None:
    auth.login("committee")
    auth.client.get("/lang/en")
    html = auth.client.get("/periods/2023/rankings").text
    assert "National ranking" in html
    assert "Cụm thi đua số 1" in html  # a cluster's name, as the period's data has it


# --- (d) Vietnamese by default --------------------------------------------------------


def test_vietnamese_is_the_default_for_a_new_session(sample_app, auth) -> None:
    html = auth.client.get("/login").text
    assert '<html lang="vi">' in html
    assert [w for w in LOGIN_VI if w not in html] == []
    assert [w for w in LOGIN_EN if w in html] == []

    auth.login("committee")
    path, vietnamese, english = PAGES["dashboard"]
    html = auth.client.get(path).text
    assert '<html lang="vi">' in html
    assert [w for w in vietnamese if w not in html] == []
    assert [w for w in ["Sign out", "Score grid", "Cluster ranking"] if w in html] == []


def test_switching_back_to_vietnamese(sample_app, auth) -> None:
    auth.login("committee")
    auth.client.get("/lang/en")
    assert "Sign out" in auth.client.get("/periods/2023/").text
    auth.client.get("/lang/vi")
    html = auth.client.get("/periods/2023/").text
    assert '<html lang="vi">' in html and "Đăng xuất" in html and "Sign out" not in html
    # the charts' words for screen readers follow the language too
    assert 'aria-label="Tổng điểm của 8 đơn vị: ' in html and " totals" not in html
    auth.client.get("/lang/en")
    assert 'aria-label="Totals of 8 federations: ' in auth.client.get("/periods/2023/").text

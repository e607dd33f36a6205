"""A real office suite opens the council's workbook and prints it on A4 landscape.

LibreOffice (headless) converts the sample period's workbook to PDF; poppler's
pdfinfo reads the page sizes. Page 1 is kept as docs/council-report-page1.png
so a reader sees what the council gets (rendered when missing, or on demand
with SCORING_UPDATE_DOCS=1).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

DOCS_PNG = Path(__file__).resolve().parents[2] / "docs" / "council-report-page1.png"

pytestmark = pytest.mark.slow


def _tools() -> None:
    missing = [t for t in ("soffice", "pdfinfo", "pdftoppm") if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing in CI: {', '.join(missing)}")
        pytest.skip(f"not installed: {', '.join(missing)}")


def test_council_workbook_prints_on_a4_landscape_in_libreoffice(
    sign_in: Any, tmp_path: Path
) -> None:
    _tools()
    workbook = tmp_path / "bao-cao-hoi-dong-2023.xlsx"
    response = sign_in("committee").get("/periods/2023/reports/council.xlsx?date=2025-12-05")
    workbook.write_bytes(response.data)
    profile = tmp_path / "lo-profile"  # a private profile: parallel runs never collide
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(workbook)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = workbook.with_suffix(".pdf")
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 13  # national, 9 clusters, proposals, votes, detail, charts: at least
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    found = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", sizes)
    assert len(found) == pages
    for width, height in found:
        assert abs(float(width) - 842) < 1.5 and abs(float(height) - 595) < 1.5, (width, height)
    if os.environ.get("SCORING_UPDATE_DOCS") == "1" or not DOCS_PNG.exists():
        DOCS_PNG.parent.mkdir(parents=True, exist_ok=True)
        stem = tmp_path / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
            check=True, capture_output=True,
        )  # fmt: skip
        shutil.copyfile(stem.with_suffix(".png"), DOCS_PNG)


def test_a_template_saved_again_by_libreoffice_still_uploads(sign_in: Any, tmp_path: Path) -> None:
    """The hidden identifiers, validation and values survive a real office suite's save."""
    _tools()
    from tests.reports.conftest import fill
    from tests.reports.test_offline_upload import download, upload

    leader = sign_in("c1.leader")
    filled = tmp_path / "in" / "mau.xlsx"
    filled.parent.mkdir()
    filled.write_bytes(fill(download(leader), {("HGI", "I.1", "value"): "5,75"}))
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    preview = upload(leader, (out / "mau.xlsx").read_bytes())
    assert preview.status_code == 200, preview.text
    assert "1 thay đổi" in preview.text

"""`dxkit batch` end to end with the real notebooks on a small slice of the bundled sample, run once
for the whole module.

Districts: Chư Prông and Đak Đoa (real names with diacritics) and a district named like a script tag
(escaping). Failures, interruptions and kills are in test_batch_safety.py.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dxkit.cli import main
from dxkit.intake import read_paths
from dxkit.reports.data import is_sample
from dxkit.reports.pdf import find_chromium

ROOT = Path(__file__).resolve().parents[2]
XSS = "<script>alert(1)</script>"
XSS_FIELD = "<img src=x onerror=alert(2)>"  # a free-text Part I value (contact name)
GOOD = ["Chư Prông", "Đak Đoa", XSS]
YEAR = 2024
needs_pdf = pytest.mark.skipif(find_chromium() is None, reason="PDF engine missing (chromium)")


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """Three districts of the bundled sample, the third renamed to a script tag and given a contact name
    that is an HTML tag, as one long CSV."""
    data = read_paths([ROOT / "inputs"])
    keep = data[data["district"].isin(["Chư Prông", "Đak Đoa", "Ia Grai"])].copy()
    keep["district"] = keep["district"].replace({"Ia Grai": XSS})
    contact = pd.DataFrame([{"district": XSS, "year": YEAR, "variable": "I.20.1.name", "value": XSS_FIELD}])
    path = tmp_path_factory.mktemp("inputs") / "slice.csv"
    pd.concat([keep[["district", "year", "variable", "value"]], contact]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def batch(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    code, stdout, stderr = _cli(
        "batch",
        "--inputs",
        str(sample),
        "--out",
        str(out),
        "--workers",
        "2",
        "--quiet",
        "--synthetic",
        "--district",
        *GOOD,
    )
    return {"out": out / str(YEAR), "code": code, "stdout": stdout, "stderr": stderr}


def test_default_year_is_the_latest_and_layout_is_complete(batch):
    out = batch["out"]
    assert batch["code"] == 0, batch["stderr"]
    assert batch["stdout"] == f"4/4 báo cáo năm {YEAR} → {out / 'index.html'}\n"
    files = ["manifest.json", *(f"report.{ext}" for ext in ("html", "ipynb", "pdf") if ext != "pdf" or find_chromium())]
    for slug in ("chu-prong", "dak-doa", "script-alert-1-script"):
        assert sorted(p.name for p in (out / slug).iterdir()) == files
    assert (out / "_comparison" / "comparison.html").exists() and (out / "index.html").exists()
    assert not list(out.rglob(".*")), "temporary files left behind"


def test_html_is_offline_without_code_and_titled(batch):
    html = (batch["out"] / "chu-prong" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    assert re.search(r"<title>[^<]*Chư Prông[^<]*2024[^<]*</title>", html)
    assert "Chuyển đổi số" in html
    assert not re.search(r"""<(script|link)\b[^>]*(src|href)=["']?https?:""", html)
    assert "<script" not in html
    assert "import dxkit" not in html and "In&nbsp;[" not in html
    assert "data:image/svg+xml;base64," in html
    assert "Dữ liệu mô phỏng" in html  # --synthetic: the slice comes from the synthetic sample


def test_district_name_and_free_text_are_escaped_everywhere(batch):
    report = (batch["out"] / "script-alert-1-script" / "report.html").read_text(encoding="utf-8")
    assert XSS_FIELD not in report and "&lt;img src=x onerror=alert(2)&gt;" in report
    for page in (
        batch["out"] / "script-alert-1-script" / "report.html",
        batch["out"] / "_comparison" / "comparison.html",
        batch["out"] / "index.html",
    ):
        html = page.read_text(encoding="utf-8")
        assert XSS not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page


def test_index_links_reports_with_total_and_rank(batch):
    html = (batch["out"] / "index.html").read_text(encoding="utf-8")
    assert 'href="chu-prong/report.html"' in html and 'href="dak-doa/report.html"' in html
    assert 'href="_comparison/comparison.html"' in html
    assert "(bản cũ" not in html


def test_every_batch_writes_the_scores_to_take_away_linked_from_the_index(batch):
    """scores.xlsx (the workbook) and scores.csv (long, BOM) of every unit, the script-tag name as text."""
    out = batch["out"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="scores.xlsx"' in html and "Bảng điểm (Excel)" in html and 'href="scores.csv"' in html
    wb = openpyxl.load_workbook(out / "scores.xlsx")
    assert wb.sheetnames == ["Xếp hạng", "Điểm từng chỉ số", "Cách tính", "Cách lập bảng"]
    names = {row[2] for row in wb["Xếp hạng"].iter_rows(min_row=2, values_only=True)}
    assert names == {"Chư Prông", "Đak Đoa", XSS}
    raw = (out / "scores.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "Chư Prông".encode() in raw
    table = pd.read_csv(out / "scores.csv", encoding="utf-8-sig")
    assert set(table["Năm"]) == {2023, 2024} and "Tên" in table.columns


@needs_pdf
def test_pdf_has_vietnamese_text_and_page_numbers(batch):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(batch["out"] / "chu-prong" / "report.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Chuyển đổi số" in text
    assert "Chư Prông" in text
    assert f"Trang 1 / {len(reader.pages)}" in text
    assert float(reader.pages[0].mediabox.height) == pytest.approx(842, abs=2)  # A4
    assert (batch["out"] / "_comparison" / "comparison.pdf").exists()


def test_pdf_without_an_engine_is_an_error_before_anything_and_html_alone_reruns(batch, sample, monkeypatch):
    """`dxkit report` again with no Chromium: asking for PDF (the default) fails before any notebook and
    changes nothing; `--format html` replaces the report whole (its now stale PDF goes with it)."""
    monkeypatch.setenv("DXKIT_CHROMIUM", "/nonexistent/chromium")
    report = batch["out"] / "dak-doa"
    before = {p.name: p.read_bytes() for p in report.iterdir()}
    args = [
        "report",
        "--district",
        "ĐAK ĐOA",
        "--inputs",
        str(sample),
        "--out",
        str(batch["out"].parent),
        "--synthetic",
        "--quiet",
    ]
    code, stdout, stderr = _cli(*args)
    assert (code, stdout) == (5, "")
    assert stderr.startswith(
        "Thiếu công cụ in PDF: không tìm thấy Chromium qua $DXKIT_CHROMIUM='/nonexistent/chromium'"
    )
    assert "apt-get install" in stderr and "Dùng --format html để chỉ tạo HTML." in stderr
    assert {p.name: p.read_bytes() for p in report.iterdir()} == before
    code, stdout, _ = _cli(*args, "--format", "html")
    assert code == 0 and stdout.startswith("1/1 báo cáo")
    assert sorted(p.name for p in report.iterdir()) == ["manifest.json", "report.html", "report.ipynb"]
    assert (batch["out"] / "chu-prong" / "report.html").exists()  # other reports untouched
    assert 'href="dak-doa/report.html">Đak Đoa</a>' in (batch["out"] / "index.html").read_text(encoding="utf-8")


def test_synthetic_is_detected_from_the_bundled_sample_only(sample):
    assert is_sample(ROOT / "inputs")
    assert is_sample(ROOT / "inputs" / "workbooks" / "chu_prong_2024.xlsx")
    assert not is_sample(sample)

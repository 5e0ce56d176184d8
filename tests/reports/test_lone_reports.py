"""The report notebooks for one district alone (the bundled Chư Prông 2024 workbook), with and without the
province's reference bounds: nothing is compared, pending points are not lost, bounds make the total final."""

import json
import re
from pathlib import Path

import IPython.display
import pytest

from dxkit.reports.export import page

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "inputs" / "workbooks" / "chu_prong_2024.xlsx"
# II.8.4 of the workbook is 1.39 (tỷ đồng); II.5.9 has 18 incidents, not reviewed.
BOUNDS = "code,year,min,max\nII.8.4,2024,0.61,2.78\nII.5.9,2024,0,21\n"


def run(notebook: str, **params) -> str:
    """Execute the notebook's code cells in-process (parameters injected after its parameters cell, as
    papermill does) and return the HTML it displays."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    shown: list[str] = []
    original = IPython.display.display
    IPython.display.display = lambda *objs: shown.extend(o.data for o in objs)
    try:
        ns: dict = {}
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            exec("".join(cell["source"]), ns)
            if "parameters" in cell["metadata"].get("tags", []):
                ns.update(params)
    finally:
        IPython.display.display = original
    return "\n".join(shown)


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", html)))


@pytest.fixture(scope="module")
def bounds_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("bounds") / "nguong.csv"
    path.write_text(BOUNDS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lone_report():
    return words(run("district_report.ipynb", inputs=str(WORKBOOK), district="Chư Prông", year=2024))


def test_lone_report_compares_nothing(lone_report):
    for word in ("Hạng", "trung vị", "Trung vị", "so với các huyện khác", "đơn vị dẫn đầu", "Khoảng 90%"):
        assert word not in lone_report, word
    assert not re.search(r"(?i)hạng:? 1/1|1/1 \d", lone_report)  # no rank 1/1 (II.5.5's "Tỷ lệ = 1/1" is a ratio)
    assert lone_report.count("Chưa xếp hạng: chỉ có dữ liệu của một đơn vị năm 2024") == 1
    assert "Độ ổn định của tổng điểm" in lone_report and "Độ ổn định của thứ hạng" not in lone_report


def test_pending_points_are_pending_not_lost(lone_report):
    assert "25 điểm chờ ngưỡng tham chiếu của tỉnh (II.5.9, II.8.4)" in lone_report
    assert "II.8.4 Tổng kinh phí đầu tư từ ngân sách nhà nước cho xã hội số — mất" not in lone_report
    losses_table = lone_report.split("Chỉ số mất điểm", 1)[1].split("Điểm chờ ngưỡng tham chiếu", 1)[0]
    assert "II.8.4" not in losses_table and "II.5.9" not in losses_table
    assert "Phòng Tài chính - Kế hoạch 142,66 200 37,34" in losses_table  # 57,34 before, with II.8.4's 20 "lost"
    # the criteria table: points '—' (not scored yet, so not 0), maximum 20
    assert "cho xã hội số — 20 chờ ngưỡng tham chiếu" in lone_report and "--bounds" in lone_report
    assert "needs_peers" not in lone_report and "no_denominator" not in lone_report


def test_with_bounds_the_lone_report_is_final(bounds_file):
    html = run("district_report.ipynb", inputs=str(WORKBOOK), district="Chư Prông", year=2024, bounds=str(bounds_file))
    text = words(html)
    # (1,39 − 0,61)/(2,78 − 0,61) × 20 = 7,19; (18 − 0)/(21 − 0) × 5 = 4,29
    assert "(1,39 − 0,61)/(2,78 − 0,61) × 20 = 7,19/20 điểm" in text
    assert "(18 − 0)/(21 − 0) × 5 = 4,29/5 điểm" in text
    for word in ("TẠM TÍNH", "tạm tính", "chờ ngưỡng", "Hạng 1/1", "trung vị"):
        assert word not in text, word
    assert "ngưỡng tham chiếu cho trước, tệp nguong.csv: II.5.9 0–21; II.8.4 0,61–2,78" in text
    assert "TẠM TÍNH" not in page("x", html)


def test_comparison_of_one_unit_runs_without_comparing(bounds_file):
    text = words(run("province_comparison.ipynb", inputs=str(WORKBOOK), year=2024))
    assert text.count("Chưa xếp hạng: chỉ có dữ liệu của một đơn vị năm 2024") == 1
    for word in ("Hạng", "Kém đơn vị dẫn đầu", "Bản đồ nhiệt", "Khoảng thứ hạng", "trung vị"):
        assert word not in text, word
    assert "Chư Prông 1,39 — Min-Max cần ít nhất 2 đơn vị" in text  # pending: no 0 points shown
    final = words(run("province_comparison.ipynb", inputs=str(WORKBOOK), year=2024, bounds=str(bounds_file)))
    assert "Chư Prông 1,39 7,19" in final and "tạm tính" not in final.lower()


def test_a_dollar_name_does_not_break_the_comparison(tmp_path):
    """Issue 9 §12: `Ia $\\undefinedcmd{$ Pa` in the heatmap, interval chart and tables, shown as written."""
    import pandas as pd

    odd = r"Ia $\undefinedcmd{$ Pa"
    df = pd.read_csv(ROOT / "inputs" / "gia_lai_2023_2024.csv", dtype=str, keep_default_na=False)
    df.loc[df["district"] == "Ia Pa", "district"] = odd
    df.to_csv(tmp_path / "odd.csv", index=False)
    html = run("province_comparison.ipynb", inputs=str(tmp_path / "odd.csv"), year=2024)
    assert odd in words(html) and html.count("data:image/svg+xml") == 2

"""The appraisal in the reports: a section in an appraised unit's report and in the comparison, sheets in scores.xlsx."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from dxkit import score
from dxkit.analysis import rank_intervals
from dxkit.core.prepare import APPRAISED
from dxkit.reports import comparison, narrative
from dxkit.reports.data import ReportData
from dxkit.reports.scores import write_scores

ROWS = [
    ("A", "II.3.1.a", "80", "", ""),
    ("A", "II.3.1.b", "100", "", ""),
    ("A", "II.8.4", "10", "", ""),
    ("B", "II.3.1.a", "50", "", ""),
    ("B", "II.3.1.b", "100", "", ""),
    ("B", "II.8.4", "5", "", ""),
    ("A", "II.3.1.a", "=1+1", APPRAISED, '=HYPERLINK("x")'),  # text a spreadsheet would run: kept inert
    ("A", "II.8.4", "6", APPRAISED, "chưa quyết toán"),
]


@pytest.fixture(scope="module")
def data(dti):
    long = pd.DataFrame(
        [(d, 2024, v, x, s, r) for d, v, x, s, r in ROWS],
        columns=["district", "year", "variable", "value", "stage", "reason"],
    )
    result = score(long, dti)
    return ReportData(result, rank_intervals(result, draws=20), synthetic=False)


def test_the_section_only_in_an_appraised_units_report(data):
    """A's two values were appraised (II.3.1.a '=1+1' is no number: II.3.1 invalid in the appraised stage);
    B's were not, and B's II.8.4 is the minimum in both stages (0 points): its report has no such section."""
    a = data.unit("A", 2024)
    keys = [s.key for s in narrative.district_report_text(a)]
    assert keys[:2] == ["summary", "appraisal"]
    section = narrative.appraisal(a)
    assert section.title == "Kết quả thẩm định"
    assert "Tỉnh đã thẩm định và điều chỉnh 2 giá trị của A năm 2024" in section.paragraphs[0]
    english = narrative.appraisal(data.reading("en", None).unit("A", 2024))
    assert english.title == "Appraisal results" and "2 values of A in 2024" in english.paragraphs[0]
    b = data.unit("B", 2024)
    assert not b.appraised and "appraisal" not in [s.key for s in narrative.district_report_text(b)]


def test_the_comparison_section_and_none_without_an_appraisal(data, dti):
    html = comparison.appraisal(comparison.build(data, 2024)).data
    assert "Kết quả thẩm định" in html and "Các chỉ số được điều chỉnh nhiều nhất" in html
    rows = [("A", 2024, "II.8.4", "1"), ("B", 2024, "II.8.4", "2")]
    result = score(pd.DataFrame(rows, columns=["district", "year", "variable", "value"]), dti)
    plain = ReportData(result, rank_intervals(result, draws=20), synthetic=False)
    assert comparison.appraisal(comparison.build(plain, 2024)).data == ""


def test_scores_xlsx_has_the_appraisal_sheets_inert(data, tmp_path):
    path = write_scores(data.assessment, tmp_path / "scores.xlsx", "en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[3:6] == ["Appraisal - units", "Appraisal - criteria", "Appraisal - values"]
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = wb["Appraisal - values"]
    assert [c.value for c in values[1]][:4] == ["Year", "Unit", "Variable", "Criteria"]


@pytest.fixture(scope="module")
def moved(dti):
    """A: II.1.5 có → không (yes/no, 10 → 0, Δ −10), II.3.1.a 80 → 60 (a/b × 10: 8 → 6, Δ −2), II.8.4
    4 → 10 (Min-Max, 20 points: A self (4 − 0)/(5 − 0) × 20 = 16, appraised the maximum 20, Δ +4). B,
    not appraised, was the maximum (5): 20 → (5 − 0)/(10 − 0) × 20 = 10 (Δ −10). C is the minimum (0)."""
    rows = [
        ("A", "II.1.5", "có", "", ""),
        ("A", "II.3.1.a", "80", "", ""),
        ("A", "II.3.1.b", "100", "", ""),
        ("A", "II.8.4", "4", "", ""),
        ("B", "II.8.4", "5", "", ""),
        ("C", "II.8.4", "0", "", ""),
        ("A", "II.1.5", "không", APPRAISED, "không có văn bản"),
        ("A", "II.3.1.a", "60", APPRAISED, "thiếu hồ sơ"),
        ("A", "II.8.4", "10", APPRAISED, "đã quyết toán"),
    ]
    long = pd.DataFrame(
        [(d, 2024, v, x, s, r, "a.csv", f"#{i}") for i, (d, v, x, s, r) in enumerate(rows, start=2)],
        columns=["district", "year", "variable", "value", "stage", "reason", "file", "cell"],
    )
    result = score(long, dti)
    return ReportData(result, rank_intervals(result, draws=20), synthetic=False)


def test_falls_and_rises_listed_and_a_cut_list_says_how_many_more(moved):
    section = narrative.appraisal(moved.unit("A", 2024), n=1)
    assert "Các chỉ số giảm điểm vì giá trị được điều chỉnh: II.1.5 −10 điểm (không có văn bản) và 1 chỉ số khác." in (
        section.paragraphs
    )
    assert "Các chỉ số tăng điểm vì giá trị được điều chỉnh: II.8.4 +4 điểm (đã quyết toán)." in section.paragraphs
    english = narrative.appraisal(moved.reading("en", None).unit("A", 2024), n=2)
    assert any(
        "II.1.5 −10 points (không có văn bản) and II.3.1 −2 points (thiếu hồ sơ)." in p for p in english.paragraphs
    )


def test_a_unit_moved_only_by_other_units_appraisal_is_told_why(moved):
    """B's total 20 → 10 with none of its values corrected: its report says so, naming II.8.4 (−10)."""
    b = moved.unit("B", 2024)
    assert b.appraised and [s.key for s in narrative.district_report_text(b)][:2] == ["summary", "appraisal"]
    first = narrative.appraisal(b).paragraphs[0]
    assert first.startswith("Tỉnh không điều chỉnh giá trị nào của B năm 2024") and "II.8.4 (−10 điểm)" in first
    assert not moved.unit("C", 2024).appraised  # the minimum in both stages: nothing moved


def test_the_province_table_counts_the_peers_a_correction_moved(moved):
    crit = moved.year(2024).appraisal_criteria.set_index("code")
    assert crit.loc["II.8.4", ["units", "units_moved", "delta"]].tolist() == [1, 2, pytest.approx(4 - 10)]


def test_scores_of_the_self_stage_only_write_no_appraisal_sheets(moved, dti, tmp_path):
    """Scored with stage='self', the workbook has the scores and no appraisal sheet (never an error)."""
    own = score(moved.assessment.inputs, dti, stage="self")
    wb = openpyxl.load_workbook(write_scores(own, tmp_path / "self.xlsx", "en"))
    assert not [name for name in wb.sheetnames if name.startswith("Appraisal")]
    values = openpyxl.load_workbook(write_scores(moved.assessment, tmp_path / "a.xlsx", "vi"))["Thẩm định - giá trị"]
    sources = [row[-1] for row in values.iter_rows(min_row=2, values_only=True)]
    assert sources == ["tệp a.csv, dòng 8", "tệp a.csv, dòng 9", "tệp a.csv, dòng 10"]

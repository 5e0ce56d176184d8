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

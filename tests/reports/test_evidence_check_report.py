"""The reviewer's evidence check: escaped HTML, inert workbooks, written together, never into the documents."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from dxkit import load_catalogue, score
from dxkit.analysis.evidence_check import check_evidence
from dxkit.core.atomic import OutputError
from dxkit.core.problems import InputError
from dxkit.intake.docs import index_documents
from dxkit.intake.readers import read_long_csv
from dxkit.reports import evidence_check as report
from tests.analysis.test_evidence_check import INPUTS, NFD_DECISION, make_documents


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    docs = make_documents(tmp_path_factory.mktemp("evidence") / "docs")
    return check_evidence(score(read_long_csv(INPUTS), load_catalogue()), index_documents(docs))


def test_the_page_shows_every_text_literally_and_links_found_files(checked, tmp_path):
    page = report.evidence_html(checked, "Ia Pa", 2024, checked.index.root.parent / "out")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page and "onerror=alert(1)>" not in page
    hrefs = re.findall(r'<a href="([^"#]+)"', page)
    assert unquote(hrefs[0]) == f"../docs/{NFD_DECISION}"  # relative: the page and the folder move together
    assert "https://iapa.gialai.gov.vn/dvc" in hrefs
    assert "đường dẫn có &#x27;..&#x27; (ra ngoài thư mục tài liệu)" in page
    assert page.index("Có điểm nhưng không tìm thấy tài liệu nào") < page.index("Văn phòng HĐND")


def test_the_page_in_english(checked, tmp_path):
    page = report.evidence_html(checked, "KBang", 2024, tmp_path, lang="en")
    assert "Evidence check" in page and "several files match" in page and 'lang="en"' in page
    assert "Kiểm tra" not in page


def test_the_workbook_is_inert_text_with_a_criteria_and_a_references_sheet(checked, tmp_path):
    path = report.write_evidence_check(checked, tmp_path / "out", ["xlsx"])[0]
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tiêu chí", "Tham chiếu"]
    refs = wb["Tham chiếu"]
    (formula,) = [c for row in refs.iter_rows() for c in row if c.value == "=1+2"]
    assert formula.data_type == "s" and formula.row == 8
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    head = [c.value for c in refs[1]]
    row = dict(zip(head, (c.value for c in refs[9])))
    assert row["Đã dẫn"] == "../secret.pdf" and row["Kết quả"] == "bị từ chối"
    assert row["Vị trí trong số liệu"] == f"tệp {INPUTS}, dòng 6" and row["Biến"] == "II.8.1.a"


def test_one_page_and_workbook_per_unit_and_year_replaced_together(checked, tmp_path, monkeypatch):
    out = tmp_path / "out"
    written = report.write_evidence_check(checked, out)
    assert [p.name for p in written] == ["ia-pa-2024.html", "ia-pa-2024.xlsx", "kbang-2024.html", "kbang-2024.xlsx"]
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "write_workbook", broken)
    with pytest.raises(OutputError):
        report.write_evidence_check(checked, out, lang="en")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing half-replaced, nothing left


@pytest.mark.parametrize("where", ["docs", "docs/outputs", "docs/Kế hoạch"])
def test_never_written_inside_the_documents_folder(checked, where):
    out = checked.index.root.parent / where
    with pytest.raises(InputError) as caught:
        report.write_evidence_check(checked, out)
    assert "không ghi kết quả vào trong thư mục tài liệu" in caught.value.text("vi")
    assert not list(out.glob("*.html"))


def test_never_written_onto_or_inside_an_input(checked, tmp_path):
    with pytest.raises(InputError):
        report.write_evidence_check(checked, INPUTS.parent, inputs=[INPUTS.parent])


def test_an_unknown_format_is_refused_naming_the_known_ones(checked, tmp_path):
    with pytest.raises(InputError) as caught:
        report.write_evidence_check(checked, tmp_path, ["pdf"])
    assert "(choose among: html, xlsx)" in caught.value.text("en")
    assert not list(tmp_path.iterdir())

"""The appraisal in every input form: long CSV columns `stage` and `reason`, the workbook's reviewer
columns (round-tripped through LibreOffice), a wide CSV refusing it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dxkit import score
from dxkit.core.prepare import APPRAISED, SELF
from dxkit.core.problems import InputError, Reason
from dxkit.intake import layout, read_paths
from dxkit.intake.readers import read_inputs
from dxkit.intake.template import REVIEW_FILL, write_template
from dxkit.intake.validate import validate_paths
from dxkit.intake.workbook import APPRAISED_KEY, REASON_KEY, read_workbook

PEERS = """huyện,năm,biến,giá trị
A,2024,II.3.1.a,80
A,2024,II.3.1.b,100
A,2024,II.8.4,10
C,2024,II.3.1.a,40
C,2024,II.3.1.b,100
C,2024,II.8.4,0
"""
OWN = {"II.3.1.a": 50, "II.3.1.b": 100, "II.8.4": 5}
APPRAISAL = {"II.3.1.a": (40, "10 người không có hồ sơ"), "II.8.4": (8, "đã quyết toán thêm 3 tỷ")}


def _fill(path: Path, own: dict, appraisal: dict) -> Path:
    """Type the unit's values and the reviewer's appraisal into a template's cells, found by their keys."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        _, data = layout.scan_sheet(ws.iter_rows(values_only=True))
        for r, variable, _, columns in data:
            if variable in own:
                ws.cell(r, columns[layout.VALUE_KEY] + 1, own[variable])
            if variable in appraisal:
                value, reason = appraisal[variable]
                ws.cell(r, columns[APPRAISED_KEY] + 1, value)
                ws.cell(r, columns[REASON_KEY] + 1, reason)
    wb.save(path)
    return path


def _points(result, district: str, code: str) -> float:
    crit = result.criteria()
    return float(crit[(crit["district"] == district) & (crit["code"] == code)]["points"].iloc[0])


def test_the_template_has_the_reviewers_columns_beside_each_value(dti, tmp_path):
    path = write_template(tmp_path / "b.xlsx", dti, "B", 2024)
    wb = openpyxl.load_workbook(path)
    ws = wb["Phòng Văn hóa và Thông tin"]
    headers = [c.value for c in ws[4]]
    at = headers.index("Giá trị")
    assert headers[at + 2 : at + 4] == ["Giá trị thẩm định", "Lý do điều chỉnh"]
    _, data = layout.scan_sheet(ws.iter_rows(values_only=True))
    r, _, _, columns = data[0]
    for key in (APPRAISED_KEY, REASON_KEY):
        cell = ws.cell(r, columns[key] + 1)
        assert cell.protection.locked is False and cell.fill.fgColor.rgb == REVIEW_FILL.fgColor.rgb
    cover = " ".join(str(c.value) for row in wb[layout.COVER_SHEET].iter_rows() for c in row if c.value)
    assert "dành cho cán bộ thẩm định của tỉnh" in cover
    english = openpyxl.load_workbook(write_template(tmp_path / "en.xlsx", dti, "B", 2024, lang="en"))
    assert {"Appraised value", "Reason for correction"} <= {c.value for c in english.worksheets[2][4]}


def test_an_appraised_cell_without_its_reason_is_an_error_at_that_cell(dti, tmp_path):
    path = _fill(write_template(tmp_path / "b.xlsx", dti, "B", 2024), OWN, {"II.8.4": (8, "")})
    rows = read_workbook(path)
    appraised = rows[rows["stage"] == APPRAISED]
    assert appraised[["variable", "value", "cell"]].values.tolist() == [["II.8.4", 8, appraised["cell"].iloc[0]]]
    errors = validate_paths([path], dti).errors
    assert [(p.reason, p.sheet, p.cell, p.district, p.variable) for p in errors] == [
        (Reason.NO_REASON, "Phòng Tài chính - Kế hoạch", appraised["cell"].iloc[0], "B", "II.8.4")
    ]


def test_a_long_csv_with_stage_and_reason_in_vietnamese(dti, tmp_path):
    path = tmp_path / "tham_dinh.csv"
    path.write_text(
        "huyện,năm,biến,giá trị,giai đoạn,lý do\nA,2024,II.8.4,6,Thẩm định,chưa quyết toán\nA,2024,II.8.4,10,tự đánh giá,\n",
        encoding="utf-8",
    )
    rows = read_inputs(path)
    assert rows[["stage", "reason"]].values.tolist() == [["Thẩm định", "chưa quyết toán"], ["tự đánh giá", ""]]
    bad = tmp_path / "bad.csv"
    bad.write_text("district,year,variable,value,stage,reason\nA,2024,II.8.4,6,final,x\n", encoding="utf-8")
    [problem] = validate_paths([bad], dti).errors
    assert (problem.reason, problem.row) == (Reason.UNKNOWN_STAGE, 2)


def test_a_wide_csv_refuses_an_appraisal_naming_the_forms_that_take_one(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("district,year,II.8.4,stage\nA,2024,6,appraised\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_inputs(path)
    assert "CSV dạng dài" in caught.value.problems[0].message() and "'stage'" in caught.value.problems[0].message()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_template_filled_in_both_columns_round_trips_through_libreoffice(dti, tmp_path):
    """B's workbook, saved again by LibreOffice, with A and C from a CSV (the Min-Max peers).

    II.3.1 (a/b × 10): B self 50/100 × 10 = 5; appraised 40/100 × 10 = 4.
    II.8.4 (Min-Max, 20 points; A 10 the maximum, C 0 the minimum): B self (5 − 0)/(10 − 0) × 20 = 10;
    appraised (8 − 0)/(10 − 0) × 20 = 16. A keeps 20 and C 0 in both stages.
    """
    filled = _fill(write_template(tmp_path / "b.xlsx", dti, "B", 2024), OWN, APPRAISAL)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "lo"),
            str(filled),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    peers = tmp_path / "peers.csv"
    peers.write_text(PEERS, encoding="utf-8")
    rows = read_paths([tmp_path / "lo" / "b.xlsx", peers])
    appraised = rows[rows["stage"] == APPRAISED].set_index("variable")
    assert appraised.loc["II.3.1.a", ["value", "reason"]].tolist() == [40, "10 người không có hồ sơ"]
    result = score(rows, dti)
    own = result.of_stage(SELF)
    assert (_points(own, "B", "II.3.1"), _points(result, "B", "II.3.1")) == pytest.approx((5.0, 4.0))
    assert (_points(own, "B", "II.8.4"), _points(result, "B", "II.8.4")) == pytest.approx((10.0, 16.0))
    assert [_points(result, d, "II.8.4") for d in "AC"] == pytest.approx([20.0, 0.0])


def test_the_reason_cells_are_text_cells(dti, tmp_path):
    """What a reviewer types in a reason cell stays text ('=…' included): the cell's format is Text."""
    ws = openpyxl.load_workbook(write_template(tmp_path / "b.xlsx", dti, "B", 2024))["Phòng Văn hóa và Thông tin"]
    _, data = layout.scan_sheet(ws.iter_rows(values_only=True))
    formats = {ws.cell(r, columns[REASON_KEY] + 1).number_format for r, _, _, columns in data}
    values = {ws.cell(r, columns[layout.VALUE_KEY] + 1).number_format for r, _, _, columns in data}
    assert formats == {"@"} and "@" not in values


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_formula_in_a_reviewers_cell_is_an_error_even_once_computed(dti, tmp_path):
    """Formulas in the appraised value (=F12*2) and the reason (=1+1) of B's workbook, saved again by
    LibreOffice (which stores their results): each is an error at its cell, never read as 42 or '2'."""
    path = write_template(tmp_path / "b.xlsx", dti, "B", 2024)
    wb = openpyxl.load_workbook(path)
    ws = wb["Phòng Văn hóa và Thông tin"]
    _, data = layout.scan_sheet(ws.iter_rows(values_only=True))
    r, _, _, columns = next(d for d in data if d[1] == "II.3.1.a")
    ws.cell(r, columns[layout.VALUE_KEY] + 1, 21)
    value = ws.cell(r, columns[APPRAISED_KEY] + 1, f"={ws.cell(r, columns[layout.VALUE_KEY] + 1).coordinate}*2")
    reason = ws.cell(r, columns[REASON_KEY] + 1, "=1+1")
    wb.save(path)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx"]
        + ["--outdir", str(tmp_path / "lo"), str(path)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    saved = tmp_path / "lo" / "b.xlsx"
    assert openpyxl.load_workbook(saved, data_only=True)[ws.title][value.coordinate].value == 42  # computed
    found = validate_paths([saved], dti).errors
    assert [(p.sheet, p.cell, p.variable, p.reason) for p in found] == [
        (ws.title, value.coordinate, "II.3.1.a", Reason.REVIEWER_FORMULA),
        (ws.title, reason.coordinate, "II.3.1.a", Reason.REVIEWER_FORMULA),
    ]
    assert "công thức trong ô của người thẩm định" in found[0].message("vi") and "nhập số" not in found[1].message()


def test_a_separator_inside_an_unquoted_reason_is_an_error_at_its_row(tmp_path):
    """'Không có tài liệu, chỉ có ảnh' unquoted makes row 3 seven fields under a six-column header: an
    error naming row 3 (not a shifted row 2), in Vietnamese and English; the same for ';'."""
    path = tmp_path / "a.csv"
    path.write_text(
        "district,year,variable,value,stage,reason\n"
        "An Khê,2024,II.8.4,1.2,appraised,ok\n"
        "Pleiku,2024,II.8.4,2.22,appraised,Không có tài liệu, chỉ có ảnh\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_inputs(path)
    (problem,) = caught.value.problems
    assert problem.row == 3
    assert "7 cột, tiêu đề có 6: một dấu phẩy trong lý do/tài liệu? đặt giá trị đó trong ngoặc kép" in problem.message()
    assert "7 columns, the header has 6: a comma" in problem.message("en")
    path.write_text("Huyện;Năm;Biến;Giá trị;Giai đoạn;Lý do\nPleiku;2024;II.8.4;2,22;Thẩm định;a; b\n", "utf-8-sig")
    with pytest.raises(InputError) as caught:
        read_inputs(path)
    assert caught.value.problems[0].row == 2 and "dấu chấm phẩy" in caught.value.problems[0].message()


def test_a_capped_appraised_ratio_is_warned_at_the_appraised_row(dti, tmp_path):
    """A's II.3.1.a appraised 120 of 100 (II.3.1 caps at 100 %): the warning is at appraisal.csv row 2."""
    own, appraisal = tmp_path / "own.csv", tmp_path / "appraisal.csv"
    own.write_text(PEERS, encoding="utf-8")
    appraisal.write_text("district,year,variable,value,stage,reason\nA,2024,II.3.1.a,120,appraised,r\n", "utf-8")
    capped = [p for p in validate_paths([own, appraisal], dti).warnings if p.reason == Reason.RATIO_CAPPED]
    assert [(p.file, p.row, p.district, p.variable) for p in capped] == [(str(appraisal), 2, "A", "II.3.1")]

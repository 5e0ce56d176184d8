"""`dxkit validate`: every error class with its exact message, and inputs never touched."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dxkit import score
from dxkit.cli import main
from dxkit.core.problems import Problem
from dxkit.intake import read_paths
from dxkit.intake.template import write_template
from dxkit.intake.validate import validate_paths
from dxkit.sample import fill_workbook


def _csv(path: Path, rows: list[tuple], evidence: bool = False) -> Path:
    """A long CSV; rows are (district, year, variable, value)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=["district", "year", "variable", "value"]).to_csv(path, index=False)
    return path


def _only(problems: list[Problem], variable: str, severity: str = "error") -> Problem:
    found = [p for p in problems if p.variable == variable and p.severity == severity]
    assert len(found) == 1, found
    return found[0]


def _errors(path: Path, dti, districts: Path | None = None) -> list[Problem]:
    return validate_paths([path], dti, districts).errors


def test_unknown_variable_with_closest_suggestion(dti, tmp_path):
    f = _csv(tmp_path / "a.csv", [("Ia Pa", 2024, "II.1.3.a", "3"), ("Ia Pa", 2024, "II.13.b", "5")])
    p = _only(_errors(f, dti), "II.13.b")
    assert (p.rule_text("vi"), p.rule_text("en")) == (
        "mã biến không có trong bộ tiêu chí (có phải 'II.1.3.b'?)",
        "unknown variable id (did you mean 'II.1.3.b'?)",
    )
    assert (p.file, p.cell, p.row, p.district, p.year, p.value) == (str(f), "", 3, "Ia Pa", 2024, "5")
    assert p.message("vi").startswith(f"tệp {f}, dòng 3, đơn vị Ia Pa, năm 2024, biến II.13.b, giá trị '5': ")
    assert p.message("en").startswith(f"file {f}, row 3, unit Ia Pa, year 2024, variable II.13.b, value '5': ")


def test_unknown_or_misspelt_district_with_closest_name(dti, tmp_path):
    listing = tmp_path / "d" / "districts.csv"
    listing.parent.mkdir()
    listing.write_text("district\nChư Prông\nChư Păh\nIa Pa\n", encoding="utf-8")
    f = _csv(
        tmp_path / "a.csv",
        [
            ("Ia Pa", 2024, "II.1.5", "có"),
            ("Chu Prong", 2024, "II.1.5", "có"),
            ("Chu Prong", 2024, "II.2.1", "có"),
            ("Hà Nội", 2024, "II.1.5", "có"),
        ],
    )
    errors = _errors(f, dti, listing)
    assert [(p.district, p.row, p.rule_text("vi")) for p in errors] == [
        ("Chu Prong", 3, "huyện không có trong danh sách các huyện (có phải 'Chư Prông'?)"),
        ("Hà Nội", 5, "huyện không có trong danh sách các huyện"),
    ]
    assert errors[0].rule_text("en") == "district is not in the list of districts (did you mean 'Chư Prông'?)"
    assert not _errors(f, dti)  # without a list, any name is accepted


def test_non_numeric_and_negative_numbers(dti, tmp_path):
    f = _csv(tmp_path / "a.csv", [("Ia Pa", 2024, "II.4.4.b", "-5"), ("Ia Pa", 2024, "II.1.3.a", "mười")])
    errors = _errors(f, dti)
    neg, text = _only(errors, "II.4.4.b"), _only(errors, "II.1.3.a")
    assert (neg.rule_text("vi"), neg.rule_text("en"), neg.row, neg.value) == (
        "số âm (-5) không được phép",
        "negative number (-5) not allowed",
        2,
        "-5",
    )
    assert (text.rule_text("vi"), text.rule_text("en"), text.row) == (
        "'mười' không phải là số",
        "'mười' is not a number",
        3,
    )


def test_ambiguous_number_text_is_rejected_not_guessed(dti, tmp_path):
    f = _csv(tmp_path / "a.csv", [("Ia Pa", 2024, "I.4", "58.500")])
    p = _only(_errors(f, dti), "I.4")
    assert p.rule_text("vi") == (
        "'58.500' không rõ nghĩa: dấu phân cách hàng nghìn hay dấu thập phân? Ghi số không có "
        "dấu phân cách hàng nghìn (1234) hoặc thập phân rõ ràng (1234,5), hoặc chạy lại với --decimal , "
        "(dấu phẩy thập phân) hay --decimal . (dấu chấm thập phân)"
    )
    assert p.rule_text("en").startswith("'58.500' is ambiguous: thousands separator or decimal point?")


def test_part_larger_than_its_whole(dti, tmp_path):
    f = _csv(
        tmp_path / "a.csv",
        [
            ("Ia Pa", 2024, "II.6.18.a", "1200"),
            ("Ia Pa", 2024, "II.6.18.b", "1000"),
            ("Ia Pa", 2024, "I.10", "40"),
            ("Ia Pa", 2024, "I.11", "50"),
            ("Ia Pa", 2024, "II.6.19.a", "95"),
        ],
    )
    problems = validate_paths([f], dti).problems
    given = _only([p for p in problems if p.severity == "error"], "II.6.18.a")
    assert (given.rule_text("vi"), given.rule_text("en"), given.row) == (
        "II.6.18.a = 1200 lớn hơn II.6.18.b = 1000: phần không thể lớn hơn tổng",
        "II.6.18.a = 1200 is larger than II.6.18.b = 1000: a part cannot exceed its whole",
        2,
    )
    # II.6.19.b was not typed: taken from Part I (I.10 + I.11 = 90) it is a warning asking for it (issue 8 §2)
    assert not [p for p in problems if p.severity == "error" and p.variable.startswith("II.6.19")]
    filled = _only(problems, "II.6.19.b", "warning")
    assert filled.rule_text("vi") == (
        "II.6.19.a = 95 lớn hơn II.6.19.b = 90 lấy từ phần I (I.10 + I.11): tỷ lệ được giới hạn "
        "100%; hãy nhập II.6.19.b (Tổng số cán bộ, công chức, viên chức của đơn vị)"
    )


def test_choice_outside_its_list(dti, tmp_path):
    f = _csv(tmp_path / "a.csv", [("Ia Pa", 2024, "II.1.6", "hằng ngày")])
    p = _only(_errors(f, dti), "II.1.6")
    assert p.rule_text("vi") == (
        "'hằng ngày' không thuộc danh sách lựa chọn: weekly (Từ 1 lần/tuần trở lên), "
        "monthly (Từ 1 lần/tháng đến dưới 1 lần/tuần), rarely (Dưới 1 lần/tháng)"
    )
    assert p.rule_text("en").startswith("'hằng ngày' is not one of the choices: weekly (Từ 1 lần/tuần trở lên)")


def test_two_sources_disagree(dti, tmp_path):
    f = _csv(tmp_path / "in" / "a.csv", [("Chư Prông", 2024, "I.4", "126000")])
    book = write_template(tmp_path / "in" / "cp.xlsx", dti, "Chư Prông", 2024, department="ldtbxh")
    wb = openpyxl.load_workbook(book)
    fill_workbook(wb, dti, {"I.4": 125000}, {})
    wb.save(book)
    p = _only(_errors(tmp_path / "in", dti), "I.4")
    assert p.rule_text("vi") == (
        f"hai nguồn cho giá trị khác nhau: tệp {f}, dòng 2 = '126000'; "
        f"tệp {book}, sheet Thông tin chung, ô E5 = '125000'"
    )
    assert p.rule_text("en") == (
        f"two sources give different values: file {f}, row 2 = '126000'; "
        f"file {book}, sheet Thông tin chung, cell E5 = '125000'"
    )
    assert (p.file, p.cell, p.row, p.value) == (str(f), "", 2, "126000")


def test_nfd_and_stray_spaces_are_normalised_not_duplicated(dti, tmp_path):
    nfd = unicodedata.normalize("NFD", "Chư Prông")
    f = _csv(
        tmp_path / "a.csv",
        [("Chư Prông", 2024, "II.1.5", "có"), (nfd, 2024, "II.2.1", "có"), ("Chư  Prông ", 2024, "II.2.2", "không")],
    )
    result = validate_paths([f], dti)
    assert result.ok
    spelled = [p for p in result.warnings if p.variable == ""]
    assert [(p.row, p.value, p.rule_text("vi")) for p in spelled] == [
        (
            3,
            nfd,
            "tên huyện viết dấu ở dạng Unicode tổ hợp (NFD); đã chuẩn hóa thành 'Chư Prông', không tính là huyện khác",
        ),
        (
            4,
            "Chư  Prông ",
            "tên huyện có khoảng trắng thừa; đã chuẩn hóa thành 'Chư Prông', không tính là huyện khác",
        ),
    ]
    assert spelled[0].rule_text("en") == (
        "the district name has diacritics in decomposed Unicode (NFD); normalised to "
        "'Chư Prông', not counted as another district"
    )
    totals = score(read_paths([f]), dti).totals()
    assert totals["district"].tolist() == ["Chư Prông"] and totals["points"].iloc[0] == 20.0


def test_bad_year(dti, tmp_path):
    f = _csv(tmp_path / "a.csv", [("Ia Pa", "2O24", "II.1.5", "có")])
    p = _only(_errors(f, dti), "II.1.5")
    assert (p.rule_text("vi"), p.rule_text("en"), p.row) == (
        "năm '2O24' không phải số nguyên",
        "year '2O24' is not a whole number",
        2,
    )


def test_denominator_differing_from_part_i_is_a_located_warning(dti, tmp_path):
    f = _csv(
        tmp_path / "a.csv",
        [("Ia Pa", 2024, "I.4", "58500"), ("Ia Pa", 2024, "II.3.1.a", "30000"), ("Ia Pa", 2024, "II.3.1.b", "58000")],
    )
    result = validate_paths([f], dti)
    p = _only(result.warnings, "II.3.1.b", "warning")
    assert (p.rule_text("vi"), p.rule_text("en"), p.file, p.row, p.value) == (
        "khác với phần I (I.4 = 58500)",
        "differs from Part I (I.4 = 58500)",
        str(f),
        4,
        "58000",
    )
    assert result.ok


def test_missing_inputs_are_warnings_per_criterion_at_the_blank_cell(dti, tmp_path):
    book = write_template(tmp_path / "ca.xlsx", dti, "Chư Prông", 2024, department="cong_an")
    wb = openpyxl.load_workbook(book)
    fill_workbook(wb, dti, {"II.5.9.incidents": 0, "II.5.9.reviewed": True}, {})
    wb.save(book)
    result = validate_paths([book], dti)
    assert result.ok and [p.variable for p in result.warnings] == [c for c in dti.criteria if c != "II.5.9"]
    p = _only(result.warnings, "II.8.1", "warning")
    assert (p.sheet, p.cell) == ("Công an huyện", "F9")
    assert p.rule_text("vi") == (
        "tiêu chí II.8.1 (Số lượng người dân có danh tính số/tài khoản định danh điện tử) thiếu "
        "dữ liệu: II.8.1.a, II.8.1.b (hoặc phần I: I.4); sẽ được 0 điểm"
    )
    assert p.rule_text("en") == (
        "criterion II.8.1 (Citizens with a digital identity / e-ID account) is missing input: "
        "II.8.1.a, II.8.1.b (or Part I: I.4); it would score 0 points"
    )


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def broken_folder(dti, tmp_path) -> Path:
    folder = tmp_path / "in"
    _csv(
        folder / "a.csv",
        [("Ia Pa", 2024, "II.1.3.a", "mười"), ("Ia Pa", 2024, "II.13.b", "5"), ("Ia Pa", 2024, "I.4", "58.500")],
    )
    book = write_template(folder / "cp.xlsx", dti, "Chư Prông", 2024, department="cong_an")
    wb = openpyxl.load_workbook(book)
    fill_workbook(wb, dti, {"II.8.1.a": -3}, {})
    wb.save(book)
    past = 1_600_000_000
    for p in folder.iterdir():
        os.utime(p, (past, past))
    return folder


def test_validation_never_modifies_or_adds_files(broken_folder, capsys):
    before = _snapshot(broken_folder)
    assert main(["validate", str(broken_folder)]) == 1
    assert _snapshot(broken_folder) == before
    out = capsys.readouterr().out
    assert "4 lỗi" in out and "số âm (-3) không được phép" in out


def test_score_writes_nothing_when_inputs_fail(broken_folder, tmp_path, capsys):
    before = _snapshot(broken_folder)
    out = tmp_path / "scores.csv"
    assert main(["score", str(broken_folder), "--out", str(out)]) == 2
    assert not out.exists() and not list(tmp_path.glob(".scores.csv.*"))
    assert _snapshot(broken_folder) == before
    assert "mã biến không có trong bộ tiêu chí" in capsys.readouterr().err


def test_cli_table_csv_and_exit_status(dti, tmp_path, capsys):
    f = _csv(tmp_path / "in" / "a.csv", [("Ia Pa", 2024, "II.1.5", "có")])
    report = tmp_path / "report.csv"
    assert main(["validate", str(f), "--csv", str(report), "--lang", "en"]) == 0  # warnings only
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == [
        "severity",
        "file",
        "sheet",
        "place",
        "district",
        "year",
        "variable",
        "value",
        "rule",
    ]
    assert out.splitlines()[-1] == "1 input rows: 0 error(s), 73 warning(s)"
    table = pd.read_csv(report, keep_default_na=False)
    assert list(table.columns) == [
        "severity",
        "file",
        "sheet",
        "cell",
        "row",
        "column",
        "district",
        "year",
        "variable",
        "value",
        "rule_vi",
        "rule_en",
    ]
    assert len(table) == 73 and set(table["severity"]) == {"warning"}
    _csv(tmp_path / "in" / "b.csv", [("Ia Pa", 2024, "II.1.5", "không")])
    assert main(["validate", str(tmp_path / "in")]) == 1
    assert "hai nguồn cho giá trị khác nhau" in capsys.readouterr().out

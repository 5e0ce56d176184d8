"""Readers: workbooks (one or several per district), long and wide CSV, folders of any mix."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dxkit import score
from dxkit.cli import main
from dxkit.core.problems import InputError
from dxkit.intake import input_files, read_all, read_paths
from dxkit.intake.readers import INTAKE_COLUMNS, is_district_list, read_inputs
from dxkit.intake.template import write_template
from dxkit.intake.workbook import read_workbook
from dxkit.sample import fill_workbook


def _department_book(dti, path, department, values, evidence=None):
    write_template(path, dti, "Chư Prông", 2024, department=department)
    book = openpyxl.load_workbook(path)
    fill_workbook(book, dti, values, evidence or {})
    book.save(path)
    return path


def test_workbook_rows_carry_file_sheet_cell_and_evidence(dti, tmp_path):
    path = _department_book(
        dti,
        tmp_path / "ca.xlsx",
        "cong_an",
        {"II.8.1.a": 90000, "II.5.9.incidents": 0, "II.5.9.reviewed": True},
        {"II.8.1.a": "Báo cáo số 12/BC-CAH ngày 05/12/2024"},
    )
    df = read_workbook(path)
    assert list(df.columns) == INTAKE_COLUMNS
    row = df[df["variable"] == "II.8.1.a"].iloc[0]
    assert (row["district"], row["year"], row["value"], row["evidence"]) == (
        "Chư Prông",
        2024,
        90000,
        "Báo cáo số 12/BC-CAH ngày 05/12/2024",
    )
    assert (row["file"], row["sheet"], row["cell"]) == (str(path), "Công an huyện", "F9")
    assert df.set_index("variable").loc["II.5.9.reviewed", "value"] == "Có"
    assert df.set_index("variable").loc["II.8.1.b", "value"] == ""  # blank cells are read, as missing


def test_per_department_workbooks_merge_into_one_unit(dti, tmp_path):
    _department_book(dti, tmp_path / "ldtbxh.xlsx", "ldtbxh", {"I.4": 126000, "I.5": 80000, "I.6": 30000})
    _department_book(dti, tmp_path / "ca.xlsx", "cong_an", {"II.8.1.a": 90000})
    _department_book(dti, tmp_path / "vhtt.xlsx", "vhtt", {"II.3.1.a": 63000, "I.17": 24})
    inputs = read_paths([tmp_path])
    assert sorted({Path(f).name for f in inputs["file"]}) == ["ca.xlsx", "ldtbxh.xlsx", "vhtt.xlsx"]
    crit = score(inputs, dti).criteria().set_index("code")
    assert crit[["district", "year"]].drop_duplicates().values.tolist() == [["Chư Prông", 2024]]
    assert crit.loc["II.8.1", "explanation_vi"] == (
        "Tỷ lệ = 90.000/126.000 = 71,43% (mẫu số II.8.1.b lấy từ phần I) → 71,43% × 20 = 14,29/20 điểm"
    )
    assert crit.loc["II.3.1", "points"] == pytest.approx(5.0)


def test_conflicting_department_workbooks_name_both_cells(dti, tmp_path):
    _department_book(dti, tmp_path / "a.xlsx", "ldtbxh", {"I.4": 126000})
    _department_book(dti, tmp_path / "b.xlsx", "ldtbxh", {"I.4": 125000})
    with pytest.raises(InputError) as exc:
        score(read_paths([tmp_path]), dti)
    [problem] = exc.value.problems
    assert problem.rule_text("vi") == (
        f"hai nguồn cho giá trị khác nhau: tệp {tmp_path / 'a.xlsx'}, sheet Thông tin chung, ô E5 = '126000'; "
        f"tệp {tmp_path / 'b.xlsx'}, sheet Thông tin chung, ô E5 = '125000'"
    )


def test_folder_of_any_mix(dti, tmp_path):
    (tmp_path / "long.csv").write_text(
        "district,year,variable,value,evidence\nIa Pa,2024,II.1.5,có,Báo cáo số 3/BC-VHTT\n", encoding="utf-8"
    )
    (tmp_path / "wide.csv").write_text("district,year,II.1.5,II.2.1\nKBang,2024,không,yes\n", encoding="utf-8")
    (tmp_path / "districts.csv").write_text("district,kind\nIa Pa,huyện\nKBang,huyện\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not an input", encoding="utf-8")
    (tmp_path / "~$cp.xlsx").write_bytes(b"lock file of an open workbook")
    _department_book(dti, tmp_path / "workbooks" / "cp.xlsx", "vhtt", {"II.1.5": "Có"})
    files, problems = input_files([tmp_path])
    assert [f.name for f in files] == ["long.csv", "wide.csv", "cp.xlsx"] and not problems
    df = read_paths([tmp_path])
    got = df[df["variable"] == "II.1.5"][["district", "value", "evidence", "cell"]].values.tolist()
    assert got == [
        ["Ia Pa", "có", "Báo cáo số 3/BC-VHTT", "#2"],  # a CSV row (and column), in no language
        ["KBang", "không", "", "#2:II.1.5"],
        ["Chư Prông", "Có", "", "F13"],
    ]
    pts = score(df, dti).criteria().query("code == 'II.1.5'").set_index("district")["points"]
    assert pts.to_dict() == {"Chư Prông": 10.0, "Ia Pa": 10.0, "KBang": 0.0}


def test_district_list_is_not_an_input(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("district,province\nPleiku,Gia Lai\n", encoding="utf-8")
    (tmp_path / "x.csv").write_text("district,year,variable,value\nPleiku,2024,II.1.5,có\n", encoding="utf-8")
    assert is_district_list(path)
    assert read_paths([tmp_path])["file"].tolist() == [str(tmp_path / "x.csv")]


def test_district_raw_keeps_the_spelling(tmp_path):
    nfd = unicodedata.normalize("NFD", "Chư Prông")
    path = tmp_path / "x.csv"
    path.write_text(
        f"district,year,variable,value\n{nfd},2024,II.1.5,có\n Chư  Prông,2024,II.2.1,có\n", encoding="utf-8"
    )
    df = read_inputs(path)
    assert df["district"].tolist() == ["Chư Prông", "Chư Prông"]
    assert df["district_raw"].tolist() == [nfd, " Chư  Prông"]


def test_unreadable_files_are_all_reported(tmp_path):
    (tmp_path / "bad.csv").write_text("district,variable\nA,II.1.5\n", encoding="utf-8")
    (tmp_path / "latin1.csv").write_bytes("district,year,variable,value\nChư,2024,II.1.5,có\n".encode("cp1258"))
    (tmp_path / "broken.xlsx").write_bytes(b"PK not really a zip")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    table, problems = read_all([tmp_path, tmp_path / "absent.csv"])
    assert table.empty
    assert [(Path(p.file).name, p.rule_text("en").split(" (")[0]) for p in problems] == [
        ("absent.csv", "file not found"),
        ("bad.csv", "missing column(s) year; value"),
        ("broken.xlsx", "cannot open the workbook: the file is damaged or is not an .xlsx, .xls or .ods file"),
        ("empty.csv", "file is empty"),
        ("latin1.csv", "file is not UTF-8"),
    ]
    with pytest.raises(InputError):
        read_paths([tmp_path])


def test_score_cli_reads_a_folder_with_a_workbook(dti, tmp_path):
    _department_book(dti, tmp_path / "in" / "cp.xlsx", "vhtt", {"II.1.5": "Có", "II.1.6": "Từ 1 lần/tuần trở lên"})
    out = tmp_path / "scores.csv"
    assert main(["score", str(tmp_path / "in"), "--out", str(out)]) == 0
    scores = pd.read_csv(out).set_index("code")
    assert scores.loc["II.1.6", "points"] == 15.0 and scores.loc["II.1.5", "status"] == "ok"

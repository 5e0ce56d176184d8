"""Issue 9, reader side: every CSV and folder is read or refused with a reason, never skipped."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from dxkit.core.problems import InputError
from dxkit.intake import input_files, read_all, read_paths
from dxkit.intake.readers import csv_form, is_district_list, read_inputs

LONG = "district,year,variable,value,evidence\nIa Pa,2024,II.1.5,có,Báo cáo 3\nIa Pa,2024,II.2.1,không,\n"


def _problems(paths) -> list[tuple[str, str]]:
    """(file name, English rule) of every problem reading `paths`."""
    return [(Path(p.file).name, p.rule_text("en")) for p in read_all(paths)[1]]


def _values(df: pd.DataFrame) -> list[list[object]]:
    return df[["district", "year", "variable", "value", "evidence"]].values.tolist()


@pytest.mark.parametrize(
    "header",
    [
        "huyện,năm,biến,giá trị,tài liệu",
        " Huyện , NĂM ,Biến, Giá  Trị ,Tài liệu kiểm chứng",
        unicodedata.normalize("NFD", "Đơn vị,Năm,Mã biến,Giá trị,Tài liệu"),
        "huyen,nam,bien,gia tri,tai lieu",
    ],
)
def test_vietnamese_long_headers_read_as_english_ones(tmp_path, header):
    en, vi = tmp_path / "en.csv", tmp_path / "vi.csv"
    en.write_text(LONG, encoding="utf-8")
    vi.write_text(header + "\n" + LONG.split("\n", 1)[1], encoding="utf-8")
    assert (
        _values(read_inputs(vi))
        == _values(read_inputs(en))
        == [["Ia Pa", "2024", "II.1.5", "có", "Báo cáo 3"], ["Ia Pa", "2024", "II.2.1", "không", ""]]
    )


def test_wide_csv_with_nam_is_read_not_skipped(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("Huyện,Năm,II.1.5,II.2.1\nKBang,2024,không,có\nIa Pa,2023,có,\n", encoding="utf-8")
    assert not is_district_list(path)
    df = read_paths([tmp_path])
    assert df[["district", "year", "variable", "value", "cell"]].values.tolist() == [
        ["KBang", "2024", "II.1.5", "không", "#2:II.1.5"],  # row 2, column II.1.5, in no language
        ["Ia Pa", "2023", "II.1.5", "có", "#3:II.1.5"],
        ["KBang", "2024", "II.2.1", "có", "#2:II.2.1"],
        ["Ia Pa", "2023", "II.2.1", "", "#3:II.2.1"],
    ]


def test_wide_csv_without_year_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("district,II.1.5,ii.2.1\nKBang,không,có\n", encoding="utf-8")
    assert _problems([tmp_path]) == [("wide.csv", "missing column(s) year (need: district, year)")]


def test_long_header_typo_names_the_missing_column_and_the_closest_header(tmp_path):
    path = tmp_path / "typo.csv"
    path.write_text("district,year,varible,value\nIa Pa,2024,II.1.5,có\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_inputs(path)
    [problem] = exc.value.problems
    assert (problem.file, problem.cell, problem.row) == (str(path), "", 1)
    assert problem.message("vi").startswith(f"tệp {path}, dòng 1: thiếu cột variable")
    assert problem.message("en").startswith(f"file {path}, row 1: missing column(s) variable")
    assert problem.rule_text("en") == (
        "missing column(s) variable (closest header: 'varible') (need: district, year, variable, value)"
    )
    assert problem.rule_text("vi") == (
        "thiếu cột variable (cột gần nhất: 'varible') (cần: district/huyện, year/năm, variable/biến, value/giá trị)"
    )


def test_header_only_csv_is_no_data(tmp_path):
    (tmp_path / "long.csv").write_text("district,year,variable,value\n", encoding="utf-8")
    (tmp_path / "wide.csv").write_text("district,year,II.1.5\n", encoding="utf-8")
    assert _problems([tmp_path]) == [
        ("long.csv", "no data rows (only a header)"),
        ("wide.csv", "no data rows (only a header)"),
    ]


def test_csv_forms():
    assert csv_form(["district", "kind", "province"]) == "districts"
    assert csv_form(["huyện", "tỉnh"]) == "districts"
    assert csv_form(["district", "II.1.5"]) == "wide"
    assert csv_form(["district", "year", "C.1.1.a"]) == "wide"
    assert csv_form(["district", "year", "varible", "valeu"]) == "long"
    assert csv_form(["district", "year", "level", "code", "points", "max_points", "status"]) == "output"
    assert csv_form(["severity", "file", "rule_vi", "rule_en"]) == "output"


SCORES = "district,year,level,code,points,max_points,status,explanation_vi\nIa Pa,2024,criterion,II.1.5,10,10,ok,x\n"


def test_dxkit_outputs_are_refused_and_the_outputs_folder_skipped(tmp_path):
    (tmp_path / "long.csv").write_text(LONG, encoding="utf-8")
    (tmp_path / "outputs").mkdir()
    (tmp_path / "outputs" / "scores.csv").write_text(SCORES, encoding="utf-8")
    assert read_paths([tmp_path])["variable"].tolist() == ["II.1.5", "II.2.1"]
    (tmp_path / "scores.csv").write_text(SCORES, encoding="utf-8")
    refusal = "this is a file dxkit wrote (results), not input data: move it out of the input folder (or into outputs/)"
    assert _problems([tmp_path]) == [("scores.csv", refusal)]
    assert _problems([tmp_path / "outputs" / "scores.csv"]) == [("scores.csv", refusal)]  # named: refused too


def test_district_list_skipped_in_a_folder_refused_when_named(tmp_path):
    (tmp_path / "long.csv").write_text(LONG, encoding="utf-8")
    (tmp_path / "districts.csv").write_text("district,kind\nIa Pa,huyện\n", encoding="utf-8")
    assert [f.name for f in input_files([tmp_path])[0]] == ["long.csv"]
    assert _problems([tmp_path / "districts.csv"]) == [
        (
            "districts.csv",
            (
                "this is a list of units (no year, variable or variable-id column), not input data: pass it with --districts"
            ),
        )
    ]


def test_folder_rules(tmp_path):
    (tmp_path / "long.csv").write_text(LONG, encoding="utf-8")
    for name in ("README.md", "notes.txt", "scan.pdf", ".hidden.csv", "~$cp.xlsx", ".~lock.cp.xlsx#"):
        (tmp_path / name).write_text("not data", encoding="utf-8")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "old.csv").write_text(LONG, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "book.xlsb").write_bytes(b"binary workbook")
    (tmp_path / "sub" / "archive.zip").write_bytes(b"PK")
    files, problems = input_files([tmp_path])
    assert [f.name for f in files] == ["long.csv"]
    assert [(Path(p.file).name, p.rule_text("en")) for p in problems] == [
        (
            name,
            f"unsupported file type {suffix} (read: .csv, .xlsx, .xlsm, .xls, .ods): save it as .xlsx or .csv, "
            "or move it out of the input folder",
        )
        for name, suffix in (("archive.zip", ".zip"), ("book.xlsb", ".xlsb"))
    ]
    assert problems[0].rule_text("vi").startswith("không đọc được loại tệp .zip")


def test_named_file_of_another_type_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("district,year,variable,value\n", encoding="utf-8")
    assert _problems([path]) == [
        (
            "notes.txt",
            "unsupported file type .txt (read: .csv, .xlsx, .xlsm, .xls, .ods): "
            "save it as .xlsx or .csv, or move it out of the input folder",
        )
    ]


@pytest.mark.parametrize("content", [{}, {"a.txt": "x", "b.md": "y"}])
def test_folder_without_data_is_an_error(tmp_path, content):
    for name, text in content.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert _problems([tmp_path]) == [(tmp_path.name, "the folder holds no data file (.csv, .xlsx, .xlsm, .xls, .ods)")]
    with pytest.raises(InputError, match="thư mục không có tệp số liệu nào"):
        read_paths([tmp_path])

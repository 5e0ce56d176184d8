"""`dxkit template`: the workbook's structure, protection, dropdowns, and a full round trip."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dxkit import sample, score
from dxkit.cli import main
from dxkit.core.problems import InputError
from dxkit.intake import layout
from dxkit.intake.readers import read_long_csv
from dxkit.intake.template import owned_criteria, template_workbook, write_template
from dxkit.intake.workbook import read_book, read_workbook

FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@pytest.fixture(scope="module")
def wb(dti):
    return template_workbook(dti, "Chư Prông", 2024)


def _rows(ws) -> dict[str, int]:
    """Variable id → row, from the hidden first column."""
    return {str(c.value): c.row for c in ws["A"] if c.value and not str(c.value).startswith(layout.KEY_PREFIX)}


def _col(ws, header: str) -> int:
    """Column number of a visible header in row 4, found as a person would."""
    return next(c.column for c in ws[4] if c.value == header)


def ws_text(ws, row: int, col: int) -> str:
    return str(ws.cell(row, col).value)


def _list_values(wb, ws, cell: str) -> list[str]:
    """The values of the dropdown list that validates `cell`."""
    dv = next(dv for dv in ws.data_validations.dataValidation if cell in dv.sqref)
    sheet, ref = dv.formula1.lstrip("=").split("!")
    return [c.value for row in wb[sheet.strip("'")][ref.replace("$", "")] for c in row]


def test_sheets_one_per_responsible_department(wb, dti):
    departments = [dti.department_name(d) for d in owned_criteria(dti)]
    assert wb.sheetnames == [layout.COVER_SHEET, layout.GENERAL_SHEET, *departments, layout.LISTS_SHEET]
    assert departments == [
        "Phòng Văn hóa và Thông tin",
        "Văn phòng HĐND và UBND huyện",
        "Phòng Nội vụ",
        "Phòng Tài chính - Kế hoạch",
        "Phòng Kinh tế - Hạ tầng",
        "Phòng Giáo dục và Đào tạo",
        "Phòng Nông nghiệp",
        "Công an huyện",
    ]
    for name in wb.sheetnames:
        assert len(name) <= 31 and not FORBIDDEN.search(name)
    assert wb[layout.LISTS_SHEET].sheet_state == "hidden"


def test_every_variable_once_on_its_owners_sheet(wb, dti):
    seen = {}
    for dept, criteria in owned_criteria(dti).items():
        ws = wb[dti.department_name(dept)]
        rows = _rows(ws)
        seen.update(rows)
        assert set(rows) == {v.id for c in criteria for v in c.inputs}
    assert len(seen) == len(dti.variables) == 130
    general = _rows(wb[layout.GENERAL_SHEET])
    assert "I.4" in general and "I.20.1.email" in general and "I.20" not in general  # I.20 is a heading


def test_cover_carries_district_year_and_framework(wb):
    ws = wb[layout.COVER_SHEET]
    facts = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(1, 10) if ws.cell(r, 1).value}
    assert facts == {
        "dxkit:district": "Chư Prông",
        "dxkit:year": 2024,
        "dxkit:framework": "vn-district-dti-2023",
        "dxkit:framework_version": "2023",
    }
    texts = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Chỉ nhập vào các ô nền vàng" in texts and "chọn trong danh sách thả xuống" in texts


def test_columns_and_a_row_as_the_issue_lists(wb):
    ws = wb["Phòng Văn hóa và Thông tin"]
    headers = [c.value for c in ws[4]][1:]
    assert headers == [
        "Mã tiêu chí",
        "Tên tiêu chí (điểm tối đa)",
        "Nội dung cần nhập",
        "Đơn vị tính",
        "Giá trị",
        "Tài liệu kiểm chứng (số, ký hiệu văn bản / đường dẫn)",
        "Giá trị thẩm định",
        "Lý do điều chỉnh",
        "Tài liệu kiểm chứng yêu cầu",
        "Đồng phụ trách / đơn vị phối hợp",
        "Cách xác định và tính điểm",
    ]
    r = _rows(ws)["II.3.1.b"]
    assert ws.cell(r, 2).value == "II.3.1"
    assert ws.cell(r, 4).value == "Tổng dân số của cấp huyện\n(Để trống: lấy từ phần I, mục I.4)"
    assert ws.cell(r, 5).value == "người"
    first = _rows(ws)["II.3.1.a"]
    assert ws.cell(first, 3).value == "Tỷ lệ dân số trưởng thành có điện thoại thông minh (10 điểm)"
    assert ws.cell(first, 11).value == "Phối hợp: Phòng Lao động, Thương binh và Xã hội; UBND các xã, thị trấn"
    assert f"C{first}:C{r}" in {str(m) for m in ws.merged_cells.ranges}


def test_two_responsible_departments_first_one_holds_it(wb):
    vp, tckh, nn = wb["Văn phòng HĐND và UBND huyện"], wb["Phòng Tài chính - Kế hoạch"], wb["Phòng Nông nghiệp"]
    assert ws_text(vp, _rows(vp)["II.5.8.a"], 11) == "Đồng phụ trách: Phòng Văn hóa và Thông tin"
    assert ws_text(tckh, _rows(tckh)["II.7.6.a"], 11) == (
        "Đồng phụ trách: Phòng Kinh tế - Hạ tầng\nPhối hợp: Chi cục thuế huyện"
    )
    assert ws_text(nn, _rows(nn)["II.7.5.a"], 11).startswith("Đồng phụ trách: Phòng Tài chính - Kế hoạch\n")
    assert "II.5.8.a" not in _rows(wb["Phòng Văn hóa và Thông tin"])


def test_inputs_unlocked_and_yellow_everything_else_protected(wb):
    for name in wb.sheetnames:
        assert wb[name].protection.sheet, name
    ws = wb["Phòng Nội vụ"]
    value_col, evidence_col = _col(ws, "Giá trị"), 7
    for r in _rows(ws).values():
        for col in (value_col, evidence_col):
            cell = ws.cell(r, col)
            assert cell.protection.locked is False and cell.fill.fgColor.rgb == "00FFF2CC"
        assert ws.cell(r, 4).protection.locked is True and ws.cell(r, 4).fill.fgColor.rgb != "00FFF2CC"
    assert ws.column_dimensions["A"].hidden and ws.row_dimensions[3].hidden


def test_dropdowns_in_vietnamese_and_number_rules(wb):
    ws = wb["Phòng Văn hóa và Thông tin"]
    rows = _rows(ws)
    assert _list_values(wb, ws, f"F{rows['II.1.5']}") == ["Có", "Không"]
    assert _list_values(wb, ws, f"F{rows['II.1.1']}") == [
        "Chủ tịch UBND cấp huyện",
        "Phó Chủ tịch UBND cấp huyện",
        "Chưa có Ban chỉ đạo / Trưởng ban không phải lãnh đạo cấp huyện",
    ]
    kinds = {
        (dv.type, dv.operator, dv.formula1)
        for dv in ws.data_validations.dataValidation
        if f"F{rows['II.1.3.a']}" in dv.sqref
    }
    assert kinds == {("whole", "greaterThanOrEqual", "0")}
    tckh = wb["Phòng Tài chính - Kế hoạch"]
    amount = f"F{_rows(tckh)['II.8.4']}"
    assert [(dv.type, dv.formula1) for dv in tckh.data_validations.dataValidation if amount in dv.sqref] == [
        ("decimal", "0")
    ]


def test_department_option_writes_only_that_department(dti, tmp_path):
    path = write_template(tmp_path / "ca.xlsx", dti, "Chư Prông", 2024, department="cong_an")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [layout.COVER_SHEET, "Công an huyện", layout.LISTS_SHEET]
    assert set(_rows(book["Công an huyện"])) == {"II.5.9.incidents", "II.5.9.reviewed", "II.8.1.a", "II.8.1.b"}
    labour = openpyxl.load_workbook(write_template(tmp_path / "l.xlsx", dti, "Chư Prông", 2024, department="ldtbxh"))
    assert labour.sheetnames == [layout.COVER_SHEET, layout.GENERAL_SHEET, layout.LISTS_SHEET]
    assert set(_rows(labour[layout.GENERAL_SHEET])) == {"I.4", "I.5", "I.6"}
    with pytest.raises(ValueError, match="unknown department 'xyz'"):
        template_workbook(dti, "Chư Prông", 2024, department="xyz")


def test_sheet_titles_are_valid_excel_names():
    assert layout.sheet_title("Phòng Lao động, Thương binh và Xã hội", set()) == "Lao động, Thương binh và Xã hội"
    assert layout.sheet_title("Phòng A/B: C?", set()) == "Phòng A-B- C-"
    assert layout.sheet_title("Phòng Nội vụ", {"phòng nội vụ"}) == "Phòng Nội vụ (2)"
    assert len(layout.sheet_title("x" * 40, set())) == 31


def test_cli_template(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", "--year", "2023", "--district", "Ia Pa", "-o", str(out)]) == 0
    assert read_workbook(out)[["district", "year"]].drop_duplicates().values.tolist() == [["Ia Pa", 2023]]
    capsys.readouterr()
    assert main(["template", "--year", "2023", "--district", "Ia Pa", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err  # a filled workbook is never overwritten silently (said in --lang)
    assert (
        main(["template", "--year", "2023", "--district", "Ia Pa", "-o", str(out), "--department", "nope", "--force"])
        == 2
    )
    assert "'nope'" in capsys.readouterr().err
    assert main(["template", "--year", "2024", "--district", "Ia Pa", "-o", str(out), "--force"]) == 0
    assert read_workbook(out)["year"].unique().tolist() == [2024]


def _person_value(value, var, lang: str = "vi") -> object:
    """What a person picks or types: Có/Không and choice labels from the dropdowns, numbers as numbers."""
    if isinstance(value, bool):
        return {"vi": ("Có", "Không"), "en": ("Yes", "No")}[lang][0 if value else 1]
    if var is not None and var.choices:
        return next(c.label.text(lang) for c in var.choices if c.id == value)
    return value


def test_round_trip_same_points_as_csv(dti, tmp_path):
    values, evidence = sample.unit(dti, 3, 2023)  # Chư Prông 2023, a complete set
    path = write_template(tmp_path / "cp.xlsx", dti, "Chư Prông", 2023)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets[1:-1]:
        value_col = _col(ws, "Giá trị")
        for variable, r in _rows(ws).items():
            if variable in values:
                ws.cell(r, value_col, _person_value(values[variable], dti.variables.get(variable)))
                ws.cell(r, value_col + 1, evidence.get(variable))
    book.save(path)

    from_xlsx = read_workbook(path)
    assert from_xlsx.loc[from_xlsx["variable"] == "II.1.1", ["sheet", "cell", "value"]].values.tolist() == [
        ["Phòng Văn hóa và Thông tin", "F6", "Phó Chủ tịch UBND cấp huyện"]
    ]
    csv = tmp_path / "cp.csv"
    pd.DataFrame(
        [("Chư Prông", 2023, k, sample._csv_text(v)) for k, v in values.items()],
        columns=["district", "year", "variable", "value"],
    ).to_csv(csv, index=False)
    a, b = score(from_xlsx, dti).criteria(), score(read_long_csv(csv), dti).criteria()
    assert a[["code", "points", "status"]].equals(b[["code", "points", "status"]])
    assert a.set_index("code").loc["II.1.1", "points"] == 7.5
    assert score(from_xlsx, dti).totals()["points"].iloc[0] == pytest.approx(b["points"].sum())
    assert not score(from_xlsx, dti).problems


def test_a_template_in_english_reads_back_as_the_vietnamese_one(dti, tmp_path):
    """Words (sheets, headers, dropdowns, choices) in English; hidden keys unchanged, so the same points."""
    values, _ = sample.unit(dti, 3, 2023)
    vi = write_template(tmp_path / "vi.xlsx", dti, "Chư Prông", 2023)
    en = write_template(tmp_path / "en.xlsx", dti, "Chư Prông", 2023, lang="en")
    book = openpyxl.load_workbook(en)
    assert book.sheetnames[:2] == ["Cover - Instructions", "General information"] and book.sheetnames[-1] == "Lists"
    ws = book["Culture and Information"]  # "Office of Culture and Information" is over 31 characters
    assert [c.value for c in ws[4]][1:4] == ["Criterion code", "Criterion (maximum points)", "What to enter"]
    assert ws["B1"].value == "OFFICE OF CULTURE AND INFORMATION — Chư Prông — 2023"
    assert _list_values(book, ws, f"F{_rows(ws)['II.1.5']}") == ["Yes", "No"]
    for path, lang in ((vi, "vi"), (en, "en")):
        book = openpyxl.load_workbook(path)
        for ws in book.worksheets[1:-1]:
            value_col = _col(ws, {"vi": "Giá trị", "en": "Value"}[lang])
            for variable, r in _rows(ws).items():
                if variable in values:
                    ws.cell(r, value_col, _person_value(values[variable], dti.variables.get(variable), lang))
        book.save(path)
    read = {path: read_book(path) for path in (vi, en)}
    assert [p.message("en") for p in read[en][1]] == []  # every sheet read, none a stranger
    a, b = (score(read[path][0], dti).criteria() for path in (vi, en))
    assert a[["code", "points", "status"]].equals(b[["code", "points", "status"]])
    assert not score(read[en][0], dti).problems


def test_template_is_reproducible_with_a_stamp(dti, tmp_path):
    stamp = datetime(2025, 1, 1)
    one = write_template(tmp_path / "a.xlsx", dti, "Chư Sê", 2024, stamp=stamp).read_bytes()
    two = write_template(tmp_path / "b.xlsx", dti, "Chư Sê", 2024, stamp=stamp).read_bytes()
    assert one == two


def test_toy_framework_template(toy, tmp_path):
    book = openpyxl.load_workbook(write_template(tmp_path / "toy.xlsx", toy, "Xã A", 2025))
    assert book.sheetnames == [layout.COVER_SHEET, layout.GENERAL_SHEET, "Phòng Văn hóa - Xã hội", layout.LISTS_SHEET]
    assert set(_rows(book["Phòng Văn hóa - Xã hội"])) == {"C.1.1.a", "C.1.1.b", "C.1.2", "C.1.3"}


def test_not_a_template_is_reported(tmp_path):
    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    assert exc.value.problems[0].rule_text("vi") == (
        "không phải biểu mẫu dxkit: thiếu tên đơn vị và năm ở trang bìa (tạo biểu bằng `dxkit template`)"
    )
    assert Path(exc.value.problems[0].file) == path


def test_free_text_is_never_a_formula(dti, tmp_path):
    district = '=HYPERLINK("http://example.com","Chư Prông")'
    path = write_template(tmp_path / "h.xlsx", dti, district, 2024, department="cong_an")
    book = openpyxl.load_workbook(path)
    assert [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    assert (book[layout.COVER_SHEET]["C3"].value, book[layout.COVER_SHEET]["C3"].data_type) == (district, "s")
    assert read_workbook(path)["district"].unique().tolist() == [district]

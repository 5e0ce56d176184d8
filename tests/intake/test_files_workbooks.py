"""Issue 9, workbooks: the real extent, formulas, damaged markers, merged cells, bombs and broken files."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dxkit.core.problems import InputError
from dxkit.intake import read_all, read_paths
from dxkit.intake.workbook import read_book, read_workbook
from dxkit.intake.xlsx import NO_CACHED_VALUE, OLE_MAGIC

BUNDLED = Path(__file__).resolve().parents[2] / "inputs" / "workbooks" / "chu_prong_2024.xlsx"
SHEET, SHEET_PART = "Phòng Nội vụ", "xl/worksheets/sheet5.xml"  # II.4.4.a in F6, II.4.4.b in F7
COLUMNS = ["district", "year", "variable", "value", "evidence", "sheet", "cell"]


@pytest.fixture(scope="module")
def original() -> pd.DataFrame:
    return read_workbook(BUNDLED)


def _rewrite(dst: Path, edit: Callable[[str, bytes], bytes], src: Path = BUNDLED) -> Path:
    """A copy of the workbook `src` with each zip entry passed through `edit(name, data)`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, edit(name, zin.read(name)))
    return dst


def _edited(dst: Path, change: Callable[[openpyxl.Workbook], object]) -> Path:
    """The bundled workbook changed with openpyxl, as another tool would save it."""
    wb = openpyxl.load_workbook(BUNDLED)
    change(wb)
    wb.save(dst)
    return dst


def _only_error(path: Path) -> tuple[str, str, str, str]:
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    [p] = exc.value.problems
    assert p.severity == "error" and p.file == str(path)
    return p.sheet, p.cell, p.variable, p.rule_text("en")


def test_wrong_dimension_loses_no_row(tmp_path, original):
    path = _rewrite(
        tmp_path / "dim.xlsx", lambda n, d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C5"', d)
    )
    trusting = openpyxl.load_workbook(path, read_only=True)[SHEET]
    assert len(list(trusting.iter_rows(values_only=True))) == 5  # the trap: a reader trusting <dimension>
    df = read_workbook(path)
    assert len(df) == len(original) == 159 and (df["value"] != "").sum() == 138
    assert df[COLUMNS].equals(original[COLUMNS])


def _formula(tmp_path: Path) -> Path:
    return _edited(tmp_path / "f.xlsx", lambda wb: wb[SHEET].cell(6, 6, "=F10-3"))


def test_formula_without_cached_value_is_an_error_at_its_cell(tmp_path):
    path = _formula(tmp_path)
    assert _only_error(path) == (SHEET, "F6", "II.4.4.a", NO_CACHED_VALUE.text("en"))
    table, problems = read_all([path])
    assert table.empty and problems[0].rule_text("vi") == (
        "ô có công thức nhưng chưa có giá trị tính sẵn: mở và lưu lại bằng Excel hoặc LibreOffice, hoặc nhập số"
    )


def test_formula_with_cached_value_reads_the_value(tmp_path, original):
    path = _rewrite(
        tmp_path / "cached.xlsx",
        lambda n, d: d.replace(b"<f>F10-3</f><v />", b"<f>F10-3</f><v>10</v>") if n == SHEET_PART else d,
        src=_formula(tmp_path),
    )
    df = read_workbook(path).set_index("variable")
    assert df.loc["II.4.4.a", ["value", "cell"]].tolist() == [10, "F6"]
    assert original.set_index("variable").loc["II.4.4.a", "value"] == 13


def test_formula_error_is_an_error_at_its_cell(tmp_path):
    path = _rewrite(
        tmp_path / "err.xlsx",
        lambda n, d: (
            re.sub(rb'<c r="F6"([^>]*)><f>F10-3</f><v />', rb'<c r="F6"\1 t="e"><f>F10-3</f><v>#DIV/0!</v>', d)
            if n == SHEET_PART
            else d
        ),
        src=_formula(tmp_path),
    )
    assert _only_error(path) == (
        SHEET,
        "F6",
        "II.4.4.a",
        "the cell holds the formula error #DIV/0!: fix the formula or type the number",
    )


def test_deleted_key_row_is_reported_not_dropped(tmp_path):
    path = _edited(tmp_path / "k.xlsx", lambda wb: wb[SHEET].delete_rows(3))
    sheet, cell, _, rule = _only_error(path)
    assert (sheet, cell) == (SHEET, "A5")
    assert rule.startswith(
        "the sheet has variable ids in its hidden column A but lost its hidden key row dxkit:variable"
    )


def test_deleted_variable_column_is_reported(tmp_path):
    path = _edited(tmp_path / "c.xlsx", lambda wb: wb[SHEET].delete_cols(1))
    sheet, _, _, rule = _only_error(path)
    assert sheet == SHEET and rule.startswith("the sheet has dxkit keys but its hidden column A (variable ids) was")


def test_merged_value_cells_name_the_range(tmp_path):
    path = _edited(tmp_path / "m.xlsx", lambda wb: wb[SHEET].merge_cells("F6:F7"))
    assert _only_error(path) == (SHEET, "F6:F7", "", "value cells merged F6:F7: unmerge them, one value per row")


def test_merged_evidence_cell_gives_its_text_to_each_row(tmp_path, original):
    def merge(wb: openpyxl.Workbook) -> None:
        wb[SHEET]["G6"] = "Công văn số 5/CV-NV"
        wb[SHEET].merge_cells("G6:G7")

    got = read_workbook(_edited(tmp_path / "e.xlsx", merge)).set_index("variable")
    assert got.loc[["II.4.4.a", "II.4.4.b"], "evidence"].tolist() == ["Công văn số 5/CV-NV"] * 2
    assert got.loc["II.4.5", "evidence"] == original.set_index("variable").loc["II.4.5", "evidence"] != ""


def test_a_sheet_a_person_added_is_a_warning_and_the_rest_is_read(tmp_path, original):
    path = _edited(tmp_path / "n.xlsx", lambda wb: wb.create_sheet("Ghi chú").cell(1, 1, "Ghi chú của phòng"))
    table, problems = read_all([path])
    assert [(p.severity, p.sheet, p.rule_text("en")) for p in problems] == [
        ("warning", "Ghi chú", "the sheet is not part of the dxkit template (no hidden variable-id column): not read")
    ]
    assert len(read_paths([path])) == len(table) == len(original)


def test_far_away_cell_is_refused_before_reading(tmp_path):
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    path = _rewrite(tmp_path / "far.xlsx", lambda n, d: d.replace(b"</sheetData>", far) if n == SHEET_PART else d)
    assert _only_error(path)[3] == (
        "cannot open the workbook: the sheets have over 1,000,000 cells, far beyond any "
        "real template (possibly a malicious file); dxkit does not read it"
    )


def test_cell_limit_is_a_parameter(original):
    assert len(read_book(BUNDLED, max_cells=5000)[0]) == len(original)
    with pytest.raises(InputError, match="các sheet có hơn 1.000 ô|over 1,000 cells"):
        read_book(BUNDLED, max_cells=1000)


def test_zip_bomb_is_refused_from_the_zip_directory(tmp_path):
    path = _rewrite(tmp_path / "bomb.xlsx", lambda n, d: d)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z, z.open("xl/media/pad.bin", "w") as f:
        for _ in range(256):
            f.write(bytes(2**20))
    assert path.stat().st_size < 2 * 2**20
    assert _only_error(path)[3] == (
        "cannot open the workbook: the file unpacks to 256 MiB (limit 200 MiB), far beyond "
        "any real template (possibly a malicious file); dxkit does not read it"
    )


@pytest.mark.parametrize(
    "content",
    [b"hello", b"PK\x03\x04 truncated", BUNDLED.read_bytes()[:20000]],
    ids=["text", "zip header only", "cut in half"],
)
def test_broken_files_say_so_in_both_languages(tmp_path, content):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    [p] = exc.value.problems
    assert p.rule_text("vi") == (
        "không mở được tệp bảng tính: tệp hỏng hoặc không phải tệp .xlsx, .xls, .ods (chỉ đổi đuôi); "
        "mở và lưu lại bằng Excel hoặc LibreOffice"
    )
    assert p.rule_text("en").startswith(
        "cannot open the workbook: the file is damaged or is not an .xlsx, .xls or .ods file"
    )


def test_encrypted_workbook(tmp_path):
    path = tmp_path / "secret.xlsx"
    path.write_bytes(OLE_MAGIC + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(512))
    assert _only_error(path)[3] == (
        "cannot open the workbook: the file is password-protected (encrypted): remove the password and save it again"
    )

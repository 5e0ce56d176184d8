"""Issue 9: the bundled workbook opened and saved by LibreOffice (.xlsx, .ods, .xls) reads to the same values.

Needs LibreOffice Calc (Debian: libreoffice-calc-nogui); skipped with the reason when `soffice` is absent.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dxkit.core.problems import InputError
from dxkit.intake import read_paths
from dxkit.intake.workbook import read_book, read_workbook

BUNDLED = Path(__file__).resolve().parents[2] / "inputs" / "workbooks" / "chu_prong_2024.xlsx"
SHEET = "Phòng Nội vụ"  # II.4.4.a in F6, II.4.4.b in F7, II.4.6.b in F10
FORMATS = ("xlsx", "ods", "xls")
COLUMNS = ["district", "year", "variable", "value", "evidence", "sheet", "cell"]

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)


def _edited(path: Path, change) -> Path:
    wb = openpyxl.load_workbook(BUNDLED)
    change(wb[SHEET])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """Files saved by LibreOffice: the bundled workbook in each format, a copy with merged value cells as
    .ods, and a copy with a formula lacking its value (as openpyxl writes it) as .xlsx."""
    root = tmp_path_factory.mktemp("soffice")
    merged = _edited(root / "merged.xlsx", lambda ws: ws.merge_cells("F6:F7"))
    formula = _edited(root / "formula.xlsx", lambda ws: ws.cell(6, 6, "=7+3"))
    jobs = {**{fmt: (BUNDLED, fmt) for fmt in FORMATS}, "merged": (merged, "ods"), "formula": (formula, "xlsx")}
    for fmt in FORMATS:  # one run per format, one shared profile: LibreOffice starts three times, not five
        sources = [str(src) for src, to in jobs.values() if to == fmt]
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{root}/profile",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(root / fmt),
                *sources,
            ],
            check=True,
            timeout=180,
            capture_output=True,
        )
    return {name: root / fmt / f"{src.stem}.{fmt}" for name, (src, fmt) in jobs.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_libreoffice_copy_reads_to_the_same_values(converted, fmt):
    original = read_workbook(BUNDLED)
    df, warnings = read_book(converted[fmt])
    assert not warnings and len(df) == len(original) == 159
    assert df[COLUMNS].equals(original[COLUMNS])
    assert df.set_index("variable").loc["II.4.4.a", ["value", "evidence", "cell"]].tolist() == [
        13,
        "Báo cáo số 142/BC-NV ngày 17/12/2024",
        "F6",
    ]


def test_a_folder_of_ods_and_xls_is_read_not_skipped(converted, tmp_path):
    for fmt in ("ods", "xls"):
        shutil.copy(converted[fmt], tmp_path / converted[fmt].name)
    df = read_paths([tmp_path])
    assert sorted({Path(f).suffix for f in df["file"]}) == [".ods", ".xls"]
    assert len(df) == 2 * 159


def test_ods_cell_limit_applies(converted):
    with pytest.raises(InputError, match="các sheet có hơn 1.000 ô"):
        read_book(converted["ods"], max_cells=1000)
    assert len(read_book(converted["ods"], max_cells=5000)[0]) == 159


def test_merged_value_cells_in_an_ods_are_found(converted):
    """calamine gives no merged ranges for .ods: the reader finds them in content.xml."""
    with pytest.raises(InputError) as exc:
        read_workbook(converted["merged"])
    assert [(p.sheet, p.cell, p.rule_text("en")) for p in exc.value.problems] == [
        (SHEET, "F6:F7", "value cells merged F6:F7: unmerge them, one value per row")
    ]


def test_saving_in_libreoffice_computes_the_formula_as_the_message_advises(converted):
    df = read_workbook(converted["formula"]).set_index("variable")
    assert df.loc["II.4.4.a", ["value", "cell"]].tolist() == [10, "F6"]

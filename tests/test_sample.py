"""The bundled sample province in inputs/: reproducible, plausible, and valid except the intended gaps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dxkit import score
from dxkit.cli import main
from dxkit.intake import read_paths
from dxkit.intake.validate import validate_paths
from dxkit.sample import MISSING, affected, write_sample

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
DISTRICTS = [
    "Pleiku",
    "An Khê",
    "Ayun Pa",
    "Chư Prông",
    "Chư Păh",
    "Chư Pưh",
    "Chư Sê",
    "Đak Đoa",
    "Đak Pơ",
    "Đức Cơ",
    "Ia Grai",
    "Ia Pa",
    "KBang",
    "Kông Chro",
    "Krông Pa",
    "Mang Yang",
    "Phú Thiện",
]
INTENDED = {
    ("KBang", 2023, "II.4.8"),
    ("Kông Chro", 2023, "II.6.10"),
    ("Mang Yang", 2023, "II.4.7"),
    ("Ia Pa", 2024, "II.7.6"),
    ("Đak Pơ", 2024, "II.8.4"),
    ("Chư Prông", 2024, "II.3.6"),
}


@pytest.fixture(scope="module")
def assessment(dti):
    return score(read_paths([INPUTS]), dti)


def test_regenerates_byte_for_byte(dti, tmp_path):
    written = write_sample(tmp_path, dti)
    for path in written:
        rel = path.relative_to(tmp_path)
        assert path.read_bytes() == (INPUTS / rel).read_bytes(), rel


def test_validates_with_exactly_the_intended_warnings(dti):
    result = validate_paths([INPUTS], dti, INPUTS / "districts.csv")
    assert result.errors == []
    assert {(p.district, p.year, p.variable) for p in result.warnings} == INTENDED
    assert len(result.warnings) == len(INTENDED)
    workbook = [p for p in result.warnings if p.district == "Chư Prông"][0]
    assert (Path(workbook.file).name, workbook.sheet, workbook.cell) == (
        "chu_prong_2024.xlsx",
        "Phòng Văn hóa và Thông tin",
        "F33",
    )


def test_readme_says_synthetic_and_lists_every_gap():
    text = (INPUTS / "README.md").read_text(encoding="utf-8")
    assert "**The values in this folder are synthetic.**" in text
    for district, year, variables, _ in MISSING:
        assert f"| {district} | {year} | {', '.join(f'`{v}`' for v in variables)} |" in text
    assert "| Mang Yang | 2023 | `I.5` | II.4.7 |" in text


def test_missing_list_names_the_intended_criteria(dti):
    assert {(d, y, c) for d, y, variables, _ in MISSING for v in variables for c in affected(dti, v)} == INTENDED


def test_districts_and_years_complete_and_workbook_not_duplicated(assessment):
    totals = assessment.totals()
    assert sorted(totals["district"].unique()) == sorted(DISTRICTS)
    assert totals.groupby("year").size().to_dict() == {2023: 17, 2024: 17}
    inputs = assessment.inputs
    chu_prong_2024 = inputs[(inputs["district"] == "Chư Prông") & (inputs["year"].astype(str) == "2024")]
    assert {Path(f).name for f in chu_prong_2024["file"]} == {"chu_prong_2024.xlsx"}
    assert (pd.read_csv(INPUTS / "districts.csv")["district"].tolist()) == DISTRICTS


def test_plausible_spread_and_improvement(assessment):
    totals = assessment.totals().pivot(index="district", columns="year", values="points")
    assert totals.loc["Pleiku", 2023] > 850 and totals.loc["Kông Chro", 2023] < 450
    assert (totals[2024] > totals[2023]).all()
    crit = assessment.criteria()
    for code in ("II.5.9", "II.8.4"):  # Min-Max across the 17 units of each year: a real spread
        pts = crit[(crit["code"] == code) & (crit["status"] == "ok")].groupby("year")["points"]
        assert (pts.min() < 1).all() and (pts.max() == (5 if code == "II.5.9" else 20)).all()
        assert (pts.nunique() >= 8).all() and (pts.median() > 1).all()


def test_part_i_magnitudes(dti):
    inputs = read_paths([INPUTS / "gia_lai_2023_2024.csv"])
    part_i = (
        inputs[inputs["variable"].isin(["I.4", "I.6", "I.7", "I.15"])]
        .pivot_table(index=["district", "year"], columns="variable", values="value", aggfunc="first")
        .astype(float)
    )
    part_i.index = part_i.index.set_levels(part_i.index.levels[1].astype(int), level="year")
    pleiku = part_i.loc[("Pleiku", 2023)]
    assert (pleiku["I.4"], pleiku["I.7"]) == (257000, 22)
    assert part_i["I.4"].between(40000, 270000).all()
    assert (part_i["I.4"] / part_i["I.6"]).between(3.4, 4.6).all()
    assert part_i.xs(2023, level="year")["I.7"].sum() == 221  # close to Gia Lai's 220 commune-level units


def test_score_and_validate_cli_on_bundled_inputs(tmp_path, capsys):
    out = tmp_path / "scores.csv"
    assert main(["score", str(INPUTS), "--out", str(out)]) == 0
    assert len(pd.read_csv(out).query("level == 'total'")) == 34
    assert main(["validate", str(INPUTS), "--districts", str(INPUTS / "districts.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(": 0 lỗi, 6 cảnh báo")

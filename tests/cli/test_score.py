"""`dxkit score` on a hand-made multi-district file gives the points a reviewer gets by hand.

The reviewer's working is in tests/data/score/README.md; every number below is copied from it.
"""

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dxkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "tests" / "data" / "score"
LONG = DIR / "districts_long.csv"
WIDE = DIR / "districts_wide.csv"
BAD = DIR / "bad_input.csv"
BOUNDS = DIR / "bounds.csv"

CP, DD, IG = "Chư Prông", "Đak Đoa", "Ia Grai"

# (district, year, code) → points, default reading ("as written")
EXPECTED = {
    # ---- 2024
    (CP, 2024, "II.1.1"): 15.0,  # chairman
    (CP, 2024, "II.1.2"): 15.0,  # 7.5 + 7.5
    (CP, 2024, "II.1.4"): 15.0,  # section, 12 articles ≥ 10
    (CP, 2024, "II.3.1"): 3.0,  # 30000 / I.4 100000 × 10
    (CP, 2024, "II.3.7"): 10.0,  # 130/100 capped at 100%
    (CP, 2024, "II.4.8"): 10.0,  # 35/50 = 70% ≥ 70%
    (CP, 2024, "II.5.9"): 5.0,  # (8-0)/(8-0) × 5
    (CP, 2024, "II.5.10"): 5.0,  # 3/6 × 10
    (CP, 2024, "II.5.11"): 15.0,  # 12% ≥ 10%
    (CP, 2024, "II.6.6"): 15.0,  # (60+60)/200 = 60%; 0.6/0.8 × 20
    (CP, 2024, "II.7.7"): 0.0125,  # 0.5/400 = 0.125% < 0.25%: 0.00125 × 10
    (CP, 2024, "II.8.4"): 20.0,  # (4.5-0.5)/(4.5-0.5) × 20
    (CP, 2024, "II.8.5"): 12.0,  # 12 × 1
    (CP, 2024, "II.1"): 45.0,  # 15 + 15 + 15
    (CP, 2024, "II.2"): 0.0,
    (CP, 2024, "II.3"): 13.0,  # 3 + 10
    (CP, 2024, "II.4"): 10.0,
    (CP, 2024, "II.5"): 25.0,  # 5 + 5 + 15
    (CP, 2024, "II.6"): 15.0,
    (CP, 2024, "II.7"): 0.0125,
    (CP, 2024, "II.8"): 32.0,  # 20 + 12
    (CP, 2024, "TOTAL"): 140.0125,
    (DD, 2024, "II.1.1"): 7.5,  # "Phó Chủ tịch UBND cấp huyện" = vice_chairman
    (DD, 2024, "II.1.2"): 7.5,  # yes + no
    (DD, 2024, "II.1.4"): 7.5,  # section, 5 articles
    (DD, 2024, "II.3.1"): 2.5,  # 20000/80000 × 10
    (DD, 2024, "II.3.7"): 7.5,  # 90/120 × 10
    (DD, 2024, "II.4.8"): 3.5,  # 21/60 = 35% < 70%: 0.35 × 10
    (DD, 2024, "II.5.9"): 1.25,  # (2-0)/(8-0) × 5
    (DD, 2024, "II.5.10"): 10.0,  # 2/2 × 10
    (DD, 2024, "II.5.11"): 10.5,  # 8% ≥ 7%: 70% × 15
    (DD, 2024, "II.6.6"): 20.0,  # (30+50)/100 = 80%
    (DD, 2024, "II.7.7"): 10.0,  # 1/400 = 0.25%
    (DD, 2024, "II.8.4"): 7.5,  # (2-0.5)/(4.5-0.5) × 20
    (DD, 2024, "II.8.5"): 30.0,  # 40, at most 30
    (DD, 2024, "II.1"): 22.5,  # 7.5 × 3
    (DD, 2024, "II.2"): 0.0,
    (DD, 2024, "II.3"): 10.0,  # 2.5 + 7.5
    (DD, 2024, "II.4"): 3.5,
    (DD, 2024, "II.5"): 21.75,  # 1.25 + 10 + 10.5
    (DD, 2024, "II.6"): 20.0,
    (DD, 2024, "II.7"): 10.0,
    (DD, 2024, "II.8"): 37.5,  # 7.5 + 30
    (DD, 2024, "TOTAL"): 125.25,
    (IG, 2024, "II.1.1"): 0.0,  # none
    (IG, 2024, "II.1.2"): 0.0,  # false + 0
    (IG, 2024, "II.1.4"): 0.0,  # no section
    (IG, 2024, "II.3.1"): 0.0,  # 0/50000
    (IG, 2024, "II.3.7"): 5.0,  # 50 / (I.10 40 + I.11 60) × 10
    (IG, 2024, "II.4.8"): 0.0,  # 0/40
    (IG, 2024, "II.5.9"): 5.0,  # 0 incidents, reviewed
    (IG, 2024, "II.5.10"): 10.0,  # 0/0, reviewed
    (IG, 2024, "II.5.11"): 0.0,  # 2% < 3%
    (IG, 2024, "II.6.6"): 0.0,  # 0/0: no_denominator
    (IG, 2024, "II.7.7"): 0.005,  # 0.2/400 = 0.05%: 0.0005 × 10
    (IG, 2024, "II.8.4"): 0.0,  # (0.5-0.5)/(4.5-0.5) × 20
    (IG, 2024, "II.8.5"): 0.0,
    (IG, 2024, "II.1"): 0.0,
    (IG, 2024, "II.2"): 0.0,
    (IG, 2024, "II.3"): 5.0,
    (IG, 2024, "II.4"): 0.0,
    (IG, 2024, "II.5"): 15.0,  # 5 + 10 + 0
    (IG, 2024, "II.6"): 0.0,
    (IG, 2024, "II.7"): 0.005,
    (IG, 2024, "II.8"): 0.0,
    (IG, 2024, "TOTAL"): 20.005,
    # ---- 2023
    (CP, 2023, "II.1.1"): 7.5,  # vice_chairman
    (CP, 2023, "II.1.5"): 10.0,  # 1
    (CP, 2023, "II.2.1"): 10.0,  # true
    (CP, 2023, "II.3.1"): 2.5,  # 25000/100000 × 10
    (CP, 2023, "II.4.8"): 6.0,  # 60% < 70%: 0.6 × 10
    (CP, 2023, "II.5.9"): 0.0,  # 0 incidents, not reviewed: (0-0)/(4-0) × 5
    (CP, 2023, "II.6.3"): 10.0,  # 50/50 = 100%
    (CP, 2023, "II.8.4"): 0.0,  # (1-1)/(3-1) × 20
    (CP, 2023, "II.8.5"): 29.0,
    (CP, 2023, "II.1"): 17.5,  # 7.5 + 10
    (CP, 2023, "II.2"): 10.0,
    (CP, 2023, "II.3"): 2.5,
    (CP, 2023, "II.4"): 6.0,
    (CP, 2023, "II.5"): 0.0,
    (CP, 2023, "II.6"): 10.0,
    (CP, 2023, "II.7"): 0.0,
    (CP, 2023, "II.8"): 29.0,  # 0 + 29
    (CP, 2023, "TOTAL"): 75.0,
    (DD, 2023, "II.1.1"): 15.0,
    (DD, 2023, "II.1.5"): 0.0,
    (DD, 2023, "II.2.1"): 0.0,
    (DD, 2023, "II.3.1"): 4.0,  # 40000/100000 × 10
    (DD, 2023, "II.4.8"): 10.0,  # 49/70 = 70%
    (DD, 2023, "II.5.9"): 5.0,  # (4-0)/(4-0) × 5
    (DD, 2023, "II.6.3"): 0.0,  # 49/50 < 100%
    (DD, 2023, "II.8.4"): 20.0,  # (3-1)/(3-1) × 20
    (DD, 2023, "II.8.5"): 30.0,
    (DD, 2023, "II.1"): 15.0,  # 15 + 0
    (DD, 2023, "II.2"): 0.0,
    (DD, 2023, "II.3"): 4.0,
    (DD, 2023, "II.4"): 10.0,
    (DD, 2023, "II.5"): 5.0,
    (DD, 2023, "II.6"): 0.0,
    (DD, 2023, "II.8"): 50.0,  # 20 + 30
    (DD, 2023, "TOTAL"): 84.0,
    (IG, 2023, "II.1.1"): 0.0,  # none, by its Vietnamese label
    (IG, 2023, "II.1.5"): 10.0,  # Có
    (IG, 2023, "II.2.1"): 10.0,  # YES
    (IG, 2023, "II.3.1"): 10.0,  # 101/100: independent counts (issue 8), capped at 100% × 10
    (IG, 2023, "II.4.8"): 1.0,  # 10% × 10
    (IG, 2023, "II.5.9"): 1.25,  # (1-0)/(4-0) × 5
    (IG, 2023, "II.6.3"): 0.0,  # 0/0: no_denominator
    (IG, 2023, "II.8.4"): 10.0,  # (2-1)/(3-1) × 20
    (IG, 2023, "II.8.5"): 30.0,  # 31, at most 30
    (IG, 2023, "II.1"): 10.0,  # 0 + 10
    (IG, 2023, "II.2"): 10.0,
    (IG, 2023, "II.3"): 10.0,
    (IG, 2023, "II.4"): 1.0,
    (IG, 2023, "II.5"): 1.25,
    (IG, 2023, "II.6"): 0.0,
    (IG, 2023, "II.8"): 40.0,  # 10 + 30
    (IG, 2023, "TOTAL"): 72.25,  # 10 + 10 + 10 + 1 + 1.25 + 0 + 40
}

STATUS = {
    (IG, 2023, "II.3.1"): "ok",
    (IG, 2023, "II.3"): "missing",
    (IG, 2023, "TOTAL"): "missing",
    (IG, 2023, "II.6.3"): "no_denominator",
    (IG, 2024, "II.6.6"): "no_denominator",
    (CP, 2024, "II.8.4"): "ok",
    (IG, 2024, "II.5.10"): "ok",
    (IG, 2024, "II.1.4"): "ok",
    (CP, 2024, "II.2.1"): "missing",
    (CP, 2024, "TOTAL"): "missing",
}

# What threshold_reading=proportional changes (everything else stays as in EXPECTED).
PROPORTIONAL = {
    (CP, 2024, "II.7.7"): 5.0,  # 0.00125/0.0025 × 10
    (CP, 2024, "II.7"): 5.0,
    (CP, 2024, "TOTAL"): 145.0,  # 140.0125 - 0.0125 + 5
    (DD, 2024, "II.4.8"): 5.0,  # 0.35/0.7 × 10
    (DD, 2024, "II.4"): 5.0,
    (DD, 2024, "TOTAL"): 126.75,  # 125.25 - 3.5 + 5
    (IG, 2024, "II.7.7"): 2.0,  # 0.0005/0.0025 × 10
    (IG, 2024, "II.7"): 2.0,
    (IG, 2024, "TOTAL"): 22.0,  # 20.005 - 0.005 + 2
    (CP, 2023, "II.4.8"): 8.571428571428571,  # 0.6/0.7 × 10 = 60/7
    (CP, 2023, "II.4"): 8.571428571428571,
    (CP, 2023, "TOTAL"): 77.57142857142857,  # 75 - 6 + 60/7
    (IG, 2023, "II.4.8"): 1.4285714285714286,  # 0.1/0.7 × 10 = 10/7
    (IG, 2023, "II.4"): 1.4285714285714286,
    (IG, 2023, "TOTAL"): 72.67857142857143,  # 72.25 - 1 + 10/7
    (DD, 2023, "TOTAL"): 84.0,  # 49/70 is exactly 70%: unchanged
    (CP, 2024, "II.6.6"): 15.0,  # already r/threshold in the seed: unchanged
}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8")


def points(df: pd.DataFrame) -> dict:
    return {(r.district, int(r.year), r.code): r.points for r in df.itertuples()}


def assert_points(df: pd.DataFrame, expected: dict) -> None:
    got = points(df)
    for key, value in expected.items():
        assert key in got, key
        assert got[key] == pytest.approx(value, abs=1e-9), key


@pytest.fixture(scope="module")
def long_scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("long") / "scores.csv"
    before = sha(LONG)
    assert main(["score", str(LONG), "--out", str(out)]) == 0
    assert sha(LONG) == before
    return read(out)


def test_scores_columns(long_scores):
    for col in [
        "district",
        "year",
        "code",
        "points",
        "max_points",
        "status",
        "index",
        "level",
        "explanation_vi",
        "explanation_en",
        "assumptions",
    ]:
        assert col in long_scores.columns, col


def test_one_row_per_district_year_and_code(long_scores):
    assert len(long_scores) == 6 * (74 + 8 + 1)
    assert not long_scores.duplicated(["district", "year", "code"]).any()
    assert set(long_scores.district) == {CP, DD, IG}
    assert set(long_scores.year) == {2023, 2024}


def test_points_a_reviewer_gets_by_hand(long_scores):
    assert_points(long_scores, EXPECTED)


def test_statuses(long_scores):
    s = {(r.district, int(r.year), r.code): r.status for r in long_scores.itertuples()}
    for key, status in STATUS.items():
        assert s[key] == status, key


def test_pillar_and_total_maxima_and_index(long_scores):
    agg = long_scores[long_scores.level != "criterion"]
    maxima = agg.groupby("code")["max_points"].unique().to_dict()
    assert {k: list(v) for k, v in maxima.items()} == {
        "II.1": [80],
        "II.2": [120],
        "II.3": [100],
        "II.4": [90],
        "II.5": [100],
        "II.6": [260],
        "II.7": [140],
        "II.8": [110],
        "TOTAL": [1000],
    }
    t = long_scores.set_index(["district", "year", "code"])
    assert t.loc[(CP, 2024, "TOTAL"), "index"] == pytest.approx(0.1400125)  # 140.0125/1000
    assert t.loc[(CP, 2024, "II.1"), "index"] == pytest.approx(0.5625)  # 45/80


def test_default_assumptions_are_stated(long_scores):
    assert set(long_scores.assumptions) == {
        "threshold_reading=as_written; zero_denominator=zero; minmax_method=minmax; minmax_bounds=peers; stage=self"
    }


def test_explanations_in_the_file(long_scores):
    t = long_scores.set_index(["district", "year", "code"])
    assert t.loc[(CP, 2024, "II.3.7"), "explanation_vi"] == "Tỷ lệ = 130/100 = 130%, giới hạn 100% → 10/10 điểm"
    assert t.loc[(CP, 2024, "II.3.1"), "explanation_vi"] == (
        "Tỷ lệ = 30.000/100.000 = 30% (mẫu số II.3.1.b lấy từ phần I) → 30% × 10 = 3/10 điểm"
    )
    assert t.loc[(DD, 2024, "II.8.4"), "explanation_en"] == (
        "II.8.4 = 2; min = 0.5, max = 4.5 (3 units of 2024) → (2 − 0.5)/(4.5 − 0.5) × 20 = 7.5/20 points"
    )


def test_subprocess_python_m_dxkit_cli(tmp_path):
    out = tmp_path / "scores.csv"
    before = sha(LONG)
    proc = subprocess.run(
        [sys.executable, "-m", "dxkit.cli", "score", str(LONG), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Đã chấm 6 đơn vị-năm" in proc.stdout
    assert sha(LONG) == before
    assert_points(read(out), EXPECTED)


def test_wide_csv_gives_the_same_points(tmp_path, long_scores):
    out = tmp_path / "wide_scores.csv"
    assert main(["score", str(WIDE), "--out", str(out)]) == 0
    wide = read(out)
    assert_points(wide, EXPECTED)
    merged = long_scores.merge(wide, on=["district", "year", "code"], suffixes=("_long", "_wide"))
    assert len(merged) == len(long_scores) == len(wide)
    assert (merged.points_long - merged.points_wide).abs().max() < 1e-12
    assert (merged.status_long == merged.status_wide).all()


def test_proportional_option(tmp_path):
    out = tmp_path / "prop.csv"
    assert main(["score", str(LONG), "--out", str(out), "--option", "threshold_reading=proportional"]) == 0
    df = read(out)
    assert_points(df, {**EXPECTED, **PROPORTIONAL})
    assert set(df.assumptions) == {
        "threshold_reading=proportional; zero_denominator=zero; minmax_method=minmax; minmax_bounds=peers; stage=self"
    }
    t = df.set_index(["district", "year", "code"])
    assert t.loc[(DD, 2024, "II.4.8"), "explanation_vi"] == (
        "Tỷ lệ = 21/60 = 35% < 70%: Tỷ lệ / 70% × điểm tối đa → 5/10 điểm"
    )


def test_zero_denominator_option(tmp_path):
    out = tmp_path / "full.csv"
    assert main(["score", str(LONG), "--out", str(out), "--option", "zero_denominator=full"]) == 0
    df = read(out)
    assert_points(
        df,
        {
            (IG, 2024, "II.6.6"): 20.0,  # 0/0 → full by option
            (IG, 2024, "TOTAL"): 40.005,  # 20.005 + 20
            (IG, 2023, "II.6.3"): 10.0,  # 0/0 → full by option
            (IG, 2023, "TOTAL"): 82.25,  # 72.25 + 10
            (CP, 2024, "TOTAL"): 140.0125,  # unchanged
        },
    )
    assert "zero_denominator=full" in df.assumptions.iloc[0]


def test_reference_bounds_file(tmp_path):
    out = tmp_path / "bounds.csv"
    assert main(["score", str(LONG), "--out", str(out), "--bounds", str(BOUNDS)]) == 0
    df = read(out)
    assert_points(
        df,
        {
            (CP, 2024, "II.8.4"): 10.0,  # (4.5-0)/(9-0) × 20
            (DD, 2024, "II.8.4"): 4.444444444444445,  # 2/9 × 20
            (IG, 2024, "II.8.4"): 1.1111111111111112,  # 0.5/9 × 20
            (CP, 2023, "II.8.4"): 0.0,  # 2023 has no bounds: peers as before
            (DD, 2023, "II.8.4"): 20.0,
            (CP, 2024, "II.5.9"): 5.0,  # no bounds for II.5.9: peers
        },
    )
    assert "minmax_bounds=reference; stage=self" in df.assumptions.iloc[0]


def _bad_run_checks(rc, err, out):
    assert rc != 0
    assert not out.exists() and not out.parent.exists()
    # every problem, each with its file, row, district, variable and the rule broken
    lines = [line for line in err.splitlines() if line.startswith("- ")]
    assert len(lines) == 3, err
    unknown_1 = next(line for line in lines if "II.9.9" in line)
    unknown_2 = next(line for line in lines if "II.3.1a" in line)
    conflict = next(line for line in lines if "II.1.5" in line)
    return unknown_1, unknown_2, conflict


def test_bad_input_is_refused_in_full_and_nothing_is_written(tmp_path, capsys):
    out = tmp_path / "never" / "scores.csv"
    before = sha(BAD)
    rc = main(["score", str(BAD), "--out", str(out)])
    err = capsys.readouterr().err
    u1, u2, conflict = _bad_run_checks(rc, err, out)
    assert sha(BAD) == before
    assert "Dữ liệu đầu vào có 3 lỗi" in err
    for line in (u1, u2, conflict):
        assert str(BAD) in line
    assert "dòng 4, đơn vị Đak Đoa" in u1 and "năm 2024" in u1 and "mã biến không có" in u1
    assert "dòng 5, đơn vị Ia Grai" in u2 and "có phải 'II.3.1.a'?" in u2
    assert "dòng 2, đơn vị Chư Prông" in conflict and "dòng 3 = 'không'" in conflict
    assert "row " not in err and "cell " not in err and "ô/dòng" not in err
    assert "hai nguồn cho giá trị khác nhau" in conflict and "'có'" in conflict and "'không'" in conflict


def test_bad_input_in_english_by_subprocess(tmp_path):
    out = tmp_path / "never" / "scores.csv"
    before = sha(BAD)
    proc = subprocess.run(
        [sys.executable, "-m", "dxkit.cli", "score", str(BAD), "--out", str(out), "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    u1, u2, conflict = _bad_run_checks(proc.returncode, proc.stderr, out)
    assert sha(BAD) == before
    assert "Traceback" not in proc.stderr
    assert "3 error(s) in the input" in proc.stderr
    assert "file " + str(BAD) in u1 and ", row 4, unit Đak Đoa" in u1 and "cell" not in u1
    assert "variable II.9.9" in u1 and "unknown variable id" in u1
    assert "unit Ia Grai" in u2 and "did you mean 'II.3.1.a'?" in u2
    assert "unit Chư Prông" in conflict and "two sources give different values" in conflict


def test_bad_values_are_scored_invalid_and_listed(tmp_path, capsys):
    src = tmp_path / "values.csv"
    src.write_text(
        "district,year,variable,value\n"
        "Chư Prông,2024,II.3.1.a,nhiều\n"
        "Chư Prông,2024,II.3.1.b,100\n"
        "Chư Prông,2024,II.8.5,-2\n"
        "Chư Prông,2024,II.1.5,có\n",
        encoding="utf-8",
    )
    out = tmp_path / "scores.csv"
    assert main(["score", str(src), "--out", str(out)]) == 3  # written, but a criterion is invalid (issue 8 §6)
    err = capsys.readouterr().err
    df = read(out).set_index(["district", "year", "code"])
    assert (df.loc[(CP, 2024, "II.3.1"), "status"], df.loc[(CP, 2024, "II.3.1"), "points"]) == ("invalid", 0)
    assert (df.loc[(CP, 2024, "II.8.5"), "status"], df.loc[(CP, 2024, "II.8.5"), "points"]) == ("invalid", 0)
    assert df.loc[(CP, 2024, "TOTAL"), "points"] == 10.0  # II.1.5 only
    assert "dòng 2, đơn vị Chư Prông, năm 2024, biến II.3.1.a" in err and "'nhiều' không phải là số" in err
    assert "dòng 4, đơn vị Chư Prông, năm 2024, biến II.8.5" in err and "số âm" in err
    assert "row " not in err


def test_unknown_option_is_refused_and_nothing_written(tmp_path, capsys):
    out = tmp_path / "scores.csv"
    assert main(["score", str(LONG), "--out", str(out), "--option", "threshold_reading=half"]) != 0
    assert "threshold_reading='half'" in capsys.readouterr().err
    assert not out.exists()


def test_empty_input_file_gives_a_clean_answer(tmp_path, capsys):
    src = tmp_path / "empty.csv"
    src.write_text("district,year,variable,value\n", encoding="utf-8")
    rc = main(["score", str(src), "--out", str(tmp_path / "scores.csv")])
    assert rc in (0, 2)

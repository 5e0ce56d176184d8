"""Issue 8: honest data is never zeroed. Expected points are computed by hand from the seed
(`../shared/seed/000_1aa7fa40f8ba4fa0.txt`); nothing here is computed by the code under test."""

import pandas as pd
import pytest

from dxkit import score
from dxkit.cli import main
from dxkit.intake.validate import validate
from tests.conftest import inputs, rows


def run(dti, items, district="A", year=2024, **kw):
    return score(inputs(rows(*items.items(), district=district, year=year)), dti, **kw)


def row(result, code, district="A", year=2024):
    s = result.scores
    return s[(s.district == district) & (s.year == year) & (s.code == code)].iloc[0]


# ---------------------------------------------------------------- §1 independent ratios are capped

# (code, a, b, expected points above b, max): the issue's table, a = 12 > b = 10
HONEST = [
    ("II.3.5", 30.0),
    ("II.7.6", 30.0),
    ("II.1.3", 10.0),
    ("II.3.6", 20.0),
    ("II.6.8", 20.0),
    ("II.8.1", 20.0),
    ("II.3.1", 10.0),
    ("II.3.2", 10.0),
    ("II.3.3", 10.0),
    ("II.4.7", 20.0),
    ("II.8.2", 20.0),
    ("II.8.3", 20.0),
]


@pytest.mark.parametrize("code,maximum", HONEST, ids=[c for c, _ in HONEST])
def test_independent_ratio_above_one_is_capped_full_points(dti, code, maximum):
    r = run(dti, {f"{code}.a": 12, f"{code}.b": 10})
    got = row(r, code)
    assert (got.points, got.status) == (maximum, "ok")
    m = f"{maximum:g}"
    assert got.explanation_vi.startswith("Tỷ lệ = 12/10 = 120%, giới hạn 100%")
    assert got.explanation_vi.endswith(f"→ {m}/{m} điểm")
    assert got.explanation_en.startswith("Ratio = 12/10 = 120%, capped at 100%")
    review = [p for p in r.problems if p.variable == code]
    assert [p.severity for p in review] == ["warning"] and "cần rà soát" in review[0].rule_text("vi")


@pytest.mark.parametrize("code,maximum", HONEST, ids=[c for c, _ in HONEST])
def test_independent_ratio_at_the_boundary_is_full_without_warning(dti, code, maximum):
    r = run(dti, {f"{code}.a": 10, f"{code}.b": 10})
    assert (row(r, code).points, row(r, code).status) == (maximum, "ok")
    assert not [p for p in r.problems if p.variable == code]


def test_explanation_words_of_the_issue(dti):
    got = row(run(dti, {"II.3.5.a": 12, "II.3.5.b": 10}), "II.3.5")
    assert got.explanation_vi == "Tỷ lệ = 12/10 = 120%, giới hạn 100% → 30/30 điểm"


def test_threshold_criterion_capped_above_one(dti):
    # II.7.6: 5% → max; 1300 transactions / 1000 postal items = 130%, capped → 30/30
    got = row(run(dti, {"II.7.6.a": 1300, "II.7.6.b": 1000}), "II.7.6")
    assert (got.points, got.status) == (30.0, "ok")
    # 4% < 5%: as written ratio × max = 0.04 × 30 = 1.2
    got = row(run(dti, {"II.7.6.a": 40, "II.7.6.b": 1000}), "II.7.6")
    assert got.points == pytest.approx(1.2)


def test_subset_ratio_above_one_is_still_an_error(dti):
    r = run(dti, {"II.6.5.a": 10, "II.6.5.b": 0, "II.6.5.c": 11, "II.6.5.d": 0})
    assert (row(r, "II.6.5").points, row(r, "II.6.5").status) == (0.0, "invalid")
    assert any(p.severity == "error" and p.variable == "II.6.5.c" for p in r.problems)
    # a = b: 10/10 × 20
    r = run(dti, {"II.6.5.a": 10, "II.6.5.b": 0, "II.6.5.c": 10, "II.6.5.d": 0})
    assert (row(r, "II.6.5").points, row(r, "II.6.5").status) == (20.0, "ok")


def test_every_ratio_records_its_decision(dti):
    ratios = [c for c in dti.criteria.values() if "numerator" in c.rule]
    assert len(ratios) == 45
    for c in ratios:
        assert isinstance(c.rule["cap"], bool) and c.rule["basis"]["vi"] and c.rule["basis"]["en"], c.code


def test_validate_warns_capped_and_errors_impossible_subset(dti):
    table = inputs(rows(("II.3.5.a", 12), ("II.3.5.b", 10), ("II.5.1.a", 12), ("II.5.1.b", 10)))
    problems = validate(table, dti)
    capped = [p for p in problems if p.variable == "II.3.5"]
    subset = [p for p in problems if p.variable == "II.5.1.a"]
    assert [p.severity for p in capped] == ["warning"]
    assert [p.severity for p in subset] == ["error"]


# ---------------------------------------------------------------- §2 Part I fills never invalidate


def test_part_i_fill_below_the_numerator_is_capped_and_asks_for_b(dti):
    # II.6.19: a = 95 e-mail accounts; b not typed, from Part I: I.10 40 + I.11 50 = 90 → capped → 5/5
    r = run(dti, {"II.6.19.a": 95, "I.10": 40, "I.11": 50})
    got = row(r, "II.6.19")
    assert (got.points, got.status) == (5.0, "ok")
    assert "giới hạn 100%" in got.explanation_vi and "phần I" in got.explanation_vi
    asks = [p for p in r.problems if p.variable == "II.6.19.b"]
    assert [p.severity for p in asks] == ["warning"] and "hãy nhập II.6.19.b" in asks[0].rule_text("vi")
    # typed b below a stays an error: a is part of b by the seed's definition
    r = run(dti, {"II.6.19.a": 95, "II.6.19.b": 90})
    assert (row(r, "II.6.19").points, row(r, "II.6.19").status) == (0.0, "invalid")
    # below the fill: 45/90 × 5 = 2.5
    assert row(run(dti, {"II.6.19.a": 45, "I.10": 40, "I.11": 50}), "II.6.19").points == 2.5


# ---------------------------------------------------------------- §3 contradictions


def test_incidents_contradict_none_found(dti):
    items = {"II.5.9.incidents": 3, "II.5.9.reviewed": "có", "II.5.10.a": 0, "II.5.10.b": 0}
    r = run(dti, items)
    got = row(r, "II.5.10")
    assert (got.points, got.status) == (0.0, "invalid")
    errors = [p for p in r.problems if p.severity == "error"]
    assert (
        len(errors) == 1
        and "II.5.9 và II.5.10" in errors[0].rule_text("vi")
        and "II.5.9.incidents = 3" in errors[0].rule_text("vi")
    )
    problems = validate(inputs(rows(*items.items())), dti)
    assert any(p.severity == "error" and "II.5.9 và II.5.10" in p.rule_text("vi") for p in problems)
    # no incident, reviewed: none found → 10/10 (the seed's case)
    r = run(dti, {"II.5.9.incidents": 0, "II.5.9.reviewed": "có", "II.5.10.a": 0, "II.5.10.b": 0})
    assert (row(r, "II.5.10").points, row(r, "II.5.10").status) == (10.0, "ok")
    assert not [p for p in r.problems if p.severity == "error"]


def test_shared_platforms_given_twice_must_agree(dti):
    r = run(dti, {"II.3.5.a": 5, "II.3.5.b": 10, "II.3.6.a": 1, "II.3.6.b": 4})
    warn = [p for p in r.problems if p.severity == "warning" and "II.3.5 và II.3.6" in p.rule_text("vi")]
    assert len(warn) == 1 and "II.3.5.a = 5; II.3.6.b = 4" in warn[0].rule_text("vi")
    r = run(dti, {"II.3.5.a": 5, "II.3.5.b": 10, "II.3.6.a": 1, "II.3.6.b": 5})
    assert not [p for p in r.problems if "II.3.5 và II.3.6" in p.rule_text("vi")]


def test_ratio_to_best_changes_only_ii_8_4(dti):
    peers = [
        ("A", "II.8.4", 1),
        ("B", "II.8.4", 3),
        ("A", "II.5.9.incidents", 1),
        ("B", "II.5.9.incidents", 4),
        ("A", "II.5.9.reviewed", "không"),
        ("B", "II.5.9.reviewed", "không"),
    ]
    table = pd.DataFrame([(d, 2024, v, x) for d, v, x in peers], columns=["district", "year", "variable", "value"])
    best = score(table, dti, options={"minmax_method": "ratio_to_best"})
    assert row(best, "II.8.4").points == pytest.approx(20 / 3)  # 1/3 × 20
    assert row(best, "II.5.9").points == 0.0  # still (1 − 1)/(4 − 1) × 5
    scope = best.assumptions().set_index("option").loc["minmax_method", "criteria"]
    assert scope == "II.8.4"


# ---------------------------------------------------------------- §4 numbers as people write them


def _csv(path, lines):
    path.write_text("district,year,variable,value\n" + "".join(f"A,2024,{v},{x}\n" for v, x in lines), encoding="utf-8")
    return path


def test_dot_decimal_source_reads_1_217_as_a_decimal(dti, tmp_path):
    src = _csv(tmp_path / "pandas.csv", [("II.8.4", "1.217"), ("II.6.17.a", "0.5"), ("II.6.17.b", "100")])
    from dxkit.intake import read_paths

    r = score(read_paths([src]), dti)
    assert r.prepared.values.loc[("A", 2024), "II.8.4"] == 1.217
    assert "'1.217' → 1,217" in row(r, "II.8.4").explanation_vi


def test_comma_decimal_source_reads_1_217_as_thousands(dti, tmp_path):
    src = _csv(tmp_path / "vn.csv", [("II.7.6.a", "1.217"), ("II.7.6.b", '"12,5"')])
    from dxkit.intake import read_paths

    r = score(read_paths([src]), dti)
    assert r.prepared.values.loc[("A", 2024), "II.7.6.a"] == 1217.0


def test_source_without_evidence_is_ambiguous_until_decimal_is_given(dti, tmp_path, capsys):
    src = _csv(tmp_path / "x.csv", [("II.8.4", "1.217"), ("II.8.5", "3")])
    out = tmp_path / "out.csv"
    assert main(["score", str(src), "--out", str(out)]) == 3
    assert "1 số có thể hiểu theo hai cách ('1.217'): chạy lại với --decimal ." in capsys.readouterr().out
    assert main(["score", str(src), "--out", str(out), "--decimal", "."]) == 0
    scores = pd.read_csv(out)
    assert scores.loc[scores.code == "II.8.4", "measure"].iloc[0] == 1.217


# ---------------------------------------------------------------- §5/§6 a lone district with bounds


def test_lone_district_with_bounds_is_final(dti, tmp_path):
    src = tmp_path / "one.csv"
    src.write_text(
        'district,year,variable,value\nChư Prông,2024,II.8.4,"1,39"\n'
        "Chư Prông,2024,II.5.9.incidents,18\nChư Prông,2024,II.5.9.reviewed,không\n",
        encoding="utf-8",
    )
    bounds = tmp_path / "bounds.csv"
    bounds.write_text("code,year,min,max\nII.8.4,2024,0.61,2.78\nII.5.9,2024,0,21\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    assert main(["score", str(src), "--bounds", str(bounds), "--out", str(out)]) == 0
    s = pd.read_csv(out).set_index("code")
    assert s.loc["II.8.4", "points"] == pytest.approx((1.39 - 0.61) / (2.78 - 0.61) * 20)
    assert s.loc["II.5.9", "points"] == pytest.approx(18 / 21 * 5)
    assert not s["provisional"].any()
    assert "TẠM TÍNH" not in " ".join(s["explanation_vi"])
    # without bounds: provisional, and validate says which criteria and how to fix it
    problems = validate(
        inputs(rows(("II.8.4", 1.39), ("II.5.9.incidents", 18), ("II.5.9.reviewed", "không"), district="Chư Prông")),
        dti,
    )
    warn = [p for p in problems if "TẠM TÍNH" in p.rule_text("vi")]
    assert len(warn) == 1 and "II.5.9, II.8.4" in warn[0].rule_text("vi") and "--bounds" in warn[0].rule_text("vi")


def test_bounds_command_publishes_what_bounds_reads(tmp_path):
    src = tmp_path / "all.csv"
    src.write_text(
        "district,year,variable,value\n"
        'A,2024,II.8.4,"0,5"\nB,2024,II.8.4,"2,5"\nC,2024,II.8.4,1\n'
        "A,2024,II.5.9.incidents,0\nB,2024,II.5.9.incidents,7\n",
        encoding="utf-8",
    )
    out = tmp_path / "bounds.csv"
    assert main(["bounds", str(src), "--year", "2024", "--out", str(out)]) == 0
    got = pd.read_csv(out).set_index("code")
    assert (got.loc["II.8.4", "min"], got.loc["II.8.4", "max"], got.loc["II.8.4", "units"]) == (0.5, 2.5, 3)
    assert (got.loc["II.5.9", "min"], got.loc["II.5.9", "max"]) == (0, 7)
    lone = tmp_path / "c.csv"
    lone.write_text("district,year,variable,value\nC,2024,II.8.4,1\n", encoding="utf-8")
    scores = tmp_path / "c_scores.csv"
    assert main(["score", str(lone), "--bounds", str(out), "--out", str(scores)]) in (0, 3)
    s = pd.read_csv(scores).set_index("code")
    assert s.loc["II.8.4", "points"] == pytest.approx((1 - 0.5) / (2.5 - 0.5) * 20)  # 5


def test_score_summary_names_invalid_criteria(tmp_path, capsys):
    src = tmp_path / "v.csv"
    src.write_text("district,year,variable,value\nA,2024,II.5.1.a,12\nA,2024,II.5.1.b,10\n", encoding="utf-8")
    assert main(["score", str(src), "--out", str(tmp_path / "s.csv")]) == 3
    out = capsys.readouterr().out
    assert "1 tiêu chí có dữ liệu không hợp lệ" in out and "A 2024: II.5.1" in out


def test_analysis_rescoring_keeps_the_part_i_cap(dti):
    """What-if engines rescore with the same Part I fills: a capped II.6.19 is not lost in any of them."""
    from dxkit import analysis
    from dxkit.analysis.levers import Unit

    table = pd.concat(
        [inputs(rows(("II.6.19.a", 95), ("I.10", 40), ("I.11", 50), ("II.8.5", 3), district=d)) for d in ("A", "B")]
    )
    r = score(table, dti)
    assert row(r, "II.6.19").points == 5.0  # 95 / 90 capped
    assert Unit(r, "A", 2024).points("II.6.19", [{}])[0] == 5.0  # levers, plans
    base = analysis.sensitivity(r)
    assert set(base.loc[base.scenario == "base", "total"]) == {8.0}  # 5 + 3 × 1
    assert set(analysis.simulate_totals(r, rel_error=0.0, draws=3)["total"]) == {8.0}

"""dxkit.analysis on hand-made data with known answers (see tests/test_analysis_data.py)."""

import pandas as pd
import pytest

from dxkit import analysis as an
from dxkit.core.problems import InputError
from tests.province import assess, full_marks, table


def total_of(a, district, year):
    t = a.totals()
    return float(t[(t.district == district) & (t.year == year)]["points"].iloc[0])


def by_unit(df, code="TOTAL", year=2024):
    return df[(df.code == code) & (df.year == year)].set_index("district")


# ------------------------------------------------------------------ profile


def test_profile_totals_ranks_ties_and_gaps(province):
    p = by_unit(an.profile(province))
    assert p["points"].to_dict() == pytest.approx({"A": 941.76, "B": 981, "C": 978, "D": 981})
    assert p["rank"].to_dict() == {"A": 4, "B": 1, "C": 3, "D": 1}  # B and D tie: both 1, next is 3
    assert set(p["n_units"]) == {4}
    assert p.loc["A", "gap_to_leader"] == pytest.approx(39.24)
    assert p.loc["C", "gap_to_median"] == pytest.approx(-1.5)  # median of 941.76, 978, 981, 981 = 979.5
    assert p.loc["B", "gap_to_median"] == pytest.approx(1.5)
    assert p["quartile"].to_dict() == {"A": 4, "B": 1, "C": 3, "D": 1}
    assert p.loc["A", "name"] == "Tổng điểm"


def test_profile_pillars(province):
    p = by_unit(an.profile(province, "en"), "II.1")
    assert p.loc["A", "points"] == pytest.approx(50) and p.loc["A", "index"] == pytest.approx(0.625)
    assert p.loc["A", "rank"] == 4 and p.loc["B", "rank"] == 1 and p.loc["A", "name"] == "Digital awareness"


def test_profile_single_unit_is_rank_one_of_one_and_provisional(province):
    p = by_unit(an.profile(province), year=2023)
    row = p.loc["A"]
    assert (row["rank"], row["n_units"], row["quartile"], row["gap_to_leader"], row["gap_to_median"]) == (1, 1, 1, 0, 0)
    assert row["points"] == pytest.approx(965) and bool(row["provisional"])


# ------------------------------------------------------------------ losses


def test_losses_sorted_with_departments(province):
    lost = an.losses(province, "A", 2024)
    assert list(lost["code"]) == ["II.2.9", "II.1.1", "II.1.4", "II.6.8"]  # 20, 15, 15 (catalogue order), 8.24
    assert list(lost["lost"]) == pytest.approx([20, 15, 15, 8.24])
    assert set(lost["responsible"]) == {"Phòng Văn hóa và Thông tin"}
    assert lost.set_index("code").loc["II.1.1", "coordinating"] == "Văn phòng HĐND và UBND huyện"
    assert an.losses(province, "A", 2024, "en")["responsible"].iloc[0] == "Office of Culture and Information"
    assert an.losses(province, "A", 2024, department="tckh").empty


def test_losses_by_department_credits_each_responsible_department(province):
    a_depts = an.losses_by_department(province, "A", 2024).set_index("department_id")
    assert a_depts.loc["vhtt", "lost"] == pytest.approx(58.24)
    assert a_depts.loc["vhtt", "codes"] == "II.2.9, II.1.1, II.1.4, II.6.8"
    assert a_depts.loc["vhtt", "n_losing"] == 4 and a_depts.drop("vhtt")["lost"].sum() == 0
    assert a_depts["points"].sum() + a_depts["lost"].sum() == pytest.approx(a_depts["max_points"].sum())
    d_depts = an.losses_by_department(province, "D", 2024).set_index("department_id")
    for dept in ("nong_nghiep", "tckh"):  # II.7.5 is owned by both
        assert d_depts.loc[dept, "lost"] == pytest.approx(19) and d_depts.loc[dept, "shared"] == 1
    assert list(d_depts.index[:2]) == ["nong_nghiep", "tckh"]


def test_unknown_unit_raises_with_what_exists(province):
    with pytest.raises(InputError, match="Nowhere"):
        an.losses(province, "Nowhere", 2024)
    with pytest.raises(KeyError, match="known years: 2023, 2024"):
        an.losses(province, "A", 2031)


# ------------------------------------------------------------------ quick wins


def test_quick_wins_decisions_and_points(province):
    wins = an.quick_wins(province, "A", 2024)
    assert list(wins["code"]) == ["II.2.9", "II.1.1", "II.1.4"]
    assert list(wins["points"]) == pytest.approx([20, 15, 3.75])  # II.1.4: section opens the lowest tier
    assert "“Chủ tịch UBND cấp huyện”" in wins.set_index("code").loc["II.1.1", "decision"]
    c = an.quick_wins(province, "C", 2024, "en")
    assert list(c["code"]) == ["II.6.1"] and c["points"].iloc[0] == 2
    assert "IPv6" in c["decision"].iloc[0]
    assert an.quick_wins(province, "B", 2024).empty  # only a quantity is missing


def test_quick_win_counts_every_criterion_the_decision_changes(dti):
    """II.5.9.reviewed = yes gives II.5.9 full points and II.5.10 (no incidents) its 10 points."""
    a = assess(
        dti,
        {
            ("E", 2024): {"II.5.9.incidents": 0, "II.5.9.reviewed": "không", "II.5.10.a": 0, "II.5.10.b": 0},
            ("B", 2024): {},
        },
    )
    wins = an.quick_wins(a, "E", 2024)
    assert list(wins["code"]) == ["II.5.9"] and wins["points"].iloc[0] == pytest.approx(15)


# ------------------------------------------------------------------ year over year


def test_year_over_year_changes_and_ranks(province):
    yoy = an.year_over_year(province, "A").set_index("code")
    assert yoy.attrs == {"district": "A", "year": 2024, "previous": 2023, "has_previous": True}
    assert yoy.loc["TOTAL", "change"] == pytest.approx(941.76 - 965)
    assert (yoy.loc["TOTAL", "rank_previous"], yoy.loc["TOTAL", "rank"], yoy.loc["TOTAL", "rank_change"]) == (1, 4, -3)
    assert yoy.loc["II.6.8", "change"] == pytest.approx(11.76 - 10)
    assert yoy.loc["II.8.4", "status_previous"] == "needs_peers" and yoy.loc["II.8.4", "change"] == 20
    movers = an.top_movers(province, "A", n=3)
    assert list(movers["code"]) == ["II.2.9", "II.8.4", "II.1.1"]  # |−20|, +20 (catalogue order), −15


def test_year_over_year_without_previous_year_is_empty_and_flagged(province):
    yoy = an.year_over_year(province, "B", 2024)
    assert yoy.empty and yoy.attrs["has_previous"] is False and yoy.attrs["previous"] is None
    assert an.top_movers(province, "B").empty
    assert an.year_over_year(province, "A", 2023).attrs["has_previous"] is False


# ------------------------------------------------------------------ what if and plans


def test_what_if_rescores_with_min_max_peers(province):
    b = an.what_if(province, [("C", 2024, "II.8.4", 12)])
    crit = b.criteria().set_index(["district", "year", "code"])["points"]
    assert crit[("C", 2024, "II.8.4")] == 20
    assert crit[("A", 2024, "II.8.4")] == 0  # the new maximum moved every peer's Min-Max
    changes = pd.DataFrame({"district": ["A"], "year": [2024], "variable": ["II.6.8.a"], "value": [1000]})
    assert total_of(an.what_if(province.inputs, changes, catalogue=province.catalogue), "A", 2024) == pytest.approx(950)
    assert total_of(province, "A", 2024) == pytest.approx(941.76)  # the original is untouched


def test_plan_to_target_total_reached_through_what_if(province):
    plan = an.plan_to_target(province, "A", 2024, target_total=990)
    assert list(plan["code"]) == ["II.2.9", "II.1.1", "II.1.4", "II.6.8", "II.1.4"]
    assert list(plan["kind"]) == ["decision"] * 3 + ["quantity"] * 2
    assert list(plan["gain"]) == pytest.approx([20, 15, 3.75, 8.24, 3.75])
    assert plan["action"].iloc[3] == "thêm 412 hồ sơ (Số hồ sơ thanh toán trực tuyến của đơn vị: 588 → 1.000)"
    assert (plan["from_value"].iloc[4], plan["to_value"].iloc[4]) == (3, 5)  # articles: next tier at 5
    assert plan.attrs["reached"] and plan.attrs["final_total"] == pytest.approx(992.5)
    assert total_of(an.what_if(province, plan), "A", 2024) == pytest.approx(992.5)


def test_plan_to_target_rank_reached_through_what_if(province):
    plan = an.plan_to_target(province, "C", 2024, target_rank=1, lang="en")
    assert plan.attrs["target_total"] == 981
    assert list(plan["code"]) == ["II.6.1", "II.8.4"]
    assert plan["action"].iloc[1].startswith("6 more billion VND")  # the minimum of the set: jump to the best
    after = by_unit(an.profile(an.what_if(province, plan)))
    assert after.loc["C", "rank"] == 1 and after.loc["C", "points"] == pytest.approx(1000)


def test_plan_prefers_the_smallest_change_per_point(dti):
    """II.7.1 (threshold 10%): 5 more SMEs win 19 points; II.6.8: 100 more dossiers win 2."""
    a = assess(dti, {("F", 2024): {"II.7.1.a": 5, "II.6.8.a": 900, "II.6.8.b": 1000}, ("B", 2024): {}})
    full = an.plan_to_target(a, "F", 2024, target_total=1000)
    assert list(full["code"]) == ["II.7.1", "II.6.8"]
    assert list(full["effort"]) == pytest.approx([0.5, 0.1])  # 5 of the 10 SMEs that give full points
    one_point = an.plan_to_target(a, "F", 2024, target_total=980)  # the smallest change closing the gap
    assert list(one_point["code"]) == ["II.6.8"] and one_point["to_value"].iloc[0] == 950
    assert total_of(an.what_if(a, one_point), "F", 2024) == pytest.approx(980)


def test_plan_unreachable_and_blocked(dti):
    a = assess(dti, {("M", 2024): {"II.3.1.a": "", "II.6.8.a": 50}, ("B", 2024): {}})
    plan = an.plan_to_target(a, "M", 2024, target_total=1000)
    assert not plan.attrs["reached"] and plan.attrs["final_total"] == pytest.approx(990)
    assert plan.attrs["blocked"] == ["II.3.1"] and plan.attrs["blocked_points"] == 10
    assert total_of(an.what_if(a, plan), "M", 2024) == pytest.approx(990)


def test_plan_already_met_is_empty(province):
    plan = an.plan_to_target(province, "B", 2024, target_rank=1)
    assert plan.empty and plan.attrs["reached"] and an.plan_changes(plan).empty
    with pytest.raises(ValueError):
        an.plan_to_target(province, "B", 2024)


# ------------------------------------------------------------------ sensitivity


def test_sensitivity_readings_move_known_districts(province):
    s = an.sensitivity(province).set_index(["scenario", "district", "year"])
    prop = "threshold_reading=proportional"
    assert s.loc[(prop, "B", 2024), "total"] == pytest.approx(990)  # 5% / 10% × 20 = 10 instead of 1
    assert s.loc[(prop, "B", 2024), "total_change"] == pytest.approx(9)
    assert s.loc[(prop, "D", 2024), "rank_change"] == -1
    best = "minmax_method=ratio_to_best"
    assert s.loc[(best, "C", 2024), "total"] == pytest.approx(986)  # 4 / 10 × 20 = 8
    assert s.loc[(best, "C", 2024), "rank"] == 1
    assert s.loc[("zero_denominator=full", "A", 2024), "total_change"] == 0
    moves = an.rank_moves(an.sensitivity(province)).set_index("district")
    assert set(moves.index) == {"B", "C", "D"}
    assert moves.loc["C", "max_move"] == 2 and moves.loc["C", best] == 1


def test_sensitivity_with_custom_scenarios(province):
    s = an.sensitivity(province, {"both": {"threshold_reading": "proportional", "minmax_method": "ratio_to_best"}})
    assert set(s["scenario"]) == {"base", "both"}
    row = s[(s.scenario == "both") & (s.district == "B")].iloc[0]
    assert row["changed"] == "threshold_reading=proportional; minmax_method=ratio_to_best"


def test_rank_intervals_without_error_keep_the_ranks(province):
    ri = an.rank_intervals(province, rel_error=0, draws=20)
    r = ri[ri.year == 2024].set_index("district")
    assert (r["rank_min"] == r["rank"]).all() and (r["rank_max"] == r["rank"]).all()
    assert (r["rank_median"] == r["rank"]).all() and set(r["draws"]) == {20}
    assert ri.attrs == {"rel_error": 0, "draws": 20, "seed": 0}


def test_rank_intervals_are_seeded_and_ordered(province):
    one = an.rank_intervals(province, rel_error=0.1, draws=200, seed=3)
    pd.testing.assert_frame_equal(one, an.rank_intervals(province, rel_error=0.1, draws=200, seed=3))
    assert (one["rank_min"] <= one["rank_p05"]).all() and (one["rank_p05"] <= one["rank_median"]).all()
    assert (one["rank_median"] <= one["rank_p95"]).all() and (one["rank_p95"] <= one["rank_max"]).all()
    assert one.set_index(["district", "year"]).loc[("A", 2023), "rank_max"] == 1  # alone in 2023


def test_perturbed_values_keep_parts_within_wholes(dti):
    from dxkit.analysis.sensitivity import _perturbed, _year_scale

    a = assess(dti, {("B", 2024): {}, ("D", 2024): {"II.7.5.a": 21, "II.7.5.b": 800}})
    frame = _perturbed(a, 0.2, range(300), 0)
    years = frame.index.get_level_values("year")
    assert _year_scale(300) == 1000 and len(frame) == 600
    assert set(years // 1000) == {2024} and set(years % 1000) == set(range(300))
    for var in dti.variables.values():
        if var.part_of:
            assert (frame[var.id] <= frame[var.part_of]).all(), var.id
    for code in dti.criteria:
        rule = dti.resolved_rule(code, a.options)
        if "numerator" in rule and not rule.get("cap"):
            assert (frame[rule["numerator"]].sum(axis=1) <= frame[rule["denominator"]].sum(axis=1)).all(), code
    counts = [v.id for v in dti.variables.values() if v.type == "count"]
    assert (frame[counts] == frame[counts].round()).all().all()
    assert frame["II.1.1"].eq(0).all()  # choices and yes/no are not perturbed


def test_rank_intervals_accept_tidy_inputs(dti):
    inputs = table({(d, 2024): full_marks(dti) for d in ("X", "Y")})
    ri = an.rank_intervals(inputs, draws=10, catalogue=dti)
    assert list(ri["rank"]) == [1, 1] and (ri["rank_max"] <= 2).all()


def test_another_framework_is_planned_and_checked_the_same_way(toy):
    """The toy commune framework: ratio with a proportional threshold (denominator from Part I), count, Min-Max."""
    inputs = table(
        {
            ("A", 2025): {"C.1.1.a": 100, "I.1": 1000, "C.1.2": 3, "C.1.3": 1},
            ("B", 2025): {"C.1.1.a": 600, "I.1": 1000, "C.1.2": 6, "C.1.3": 2},
        }
    )
    a = an.what_if(inputs, [], catalogue=toy)
    assert total_of(a, "A", 2025) == pytest.approx(23)  # 10% / 50% × 40 = 8, 3 × 5 = 15, Min-Max 0
    plan = an.plan_to_target(a, "A", 2025, target_total=100)
    assert list(plan["code"]) == ["C.1.3", "C.1.1", "C.1.2"]  # 0.017, 0.025 and 0.033 of the way per point
    assert list(plan["gain"]) == pytest.approx([30, 32, 15])
    assert plan["action"].iloc[1] == "thêm 400 (Số người có định danh: 100 → 500)"
    assert total_of(an.what_if(a, plan), "A", 2025) == pytest.approx(100)

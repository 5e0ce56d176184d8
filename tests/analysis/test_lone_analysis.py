"""One unit alone in its year: pending Min-Max points are never lost, bounds make the total final,
and unknown unit names are errors naming the closest ones (hand-made data, see test_analysis_data)."""

import pytest

from dxkit import analysis as an
from dxkit import score
from dxkit.core.problems import InputError
from dxkit.reports import narrative as nr
from dxkit.reports.data import unit_report, year_report
from tests.province import full_marks, table

LONE = {"II.6.8.a": 50, "II.8.4": 1.39, "II.5.9.incidents": 18, "II.5.9.reviewed": "không"}
BOUNDS = {"II.8.4": {2024: (0.61, 2.78)}, "II.5.9": {2024: (0.0, 21.0)}}


@pytest.fixture(scope="module")
def lone(dti):
    return score(table({("Chư Prông", 2024): full_marks(dti, LONE)}), dti)


@pytest.fixture(scope="module")
def lone_bounds(dti):
    return score(table({("Chư Prông", 2024): full_marks(dti, LONE)}), dti, bounds=BOUNDS)


def text(sections) -> str:
    return "\n".join(p for s in sections for p in s.paragraphs)


def test_pending_criteria_are_not_lost_nor_charged_to_a_department(lone):
    crit = lone.criteria().set_index("code")
    assert crit.loc["II.8.4", "status"] == "needs_peers" and crit.loc["II.5.9", "status"] == "needs_peers"
    lost = an.losses(lone, "Chư Prông", 2024)
    assert list(lost["code"]) == ["II.6.8"] and list(lost["lost"]) == pytest.approx([10])
    depts = an.losses_by_department(lone, "Chư Prông", 2024).set_index("department_id")
    assert depts.loc["tckh", "lost"] == 0 and depts.loc["tckh", "pending"] == 20  # II.8.4 is Tài chính - Kế hoạch's
    assert "II.8.4" not in depts.loc["tckh", "codes"]
    assert (depts["points"] + depts["lost"] + depts["pending"]).to_numpy() == pytest.approx(
        depts["max_points"].to_numpy()
    )
    waiting = an.pending(lone, "Chư Prông", 2024)
    assert list(waiting["code"]) == ["II.5.9", "II.8.4"] and waiting["max_points"].sum() == 25


def test_pending_criteria_are_no_levers(lone):
    assert not set(an.quick_wins(lone, "Chư Prông", 2024)["code"]) & {"II.5.9", "II.8.4"}
    plan = an.plan_to_target(lone, "Chư Prông", 2024, target_total=1000)
    assert set(plan["code"]) == {"II.6.8"} and plan.attrs["blocked"] == []
    assert plan.attrs["final_total"] == pytest.approx(975)  # 1000 − 25 pending: the plan cannot reach them


def test_lone_text_compares_nothing_and_says_why_once(lone):
    body = text(nr.district_report_text(unit_report(lone, "Chư Prông", 2024)))
    assert body.count("Chưa xếp hạng: chỉ có dữ liệu của một đơn vị năm 2024") == 1
    for word in ("trung vị", "hạng 1/1", "Hạng", "dẫn đầu", "so sánh cùng năm hoặc"):
        assert word not in body
    assert "25 điểm chờ ngưỡng tham chiếu của tỉnh (II.5.9, II.8.4)" in body
    assert "mất 20/20" not in body and "II.8.4 mất" not in body
    assert "dxkit bounds" in body and "--bounds" in body
    assert "needs_peers" not in body and "no_denominator" not in body
    en = text(nr.district_report_text(unit_report(lone, "Chư Prông", 2024, "en")))
    assert "Not ranked: the data holds only one unit for 2024" in en and "median" not in en


def test_with_reference_bounds_the_lone_total_is_final(lone_bounds):
    crit = lone_bounds.criteria().set_index("code")
    assert crit.loc["II.8.4", "points"] == pytest.approx((1.39 - 0.61) / (2.78 - 0.61) * 20, abs=0.005)  # 7.19
    assert crit.loc["II.5.9", "points"] == pytest.approx(18 / 21 * 5, abs=0.005)  # 4.29
    total = lone_bounds.totals().iloc[0]
    assert not total["provisional"]
    assert total["points"] == pytest.approx(1000 - 10 - (20 - 7.19) - (5 - 4.29), abs=0.01)
    body = text(nr.district_report_text(unit_report(lone_bounds, "Chư Prông", 2024, bounds_source="nguong.csv")))
    assert "TẠM TÍNH" not in body and "tạm tính" not in body and "chờ ngưỡng" not in body
    assert "Chưa xếp hạng" in body
    notes = nr.method_notes(year_report(lone_bounds, 2024, bounds_source="nguong.csv")).set_index("option")
    assert notes.loc["minmax_bounds", "meaning"] == (
        "năm 2024: ngưỡng tham chiếu cho trước, tệp nguong.csv: II.5.9 0–21; II.8.4 0,61–2,78"
    )
    lost = an.losses(lone_bounds, "Chư Prông", 2024).set_index("code")
    assert lost.loc["II.8.4", "lost"] == pytest.approx(20 - 7.19, abs=0.005)  # scored now: a real loss


def test_unknown_names_are_errors_with_the_closest_names(dti):
    two = score(table({("Chư Prông", 2024): full_marks(dti), ("Pleiku", 2024): full_marks(dti)}), dti)
    with pytest.raises(InputError, match="Chư Prông"):
        an.what_if(two, [("Chu Prong", 2024, "II.2.9", "không")])
    with pytest.raises(InputError, match="Có phải: Chư Prông"):
        an.plan_to_target(two, "Chu Prong", 2024, target_total=1000)
    for call in (
        lambda: an.quick_wins(two, "Chu Prong", 2024),
        lambda: an.year_over_year(two, "Chu Prong", 2024),
        lambda: an.losses_by_department(two, "Chu Prong", 2024),
    ):
        with pytest.raises(InputError):
            call()
    # another spelling of a known unit is that unit, never an 18th district
    changed = an.what_if(two, [("CHƯ PRÔNG", 2024, "II.2.9", "không")])
    totals = changed.totals().set_index("district")["points"]
    assert sorted(totals.index) == ["Chư Prông", "Pleiku"] and totals["Chư Prông"] == pytest.approx(980)
    assert an.losses(two, "Thành phố Pleiku", 2024).empty

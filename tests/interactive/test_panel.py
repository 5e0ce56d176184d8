"""The what-if panel and the province view as Python objects (no browser): controls drive the widgets'
values as a user would, the panel's HTML is checked.

The province (tests/province.py), 2024: A 941.76 (rank 4), B 981 (1), C 978 (3), D 981 (1); A 2023: 965.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dxkit import load_catalogue, score
from dxkit.analysis.planning import plan_changes
from dxkit.cli import main
from dxkit.core.problems import InputError
from dxkit.interactive import assessment_of, dashboard
from dxkit.interactive.panel import WhatIfPanel
from dxkit.interactive.province import ProvinceView, ranking
from tests.conftest import DATA
from tests.province import OVERRIDES, full_marks, table


def control(panel: WhatIfPanel, variable: str):
    crit = panel.assessment.catalogue.variables[variable].criterion
    return panel.boxes[crit].inputs[variable].widget


def test_typing_a_number_shows_points_explanation_total_rank_and_difference(province):
    """B 2024, II.7.1.a 5 → 10 of 100: 10% reaches the 10% threshold, 1 → 20 points; B 981 → 1000, rank 1 alone."""
    panel = WhatIfPanel(province, "vi", "B", 2024)
    assert control(panel, "II.7.1.a").value == "5"
    control(panel, "II.7.1.a").value = "10"
    assert panel.scenario.changes.values.tolist() == [["B", 2024, "II.7.1.a", 10.0]]
    head = panel.headline.value
    assert '<b data-dx="total">1.000 điểm</b>' in head and "hạng 1/4 huyện năm 2024" in head
    assert "Theo số liệu gốc: 981 điểm, hạng 1." in head and "+19</span> điểm, giữ nguyên hạng." in head
    box = panel.boxes["II.7.1"]
    assert "<b>20/20 điểm</b>" in box.header.value and "+19" in box.header.value
    assert "Tỷ lệ = 10/100 = 10% ≥ 10% → 20/20 điểm" in box.explanation.value
    assert "II.7.1</b>" in panel.changed.value and "1 → 20" in panel.changed.value
    assert "II.7 Hoạt động kinh tế số · 140/140 điểm" in panel.pillars.value
    assert panel.seconds > 0


def test_typing_the_recorded_value_back_takes_the_change_back(province):
    panel = WhatIfPanel(province, "en", "B", 2024)
    control(panel, "II.7.1.a").value = "10"
    control(panel, "II.7.1.a").value = "5"
    assert panel.scenario.changes.empty
    pd.testing.assert_frame_equal(panel.scenario.scores, province.scores)
    assert "Nothing changed yet" in panel.headline.value


def test_a_number_in_the_readers_format_and_a_bad_one(province):
    """Vietnamese readers write 1.000 for a thousand; 'abc' is said at the control and changes nothing."""
    panel = WhatIfPanel(province, "vi", "A", 2024)
    control(panel, "II.6.8.a").value = "1.000"  # 588 → 1000 of 1000: 11.76 → 20 points
    assert panel.boxes["II.6.8"].header.value.count("20/20 điểm") == 1
    control(panel, "II.6.8.a").value = "abc"
    error = panel.boxes["II.6.8"].inputs["II.6.8.a"].error.value
    assert "II.6.8.a: " in error and "abc" in error
    assert panel.scenario.changes["value"].tolist() == [1000.0]


def test_yes_no_and_choice_controls(province):
    """A 2024: II.2.9 no → yes (+20), II.1.1 'none' → chairman (+15): 941.76 → 976.76, still 4th (C 978)."""
    panel = WhatIfPanel(province, "en", "A", 2024)
    assert control(panel, "II.2.9").value == 0.0 and control(panel, "II.1.1").value == "none"
    control(panel, "II.2.9").value = 1.0
    control(panel, "II.1.1").value = "chairman"
    assert panel.scenario.changes["value"].tolist() == [1, "chairman"]
    assert '<b data-dx="total">976.76 points</b>' in panel.headline.value
    assert (
        "rank 4 of 4 districts in 2024" in panel.headline.value
        and "+35</span> points, same rank" in panel.headline.value
    )
    control(panel, "II.6.8.a").value = "1000"  # 588 → 1000 of 1000: +8.24 → 985, first
    assert "rank 1 of 4" in panel.headline.value and "rank up by 3" in panel.headline.value


def test_plan_to_rank_fills_the_controls_with_the_plan(province):
    panel = WhatIfPanel(province, "vi", "A", 2024)
    plan = panel.plan(1)
    assert plan.attrs["reached"] and "hạng 1/4" in panel.headline.value
    changes = plan_changes(plan)
    assert (
        panel.scenario.changes[["variable", "value"]].values.tolist() == changes[["variable", "value"]].values.tolist()
    )
    shown = panel.boxes["II.2.9"].inputs["II.2.9"].widget.value
    assert shown == 1.0  # the plan's decision II.2.9 = yes is in its control
    panel.reset()
    assert panel.scenario.changes.empty and control(panel, "II.2.9").value == 0.0


def test_export_writes_what_dxkit_score_reads_and_never_an_input(province, tmp_path, capsys):
    """C 2024 II.8.4 4 → 16: C 998, B 961, D 961, A 921.76 (see test_whatif); `dxkit score` gives the same."""
    source = tmp_path / "inputs.csv"
    table({key: full_marks(province.catalogue, ov) for key, ov in OVERRIDES.items()}).to_csv(source, index=False)
    assessment, paths = assessment_of([source])
    panel = WhatIfPanel(assessment, "vi", "C", 2024, paths, out_dir=tmp_path)
    assert panel.export("x.csv") is None and "Chưa có thay đổi" in panel.message.value
    control(panel, "II.8.4").value = "16"
    path = panel.export("what_if")
    assert path == tmp_path / "what_if.csv" and "what_if" in panel.message.value
    out = tmp_path / "scores.csv"
    assert main(["score", str(path), "--out", str(out)]) == 0
    scores = pd.read_csv(out, encoding="utf-8-sig")
    totals = scores[(scores["code"] == "TOTAL") & (scores["year"] == 2024)].set_index("district")["points"]
    assert totals.round(2).to_dict() == {"A": 921.76, "B": 961.0, "C": 998.0, "D": 961.0}
    with pytest.raises(InputError):
        panel.export("inputs.csv")
    assert source.read_text().count("\n") == len(assessment.inputs) + 1  # untouched


def test_unit_names_are_shown_literally(dti):
    evil = "<script>alert(1)</script>"
    a = score(table({(evil, 2024): full_marks(dti), ("B", 2024): full_marks(dti, {"II.8.4": 5})}), dti)
    page = dashboard(a, "en")
    shown = page.panel.headline.value + page.panel.standing.value + page.view.table.value + page.view.explorer.value
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown


def test_group_by_responsible_department(province):
    panel = WhatIfPanel(province, "en", "A", 2024)
    cat = province.catalogue
    panel.group_pick.value = "department"
    titles = list(panel.groups.titles)
    shared = cat.criteria["II.7.5"]  # two responsible departments: in both groups
    for dept in shared.responsible:
        group = panel.groups.children[titles.index(cat.department_name(dept, "en"))]
        assert panel.boxes["II.7.5"].box in group.children
    panel.group_pick.value = "pillar"
    assert list(panel.groups.titles)[0].startswith("II.1 ")


def test_the_units_noun_comes_from_the_framework():
    """A commune set says 'xã' / 'communes', never 'huyện'."""
    cat = load_catalogue(DATA / "commune_dx_2025.yaml")
    a = score(table({("X", 2024): full_marks(cat), ("Y", 2024): full_marks(cat)}), cat)
    assert "Chọn xã" in WhatIfPanel(a, "vi").unit_pick.description
    view = ProvinceView(a, "en")
    assert "Ranking of the communes in 2024" in view.table.value and "huyện" not in view.table.value


def test_province_ranking_with_the_change_from_last_year(province):
    """A: 965 (2023) → 941.76 (2024), −23.24; the others have no 2023."""
    r = ranking(province, 2024).set_index("district")
    assert r.loc["A", ["points", "previous", "rank", "previous_rank"]].tolist() == [941.76, 965.0, 4, 1]
    assert r.loc["A", "change"] == pytest.approx(-23.24) and r.loc["A", "rank_change"] == -3
    assert math.isnan(r.loc["B", "previous"])
    view = ProvinceView(province, "en", 2024)
    view.sort_pick.value, view.descending.value = "points", True
    assert view.table.value.index(">B<") < view.table.value.index(">C<") < view.table.value.index(">A<")
    view.criterion_pick.value = "II.8.4"
    said = "Points of II.8.4 in 2024: lowest 0, median 20, highest 20 out of 20; 4 districts."
    assert said in view.explorer.value

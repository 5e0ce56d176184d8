"""Year over year across a revision of the framework: 2023 scored with old.yaml, 2024 with new.yaml, compared
through old_to_new.csv (the points are in tests/data/crosswalk/README.md)."""

import pandas as pd
import pytest

from dxkit import score
from dxkit.analysis import previous_year, top_movers, year_over_year
from dxkit.core.crosswalk import Crosswalk
from dxkit.core.problems import InputError
from dxkit.intake.crosswalk import read_crosswalk
from dxkit.intake.readers import read_inputs
from tests.conftest import DATA

HERE = DATA / "crosswalk"


@pytest.fixture(scope="module")
def earlier(old):
    return score(read_inputs(HERE / "inputs_2023.csv"), old)


@pytest.fixture(scope="module")
def now(new):
    return score(read_inputs(HERE / "inputs_2024.csv"), new)


@pytest.fixture(scope="module")
def cw(old, new):
    return read_crosswalk(HERE / "old_to_new.csv", old, new)


COLUMNS = ["code", "code_previous", "max_points", "points_previous", "points", "change", "rescaled"]


def test_only_comparable_criteria_each_on_the_current_scale(now, earlier, cw):
    """A: C.1.1 24 → 36; wifi C.1.2 → C.1.3 20 → 25; C.2.1 10/10 → 20/20 is no change (rescaled to 20/20).
    Pillars and total sum the comparable criteria only: C.1 44 → 61, C.2 20 → 20, total 64/90 → 81/90."""
    yoy = year_over_year(now, "A", earlier=earlier, crosswalk=cw)
    assert yoy[COLUMNS].values.tolist() == [
        ["TOTAL", "", 90, 64, 81, 17, True],
        ["C.1", "", 70, 44, 61, 17, False],
        ["C.1.1", "C.1.1", 40, 24, 36, 12, False],
        ["C.1.3", "C.1.2", 30, 20, 25, 5, False],
        ["C.2", "", 20, 20, 20, 0, True],
        ["C.2.1", "C.2.1", 20, 20, 20, 0, True],
    ]
    scored = yoy.set_index("code")[["max_points_previous", "points_previous_scored"]]
    assert scored.loc[["TOTAL", "C.2", "C.2.1"]].values.tolist() == [[80, 54], [10, 10], [10, 10]]  # as scored
    assert yoy.set_index("code").loc["C.1.3", "name"] == "Số điểm wifi công cộng miễn phí"  # the new name
    assert (yoy["change"] == yoy["points"] - yoy["points_previous"]).all()


def test_other_units_hand_computed(now, earlier, cw):
    """B lost C.2.1 (10/10 → 0/20: −20 on the new scale); C gained it and e-ID, lost wifi."""
    b = year_over_year(now, "B", earlier=earlier, crosswalk=cw).set_index("code")
    assert b["change"].to_dict() == {"TOTAL": -20, "C.1": 0, "C.1.1": 0, "C.1.3": 0, "C.2": -20, "C.2.1": -20}
    c = year_over_year(now, "C", earlier=earlier, crosswalk=cw).set_index("code")
    assert c["change"].to_dict() == {"TOTAL": 23, "C.1": 3, "C.1.1": 8, "C.1.3": -5, "C.2": 20, "C.2.1": 20}
    assert (c.loc["TOTAL", "points_previous"], c.loc["TOTAL", "points"]) == (18, 41)


def test_ranks_are_each_years_own_standing(now, earlier, cw):
    """Totals as published: A was 2nd of 3 (74 after B's 100) in 2023, 1st (91) in 2024; a pillar's previous
    rank is its old namesake's (old C.1: A 44, 2nd); a criterion's its old code's."""
    yoy = year_over_year(now, "A", earlier=earlier, crosswalk=cw).set_index("code")
    ranks = yoy[["rank_previous", "rank", "rank_change", "n_units_previous", "n_units"]]
    assert ranks.loc["TOTAL"].tolist() == [2, 1, 1, 3, 3]
    assert ranks.loc["C.1"].tolist() == [2, 1, 1, 3, 3]
    assert ranks.loc["C.1.3"].tolist() == [2, 2, 0, 3, 3]  # old C.1.2: B 30, A 20, C 10
    b = year_over_year(now, "B", earlier=earlier, crosswalk=cw).set_index("code")
    assert b.loc["TOTAL", ["rank_previous", "rank", "rank_change"]].tolist() == [1, 2, -1]


def test_the_criteria_not_compared_are_named_with_why_and_points(now, earlier, cw):
    yoy = year_over_year(now, "A", earlier=earlier, crosswalk=cw, lang="en")
    assert yoy.attrs["compared"] == "comparable_criteria"
    assert (yoy.attrs["has_previous"], yoy.attrs["previous"], yoy.attrs["year"]) == (True, 2023, 2024)
    assert pd.DataFrame(yoy.attrs["not_comparable"]).values.tolist() == [
        ["C.2.2", "Paperless meetings", 20, "dropped", "no longer in the new framework", 2023, 20],
        [
            "C.1.2",
            "Community digital platform",
            10,
            "new",
            "new, with no matching criterion in the old framework",
            2024,
            10,
        ],
    ]
    vi = year_over_year(now, "B", earlier=earlier, crosswalk=cw).attrs["not_comparable"]
    assert [(r["code"], r["why"], r["points"]) for r in vi] == [
        ("C.2.2", "không còn trong bộ chỉ số mới", 20),
        ("C.1.2", "mới, không có tiêu chí tương ứng trong bộ chỉ số cũ", 0),
    ]


def test_top_movers_and_previous_year_see_the_earlier_years(now, earlier, cw):
    assert previous_year(now, "A", 2024) is None
    assert previous_year(now, "A", 2024, earlier) == 2023
    movers = top_movers(now, "C", earlier=earlier, crosswalk=cw)
    assert movers[["code", "change"]].values.tolist() == [["C.2.1", 20], ["C.1.1", 8], ["C.1.3", -5]]


def test_without_earlier_nothing_changes(now):
    yoy = year_over_year(now, "A")
    assert yoy.empty and yoy.attrs == {"district": "A", "year": 2024, "previous": None, "has_previous": False}


def test_the_same_framework_in_two_assessments_compares_every_criterion(toy):
    """Scored apart under one framework, the years compare as if scored together (ranks within each year)."""
    rows = pd.DataFrame(
        [
            (d, y, var, v)
            for d, y, values in [
                ("A", 2023, (300, 1000, 2, 5)),
                ("B", 2023, (600, 1000, 4, 9)),
                ("A", 2024, (450, 1000, 5, 7)),
                ("B", 2024, (500, 1000, 1, 3)),
            ]
            for var, v in zip(["C.1.1.a", "C.1.1.b", "C.1.2", "C.1.3"], values)
        ],
        columns=["district", "year", "variable", "value"],
    )
    together = year_over_year(score(rows, toy), "A")
    apart = year_over_year(score(rows[rows.year == 2024], toy), "A", earlier=score(rows[rows.year == 2023], toy))
    assert apart.attrs["compared"] == "comparable_criteria" and apart.attrs["not_comparable"] == []
    assert not apart["rescaled"].any() and (apart["code_previous"].isin(["", *toy.criteria])).all()
    shared = list(together.columns)
    pd.testing.assert_frame_equal(apart[shared], together, check_dtype=False)
    alone = year_over_year(score(rows, toy), "A", earlier=score(rows[rows.year == 2023].assign(year=2022), toy))
    assert alone.attrs["compared"] == "all_criteria" and alone.attrs["previous"] == 2023  # in the same assessment


def test_different_frameworks_need_a_crosswalk(now, earlier):
    with pytest.raises(InputError) as err:
        year_over_year(now, "A", earlier=earlier)
    assert [p.rule.key for p in err.value.problems] == ["crosswalk.old_missing", "crosswalk.new_missing"]


def test_a_year_in_both_assessments_is_refused(now, cw, old):
    rows = read_inputs(HERE / "inputs_2023.csv")
    both = score(pd.concat([rows, rows.assign(year=2024)]), old)
    with pytest.raises(InputError) as err:
        year_over_year(now, "A", earlier=both, crosswalk=cw)
    assert err.value.problems[0].rule.text("vi") == (
        "năm 2024 có điểm theo cả hai bộ chỉ số (Bộ chỉ số thử nghiệm cấp xã 2024 và Bộ chỉ số thử nghiệm cấp xã "
        "2023): mỗi năm chỉ chấm theo một bộ"
    )


def test_a_crosswalk_of_other_frameworks_or_without_earlier_is_refused(now, earlier, old, new):
    backwards = Crosswalk.of(new, new)
    with pytest.raises(InputError, match="bảng đối chiếu mã đi từ Bộ chỉ số thử nghiệm cấp xã 2024 sang"):
        year_over_year(now, "A", earlier=earlier, crosswalk=backwards)
    with pytest.raises(ValueError, match="give them as earlier="):
        year_over_year(now, "A", crosswalk=Crosswalk.of(old, old))

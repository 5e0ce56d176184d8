"""Two stages of values: the units' self-assessment and the province's appraisal, each scored on its own."""

from __future__ import annotations

import pandas as pd
import pytest

from dxkit import score
from dxkit.core.prepare import APPRAISED, SELF, apply_changes, stage_of, stage_problems, staged
from dxkit.core.problems import InputError, Reason

COLUMNS = ["district", "year", "variable", "value", "stage", "reason", "file", "cell"]


def table(*rows: tuple) -> pd.DataFrame:
    """Rows (district, variable, value[, stage, reason]) of 2024 from one file, each at its CSV row."""
    full = [(d, 2024, v, x, *rest, *([""] * (2 - len(rest)))) for d, v, x, *rest in rows]
    return pd.DataFrame(
        [(*r, "in.csv", f"#{i}") for i, r in enumerate(full, start=2)], columns=COLUMNS[:-2] + ["file", "cell"]
    )


SELF_ROWS = (
    ("A", "II.3.1.a", "80"),
    ("A", "II.3.1.b", "100"),
    ("A", "II.8.4", "10"),
    ("B", "II.3.1.a", "50"),
    ("B", "II.3.1.b", "100"),
    ("B", "II.8.4", "5"),
    ("C", "II.3.1.a", "40"),
    ("C", "II.3.1.b", "100"),
    ("C", "II.8.4", "0"),
)


def points(result, district: str, code: str) -> float:
    crit = result.criteria()
    return float(crit[(crit["district"] == district) & (crit["code"] == code)]["points"].iloc[0])


@pytest.fixture(scope="module")
def appraised(dti):
    """A's II.3.1.a appraised 80 → 60 and B's II.8.4 (a Min-Max peer of A and C) 5 → 8."""
    return score(
        table(
            *SELF_ROWS,
            ("A", "II.3.1.a", "60", "Thẩm định", "chỉ 60 người có hồ sơ"),
            ("B", "II.8.4", "8", "appraised", "kinh phí đã quyết toán"),
        ),
        dti,
    )


def test_a_ratio_criterion_in_each_stage(appraised):
    """II.3.1 (10 points, ratio a/b × 10): A self 80/100 × 10 = 8; appraised 60/100 × 10 = 6; B and C
    keep their own values in both stages (50/100 × 10 = 5, 40/100 × 10 = 4)."""
    own = appraised.of_stage(SELF)
    assert appraised.stage == APPRAISED and own.stage == SELF
    assert points(own, "A", "II.3.1") == pytest.approx(8.0)
    assert points(appraised, "A", "II.3.1") == pytest.approx(6.0)
    for result in (own, appraised):
        assert points(result, "B", "II.3.1") == pytest.approx(5.0)
        assert points(result, "C", "II.3.1") == pytest.approx(4.0)


def test_min_max_peers_are_those_of_one_stage(appraised):
    """II.8.4 (20 points, Min-Max over the units of the year): self A 10, B 5, C 0 → min 0, max 10:
    A 20, B (5 − 0)/(10 − 0) × 20 = 10, C 0. Appraised B 8 (A and C unchanged) → B (8 − 0)/10 × 20 = 16:
    A's and C's values were not appraised, and B's own points move in the appraised stage only."""
    own = appraised.of_stage(SELF)
    assert [points(own, d, "II.8.4") for d in "ABC"] == pytest.approx([20.0, 10.0, 0.0])
    assert [points(appraised, d, "II.8.4") for d in "ABC"] == pytest.approx([20.0, 16.0, 0.0])


def test_a_peers_appraised_value_moves_another_units_min_max_points(dti):
    """II.8.4: the maximum A 10 appraised to 6 → self B (5 − 0)/(10 − 0) × 20 = 10, appraised B (5 − 0)/(6 − 0)
    × 20 = 16.67: B's points move in the appraised stage though none of its values was appraised."""
    result = score(table(*SELF_ROWS, ("A", "II.8.4", "6", APPRAISED, "một phần chưa quyết toán")), dti)
    assert points(result.of_stage(SELF), "B", "II.8.4") == pytest.approx(10.0)
    assert points(result, "B", "II.8.4") == pytest.approx(100 / 6)
    assert points(result, "A", "II.8.4") == pytest.approx(20.0)


def test_totals_and_the_default_stage_stated(appraised, dti):
    """The default stage is the appraised one where any value is appraised; the self one otherwise,
    and the assumptions say which, in both languages."""
    said = appraised.assumptions("en").set_index("option").loc["stage"]
    assert (
        said["value"] == APPRAISED and "2 values appraised" in said["meaning"] and "A 2024, B 2024" in said["meaning"]
    )
    assert "stage=appraised" in appraised.assumptions_text()
    plain = score(table(*SELF_ROWS), dti)
    assert plain.stage == SELF and not plain.appraised and plain.self_stage is None
    assert (
        plain.assumptions().set_index("option").loc["stage", "meaning"] == "tự đánh giá: chưa có giá trị thẩm định nào"
    )
    only_self = score(table(*SELF_ROWS, ("A", "II.3.1.a", "60", APPRAISED, "x")), dti, stage=SELF)
    assert points(only_self, "A", "II.3.1") == pytest.approx(8.0)
    assert "--stage self" in only_self.assumptions().set_index("option").loc["stage", "meaning"]
    with pytest.raises(ValueError, match="score again"):
        only_self.of_stage(APPRAISED)


def test_an_appraised_value_without_a_reason_is_an_error_naming_its_place(dti):
    rows = table(*SELF_ROWS, ("A", "II.3.1.a", "60", "thẩm định", ""))
    with pytest.raises(InputError) as caught:
        score(rows, dti)
    [problem] = caught.value.problems
    assert (problem.reason, problem.file, problem.row, problem.district, problem.variable) == (
        Reason.NO_REASON,
        "in.csv",
        11,
        "A",
        "II.3.1.a",
    )
    assert "Lý do điều chỉnh" in problem.message()


def test_stage_labels_any_case_or_diacritics_and_unknown_ones_refused():
    assert [stage_of(x) for x in ("", "Self", "TỰ ĐÁNH GIÁ", "tham dinh", "Appraised", "appraisal")] == [
        SELF,
        SELF,
        SELF,
        APPRAISED,
        APPRAISED,
        APPRAISED,
    ]
    rows = table(
        ("A", "II.8.4", "5"),
        ("A", "II.8.4", "6", "final", "x"),
        ("A", "II.3.1.a", "6", "final", "x"),
        ("A", "II.1.5", "", APPRAISED, "y"),
    )
    unknown, no_value = stage_problems(rows)
    assert (unknown.reason, unknown.row, unknown.value) == (Reason.UNKNOWN_STAGE, 3, "6")
    assert (
        "'final'" in unknown.message("en")
        and "2 such rows" in unknown.message("en")
        and "'thẩm định'" in unknown.message("en")
    )
    assert (no_value.reason, no_value.row) == (Reason.REASON_WITHOUT_VALUE, 5)


def test_the_appraised_set_is_the_self_set_with_the_appraised_values_applied():
    """A unit without an appraisal keeps its own values; an appraised value keeps the evidence it corrects."""
    rows = table(*SELF_ROWS, ("a", "II.8.4", "6", APPRAISED, "r")).assign(evidence="")
    rows.loc[2, "evidence"] = "QĐ 12"
    final = staged(rows, APPRAISED).set_index(["district", "variable"])
    assert len(final) == len(SELF_ROWS)
    assert final.loc[("a", "II.8.4"), ["value", "evidence", "cell"]].tolist() == ["6", "QĐ 12", "#11"]
    assert final.loc[("B", "II.8.4"), "value"] == "5"


def test_what_if_and_rescore_keep_both_stages(appraised):
    """A change replaces the value in both stages; rescoring with other options rescores both."""
    changed = apply_changes(appraised.inputs, [("A", 2024, "II.3.1.a", "90")])
    assert staged(changed, APPRAISED).query("district == 'A' and variable == 'II.3.1.a'")["value"].tolist() == ["90"]
    again = appraised.rescore([("A", 2024, "II.3.1.a", "90")])
    assert again.stage == APPRAISED and points(again, "A", "II.3.1") == pytest.approx(9.0)
    other = appraised.rescore(options={"minmax_method": "ratio_to_best"})
    assert other.self_stage is not None and points(other.self_stage, "B", "II.8.4") == pytest.approx(10.0)
    assert points(other, "B", "II.8.4") == pytest.approx(16.0)  # 8 / 10 × 20


def test_an_appraised_value_of_a_unit_year_without_a_self_assessment_is_an_error(dti):
    """'Pleiku City' (no such unit: the closest with values is 'Pleiku') and 'A' in 2022 (A gave values
    for 2024 only) are refused at their rows, never scored as new units; nothing is appraised alone."""
    rows = table(("Pleiku", "II.8.4", "3"), ("A", "II.8.4", "2"), ("Pleiku City", "II.8.4", "1", APPRAISED, "r"))
    rows = pd.concat([rows, table(("A", "II.8.4", "1", APPRAISED, "r")).assign(year=2022, cell="#5")])
    found = stage_problems(rows)
    assert [(p.reason, p.row, p.district, p.year, p.variable) for p in found] == [
        (Reason.NO_SELF_ASSESSMENT, 4, "Pleiku City", 2024, "II.8.4"),
        (Reason.NO_SELF_ASSESSMENT, 5, "A", 2022, "II.8.4"),
    ]
    assert "(có phải 'Pleiku'?)" in found[0].message("vi") and "did you mean" not in found[1].message("en")
    assert len(staged(rows, APPRAISED)) == 2  # the two own values, no phantom unit
    with pytest.raises(InputError) as caught:
        score(rows, dti)
    assert [p.reason for p in caught.value.problems] == [Reason.NO_SELF_ASSESSMENT] * 2


def test_a_bad_stage_label_does_not_hide_the_appraised_values_problems(dti):
    """With a row's stage refused, every appraised value is still checked: II.8.4 'mười hai' is no number."""
    rows = table(*SELF_ROWS, ("A", "II.3.1.a", "6", "final", "x"), ("B", "II.8.4", "mười hai", APPRAISED, "r"))
    with pytest.raises(InputError) as caught:
        score(rows, dti)
    assert [(p.reason, p.row) for p in caught.value.problems][:1] == [(Reason.UNKNOWN_STAGE, 11)]
    assert any(p.variable == "II.8.4" and p.district == "B" and p.value == "mười hai" for p in caught.value.problems)


def test_a_reason_on_a_units_own_value_is_an_error(dti):
    """A reason with a blank stage, or in a file without a stage column, is not silently dropped."""
    blank = table(*SELF_ROWS[:3], ("B", "II.8.4", "1.5", "", "Tỉnh bổ sung"))
    no_stage = blank.drop(columns="stage")
    for rows in (blank, no_stage):
        found = stage_problems(rows)
        assert [(p.reason, p.row, p.district, p.variable) for p in found] == [(Reason.REASON_ON_SELF, 5, "B", "II.8.4")]
        assert "appraised" in found[0].message("en") and "thẩm định" in found[0].message("vi")


def test_both_stages_labelled_even_without_an_appraisal(dti):
    """`of_stage` of inputs without an appraisal: the same scores, labelled with the stage asked for."""
    plain = score(table(*SELF_ROWS), dti, stage=APPRAISED)
    own = plain.of_stage(SELF)
    assert own.stage == SELF and set(own.table()["stage"]) == {SELF}
    assert "stage=self" in own.assumptions_text()
    assert own.scores is plain.scores and plain.has_stage(APPRAISED) and plain.has_stage(SELF)
    only_self = score(table(*SELF_ROWS, ("B", "II.8.4", "8", APPRAISED, "r")), dti, stage=SELF)
    assert only_self.has_stage(SELF) and not only_self.has_stage(APPRAISED)

"""The difference between self-assessment and appraisal, explained per unit and for the province."""

from __future__ import annotations

import pandas as pd
import pytest

from dxkit import score
from dxkit.analysis import appraisal as ap
from dxkit.core.prepare import APPRAISED


def long(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(
        [(d, 2024, v, x, *rest, *([""] * (2 - len(rest)))) for d, v, x, *rest in rows],
        columns=["district", "year", "variable", "value", "stage", "reason"],
    )


@pytest.fixture(scope="module")
def result(dti):
    """A, B, C with II.3.1 (a/b × 10) and II.8.4 (Min-Max, 20 points). The province corrects A's II.3.1.a
    80 → 60 and A's II.8.4 10 → 6 (A held the maximum); B and C are not appraised."""
    return score(
        long(
            ("A", "II.3.1.a", "80"),
            ("A", "II.3.1.b", "100"),
            ("A", "II.8.4", "10"),
            ("B", "II.3.1.a", "50"),
            ("B", "II.3.1.b", "100"),
            ("B", "II.8.4", "5"),
            ("C", "II.8.4", "0"),
            ("A", "II.3.1.a", "60", APPRAISED, "thiếu hồ sơ"),
            ("A", "II.8.4", "6", APPRAISED, "chưa quyết toán"),
        ),
        dti,
    )


def test_corrections_name_values_criteria_and_departments(result):
    fixed = ap.corrections(result, "en")
    assert fixed[
        ["district", "variable", "self_value", "appraised_value", "reason", "department_id"]
    ].values.tolist() == [
        ["A", "II.3.1.a", "80", "60", "thiếu hồ sơ", "vhtt"],
        ["A", "II.8.4", "10", "6", "chưa quyết toán", "tckh"],
    ]
    assert fixed["codes"].tolist() == [("II.3.1",), ("II.8.4",)]


def test_per_unit_each_moved_criterion_with_its_reason(result):
    """A: II.3.1 8 → 6 (Δ −2); II.8.4 stays 20 (A is still the maximum, 6). B, not appraised: II.8.4 self
    (5 − 0)/(10 − 0) × 20 = 10, appraised (5 − 0)/(6 − 0) × 20 = 16.67, moved by a peer's value."""
    a = ap.unit_appraisal(result, "A", 2024, "en").set_index("code")
    assert a.loc["II.3.1", ["self_points", "appraised_points", "delta"]].tolist() == pytest.approx([8.0, 6.0, -2.0])
    assert a.loc["II.3.1", "changes"] == "II.3.1.a: 80 → 60" and a.loc["II.3.1", "reason"] == "thiếu hồ sơ"
    assert a.loc["II.8.4", "delta"] == pytest.approx(0.0) and not a.loc["II.8.4", "moved_by_peers"]
    b = ap.unit_appraisal(result, "B", 2024).set_index("code")
    assert list(b.index) == ["II.8.4"] and bool(b.loc["II.8.4", "moved_by_peers"]) and b.loc["II.8.4", "changes"] == ""
    assert b.loc["II.8.4", "delta"] == pytest.approx(100 / 6 - 10)
    assert ap.is_appraised(result, "A", 2024) and not ap.is_appraised(result, "B", 2024)


def test_province_units_by_change_criteria_and_departments(result):
    """Totals: A 8 + 20 = 28 → 6 + 20 = 26 (Δ −2); B 5 + 10 = 15 → 5 + 16.67 = 21.67 (Δ +6.67); C 0 → 0
    (II.3.1 missing, II.8.4 the minimum) is not listed."""
    units = ap.units_by_change(result, 2024)
    assert units["district"].tolist() == ["A", "B"]
    assert units["delta"].tolist() == pytest.approx([-2.0, 100 / 6 - 10])
    assert units[["self_rank", "appraised_rank", "values", "criteria"]].values.tolist() == [[1, 1, 2, 1], [2, 2, 0, 1]]
    crit = ap.criteria_corrected(result, 2024)
    assert crit[["code", "units", "values", "units_moved"]].values.tolist() == [
        ["II.3.1", 1, 1, 1],
        ["II.8.4", 1, 1, 1],  # A's own II.8.4 did not move; B's did, with A's appraised maximum
    ]
    # the province-wide Δ: II.8.4 A 0 + B (16.67 − 10) + C 0, the peer it moved included
    assert crit["delta"].tolist() == pytest.approx([-2.0, 100 / 6 - 10])
    dept = ap.departments_corrected(result, 2024, "en")
    assert dept[["department_id", "values", "units", "criteria"]].values.tolist() == [
        ["vhtt", 1, 1, 1],
        ["tckh", 1, 1, 1],
    ]
    assert dept["delta"].tolist() == pytest.approx([-2.0, 100 / 6 - 10])


def test_without_an_appraisal_nothing_differs(dti):
    plain = score(long(("A", "II.8.4", "3"), ("B", "II.8.4", "1")), dti)
    assert ap.corrections(plain).empty and ap.units_by_change(plain, 2024).empty
    assert (ap.stage_points(plain)["delta"] == 0).all()


def test_a_part_i_correction_belongs_to_the_department_that_supplies_the_field(dti):
    """I.7 (the communes, Part I, supplied by Phòng Nội vụ) is the denominator of II.3.4 (WAN-connected
    communes, Văn phòng UBND: a/b × 10) and II.4.1 (community tech teams, Phòng VH-TT: 10 points only
    when every commune has one). A: II.3.4 10/10 × 10 = 10 → 10/20 × 10 = 5 (Δ −5); II.4.1 10 → 0 (10
    of 20, Δ −10): −15 in all, and both follow Phòng Nội vụ, never the criteria's own departments."""
    result = score(
        long(
            ("A", "I.7", "10"),
            ("A", "II.3.4.a", "10"),
            ("A", "II.4.1.a", "10"),
            ("A", "I.7", "20", APPRAISED, "20 xã theo nghị quyết"),
        ),
        dti,
    )
    points = ap.stage_points(result)
    moved = points[(points["level"] == "criterion") & (points["delta"] != 0)].set_index("code")["delta"]
    assert moved.to_dict() == pytest.approx({"II.3.4": -5.0, "II.4.1": -10.0})
    dept = ap.departments_corrected(result, 2024, "en")
    assert dept[["department_id", "values", "units", "criteria"]].values.tolist() == [["noi_vu", 1, 1, 2]]
    assert dept["delta"].iloc[0] == pytest.approx(-15.0)
    crit = ap.criteria_corrected(result, 2024, "en")
    assert set(crit["department_id"]) == {"noi_vu"}
    unit = ap.unit_appraisal(result, "A", 2024, "en")
    assert set(unit["department_id"]) == {"noi_vu"}
    assert unit["changes"].tolist() == ["I.7: 10 → 20", "I.7: 10 → 20"]


def test_values_shown_in_the_readers_language_and_a_written_year_normalised(dti):
    """'2024.0' is the year 2024: A's own II.8.4 2.78 is found (vi '2,78 → 2,22'); yes/no in words of the
    language ('có' → 'no' in English, never 'True'); a confirmation ('Có' for 'có') is no correction."""
    rows = long(
        ("A", "II.8.4", "2.78"),
        ("A", "II.1.5", "có"),
        ("A", "II.2.1", "có"),
        ("B", "II.8.4", "1"),
    )
    rows = pd.concat(
        [
            rows,
            pd.DataFrame(
                [
                    ("A", "2024.0", "II.8.4", "2.22", APPRAISED, "r"),
                    ("A", "2024", "II.1.5", "False", APPRAISED, "r"),
                    ("A", "2024", "II.2.1", "Có", APPRAISED, "same"),
                ],
                columns=rows.columns,
            ),
        ],
        ignore_index=True,
    )
    result = score(rows, dti)
    vi = ap.corrections(result, "vi")
    assert vi[["year", "variable", "self_value", "appraised_value"]].values.tolist() == [
        [2024, "II.8.4", "2,78", "2,22"],
        [2024, "II.1.5", "có", "không"],
    ]
    en = ap.corrections(result, "en")
    assert en[["self_value", "appraised_value"]].values.tolist() == [["2.78", "2.22"], ["yes", "no"]]
    assert "A 2024" in result.assumptions("en")["meaning"].iloc[-1]
    assert "2024.0" not in result.assumptions("en")["meaning"].iloc[-1]
    confirmed = [p for p in result.problems if p.reason == "confirmation"]
    assert [(p.variable, p.severity) for p in confirmed] == [("II.2.1", "warning")]

"""The incremental what-if (dxkit.analysis.whatif): the same scores as a full `Assessment.rescore`.

The province (tests/province.py), 2024 totals: A 941.76, B 981, C 978, D 981 (ranks B 1, D 1, C 3, A 4).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dxkit import score
from dxkit.analysis import whatif
from dxkit.cli import main
from dxkit.core.problems import InputError
from dxkit.intake import read_paths
from tests.conftest import ROOT
from tests.province import full_marks, table


def _same_as_full(scenario: whatif.Scenario) -> None:
    full = scenario.assessment.rescore(scenario.changes)
    pd.testing.assert_frame_equal(scenario.scores, full.scores)


def _totals(scenario: whatif.Scenario, year: int = 2024) -> dict[str, tuple[float, int]]:
    s = whatif.standing(scenario, year)
    return {r.district: (round(r.points, 2), r.rank) for r in s.itertuples()}


def test_an_ordinary_criterion_is_rescored_for_its_unit_only(province):
    """B's II.7.1 (SMEs in SMEdx): a = 5 → 10 of b = 100, ratio 5% → 10% reaches the 10% threshold: 1 → 20
    points; B 981 − 1 + 20 = 1000, alone first; D (981) falls from a shared first place to 2nd."""
    s = whatif.change(whatif.start(province), [("B", 2024, "II.7.1.a", 10)])
    assert s.rescored == ("II.7.1",)
    assert _totals(s) == {"B": (1000.0, 1), "D": (981.0, 2), "C": (978.0, 3), "A": (941.76, 4)}
    standing = whatif.standing(s, 2024).set_index("district")
    assert standing.loc["B", "delta"] == pytest.approx(19.0)
    assert standing.loc["B", "rank_change"] == 0 and standing.loc["D", "rank_change"] == -1
    rows = whatif.unit_scores(s, "B", 2024).set_index("code")
    assert rows.loc["II.7.1", ["recorded", "points", "delta"]].tolist() == [1.0, 20.0, 19.0]
    assert rows.loc["II.7.1", "explanation_en"] == "Ratio = 10/100 = 10% ≥ 10% → 20/20 points"
    assert rows.loc["II.7", "delta"] == 19.0 and rows.loc["TOTAL", "points"] == 1000.0
    _same_as_full(s)


def test_a_min_max_criterion_is_rescored_for_every_peer_of_the_year(province):
    """C's II.8.4 (budget for the digital society) 4 → 16 billion: the year's min becomes 10 (A, B, D) and its
    max 16 (C). C: (16 − 10)/(16 − 10) × 20 = 20 (was 0) → 998, first; A, B, D: (10 − 10)/6 × 20 = 0 (were 20)
    → A 921.76, B 961, D 961."""
    s = whatif.change(whatif.start(province), [("C", 2024, "II.8.4", 16)])
    assert s.rescored == ("II.8.4",)
    assert _totals(s) == {"C": (998.0, 1), "B": (961.0, 2), "D": (961.0, 2), "A": (921.76, 4)}
    peer = whatif.unit_scores(s, "A", 2024).set_index("code").loc["II.8.4"]
    assert (
        peer["explanation_en"]
        == "II.8.4 = 10; min = 10, max = 16 (4 units of 2024) → (10 − 10)/(16 − 10) × 20 = 0/20 points"
    )
    _same_as_full(s)
    # within the peers' range: only C moves; C 4 → 7: (7 − 4)/(10 − 4)… no: min is now 7, C = min → 0
    t = whatif.change(whatif.start(province), [("C", 2024, "II.8.4", 7)])
    assert _totals(t)["C"] == (978.0, 3) and _totals(t)["A"] == (941.76, 4)
    _same_as_full(t)


def test_changes_add_up_and_can_be_taken_back(province):
    """Two changes of two units, then one taken back: always the full rescore of what is left."""
    start = whatif.start(province)
    s = whatif.change(start, [("B", 2024, "II.7.1.a", 10)])
    s = whatif.change(s, [("C", 2024, "II.8.4", 16), ("b", 2024, "II.7.1.a", 6)])  # any spelling of B
    assert s.changes[["district", "value"]].values.tolist() == [["C", 16], ["B", 6]]
    _same_as_full(s)
    back = whatif.restore(s, "C", 2024)
    assert back.changes["district"].tolist() == ["B"]
    _same_as_full(back)
    none = whatif.restore(back, "B", 2024, ["II.7.1.a"])
    pd.testing.assert_frame_equal(none.scores, province.scores)


def test_a_blank_a_bad_value_and_a_part_above_its_whole_as_the_full_rescore(province):
    """Blank → missing, text → invalid, a part above its whole → invalid: the prepare stage runs for the unit."""
    found = []
    for value in ("", "abc", 500):  # b = 100
        s = whatif.change(whatif.start(province), [("B", 2024, "II.7.1.a", value)])
        assert s.rescored == ("II.7.1",)
        _same_as_full(s)
        found.append(whatif.unit_scores(s, "B", 2024).set_index("code").loc["II.7.1", "status"])
    assert found == ["missing", "invalid", "invalid"]


def test_yes_no_and_choice_inputs_as_the_full_rescore(province):
    """A 2024: II.2.9 no → 1 (yes, +20), II.1.1 'none' → 'chairman' (+15), then 'Phó Chủ tịch UBND cấp huyện'
    (a label: vice-chairman, half: 7.5) and a word that is no choice (invalid, 0)."""
    s = whatif.change(whatif.start(province), [("A", 2024, "II.2.9", 1), ("A", 2024, "II.1.1", "chairman")])
    assert _totals(s)["A"] == (976.76, 4)
    _same_as_full(s)
    s = whatif.change(s, [("A", 2024, "II.1.1", "Phó Chủ tịch UBND cấp huyện")])
    assert _totals(s)["A"] == (969.26, 4)
    _same_as_full(s)
    s = whatif.change(s, [("A", 2024, "II.1.1", "mayor")])
    assert whatif.unit_scores(s, "A", 2024).set_index("code").loc["II.1.1", "status"] == "invalid"
    _same_as_full(s)


def test_a_part_i_value_rescores_the_criteria_it_fills(dti):
    """A denominator left blank is taken from Part I: changing Part I rescores the criteria reading it."""
    cat = dti
    rules = [c for c in cat.variables.values() if c.from_general]
    var = rules[0]
    units = {(u, 2024): {**full_marks(cat), var.id: ""} for u in ("A", "B")}
    for u in units.values():
        u.update({g: 100 for g in var.from_general})
    a = score(table(units), cat)
    s = whatif.change(whatif.start(a), [("A", 2024, var.from_general[0], 400)])
    assert s.rescored and all(var.id in cat.resolved(c, a.options).variables for c in s.rescored)
    _same_as_full(s)


def test_a_text_number_read_by_the_mark_other_units_prove(dti):
    """One source: unit A's '0.5' proves '.' for all its rows, so B's '1.217' reads 1.217. B prepared alone
    proves nothing ('1.217' would be ambiguous): the whole inputs are prepared again, same scores."""
    cat = dti
    units = {("A", 2024): full_marks(cat, {"II.8.4": "0.5"}), ("B", 2024): full_marks(cat, {"II.8.4": "1.217"})}
    a = score(table(units), cat)
    s = whatif.change(whatif.start(a), [("B", 2024, "II.6.8.a", 50)])
    assert whatif.values_of(s, "B", 2024)["II.8.4"] == pytest.approx(1.217)
    _same_as_full(s)


def test_replacing_the_text_that_proves_a_mark_rescores_every_unit(dti):
    """A's '0.5' is the only text proving '.' in the one source, so B's '1.217' reads 1.217. A's II.8.4 → 3
    (a number proves nothing): B's '1.217' turns ambiguous and invalid. Taken back: as recorded."""
    units = {("A", 2024): full_marks(dti, {"II.8.4": "0.5"}), ("B", 2024): full_marks(dti, {"II.8.4": "1.217"})}
    a = score(table(units), dti)
    s = whatif.change(whatif.start(a), [("A", 2024, "II.8.4", 3)])
    assert math.isnan(whatif.values_of(s, "B", 2024)["II.8.4"])
    _same_as_full(s)
    pd.testing.assert_frame_equal(whatif.restore(s, "A", 2024).scores, a.scores)


def test_an_unknown_unit_or_year_is_refused(province):
    start = whatif.start(province)
    with pytest.raises(InputError):
        whatif.change(start, [("Nowhere", 2024, "II.7.1.a", 1)])
    with pytest.raises(KeyError):
        whatif.change(start, [("B", 2023, "II.7.1.a", 1)])


def test_the_changed_inputs_score_as_the_scenario(province):
    s = whatif.change(whatif.start(province), [("C", 2024, "II.8.4", 16)])
    table_ = whatif.changed_inputs(s)
    assert list(table_.columns) == ["district", "year", "variable", "value", "evidence"]
    changed = table_[table_["evidence"] == "what_if"]
    assert changed[["district", "variable", "value"]].values.tolist() == [["C", "II.8.4", 16]]
    again = score(table_, province.catalogue)
    pd.testing.assert_frame_equal(again.totals(), s.scores[s.scores["level"] == "total"].reset_index(drop=True))


@pytest.fixture(scope="module")
def sample():
    """The bundled province (synthetic Gia Lai 2023–2024): a CSV, a workbook and an appraisal file."""
    return score(read_paths([ROOT / "inputs"]))


def test_the_bundled_province_as_the_full_rescore_and_as_dxkit_score_reads_it(sample, tmp_path):
    """A workbook unit's ratio (Chư Prông II.6.8.a), a Min-Max value (II.8.4), a Part I denominator left
    blank in the data (Mang Yang 2023 I.5: II.4.7 gets one) and a value the province appraised (Đak Pơ
    II.2.6): the same scores as the full rescore, and as `dxkit score` of the exported inputs."""
    changes = [
        ("Chư Prông", 2024, "II.6.8.a", 8270),
        ("CHƯ PRÔNG", 2024, "II.8.4", 0.5),
        ("Mang Yang", 2023, "I.5", 30000),
        ("Đak Pơ", 2024, "II.2.6", "có"),
    ]
    s = whatif.start(sample)
    for change in changes:
        s = whatif.change(s, [change])
    assert s.rescored == ("II.2.6",)
    assert whatif.unit_scores(s, "Mang Yang", 2023).set_index("code").loc["II.4.7", "recorded"] == 0
    _same_as_full(s)
    exported = tmp_path / "what_if.csv"
    whatif.changed_inputs(s).to_csv(exported, index=False)
    out = tmp_path / "scores.csv"
    assert main(["score", str(exported), "--out", str(out)]) in (0, 3)  # 3: the sample's own invalid values
    again = pd.read_csv(out, encoding="utf-8-sig")
    totals = again[again["code"] == "TOTAL"].set_index(["district", "year"])["points"].sort_index()
    ours = s.scores[s.scores["code"] == "TOTAL"].set_index(["district", "year"])["points"].sort_index()
    pd.testing.assert_series_equal(totals, ours, check_names=False)

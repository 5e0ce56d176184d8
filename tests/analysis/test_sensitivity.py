"""The Monte Carlo of totals: one row per unit, year and draw, summed as the assessment sums them."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd

sensitivity = importlib.import_module("dxkit.analysis.sensitivity")  # the package exports a function of that name


def test_unit_sums_are_compensated_like_the_assessment_totals():
    points = np.array([[1e16, 3.0], [1.0, 0.25], [1.0, 0.5]])  # rows: criteria, columns: unit-draws
    # a plain sum loses each 1 against 1e16; the compensated one keeps them
    assert list(sensitivity._unit_sums(points)) == [1e16 + 2, 3.75]
    long = pd.DataFrame({"unit": [0, 0, 0, 1, 1, 1], "points": points.T.ravel()})
    assert list(long.groupby("unit")["points"].sum()) == [1e16 + 2, 3.75]


def test_without_error_every_draw_gives_the_totals(province):
    sims = sensitivity.simulate_totals(province, rel_error=0, draws=3)
    assert list(sims.columns) == ["district", "year", "total", "draw"]
    assert len(sims) == 3 * 5 and sorted(set(sims["draw"])) == [0, 1, 2]  # 5 unit-years × 3 draws
    totals = province.totals().set_index(["district", "year"])["points"]
    for (district, year), total in sims.groupby(["district", "year"], observed=True)["total"]:
        assert (total == totals[(district, year)]).all()
    assert sims.set_index(["district", "year"]).loc[("B", 2024), "total"].iloc[0] == 981


def test_draws_are_the_same_however_they_are_batched(province, monkeypatch):
    whole = sensitivity.simulate_totals(province, rel_error=0.1, draws=7, seed=5)
    monkeypatch.setattr(sensitivity, "ROWS_PER_BATCH", 10)  # 2 draws of 5 unit-years per engine call
    batched = sensitivity.simulate_totals(province, rel_error=0.1, draws=7, seed=5)
    pd.testing.assert_frame_equal(whole, batched, check_categorical=False)
    assert whole["total"].nunique() > 5  # the draws differ

"""The report data cache is used only for the inputs and scoring choices it was built from."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dxkit.reports import data
from dxkit.reports.data import build, fingerprint, load, save

SCORE = Path(__file__).resolve().parents[1] / "data" / "score"


@pytest.fixture
def inputs(tmp_path) -> Path:
    shutil.copy(SCORE / "districts_long.csv", tmp_path / "long.csv")
    shutil.copy(SCORE / "bounds.csv", tmp_path / "bounds.csv")
    return tmp_path / "long.csv"


def test_every_choice_changes_the_fingerprint(inputs):
    bounds = inputs.with_name("bounds.csv")
    base = fingerprint(inputs)
    assert fingerprint(inputs, options={}) == base
    variants = [
        fingerprint(inputs, options={"threshold_reading": "proportional"}),
        fingerprint(inputs, decimal=","),
        fingerprint(inputs, decimal="."),
        fingerprint(inputs, bounds=bounds),
        fingerprint(inputs, districts=bounds),
        fingerprint(inputs, framework=bounds),
    ]
    assert len({base, *variants}) == 7
    os.utime(bounds, ns=(0, 0))
    assert fingerprint(inputs, bounds=bounds) != variants[3], "a changed bounds file is another choice"


def test_a_cache_of_other_choices_is_not_used(inputs, tmp_path, monkeypatch):
    bounds = inputs.with_name("bounds.csv")
    cache = save(build(inputs, bounds=bounds), tmp_path / "cache.pickle")
    calls = []
    monkeypatch.setattr(data, "build", lambda *a, **k: calls.append(k) or "rebuilt")
    cached = load(inputs, cache, bounds=str(bounds), options={}, synthetic=True)
    assert calls == [] and cached.synthetic is True
    assert load(inputs, cache) == "rebuilt" and load(inputs, cache, bounds=bounds, decimal=",") == "rebuilt"
    assert calls[1] == {
        "framework": None,
        "options": None,
        "bounds": bounds,
        "decimal": ",",
        "districts": None,
        "framework_for": None,
        "crosswalk": None,
        "lang": "vi",
    }


def test_bounds_reach_the_scores(inputs):
    """II.8.4 of 2024 with the reference bounds 0–9 (tests/data/score/README.md): Chư Prông 4.5/9×20 = 10."""
    scores = build(inputs, bounds=inputs.with_name("bounds.csv")).assessment.criteria()
    row = scores[(scores["district"] == "Chư Prông") & (scores["year"] == 2024) & (scores["code"] == "II.8.4")]
    assert row["points"].item() == pytest.approx(10)

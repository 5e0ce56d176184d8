"""An assessment records how it was built and rescoring goes through one method."""

import pandas as pd
import pytest

from dxkit import analysis as an
from dxkit import score
from tests.conftest import inputs, rows

DATA = rows(("C.1.1.a", "100"), ("I.1", "1000"), ("C.1.2", 3), ("C.1.3", 1), district="A") + rows(
    ("C.1.1.a", "600"), ("I.1", "1000"), ("C.1.2", 6), ("C.1.3", 2), district="B"
)


def test_the_build_is_recorded_as_data(toy):
    a = score(inputs(DATA), toy, {"threshold_reading": "as_written"} if "threshold_reading" in toy.options else None)
    b = a.build
    assert (b.framework_id, b.framework_path) == (toy.id, str(toy.path))
    assert b.options == a.options and not b.bounds and b.explain
    assert b.counts == {"input_rows": 8, "unit_years": 2, "invalid_values": 0, "from_part_i": 2, "appraised_values": 0}
    assert set(b.timings) == {"prepare", "score"} and b.version
    assert b.inputs_fingerprint == score(inputs(DATA), toy).build.inputs_fingerprint
    assert b.inputs_fingerprint != score(inputs(DATA[:-1]), toy).build.inputs_fingerprint


def test_rescore_options_and_bounds_on_the_prepared_values(toy):
    a = score(inputs(DATA), toy)
    name, opt = next(iter(toy.options.items()))
    other = next(v for v in opt.values if v != a.options[name])
    again = a.rescore(options={name: other})
    pd.testing.assert_frame_equal(again.scores, score(inputs(DATA), toy, {name: other}).scores)
    assert again.prepared.values is a.prepared.values  # nothing re-read
    bounded = a.rescore(bounds={"C.1.3": {2024: (0.0, 4.0)}})
    pts = bounded.criteria().set_index(["district", "code"])["points"]
    assert pts[("A", "C.1.3")] == pytest.approx(0.25 * toy.criteria["C.1.3"].max_points)
    assert a.rescore(bounds={}).scores.equals(a.scores)


def test_rescore_with_changes_is_what_if(toy):
    a = score(inputs(DATA), toy)
    changed = a.rescore([("A", 2024, "C.1.2", 6)])
    assert (
        changed.totals()["points"].tolist()
        == an.what_if(inputs(DATA), [("A", 2024, "C.1.2", 6)], catalogue=toy).totals()["points"].tolist()
    )
    assert changed.build.inputs_fingerprint != a.build.inputs_fingerprint
    assert a.rescore().scores.equals(a.scores) and len(a.rescore().findings) == len(a.findings)

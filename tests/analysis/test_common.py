"""The shared look-ups: computed once per table, the same answers as scanning it."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd
import pytest

from dxkit.analysis import _common
from dxkit.analysis._common import (
    district_name,
    districts,
    known_name,
    memo,
    ranked,
    ranked_scores,
    unit_rows,
    unit_scores,
    years_of,
)
from dxkit.core.problems import InputError


def test_memo_computes_once_per_table_and_forgets_it_when_gone():
    calls = []
    table = pd.DataFrame({"x": [1, 2]})
    make = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert memo(table, "n", make) == 1 and memo(table, "n", make) == 1
    assert memo(table, "other", make) == 2  # another name
    assert memo(pd.DataFrame({"x": [1, 2]}), "n", make) == 3  # an equal table is another table
    key = (id(table), "n")
    del table
    gc.collect()
    assert key not in _common._MEMO


def test_memo_computes_again_when_the_table_changes_shape():
    table = pd.DataFrame({"x": [1, 2]})
    assert memo(table, "rows", lambda: len(table)) == 2
    table.loc[2] = [3]
    assert memo(table, "rows", lambda: len(table)) == 3


def test_unit_rows_are_the_positions_of_a_district_year(province):
    s = province.scores
    rows = unit_rows(s, "B", 2024)
    expected = np.flatnonzero((s["district"] == "B").to_numpy() & (s["year"] == 2024).to_numpy())
    assert (
        list(rows) == list(expected)
        and len(rows) == len(province.catalogue.criteria) + len(province.catalogue.pillars) + 1
    )
    assert len(unit_rows(s, "B", 2023)) == 0 and len(unit_rows(s, None, 2024)) == 0


def test_unit_scores_and_ranks_match_a_scan_of_the_table(province):
    s = province.scores
    scan = _common.plain(s[(s["district"] == "C") & (s["year"] == 2024)]).reset_index(drop=True)
    pd.testing.assert_frame_equal(unit_scores(province, "C", 2024), scan)
    pd.testing.assert_frame_equal(ranked_scores(province), ranked(s))
    assert ranked_scores(province) is ranked_scores(province)


def test_districts_years_and_any_spelling(province):
    assert districts(province) == ["A", "B", "C", "D"]
    assert years_of(province, "A") == [2023, 2024] and years_of(province, "B") == [2024]
    assert years_of(province, "Z") == []
    assert district_name(province, "huyện a") == "A" and known_name(province, "Huyện D") == "D"
    assert known_name(province, "Z") is None
    with pytest.raises(InputError):
        district_name(province, "Z")

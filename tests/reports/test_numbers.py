"""dxkit.reports.numbers and the number formats of present.table: columns that line up, signed changes,
the rounding note under a table whose total is not the sum of its printed rows."""

import math

import numpy as np
import pandas as pd
import pytest

from dxkit.reports import numbers as nb
from dxkit.reports.data import shown_code
from dxkit.reports.present import sums_note, table


@pytest.mark.parametrize(
    ("x", "vi", "en"),
    [
        (15, "15,00", "15.00"),
        (941.756, "941,76", "941.76"),
        (1000, "1.000,00", "1,000.00"),
        (1234567.891, "1.234.567,89", "1,234,567.89"),
        (2.675, "2,68", "2.68"),  # half up, as fmt rounds (not the float's 2.67499…)
        (-3, "−3,00", "−3.00"),
        (-0.004, "0,00", "0.00"),  # never '−0,00'
        (np.float64(2.5), "2,50", "2.50"),
        (np.int64(7), "7,00", "7.00"),
        (None, "—", "—"),
        (math.nan, "—", "—"),
        ("text", "—", "—"),
    ],
)
def test_fixed_decimals_in_the_language(x, vi, en):
    assert (nb.fixed(x, "vi"), nb.fixed(x, "en")) == (vi, en)


def test_signed_changes_and_percentages():
    assert [nb.signed(x, "vi") for x in (12.1, -8.5, 0, 0.004, -0.004, -0.006)] == [
        "+12,10",
        "−8,50",
        "0,00",
        "0,00",
        "0,00",
        "−0,01",
    ]
    assert [nb.signed_number(x, "en") for x in (7.31, -8.5, 0, 20)] == ["+7.31", "−8.5", "0", "+20"]
    assert [nb.percent(x, "vi") for x in (0.76, 0.9082, 1, None)] == ["76,0%", "90,8%", "100,0%", "—"]
    assert nb.percent(0.76, "en") == "76.0%" and nb.integer(1000, "vi") == "1.000"


def test_exact_takes_the_decimals_the_column_needs():
    assert nb.column([80, 1000], "exact", "vi") == ["80", "1.000"]
    assert nb.column([80, 7.5], "exact", "en") == ["80.0", "7.5"]
    assert nb.column([2.251, 3, None], "exact", "vi") == ["2,25", "3,00", "—"]


def test_table_formats_columns_once_and_keeps_what_is_not_a_number():
    df = pd.DataFrame(
        {
            "name": ["Tổng điểm", "A", "B"],
            "points": [15.0, 9.234, None],
            "index": [0.76, 0.908, 1.0],
            "change": [12.1, -8.5, 0.0],
            "rank": ["1/3", "2/3", "3/3"],
        }
    )
    html = table(
        df,
        {"name": "Tên", "points": "Điểm", "index": "Chỉ số", "change": "Thay đổi", "rank": "Hạng"},
        "vi",
        formats={"points": "points", "index": "percent1", "change": "signed", "rank": "integer"},
    ).data
    for cell in ("15,00", "9,23", "—", "76,0%", "90,8%", "100,0%", "+12,10", "−8,50", ">0,00<", ">1/3<"):
        assert cell in html
    assert html.count("class=num") == 4 * 4  # the four formatted columns, header and rows, right-aligned
    assert "class=num>Tên" not in html and "dx-table-note" not in html


def test_a_total_that_is_not_the_sum_of_its_printed_rows_gets_a_note():
    df = pd.DataFrame({"level": ["total", "pillar", "pillar", "pillar"], "points": [10.0, 3.333, 3.333, 3.334]})
    total = df["level"] == "total"
    note = sums_note(df, total, {"points": "Điểm"}, "vi")
    assert note is not None and "“Điểm”" in note and "0,01" in note
    assert "0.01" in sums_note(df, total, {"points": "Points"}, "en")
    exact = df.assign(points=[10.0, 3.0, 3.0, 4.0])
    assert sums_note(exact, total, {"points": "Điểm"}, "vi") is None
    html = table(df, {"points": "Điểm"}, "vi", formats={"points": "points"}, note=note).data
    assert '<p class="dx-table-note">' in html


def test_part_one_codes_are_the_form_numbers():
    assert [shown_code(c) for c in ("I.4", "I.20.1.name", "I.20.2.email", "I")] == ["I.4", "I.20.1", "I.20.2", "I"]

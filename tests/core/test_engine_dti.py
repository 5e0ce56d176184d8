"""Every one of the 74 district DTI 2023 criteria, scored through `dxkit.score`, against points
computed by hand from the seed (`../shared/seed/000_1aa7fa40f8ba4fa0.txt`) and the input contract of
issue 2. Expected values are literal numbers with their arithmetic in a comment; nothing here is
computed by the code under test.
"""

import re
import unicodedata

import pytest

from dxkit import score
from tests.conftest import inputs, rows

# Maximum points of each criterion, copied from the seed's "Điểm tối đa" column.
MAX = {
    "II.1.1": 15,
    "II.1.2": 15,
    "II.1.3": 10,
    "II.1.4": 15,
    "II.1.5": 10,
    "II.1.6": 15,
    "II.2.1": 10,
    "II.2.2": 10,
    "II.2.3": 10,
    "II.2.4": 10,
    "II.2.5": 10,
    "II.2.6": 10,
    "II.2.7": 10,
    "II.2.8": 10,
    "II.2.9": 20,
    "II.2.10": 20,
    "II.3.1": 10,
    "II.3.2": 10,
    "II.3.3": 10,
    "II.3.4": 10,
    "II.3.5": 30,
    "II.3.6": 20,
    "II.3.7": 10,
    "II.4.1": 10,
    "II.4.2": 10,
    "II.4.3": 10,
    "II.4.4": 10,
    "II.4.5": 10,
    "II.4.6": 10,
    "II.4.7": 20,
    "II.4.8": 10,
    "II.5.1": 10,
    "II.5.2": 10,
    "II.5.3": 10,
    "II.5.4": 10,
    "II.5.5": 10,
    "II.5.6": 10,
    "II.5.7": 5,
    "II.5.8": 5,
    "II.5.9": 5,
    "II.5.10": 10,
    "II.5.11": 15,
    "II.6.1": 10,
    "II.6.2": 5,
    "II.6.3": 10,
    "II.6.4": 10,
    "II.6.5": 20,
    "II.6.6": 20,
    "II.6.7": 20,
    "II.6.8": 20,
    "II.6.9": 20,
    "II.6.10": 20,
    "II.6.11": 10,
    "II.6.12": 10,
    "II.6.13": 10,
    "II.6.14": 10,
    "II.6.15": 15,
    "II.6.16": 15,
    "II.6.17": 10,
    "II.6.18": 10,
    "II.6.19": 5,
    "II.6.20": 10,
    "II.7.1": 20,
    "II.7.2": 10,
    "II.7.3": 15,
    "II.7.4": 15,
    "II.7.5": 40,
    "II.7.6": 30,
    "II.7.7": 10,
    "II.8.1": 20,
    "II.8.2": 20,
    "II.8.3": 20,
    "II.8.4": 20,
    "II.8.5": 30,
}
PILLAR_MAX = {"II.1": 80, "II.2": 120, "II.3": 100, "II.4": 90, "II.5": 100, "II.6": 260, "II.7": 140, "II.8": 110}
PROP = {"threshold_reading": "proportional"}
FULL0 = {"zero_denominator": "full"}


# ---------------------------------------------------------------- helpers


def run(dti, items, options=None, bounds=None, district="A", year=2024):
    data = list(items.items() if isinstance(items, dict) else items)
    if not data:  # nothing answered: the district still exists through its name (Part I, text)
        data = [("I.1", "Huyện A")]
    return score(inputs(rows(*data, district=district, year=year)), dti, options=options, bounds=bounds)


def row(result, code, district="A", year=2024):
    s = result.scores
    found = s[(s.district == district) & (s.year == year) & (s.code == code)]
    assert len(found) == 1, f"{code} for {district} {year}: {len(found)} rows"
    return found.iloc[0]


def one(dti, code, items, options=None, bounds=None):
    """(points, status) of one criterion for a single district A, 2024."""
    r = row(run(dti, items, options, bounds), code)
    return r.points, r.status


def check(dti, code, items, expected, status="ok", options=None, bounds=None):
    points, got_status = one(dti, code, items, options, bounds)
    assert got_status == status, f"{code} {items}: status {got_status}, expected {status}"
    assert points == pytest.approx(expected, abs=1e-9), f"{code} {items}: {points} points, expected {expected}"


def test_the_max_table_covers_the_catalogue(dti):
    assert {c: float(m) for c, m in MAX.items()} == {c.code: c.max_points for c in dti.criteria.values()}
    assert sum(MAX.values()) == 1000


# ---------------------------------------------------------------- plain ratios: a/b × max

# (code, numerator id, denominator id, points at 3/4)
PLAIN = [
    ("II.1.3", "II.1.3.a", "II.1.3.b", 7.5),  # 3/4 × 10
    ("II.3.1", "II.3.1.a", "II.3.1.b", 7.5),  # 3/4 × 10
    ("II.3.2", "II.3.2.a", "II.3.2.b", 7.5),  # 3/4 × 10
    ("II.3.3", "II.3.3.a", "II.3.3.b", 7.5),  # 3/4 × 10
    ("II.3.4", "II.3.4.a", "II.3.4.b", 7.5),  # 3/4 × 10
    ("II.3.5", "II.3.5.a", "II.3.5.b", 22.5),  # 3/4 × 30
    ("II.3.6", "II.3.6.a", "II.3.6.b", 15.0),  # 3/4 × 20
    ("II.4.2", "II.4.2.a", "II.4.2.b", 7.5),  # 3/4 × 10
    ("II.4.6", "II.4.6.a", "II.4.6.b", 7.5),  # 3/4 × 10
    ("II.4.7", "II.4.7.a", "II.4.7.b", 15.0),  # 3/4 × 20
    ("II.5.1", "II.5.1.a", "II.5.1.b", 7.5),  # 3/4 × 10
    ("II.5.2", "II.5.2.a", "II.5.2.b", 7.5),  # 3/4 × 10
    ("II.5.3", "II.5.3.a", "II.5.3.b", 7.5),  # 3/4 × 10
    ("II.5.4", "II.5.4.a", "II.5.4.b", 7.5),  # 3/4 × 10
    ("II.5.5", "II.5.5.a", "II.5.5.b", 7.5),  # 3/4 × 10
    ("II.5.6", "II.5.6.a", "II.5.6.b", 7.5),  # 3/4 × 10
    ("II.5.7", "II.5.7.a", "II.5.7.b", 3.75),  # 3/4 × 5
    ("II.5.8", "II.5.8.a", "II.5.8.b", 3.75),  # 3/4 × 5
    ("II.5.10", "II.5.10.a", "II.5.10.b", 7.5),  # 3/4 × 10
    ("II.6.4", "II.6.4.a", "II.6.4.b", 7.5),  # 3/4 × 10
    ("II.6.8", "II.6.8.a", "II.6.8.b", 15.0),  # 3/4 × 20
    ("II.6.9", "II.6.9.b", "II.6.9.a", 15.0),  # b/a: 3 digitised of 4 dossiers × 20
    ("II.6.10", "II.6.10.b", "II.6.10.a", 15.0),  # b/a: 3 satisfied of 4 who rated × 20
    ("II.6.18", "II.6.18.a", "II.6.18.b", 7.5),  # 3/4 × 10
    ("II.6.19", "II.6.19.a", "II.6.19.b", 3.75),  # 3/4 × 5
    ("II.7.4", "II.7.4.a", "II.7.4.b", 11.25),  # 3/4 × 15
    ("II.8.1", "II.8.1.a", "II.8.1.b", 15.0),  # 3/4 × 20
    ("II.8.3", "II.8.3.a", "II.8.3.b", 15.0),  # 3/4 × 20
]
PLAIN_IDS = [p[0] for p in PLAIN]


@pytest.mark.parametrize("code,num,den,expected", PLAIN, ids=PLAIN_IDS)
def test_plain_ratio_typical(dti, code, num, den, expected):
    check(dti, code, {num: 3, den: 4}, expected)


@pytest.mark.parametrize("code,num,den,expected", PLAIN, ids=PLAIN_IDS)
def test_plain_ratio_zero_numerator_is_zero_points_ok(dti, code, num, den, expected):
    check(dti, code, {num: 0, den: 4}, 0.0)  # 0/4 × max = 0


@pytest.mark.parametrize("code,num,den,expected", PLAIN, ids=PLAIN_IDS)
def test_plain_ratio_hundred_percent_is_the_maximum(dti, code, num, den, expected):
    check(dti, code, {num: 4, den: 4}, MAX[code])  # 4/4 × max


@pytest.mark.parametrize("code,num,den,expected", PLAIN, ids=PLAIN_IDS)
def test_plain_ratio_only_numerator_is_missing(dti, code, num, den, expected):
    check(dti, code, {num: 3}, 0.0, "missing")


def test_plain_ratio_odd_value(dti):
    check(dti, "II.3.5", {"II.3.5.a": 7, "II.3.5.b": 9}, 23.333333333333332)  # 7/9 × 30 = 23.33…
    check(dti, "II.4.7", {"II.4.7.a": 12345, "II.4.7.b": 50000}, 4.938)  # 0.2469 × 20


# II.6.5 (c+d)/(a+b) and II.6.7 (a+b)/(c+d): sums of two parts over sums of two wholes.
@pytest.mark.parametrize(
    "items,expected",
    [
        ({"II.6.5.a": 40, "II.6.5.b": 60, "II.6.5.c": 30, "II.6.5.d": 45}, 15.0),  # (30+45)/(40+60) × 20
        ({"II.6.5.a": 40, "II.6.5.b": 60, "II.6.5.c": 0, "II.6.5.d": 0}, 0.0),  # 0/100 × 20
        ({"II.6.5.a": 40, "II.6.5.b": 60, "II.6.5.c": 40, "II.6.5.d": 60}, 20.0),  # 100/100 × 20
        ({"II.6.5.a": 10, "II.6.5.b": 0, "II.6.5.c": 5, "II.6.5.d": 0}, 10.0),  # (5+0)/(10+0) × 20
    ],
)
def test_ii_6_5_online_share_of_dossier_services(dti, items, expected):
    check(dti, "II.6.5", items, expected)


@pytest.mark.parametrize(
    "items,expected",
    [
        ({"II.6.7.a": 20, "II.6.7.b": 10, "II.6.7.c": 30, "II.6.7.d": 10}, 15.0),  # (20+10)/(30+10) × 20
        ({"II.6.7.a": 0, "II.6.7.b": 0, "II.6.7.c": 30, "II.6.7.d": 10}, 0.0),  # 0/40 × 20
        ({"II.6.7.a": 30, "II.6.7.b": 10, "II.6.7.c": 30, "II.6.7.d": 10}, 20.0),  # 40/40 × 20
        ({"II.6.7.a": 1, "II.6.7.b": 0, "II.6.7.c": 8, "II.6.7.d": 0}, 2.5),  # 1/8 × 20
    ],
)
def test_ii_6_7_accounts_using_online_services(dti, items, expected):
    check(dti, "II.6.7", items, expected)


def test_ii_6_9_and_ii_6_10_are_b_over_a(dti):
    # a is the whole (dossiers / respondents), b the part: b/a, not a/b.
    check(dti, "II.6.9", {"II.6.9.a": 200, "II.6.9.b": 50}, 5.0)  # 50/200 × 20
    check(dti, "II.6.10", {"II.6.10.a": 80, "II.6.10.b": 60}, 15.0)  # 60/80 × 20
    check(dti, "II.6.9", {"II.6.9.a": 50, "II.6.9.b": 200}, 0.0, "invalid")  # b > a


def test_decimal_amounts_with_comma_or_point(dti):
    check(dti, "II.6.17", {"II.6.17.a": "0,5", "II.6.17.b": "100"}, 5.0)  # 0.5% / 1% × 10
    check(dti, "II.6.17", {"II.6.17.a": "0.5", "II.6.17.b": "100.0"}, 5.0)  # same


# ---------------------------------------------------------------- thresholds

# (code, items, points as written, points with threshold_reading=proportional)
THRESHOLDS = [
    # II.4.8: r ≥ 70% → 10, else r × 10 as written; proportional r / 70% × 10
    ("II.4.8", {"II.4.8.a": 70, "II.4.8.b": 100}, 10.0, 10.0),
    ("II.4.8", {"II.4.8.a": 69, "II.4.8.b": 100}, 6.9, 9.857142857142858),  # 0.69×10 | 0.69/0.7×10
    ("II.4.8", {"II.4.8.a": 7, "II.4.8.b": 10}, 10.0, 10.0),  # 7/10 = 70% exactly
    ("II.4.8", {"II.4.8.a": 699, "II.4.8.b": 1000}, 6.99, 9.985714285714286),  # 0.699×10 | 0.699/0.7×10
    ("II.4.8", {"II.4.8.a": 100, "II.4.8.b": 100}, 10.0, 10.0),
    ("II.4.8", {"II.4.8.a": 0, "II.4.8.b": 100}, 0.0, 0.0),
    # II.7.1: r ≥ 10% → 20, else r × 20
    ("II.7.1", {"II.7.1.a": 10, "II.7.1.b": 100}, 20.0, 20.0),
    ("II.7.1", {"II.7.1.a": 9, "II.7.1.b": 100}, 1.8, 18.0),  # 0.09×20 | 0.09/0.1×20
    ("II.7.1", {"II.7.1.a": 999, "II.7.1.b": 10000}, 1.998, 19.98),  # 0.0999×20 | 0.999×20
    ("II.7.1", {"II.7.1.a": 60, "II.7.1.b": 100}, 20.0, 20.0),
    # II.7.2: r ≥ 50% → 10, else r × 10
    ("II.7.2", {"II.7.2.a": 50, "II.7.2.b": 100}, 10.0, 10.0),
    ("II.7.2", {"II.7.2.a": 49, "II.7.2.b": 100}, 4.9, 9.8),  # 0.49×10 | 0.49/0.5×10
    ("II.7.2", {"II.7.2.a": 1, "II.7.2.b": 2}, 10.0, 10.0),  # exactly 50%
    # II.7.3: r ≥ 80% → 15, else r × 15
    ("II.7.3", {"II.7.3.a": 80, "II.7.3.b": 100}, 15.0, 15.0),
    ("II.7.3", {"II.7.3.a": 79, "II.7.3.b": 100}, 11.85, 14.8125),  # 0.79×15 | 0.79/0.8×15
    ("II.7.3", {"II.7.3.a": 4, "II.7.3.b": 5}, 15.0, 15.0),  # exactly 80%
    # II.7.6: r ≥ 5% → 30, else r × 30
    ("II.7.6", {"II.7.6.a": 5, "II.7.6.b": 100}, 30.0, 30.0),
    ("II.7.6", {"II.7.6.a": 4, "II.7.6.b": 100}, 1.2, 24.0),  # 0.04×30 | 0.04/0.05×30
    ("II.7.6", {"II.7.6.a": 499, "II.7.6.b": 10000}, 1.497, 29.94),  # 0.0499×30 | 0.998×30
    # II.7.7: r ≥ 0.25% → 10, else r × 10
    ("II.7.7", {"II.7.7.a": 25, "II.7.7.b": 10000}, 10.0, 10.0),  # 0.25% exactly
    ("II.7.7", {"II.7.7.a": 24, "II.7.7.b": 10000}, 0.024, 9.6),  # 0.0024×10 | 0.0024/0.0025×10
    ("II.7.7", {"II.7.7.a": "0,25", "II.7.7.b": 100}, 10.0, 10.0),  # 0.25 bn / 100 bn = 0.25%
    ("II.7.7", {"II.7.7.a": "0,2499", "II.7.7.b": 100}, 0.02499, 9.996),  # 0.002499×10 | 0.9996×10
    ("II.7.7", {"II.7.7.a": 2, "II.7.7.b": 100}, 10.0, 10.0),  # 2% ≥ 0.25%
    # Already "r / threshold × max" in the seed: the option changes nothing.
    # II.6.6 r = (b+c)/a: r ≥ 80% → 20, else r / 80% × 20
    ("II.6.6", {"II.6.6.a": 100, "II.6.6.b": 50, "II.6.6.c": 30}, 20.0, 20.0),  # 80/100 = 80%
    ("II.6.6", {"II.6.6.a": 100, "II.6.6.b": 50, "II.6.6.c": 29}, 19.75, 19.75),  # 0.79/0.8×20
    ("II.6.6", {"II.6.6.a": 100, "II.6.6.b": 20, "II.6.6.c": 20}, 10.0, 10.0),  # 0.4/0.8×20
    ("II.6.6", {"II.6.6.a": 100, "II.6.6.b": 0, "II.6.6.c": 0}, 0.0, 0.0),
    ("II.6.6", {"II.6.6.a": 100, "II.6.6.b": 100, "II.6.6.c": 0}, 20.0, 20.0),
    # II.6.17: r ≥ 1% → 10, else r / 1% × 10 (billion VND)
    ("II.6.17", {"II.6.17.a": 1, "II.6.17.b": 100}, 10.0, 10.0),  # 1% exactly
    ("II.6.17", {"II.6.17.a": "0,99", "II.6.17.b": 100}, 9.9, 9.9),  # 0.0099/0.01×10
    ("II.6.17", {"II.6.17.a": "0,25", "II.6.17.b": 100}, 2.5, 2.5),  # 0.0025/0.01×10
    ("II.6.17", {"II.6.17.a": 3, "II.6.17.b": 100}, 10.0, 10.0),
    # II.7.5: r ≥ 5% → 40, else r / 5% × 40
    ("II.7.5", {"II.7.5.a": 5, "II.7.5.b": 100}, 40.0, 40.0),
    ("II.7.5", {"II.7.5.a": 4, "II.7.5.b": 100}, 32.0, 32.0),  # 0.04/0.05×40
    ("II.7.5", {"II.7.5.a": 499, "II.7.5.b": 10000}, 39.92, 39.92),  # 0.0499/0.05×40
    # II.8.2: r ≥ 80% → 20, else r / 80% × 20 (the seed's "≤ 80%" read as "< 80%")
    ("II.8.2", {"II.8.2.a": 80, "II.8.2.b": 100}, 20.0, 20.0),
    ("II.8.2", {"II.8.2.a": 79, "II.8.2.b": 100}, 19.75, 19.75),  # 0.79/0.8×20
    ("II.8.2", {"II.8.2.a": 40, "II.8.2.b": 100}, 10.0, 10.0),  # 0.4/0.8×20
    # "10 only at 100%": below → 0 with either reading
    ("II.6.3", {"II.6.3.a": 50, "II.6.3.b": 50}, 10.0, 10.0),
    ("II.6.3", {"II.6.3.a": 49, "II.6.3.b": 50}, 0.0, 0.0),  # 98% < 100%
    ("II.6.3", {"II.6.3.a": 999, "II.6.3.b": 1000}, 0.0, 0.0),  # 99.9% < 100%
    ("II.6.3", {"II.6.3.a": 0, "II.6.3.b": 50}, 0.0, 0.0),
    ("II.4.1", {"II.4.1.a": 12, "II.4.1.b": 12}, 10.0, 10.0),  # every commune
    ("II.4.1", {"II.4.1.a": 11, "II.4.1.b": 12}, 0.0, 0.0),  # one commune short
    ("II.4.1", {"II.4.1.a": 0, "II.4.1.b": 12}, 0.0, 0.0),
]


def _tid(case):
    code, items, *_ = case
    return code + ":" + "/".join(str(v) for v in items.values())


@pytest.mark.parametrize("code,items,as_written,proportional", THRESHOLDS, ids=[_tid(c) for c in THRESHOLDS])
def test_threshold_as_written(dti, code, items, as_written, proportional):
    check(dti, code, items, as_written)


@pytest.mark.parametrize("code,items,as_written,proportional", THRESHOLDS, ids=[_tid(c) for c in THRESHOLDS])
def test_threshold_with_proportional_reading(dti, code, items, as_written, proportional):
    check(dti, code, items, proportional, options=PROP)


def test_the_proportional_option_is_stated_in_the_results(dti):
    r = run(dti, {"II.4.8.a": 69, "II.4.8.b": 100}, options=PROP)
    assert r.options["threshold_reading"] == "proportional"
    assert set(r.table()["assumptions"]) == {
        "threshold_reading=proportional; zero_denominator=zero; minmax_method=minmax; minmax_bounds=peers; stage=self"
    }
    assert set(run(dti, {"II.4.8.a": 69, "II.4.8.b": 100}).table()["assumptions"]) == {
        "threshold_reading=as_written; zero_denominator=zero; minmax_method=minmax; minmax_bounds=peers; stage=self"
    }


# ---------------------------------------------------------------- caps: ratios above 1 allowed


@pytest.mark.parametrize(
    "items,expected",
    [
        ({"II.3.7.a": 130, "II.3.7.b": 100}, 10.0),  # min(1.3, 1) × 10
        ({"II.3.7.a": 101, "II.3.7.b": 100}, 10.0),  # min(1.01, 1) × 10
        ({"II.3.7.a": 100, "II.3.7.b": 100}, 10.0),  # 1 × 10
        ({"II.3.7.a": 75, "II.3.7.b": 100}, 7.5),  # 0.75 × 10
        ({"II.3.7.a": 0, "II.3.7.b": 100}, 0.0),
    ],
)
def test_ii_3_7_computers_per_official_capped(dti, items, expected):
    check(dti, "II.3.7", items, expected)


@pytest.mark.parametrize(
    "items,expected",
    [
        ({"II.4.4.a": 12, "II.4.4.b": 6}, 5.0),  # b/a = 6 staff / 12 offices = 0.5 × 10
        ({"II.4.4.a": 8, "II.4.4.b": 2}, 2.5),  # 2/8 × 10
        ({"II.4.4.a": 12, "II.4.4.b": 12}, 10.0),  # 1 × 10
        ({"II.4.4.a": 12, "II.4.4.b": 15}, 10.0),  # min(1.25, 1) × 10
        ({"II.4.4.a": 12, "II.4.4.b": 0}, 0.0),
    ],
)
def test_ii_4_4_dx_staff_per_office_capped(dti, items, expected):
    check(dti, "II.4.4", items, expected)


def test_cap_explanations(dti):
    r = row(run(dti, {"II.3.7.a": 130, "II.3.7.b": 100}), "II.3.7")
    assert r.explanation_vi == "Tỷ lệ = 130/100 = 130%, giới hạn 100% → 10/10 điểm"
    assert r.explanation_en == "Ratio = 130/100 = 130%, capped at 100% → 10/10 points"
    r = row(run(dti, {"II.4.4.a": 12, "II.4.4.b": 15}), "II.4.4")
    assert r.explanation_vi == "Tỷ lệ = 15/12 = 125%, giới hạn 100% → 10/10 điểm"


# ---------------------------------------------------------------- tiers


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("10", "100", 15.0),  # 10% → level 1, full
        ("9,99", "100", 10.5),  # 9.99% → level 2, 70% × 15
        ("7", "100", 10.5),  # 7% exactly → 70% × 15
        ("6,99", "100", 4.5),  # 6.99% → level 3, 30% × 15
        ("3", "100", 4.5),  # 3% exactly → 30% × 15
        ("2,99", "100", 0.0),  # 2.99% → level 4, 0
        ("0", "100", 0.0),
        ("100", "100", 15.0),
        ("25", "200", 15.0),  # 12.5%
        ("21", "300", 10.5),  # 7% exactly from other numbers
    ],
)
def test_ii_5_11_security_spend_tiers(dti, a, b, expected):
    check(dti, "II.5.11", {"II.5.11.a": a, "II.5.11.b": b}, expected)


@pytest.mark.parametrize(
    "section,articles,expected,status",
    [
        ("yes", 10, 15.0, "ok"),  # ≥ 10 → full
        ("yes", 25, 15.0, "ok"),
        ("yes", 9, 7.5, "ok"),  # 5–9 → 1/2 × 15
        ("yes", 5, 7.5, "ok"),
        ("yes", 4, 3.75, "ok"),  # < 5 → 1/4 × 15
        ("yes", 0, 3.75, "ok"),  # a section with no article yet: still < 5 → 1/4
        ("no", 12, 0.0, "ok"),  # no section → 0 whatever the articles
        ("no", 0, 0.0, "ok"),
        ("no", None, 0.0, "ok"),  # no section: the count is not needed
        ("yes", None, 0.0, "missing"),
        (None, 12, 0.0, "missing"),
    ],
)
def test_ii_1_4_section_and_articles(dti, section, articles, expected, status):
    items = {}
    if section is not None:
        items["II.1.4.section"] = section
    if articles is not None:
        items["II.1.4.articles"] = articles
    check(dti, "II.1.4", items, expected, status)


# ---------------------------------------------------------------- yes / no

YES_NO = [
    "II.1.5",
    "II.2.1",
    "II.2.2",
    "II.2.3",
    "II.2.4",
    "II.2.5",
    "II.2.6",
    "II.2.7",
    "II.2.8",
    "II.2.9",
    "II.2.10",
    "II.4.3",
    "II.6.12",
    "II.6.15",
    "II.6.16",
    "II.6.20",
]


@pytest.mark.parametrize("code", YES_NO)
def test_yes_no_criterion(dti, code):
    check(dti, code, {code: "yes"}, MAX[code])
    check(dti, code, {code: "no"}, 0.0)
    check(dti, code, {}, 0.0, "missing")


@pytest.mark.parametrize(
    "word",
    [
        "yes",
        "YES",
        "Yes",
        "true",
        "TRUE",
        "True",
        "1",
        "có",
        "Có",
        "CÓ",
        " có ",
        unicodedata.normalize("NFD", "Có"),
        1,
        True,
    ],
)
def test_yes_spellings(dti, word):
    check(dti, "II.1.5", {"II.1.5": word}, 10.0)


@pytest.mark.parametrize(
    "word",
    [
        "no",
        "NO",
        "No",
        "false",
        "FALSE",
        "False",
        "0",
        "không",
        "Không",
        "KHÔNG",
        unicodedata.normalize("NFD", "không"),
        0,
        False,
    ],
)
def test_no_spellings(dti, word):
    check(dti, "II.1.5", {"II.1.5": word}, 0.0)


@pytest.mark.parametrize("word", ["maybe", "x", "2", "chưa"])
def test_other_words_are_invalid_not_no(dti, word):
    check(dti, "II.1.5", {"II.1.5": word}, 0.0, "invalid")


# ---------------------------------------------------------------- choices

CHOICES = [
    # (code, choice id, Vietnamese label, English label, points)
    ("II.1.1", "chairman", "Chủ tịch UBND cấp huyện", "Chairman of the district People's Committee", 15.0),
    ("II.1.1", "vice_chairman", "Phó Chủ tịch UBND cấp huyện", "Vice-chairman of the district People's Committee", 7.5),
    (
        "II.1.1",
        "none",
        "Chưa có Ban chỉ đạo / Trưởng ban không phải lãnh đạo cấp huyện",
        "No steering committee / its head is not a district leader",
        0.0,
    ),
    ("II.1.6", "weekly", "Từ 1 lần/tuần trở lên", "Once a week or more", 15.0),
    ("II.1.6", "monthly", "Từ 1 lần/tháng đến dưới 1 lần/tuần", "From once a month to less than once a week", 7.5),
    ("II.1.6", "rarely", "Dưới 1 lần/tháng", "Less than once a month", 0.0),
    ("II.4.5", "dedicated", "Có công chức chuyên trách về ATTT", "A full-time information security official", 10.0),
    (
        "II.4.5",
        "part_time",
        "Có công chức kiêm nhiệm về ATTT",
        "A part-time (concurrent) information security official",
        5.0,
    ),
    (
        "II.4.5",
        "none",
        "Không có công chức chuyên trách hoặc kiêm nhiệm về ATTT",
        "No full-time or part-time information security official",
        0.0,
    ),
    (
        "II.6.13",
        "personalized",
        "Đã triển khai và có thể cá thể hóa theo nhu cầu cá nhân",
        "Deployed and can be personalised to individual needs",
        10.0,
    ),
    (
        "II.6.13",
        "deployed",
        "Đã triển khai nhưng chưa cá thể hóa theo nhu cầu cá nhân",
        "Deployed but not yet personalised to individual needs",
        5.0,
    ),
    ("II.6.13", "none", "Chưa triển khai", "Not deployed", 0.0),
    (
        "II.6.14",
        "personalized",
        "Đã triển khai và có thể cá thể hóa theo nhu cầu cá nhân",
        "Deployed and can be personalised to individual needs",
        10.0,
    ),
    (
        "II.6.14",
        "deployed",
        "Đã triển khai nhưng chưa cá thể hóa theo nhu cầu cá nhân",
        "Deployed but not yet personalised to individual needs",
        5.0,
    ),
    ("II.6.14", "none", "Chưa triển khai", "Not deployed", 0.0),
]
CHOICE_IDS = [f"{c[0]}={c[1]}" for c in CHOICES]


@pytest.mark.parametrize("code,cid,vi,en,expected", CHOICES, ids=CHOICE_IDS)
def test_choice_by_id(dti, code, cid, vi, en, expected):
    check(dti, code, {code: cid}, expected)
    check(dti, code, {code: cid.upper()}, expected)


@pytest.mark.parametrize("code,cid,vi,en,expected", CHOICES, ids=CHOICE_IDS)
def test_choice_by_vietnamese_label(dti, code, cid, vi, en, expected):
    check(dti, code, {code: vi}, expected)
    check(dti, code, {code: vi.lower()}, expected)
    check(dti, code, {code: unicodedata.normalize("NFD", vi)}, expected)


@pytest.mark.parametrize("code,cid,vi,en,expected", CHOICES, ids=CHOICE_IDS)
def test_choice_by_english_label(dti, code, cid, vi, en, expected):
    check(dti, code, {code: en}, expected)


def test_a_choice_is_explained_by_its_label_not_its_id(dti):
    """Issue 11 §3: the reader sees the answer chosen in their language, never the internal choice id."""
    r = run(dti, {"II.1.1": "chairman", "II.4.5": "part_time"})
    assert row(r, "II.1.1").explanation_vi == "II.1.1 = Chủ tịch UBND cấp huyện → 15/15 điểm"
    assert row(r, "II.1.1").explanation_en == "II.1.1 = Chairman of the district People's Committee → 15/15 points"
    assert row(r, "II.4.5").explanation_vi == "II.4.5 = Có công chức kiêm nhiệm về ATTT → 5/10 điểm"
    assert "part_time" not in row(r, "II.4.5").explanation_en and "chairman)" not in row(r, "II.1.1").explanation_en


def test_no_internal_id_reaches_a_vietnamese_explanation(dti):
    """Choice ids, status ids and option values are words of the code: a Vietnamese reader sees none."""
    from pathlib import Path

    from dxkit.core.vocab import Status
    from dxkit.intake import read_paths

    data = Path(__file__).resolve().parents[1] / "data" / "score"
    r = score(read_paths([data / "districts_long.csv", data / "districts_wide.csv"]), dti)
    ids = (
        {c.id for v in dti.variables.values() for c in v.choices}
        | {s.value for s in Status if s is not Status.OK}
        | {value for o in dti.options.values() for value in o.values}
    )
    said = set(re.findall(r"[A-Za-z_]+", " ".join(r.scores["explanation_vi"])))
    assert said & ids == set()


@pytest.mark.parametrize("code", ["II.1.1", "II.1.6", "II.4.5", "II.6.13", "II.6.14"])
def test_choice_outside_the_list_is_invalid_and_missing_is_missing(dti, code):
    check(dti, code, {code: "sometimes"}, 0.0, "invalid")
    check(dti, code, {}, 0.0, "missing")


# ---------------------------------------------------------------- parts

PARTS = [
    # (code, first part, its points, second part, its points)
    ("II.1.2", "II.1.2.provincial", 7.5, "II.1.2.district", 7.5),
    ("II.6.1", "II.6.1.compliant", 8.0, "II.6.1.ipv6", 2.0),
    ("II.6.2", "II.6.2.published", 2.5, "II.6.2.technical", 2.5),
    ("II.6.11", "II.6.11.district", 5.0, "II.6.11.agencies", 5.0),
]


@pytest.mark.parametrize("code,first,p1,second,p2", PARTS, ids=[p[0] for p in PARTS])
def test_parts(dti, code, first, p1, second, p2):
    check(dti, code, {first: "yes", second: "no"}, p1)  # first part alone
    check(dti, code, {first: "no", second: "yes"}, p2)  # second part alone
    check(dti, code, {first: "yes", second: "yes"}, p1 + p2)  # both = the maximum
    assert p1 + p2 == MAX[code]
    check(dti, code, {first: "no", second: "no"}, 0.0)  # none
    check(dti, code, {first: "yes"}, 0.0, "missing")  # a part not answered


# ---------------------------------------------------------------- count


@pytest.mark.parametrize("n,expected", [(0, 0.0), (1, 1.0), (29, 29.0), (30, 30.0), (31, 30.0), (100, 30.0)])
def test_ii_8_5_one_point_per_activity_at_most_30(dti, n, expected):
    check(dti, "II.8.5", {"II.8.5": n}, expected)


def test_ii_8_5_rejects_negative_and_fractional_counts(dti):
    check(dti, "II.8.5", {"II.8.5": -1}, 0.0, "invalid")
    check(dti, "II.8.5", {"II.8.5": "2,5"}, 0.0, "invalid")


# ---------------------------------------------------------------- II.5.9: incidents, Min-Max


def _districts(dti, per_district, year=2024, options=None, bounds=None):
    data = []
    for district, items in per_district.items():
        data += rows(*items.items(), district=district, year=year)
    return score(inputs(data), dti, options=options, bounds=bounds)


def inc(n, reviewed="no"):
    items = {"II.5.9.reviewed": reviewed}
    if n is not None:
        items["II.5.9.incidents"] = n
    return items


def test_ii_5_9_no_incident_reviewed_is_full_even_alone(dti):
    r = run(dti, inc(0, "yes"))
    assert (row(r, "II.5.9").points, row(r, "II.5.9").status) == (5.0, "ok")
    assert not bool(row(r, "TOTAL").provisional)
    assert row(r, "II.5.9").explanation_vi == "II.5.9.incidents = 0, II.5.9.reviewed = có → điểm tối đa → 5/5 điểm"


def test_ii_5_9_minmax_across_three_districts(dti):
    r = _districts(dti, {"A": inc(6), "B": inc(2), "C": inc(0)})
    # min = 0, max = 6: most incidents found → full points
    assert row(r, "II.5.9", "A").points == pytest.approx(5.0)  # (6-0)/(6-0) × 5
    assert row(r, "II.5.9", "B").points == pytest.approx(1.6666666666666667)  # (2-0)/(6-0) × 5
    assert row(r, "II.5.9", "C").points == pytest.approx(0.0)  # (0-0)/(6-0) × 5, not reviewed
    assert {row(r, "II.5.9", d).status for d in "ABC"} == {"ok"}
    assert row(r, "II.5.9", "B").explanation_vi == (
        "II.5.9.incidents = 2; min = 0, max = 6 (3 đơn vị năm 2024) → (2 − 0)/(6 − 0) × 5 = 1,67/5 điểm"
    )
    assert row(r, "II.5.9", "B").explanation_en == (
        "II.5.9.incidents = 2; min = 0, max = 6 (3 units of 2024) → (2 − 0)/(6 − 0) × 5 = 1.67/5 points"
    )


def test_ii_5_9_minmax_with_a_non_zero_minimum(dti):
    r = _districts(dti, {"A": inc(9), "B": inc(5), "C": inc(1)})
    assert row(r, "II.5.9", "A").points == pytest.approx(5.0)  # (9-1)/(9-1) × 5
    assert row(r, "II.5.9", "B").points == pytest.approx(2.5)  # (5-1)/(9-1) × 5
    assert row(r, "II.5.9", "C").points == pytest.approx(0.0)  # (1-1)/(9-1) × 5


def test_ii_5_9_reviewed_district_with_zero_is_full_and_in_the_comparison_set(dti):
    r = _districts(dti, {"A": inc(3), "B": inc(0, "yes"), "C": inc(1)})
    assert row(r, "II.5.9", "A").points == pytest.approx(5.0)  # (3-0)/(3-0) × 5
    assert row(r, "II.5.9", "B").points == pytest.approx(5.0)  # 0 incidents, reviewed → full
    assert row(r, "II.5.9", "C").points == pytest.approx(1.6666666666666667)  # (1-0)/(3-0) × 5


def test_ii_5_9_max_equals_min(dti):
    r = _districts(dti, {"A": inc(2), "B": inc(2)})
    assert row(r, "II.5.9", "A").points == 5.0 and row(r, "II.5.9", "B").points == 5.0  # x = 2 > 0 → full
    r = _districts(dti, {"A": inc(0), "B": inc(0)})
    assert row(r, "II.5.9", "A").points == 0.0 and row(r, "II.5.9", "B").points == 0.0  # x = 0 → 0
    assert row(r, "II.5.9", "A").status == "ok"


def test_ii_5_9_single_district_needs_peers_and_total_is_provisional(dti):
    r = run(dti, inc(3))
    crit = row(r, "II.5.9")
    assert (crit.points, crit.status) == (0.0, "needs_peers")
    assert crit.explanation_vi == (
        "Min-Max cần ít nhất 2 đơn vị năm 2024 có II.5.9.incidents (hiện có 1) "
        "hoặc ngưỡng tham chiếu: chưa tính điểm, tổng điểm là tạm tính"
    )
    total = row(r, "TOTAL")
    assert bool(total.provisional)
    assert "TẠM TÍNH" in total.explanation_vi and "PROVISIONAL" in total.explanation_en
    assert bool(row(r, "II.5").provisional)
    # zero incidents but no evidence of review: not full points, and still needs peers
    assert row(run(dti, inc(0, "no")), "II.5.9").status == "needs_peers"


def test_ii_5_9_reference_bounds(dti):
    bounds = {"II.5.9": {2024: (0, 10)}}
    check(dti, "II.5.9", inc(3), 1.5, bounds=bounds)  # (3-0)/(10-0) × 5
    check(dti, "II.5.9", inc(10), 5.0, bounds=bounds)  # (10-0)/(10-0) × 5
    check(dti, "II.5.9", inc(12), 5.0, bounds=bounds)  # above the published max: at most full
    check(dti, "II.5.9", inc(0, "yes"), 5.0, bounds=bounds)
    r = run(dti, inc(3), bounds=bounds)
    assert not bool(row(r, "TOTAL").provisional)
    assert "ngưỡng tham chiếu năm 2024" in row(r, "II.5.9").explanation_vi
    assert set(r.table()["assumptions"]) == {
        "threshold_reading=as_written; zero_denominator=zero; minmax_method=minmax; minmax_bounds=reference; stage=self"
    }


def test_ii_5_9_bounds_for_another_year_do_not_help(dti):
    check(dti, "II.5.9", inc(3), 0.0, "needs_peers", bounds={"II.5.9": {2023: (0, 10)}})


def test_ii_5_9_comparison_set_is_per_year(dti):
    data = (
        rows(*inc(6).items(), district="A")
        + rows(*inc(3).items(), district="B")
        + rows(*inc(1).items(), district="A", year=2023)
    )
    r = score(inputs(data), dti)
    assert row(r, "II.5.9", "B").points == pytest.approx(0.0)  # (3-3)/(6-3) × 5: 2023's 1 is not in 2024
    assert row(r, "II.5.9", "A", 2023).status == "needs_peers"


def test_ii_5_9_missing_inputs(dti):
    r = _districts(dti, {"A": {"II.5.9.incidents": 0}, "B": inc(3), "C": {"II.5.9.reviewed": "yes"}})
    assert row(r, "II.5.9", "A").status == "missing"  # 0 incidents: was it reviewed? cannot tell
    assert row(r, "II.5.9", "C").status == "missing"  # reviewed, but how many incidents?
    assert row(r, "II.5.9", "A").explanation_vi == "Thiếu dữ liệu: II.5.9.reviewed → 0/5 điểm"
    assert row(r, "II.5.9", "B").points == pytest.approx(5.0)  # (3-0)/(3-0) × 5: A's 0 is still a value


def test_ii_5_9_missing_review_alone_is_missing_not_needs_peers(dti):
    check(dti, "II.5.9", {"II.5.9.incidents": 0}, 0.0, "missing")


# ---------------------------------------------------------------- II.5.10: incidents handled


def test_ii_5_10_no_incident_reviewed_gives_full(dti):
    items = {"II.5.10.a": 0, "II.5.10.b": 0, "II.5.9.reviewed": "yes"}
    check(dti, "II.5.10", items, 10.0)
    r = row(run(dti, items), "II.5.10")
    assert r.explanation_vi == "Mẫu số = 0; II.5.9.reviewed = có (đã rà soát, không phát hiện) → 10/10 điểm"


def test_ii_5_10_no_incident_not_reviewed_gives_zero(dti):
    check(dti, "II.5.10", {"II.5.10.a": 0, "II.5.10.b": 0, "II.5.9.reviewed": "không"}, 0.0)
    # the zero_denominator option does not override the seed's own rule for this criterion
    check(dti, "II.5.10", {"II.5.10.a": 0, "II.5.10.b": 0, "II.5.9.reviewed": "no"}, 0.0, options=FULL0)
    check(dti, "II.5.10", {"II.5.10.a": 0, "II.5.10.b": 0, "II.5.9.reviewed": "yes"}, 10.0, options=FULL0)


def test_ii_5_10_no_incident_and_review_unknown_is_missing(dti):
    check(dti, "II.5.10", {"II.5.10.a": 0, "II.5.10.b": 0}, 0.0, "missing")


def test_ii_5_10_normal_ratio_does_not_need_the_review(dti):
    check(dti, "II.5.10", {"II.5.10.a": 3, "II.5.10.b": 4}, 7.5)  # 3/4 × 10
    check(dti, "II.5.10", {"II.5.10.a": 3, "II.5.10.b": 4, "II.5.9.reviewed": "no"}, 7.5)
    check(dti, "II.5.10", {"II.5.10.a": 5, "II.5.10.b": 4}, 0.0, "invalid")  # handled > incidents


# ---------------------------------------------------------------- II.8.4: spend on digital society, Min-Max


def spend(x):
    return {"II.8.4": x}


def test_ii_8_4_minmax_across_three_districts(dti):
    r = _districts(dti, {"A": spend("4,5"), "B": spend(2), "C": spend("0,5")})
    # min = 0.5, max = 4.5
    assert row(r, "II.8.4", "A").points == pytest.approx(20.0)  # (4.5-0.5)/(4.5-0.5) × 20
    assert row(r, "II.8.4", "B").points == pytest.approx(7.5)  # (2-0.5)/(4.5-0.5) × 20 = 1.5/4 × 20
    assert row(r, "II.8.4", "C").points == pytest.approx(0.0)  # (0.5-0.5)/4 × 20
    assert row(r, "II.8.4", "B").explanation_vi == (
        "II.8.4 = 2; min = 0,5, max = 4,5 (3 đơn vị năm 2024) → (2 − 0,5)/(4,5 − 0,5) × 20 = 7,5/20 điểm"
    )


def test_ii_8_4_ratio_to_best_option(dti):
    r = _districts(
        dti, {"A": spend("4,5"), "B": spend(2), "C": spend("0,5")}, options={"minmax_method": "ratio_to_best"}
    )
    assert row(r, "II.8.4", "A").points == pytest.approx(20.0)  # 4.5/4.5 × 20
    assert row(r, "II.8.4", "B").points == pytest.approx(8.888888888888889)  # 2/4.5 × 20
    assert row(r, "II.8.4", "C").points == pytest.approx(2.2222222222222223)  # 0.5/4.5 × 20
    assert "minmax_method=ratio_to_best" in r.table()["assumptions"].iloc[0]


def test_ii_8_4_equal_spend(dti):
    r = _districts(dti, {"A": spend(3), "B": spend(3)})
    assert row(r, "II.8.4", "A").points == 20.0  # max = min, x > 0 → full
    r = _districts(dti, {"A": spend(0), "B": spend(0)})
    assert row(r, "II.8.4", "A").points == 0.0  # max = min, x = 0 → 0


def test_ii_8_4_alone_needs_peers_or_bounds(dti):
    check(dti, "II.8.4", spend(5), 0.0, "needs_peers")
    check(dti, "II.8.4", spend(5), 10.0, bounds={"II.8.4": {2024: (0, 10)}})  # (5-0)/(10-0) × 20
    check(dti, "II.8.4", spend(4), 5.0, bounds={"II.8.4": {2024: (2, 10)}})  # (4-2)/(10-2) × 20
    check(
        dti, "II.8.4", spend("2,5"), 5.0, bounds={"II.8.4": {2024: (0, 10)}}, options={"minmax_method": "ratio_to_best"}
    )  # 2.5/10 × 20


def test_minmax_ignores_districts_without_the_value(dti):
    r = _districts(dti, {"A": spend(4), "B": spend(2), "C": {"II.1.5": "yes"}})
    assert row(r, "II.8.4", "B").points == pytest.approx(0.0)  # (2-2)/(4-2) × 20: C is not a peer
    assert row(r, "II.8.4", "C").status == "missing"


# ---------------------------------------------------------------- zero denominators

# Every criterion with a denominator (except II.5.10, which has its own rule), all its inputs 0.
ZERO_DEN = {
    "II.1.3": ["II.1.3.a", "II.1.3.b"],
    "II.3.1": ["II.3.1.a", "II.3.1.b"],
    "II.3.2": ["II.3.2.a", "II.3.2.b"],
    "II.3.3": ["II.3.3.a", "II.3.3.b"],
    "II.3.4": ["II.3.4.a", "II.3.4.b"],
    "II.3.5": ["II.3.5.a", "II.3.5.b"],
    "II.3.6": ["II.3.6.a", "II.3.6.b"],
    "II.3.7": ["II.3.7.a", "II.3.7.b"],
    "II.4.1": ["II.4.1.a", "II.4.1.b"],
    "II.4.2": ["II.4.2.a", "II.4.2.b"],
    "II.4.4": ["II.4.4.a", "II.4.4.b"],
    "II.4.6": ["II.4.6.a", "II.4.6.b"],
    "II.4.7": ["II.4.7.a", "II.4.7.b"],
    "II.4.8": ["II.4.8.a", "II.4.8.b"],
    "II.5.1": ["II.5.1.a", "II.5.1.b"],
    "II.5.2": ["II.5.2.a", "II.5.2.b"],
    "II.5.3": ["II.5.3.a", "II.5.3.b"],
    "II.5.4": ["II.5.4.a", "II.5.4.b"],
    "II.5.5": ["II.5.5.a", "II.5.5.b"],
    "II.5.6": ["II.5.6.a", "II.5.6.b"],
    "II.5.7": ["II.5.7.a", "II.5.7.b"],
    "II.5.8": ["II.5.8.a", "II.5.8.b"],
    "II.5.11": ["II.5.11.a", "II.5.11.b"],
    "II.6.3": ["II.6.3.a", "II.6.3.b"],
    "II.6.4": ["II.6.4.a", "II.6.4.b"],
    "II.6.5": ["II.6.5.a", "II.6.5.b", "II.6.5.c", "II.6.5.d"],
    "II.6.6": ["II.6.6.a", "II.6.6.b", "II.6.6.c"],
    "II.6.7": ["II.6.7.a", "II.6.7.b", "II.6.7.c", "II.6.7.d"],
    "II.6.8": ["II.6.8.a", "II.6.8.b"],
    "II.6.9": ["II.6.9.a", "II.6.9.b"],
    "II.6.10": ["II.6.10.a", "II.6.10.b"],
    "II.6.17": ["II.6.17.a", "II.6.17.b"],
    "II.6.18": ["II.6.18.a", "II.6.18.b"],
    "II.6.19": ["II.6.19.a", "II.6.19.b"],
    "II.7.1": ["II.7.1.a", "II.7.1.b"],
    "II.7.2": ["II.7.2.a", "II.7.2.b"],
    "II.7.3": ["II.7.3.a", "II.7.3.b"],
    "II.7.4": ["II.7.4.a", "II.7.4.b"],
    "II.7.5": ["II.7.5.a", "II.7.5.b"],
    "II.7.6": ["II.7.6.a", "II.7.6.b"],
    "II.7.7": ["II.7.7.a", "II.7.7.b"],
    "II.8.1": ["II.8.1.a", "II.8.1.b"],
    "II.8.2": ["II.8.2.a", "II.8.2.b"],
    "II.8.3": ["II.8.3.a", "II.8.3.b"],
}


@pytest.mark.parametrize("code", sorted(ZERO_DEN))
def test_zero_denominator_default_is_no_denominator_zero_points(dti, code):
    check(dti, code, {v: 0 for v in ZERO_DEN[code]}, 0.0, "no_denominator")


@pytest.mark.parametrize("code", sorted(ZERO_DEN))
def test_zero_denominator_option_full(dti, code):
    check(dti, code, {v: 0 for v in ZERO_DEN[code]}, MAX[code], options=FULL0)


def test_zero_denominator_words(dti):
    r = row(run(dti, {"II.5.5.a": 0, "II.5.5.b": 0}), "II.5.5")
    assert r.explanation_vi == "Mẫu số = 0: không có cơ sở tính tỷ lệ, cần rà soát → 0/10 điểm"
    assert r.explanation_en == "Denominator = 0: no basis for a ratio, listed for review → 0/10 points"
    r = row(run(dti, {"II.5.5.a": 0, "II.5.5.b": 0}, options=FULL0), "II.5.5")
    assert r.explanation_vi == "Mẫu số = 0: tính điểm tối đa theo tùy chọn → 10/10 điểm"


# ---------------------------------------------------------------- invalid inputs

# The ratios whose numerator, by the seed's own definitions, is a part of its denominator (issue 8:
# the others count different things or come from other offices and are capped, tests/test_honest_data.py).
INDEPENDENT = {
    "II.1.3",
    "II.3.1",
    "II.3.2",
    "II.3.3",
    "II.3.5",
    "II.3.6",
    "II.3.7",
    "II.4.4",
    "II.4.7",
    "II.6.8",
    "II.7.6",
    "II.8.1",
    "II.8.2",
    "II.8.3",
}
PART_WHOLE = [(c, vs) for c, vs in ZERO_DEN.items() if c not in INDEPENDENT]
PART_WHOLE_ITEMS = {
    "II.6.5": {"II.6.5.a": 10, "II.6.5.b": 0, "II.6.5.c": 11, "II.6.5.d": 0},  # (11+0) > (10+0)
    "II.6.6": {"II.6.6.a": 10, "II.6.6.b": 6, "II.6.6.c": 5},  # 6+5 > 10
    "II.6.7": {"II.6.7.a": 11, "II.6.7.b": 0, "II.6.7.c": 10, "II.6.7.d": 0},  # (11+0) > (10+0)
    "II.6.9": {"II.6.9.a": 10, "II.6.9.b": 11},  # b > a
    "II.6.10": {"II.6.10.a": 10, "II.6.10.b": 11},  # b > a
}


@pytest.mark.parametrize("code,names", PART_WHOLE, ids=[c for c, _ in PART_WHOLE])
def test_part_larger_than_whole_is_invalid(dti, code, names):
    items = PART_WHOLE_ITEMS.get(code) or {names[0]: 11, names[1]: 10}  # a = 11 > b = 10
    check(dti, code, items, 0.0, "invalid")


def test_invalid_ratio_does_not_stop_the_rest(dti):
    r = run(dti, {"II.3.4.a": 101, "II.3.4.b": 100, "II.3.2.a": 50, "II.3.2.b": 100, "II.1.5": "có"})
    assert (row(r, "II.3.4").points, row(r, "II.3.4").status) == (0.0, "invalid")
    assert row(r, "II.3.4").explanation_vi == (
        "Dữ liệu không hợp lệ — II.3.4.a = 101 lớn hơn II.3.4.b = 100: phần không thể lớn hơn tổng → 0/10 điểm"
    )
    assert row(r, "II.3.4").explanation_en == (
        "Invalid input — II.3.4.a = 101 is larger than II.3.4.b = 100: a part cannot exceed its whole → 0/10 points"
    )
    assert (row(r, "II.3.2").points, row(r, "II.3.2").status) == (5.0, "ok")  # 50/100 × 10
    assert row(r, "II.1.5").points == 10.0
    assert row(r, "II.3").points == 5.0 and row(r, "II.3").status == "invalid"
    assert row(r, "TOTAL").points == 15.0 and row(r, "TOTAL").status == "invalid"


@pytest.mark.parametrize(
    "code,items,fragment_vi",
    [
        ("II.3.1", {"II.3.1.a": "abc", "II.3.1.b": 100}, "'abc' không phải là số"),
        ("II.3.1", {"II.3.1.a": -5, "II.3.1.b": 100}, "số âm (-5) không được phép"),
        ("II.3.1", {"II.3.1.a": "2,5", "II.3.1.b": 100}, "cần số nguyên"),
        ("II.6.17", {"II.6.17.a": "1.234", "II.6.17.b": 100}, "không rõ nghĩa"),
        ("II.6.17", {"II.6.17.a": "-0,5", "II.6.17.b": 100}, "số âm"),
        ("II.1.2", {"II.1.2.provincial": "maybe", "II.1.2.district": "yes"}, "không phải Có/Không"),
    ],
)
def test_bad_values_invalidate_only_their_criterion(dti, code, items, fragment_vi):
    r = run(dti, {**items, "II.1.5": "yes"})
    bad = row(r, code)
    assert (bad.points, bad.status) == (0.0, "invalid")
    assert fragment_vi in bad.explanation_vi
    assert row(r, "II.1.5").points == 10.0
    problem = next(p for p in r.problems if p.variable in items)
    assert (problem.district, problem.year) == ("A", 2024)


def test_ii_6_5_part_of_each_whole_is_checked(dti):
    # c (partial services with online dossiers) is a part of a (partial services with dossiers): 20 > 10
    check(dti, "II.6.5", {"II.6.5.a": 10, "II.6.5.b": 100, "II.6.5.c": 20, "II.6.5.d": 50}, 0.0, "invalid")


def test_ii_6_7_part_of_each_whole_is_checked(dti):
    # a (citizen accounts using services) is a part of c (citizen accounts registered): 60 > 50
    check(dti, "II.6.7", {"II.6.7.a": 60, "II.6.7.b": 10, "II.6.7.c": 50, "II.6.7.d": 100}, 0.0, "invalid")


def test_part_larger_than_whole_is_listed_as_a_problem(dti):
    r = run(dti, {"II.3.4.a": 101, "II.3.4.b": 100})
    found = [p for p in r.problems if "II.3.4.a" in p.variable and p.district == "A" and p.year == 2024]
    assert found and found[0].severity == "error"


# ---------------------------------------------------------------- missing inputs


def test_missing_words(dti):
    r = row(run(dti, {"II.3.1.a": 5}), "II.3.1")
    assert (r.points, r.status) == (0.0, "missing")
    assert r.explanation_vi == "Thiếu dữ liệu: II.3.1.b → 0/10 điểm"
    assert r.explanation_en == "Missing input: II.3.1.b → 0/10 points"


# ---------------------------------------------------------------- Part I denominators

# (criterion, numerator, denominator variable, Part I fields, points for numerator 1 of Part I total 4)
PART_I = [
    ("II.3.1", "II.3.1.a", "II.3.1.b", {"I.4": 4}, 2.5),  # 1/4 × 10
    ("II.3.2", "II.3.2.a", "II.3.2.b", {"I.6": 4}, 2.5),  # 1/4 × 10
    ("II.3.3", "II.3.3.a", "II.3.3.b", {"I.6": 4}, 2.5),  # 1/4 × 10
    ("II.3.4", "II.3.4.a", "II.3.4.b", {"I.7": 4}, 2.5),  # 1/4 × 10
    ("II.3.7", "II.3.7.a", "II.3.7.b", {"I.10": 1, "I.11": 3}, 2.5),  # 1/(1+3) × 10
    ("II.4.1", "II.4.1.a", "II.4.1.b", {"I.7": 4}, 0.0),  # 1 of 4 communes: not all → 0
    ("II.4.2", "II.4.2.a", "II.4.2.b", {"I.8": 4}, 2.5),  # 1/4 × 10
    ("II.4.6", "II.4.6.a", "II.4.6.b", {"I.10": 1, "I.11": 3}, 2.5),  # 1/(1+3) × 10
    ("II.4.7", "II.4.7.a", "II.4.7.b", {"I.5": 4}, 5.0),  # 1/4 × 20
    ("II.5.3", "II.5.3.a", "II.5.3.b", {"I.12": 4}, 2.5),  # 1/4 × 10
    ("II.5.4", "II.5.4.a", "II.5.4.b", {"I.13": 4}, 2.5),  # 1/4 × 10
    ("II.5.6", "II.5.6.a", "II.5.6.b", {"I.14": 4}, 2.5),  # 1/4 × 10
    ("II.5.7", "II.5.7.a", "II.5.7.b", {"I.14": 4}, 1.25),  # 1/4 × 5
    ("II.6.19", "II.6.19.a", "II.6.19.b", {"I.10": 1, "I.11": 3}, 1.25),  # 1/4 × 5
    ("II.7.1", "II.7.1.a", "II.7.1.b", {"I.16": 4}, 20.0),  # 25% ≥ 10% → 20
    ("II.7.2", "II.7.2.a", "II.7.2.b", {"I.16": 4}, 2.5),  # 25% < 50%: 0.25 × 10
    ("II.7.3", "II.7.3.a", "II.7.3.b", {"I.15": 4}, 3.75),  # 25% < 80%: 0.25 × 15
    ("II.7.4", "II.7.4.a", "II.7.4.b", {"I.15": 4}, 3.75),  # 1/4 × 15
    ("II.8.1", "II.8.1.a", "II.8.1.b", {"I.4": 4}, 5.0),  # 1/4 × 20
    ("II.8.3", "II.8.3.a", "II.8.3.b", {"I.6": 4}, 5.0),  # 1/4 × 20
]


@pytest.mark.parametrize("code,num,den,general,expected", PART_I, ids=[p[0] for p in PART_I])
def test_missing_denominator_taken_from_part_i(dti, code, num, den, general, expected):
    r = row(run(dti, {num: 1, **general}), code)
    assert (r.status, r.points) == ("ok", pytest.approx(expected))
    assert f"(mẫu số {den} lấy từ phần I)" in r.explanation_vi
    assert f"(denominator {den} taken from Part I)" in r.explanation_en


def test_part_i_fill_explanation_exactly(dti):
    r = row(run(dti, {"II.3.1.a": 50, "I.4": 200}), "II.3.1")
    assert r.explanation_vi == "Tỷ lệ = 50/200 = 25% (mẫu số II.3.1.b lấy từ phần I) → 25% × 10 = 2,5/10 điểm"
    assert r.explanation_en == (
        "Ratio = 50/200 = 25% (denominator II.3.1.b taken from Part I) → 25% × 10 = 2.5/10 points"
    )


def test_given_denominator_wins_over_part_i_with_a_warning(dti):
    r = run(dti, {"II.3.1.a": 50, "II.3.1.b": 100, "I.4": 200})
    crit = row(r, "II.3.1")
    assert crit.points == pytest.approx(5.0)  # 50/100 × 10, not 50/200
    assert "phần I" not in crit.explanation_vi
    [w] = r.prepared.warnings
    assert (w.severity, w.variable, w.district, w.year) == ("warning", "II.3.1.b", "A", 2024)


def test_part_i_sum_needs_every_field(dti):
    check(dti, "II.3.7", {"II.3.7.a": 50, "I.10": 30}, 0.0, "missing")  # I.11 not given: no guess


def test_part_i_does_not_replace_an_invalid_denominator(dti):
    check(dti, "II.3.1", {"II.3.1.a": 50, "II.3.1.b": "nhiều", "I.4": 200}, 0.0, "invalid")


def test_invalid_part_i_value_makes_the_criterion_invalid(dti):
    r = row(run(dti, {"II.3.1.a": 50, "I.4": "abc"}), "II.3.1")
    assert (r.points, r.status) == (0.0, "invalid")
    assert "I.4" in r.explanation_vi


# ---------------------------------------------------------------- exact words for each rule type


def test_explanations_of_each_rule_type(dti):
    r = run(
        dti,
        {
            "II.1.1": "Chủ tịch UBND cấp huyện",
            "II.1.2.provincial": "có",
            "II.1.2.district": "không",
            "II.1.5": "yes",
            "II.4.8.a": 69,
            "II.4.8.b": 100,
            "II.5.11.a": 7,
            "II.5.11.b": 100,
            "II.6.3.a": 9,
            "II.6.3.b": 10,
            "II.6.6.a": 100,
            "II.6.6.b": 40,
            "II.6.6.c": 39,
            "II.7.7.a": 25,
            "II.7.7.b": 10000,
            "II.8.5": 31,
            "II.3.2.a": 3,
            "II.3.2.b": 4,
        },
    )
    expected = {
        "II.1.1": (
            "II.1.1 = Chủ tịch UBND cấp huyện → 15/15 điểm",  # the label, not the choice id
            "II.1.1 = Chairman of the district People's Committee → 15/15 points",
        ),
        "II.1.2": (
            "II.1.2.provincial = có (+7,5); II.1.2.district = không (+0) → 7,5/15 điểm",
            "II.1.2.provincial = yes (+7.5); II.1.2.district = no (+0) → 7.5/15 points",
        ),
        "II.1.5": ("II.1.5 = có → 10/10 điểm", "II.1.5 = yes → 10/10 points"),
        "II.4.8": (
            "Tỷ lệ = 69/100 = 69% < 70%: Tỷ lệ × điểm tối đa → 6,9/10 điểm",
            "Ratio = 69/100 = 69% < 70%: ratio × max → 6.9/10 points",
        ),
        "II.5.11": (
            "Tỷ lệ = 7/100 = 7% ≥ 7% (mức 70% điểm tối đa) → 10,5/15 điểm",
            "Ratio = 7/100 = 7% ≥ 7% (tier 70% of max) → 10.5/15 points",
        ),
        "II.6.3": (
            "Tỷ lệ = 9/10 = 90% < 100%: dưới ngưỡng được 0 điểm → 0/10 điểm",
            "Ratio = 9/10 = 90% < 100%: 0 points below the threshold → 0/10 points",
        ),
        "II.6.6": (
            "Tỷ lệ = (40 + 39)/100 = 79% < 80%: Tỷ lệ / 80% × điểm tối đa → 19,75/20 điểm",
            "Ratio = (40 + 39)/100 = 79% < 80%: ratio / 80% × max → 19.75/20 points",
        ),
        "II.7.7": (
            "Tỷ lệ = 25/10.000 = 0,25% ≥ 0,25% → 10/10 điểm",
            "Ratio = 25/10,000 = 0.25% ≥ 0.25% → 10/10 points",
        ),
        "II.8.5": ("II.8.5 = 31 × 1 = 31, tối đa 30 → 30/30 điểm", "II.8.5 = 31 × 1 = 31, capped at 30 → 30/30 points"),
        "II.3.2": ("Tỷ lệ = 3/4 = 75% → 75% × 10 = 7,5/10 điểm", "Ratio = 3/4 = 75% → 75% × 10 = 7.5/10 points"),
    }
    for code, (vi, en) in expected.items():
        assert (row(r, code).explanation_vi, row(r, code).explanation_en) == (vi, en), code


def test_proportional_explanation(dti):
    r = row(run(dti, {"II.4.8.a": 69, "II.4.8.b": 100}, options=PROP), "II.4.8")
    assert r.explanation_vi == "Tỷ lệ = 69/100 = 69% < 70%: Tỷ lệ / 70% × điểm tối đa → 9,86/10 điểm"
    assert r.explanation_en == "Ratio = 69/100 = 69% < 70%: ratio / 70% × max → 9.86/10 points"


def test_tier_explanation_below_every_tier_and_gate(dti):
    r = run(dti, {"II.5.11.a": "2,99", "II.5.11.b": 100, "II.1.4.section": "no"})
    assert row(r, "II.5.11").explanation_vi == "Tỷ lệ = 2,99/100 = 2,99% < 3% → 0/15 điểm"
    assert row(r, "II.1.4").explanation_vi == "II.1.4.section = không → 0/15 điểm"


def test_hundred_percent_threshold_explanation_says_it_once(dti):
    r = run(dti, {"II.4.1.a": 12, "II.4.1.b": 12, "II.6.3.a": 50, "II.6.3.b": 50})
    for code in ("II.4.1", "II.6.3"):
        text = row(r, code).explanation_vi
        assert not re.search(r"= 100%.*= 100%", text), text


# ---------------------------------------------------------------- pillars and total


def test_pillar_and_total_rows(dti):
    r = run(
        dti,
        {
            "II.1.1": "chairman",  # 15
            "II.1.2.provincial": "yes",
            "II.1.2.district": "no",  # 7.5
            "II.1.6": "weekly",  # 15
            "II.2.9": "có",  # 20
            "II.3.5.a": 3,
            "II.3.5.b": 4,  # 22.5
            "II.6.1.compliant": "yes",
            "II.6.1.ipv6": "yes",  # 10
            "II.8.5": 12,  # 12
        },
    )
    pillars = {
        # code: (points, index)
        "II.1": (37.5, 0.46875),  # 15 + 7.5 + 15 = 37.5; 37.5/80
        "II.2": (20.0, 1 / 6),  # 20/120
        "II.3": (22.5, 0.225),  # 22.5/100
        "II.4": (0.0, 0.0),
        "II.5": (0.0, 0.0),
        "II.6": (10.0, 10 / 260),  # 10/260
        "II.7": (0.0, 0.0),
        "II.8": (12.0, 12 / 110),  # 12/110
    }
    for code, (points, index) in pillars.items():
        p = row(r, code)
        assert p.level == "pillar" and p.pillar == code
        assert p.points == pytest.approx(points), code
        assert p.max_points == PILLAR_MAX[code], code
        assert p["index"] == pytest.approx(index), code
        assert p.status == "missing", code  # every pillar has unanswered criteria
    t = row(r, "TOTAL")
    assert t.level == "total"
    assert t.points == pytest.approx(102.0)  # 37.5 + 20 + 22.5 + 10 + 12
    assert t.max_points == 1000
    assert t["index"] == pytest.approx(0.102)
    assert t.status == "missing" and not bool(t.provisional)
    assert t.explanation_vi == "Tổng 74 tiêu chí: 102/1.000 điểm (chỉ số 10,2%); 67 tiêu chí thiếu dữ liệu"
    assert t.explanation_en == "Sum of 74 criteria: 102/1,000 points (index 10.2%); 67 with missing input"
    assert len(r.criteria()) == 74 and len(r.pillars()) == 8 and len(r.totals()) == 1


def test_criterion_rows_carry_their_pillar_and_index(dti):
    r = run(dti, {"II.3.5.a": 3, "II.3.5.b": 4})
    c = row(r, "II.3.5")
    assert (c.level, c.pillar, c.max_points) == ("criterion", "II.3", 30.0)
    assert c["index"] == pytest.approx(0.75)  # 22.5/30
    assert c.measure == pytest.approx(0.75)


# ---------------------------------------------------------------- a perfect district and an empty one

# Every input at its best value; thresholds met exactly where there is one.
PERFECT = {
    "II.1.1": "chairman",
    "II.1.2.provincial": "yes",
    "II.1.2.district": "yes",
    "II.1.3.a": 4,
    "II.1.3.b": 4,
    "II.1.4.section": "yes",
    "II.1.4.articles": 10,
    "II.1.5": "yes",
    "II.1.6": "weekly",
    "II.2.1": "yes",
    "II.2.2": "yes",
    "II.2.3": "yes",
    "II.2.4": "yes",
    "II.2.5": "yes",
    "II.2.6": "yes",
    "II.2.7": "yes",
    "II.2.8": "yes",
    "II.2.9": "yes",
    "II.2.10": "yes",
    "II.3.1.a": 90000,
    "II.3.1.b": 90000,
    "II.3.2.a": 20000,
    "II.3.2.b": 20000,
    "II.3.3.a": 20000,
    "II.3.3.b": 20000,
    "II.3.4.a": 15,
    "II.3.4.b": 15,
    "II.3.5.a": 8,
    "II.3.5.b": 8,
    "II.3.6.a": 8,
    "II.3.6.b": 8,
    "II.3.7.a": 300,
    "II.3.7.b": 300,
    "II.4.1.a": 15,
    "II.4.1.b": 15,
    "II.4.2.a": 120,
    "II.4.2.b": 120,
    "II.4.3": "yes",
    "II.4.4.a": 12,
    "II.4.4.b": 12,
    "II.4.5": "dedicated",
    "II.4.6.a": 300,
    "II.4.6.b": 300,
    "II.4.7.a": 50000,
    "II.4.7.b": 50000,
    "II.4.8.a": 70,
    "II.4.8.b": 100,
    "II.5.1.a": 5,
    "II.5.1.b": 5,
    "II.5.2.a": 5,
    "II.5.2.b": 5,
    "II.5.3.a": 3,
    "II.5.3.b": 3,
    "II.5.4.a": 300,
    "II.5.4.b": 300,
    "II.5.5.a": 2,
    "II.5.5.b": 2,
    "II.5.6.a": 5,
    "II.5.6.b": 5,
    "II.5.7.a": 5,
    "II.5.7.b": 5,
    "II.5.8.a": 2,
    "II.5.8.b": 2,
    "II.5.9.incidents": 0,
    "II.5.9.reviewed": "yes",
    "II.5.10.a": 0,
    "II.5.10.b": 0,
    "II.5.11.a": 10,
    "II.5.11.b": 100,
    "II.6.1.compliant": "yes",
    "II.6.1.ipv6": "yes",
    "II.6.2.published": "yes",
    "II.6.2.technical": "yes",
    "II.6.3.a": 200,
    "II.6.3.b": 200,
    "II.6.4.a": 300,
    "II.6.4.b": 300,
    "II.6.5.a": 100,
    "II.6.5.b": 200,
    "II.6.5.c": 100,
    "II.6.5.d": 200,
    "II.6.6.a": 1000,
    "II.6.6.b": 300,
    "II.6.6.c": 500,
    "II.6.7.a": 800,
    "II.6.7.b": 50,
    "II.6.7.c": 800,
    "II.6.7.d": 50,
    "II.6.8.a": 40,
    "II.6.8.b": 40,
    "II.6.9.a": 500,
    "II.6.9.b": 500,
    "II.6.10.a": 90,
    "II.6.10.b": 90,
    "II.6.11.district": "yes",
    "II.6.11.agencies": "yes",
    "II.6.12": "yes",
    "II.6.13": "personalized",
    "II.6.14": "personalized",
    "II.6.15": "yes",
    "II.6.16": "yes",
    "II.6.17.a": 1,
    "II.6.17.b": 100,
    "II.6.18.a": 5000,
    "II.6.18.b": 5000,
    "II.6.19.a": 300,
    "II.6.19.b": 300,
    "II.6.20": "yes",
    "II.7.1.a": 10,
    "II.7.1.b": 100,
    "II.7.2.a": 50,
    "II.7.2.b": 100,
    "II.7.3.a": 80,
    "II.7.3.b": 100,
    "II.7.4.a": 100,
    "II.7.4.b": 100,
    "II.7.5.a": 5,
    "II.7.5.b": 100,
    "II.7.6.a": 5,
    "II.7.6.b": 100,
    "II.7.7.a": "0,25",
    "II.7.7.b": 100,
    "II.8.1.a": 90000,
    "II.8.1.b": 90000,
    "II.8.2.a": 80,
    "II.8.2.b": 100,
    "II.8.3.a": 20000,
    "II.8.3.b": 20000,
    "II.8.4": 10,
    "II.8.5": 30,
}


def test_perfect_inputs_name_every_variable(dti):
    assert set(PERFECT) == set(dti.variables)


def test_perfect_district_scores_1000(dti):
    r = run(dti, PERFECT, bounds={"II.8.4": {2024: (0, 10)}})
    crit = r.criteria()
    assert set(crit.status) == {"ok"}, crit[crit.status != "ok"][["code", "status", "explanation_en"]]
    for c in crit.itertuples():
        assert c.points == pytest.approx(MAX[c.code]), (c.code, c.explanation_en)
    for code, mx in PILLAR_MAX.items():
        assert (row(r, code).points, row(r, code)["index"], row(r, code).status) == (pytest.approx(mx), 1.0, "ok")
    t = row(r, "TOTAL")
    assert t.points == pytest.approx(1000.0) and t["index"] == pytest.approx(1.0) and t.status == "ok"
    assert not bool(t.provisional)
    # the threshold-only-met criteria do not depend on the reading
    r2 = run(dti, PERFECT, options=PROP, bounds={"II.8.4": {2024: (0, 10)}})
    assert row(r2, "TOTAL").points == pytest.approx(1000.0)


def test_perfect_district_with_a_peer_instead_of_bounds(dti):
    data = rows(*PERFECT.items()) + rows(("II.8.4", 0), district="B")
    r = score(inputs(data), dti)
    assert row(r, "II.8.4").points == 20.0  # (10-0)/(10-0) × 20
    assert row(r, "TOTAL").points == pytest.approx(1000.0)


def test_nothing_given_every_criterion_missing_total_zero(dti):
    r = run(dti, {"I.1": "Huyện Không Có Số Liệu"})
    crit = r.criteria()
    assert len(crit) == 74
    assert set(crit.status) == {"missing"}
    assert set(crit.points) == {0.0}
    assert all(t.startswith("Thiếu dữ liệu: ") for t in crit.explanation_vi)
    for code in PILLAR_MAX:
        assert (row(r, code).points, row(r, code).status) == (0.0, "missing")
    t = row(r, "TOTAL")
    assert (t.points, t.max_points, t["index"], t.status) == (0.0, 1000.0, 0.0, "missing")
    assert not bool(t.provisional)  # missing, not waiting for peers


def test_district_with_only_blank_values_is_scored_missing_not_dropped(dti):
    data = rows(("II.1.5", "yes")) + rows(("II.1.5", ""), ("II.3.1.a", ""), district="B")
    r = score(inputs(data), dti)
    totals = r.totals().set_index("district")
    assert "B" in totals.index
    assert (totals.loc["B", "points"], totals.loc["B", "status"]) == (0.0, "missing")


# ---------------------------------------------------------------- every criterion is exercised above


def test_every_criterion_has_hand_computed_cases():
    covered = (
        set(PLAIN_IDS)
        | {"II.6.5", "II.6.7"}
        | {c[0] for c in THRESHOLDS}
        | {"II.3.7", "II.4.4"}
        | {"II.5.11", "II.1.4"}
        | set(YES_NO)
        | {c[0] for c in CHOICES}
        | {p[0] for p in PARTS}
        | {"II.8.5", "II.5.9", "II.8.4"}
    )
    assert covered == set(MAX)

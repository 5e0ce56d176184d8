from dxkit.core import fmt


def test_vietnamese_numbers_use_decimal_comma_and_dot_thousands():
    assert fmt.number(85.5) == "85,5"
    assert fmt.number(1234.5) == "1.234,5"
    assert fmt.number(1000) == "1.000"
    assert fmt.number(85.5, "en") == "85.5"
    assert fmt.number(1234.5, "en") == "1,234.5"


def test_trailing_zeros_trimmed_and_rounded():
    assert fmt.number(7.0) == "7"
    assert fmt.number(6.666666) == "6,67"
    assert fmt.number(-0.001) == "0"


def test_percent_and_points():
    assert fmt.percent(0.725) == "72,5%"
    assert fmt.percent(1.3, "en") == "130%"
    assert fmt.points(7.5, 10) == "7,5/10 điểm"
    assert fmt.points(7.5, 10, "en") == "7.5/10 points"

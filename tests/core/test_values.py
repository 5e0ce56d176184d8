"""Raw cell values → numbers, with every rejection explained."""

import pytest

from dxkit.core.catalogue import EMPTY, Choice, Text, Variable
from dxkit.core.values import ValueProblem, clean_text, parse_value

COUNT = Variable("X.a", "X", "count", Text({"vi": "a", "en": "a"}), EMPTY)
AMOUNT = Variable("X.m", "X", "amount", Text({"vi": "m", "en": "m"}), EMPTY)
BOOL = Variable("X.b", "X", "bool", Text({"vi": "b", "en": "b"}), EMPTY)
CHOICE = Variable(
    "X.c",
    "X",
    "choice",
    Text({"vi": "c", "en": "c"}),
    EMPTY,
    choices=(
        Choice("chairman", Text({"vi": "Chủ tịch UBND", "en": "Chairman"})),
        Choice("none", Text({"vi": "Chưa có", "en": "None"})),
    ),
)


@pytest.mark.parametrize("raw", ["yes", "YES", "true", "1", "có", "Có", " CÓ ", 1, True])
def test_true_words(raw):
    assert parse_value(raw, BOOL) == 1.0


@pytest.mark.parametrize("raw", ["no", "False", "0", "không", "Không", 0, False])
def test_false_words(raw):
    assert parse_value(raw, BOOL) == 0.0


def test_bool_rejects_other_words():
    with pytest.raises(ValueProblem) as exc:
        parse_value("maybe", BOOL)
    assert "not yes/no" in exc.value.text("en")


def test_decomposed_vietnamese_is_accepted():
    import unicodedata

    assert parse_value(unicodedata.normalize("NFD", "Có"), BOOL) == 1.0
    assert parse_value(unicodedata.normalize("NFD", "chủ tịch ubnd"), CHOICE) == 0.0


@pytest.mark.parametrize("raw,expected", [("chairman", 0), ("Chủ tịch UBND", 0), ("None", 1), ("chưa có", 1)])
def test_choice_by_id_or_label(raw, expected):
    assert parse_value(raw, CHOICE) == expected


def test_choice_outside_list_names_the_choices():
    with pytest.raises(ValueProblem) as exc:
        parse_value("phó chủ tịch", CHOICE)
    assert "chairman (Chủ tịch UBND), none (Chưa có)" in exc.value.text("vi")


@pytest.mark.parametrize(
    "raw,expected", [("1234", 1234.0), ("12.5", 12.5), ("12,5", 12.5), ("0,125", 0.125), (" 7 ", 7.0), (3.25, 3.25)]
)
def test_amounts(raw, expected):
    assert parse_value(raw, AMOUNT) == expected


@pytest.mark.parametrize("raw", ["1.234", "1,234", "12.500"])
def test_ambiguous_thousands_rejected(raw):
    with pytest.raises(ValueProblem) as exc:
        parse_value(raw, AMOUNT)
    assert "ambiguous" in exc.value.text("en") and "không rõ nghĩa" in exc.value.text("vi")


@pytest.mark.parametrize(
    "raw,fragment",
    [
        ("abc", "is not a number"),
        ("-1", "negative"),
        ("2.5", "whole number"),
        ("1.2.3", "is not a number"),
        ("1.234.56", "is not a number"),
    ],
)
def test_count_rejections(raw, fragment):
    with pytest.raises(ValueProblem) as exc:
        parse_value(raw, COUNT)
    assert fragment in exc.value.text("en")


def test_clean_text_normalises_spaces_and_unicode():
    import unicodedata

    assert clean_text("  Chư   Prông ") == "Chư Prông"
    assert clean_text(unicodedata.normalize("NFD", "Đak Đoa")) == "Đak Đoa"

"""Problems carry stable reason codes; the engine returns the rules' findings directly."""

import pytest

from dxkit import InputError, score
from dxkit.core import values
from dxkit.core.engine import evaluate
from dxkit.core.problems import Reason
from dxkit.intake.validate import validate
from tests.conftest import inputs, rows


def reasons(problems):
    return {(p.severity, p.reason) for p in problems}


def test_a_part_above_its_whole_is_an_error_with_its_code(toy):
    a = score(inputs(rows(("C.1.1.a", "1200"), ("C.1.1.b", "1000"))), toy)
    assert ("error", Reason.PART_LARGER_THAN_WHOLE) in reasons(a.problems)
    assert ("error", "part_larger_than_whole") in reasons(a.problems)  # a Reason is its plain string


def test_a_whole_from_part_i_below_its_part_is_capped_and_said_twice(toy):
    a = score(inputs(rows(("C.1.1.a", "1200"), ("I.1", "1000"))), toy)
    found = reasons(a.problems)
    assert ("warning", Reason.WHOLE_FROM_PART_I) in found  # preparation: enter the whole
    assert ("warning", Reason.RATIO_CAPPED) in found  # the rule: capped at 100%, to review
    assert [p.reason for p in a.findings] == [Reason.RATIO_CAPPED]
    assert a.findings[0].district == "A" and a.findings[0].year == 2024 and a.findings[0].variable == "C.1.1"


def test_the_engine_returns_findings_not_attrs(toy):
    a = score(inputs(rows(("C.1.1.a", "1200"), ("I.1", "1000"))), toy)
    p = a.prepared
    scored = evaluate(p.values, toy, a.options, None, p.invalid, from_general=p.from_general, explain=False)
    assert not scored.criteria.attrs
    assert [f.reason for f in scored.problems] == [Reason.RATIO_CAPPED]


def test_input_problems_have_codes(toy):
    with pytest.raises(InputError) as err:
        score(inputs([("A", "năm 2024", "C.1.2", 1), ("A", 2024, "C.1.9", 1)]), toy)
    assert reasons(err.value.problems) == {("error", Reason.BAD_YEAR), ("error", Reason.UNKNOWN_VARIABLE)}
    assert values.AMBIGUOUS_DECIMAL == Reason.AMBIGUOUS_DECIMAL


def test_validation_codes(toy):
    found = validate(
        inputs(rows(("C.1.1.a", "10"), ("C.1.1.b", "100"), ("I.1", "120"), ("C.1.2", "x"), ("C.1.3", 2))), toy
    )
    assert reasons(found) >= {
        ("warning", Reason.DIFFERS_FROM_PART_I),
        ("error", Reason.INVALID_VALUE),
        ("warning", Reason.PROVISIONAL),
    }
    assert all(p.reason for p in found)

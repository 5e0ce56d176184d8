"""A rule type registered from outside dxkit works end to end: score, validate, explain, plan."""

import numpy as np
import pytest
import yaml

from dxkit import CatalogueError, load_catalogue, score
from dxkit import analysis as an
from dxkit.core.problems import Reason
from dxkit.core.rules import MISSING, OK, RULES, Outcome, Rule, register_rule
from dxkit.intake.validate import validate
from tests.conftest import inputs, rows

TEXT = {"vi": "x", "en": "x"}


@pytest.fixture
def at_least():
    """`at_least`: value ≥ min → full points, else 0; its lever raises the value to min."""

    @register_rule
    class AtLeast(Rule):
        name = "at_least"
        required = ("value", "min")

        def check_params(self, params):
            return [] if params.get("min", 0) > 0 else [f"min {params['min']} is not positive"]

        def variables(self, params):
            return [params["value"]]

        def score(self, ctx):
            v = ctx.get(ctx.params["value"])
            status = np.where(np.isnan(v), MISSING, OK).astype(np.int8)
            share = np.where(status == OK, (v >= ctx.params["min"]).astype(float), 0.0)
            return Outcome(share, status, v)

        def explain(self, ctx, o, i, lang):
            return f"{ctx.params['value']} = {o.measure[i]:g} ≥ {ctx.params['min']}? → {o.share[i] * ctx.max_points:g}"

        def lever(self, unit, params):
            return (
                unit.raise_to([params["value"]], params["min"], params["min"])
                if unit.value(params["value"]) < params["min"]
                else None
            )

    yield AtLeast
    del RULES["at_least"]


def _framework(tmp_path, rule: dict) -> object:
    """A tiny framework: one pillar, an `at_least` criterion (60) and a yes/no (40)."""
    fw = {
        "framework": {"id": "tiny", "name": TEXT, "version": "1", "total_max": 100},
        "departments": [{"id": "d", "name": TEXT}],
        "pillars": [
            {
                "code": "P",
                "name": TEXT,
                "max_points": 100,
                "criteria": [
                    {
                        "code": "P.1",
                        "name": TEXT,
                        "max_points": 60,
                        "method": TEXT,
                        "evidence": TEXT,
                        "responsible": ["d"],
                        "inputs": [
                            {
                                "id": "P.1",
                                "type": "count",
                                "label": {"vi": "Số điểm", "en": "Points"},
                                "unit": {"vi": "điểm", "en": "points"},
                            }
                        ],
                        "rule": rule,
                    },
                    {
                        "code": "P.2",
                        "name": TEXT,
                        "max_points": 40,
                        "method": TEXT,
                        "evidence": TEXT,
                        "responsible": ["d"],
                        "inputs": [{"id": "P.2", "type": "bool", "label": TEXT}],
                        "rule": {"type": "yes_no", "value": "P.2"},
                    },
                ],
            }
        ],
    }
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(fw, allow_unicode=True), encoding="utf-8")
    return load_catalogue(path)


def test_a_rule_type_registered_from_a_test_scores_validates_explains_and_plans(at_least, tmp_path):
    cat = _framework(tmp_path, {"type": "at_least", "value": "P.1", "min": 5})
    data = inputs(
        rows(("P.1", 3), ("P.2", "có"), district="A")
        + rows(("P.1", 7), ("P.2", "không"), district="B")
        + rows(("P.2", "có"), district="C")
    )
    a = score(data, cat)
    crit = a.criteria().set_index(["district", "code"])
    assert crit.loc[("A", "P.1"), "points"] == 0 and crit.loc[("B", "P.1"), "points"] == 60
    assert crit.loc[("A", "P.1"), "explanation_en"] == "P.1 = 3 ≥ 5? → 0"
    assert crit.loc[("C", "P.1"), "status"] == "missing"
    totals = a.totals().set_index("district")["points"]
    assert list(totals) == [40, 60, 40]  # A: 0 + 40, B: 60 + 0, C: missing + 40

    missing = [p for p in validate(data, cat) if p.reason == Reason.MISSING_INPUT]
    assert [(p.district, p.variable) for p in missing] == [("C", "P.1")]

    plan = an.plan_to_target(a, "A", 2024, target_total=100)
    assert list(plan["code"]) == ["P.1"] and list(plan["to_value"]) == [5]
    assert plan["gain"].iloc[0] == pytest.approx(60)
    assert an.what_if(a, plan).totals().set_index("district")["points"]["A"] == pytest.approx(100)
    wins = an.quick_wins(a, "B", 2024)
    assert list(wins["code"]) == ["P.2"] and wins["points"].iloc[0] == pytest.approx(40)


def test_the_registered_rule_checks_its_own_parameters(at_least, tmp_path):
    with pytest.raises(CatalogueError) as err:
        _framework(tmp_path, {"type": "at_least", "value": "P.1", "min": 0, "treshold": 1})
    assert "P.1 › rule: min 0 is not positive" in err.value.text("en")
    assert (
        "P.1 › rule › treshold: rule at_least does not take `treshold` (suggestion: use one of: min, value)"
        in err.value.text("en")
    )


def test_an_unregistered_rule_type_is_a_clear_catalogue_error(tmp_path):
    with pytest.raises(CatalogueError) as err:
        _framework(tmp_path, {"type": "at_least", "value": "P.1", "min": 5})
    assert "P.1 › rule › type: unknown rule type 'at_least' (suggestion: use one of: " in err.value.text("en")
    assert "loại quy tắc" not in err.value.text("en") and "ratio" in err.value.text("en")


def test_a_rule_type_is_registered_once(at_least):
    with pytest.raises(ValueError, match="already registered"):
        register_rule(at_least)

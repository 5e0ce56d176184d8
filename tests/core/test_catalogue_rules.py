"""Load-time checks of rule parameters: a misspelt parameter fails at load, not while scoring."""

import pytest
import yaml

from dxkit import CatalogueError, load_catalogue
from tests.conftest import DATA


def _broken(tmp_path, change):
    raw = yaml.safe_load((DATA / "toy_commune.yaml").read_text(encoding="utf-8"))
    change(raw["pillars"][0]["criteria"][0]["rule"])
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_misspelt_below_and_override_value_are_both_reported(tmp_path):
    def change(rule):
        rule["below"] = "proportionnal"
        rule["overrides"] = {"zero_denominator": {"ful": {"on_zero": "full"}}}

    with pytest.raises(CatalogueError) as exc:
        load_catalogue(_broken(tmp_path, change))
    text = exc.value.text("en")
    assert (
        "C.1.1 › rule › below: `below`: 'proportionnal' is not one of linear, proportional, zero "
        "(suggestion: did you mean proportional?)" in text
    )
    assert (
        "C.1.1 › rule › overrides › zero_denominator › ful: overrides name value 'ful', which option zero_denominator does not have (suggestion: did you mean full?)"
        in text
    )


def test_threshold_out_of_range_and_missing_denominator(tmp_path):
    def change(rule):
        rule["threshold"] = 50
        del rule["denominator"]

    with pytest.raises(CatalogueError) as exc:
        load_catalogue(_broken(tmp_path, change))
    assert (
        "C.1.1 › rule › threshold: threshold 50 is not in (0, 1] (suggestion: write a threshold as a share of 1: 80% is 0.8)"
        in exc.value.text("en")
        and "rule ratio needs `denominator`" in exc.value.text("en")
    )

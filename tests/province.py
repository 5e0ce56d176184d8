"""Hand-made data for the analysis, narrative and plot tests (the real DTI catalogue, no sample files).

`full_marks` gives every criterion its maximum: ratios 100/100, yes everywhere, the best choice,
Min-Max values equal across units (max = min and x > 0 → full). Each unit then loses known points:

2024  A  941.76  II.2.9 no (−20), II.1.1 none (−15), II.1.4 no section (−15), II.6.8 588/1000 (−8.24)
      B  981     II.7.1 5/100 = 5% < 10%, as written r × 20 = 1 (−19)
      C  978     II.8.4 = 4 while the others have 10: Min-Max 0 (−20); II.6.1 no IPv6 (−2)
      D  981     II.7.5 21/800, r / 5% × 40 = 21 (−19); II.7.5 has two responsible departments
2023  A  965     alone in its year: II.5.9 and II.8.4 need peers (−25, provisional); II.6.8 50/100 (−10)
"""

from __future__ import annotations

import pandas as pd
import pytest

from dxkit import Assessment, Catalogue, score


def full_marks(cat: Catalogue, overrides: dict | None = None) -> dict[str, object]:
    """Variable → value giving every criterion its maximum, then `overrides`."""
    values: dict[str, object] = {}
    for crit in cat.criteria.values():
        rule = crit.rule
        if "numerator" in rule:
            values.update({d: 100 for d in rule["denominator"]})
            values.update({n: 100 * len(rule["denominator"]) // len(rule["numerator"]) for n in rule["numerator"]})
        if rule["type"] == "tiers" and rule.get("value"):
            values[rule["value"]] = max(t["min"] for t in rule["tiers"])
        if rule.get("gate"):
            values[rule["gate"]] = "có"
        if rule["type"] == "yes_no":
            values[rule["value"]] = "có"
        if rule["type"] == "parts":
            values.update({p["value"]: "có" for p in rule["parts"]})
        if rule["type"] == "choice":
            values[rule["value"]] = max(rule["shares"], key=rule["shares"].get)
        if rule["type"] == "count":
            values[rule["value"]] = int(crit.max_points / rule["points_each"])
        if rule["type"] == "minmax":
            values[rule["value"]] = 10
            # the "reviewed, none found" flag contradicts incidents > 0 (issue 8 §3): not reviewed
            values.update({c["var"]: "không" for c in rule.get("full_if") or [] if c["var"] != rule["value"]})
    values.update(overrides or {})
    return values


def table(units: dict[tuple[str, int], dict[str, object]]) -> pd.DataFrame:
    """Tidy inputs from {(district, year): {variable: value}}."""
    rows = [(d, y, var, val) for (d, y), values in units.items() for var, val in values.items()]
    return pd.DataFrame(rows, columns=["district", "year", "variable", "value"])


OVERRIDES = {
    ("A", 2024): {
        "II.2.9": "không",
        "II.1.1": "none",
        "II.1.4.section": "không",
        "II.1.4.articles": 3,
        "II.6.8.a": 588,
        "II.6.8.b": 1000,
    },
    ("B", 2024): {"II.7.1.a": 5},
    ("C", 2024): {"II.8.4": 4, "II.6.1.ipv6": "không"},
    ("D", 2024): {"II.7.5.a": 21, "II.7.5.b": 800},
    ("A", 2023): {"II.6.8.a": 50},
}


def assess(cat: Catalogue, units: dict[tuple[str, int], dict] | None = None, **kwargs) -> Assessment:
    """Score full-marks units with the given overrides (default: the province above)."""
    units = OVERRIDES if units is None else units
    return score(table({key: full_marks(cat, ov) for key, ov in units.items()}), cat, **kwargs)


@pytest.fixture(scope="session")
def province(dti: Catalogue) -> Assessment:
    return assess(dti)


@pytest.fixture(scope="session")
def empty_unit(dti: Catalogue) -> Assessment:
    """Z has only a Part I value: every criterion is missing. B is a complete peer."""
    units = table({("B", 2024): full_marks(dti), ("Z", 2024): {"I.4": 1000}})
    return score(units, dti)

"""The difference between a unit's self-assessment and the province's appraisal, explained.

Each stage is scored as its own assessment (`Assessment.of_stage`): the points of a criterion may
differ because one of its inputs was appraised (a correction with its reason) or, for a Min-Max
criterion, because a peer's value was (`moved_by_peers`). Every table is tidy, one row per thing,
with ids and the names of the reader's language:

- `corrections`: every appraised value (self value → appraised value, reason, responsible department);
- `stage_points`: self and appraised points of every unit-year and code, and Δ = appraised − self;
- `unit_appraisal`: one unit-year, per criterion that moved or had an input corrected;
- `units_by_change`, `criteria_corrected`, `departments_corrected`: the province's view of a year.
"""

from __future__ import annotations

import pandas as pd

from dxkit.analysis._common import TOL, TOTAL, check_unit, code_order
from dxkit.core import vocab
from dxkit.core.assessment import Assessment
from dxkit.core.catalogue import Catalogue
from dxkit.core.prepare import APPRAISED, SELF, appraised_rows, shown_, staged
from dxkit.core.units import unit_key

CORRECTION_COLUMNS = [
    "district",
    "year",
    "variable",
    "codes",
    "department_id",
    "department",
    "self_value",
    "appraised_value",
    "reason",
    "file",
    "sheet",
    "cell",
]
UNIT_COLUMNS = [
    "code",
    "criterion",
    "max_points",
    "self_points",
    "appraised_points",
    "delta",
    "changes",
    "reason",
    "moved_by_peers",
    "department_id",
    "department",
]
PROVINCE_COLUMNS = [
    "district",
    "year",
    "self_total",
    "appraised_total",
    "delta",
    "self_rank",
    "appraised_rank",
    "values",
    "criteria",
]
CRITERION_COLUMNS = ["code", "criterion", "department_id", "department", "units", "values", "delta"]
DEPARTMENT_COLUMNS = ["department_id", "department", "values", "units", "criteria", "delta"]


def _fed(catalogue: Catalogue) -> dict[str, list[str]]:
    """Variable or Part I field → the criteria it feeds, in catalogue order."""
    fed: dict[str, list[str]] = {}
    for crit in catalogue.criteria.values():
        for var in crit.inputs:
            for source in (var.id, *var.from_general):
                codes = fed.setdefault(source, [])
                if crit.code not in codes:
                    codes.append(crit.code)
    return fed


def _owner(catalogue: Catalogue, variable: str, codes: list[str]) -> str:
    """The department that supplies a variable: its criterion's first responsible (the sheet it is on),
    or the one Part I names for a field ('' for the unit's own committee)."""
    field = catalogue.general_fields.get(variable)
    if field is not None:
        return field.department or ""
    return catalogue.criteria[codes[0]].responsible[0] if codes else ""


def corrections(assessment: Assessment, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """Every appraised value: unit (as the assessment names it), year, variable, the criteria it feeds
    (`codes`, a tuple), the department that supplied it, the self value and the appraised value as
    written, the reason, and where the appraised value was read."""
    given = appraised_rows(assessment.inputs)
    if given.empty:
        return pd.DataFrame(columns=CORRECTION_COLUMNS)
    cat = assessment.catalogue
    names = assessment.prepared.names
    own = staged(assessment.inputs, SELF)
    own_value = {
        (unit_key(d), str(y), v): shown_(x) for d, y, v, x in own[["district", "year", "variable", "value"]].to_numpy()
    }
    fed = _fed(cat)
    rows = []
    for r in given.itertuples(index=False):
        codes = fed.get(r.variable, [])
        owner = _owner(cat, r.variable, codes)
        rows.append(
            {
                "district": names.get(r.district, r.district),
                "year": int(float(str(r.year))),
                "variable": r.variable,
                "codes": tuple(codes),
                "department_id": owner,
                "department": cat.department_name(owner, lang) if owner else "",
                "self_value": own_value.get((unit_key(r.district), str(r.year), r.variable), ""),
                "appraised_value": shown_(r.value),
                "reason": shown_(r.reason),
                "file": str(r.file),
                "sheet": str(r.sheet),
                "cell": str(r.cell),
            }
        )
    return pd.DataFrame(rows, columns=CORRECTION_COLUMNS)


def stage_points(assessment: Assessment) -> pd.DataFrame:
    """Per unit-year and code (criteria, pillars, TOTAL): `level`, `max_points`, `self_points`,
    `appraised_points` and `delta` (appraised − self). Without an appraisal Δ is 0 everywhere."""
    keys = ["district", "year", "level", "code"]
    own = assessment.of_stage(SELF).scores[[*keys, "max_points", "points"]]
    final = assessment.of_stage(APPRAISED).scores[[*keys, "points"]]
    both = own.astype({"level": str, "code": str}).merge(
        final.astype({"level": str, "code": str}), on=keys, suffixes=("_self", "_appraised"), how="outer"
    )
    both = both.rename(columns={"points_self": "self_points", "points_appraised": "appraised_points"})
    return both.assign(delta=both["appraised_points"] - both["self_points"])


def unit_appraisal(assessment: Assessment, district: str, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """One unit-year's appraisal, per criterion whose points moved or whose input was corrected, largest
    fall first: self and appraised points, Δ, the changed inputs ('II.1.5: có → không'), the reasons,
    the responsible department, and `moved_by_peers` (a Min-Max criterion moved by other units'
    appraised values, none of its own corrected). Empty when nothing of the unit-year moved."""
    district = check_unit(assessment, district, year)
    cat = assessment.catalogue
    points = stage_points(assessment)
    points = points[(points["district"] == district) & (points["year"] == year) & (points["level"] == "criterion")]
    fixed = corrections(assessment, lang)
    fixed = fixed[(fixed["district"] == district) & (fixed["year"] == year)].explode("codes")
    rows = []
    for r in points.itertuples(index=False):
        own = fixed[fixed["codes"] == r.code]
        if abs(r.delta) <= TOL and own.empty:
            continue
        owner = cat.criteria[r.code].responsible[0]
        changes = "; ".join(
            f"{v}: {s or '∅'} → {a}" for v, s, a in own[["variable", "self_value", "appraised_value"]].to_numpy()
        )
        rows.append(
            {
                "code": r.code,
                "criterion": cat.criteria[r.code].name(lang),
                "max_points": r.max_points,
                "self_points": r.self_points,
                "appraised_points": r.appraised_points,
                "delta": r.delta,
                "changes": changes,
                "reason": "; ".join(dict.fromkeys(own["reason"])),
                "moved_by_peers": own.empty,
                "department_id": owner,
                "department": cat.department_name(owner, lang),
            }
        )
    order = code_order(cat)
    out = pd.DataFrame(rows, columns=UNIT_COLUMNS)
    return out.assign(_o=out["code"].map(order)).sort_values(["delta", "_o"], kind="stable").drop(columns="_o")


def is_appraised(assessment: Assessment, district: str, year: int) -> bool:
    """True when some value of the unit-year was appraised."""
    fixed = corrections(assessment)
    return bool(((fixed["district"] == district) & (fixed["year"] == year)).any())


def _rank(points: pd.Series) -> pd.Series:
    return points.round(6).rank(method="min", ascending=False).astype(int)


def units_by_change(assessment: Assessment, year: int) -> pd.DataFrame:
    """The units of `year` whose total moved or whose values were corrected, largest fall first: self
    and appraised totals, Δ, rank in each stage, how many values were corrected and criteria moved."""
    points = stage_points(assessment)
    points = points[points["year"] == year]
    totals = points[points["code"] == TOTAL].reset_index(drop=True)
    totals = totals.assign(self_rank=_rank(totals["self_points"]), appraised_rank=_rank(totals["appraised_points"]))
    crit = points[(points["level"] == "criterion") & (points["delta"].abs() > TOL)]
    fixed = corrections(assessment)
    fixed = fixed[fixed["year"] == year]
    out = totals.assign(
        values=totals["district"].map(fixed["district"].value_counts()).fillna(0).astype(int),
        criteria=totals["district"].map(crit["district"].value_counts()).fillna(0).astype(int),
    ).rename(columns={"self_points": "self_total", "appraised_points": "appraised_total"})
    out = out[(out["delta"].abs() > TOL) | (out["values"] > 0)]
    return out.sort_values(["delta", "district"], kind="stable")[PROVINCE_COLUMNS].reset_index(drop=True)


def criteria_corrected(assessment: Assessment, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """The criteria of `year` whose inputs were corrected, most often first: in how many units, how many
    values, and the points they moved in all (Δ of those units)."""
    cat = assessment.catalogue
    fixed = corrections(assessment, lang)
    fixed = fixed[fixed["year"] == year].explode("codes").dropna(subset=["codes"])
    points = stage_points(assessment)
    points = points[(points["year"] == year) & (points["level"] == "criterion")].set_index(["district", "code"])
    rows = []
    for code, part in fixed.groupby("codes", sort=False):
        units = list(dict.fromkeys(part["district"]))
        owner = cat.criteria[code].responsible[0]
        rows.append(
            {
                "code": code,
                "criterion": cat.criteria[code].name(lang),
                "department_id": owner,
                "department": cat.department_name(owner, lang),
                "units": len(units),
                "values": len(part),
                "delta": float(sum(points.loc[(u, code), "delta"] for u in units)),
            }
        )
    out = pd.DataFrame(rows, columns=CRITERION_COLUMNS)
    order = code_order(cat)
    out = out.assign(_o=out["code"].map(order))
    return (
        out.sort_values(["units", "delta", "_o"], ascending=[False, True, True])
        .drop(columns="_o")
        .reset_index(drop=True)
    )


def departments_corrected(assessment: Assessment, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """The departments whose values were corrected in `year`, most corrected first: values, units,
    criteria and the points their corrected criteria moved."""
    fixed = corrections(assessment, lang)
    fixed = fixed[fixed["year"] == year]
    by_criterion = criteria_corrected(assessment, year, lang)
    rows = []
    for owner, part in fixed.groupby("department_id", sort=False):
        mine = by_criterion[by_criterion["department_id"] == owner]
        rows.append(
            {
                "department_id": owner,
                "department": part["department"].iloc[0]
                or vocab.t("appraisal.committee", lang, unit=assessment.catalogue.unit_noun(lang)),
                "values": len(part),
                "units": part["district"].nunique(),
                "criteria": len(mine),
                "delta": float(mine["delta"].sum()),
            }
        )
    out = pd.DataFrame(rows, columns=DEPARTMENT_COLUMNS)
    return out.sort_values(["values", "delta", "department_id"], ascending=[False, True, True]).reset_index(drop=True)

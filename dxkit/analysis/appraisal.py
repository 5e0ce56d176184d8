"""The difference between a unit's self-assessment and the province's appraisal, explained.

Each stage is scored as its own assessment (`Assessment.of_stage`): the points of a criterion may
differ because one of its inputs was appraised (a correction with its reason) or, for a Min-Max
criterion, because a peer's value was (`moved_by_peers`). Every table is tidy, one row per thing,
with ids and the names of the reader's language:

- `corrections`: every appraised value (self value → appraised value, reason, responsible department);
- `stage_points`: self and appraised points of every unit-year and code, and Δ = appraised − self;
- `unit_appraisal`: one unit-year, per criterion that moved or had an input corrected (`appraisals`:
  every unit's at once);
- `units_by_change`, `criteria_corrected`, `departments_corrected`: the province's view of a year.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dxkit.analysis._common import TOL, TOTAL, check_unit, code_order, unit_rows
from dxkit.core import fmt, vocab
from dxkit.core.assessment import Assessment
from dxkit.core.catalogue import Catalogue
from dxkit.core.prepare import APPRAISED, SELF, appraised_rows, shown_, staged, year_of
from dxkit.core.units import unit_key
from dxkit.core.values import ValueProblem, parse_quantity, parse_value

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
CRITERION_COLUMNS = ["code", "criterion", "department_id", "department", "units", "values", "units_moved", "delta"]
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


def _parsed(raw: object, variable: str, catalogue: Catalogue) -> float | str:
    """A value as the engine reads it ('Có' = 'yes' = 1.0, '2.0' = 2.0), else its text."""
    var = catalogue.variables.get(variable)
    field = catalogue.general_fields.get(variable)
    try:
        if var is not None:
            return parse_value(raw, var)
        if field is not None and field.type != "text":
            return parse_quantity(raw, field.type)
    except ValueProblem:
        pass
    return shown_(raw)


def shown_value(raw: object, variable: str, catalogue: Catalogue, lang: str = vocab.DEFAULT) -> str:
    """A value as a reader of `lang` writes it: yes/no in words ('có', 'yes'), numbers with the
    language's marks ('2,78' in vi); a choice or text as given; '' for blank."""
    if not shown_(raw):
        return ""
    value = _parsed(raw, variable, catalogue)
    var = catalogue.variables.get(variable)
    if isinstance(value, str) or (var is not None and var.type == "choice"):
        return shown_(raw)
    if var is not None and var.type == "bool":
        return vocab.t("core.yes" if value else "core.no", lang)
    return fmt.number(value, lang, 4)


def _own_values(assessment: Assessment, variables: Iterable[str]) -> dict[tuple[str, int | None, str], object]:
    """(unit key, year, variable) → the unit's own value as written, for `variables`."""
    own = staged(assessment.inputs, SELF)
    own = own[own["variable"].isin(set(variables))]
    return {(unit_key(d), year_of(y), v): x for d, y, v, x in own[["district", "year", "variable", "value"]].to_numpy()}


def corrections(assessment: Assessment, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """Every appraised value that differs from the unit's own (a confirmation of it corrects nothing):
    unit (as the assessment names it), year, variable, the criteria it feeds (`codes`, a tuple), the
    department that supplies it, the self value and the appraised value as a reader of `lang` writes
    them, the reason, and where the appraised value was read."""
    given = appraised_rows(assessment.inputs)
    if given.empty:
        return pd.DataFrame(columns=CORRECTION_COLUMNS)
    cat = assessment.catalogue
    names = assessment.prepared.names
    own_value = _own_values(assessment, given["variable"])
    fed = _fed(cat)
    rows = []
    for r in given.itertuples(index=False):
        own = own_value.get((unit_key(r.district), year_of(r.year), r.variable), "")
        if shown_(own) and _parsed(own, r.variable, cat) == _parsed(r.value, r.variable, cat):
            continue
        codes = fed.get(r.variable, [])
        owner = _owner(cat, r.variable, codes)
        rows.append(
            {
                "district": names.get(r.district, r.district),
                "year": year_of(r.year),
                "variable": r.variable,
                "codes": tuple(codes),
                "department_id": owner,
                "department": _department(cat, owner, lang),
                "self_value": shown_value(own, r.variable, cat, lang),
                "appraised_value": shown_value(r.value, r.variable, cat, lang),
                "reason": shown_(r.reason),
                "file": str(r.file),
                "sheet": str(r.sheet),
                "cell": str(r.cell),
            }
        )
    return pd.DataFrame(rows, columns=CORRECTION_COLUMNS)


def _department(catalogue: Catalogue, owner: str, lang: str) -> str:
    """A department's name, or the unit's committee for a Part I value no department is named for."""
    if owner:
        return catalogue.department_name(owner, lang)
    return vocab.t("appraisal.committee", lang, unit=catalogue.unit_noun(lang))


def stage_points(assessment: Assessment, district: str | None = None, year: int | None = None) -> pd.DataFrame:
    """Per unit-year and code (criteria, pillars, TOTAL): `level`, `max_points`, `self_points`,
    `appraised_points` and `delta` (appraised − self), of every unit-year or of `district`'s `year`.
    Without an appraisal Δ is 0 everywhere."""
    keys = ["district", "year", "level", "code"]

    def rows(stage: str, columns: list[str]) -> pd.DataFrame:
        scores = assessment.of_stage(stage).scores
        return scores[columns] if district is None else scores.iloc[unit_rows(scores, district, year or 0)][columns]

    own, final = rows(SELF, [*keys, "max_points", "points"]), rows(APPRAISED, [*keys, "points"])
    both = own.astype({"level": str, "code": str}).merge(
        final.astype({"level": str, "code": str}), on=keys, suffixes=("_self", "_appraised"), how="outer"
    )
    both = both.rename(columns={"points_self": "self_points", "points_appraised": "appraised_points"})
    return both.assign(delta=both["appraised_points"] - both["self_points"])


def unit_appraisal(assessment: Assessment, district: str, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """One unit-year's appraisal, per criterion whose points moved or whose input was corrected, largest
    fall first: self and appraised points, Δ, the changed inputs ('II.1.5: có → không'), the reasons,
    the department (that supplied the corrected values; the criterion's responsible one when none of
    its own were corrected), and `moved_by_peers` (a Min-Max criterion moved by other units'
    appraised values, none of its own corrected). Empty when nothing of the unit-year moved."""
    district = check_unit(assessment, district, year)
    fixed = corrections(assessment, lang)
    fixed = fixed[(fixed["district"] == district) & (fixed["year"] == year)]
    moved = _moved(assessment, stage_points(assessment, district, year), fixed, lang)
    return moved.drop(columns=["district", "year"])


def appraisals(assessment: Assessment, year: int | None = None, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """`unit_appraisal` of every unit of `year` (default: every year) at once, with `district` and `year`:
    by unit and year, each unit's largest fall first."""
    points = stage_points(assessment)
    fixed = corrections(assessment, lang)
    if year is not None:
        points, fixed = points[points["year"] == year], fixed[fixed["year"] == year]
    return _moved(assessment, points, fixed, lang)


def _moved(assessment: Assessment, points: pd.DataFrame, fixed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The criteria of `points` (stage_points) whose points moved or whose inputs `fixed` (corrections)
    corrected, explained (`district`, `year` and UNIT_COLUMNS)."""
    cat = assessment.catalogue
    points = points[points["level"] == "criterion"]
    fixed = fixed.explode("codes")
    by_code = dict(list(fixed.groupby(["district", "year", "codes"], sort=False))) if len(fixed) else {}
    rows = []
    for r in points.itertuples(index=False):
        own = by_code.get((r.district, r.year, r.code))
        if abs(r.delta) <= TOL and own is None:
            continue
        own = fixed.iloc[:0] if own is None else own
        owners = list(dict.fromkeys(own["department_id"])) or [cat.criteria[r.code].responsible[0]]
        changes = "; ".join(
            f"{v}: {s or '∅'} → {a}" for v, s, a in own[["variable", "self_value", "appraised_value"]].to_numpy()
        )
        rows.append(
            {
                "district": r.district,
                "year": r.year,
                "code": r.code,
                "criterion": cat.criteria[r.code].name(lang),
                "max_points": r.max_points,
                "self_points": r.self_points,
                "appraised_points": r.appraised_points,
                "delta": r.delta,
                "changes": changes,
                "reason": "; ".join(dict.fromkeys(own["reason"])),
                "moved_by_peers": own.empty,
                "department_id": ", ".join(owners),
                "department": ", ".join(_department(cat, o, lang) for o in owners),
            }
        )
    order = code_order(cat)
    out = pd.DataFrame(rows, columns=["district", "year", *UNIT_COLUMNS])
    out = out.assign(_o=out["code"].map(order)).sort_values(["district", "year", "delta", "_o"], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)


def has_appraisal(assessment: Assessment) -> bool:
    """True when some value is appraised and the assessment holds both stages' scores (not when the
    inputs were scored with `stage="self"`: there is then no appraisal to explain)."""
    return assessment.appraised and assessment.has_stage(APPRAISED)


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


def _province_delta(assessment: Assessment, year: int) -> tuple[pd.Series, pd.Series]:
    """Per criterion code of `year`: Δ summed over every unit (those whose values were corrected and the
    peers a Min-Max correction moved), and how many units' points moved."""
    points = stage_points(assessment)
    crit = points[(points["year"] == year) & (points["level"] == "criterion")]
    moved = crit[crit["delta"].abs() > TOL]
    return crit.groupby("code")["delta"].sum(), moved.groupby("code")["district"].nunique()


def criteria_corrected(assessment: Assessment, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """The criteria of `year` whose inputs were corrected, most often first: in how many units (`units`),
    how many values (`values`), the department(s) that supplied them, how many units' points moved
    (`units_moved`: the corrected ones and the peers a Min-Max correction moved) and the points moved
    in the province in all (`delta`, every unit)."""
    cat = assessment.catalogue
    fixed = corrections(assessment, lang)
    fixed = fixed[fixed["year"] == year].explode("codes").dropna(subset=["codes"])
    delta, moved = _province_delta(assessment, year)
    rows = []
    for code, part in fixed.groupby("codes", sort=False):
        owners = list(dict.fromkeys(part["department_id"]))
        rows.append(
            {
                "code": code,
                "criterion": cat.criteria[code].name(lang),
                "department_id": ", ".join(owners),
                "department": ", ".join(_department(cat, o, lang) for o in owners),
                "units": part["district"].nunique(),
                "values": len(part),
                "units_moved": int(moved.get(code, 0)),
                "delta": float(delta.get(code, 0.0)),
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
    """The departments whose values were corrected in `year`, most corrected first: values, units, the
    criteria those values feed (`criteria`) and the points those criteria moved in the province
    (`delta`, as in `criteria_corrected`; a criterion fed by two departments' corrected values counts
    for each). A corrected value belongs to the department that supplies it (a Part I field's own)."""
    cat = assessment.catalogue
    fixed = corrections(assessment, lang)
    fixed = fixed[fixed["year"] == year]
    delta, _ = _province_delta(assessment, year)
    rows = []
    for owner, part in fixed.groupby("department_id", sort=False):
        codes = list(dict.fromkeys(c for codes in part["codes"] for c in codes))
        rows.append(
            {
                "department_id": owner,
                "department": _department(cat, owner, lang),
                "values": len(part),
                "units": part["district"].nunique(),
                "criteria": len(codes),
                "delta": float(sum(delta.get(c, 0.0) for c in codes)),
            }
        )
    out = pd.DataFrame(rows, columns=DEPARTMENT_COLUMNS)
    return out.sort_values(["values", "delta", "department_id"], ascending=[False, True, True]).reset_index(drop=True)

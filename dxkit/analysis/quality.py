"""The quality of the data behind a year's scores: which criteria of which units are missing, invalid,
divided by zero, capped at 100% or waiting for Min-Max bounds, and which departments answer for them.

Tidy tables in and out, no words: an issue is one of `ISSUES` (ids a report turns into words), a
department is its catalogue id.
"""

from __future__ import annotations

import pandas as pd

from dxkit.analysis._common import code_order, plain
from dxkit.core.assessment import Assessment
from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import Reason
from dxkit.core.vocab import Status

ISSUES = ("missing", "invalid", "no_denominator", "capped", "pending")
"""missing, invalid, no_denominator: the criterion's status (0 points until the data is fixed);
capped: a ratio above 100% capped at 100% (status ok, full points, listed for review);
pending: a Min-Max criterion waiting for same-year peers or reference bounds (status needs_peers)."""

STATUS_ISSUE = {
    Status.MISSING.value: "missing",
    Status.INVALID.value: "invalid",
    Status.NO_DENOMINATOR.value: "no_denominator",
    Status.NEEDS_PEERS.value: "pending",
}
ISSUE_COLUMNS = ["district", "year", "code", "pillar", "issue", "points", "max_points", "departments"]
UNIT_COLUMNS = ["district", "year", *ISSUES, "n_criteria", "points_at_stake", "codes"]
DEPARTMENT_COLUMNS = ["department_id", "year", *ISSUES, "n_units", "n_criteria", "codes"]


def data_issues(assessment: Assessment, year: int | None = None) -> pd.DataFrame:
    """One row per unit, year, criterion and issue (all years, or `year`), in catalogue order per unit-year:
    `issue` (one of ISSUES), the criterion's `points` and `max_points`, and `departments`, the ids of the
    departments responsible for it (a tuple)."""
    cat = assessment.catalogue
    crit = plain(assessment.criteria())
    if year is not None:
        crit = crit[crit["year"] == year]
    flagged = crit[crit["status"].isin(list(STATUS_ISSUE))].assign(issue=lambda d: d["status"].map(STATUS_ISSUE))
    capped_keys = {
        (p.district, p.year, p.variable)
        for p in assessment.findings
        if p.reason == Reason.RATIO_CAPPED and (year is None or p.year == year)
    }
    keys = list(zip(crit["district"], crit["year"], crit["code"]))
    capped = crit[[k in capped_keys for k in keys]].assign(issue="capped")
    rows = pd.concat([flagged, capped], ignore_index=True)
    rows = rows.assign(departments=[cat.criteria[c].responsible for c in rows["code"]])
    order = code_order(cat)
    rows = rows.assign(_code=rows["code"].map(order), _issue=rows["issue"].map(ISSUES.index))
    return rows.sort_values(["year", "district", "_code", "_issue"], kind="stable")[ISSUE_COLUMNS].reset_index(
        drop=True
    )


def _counts(issues: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per `keys`: how many criteria have each issue (a column per issue, zeros included)."""
    counts = issues.groupby([*keys, "issue"]).size().unstack("issue", fill_value=0)
    return counts.reindex(columns=list(ISSUES), fill_value=0).astype(int).rename_axis(columns=None)


def issues_by_unit(issues: pd.DataFrame) -> pd.DataFrame:
    """Per unit and year with any issue (from `data_issues`): the number of criteria per issue, of
    distinct criteria (`n_criteria`), the points the unit cannot count on yet (`points_at_stake`: the
    maximum of its missing, invalid, zero-denominator and pending criteria; a capped ratio has its
    points) and the criteria's codes (`codes`, a tuple in catalogue order)."""
    if issues.empty:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    keys = ["district", "year"]
    counts = _counts(issues, keys)
    group = issues.groupby(keys, sort=False)
    stake = issues[issues["issue"] != "capped"].drop_duplicates([*keys, "code"]).groupby(keys)["max_points"].sum()
    out = counts.assign(
        n_criteria=group["code"].nunique(),
        points_at_stake=stake.reindex(counts.index, fill_value=0.0),
        codes=group["code"].agg(lambda c: tuple(dict.fromkeys(c))),
    )
    return out.reset_index().sort_values(["year", "district"], kind="stable")[UNIT_COLUMNS].reset_index(drop=True)


def issues_by_department(issues: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Per responsible department and year (from `data_issues`): the number of unit criteria per issue, the
    units concerned (`n_units`), the distinct criteria (`n_criteria`) and their codes (`codes`, a tuple in
    catalogue order). A criterion with two responsible departments counts for both; most issues first."""
    if issues.empty:
        return pd.DataFrame(columns=DEPARTMENT_COLUMNS)
    order = code_order(catalogue)
    rows = issues.explode("departments").rename(columns={"departments": "department_id"})
    keys = ["department_id", "year"]
    counts = _counts(rows, keys)
    group = rows.groupby(keys, sort=False)
    out = counts.assign(
        n_units=group["district"].nunique(),
        n_criteria=group["code"].nunique(),
        codes=group["code"].agg(lambda c: tuple(sorted(set(c), key=order.__getitem__))),
    ).reset_index()
    out["_n"] = out[list(ISSUES)].sum(axis=1)
    out = out.sort_values(["year", "_n", "department_id"], ascending=[True, False, True], kind="stable")
    return out[DEPARTMENT_COLUMNS].reset_index(drop=True)

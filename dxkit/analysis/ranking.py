"""Where a district stands: profile and ranks, points lost, and who is responsible for them."""

from __future__ import annotations

import pandas as pd

from dxkit.analysis._common import TOL, department_names, names, ranked, sort_by_code, unit_scores
from dxkit.core import vocab
from dxkit.core.assessment import Assessment

PROFILE_COLUMNS = [
    "district",
    "year",
    "level",
    "code",
    "name",
    "points",
    "max_points",
    "index",
    "status",
    "provisional",
    "rank",
    "n_units",
    "gap_to_leader",
    "gap_to_median",
    "quartile",
]
LOSS_COLUMNS = [
    "code",
    "pillar",
    "name",
    "points",
    "max_points",
    "lost",
    "status",
    "explanation",
    "responsible",
    "coordinating",
    "responsible_ids",
]
DEPARTMENT_COLUMNS = [
    "department_id",
    "department",
    "points",
    "max_points",
    "lost",
    "n_criteria",
    "n_losing",
    "codes",
    "shared",
    "coordinating",
    "pending",
]
PENDING_COLUMNS = ["code", "pillar", "name", "max_points", "explanation", "responsible"]
PENDING = "needs_peers"  # a Min-Max criterion waiting for peers or reference bounds: pending, never lost


def profile(assessment: Assessment, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """Per district, year and code (TOTAL, II.1…II.8): points, index and standing among the same year's units.

    rank: 1 = best, ties share the best rank; gap_to_leader = leader's points − points (≥ 0);
    gap_to_median = points − the median (> 0 above it); quartile: 1 = top quarter of the ranking.
    """
    s = assessment.scores
    df = ranked(s[s["level"] != "criterion"])
    group = df.groupby(["year", "code"])["points"]
    df = df.assign(
        name=df["code"].map(names(assessment.catalogue, lang)),
        gap_to_leader=group.transform("max") - df["points"],
        gap_to_median=df["points"] - group.transform("median"),
        quartile=1 + (4 * (df["rank"] - 1)) // df["n_units"],
    )
    return sort_by_code(df[PROFILE_COLUMNS], assessment.catalogue, ["year", "district"])


def losses(
    assessment: Assessment, district: str, year: int, lang: str = vocab.DEFAULT, department: str | None = None
) -> pd.DataFrame:
    """Criteria losing points (max − points > 0), largest loss first, with the departments responsible.

    A criterion waiting for peers or reference bounds (`pending`) has lost nothing yet and is left out.
    `department` (an id) keeps the criteria that department is responsible for.
    """
    cat = assessment.catalogue
    rows = unit_scores(assessment, district, year)
    rows = rows[(rows["level"] == "criterion") & (rows["status"] != PENDING)]
    rows = rows.assign(lost=rows["max_points"] - rows["points"]).query(f"lost > {TOL}")
    crit = [cat.criteria[c] for c in rows["code"]]
    rows = rows.assign(
        name=[c.name(lang) for c in crit],
        explanation=rows.get(f"explanation_{lang}", ""),
        responsible=[department_names(cat, c.responsible, lang) for c in crit],
        coordinating=[department_names(cat, c.coordinating, lang) for c in crit],
        responsible_ids=[c.responsible for c in crit],
    )
    if department is not None:
        rows = rows[rows["responsible_ids"].map(lambda ids: department in ids)]
    return sort_by_code(rows[LOSS_COLUMNS], cat, ["lost"], [False])


def losses_by_department(assessment: Assessment, district: str, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """Per responsible department: points, maximum and points lost on its criteria, largest loss first.

    A criterion with two responsible departments counts for both (`shared` counts those), so the
    column `lost` may sum to more than the unit's total loss. `codes` lists the losing criteria,
    largest loss first; `coordinating` the units that coordinate on them. `pending` is the maximum of
    its criteria still waiting for peers or reference bounds: neither won nor lost, so
    points + lost + pending = max_points.
    """
    cat = assessment.catalogue
    rows = unit_scores(assessment, district, year)
    rows = rows[rows["level"] == "criterion"]
    waiting = rows["status"] == PENDING
    rows = rows.assign(
        lost=(rows["max_points"] - rows["points"]).where(~waiting, 0.0),
        pending=rows["max_points"].where(waiting, 0.0),
        department_id=rows["code"].map(lambda c: cat.criteria[c].responsible),
    )
    rows = rows.explode("department_id").sort_values("lost", ascending=False, kind="stable")
    out = []
    for dept, part in rows.groupby("department_id", sort=False):
        losing = part[part["lost"] > TOL]
        coordinating = dict.fromkeys(d for c in losing["code"] for d in cat.criteria[c].coordinating)
        out.append(
            {
                "department_id": dept,
                "department": cat.department_name(dept, lang),
                "points": part["points"].sum(),
                "max_points": part["max_points"].sum(),
                "lost": losing["lost"].sum(),
                "n_criteria": len(part),
                "n_losing": len(losing),
                "codes": ", ".join(losing["code"]),
                "shared": int(sum(len(cat.criteria[c].responsible) > 1 for c in losing["code"])),
                "coordinating": department_names(cat, tuple(coordinating), lang),
                "pending": part["pending"].sum(),
            }
        )
    return (
        pd.DataFrame(out, columns=DEPARTMENT_COLUMNS)
        .sort_values(["lost", "department_id"], ascending=[False, True])
        .reset_index(drop=True)
    )


def pending(assessment: Assessment, district: str, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """Criteria not scored yet: Min-Max criteria waiting for same-year peers or the province's reference
    bounds (status needs_peers). Their points are pending, neither won nor lost."""
    cat = assessment.catalogue
    rows = unit_scores(assessment, district, year)
    rows = rows[(rows["level"] == "criterion") & (rows["status"] == PENDING)]
    crit = [cat.criteria[c] for c in rows["code"]]
    rows = rows.assign(
        name=[c.name(lang) for c in crit],
        explanation=rows.get(f"explanation_{lang}", ""),
        responsible=[department_names(cat, c.responsible, lang) for c in crit],
    )
    return sort_by_code(rows[PENDING_COLUMNS], cat)


def minmax_bounds(assessment: Assessment, year: int) -> pd.DataFrame:
    """The Min-Max bounds each Min-Max criterion used in `year`: code, min, max and source
    ('reference': given bounds; 'peers': the units of the year in the data; 'none': pending)."""
    cat = assessment.catalogue
    frame = assessment.prepared.values
    same_year = frame[frame.index.get_level_values("year") == year]
    rows = []
    for crit in cat.criteria.values():
        if crit.rule_type != "minmax":
            continue
        ref = (assessment.bounds or {}).get(crit.code, {}).get(year)
        if ref is not None:
            rows.append({"code": crit.code, "min": float(ref[0]), "max": float(ref[1]), "source": "reference"})
            continue
        var = cat.resolved_rule(crit.code, assessment.options)["value"]
        values = same_year[var].dropna() if var in same_year else pd.Series(dtype=float)
        enough = len(values) >= 2
        rows.append(
            {
                "code": crit.code,
                "min": float(values.min()) if enough else float("nan"),
                "max": float(values.max()) if enough else float("nan"),
                "source": "peers" if enough else "none",
            }
        )
    return pd.DataFrame(rows, columns=["code", "min", "max", "source"])

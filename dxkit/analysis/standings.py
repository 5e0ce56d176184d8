"""Where every unit stands each year, and how that changed since its previous year: one tidy table."""

from __future__ import annotations

import pandas as pd

from dxkit.analysis._common import ranked
from dxkit.core.assessment import Assessment

STANDING_COLUMNS = [
    "district",
    "year",
    "points",
    "max_points",
    "index",
    "rank",
    "n_units",
    "status",
    "provisional",
    "previous_year",
    "points_previous",
    "points_change",
    "rank_previous",
    "rank_change",
]


def standings(assessment: Assessment, level: str = "total") -> pd.DataFrame:
    """One row per unit, year (and pillar, with `level="pillar"`): points, index, rank among that year's
    units (1 = best, ties share the best rank), status, and the change since the unit's previous year
    with data — `points_change`, and `rank_change` > 0 when it moved up (NaN without a previous year).
    """
    keys = ["district", "code"]
    rows = ranked(assessment.scores[assessment.scores["level"] == level])
    rows = rows.sort_values([*keys, "year"], kind="stable")
    before = rows.groupby(keys, sort=False)[["year", "points", "rank"]].shift(1)
    out = rows.assign(
        previous_year=before["year"].astype("Int64"),
        points_previous=before["points"],
        points_change=rows["points"] - before["points"],
        rank_previous=before["rank"].astype("Int64"),
        rank_change=(before["rank"] - rows["rank"]).astype("Int64"),
    )
    columns = STANDING_COLUMNS if level == "total" else [*STANDING_COLUMNS[:2], "code", *STANDING_COLUMNS[2:]]
    return out.sort_values(["year", "rank", "district"], kind="stable")[columns].reset_index(drop=True)

"""What changed for a district between two years: total, pillars, criteria, ranks."""

from __future__ import annotations

import pandas as pd

from dxkit.analysis._common import TOL, check_unit, district_name, names, ranked, sort_by_code, years_of
from dxkit.core import vocab
from dxkit.core.assessment import Assessment

YOY_COLUMNS = [
    "level",
    "pillar",
    "code",
    "name",
    "max_points",
    "points_previous",
    "points",
    "change",
    "rank_previous",
    "rank",
    "rank_change",
    "n_units_previous",
    "n_units",
    "status_previous",
    "status",
]


def previous_year(assessment: Assessment, district: str, year: int) -> int | None:
    """The latest year before `year` with data for the district, or None."""
    district = district_name(assessment, district)
    earlier = [y for y in years_of(assessment, district) if y < year]
    return earlier[-1] if earlier else None


def year_over_year(
    assessment: Assessment,
    district: str,
    year: int | None = None,
    previous: int | None = None,
    lang: str = vocab.DEFAULT,
) -> pd.DataFrame:
    """Change of the total, each pillar and each criterion between `previous` and `year`, with ranks.

    `year` defaults to the district's latest year, `previous` to the latest year before it.
    rank_change > 0 means the district moved up. When there is no previous year the table is empty
    and `attrs["has_previous"]` is False; attrs also give district, year and previous.
    """
    district = district_name(assessment, district)
    years = years_of(assessment, district)
    if not years:
        raise KeyError(f"no scores for {district!r}")
    year = years[-1] if year is None else year
    check_unit(assessment, district, year)
    previous = previous_year(assessment, district, year) if previous is None else previous
    has_previous = previous is not None and previous in years
    out = pd.DataFrame(columns=YOY_COLUMNS)
    if has_previous:
        r = ranked(assessment.scores)
        r = r[r["district"] == district]
        keep = ["level", "pillar", "code", "max_points", "points", "rank", "n_units", "status"]
        now = r.loc[r["year"] == year, keep]
        then = r.loc[r["year"] == previous, ["code", "points", "rank", "n_units", "status"]]
        out = now.merge(then, on="code", suffixes=("", "_previous"))
        out = out.assign(
            name=out["code"].map(names(assessment.catalogue, lang)),
            change=out["points"] - out["points_previous"],
            rank_change=out["rank_previous"] - out["rank"],
        )
        out = sort_by_code(out[YOY_COLUMNS], assessment.catalogue)
    out.attrs.update(
        district=district, year=year, previous=previous if has_previous else None, has_previous=has_previous
    )
    return out


def top_movers(
    assessment: Assessment,
    district: str,
    year: int | None = None,
    previous: int | None = None,
    n: int = 5,
    lang: str = vocab.DEFAULT,
) -> pd.DataFrame:
    """The `n` criteria whose points changed most (either way), largest absolute change first."""
    return movers(year_over_year(assessment, district, year, previous, lang), n)


def movers(yoy: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """From `year_over_year`: the `n` criteria whose points changed most, largest absolute change first."""
    crit = yoy[(yoy["level"] == "criterion") & (yoy["change"].abs() > TOL)]
    out = (
        crit.assign(_abs=crit["change"].abs())
        .sort_values("_abs", ascending=False, kind="stable")
        .drop(columns="_abs")
        .head(n)
        .reset_index(drop=True)
    )
    out.attrs.update(yoy.attrs)
    return out

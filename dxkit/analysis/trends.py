"""What changed for a district between two years: total, pillars, criteria, ranks; across a revision of the
framework too (the earlier years scored under the old one, compared through a crosswalk)."""

from __future__ import annotations

import pandas as pd

from dxkit.analysis._common import (
    TOL,
    TOTAL,
    check_unit,
    district_name,
    known_name,
    names,
    ranked_scores,
    sort_by_code,
    unit_rows,
    years_of,
)
from dxkit.core import vocab
from dxkit.core.assessment import Assessment
from dxkit.core.catalogue import Catalogue
from dxkit.core.crosswalk import DROPPED, NEW, Crosswalk
from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Message, Status

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
NOW_COLUMNS = ["level", "pillar", "code", "max_points", "points", "rank", "n_units", "status"]
# the columns a comparison through a crosswalk adds (see year_over_year)
THEN_COLUMNS = [
    "code_previous",
    "max_points_previous",
    "points_previous",
    "points_previous_scored",
    "rank_previous",
    "n_units_previous",
    "status_previous",
    "rescaled",
]
CROSSWALK_COLUMNS = ["code_previous", "max_points_previous", "points_previous_scored", "rescaled"]
COMPARABLE = "comparable_criteria"  # attrs["compared"]: pillars and total sum only the comparable criteria
ALL = "all_criteria"  # attrs["compared"]: one framework, every criterion compared


def previous_year(assessment: Assessment, district: str, year: int, earlier: Assessment | None = None) -> int | None:
    """The latest year before `year` with data for the district (in `assessment` or `earlier`), or None."""
    district = district_name(assessment, district)
    years = years_of(assessment, district) + _earlier_years(earlier, district)
    before = [y for y in sorted(years) if y < year]
    return before[-1] if before else None


def year_over_year(
    assessment: Assessment,
    district: str,
    year: int | None = None,
    previous: int | None = None,
    lang: str = vocab.DEFAULT,
    *,
    earlier: Assessment | None = None,
    crosswalk: Crosswalk | None = None,
) -> pd.DataFrame:
    """Change of the total, each pillar and each criterion between `previous` and `year`, with ranks.

    `year` defaults to the district's latest year, `previous` to the latest year before it.
    rank_change > 0 means the district moved up. When there is no previous year the table is empty
    and `attrs["has_previous"]` is False; attrs also give district, year and previous.

    `earlier`: the years scored under an older framework (no year in both assessments). A previous year
    found there is compared through `crosswalk` (default: the codes of both frameworks, which must then
    match; `dxkit.core.crosswalk`), the table then having:

    - criterion rows only for the comparable criteria, under their new code (`code_previous`: the old
      one); `points_previous` on the current scale (points × new max / old max; `rescaled` where the
      maximum changed, `points_previous_scored` and `max_points_previous` as scored);
    - pillar and TOTAL rows summing only the comparable criteria of each side (a criterion counts in its
      current pillar; a pillar without any has no row), so change = points − points_previous is the sum
      of the criteria's changes (`attrs["compared"]` = "comparable_criteria");
    - ranks as each year published them: a row's rank among its year's units in its own assessment
      (a pillar's previous rank is its old namesake's, none if the old framework has no such pillar);
    - `attrs["not_comparable"]`: records (code, name, max_points, reason `dropped`/`new`, why in `lang`,
      year, points of the district that year), the dropped first.

    With `earlier` given, attrs always have `compared` and `not_comparable` ("all_criteria" and [] when
    the previous year is in `assessment`).
    """
    district = district_name(assessment, district)
    years = years_of(assessment, district)
    if not years:
        raise KeyError(f"no scores for {district!r}")
    year = years[-1] if year is None else year
    check_unit(assessment, district, year)
    if earlier is None and crosswalk is not None:
        raise ValueError("a crosswalk compares with the years of another framework: give them as earlier=")
    if earlier is not None:
        _no_overlap(assessment, earlier)
    previous = previous_year(assessment, district, year, earlier) if previous is None else previous
    if earlier is not None and previous in _earlier_years(earlier, district):
        return _through(assessment, earlier, crosswalk, district, year, previous, lang)
    has_previous = previous is not None and previous in years
    out = pd.DataFrame(columns=YOY_COLUMNS)
    if has_previous and previous is not None:
        now = _one(assessment, district, year)[NOW_COLUMNS]
        then = _one(assessment, district, previous)[["code", "points", "rank", "n_units", "status"]]
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
    if earlier is not None:
        out.attrs.update(compared=ALL, not_comparable=[])
    return out


def _earlier_name(earlier: Assessment, district: str) -> str | None:
    """The name `earlier` gives the unit `district` (any spelling), or None if it has no such unit."""
    return known_name(earlier, district)


def _earlier_years(earlier: Assessment | None, district: str) -> list[int]:
    name = None if earlier is None else _earlier_name(earlier, district)
    return [] if earlier is None or name is None else years_of(earlier, name)


def _no_overlap(assessment: Assessment, earlier: Assessment) -> None:
    """InputError if a year is scored in both assessments (each year is scored under one framework)."""
    both = sorted(set(_years(assessment)) & set(_years(earlier)))
    if both:
        rule = Message(
            "crosswalk.years_overlap",
            years=", ".join(map(str, both)),
            now=assessment.catalogue.name,
            earlier=earlier.catalogue.name,
        )
        raise InputError([Problem("error", rule)])


def _years(assessment: Assessment) -> list[int]:
    return [int(y) for y in assessment.prepared.values.index.get_level_values("year").unique()]


def _through(
    assessment: Assessment,
    earlier: Assessment,
    crosswalk: Crosswalk | None,
    district: str,
    year: int,
    previous: int,
    lang: str,
) -> pd.DataFrame:
    """`year_over_year` with the previous year in `earlier`, through the crosswalk (see there)."""
    cw = crosswalk or Crosswalk.of(earlier.catalogue, assessment.catalogue)
    if not (_same(cw.before, earlier.catalogue) and _same(cw.after, assessment.catalogue)):
        rule = Message(
            "crosswalk.wrong_frameworks",
            before=cw.before.name,
            after=cw.after.name,
            earlier=earlier.catalogue.name,
            now=assessment.catalogue.name,
        )
        raise InputError([Problem("error", rule)])
    old_name = _earlier_name(earlier, district)
    now = _one(assessment, district, year)
    then = _one(earlier, old_name, previous)
    mapped = cw.map_scores(then).rename(
        columns={
            "points": "points_previous",
            "points_scored": "points_previous_scored",
            "rank": "rank_previous",
            "n_units": "n_units_previous",
            "status": "status_previous",
        }
    )
    crit = now.loc[now["level"] == "criterion", NOW_COLUMNS].merge(mapped[["code", *THEN_COLUMNS]], on="code")
    sums = pd.concat([_sums(crit, "pillar", "pillar"), _sums(crit, None, "total")], ignore_index=True)
    ranks = now[["code", "rank", "n_units"]].merge(
        then[["code", "rank", "n_units"]], on="code", how="left", suffixes=("", "_previous")
    )
    out = pd.concat([crit, sums.merge(ranks, on="code")], ignore_index=True)
    out = out.astype({c: "Int64" for c in ("rank", "n_units", "rank_previous", "n_units_previous")})
    out = out.assign(
        name=out["code"].map(names(assessment.catalogue, lang)),
        change=out["points"] - out["points_previous"],
        rank_change=out["rank_previous"] - out["rank"],
    )
    out = sort_by_code(out[YOY_COLUMNS + CROSSWALK_COLUMNS], assessment.catalogue)
    left_out = cw.not_comparable(lang)
    points = {(DROPPED, r.code): r.points for r in then.itertuples()} | {
        (NEW, r.code): r.points for r in now.itertuples()
    }
    left_out = left_out.assign(
        year=left_out["reason"].map({DROPPED: previous, NEW: year}),
        points=[points.get((r.reason, r.code)) for r in left_out.itertuples()],
    )
    out.attrs.update(
        district=district,
        year=year,
        previous=previous,
        has_previous=True,
        compared=COMPARABLE,
        not_comparable=left_out.to_dict("records"),
    )
    return out


def _same(a: Catalogue, b: Catalogue) -> bool:
    """The same framework: same id, same criteria with the same maxima."""
    return a.id == b.id and {c.code: c.max_points for c in a.criteria.values()} == {
        c.code: c.max_points for c in b.criteria.values()
    }


def _one(assessment: Assessment, district: str | None, year: int) -> pd.DataFrame:
    """One district-year's score rows with their ranks among the year's units (none for district None)."""
    return ranked_scores(assessment).iloc[unit_rows(assessment.scores, district, year)].reset_index(drop=True)


def _sums(crit: pd.DataFrame, by: str | None, level: str) -> pd.DataFrame:
    """Pillar (`by` = "pillar") or TOTAL rows summing the compared criteria; the worst status of each side."""
    keys = crit[by] if by else pd.Series(TOTAL, index=crit.index)
    g = crit.groupby(keys, sort=False)
    out = g[["max_points", "points", "points_previous", "points_previous_scored", "max_points_previous"]].sum()
    out = out.assign(
        rescaled=g["rescaled"].any(),
        status=g["status"].agg(_worst),
        status_previous=g["status_previous"].agg(_worst),
    ).reset_index(names="code")
    return out.assign(level=level, pillar=out["code"] if by else "", code_previous="")


def _worst(statuses: pd.Series) -> str:
    """The worst status of some criteria (what a pillar or total takes)."""
    return min((Status(s) for s in statuses), key=lambda s: s.severity).value


def top_movers(
    assessment: Assessment,
    district: str,
    year: int | None = None,
    previous: int | None = None,
    n: int = 5,
    lang: str = vocab.DEFAULT,
    *,
    earlier: Assessment | None = None,
    crosswalk: Crosswalk | None = None,
) -> pd.DataFrame:
    """The `n` criteria whose points changed most (either way), largest absolute change first
    (`earlier`, `crosswalk`: as `year_over_year`, only the comparable criteria)."""
    yoy = year_over_year(assessment, district, year, previous, lang, earlier=earlier, crosswalk=crosswalk)
    return movers(yoy, n)


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

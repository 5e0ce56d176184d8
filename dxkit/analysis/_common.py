"""Helpers shared by the analysis modules: unit look-up, ranking, names and code order."""

from __future__ import annotations

import pandas as pd

from dxkit.core import vocab
from dxkit.core.assessment import Assessment
from dxkit.core.catalogue import Catalogue
from dxkit.core.units import resolve

TOL = 1e-6  # points closer than this are equal (sums of floats)
DECIMALS = 6  # points are rounded to this before ranking, so equal sums tie
TOTAL = "TOTAL"


def names(catalogue: Catalogue, lang: str = vocab.DEFAULT) -> dict[str, str]:
    """Code → name for TOTAL ('Tổng điểm': reports.total, the word every table and chart uses), the pillars
    and the criteria."""
    out = {TOTAL: vocab.t("reports.total", lang)}
    out.update({p.code: p.name(lang) for p in catalogue.pillars})
    out.update({c.code: c.name(lang) for c in catalogue.criteria.values()})
    return out


def code_order(catalogue: Catalogue) -> dict[str, int]:
    """Catalogue order: TOTAL, then each pillar followed by its criteria."""
    codes = [TOTAL] + [code for p in catalogue.pillars for code in (p.code, *(c.code for c in p.criteria))]
    return {code: i for i, code in enumerate(codes)}


def department_names(catalogue: Catalogue, ids: tuple[str, ...], lang: str = vocab.DEFAULT) -> str:
    return "; ".join(catalogue.department_name(d, lang) for d in ids)


def plain(scores: pd.DataFrame) -> pd.DataFrame:
    """Scores with categorical key columns turned into plain strings (safe to merge and compare)."""
    cols = [c for c in ("level", "code", "status", "pillar") if c in scores.columns]
    return scores.astype({c: str for c in cols})


def ranked(scores: pd.DataFrame, by: tuple[str, ...] = ("year", "code"), value: str = "points") -> pd.DataFrame:
    """Rows with `rank` (1 = best, ties share the best rank) and `n_units` within each `by` group."""
    out = plain(scores)
    group = out.assign(_v=out[value].round(DECIMALS)).groupby(list(by))["_v"]
    return out.assign(
        rank=group.rank(method="min", ascending=False).astype(int), n_units=group.transform("size").astype(int)
    )


def districts(assessment: Assessment) -> list[str]:
    """The districts of the assessment, as the data names them."""
    return list(dict.fromkeys(assessment.prepared.values.index.get_level_values("district")))


def district_name(assessment: Assessment, district: str) -> str:
    """The assessment's name of `district` (any spelling of it: 'PLEIKU', 'Thành phố Pleiku').

    An unknown name is a dxkit.core.problems.InputError naming the closest districts, never a new unit.
    """
    return resolve(district, districts(assessment))


def check_unit(assessment: Assessment, district: str, year: int) -> str:
    """The assessment's name of `district`; InputError if unknown, KeyError naming its years if `year` is not there."""
    name = district_name(assessment, district)
    if (name, year) not in assessment.prepared.values.index:
        known = ", ".join(str(y) for y in years_of(assessment, name))
        raise KeyError(f"no scores for {name!r} in {year}; known years: {known}")
    return name


def n_units(assessment: Assessment, year: int) -> int:
    """How many units have data in `year` (1: nothing to compare with)."""
    return int((assessment.prepared.values.index.get_level_values("year") == year).sum())


def unit_scores(assessment: Assessment, district: str, year: int) -> pd.DataFrame:
    """All score rows of one district-year (plain string columns)."""
    district = check_unit(assessment, district, year)
    s = assessment.scores
    return plain(s[(s["district"] == district) & (s["year"] == year)]).reset_index(drop=True)


def years_of(assessment: Assessment, district: str) -> list[int]:
    """Years with data for the district, ascending."""
    idx = assessment.prepared.values.index
    return sorted(int(y) for d, y in idx if d == district)


def sort_by_code(
    df: pd.DataFrame, catalogue: Catalogue, first: list[str] | None = None, ascending: list[bool] | None = None
) -> pd.DataFrame:
    """Sort by the given columns, then in catalogue code order."""
    order = code_order(catalogue)
    keys = (first or []) + ["_order"]
    return (
        df.assign(_order=df["code"].map(order))
        .sort_values(keys, ascending=(ascending or [True] * len(first or [])) + [True], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )

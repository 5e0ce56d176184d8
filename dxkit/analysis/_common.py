"""Helpers shared by the analysis modules: unit look-up, ranking, names and code order.

A report asks for one unit's rows many times; the look-ups that would scan the whole table each time
(which rows are the unit's, its years, the ranks of every row) are computed once per table with `memo`,
so a unit's analysis costs the same among 17 units and among 3,300.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from dxkit.core import vocab
from dxkit.core.assessment import Assessment
from dxkit.core.catalogue import Catalogue
from dxkit.core.units import resolve, unit_key

TOL = 1e-6  # points closer than this are equal (sums of floats)
DECIMALS = 6  # points are rounded to this before ranking, so equal sums tie
TOTAL = "TOTAL"

T = TypeVar("T")
_MEMO: dict[tuple[int, str], tuple[weakref.ref[pd.DataFrame], tuple[int, int], Any]] = {}


def memo(table: pd.DataFrame, name: str, make: Callable[[], T]) -> T:
    """`make()`, computed once per table (while it lives, with the same shape) and name.

    For what is derived from an assessment's tables, which are not changed after scoring.
    """
    key, shape = (id(table), name), table.shape
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is table and hit[1] == shape:
        return hit[2]

    def forget(_: weakref.ref[pd.DataFrame]) -> None:
        _MEMO.pop(key, None)

    value = make()
    _MEMO[key] = (weakref.ref(table, forget), shape, value)
    return value


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


def ranked_scores(assessment: Assessment) -> pd.DataFrame:
    """`ranked(assessment.scores)`, computed once per assessment (rows in the order of the scores)."""
    return memo(assessment.scores, "ranked", lambda: ranked(assessment.scores))


def _years_by_district(assessment: Assessment) -> dict[str, list[int]]:
    """District → its years with data, ascending, in the order the data names the districts."""

    def make() -> dict[str, list[int]]:
        idx = assessment.prepared.values.index
        out: dict[str, list[int]] = {}
        for district, year in zip(idx.get_level_values("district"), idx.get_level_values("year"), strict=True):
            out.setdefault(district, []).append(int(year))
        return {d: sorted(years) for d, years in out.items()}

    return memo(assessment.prepared.values, "years", make)


def districts(assessment: Assessment) -> list[str]:
    """The districts of the assessment, as the data names them."""
    return list(_years_by_district(assessment))


def known_name(assessment: Assessment, district: str) -> str | None:
    """The assessment's name of `district` (any spelling of it), or None if it has no such unit."""
    by_key = memo(assessment.prepared.values, "unit keys", lambda: {unit_key(k): k for k in districts(assessment)})
    return by_key.get(unit_key(district))


def district_name(assessment: Assessment, district: str) -> str:
    """The assessment's name of `district` (any spelling of it: 'PLEIKU', 'Thành phố Pleiku').

    An unknown name is a dxkit.core.problems.InputError naming the closest districts, never a new unit.
    """
    found = known_name(assessment, district)
    return found if found is not None else resolve(district, districts(assessment))


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


def warm(assessment: Assessment) -> None:
    """Build now the look-ups every unit's analysis shares (a process that then forks shares them)."""
    ranked_scores(assessment)
    unit_rows(assessment.scores, None, 0)
    known_name(assessment, "")


def unit_rows(scores: pd.DataFrame, district: str | None, year: int) -> np.ndarray:
    """Positions of one district-year's rows in a scores table (in table order; empty if it has none)."""
    rows = memo(scores, "unit rows", lambda: scores.groupby(["district", "year"], observed=True, sort=False).indices)
    return rows.get((district, year), np.array([], dtype=np.intp))


def unit_scores(assessment: Assessment, district: str, year: int) -> pd.DataFrame:
    """All score rows of one district-year (plain string columns)."""
    district = check_unit(assessment, district, year)
    s = assessment.scores
    return plain(s.iloc[unit_rows(s, district, year)]).reset_index(drop=True)


def years_of(assessment: Assessment, district: str) -> list[int]:
    """Years with data for the district, ascending."""
    return list(_years_by_district(assessment).get(district, []))


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

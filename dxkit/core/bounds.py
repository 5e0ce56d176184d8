"""Reference Min-Max bounds: what they leave open, and publishing them from all units' data.

A unit scored alone has no peers for a Min-Max criterion (II.5.9, II.8.4); with the province's
bounds (`code,year,min,max`) its points are final.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Message, Num

BOUNDS_COLUMNS = ["code", "year", "min", "max", "units"]


def bounds_warnings(
    values: pd.DataFrame,
    catalogue: Catalogue,
    bounds: Mapping[str, Mapping[int, tuple]] | None,
) -> list[Problem]:
    """What reference bounds leave open: a year of the data they do not cover (its units are compared
    among themselves), and a value outside them (its points are clipped to 0 or the maximum)."""
    if not bounds:
        return []
    years = values.index.get_level_values("year")
    out = []
    for crit in (c for c in catalogue.criteria.values() if c.rule_type == "minmax"):
        given = bounds.get(crit.code, {})
        for year in sorted(set(years) - set(given)):
            rule = Message("core.bounds.year_not_covered", code=crit.code, year=int(year))
            out.append(Problem("warning", rule, year=int(year), variable=crit.code))
        var = crit.rule["value"]
        for (district, year), x in values[var].items():
            lo_hi = given.get(year)
            if lo_hi is not None and not math.isnan(x) and not lo_hi[0] <= x <= lo_hi[1]:
                lo, hi = lo_hi
                rule = Message(
                    "core.bounds.above" if x > hi else "core.bounds.below",
                    var=var,
                    x=Num(x, 6),
                    lo=Num(lo, 6),
                    hi=Num(hi, 6),
                )
                # the value as data (a plain decimal, as a CSV holds it), not in a reader's language
                value = np.format_float_positional(round(float(x), 6), trim="-")
                out.append(Problem("warning", rule, district=str(district), year=int(year), variable=var, value=value))
    return out


def observed_bounds(assessment, years: list[int]) -> pd.DataFrame:
    """The min and max of every Min-Max criterion's value over the units of each year (what the
    peers would use), in the form `read_bounds` reads; InputError where fewer than two units have it."""
    cat = assessment.catalogue
    values = assessment.prepared.values
    year_of = values.index.get_level_values("year")
    rows, problems = [], []
    for crit in (c for c in cat.criteria.values() if c.rule_type == "minmax"):
        var = crit.rule["value"]
        for year in years:
            x = values.loc[year_of == year, var].dropna()
            if len(x) < 2:
                rule = Message("core.bounds.too_few_units", var=var, year=year, n=len(x))
                problems.append(Problem("error", rule, year=year, variable=crit.code))
                continue
            rows.append(
                {"code": crit.code, "year": year, "min": float(x.min()), "max": float(x.max()), "units": len(x)}
            )
    if problems:
        raise InputError(problems)
    return pd.DataFrame(rows, columns=BOUNDS_COLUMNS)

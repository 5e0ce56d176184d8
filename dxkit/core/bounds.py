"""Reference Min-Max bounds: what they leave open, and publishing them from all units' data.

A unit scored alone has no peers for a Min-Max criterion (II.5.9, II.8.4); with the province's
bounds (`code,year,min,max`) its points are final.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from dxkit.core import fmt
from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import InputError, Problem

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
            out.append(
                Problem(
                    "warning",
                    f"--bounds không có ngưỡng cho {crit.code} năm {year}: các đơn vị năm {year} được so sánh "
                    "với nhau trong dữ liệu",
                    f"--bounds has no bounds for {crit.code} in {year}: the units of {year} are compared among "
                    "themselves",
                    year=int(year),
                    variable=crit.code,
                )
            )
        var = crit.rule["value"]
        for (district, year), x in values[var].items():
            lo_hi = given.get(year)
            if lo_hi is not None and not math.isnan(x) and not lo_hi[0] <= x <= lo_hi[1]:
                shown = {lang: [fmt.number(v, lang, 6) for v in (x, *lo_hi)] for lang in ("vi", "en")}
                (xv, lov, hiv), (xe, loe, hie) = shown["vi"], shown["en"]
                out.append(
                    Problem(
                        "warning",
                        f"{var} = {xv} nằm ngoài ngưỡng tham chiếu {lov}–{hiv}: điểm được giới hạn "
                        f"{'tối đa' if x > lo_hi[1] else '0'}; kiểm tra số liệu hoặc ngưỡng",
                        f"{var} = {xe} is outside the reference bounds {loe}–{hie}: points clipped to "
                        f"{'the maximum' if x > lo_hi[1] else '0'}; check the value or the bounds",
                        district=str(district),
                        year=int(year),
                        variable=var,
                        value=xe,
                    )
                )
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
                problems.append(
                    Problem(
                        "error",
                        f"cần ít nhất 2 đơn vị có {var} năm {year} để công bố ngưỡng (hiện có {len(x)})",
                        f"needs at least 2 units with {var} in {year} to publish bounds (found {len(x)})",
                        year=year,
                        variable=crit.code,
                    )
                )
                continue
            rows.append(
                {"code": crit.code, "year": year, "min": float(x.min()), "max": float(x.max()), "units": len(x)}
            )
    if problems:
        raise InputError(problems)
    return pd.DataFrame(rows, columns=BOUNDS_COLUMNS)

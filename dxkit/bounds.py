"""Reference Min-Max bounds: read the CSV a province publishes, and publish it from all units' data.

A unit scored alone has no peers for a Min-Max criterion (II.5.9, II.8.4); with the province's
bounds (`code,year,min,max`) its points are final.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from dxkit.catalogue import Catalogue
from dxkit.problems import InputError, Problem

BOUNDS_COLUMNS = ["code", "year", "min", "max", "units"]


def read_bounds(path: str | Path, catalogue: Catalogue) -> dict[str, dict[int, tuple[float, float]]]:
    """Reference Min-Max bounds from a CSV `code,year,min,max`; every bad row is reported at once."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = {"code", "year", "min", "max"} - set(df.columns)
    if missing:
        raise InputError([Problem("error", f"thiếu cột {', '.join(sorted(missing))}",
                                  f"missing column(s) {', '.join(sorted(missing))}", file=str(path))])
    minmax_codes = {c.code for c in catalogue.criteria.values() if c.rule_type == "minmax"}
    bounds: dict[str, dict[int, tuple[float, float]]] = {}
    problems = []
    for i, row in df.iterrows():
        where = {"file": str(path), "cell": f"row {i + 2}", "variable": row["code"]}
        try:
            year, lo, hi = int(row["year"]), float(row["min"]), float(row["max"])
        except ValueError:
            lo = hi = math.nan
        if not (math.isfinite(lo) and math.isfinite(hi)):
            problems.append(Problem("error", "năm/min/max phải là số hữu hạn", "year/min/max must be finite numbers",
                                    **where))
            continue
        if year in bounds.get(row["code"], {}):
            problems.append(Problem("error", f"trùng dòng cho {row['code']} năm {year}",
                                    f"duplicate row for {row['code']} {year}", **where))
            continue
        if row["code"] not in minmax_codes:
            problems.append(Problem("error", f"không phải tiêu chí Min-Max ({', '.join(sorted(minmax_codes))})",
                                    f"not a Min-Max criterion ({', '.join(sorted(minmax_codes))})", **where))
        elif lo > hi:
            problems.append(Problem("error", "min lớn hơn max", "min is larger than max", **where))
        else:
            bounds.setdefault(row["code"], {})[year] = (lo, hi)
    if problems:
        raise InputError(problems)
    return bounds


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
                problems.append(Problem(
                    "error", f"cần ít nhất 2 đơn vị có {var} năm {year} để công bố ngưỡng (hiện có {len(x)})",
                    f"needs at least 2 units with {var} in {year} to publish bounds (found {len(x)})",
                    year=year, variable=crit.code))
                continue
            rows.append({"code": crit.code, "year": year, "min": float(x.min()), "max": float(x.max()),
                         "units": len(x)})
    if problems:
        raise InputError(problems)
    return pd.DataFrame(rows, columns=BOUNDS_COLUMNS)

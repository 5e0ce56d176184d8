"""Reference Min-Max bounds: read the CSV a province publishes, and publish it from all units' data.

A unit scored alone has no peers for a Min-Max criterion (II.5.9, II.8.4); with the province's
bounds (`code,year,min,max`) its points are final.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from typing import Mapping

from dxkit import fmt
from dxkit.catalogue import Catalogue
from dxkit.problems import InputError, Problem
from dxkit.values import ValueProblem, parse_number

BOUNDS_COLUMNS = ["code", "year", "min", "max", "units"]


def read_bounds(path: str | Path, catalogue: Catalogue) -> dict[str, dict[int, tuple[float, float]]]:
    """Reference Min-Max bounds from a CSV `code,year,min,max` (`mã`, `năm` too; `0,61` or `0.61`);
    every bad row is reported at once."""
    from dxkit.readers import read_csv_table

    df = read_csv_table(Path(path))
    df.columns = [str(c).strip().lower() for c in df.columns]
    df = df.rename(columns={"mã": "code", "năm": "year"})
    missing = {"code", "year", "min", "max"} - set(df.columns)
    if missing:
        raise InputError([Problem("error", f"thiếu cột {', '.join(sorted(missing))} (cần: code, year, min, max)",
                                  f"missing column(s) {', '.join(sorted(missing))} (need: code, year, min, max)",
                                  file=str(path), cell="row 1")])
    minmax_codes = {c.code for c in catalogue.criteria.values() if c.rule_type == "minmax"}
    bounds: dict[str, dict[int, tuple[float, float]]] = {}
    problems = []
    for i, row in df.iterrows():
        where = {"file": str(path), "cell": f"row {i + 2}", "variable": row["code"]}
        try:
            year, lo, hi = parse_number(row["year"]), parse_number(row["min"]), parse_number(row["max"])
        except ValueProblem:
            year = lo = hi = math.nan
        if not all(math.isfinite(x) for x in (year, lo, hi)) or year != int(year):
            problems.append(Problem("error", "năm/min/max phải là số hữu hạn", "year/min/max must be finite numbers",
                                    **where))
            continue
        year = int(year)
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
    if not bounds:
        raise InputError([Problem("error", "tệp ngưỡng không có dòng nào", "the bounds file has no rows",
                                  file=str(path))])
    return bounds


def bounds_warnings(values: pd.DataFrame, catalogue: Catalogue, bounds: Mapping[str, Mapping[int, tuple]] | None,
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
            out.append(Problem(
                "warning", f"--bounds không có ngưỡng cho {crit.code} năm {year}: các đơn vị năm {year} được so sánh "
                           "với nhau trong dữ liệu",
                f"--bounds has no bounds for {crit.code} in {year}: the units of {year} are compared among "
                "themselves", year=int(year), variable=crit.code))
        var = crit.rule["value"]
        for (district, year), x in values[var].items():
            lo_hi = given.get(year)
            if lo_hi is not None and not math.isnan(x) and not lo_hi[0] <= x <= lo_hi[1]:
                shown = {lang: [fmt.number(v, lang, 6) for v in (x, *lo_hi)] for lang in ("vi", "en")}
                (xv, lov, hiv), (xe, loe, hie) = shown["vi"], shown["en"]
                out.append(Problem(
                    "warning", f"{var} = {xv} nằm ngoài ngưỡng tham chiếu {lov}–{hiv}: điểm được giới hạn "
                               f"{'tối đa' if x > lo_hi[1] else '0'}; kiểm tra số liệu hoặc ngưỡng",
                    f"{var} = {xe} is outside the reference bounds {loe}–{hie}: points clipped to "
                    f"{'the maximum' if x > lo_hi[1] else '0'}; check the value or the bounds",
                    district=str(district), year=int(year), variable=var, value=xe))
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

"""Read the reference Min-Max bounds a province publishes (`dxkit bounds` writes them)."""

from __future__ import annotations

import math
from pathlib import Path

from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import InputError, Problem
from dxkit.core.values import ValueProblem, parse_number
from dxkit.intake.readers import read_csv_table


def read_bounds(path: str | Path, catalogue: Catalogue) -> dict[str, dict[int, tuple[float, float]]]:
    """Reference Min-Max bounds from a CSV `code,year,min,max` (`mã`, `năm` too; `0,61` or `0.61`);
    every bad row is reported at once."""
    df = read_csv_table(Path(path))
    df.columns = [str(c).strip().lower() for c in df.columns]
    df = df.rename(columns={"mã": "code", "năm": "year"})
    missing = {"code", "year", "min", "max"} - set(df.columns)
    if missing:
        raise InputError(
            [
                Problem(
                    "error",
                    f"thiếu cột {', '.join(sorted(missing))} (cần: code, year, min, max)",
                    f"missing column(s) {', '.join(sorted(missing))} (need: code, year, min, max)",
                    file=str(path),
                    cell="row 1",
                )
            ]
        )
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
            problems.append(
                Problem("error", "năm/min/max phải là số hữu hạn", "year/min/max must be finite numbers", **where)
            )
            continue
        year = int(year)
        if year in bounds.get(row["code"], {}):
            problems.append(
                Problem(
                    "error",
                    f"trùng dòng cho {row['code']} năm {year}",
                    f"duplicate row for {row['code']} {year}",
                    **where,
                )
            )
            continue
        if row["code"] not in minmax_codes:
            problems.append(
                Problem(
                    "error",
                    f"không phải tiêu chí Min-Max ({', '.join(sorted(minmax_codes))})",
                    f"not a Min-Max criterion ({', '.join(sorted(minmax_codes))})",
                    **where,
                )
            )
        elif lo > hi:
            problems.append(Problem("error", "min lớn hơn max", "min is larger than max", **where))
        else:
            bounds.setdefault(row["code"], {})[year] = (lo, hi)
    if problems:
        raise InputError(problems)
    if not bounds:
        raise InputError(
            [Problem("error", "tệp ngưỡng không có dòng nào", "the bounds file has no rows", file=str(path))]
        )
    return bounds

"""Read the reference Min-Max bounds a province publishes (`dxkit bounds` writes them)."""

from __future__ import annotations

import math
from pathlib import Path

from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import InputError, Problem
from dxkit.core.values import ValueProblem, parse_number
from dxkit.core.vocab import Message
from dxkit.intake.readers import read_csv_table


def read_bounds(path: str | Path, catalogue: Catalogue) -> dict[str, dict[int, tuple[float, float]]]:
    """Reference Min-Max bounds from a CSV `code,year,min,max` (`mã`, `năm` too; `0,61` or `0.61`);
    every bad row is reported at once."""
    df = read_csv_table(Path(path))
    df.columns = [str(c).strip().lower() for c in df.columns]
    df = df.rename(columns={"mã": "code", "năm": "year"})
    missing = {"code", "year", "min", "max"} - set(df.columns)
    if missing:
        rule = Message("intake.bounds.missing_columns", columns=", ".join(sorted(missing)))
        raise InputError([Problem("error", rule, file=str(path), row=1)])
    minmax_codes = {c.code for c in catalogue.criteria.values() if c.rule_type == "minmax"}
    bounds: dict[str, dict[int, tuple[float, float]]] = {}
    problems = []
    for i, (_, row) in enumerate(df.iterrows(), start=2):  # row 1 is the header
        code = row["code"]
        try:
            year, lo, hi = parse_number(row["year"]), parse_number(row["min"]), parse_number(row["max"])
        except ValueProblem:
            year = lo = hi = math.nan
        if not all(math.isfinite(x) for x in (year, lo, hi)) or year != int(year):
            rule = Message("intake.bounds.not_finite")
        elif int(year) in bounds.get(code, {}):
            rule = Message("intake.bounds.duplicate", code=code, year=int(year))
        elif code not in minmax_codes:
            rule = Message("intake.bounds.not_minmax", codes=", ".join(sorted(minmax_codes)))
        elif lo > hi:
            rule = Message("intake.bounds.min_above_max")
        else:
            bounds.setdefault(code, {})[int(year)] = (lo, hi)
            continue
        problems.append(Problem("error", rule, file=str(path), row=i, variable=code))
    if problems:
        raise InputError(problems)
    if not bounds:
        raise InputError([Problem("error", Message("intake.bounds.empty"), file=str(path))])
    return bounds

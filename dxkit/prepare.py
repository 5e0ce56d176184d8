"""From a tidy inputs table (one row per district × year × variable) to the engine's numbers.

The tidy table has columns `district, year, variable, value` and, for provenance, `file, sheet,
cell` (and `evidence` when given). Values stay raw text there; this module parses them against the
catalogue, fills denominators from Part I where the catalogue allows it, and reports every problem.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dxkit.catalogue import Catalogue
from dxkit.problems import Problem
from dxkit.values import ValueProblem, clean_text, is_blank, parse_number, parse_quantity, parse_value

TIDY_COLUMNS = ["district", "year", "variable", "value", "evidence", "file", "sheet", "cell"]
KEY = ["district", "year"]


@dataclass
class Prepared:
    """The engine's view of the inputs."""

    values: pd.DataFrame                      # float, index (district, year), one column per variable
    invalid: dict[str, np.ndarray]            # variable -> rows whose value broke a rule
    invalid_messages: dict[tuple[int, str], tuple[str, str]]  # (row, variable) -> (vi, en)
    from_general: dict[str, np.ndarray]       # variable -> rows whose value came from Part I
    general: pd.DataFrame                     # Part I as given (text), index (district, year)
    problems: list[Problem] = field(default_factory=list)   # blocking: unknown ids, conflicts, bad keys
    value_problems: list[Problem] = field(default_factory=list)  # invalidate one criterion each
    warnings: list[Problem] = field(default_factory=list)


def tidy(df: pd.DataFrame, file: str = "") -> pd.DataFrame:
    """Normalise a raw long table: all tidy columns present, district names NFC and trimmed."""
    out = df.copy()
    for col in TIDY_COLUMNS:
        if col not in out.columns:
            out[col] = file if col == "file" else ""
    out["district"] = out["district"].map(lambda d: "" if is_blank(d) else clean_text(d))
    out["variable"] = out["variable"].map(clean_text)
    return out[TIDY_COLUMNS].reset_index(drop=True)


def _where(row: pd.Series) -> dict:
    return {"file": str(row["file"]), "sheet": str(row["sheet"]), "cell": str(row["cell"])}


def _check_keys(long: pd.DataFrame, catalogue: Catalogue, problems: list[Problem]) -> pd.DataFrame:
    """Drop rows whose district, year or variable is unusable, with a problem for each."""
    known = set(catalogue.variables) | set(catalogue.general_fields)
    keep = []
    years = []
    for _, row in long.iterrows():
        base = {**_where(row), "district": row["district"], "variable": row["variable"], "value": shown_(row["value"])}
        ok = True
        if not row["district"]:
            problems.append(Problem("error", "thiếu tên huyện", "district name is empty", **base))
            ok = False
        year = _year(row["year"])
        if year is None:
            problems.append(Problem("error", f"năm '{row['year']}' không phải số nguyên",
                                    f"year '{row['year']}' is not a whole number", **base))
            ok = False
        if row["variable"] not in known:
            near = difflib.get_close_matches(row["variable"], sorted(known), n=1, cutoff=0.6)
            hint_vi = f" (có phải '{near[0]}'?)" if near else ""
            hint_en = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(Problem("error", f"mã biến không có trong bộ tiêu chí{hint_vi}",
                                    f"unknown variable id{hint_en}", **{**base, "year": year}))
            ok = False
        keep.append(ok)
        years.append(year)
    out = long.assign(year=years)[np.array(keep, dtype=bool)]
    out["year"] = out["year"].astype(int)
    return out


def _year(raw: object) -> int | None:
    try:
        number = parse_number(raw)
    except ValueProblem:
        return None
    return int(number) if 1900 <= number <= 2200 and number == int(number) else None


def shown_(raw: object) -> str:
    return "" if is_blank(raw) else clean_text(raw)


def _same_value_key(raw: object, variable: str, catalogue: Catalogue) -> str:
    """What two sources must agree on: the parsed value ('Có' = 'yes', '12' = '12.0'), else the text."""
    var = catalogue.variables.get(variable)
    try:
        return repr(parse_value(raw, var)) if var is not None else shown_(raw)
    except ValueProblem:
        return shown_(raw)


def _drop_blank_and_duplicates(long: pd.DataFrame, catalogue: Catalogue, problems: list[Problem]) -> pd.DataFrame:
    """Blank values are missing; the same value twice is one; two different values are an error."""
    long = long[~long["value"].map(is_blank).astype(bool)].copy()
    long["shown_"] = long["value"].map(shown_)
    long["same_"] = [_same_value_key(v, var, catalogue) for v, var in zip(long["value"], long["variable"])]
    groups = long.groupby(KEY + ["variable"], sort=False)["same_"]
    conflicts = groups.transform("nunique") > 1
    for (district, year, variable), rows in long[conflicts].groupby(KEY + ["variable"], sort=False):
        where = "; ".join(" ".join(x for x in (str(r.file), str(r.sheet), str(r.cell)) if x) + f" = {r.shown_!r}"
                         for r in rows.itertuples())
        problems.append(Problem(
            "error", f"hai nguồn cho giá trị khác nhau: {where}", f"two sources give different values: {where}",
            file=str(rows["file"].iloc[0]), sheet=str(rows["sheet"].iloc[0]), cell=str(rows["cell"].iloc[0]),
            district=district, year=int(year), variable=variable, value=str(rows["shown_"].iloc[0]),
        ))
    return long[~conflicts].drop_duplicates(KEY + ["variable"]).drop(columns=["shown_", "same_"])


def prepare(long: pd.DataFrame, catalogue: Catalogue) -> Prepared:
    """Parse a tidy inputs table against the catalogue; never raises on bad values, records them."""
    problems: list[Problem] = []
    long = _check_keys(tidy(long), catalogue, problems)
    units = pd.MultiIndex.from_frame(long[KEY].drop_duplicates().sort_values(KEY)) if len(long) else (
        pd.MultiIndex.from_tuples([], names=KEY))  # a district-year left all blank is still a unit
    long = _drop_blank_and_duplicates(long, catalogue, problems)
    row_of = {key: i for i, key in enumerate(units)}
    numeric_general = [g.code for g in catalogue.general if g.type != "text"]
    columns = list(catalogue.variables) + numeric_general
    matrix = np.full((len(units), len(columns)), np.nan)
    col_of = {c: j for j, c in enumerate(columns)}
    bad = _BadValues(units)
    general_rows = []
    for row in long.itertuples(index=False):
        i = row_of[(row.district, row.year)]
        bad.where[(i, row.variable)] = (str(row.file), str(row.sheet), str(row.cell))
        field_ = catalogue.general_fields.get(row.variable)
        if field_ is not None:
            general_rows.append({"district": row.district, "year": row.year, "variable": row.variable,
                                 "value": shown_(row.value)})
            if field_.type == "text":
                continue
        var = catalogue.variables.get(row.variable)
        try:
            matrix[i, col_of[row.variable]] = (parse_value(row.value, var) if var is not None
                                               else parse_quantity(row.value, whole=field_.type == "count"))
        except ValueProblem as exc:
            bad.add(i, row.variable, exc.vi, exc.en, shown_(row.value))
    values = pd.DataFrame(matrix, index=units, columns=columns)
    warnings: list[Problem] = []
    from_general = _fill_from_general(values, catalogue, bad, warnings)
    _check_parts(values, catalogue, bad, from_general)
    general = (pd.DataFrame(general_rows, columns=KEY + ["variable", "value"])
               .pivot(index=KEY, columns="variable", values="value") if general_rows
               else pd.DataFrame(index=units))
    return Prepared(values, bad.masks(), bad.messages, from_general, general, problems, bad.problems, warnings)


def _num(x: float) -> str:
    return format(float(x), ".15g")


class _BadValues:
    """Values that break a rule: per-variable masks, messages for explanations, problems for reports."""

    def __init__(self, units: pd.MultiIndex):
        self.units = units
        self.messages: dict[tuple[int, str], tuple[str, str]] = {}
        self.where: dict[tuple[int, str], tuple[str, str, str]] = {}
        self.problems: list[Problem] = []

    def add(self, i: int, variable: str, vi: str, en: str, value: str, report: bool = True) -> None:
        """Mark a value invalid; `report=False` when the problem is already reported at its source."""
        district, year = self.units[i]
        file, sheet, cell = self.where.get((i, variable), ("", "", ""))
        self.messages[(i, variable)] = (vi, en)
        if report:
                self.problems.append(Problem("error", vi, en, file=file, sheet=sheet, cell=cell, district=district,
                                         year=int(year), variable=variable, value=value))

    def mask(self, variable: str) -> np.ndarray:
        out = np.zeros(len(self.units), dtype=bool)
        out[[i for (i, v) in self.messages if v == variable]] = True
        return out

    def masks(self) -> dict[str, np.ndarray]:
        return {v: self.mask(v) for v in {v for (_, v) in self.messages}}


def _fill_from_general(values: pd.DataFrame, catalogue: Catalogue, bad: _BadValues,
                       warnings: list[Problem]) -> dict[str, np.ndarray]:
    """Take a missing denominator from Part I; warn where a given one disagrees with Part I.

    A missing denominator whose Part I source is itself invalid is invalid, naming that source.
    """
    filled: dict[str, np.ndarray] = {}
    for var in catalogue.variables.values():
        if not var.from_general:
            continue
        part_i = values[list(var.from_general)].sum(axis=1, min_count=len(var.from_general)).to_numpy()
        given = values[var.id].to_numpy()
        source = " + ".join(var.from_general)
        broken_source = np.any([bad.mask(g) for g in var.from_general], axis=0) & np.isnan(given)
        for i in np.flatnonzero(broken_source & ~bad.mask(var.id)):
            bad.add(i, var.id, f"để trống, lấy từ phần I nhưng {source} không hợp lệ",
                    f"left blank, taken from Part I but {source} is invalid", "", report=False)
        take = np.isnan(given) & ~np.isnan(part_i) & ~bad.mask(var.id)
        if take.any():
            values.loc[take, var.id] = part_i[take]
            filled[var.id] = take
        differ = ~np.isnan(given) & ~np.isnan(part_i) & (given != part_i)
        for i in np.flatnonzero(differ):
            district, year = values.index[i]
            file, sheet, cell = bad.where.get((i, var.id), ("", "", ""))
            warnings.append(Problem(
                "warning", f"khác với phần I ({source} = {_num(part_i[i])})",
                f"differs from Part I ({source} = {_num(part_i[i])})", file=file, sheet=sheet, cell=cell,
                district=district, year=int(year), variable=var.id, value=_num(given[i]),
            ))
    return filled


def _check_parts(values: pd.DataFrame, catalogue: Catalogue, bad: _BadValues,
                 from_general: dict[str, np.ndarray]) -> None:
    """A variable declared `part_of` another may not exceed it: the part becomes invalid (NaN to the rules)."""
    for var in catalogue.variables.values():
        if not var.part_of:
            continue
        part, whole = values[var.id].to_numpy(), values[var.part_of].to_numpy()
        with np.errstate(invalid="ignore"):
            over = part > whole
        filled = from_general.get(var.part_of, np.zeros(len(values), dtype=bool))
        source = " + ".join(catalogue.variables[var.part_of].from_general)
        for i in np.flatnonzero(over):
            note_vi = f" (lấy từ phần I: {source})" if filled[i] else ""
            note_en = f" (taken from Part I: {source})" if filled[i] else ""
            head = f"{var.id} = {_num(part[i])}"
            bad.add(i, var.id,
                    f"{head} lớn hơn {var.part_of} = {_num(whole[i])}{note_vi}: phần không thể lớn hơn tổng",
                    f"{head} is larger than {var.part_of} = {_num(whole[i])}{note_en}: a part cannot exceed its whole",
                    _num(part[i]))
        values.loc[over, var.id] = np.nan

"""`dxkit validate`: every problem of the inputs at once, each with where it is and the rule it breaks.

Errors: unreadable files, unknown variable ids or districts, bad years, non-numeric, negative or
ambiguous numbers, choices outside the list, a part larger than its whole, two sources disagreeing.
Warnings: district names normalised (NFD, stray spaces), a given denominator that differs from
Part I, and per criterion the inputs that are missing. Nothing is ever written to an input file.

With an appraisal the stage labels and reasons are checked, and each stage's values are checked
as they will be scored (the units' own; those with the appraised values applied), every problem
said once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dxkit.core.bounds import bounds_warnings
from dxkit.core.catalogue import Catalogue, load_catalogue
from dxkit.core.engine import Bounds, evaluate, resolve_options
from dxkit.core.prepare import (
    SELF,
    STAGES,
    AndList,
    Prepared,
    appraised_rows,
    confirmations,
    prepare,
    stage_problems,
    staged,
    tidy,
)
from dxkit.core.problems import Problem, Reason, distinct, problems_frame
from dxkit.core.values import clean_text, is_blank, map_cells
from dxkit.core.vocab import Joined, Message
from dxkit.intake import read_all
from dxkit.intake.districts import read_district_list, renamed, spelling_changes
from dxkit.intake.readers import RAW_DISTRICT

Where = tuple[str, str, str]  # file, sheet, cell (a spreadsheet reference or a CSV's `csv_cell`)


@dataclass
class Validation:
    """The outcome of validating some inputs: the table read and every problem found."""

    inputs: pd.DataFrame
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def frame(self) -> pd.DataFrame:
        return problems_frame(self.problems)


class _Locator:
    """Where each (district, year, variable) and each district-year was read from."""

    def __init__(self, inputs: pd.DataFrame):
        year = pd.to_numeric(inputs["year"], errors="coerce")
        rows = inputs.assign(filled=~map_cells(is_blank, inputs["value"]).astype(bool))[year.notna()]
        codes, distinct = pd.factorize(year.dropna())
        rows = rows.assign(year_n=np.array([int(y) for y in distinct], dtype=object)[codes])
        # Filled rows first, so a value's own cell wins over a blank duplicate.
        rows = rows.sort_values("filled", ascending=False, kind="stable")
        self._where = [rows[c].astype(str).tolist() for c in ("file", "sheet", "cell")]
        at = np.arange(len(rows))
        first = ~rows.duplicated(["district", "year_n", "variable"]).to_numpy()
        keys = zip(*(rows[c].to_numpy(dtype=object)[first] for c in ("district", "year_n", "variable")))
        self.cells: dict[tuple[str, int, str], int] = dict(zip(keys, at[first].tolist()))
        first = ~rows.duplicated(["district", "year_n"]).to_numpy()
        keys = zip(*(rows[c].to_numpy(dtype=object)[first] for c in ("district", "year_n")))
        self.units: dict[tuple[str, int], int] = dict(zip(keys, at[first].tolist()))

    def of(self, district: str, year: int | None, *variables: str) -> Where:
        """Where the first of `variables` given for the unit-year was read, else the unit-year's file."""
        if year is None:
            return ("", "", "")
        for variable in variables:
            found = self.cells.get((district, year, variable))
            if found is not None:
                file, sheet, cell = self._where
                return (file[found], sheet[found], cell[found])
        found = self.units.get((district, year))
        return ("", "", "") if found is None else (self._where[0][found], "", "")


def _place(problem: Problem, where: Where) -> Problem:
    """`problem` at `where` (a tidy table's file, sheet and cell: a CSV's cell gives row and column)."""
    file, sheet, cell = where
    return dataclasses.replace(problem, file=file, sheet=sheet, cell=cell, row=None, column="")


def spelling_warnings(
    inputs: pd.DataFrame, names: Mapping[str, str], catalogue: Catalogue | None = None
) -> list[Problem]:
    """One warning per file and unit spelling that had to be normalised or was another spelling of a
    unit (it is not a new unit); `names` maps the cleaned spelling to the unit as shown; `catalogue`
    says what the units are called."""
    if RAW_DISTRICT not in inputs.columns:
        return []
    nouns = (catalogue or load_catalogue()).nouns()
    out = []
    firsts = inputs.dropna(subset=["file", RAW_DISTRICT]).drop_duplicates(["file", RAW_DISTRICT])
    for first in firsts.to_dict("records"):
        file, raw = first["file"], first[RAW_DISTRICT]
        shown = names.get(clean_text(raw), clean_text(raw))
        other = renamed(raw, shown)
        changes = spelling_changes(raw) + ([other] if other else [])
        if not changes:
            continue
        out.append(
            Problem(
                "warning",
                Message("intake.spelling.normalised", changes=AndList(tuple(changes)), shown=shown, **nouns),
                file=str(file),
                sheet=str(first["sheet"]),
                cell=str(first["cell"]),
                district=shown,
                year=_year_or_none(first["year"]),
                value=raw,
                reason=Reason.NAME_NORMALISED,
            )
        )
    return out


def _year_or_none(raw: object) -> int | None:
    year = pd.to_numeric(raw, errors="coerce")
    return None if pd.isna(year) else int(year)


def _gap(catalogue: Catalogue, variable: str) -> Message | str:
    """A missing input, and the Part I fields it can be taken from."""
    source = catalogue.variables[variable].from_general
    return Message("intake.validate.or_part_i", variable=variable, source=" + ".join(source)) if source else variable


def _read_as(catalogue: Catalogue, variable: str) -> list[str]:
    """The inputs a problem about `variable` was read as: itself, or a criterion's input variables."""
    crit = catalogue.criteria.get(variable)
    return [variable] + ([v.id for v in crit.inputs] if crit is not None else [])


def scoring_problems(
    prepared: Prepared,
    catalogue: Catalogue,
    locate: _Locator,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
) -> list[Problem]:
    """What scoring would find: rules' own errors (parts summing above the whole), ratios above 100%
    capped (warnings, to review), a total that would be provisional (Min-Max without peers or bounds),
    and each district-year and criterion that would score 0 with status `missing`, naming the gaps."""
    values = prepared.values
    if values.empty:
        return []
    opts = resolve_options(catalogue, options)
    scored = evaluate(
        values, catalogue, opts, bounds, invalid=prepared.invalid, from_general=prepared.from_general, explain=False
    )
    scores = scored.criteria
    missing = scores[scores["status"] == "missing"]
    row_of = {key: i for i, key in enumerate(values.index)}
    out = []
    for r in missing.itertuples(index=False):
        crit = catalogue.criteria[r.code]
        row = values.iloc[row_of[(r.district, r.year)]]
        gaps = [v for v in catalogue.resolved(r.code, opts).variables if np.isnan(row[v])]
        rule = Message(
            "intake.validate.missing_input",
            code=crit.code,
            name=crit.name,
            gaps=Joined((_gap(catalogue, v) for v in gaps), ", "),
        )
        out.append(
            _place(
                Problem(
                    "warning",
                    rule,
                    district=r.district,
                    year=int(r.year),
                    variable=crit.code,
                    reason=Reason.MISSING_INPUT,
                ),
                locate.of(r.district, int(r.year), gaps[0] if gaps else ""),
            )
        )
    found = scored.problems + bounds_warnings(values, catalogue, bounds)
    return (
        [_place(p, locate.of(p.district, p.year, *_read_as(catalogue, p.variable))) if p.district else p for p in found]
        + provisional_warnings(scores, catalogue)
        + out
    )


def provisional_warnings(scores: pd.DataFrame, catalogue: Catalogue | None = None) -> list[Problem]:
    """One warning per unit-year whose total would be provisional, naming the Min-Max criteria and the fix
    (`catalogue`: what the units are called)."""
    nouns = (catalogue or load_catalogue()).nouns()
    waiting = scores[scores["status"] == "needs_peers"]
    out = []
    for (district, year), rows in waiting.groupby(["district", "year"], sort=False, observed=True):
        codes = ", ".join(rows["code"].astype(str))
        pts = rows["max_points"].sum()
        out.append(
            Problem(
                "warning",
                Message("intake.validate.provisional", codes=codes, points=f"{pts:g}", year=year, **nouns),
                district=str(district),
                year=int(year),
                variable=codes,
                reason=Reason.PROVISIONAL,
            )
        )
    return out


def validate(
    inputs: pd.DataFrame,
    catalogue: Catalogue | None = None,
    districts: list[str] | None = None,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
    decimal: str | None = None,
) -> list[Problem]:
    """Every problem of a tidy inputs table (as the readers return it), errors and warnings, once each:
    those of the stage columns, then those of each stage's values."""
    catalogue = catalogue or load_catalogue()
    errors = stage_problems(inputs)
    stages = STAGES if not appraised_rows(inputs).empty else (SELF,)
    found = [_validate_stage(staged(inputs, s), catalogue, districts, options, bounds, decimal) for s in stages]
    return distinct(errors + [p for problems in found for p in problems] + confirmations(inputs, catalogue))


def _validate_stage(
    inputs: pd.DataFrame,
    catalogue: Catalogue,
    districts: list[str] | None,
    options: Mapping[str, str] | None,
    bounds: Bounds | None,
    decimal: str | None,
) -> list[Problem]:
    """Every problem of the inputs of one stage."""
    prepared = prepare(inputs, catalogue, decimal, districts)
    table = tidy(inputs)
    locate = _Locator(table.assign(district=table["district"].map(prepared.names)))
    problems = spelling_warnings(inputs, prepared.names, catalogue)
    problems += prepared.problems + [
        _place(p, locate.of(p.district, p.year, p.variable)) if not p.file else p for p in prepared.value_problems
    ]
    problems += [
        _place(w, locate.of(w.district, w.year, w.variable)) if w.year is not None and not w.file else w
        for w in prepared.warnings
    ]
    problems += scoring_problems(prepared, catalogue, locate, options, bounds)
    return problems


def validate_paths(
    paths: Iterable[str | Path],
    catalogue: Catalogue | None = None,
    districts: str | Path | None = None,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
    decimal: str | None = None,
) -> Validation:
    """Read files and folders and validate everything readable; unreadable files are problems too."""
    inputs, problems = read_all(paths)
    known = read_district_list(districts) if districts else None
    return Validation(inputs, problems + validate(inputs, catalogue, known, options, bounds, decimal))

"""From a tidy inputs table (one row per district × year × variable) to the engine's numbers.

The tidy table has columns `district, year, variable, value` and, for provenance, `file, sheet,
cell` (and `evidence` when given). Values stay raw text there; this module parses them against the
catalogue, fills denominators from Part I where the catalogue allows it, and reports every problem.
"""

from __future__ import annotations

import dataclasses
import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dxkit.core import units, vocab
from dxkit.core.catalogue import Catalogue
from dxkit.core.problems import Place, Problem, Reason
from dxkit.core.values import (
    DECIMAL_MARKS,
    ValueProblem,
    clean_text,
    decimal_evidence,
    is_blank,
    map_cells,
    parse_number,
    parse_quantity,
    parse_value,
    plain_quantities,
)

TIDY_COLUMNS = ["district", "year", "variable", "value", "evidence", "file", "sheet", "cell", "stage", "reason"]
CHANGE_COLUMNS = ["district", "year", "variable", "value"]
KEY = ["district", "year"]
SELF, APPRAISED = "self", "appraised"  # the stages of a value: the unit's own, the province's correction
STAGES = (SELF, APPRAISED)


@dataclass
class Prepared:
    """The engine's view of the inputs."""

    values: pd.DataFrame  # float, index (district, year), one column per variable
    invalid: dict[str, np.ndarray]  # variable -> rows whose value broke a rule
    invalid_messages: dict[tuple[int, str], vocab.Localised]  # (row, variable) -> the rule it broke
    from_general: dict[str, np.ndarray]  # variable -> rows whose value came from Part I
    readings: dict[tuple[int, str], str]  # (row, variable) -> the text read, where it had a decimal mark
    general: pd.DataFrame  # Part I as given (text), index (district, year)
    problems: list[Problem] = field(default_factory=list)  # blocking: unknown ids, conflicts, bad keys
    value_problems: list[Problem] = field(default_factory=list)  # invalidate one criterion each
    warnings: list[Problem] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # unit as written (cleaned) -> unit as shown


def tidy(df: pd.DataFrame, file: str = "") -> pd.DataFrame:
    """Normalise a raw long table: all tidy columns present (a blank `stage` is the unit's own value),
    district names NFC and trimmed."""
    out = df[[c for c in TIDY_COLUMNS if c in df.columns]]
    for col in TIDY_COLUMNS:
        if col not in out.columns:
            out[col] = file if col == "file" else ""
    out["district"] = map_cells(shown_, out["district"])
    out["variable"] = map_cells(clean_text, out["variable"])
    return out[TIDY_COLUMNS].reset_index(drop=True)


def apply_changes(inputs: pd.DataFrame, changes: pd.DataFrame | Iterable[tuple]) -> pd.DataFrame:
    """A tidy inputs table with each (district, year, variable) of `changes` (a table `district, year,
    variable, value` or such tuples) replaced or added, marked `what_if`: in every stage (a self value
    and its appraised value are both replaced by the change).

    A change names a district of `inputs` (any spelling of it); an unknown name is an InputError
    naming the closest districts, never a new district.
    """
    table = (
        changes[CHANGE_COLUMNS]
        if isinstance(changes, pd.DataFrame)
        else pd.DataFrame(list(changes), columns=CHANGE_COLUMNS)
    )
    base = tidy(inputs)
    new = tidy(table.assign(file="what_if", evidence="what_if"))
    known = [d for d in dict.fromkeys(base["district"]) if d]
    names = {name: units.resolve(name, known) for name in dict.fromkeys(new["district"])}
    new["district"] = new["district"].map(names)
    new["year"] = pd.to_numeric(new["year"]).astype(int)
    keys = pd.MultiIndex.from_frame(new[["district", "year", "variable"]])
    year = pd.to_numeric(base["year"], errors="coerce")
    replaced = pd.MultiIndex.from_arrays([base["district"], year, base["variable"]]).isin(keys)
    return pd.concat([base[~replaced], new], ignore_index=True)


@dataclass(frozen=True)
class AndList:
    """Parts joined by the word 'and' of the language they are written in ('a và b', 'a and b')."""

    parts: tuple[object, ...]

    def text(self, lang: str = vocab.DEFAULT) -> str:
        return vocab.t("input.and", lang).join(vocab.render(p, lang) for p in self.parts)


def _check_keys(long: pd.DataFrame, catalogue: Catalogue, problems: list[Problem]) -> pd.DataFrame:
    """Drop rows whose district, year or variable is unusable: one problem per file and wrong text.

    The same wrong year or variable id on many rows (a whole file with 'năm 2024') is one problem
    naming the first cell and how many rows share it.
    """
    known = set(catalogue.variables) | set(catalogue.general_fields)
    years = pd.Series(map_cells(_year_or_nan, long["year"]), index=long.index, dtype=float)
    no_district = long["district"] == ""
    bad_year = years.isna()
    unknown = ~long["variable"].isin(known)
    for mask, kind in ((no_district, "district"), (bad_year, "year"), (unknown, "variable")):
        if not mask.any():
            continue
        rows = long[mask].assign(raw_=long.loc[mask, kind].map(shown_), year_=years[mask])
        for (_file, raw), group in rows.groupby(["file", "raw_"], sort=False):
            problems.append(_key_problem(kind, raw, group, known, catalogue))
    ok = ~(no_district | bad_year | unknown)
    return long[ok].assign(year=years[ok].astype(int))


def did_you_mean(near: list[str]) -> vocab.Localised | str:
    """' (có phải 'X'?)' naming the first of `near`, or nothing."""
    return vocab.Message("input.did_you_mean", name=near[0]) if near else ""


def _key_problem(kind: str, raw: str, rows: pd.DataFrame, known: set[str], catalogue: Catalogue) -> Problem:
    first, n = rows.iloc[0], len(rows)
    more = vocab.Message("input.key.rows_alike", n=n) if n > 1 else ""
    variable, reason = str(first["variable"]), Reason.UNKNOWN_VARIABLE
    if kind == "district":
        rule, reason = (
            vocab.Message("input.key.missing_district", more=more, **catalogue.nouns()),
            Reason.MISSING_DISTRICT,
        )
    elif kind == "year":
        rule, reason = vocab.Message("input.key.bad_year", raw=raw, more=more), Reason.BAD_YEAR
    else:
        near = difflib.get_close_matches(raw, sorted(known), n=1, cutoff=0.6)
        rule, variable = vocab.Message("input.key.unknown_variable", hint=did_you_mean(near), more=more), raw
    return Problem(
        "error",
        rule,
        file=str(first["file"]),
        sheet=str(first["sheet"]),
        cell=str(first["cell"]),
        district=first["district"],
        year=None if pd.isna(first["year_"]) else int(first["year_"]),
        variable=variable,
        value=shown_(first["value"]),
        reason=reason,
    )


def _year_or_nan(raw: object) -> float:
    found = year_of(raw)
    return np.nan if found is None else float(found)


def year_of(raw: object) -> int | None:
    """The year a cell holds (2024, '2024', '2024.0'), or None."""
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
    keys = KEY + ["variable"]
    long = long[~map_cells(is_blank, long["value"]).astype(bool)]
    twice = long.duplicated(keys, keep=False).to_numpy()
    conflicts = np.zeros(len(long), dtype=bool)
    if not twice.any():
        return long
    twins = long[twice]
    twins = twins.assign(
        shown_=twins["value"].map(shown_),
        same_=[_same_value_key(v, var, catalogue) for v, var in zip(twins["value"], twins["variable"])],
    )
    differ = (twins.groupby(keys, sort=False)["same_"].transform("nunique") > 1).to_numpy()
    conflicts[np.flatnonzero(twice)[differ]] = True
    for (district, year, variable), rows in twins[differ].groupby(keys, sort=False):
        where = vocab.Joined(
            (
                vocab.Joined([Place(str(r.file), str(r.sheet), str(r.cell)), f" = {r.shown_!r}"], sep="")
                for r in rows.itertuples()
            ),
            sep="; ",
        )
        problems.append(
            Problem(
                "error",
                vocab.Message("input.conflicting_sources", where=where),
                file=str(rows["file"].iloc[0]),
                sheet=str(rows["sheet"].iloc[0]),
                cell=str(rows["cell"].iloc[0]),
                district=district,
                year=int(year),
                variable=variable,
                value=str(rows["shown_"].iloc[0]),
                reason=Reason.CONFLICTING_SOURCES,
            )
        )
    return long[~conflicts].drop_duplicates(keys)


def prepare(
    long: pd.DataFrame, catalogue: Catalogue, decimal: str | None = None, districts: list[str] | None = None
) -> Prepared:
    """Parse a tidy inputs table against the catalogue; never raises on bad values, records them.

    Units are matched however they are written (`dxkit.core.units`) and shown as in `districts` (a
    district list) when given, where an unlisted unit is an error. Text numbers are read with
    `decimal` as the decimal mark, or else with the mark each source (file and sheet) proves.
    """
    if decimal not in (None, *DECIMAL_MARKS):
        raise ValueError(f"decimal must be '.' or ',', not {decimal!r}")
    problems: list[Problem] = []
    warnings: list[Problem] = []
    long = tidy(long)
    names = units.display_names(long["district"].tolist(), districts)
    long["district"] = long["district"].map(names)
    if districts is not None:
        problems += _unlisted(long, districts, catalogue)
        warnings += _listed_without_data(long, districts, catalogue)
        long = long[long["district"].isin(set(units.display_names(districts, districts).values()))]
    else:
        warnings += _look_alike_units(long)
    long = _check_keys(long, catalogue, problems)
    units_ = (
        pd.MultiIndex.from_frame(long[KEY].drop_duplicates().sort_values(KEY))
        if len(long)
        else (pd.MultiIndex.from_tuples([], names=KEY))
    )  # a district-year left all blank is still a unit
    long = _drop_blank_and_duplicates(long, catalogue, problems)
    marks = decimal_marks(long, catalogue, decimal)
    numeric_general = [g.code for g in catalogue.general if g.type != "text"]
    columns = list(catalogue.variables) + numeric_general
    rows = units_.get_indexer(pd.MultiIndex.from_arrays([long["district"], long["year"]]))
    bad = _BadValues(units_, long.assign(row_=rows))
    matrix, readings = _parse_values(long, rows, columns, catalogue, marks, bad)
    is_general = long["variable"].isin(catalogue.general_fields).to_numpy()
    general_rows = long.loc[is_general, KEY + ["variable"]].assign(value=map_cells(shown_, long["value"][is_general]))
    values = pd.DataFrame(matrix, index=units_, columns=columns)
    from_general = _fill_from_general(values, catalogue, bad, warnings)
    _check_parts(values, catalogue, bad, from_general, warnings)
    general = (
        general_rows.pivot(index=KEY, columns="variable", values="value")
        if len(general_rows)
        else pd.DataFrame(index=units_)
    )
    _check_consistency(values, catalogue, bad, warnings)
    return Prepared(
        values, bad.masks(), bad.messages, from_general, readings, general, problems, bad.problems, warnings, names
    )


NUMERIC_TYPES = ("count", "amount")


def _parse_values(
    long: pd.DataFrame,
    rows: np.ndarray,
    columns: list[str],
    catalogue: Catalogue,
    marks: dict[tuple[str, str], str],
    bad: _BadValues,
) -> tuple[np.ndarray, dict[tuple[int, str], str]]:
    """The engine's matrix (unit-year × column) of the values of `long` (each on unit-year `rows`) and the
    text numbers read by their source's decimal mark; a value breaking its rule is left NaN in `bad`.

    Each distinct text is parsed once per variable and mark, plain whole numbers all at once.
    """
    codes, ids = pd.factorize(long["variable"])

    def each(found: dict, default: object = None) -> np.ndarray:
        """`found` of each row's variable."""
        return np.array([found.get(v, default) for v in ids] + [default])[codes]

    column = each({c: j for j, c in enumerate(columns)}, -1)
    read = column >= 0  # Part I text stays text
    kind = each({**{g.code: g.type for g in catalogue.general}, **{v.id: v.type for v in catalogue.variables.values()}})
    numeric = each({v.id: v.type in NUMERIC_TYPES for v in catalogue.variables.values()}, True)  # and Part I
    mark = map_cells(lambda f, s: marks.get((f, s), ""), long["file"].astype(str), long["sheet"].astype(str))
    numbers = np.full(len(long), np.nan)
    for k in NUMERIC_TYPES:
        plain = read & (kind == k)
        numbers[plain] = plain_quantities(long["value"][plain], k)
    rest = np.flatnonzero(read & np.isnan(numbers))
    cells, variables = long["value"].iloc[rest], long["variable"].iloc[rest]
    found = map_cells(lambda raw, v, m: _parse_cell(raw, v, m, catalogue), cells, variables, pd.Series(mark[rest]))
    failed = np.array([isinstance(f, ValueProblem) for f in found], dtype=bool)
    numbers[rest[~failed]] = found[~failed].astype(float)
    for at, exc in zip(rest[failed], found[failed]):
        reason = Reason(exc.reason or Reason.INVALID_VALUE)
        bad.add(int(rows[at]), long["variable"].iat[at], exc.rule, shown_(long["value"].iat[at]), reason)
    matrix = np.full((len(bad.units), len(columns)), np.nan)
    matrix[rows[read], column[read]] = numbers[read]
    by_mark = rest[~failed]
    by_mark = by_mark[(mark[by_mark] != "") & numeric[by_mark]]
    convention = map_cells(_read_by_convention, long["value"].iloc[by_mark]).astype(bool)
    readings = {(int(rows[at]), long["variable"].iat[at]): shown_(long["value"].iat[at]) for at in by_mark[convention]}
    return matrix, readings


def _parse_cell(raw: object, variable: str, mark: str, catalogue: Catalogue) -> float | ValueProblem:
    """The number of one cell of `variable` read with decimal `mark` ('' for none), or the rule it breaks."""
    var = catalogue.variables.get(variable)
    try:
        if var is not None:
            return parse_value(raw, var, mark or None)
        return parse_quantity(raw, catalogue.general_fields[variable].type, mark or None)
    except ValueProblem as exc:
        return exc


def _read_by_convention(raw: object) -> bool:
    """True for text like '1.217' that only its source's decimal mark could decide."""
    return isinstance(raw, str) and any(m in raw for m in DECIMAL_MARKS) and decimal_evidence(raw) is None


def decimal_marks(long: pd.DataFrame, catalogue: Catalogue, decimal: str | None = None) -> dict[tuple[str, str], str]:
    """The decimal mark of each source (file, sheet): `decimal` if given, else the one its text numbers prove.

    A source proving both marks, or neither, gets none: its ambiguous numbers ('1.217') stay errors.
    """
    sources = long[["file", "sheet"]].astype(str).drop_duplicates()
    if decimal is not None:
        return {(f, s): decimal for f, s in sources.itertuples(index=False)}
    numeric = {v.id for v in catalogue.variables.values() if v.type in NUMERIC_TYPES}
    numeric |= {g.code for g in catalogue.general if g.type in NUMERIC_TYPES}
    rows = long[long["variable"].isin(numeric)]
    proof = rows.assign(mark_=map_cells(decimal_evidence, rows["value"])).dropna(subset=["mark_"])
    found = proof.astype({"file": str, "sheet": str}).groupby(["file", "sheet"])["mark_"].unique()
    return {key: marks[0] for key, marks in found.items() if len(marks) == 1}


def _unlisted(long: pd.DataFrame, districts: list[str], catalogue: Catalogue) -> list[Problem]:
    """An error per file, unit and year whose unit is not in the district list, with the closest names."""
    listed = set(units.display_names(districts, districts).values())
    out = []
    for (file, district, year), rows in long[~long["district"].isin(listed)].groupby(
        ["file", "district", "year"], sort=False
    ):
        near = units.closest(district, listed)
        first = rows.iloc[0]
        out.append(
            Problem(
                "error",
                vocab.Message("input.unlisted_district", hint=did_you_mean(near), **catalogue.nouns()),
                file=str(file),
                sheet=str(first["sheet"]),
                cell=str(first["cell"]),
                district=district,
                year=year_of(year),
                value=str(first.get("district_raw", district) or district),
                reason=Reason.UNLISTED_DISTRICT,
            )
        )
    return out


def _look_alike_units(long: pd.DataFrame) -> list[Problem]:
    """A warning per group of unit names that differ only in diacritics ('Đăk Đoa', 'Đak Đoa'): maybe one
    unit written two ways, which only a district list (--districts) can settle."""
    names = pd.Series(long["district"].unique())
    names = names[names != ""]
    out = []
    for _, group in names.groupby(names.map(units.fold)):
        if len(group) > 1:
            shown = ", ".join(f"'{n}'" for n in sorted(group))
            out.append(
                Problem(
                    "warning",
                    vocab.Message("input.look_alike_names", names=shown),
                    district=str(sorted(group)[0]),
                    reason=Reason.LOOK_ALIKE_NAMES,
                )
            )
    return out


def _listed_without_data(long: pd.DataFrame, districts: list[str], catalogue: Catalogue) -> list[Problem]:
    """A warning per listed unit that no input mentions at all."""
    present = set(long["district"].unique())
    return [
        Problem(
            "warning",
            vocab.Message("input.listed_without_data", **catalogue.nouns()),
            district=name,
            reason=Reason.LISTED_WITHOUT_DATA,
        )
        for name in dict.fromkeys(units.display_names(districts, districts).values())
        if name not in present
    ]


def _num(x: float) -> str:
    return format(float(x), ".15g")


class _BadValues:
    """Values that break a rule: per-variable masks, messages for explanations, problems for reports."""

    def __init__(self, units: pd.MultiIndex, read: pd.DataFrame):
        """`read`: each value's unit-year row (`row_`), variable, file, sheet and cell."""
        self.units = units
        self.messages: dict[tuple[int, str], vocab.Localised] = {}
        self.problems: list[Problem] = []
        self._read = read
        self._where: dict[tuple[int, str], tuple[str, str, str]] | None = None

    def add(
        self, i: int, variable: str, rule: vocab.Localised, value: str, reason: Reason, report: bool = True
    ) -> None:
        """Mark a value invalid; `report=False` when the problem is already reported at its source."""
        self.messages[(i, variable)] = rule
        if report:
            self.problems.append(self.problem("error", i, rule, variable, value, reason))

    def problem(
        self,
        severity: str,
        i: int | np.integer,
        rule: vocab.Localised,
        variable: str,
        value: str,
        reason: Reason,
        read_from: str | None = None,
    ) -> Problem:
        """A problem of row `i`'s unit-year about `variable`, placed where `read_from` (default: `variable`)
        was read."""
        district, year = self.units[int(i)]
        file, sheet, cell = self.at(i, read_from or variable)
        return Problem(
            severity,
            rule,
            file=file,
            sheet=sheet,
            cell=cell,
            district=district,
            year=int(year),
            variable=variable,
            value=value,
            reason=reason,
        )

    def at(self, i: int | np.integer, variable: str) -> tuple[str, str, str]:
        """The file, sheet and cell the value of row `i` and `variable` was read from."""
        if self._where is None:  # only when a problem is placed: most inputs have few
            r = self._read
            self._where = dict(
                zip(
                    zip(r["row_"].tolist(), r["variable"].tolist()),
                    zip(*(r[c].astype(str).tolist() for c in ("file", "sheet", "cell"))),
                )
            )
        return self._where.get((int(i), variable), ("", "", ""))

    def mask(self, variable: str) -> np.ndarray:
        out = np.zeros(len(self.units), dtype=bool)
        out[[i for (i, v) in self.messages if v == variable]] = True
        return out

    def masks(self) -> dict[str, np.ndarray]:
        return {v: self.mask(v) for v in {v for (_, v) in self.messages}}


def _fill_from_general(
    values: pd.DataFrame, catalogue: Catalogue, bad: _BadValues, warnings: list[Problem]
) -> dict[str, np.ndarray]:
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
            rule = vocab.Message("input.part_i.invalid_source", source=source)
            bad.add(int(i), var.id, rule, "", Reason.INVALID_SOURCE, report=False)
        take = np.isnan(given) & ~np.isnan(part_i) & ~bad.mask(var.id)
        if take.any():
            values.loc[take, var.id] = part_i[take]
            filled[var.id] = take
        differ = ~np.isnan(given) & ~np.isnan(part_i) & (given != part_i)
        for i in np.flatnonzero(differ):
            rule = vocab.Message("input.part_i.differs", source=source, value=_num(part_i[i]))
            warnings.append(bad.problem("warning", i, rule, var.id, _num(given[i]), Reason.DIFFERS_FROM_PART_I))
    return filled


def _check_parts(
    values: pd.DataFrame,
    catalogue: Catalogue,
    bad: _BadValues,
    from_general: dict[str, np.ndarray],
    warnings: list[Problem],
) -> None:
    """A variable declared `part_of` another may not exceed it: the part becomes invalid (NaN to the rules).

    Where the whole was filled from Part I, the officer never typed it: the ratio is capped by the
    rule and a warning asks for the whole instead.
    """
    for var in catalogue.variables.values():
        if not var.part_of:
            continue
        part, whole = values[var.id].to_numpy(), values[var.part_of].to_numpy()
        with np.errstate(invalid="ignore"):
            over = part > whole
        filled = from_general.get(var.part_of, np.zeros(len(values), dtype=bool))
        source = " + ".join(catalogue.variables[var.part_of].from_general)
        for i in np.flatnonzero(over & filled):
            rule = vocab.Message(
                "input.part_i.whole_from_part_i",
                part=var.id,
                value=_num(part[i]),
                whole=var.part_of,
                whole_value=_num(whole[i]),
                source=source,
                label=catalogue.variables[var.part_of].label,
            )
            warnings.append(
                bad.problem("warning", i, rule, var.part_of, _num(whole[i]), Reason.WHOLE_FROM_PART_I, read_from=var.id)
            )
        over &= ~filled
        for i in np.flatnonzero(over):
            rule = vocab.Message(
                "input.part_larger_than_whole",
                part=var.id,
                value=_num(part[i]),
                whole=var.part_of,
                whole_value=_num(whole[i]),
            )
            bad.add(int(i), var.id, rule, _num(part[i]), Reason.PART_LARGER_THAN_WHOLE)
        values.loc[over, var.id] = np.nan


def _check_consistency(values: pd.DataFrame, catalogue: Catalogue, bad: _BadValues, warnings: list[Problem]) -> None:
    """The framework's `checks` across criteria: contradictions (errors, which invalidate the values
    they name) and values that should agree (warnings)."""
    for check in catalogue.checks:
        holds = check.holds(values)
        names = check.variables
        for i in np.flatnonzero(holds):
            shown = [
                vocab.Message("input.check.value", variable=v, value=_shown_value(catalogue, v, values[v].iat[i]))
                for v in names
            ]
            rule = vocab.Message(
                "input.check.found", criteria=AndList(check.criteria), message=check.message, values=vocab.Joined(shown)
            )
            if check.severity == "error":
                for v in check.invalidates:
                    bad.add(
                        int(i), v, rule, _num(values[v].iat[i]), Reason.CONTRADICTION, report=v == check.invalidates[0]
                    )
                values.iloc[i, [values.columns.get_loc(v) for v in check.invalidates]] = np.nan
            else:
                warnings.append(
                    bad.problem("warning", i, rule, names[0], _num(values[names[0]].iat[i]), Reason.VALUES_DIFFER)
                )


def _shown_value(catalogue: Catalogue, variable: str, x: float) -> vocab.Localised | str:
    """A value as a check shows it: yes/no in words of the message's language, numbers as given."""
    var = catalogue.variables.get(variable)
    if var is not None and var.type == "bool" and not np.isnan(x):
        return vocab.Message("core.yes" if x else "core.no")
    return _num(x)


def _folded(raw: object) -> str:
    """A label as compared: no diacritics, no case, single spaces ('Thẩm  Định' → 'tham dinh')."""
    text = unicodedata.normalize("NFD", clean_text(raw).replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def stage_labels() -> dict[str, str]:
    """Every label a stage may be written as (its id, its name in every language) → the stage."""
    labels = {s: s for s in STAGES}
    labels.update({vocab.t(f"appraisal.stage.{s}", lang): s for s in STAGES for lang in vocab.languages()})
    return labels


_STAGE_OF = {_folded(label): stage for label, stage in stage_labels().items()}


def stage_of(raw: object) -> str | None:
    """The stage a label names, in any case and with or without diacritics ('Thẩm định', 'tham dinh',
    'appraised'); a blank label is the unit's own value (`self`); an unknown label is None."""
    return SELF if is_blank(raw) else _STAGE_OF.get(_folded(raw))


def _stages(table: pd.DataFrame) -> np.ndarray:
    return map_cells(stage_of, table["stage"])


def appraised_rows(inputs: pd.DataFrame) -> pd.DataFrame:
    """The appraised values given (tidy rows of stage `appraised` with a value), their year as a number
    where it is one ('2024.0' → 2024); none without a stage column."""
    if "stage" not in inputs.columns or not len(inputs):
        return tidy(inputs.iloc[:0])
    table = tidy(inputs)
    given = table[(_stages(table) == APPRAISED) & ~map_cells(is_blank, table["value"]).astype(bool)]
    years = [year_of(y) for y in given["year"]]
    return given.assign(year=[raw if y is None else y for raw, y in zip(given["year"], years)])


def stage_problems(inputs: pd.DataFrame) -> list[Problem]:
    """Errors of the stage columns, every one: an unknown stage label (one per file and label, at its
    first row, with the labels accepted), an appraised value without a reason for the correction, a
    reason without an appraised value, a reason on a unit's own value, and an appraised value of a
    unit-year with no self-assessment (naming the closest unit that has one)."""
    if not {"stage", "reason"} & set(inputs.columns) or not len(inputs):
        return []
    table = tidy(inputs)
    stages = _stages(table)
    out: list[Problem] = []
    unknown = np.array([s is None for s in stages], dtype=bool)
    accepted = ", ".join(f"'{label}'" for label in stage_labels())
    rows = table[unknown].assign(label_=table.loc[unknown, "stage"].map(shown_))
    for (_file, label), group in rows.groupby(["file", "label_"], sort=False):
        more = vocab.Message("input.key.rows_alike", n=len(group)) if len(group) > 1 else ""
        rule = vocab.Message("appraisal.input.unknown_stage", label=label, accepted=accepted, more=more)
        out.append(_row_problem(group.iloc[0], rule, Reason.UNKNOWN_STAGE))
    appraised = stages == APPRAISED
    no_value = map_cells(is_blank, table["value"]).astype(bool)
    no_reason = map_cells(is_blank, table["reason"]).astype(bool)
    for at in np.flatnonzero(appraised & ~no_value & no_reason):
        out.append(_row_problem(table.iloc[at], vocab.Message("appraisal.input.no_reason"), Reason.NO_REASON))
    for at in np.flatnonzero(appraised & no_value & ~no_reason):
        rule = vocab.Message("appraisal.input.reason_without_value")
        out.append(_row_problem(table.iloc[at], rule, Reason.REASON_WITHOUT_VALUE))
    for at in np.flatnonzero((stages == SELF) & ~no_reason):
        rule = vocab.Message("appraisal.input.reason_on_self")
        out.append(_row_problem(table.iloc[at], rule, Reason.REASON_ON_SELF))
    return out + _orphans(table, stages)


def confirmations(inputs: pd.DataFrame, catalogue: Catalogue) -> list[Problem]:
    """A warning per appraised value equal to the unit's own value as the engine reads it ('Có' for
    'có', '12.0' for '12'): a confirmation, not a correction (it changes nothing and is not listed
    among the corrections)."""
    given = appraised_rows(inputs)
    if given.empty:
        return []
    own = staged(inputs, SELF)
    own_value = dict(zip(_value_keys(own), own["value"]))
    out = []
    for key, (_, row) in zip(_value_keys(given), given.iterrows()):
        if key not in own_value or is_blank(own_value[key]):
            continue
        variable = str(row["variable"])
        if _same_value_key(own_value[key], variable, catalogue) == _same_value_key(row["value"], variable, catalogue):
            rule = vocab.Message("appraisal.input.confirmation", value=shown_(own_value[key]))
            out.append(dataclasses.replace(_row_problem(row, rule, Reason.CONFIRMATION), severity="warning"))
    return out


def _unit_years(table: pd.DataFrame) -> pd.MultiIndex:
    """(unit key, year) of each row: one unit however written, the year as a number."""
    return pd.MultiIndex.from_arrays(
        [map_cells(units.unit_key, table["district"]), map_cells(_year_or_nan, table["year"])]
    )


def _orphaned(table: pd.DataFrame, stages: np.ndarray) -> np.ndarray:
    """The appraised rows of a unit-year without any self-assessment row (a unit the province cannot
    correct: none of its own values were given)."""
    own = _unit_years(table[stages == SELF])
    return (stages == APPRAISED) & ~_unit_years(table).isin(own)


def _orphans(table: pd.DataFrame, stages: np.ndarray) -> list[Problem]:
    """An error per appraised value of a unit-year with no self-assessment, naming the closest unit that
    has one in that year (a misspelling) or saying the unit-year has none."""
    orphaned = _orphaned(table, stages)
    own = table[stages == SELF]
    own_years = map_cells(_year_or_nan, own["year"])
    out = []
    for at in np.flatnonzero(orphaned):
        row = table.iloc[at]
        year = year_of(row["year"])
        peers = own["district"][own_years == year] if year is not None else own["district"].iloc[:0]
        near = units.closest(str(row["district"]), dict.fromkeys(peers))
        rule = vocab.Message("appraisal.input.no_self", hint=did_you_mean(near))
        out.append(_row_problem(row, rule, Reason.NO_SELF_ASSESSMENT))
    return out


def _row_problem(row: pd.Series, rule: vocab.Localised, reason: Reason) -> Problem:
    """An error about one input row, placed where it was read."""
    return Problem(
        "error",
        rule,
        file=str(row["file"]),
        sheet=str(row["sheet"]),
        cell=str(row["cell"]),
        district=str(row["district"]),
        year=year_of(row["year"]),
        variable=str(row["variable"]),
        value=shown_(row["value"]),
        reason=reason,
    )


def _value_keys(table: pd.DataFrame) -> pd.MultiIndex:
    """(unit key, year, variable) of each row: one unit however written, the year as a number."""
    return pd.MultiIndex.from_arrays(
        [map_cells(units.unit_key, table["district"]), map_cells(_year_or_nan, table["year"]), table["variable"]]
    )


def staged(inputs: pd.DataFrame, stage: str) -> pd.DataFrame:
    """The tidy inputs of one stage. `self`: each unit's own values. `appraised`: the own values with
    every appraised value applied: a value not appraised, and every value of a unit without an
    appraisal, stays as the unit gave it; an appraised value keeps the evidence of the value it
    corrects when it cites none. An appraised row without a value appraises nothing, nor does one of a
    unit-year without a self-assessment (`stage_problems` refuses it). Columns beyond
    the tidy ones are kept."""
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}, not {stage!r}")
    extra = [c for c in inputs.columns if c not in TIDY_COLUMNS]  # kept: a reader's `district_raw`
    table = tidy(inputs).join(inputs[extra].reset_index(drop=True))
    stages = _stages(table)
    own = table[stages == SELF].reset_index(drop=True)
    if stage == SELF:
        return own
    given = appraised_rows(table[~_orphaned(table, stages)])
    at = _value_keys(given)
    replaced = _value_keys(own).isin(at)
    own_evidence = pd.Series(own["evidence"].to_numpy(), index=_value_keys(own))
    own_evidence = own_evidence[~own_evidence.index.duplicated()]
    cited = ~map_cells(is_blank, given["evidence"]).astype(bool)
    evidence = np.where(cited, given["evidence"], own_evidence.reindex(at).fillna("").to_numpy())
    return pd.concat([own[~replaced], given.assign(evidence=evidence)], ignore_index=True)

"""What if some inputs were different: the scores again, rescoring only what a change touches.

A `Scenario` holds an assessment, the input changes made so far and the scores they give. `change` puts
a changed input in place as the prepare stage reads it (an input no Part I value, part or check ties to
another) or else prepares again only the changed unit-years (from their own input rows and the
changes); it rescores the criteria reading a value that moved, the Min-Max ones among them for every
unit of the same year (their bounds may have moved), and sums pillars and totals again for the units
whose points moved. The scores are those of `Assessment.rescore(changes)` (tests/interactive/
test_whatif.py), in a fraction of the time (`benchmarks/bench_whatif.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from dxkit.analysis._common import check_unit, ranked
from dxkit.core.assessment import Assessment
from dxkit.core.engine import aggregate, evaluate, score_columns
from dxkit.core.prepare import (
    CHANGE_COLUMNS,
    KEY,
    NUMERIC_TYPES,
    Prepared,
    apply_changes,
    decimal_marks,
    prepare,
    staged,
    tidy,
)
from dxkit.core.problems import InputError
from dxkit.core.values import DECIMAL_MARKS, ValueProblem, decimal_evidence, is_blank, parse_value
from dxkit.core.vocab import Localised, Status

UnitYear = tuple[str, int]
SCORED = ["points", "index", "status", "measure", "provisional"]  # what rescoring rewrites in a score row
PEER_RULES = ("minmax",)  # rule types scoring a unit against the other units of its year


class _Base:
    """What every scenario of one assessment shares: its inputs per unit-year, their decimal marks, where
    each score row is and which criteria read each variable."""

    def __init__(self, assessment: Assessment):
        self.assessment = assessment
        cat, prepared = assessment.catalogue, assessment.prepared
        self.inputs = tidy(assessment.inputs)  # every stage: a change replaces a value in each (apply_changes)
        shown = self.inputs["district"].map(prepared.names)
        year = pd.to_numeric(self.inputs["year"], errors="coerce")
        self.rows = {(d, int(y)): idx for (d, y), idx in self.inputs.groupby([shown, year]).indices.items()}
        self.numeric = {v.id for v in cat.variables.values() if v.type in NUMERIC_TYPES}
        self.numeric |= {g.code for g in cat.general if g.type in NUMERIC_TYPES}
        read = _staged(self.inputs, assessment.stage)  # what the prepare stage reads: a change replaces rows of it
        self.marks = decimal_marks(read, cat, assessment.build.decimal)
        self.keys = pd.MultiIndex.from_arrays(
            [read["district"].map(prepared.names), pd.to_numeric(read["year"], errors="coerce"), read["variable"]]
        )
        self.sources = pd.MultiIndex.from_arrays([read["file"].astype(str), read["sheet"].astype(str)])
        proof = read["value"].map(decimal_evidence).where(read["variable"].isin(self.numeric))
        self.proof = proof.to_numpy(dtype=object)  # the decimal mark each row's text proves (None: none)
        s = assessment.scores
        keys = zip(s["district"].tolist(), s["year"].tolist(), s["code"].astype(str).tolist())
        self.position = {key: i for i, key in enumerate(keys)}  # (district, year, code) → row of the scores
        linked = {v.part_of for v in cat.variables.values() if v.part_of}
        linked |= {v.id for v in cat.variables.values() if v.part_of or v.from_general}
        linked |= {var for check in cat.checks for var in [*check.variables, *check.invalidates]}
        self.alone = set(cat.variables) - linked  # read alone: no Part I, part or check ties it to another input
        self.readers: dict[str, list[str]] = {}
        self.peer_rules: set[str] = set()
        for code in cat.criteria:
            res = cat.resolved(code, assessment.options)
            for var in res.variables:
                self.readers.setdefault(var, []).append(code)
            if res.params["type"] in PEER_RULES:
                self.peer_rules.add(code)

    def at(self, keys: Iterable[tuple[str, int, str]]) -> np.ndarray:
        """The rows of the scores of (district, year, code) keys."""
        return np.fromiter((self.position[k] for k in keys), dtype=np.int64)

    def unit_rows(self, units: Iterable[UnitYear]) -> pd.DataFrame:
        return self.inputs.iloc[np.concatenate([self.rows.get(u, np.array([], dtype=int)) for u in units])]


@dataclass(frozen=True)
class Scenario:
    """An assessment with input changes: the changes (`district, year, variable, value`, one row per
    input), the engine's values and the scores they give; `rescored` names the criteria the last change
    rescored for the unit it changed."""

    base: _Base
    changes: pd.DataFrame
    prepared: Prepared
    scores: pd.DataFrame
    rescored: tuple[str, ...] = ()

    @property
    def assessment(self) -> Assessment:
        return self.base.assessment

    @cached_property
    def inputs(self) -> pd.DataFrame:
        """The assessment's inputs with the changes (changed rows marked `what_if`)."""
        a = self.assessment
        return apply_changes(a.inputs, self.changes) if len(self.changes) else tidy(a.inputs)


def start(assessment: Assessment) -> Scenario:
    """A scenario with no change yet: the assessment's own scores."""
    empty = pd.DataFrame(columns=CHANGE_COLUMNS).astype({"year": int})
    return Scenario(_Base(assessment), empty, assessment.prepared, assessment.scores)


def change(scenario: Scenario, changes: pd.DataFrame | Iterable[tuple]) -> Scenario:
    """The scenario with more input `changes` (rows `district, year, variable, value`; any spelling of a
    unit of the assessment; a later change of the same input wins)."""
    table = _table(scenario, changes)
    merged = pd.concat([scenario.changes, table], ignore_index=True) if len(scenario.changes) else table
    merged = merged.drop_duplicates(["district", "year", "variable"], keep="last").reset_index(drop=True)
    return _rescored(scenario, merged, _units(table))


def restore(scenario: Scenario, district: str, year: int, variables: Iterable[str] | None = None) -> Scenario:
    """The scenario with the changes of a unit-year (or only of `variables`) taken back: the recorded inputs."""
    district = check_unit(scenario.assessment, district, year)
    c = scenario.changes
    drop = (c["district"] == district) & (c["year"] == year)
    if variables is not None:
        drop &= c["variable"].isin(list(variables))
    return _rescored(scenario, c[~drop].reset_index(drop=True), [(district, year)])


def _table(scenario: Scenario, changes: pd.DataFrame | Iterable[tuple]) -> pd.DataFrame:
    """Changes as a table with the assessment's names of units and whole years."""
    table = (
        changes[CHANGE_COLUMNS].copy()
        if isinstance(changes, pd.DataFrame)
        else pd.DataFrame(list(changes), columns=CHANGE_COLUMNS)
    )
    table["year"] = pd.to_numeric(table["year"]).astype(int)
    table["district"] = [check_unit(scenario.assessment, d, y) for d, y in zip(table["district"], table["year"])]
    return table


def _units(table: pd.DataFrame) -> list[UnitYear]:
    return list(dict.fromkeys(zip(table["district"], table["year"].astype(int))))


def _rescored(scenario: Scenario, changes: pd.DataFrame, units: list[UnitYear]) -> Scenario:
    """Prepare `units` again under all `changes`, then rescore what moved.

    An input read alone set to a value no decimal mark could change is put in place as the prepare stage
    would read it; other changes prepare the units again. A change replacing the text that proves its
    source's decimal mark may change how other units' numbers read: then everything is scored again.
    """
    base, a = scenario.base, scenario.assessment
    delta = _delta(scenario.changes, changes, units)
    if _moves_a_mark(base, scenario.changes, changes, delta):
        full = a.rescore(changes) if len(changes) else a
        return Scenario(base, changes, full.prepared, full.scores, tuple(a.catalogue.criteria))
    at = a.prepared.values.index.get_indexer(pd.MultiIndex.from_tuples(units, names=KEY))
    if all(var in base.alone and not _has_mark(v) for (_, _, var), v in delta.items()):
        fresh = _set_alone(scenario, at, units, delta)
    else:
        fresh = _prepare_units(base, changes, units)
    moved = _moved(_take(scenario.prepared, at), fresh)
    prepared = _splice(scenario.prepared, at, fresh)
    codes = sorted({c for var in moved for c in base.readers.get(var, [])}, key=list(a.catalogue.criteria).index)
    scores = scenario.scores.copy()
    own = [c for c in codes if c not in base.peer_rules]
    peer = [c for c in codes if c in base.peer_rules]
    moved_units: set[UnitYear] = set()
    if own:
        moved_units |= _write(scores, base, _evaluate(a, prepared, at, own))
    if peer:
        years = a.prepared.values.index.get_level_values("year")
        same_year = np.flatnonzero(np.isin(years, [y for _, y in units]))
        moved_units |= _write(scores, base, _evaluate(a, prepared, same_year, peer))
    if moved_units:
        keys = [(d, y, c) for d, y in sorted(moved_units) for c in a.catalogue.criteria]
        _write(scores, base, aggregate(scores.iloc[base.at(keys)], a.catalogue, a.build.explain))
    return Scenario(base, changes, prepared, scores, tuple(codes))


RECORDED = None  # a change taken back: the input as recorded


def _delta(old: pd.DataFrame, new: pd.DataFrame, units: list[UnitYear]) -> dict[tuple[str, int, str], object]:
    """(unit, year, variable) → the new value of each input of `units` whose change differs between two
    change tables (RECORDED where a change was taken back)."""

    wanted = set(units)

    def of(table: pd.DataFrame) -> dict[tuple[str, int, str], object]:
        rows = table[CHANGE_COLUMNS].itertuples(index=False)
        return {(d, int(y), var): v for d, y, var, v in rows if (d, int(y)) in wanted}

    before, after = of(old), of(new)
    keys = dict.fromkeys([*before, *after])
    return {
        k: after.get(k, RECORDED) for k in keys if k not in before or k not in after or not _same(before[k], after[k])
    }


def _same(x: object, y: object) -> bool:
    return type(x) is type(y) and (x == y or (x != x and y != y))


def _moves_a_mark(
    base: _Base, old: pd.DataFrame, new: pd.DataFrame, delta: Mapping[tuple[str, int, str], object]
) -> bool:
    """True when the inputs changes replace (or give back) hold text proving their source's decimal mark
    and the mark that source proves is not the same under the `old` and the `new` changes."""
    if base.assessment.build.decimal is not None or not delta:
        return False
    proving = base.keys.isin(list(delta)) & pd.notna(base.proof)
    if not proving.any():
        return False
    sources = list(dict.fromkeys(base.sources[proving]))

    def marks(changes: pd.DataFrame) -> list[str | None]:
        kept = ~base.keys.isin(list(changes[["district", "year", "variable"]].itertuples(index=False, name=None)))
        found = [set(base.proof[kept & (base.sources == s) & pd.notna(base.proof)]) for s in sources]
        return [proved.pop() if len(proved) == 1 else None for proved in found]

    return marks(old) != marks(new)


def _set_alone(
    scenario: Scenario, at: np.ndarray, units: list[UnitYear], delta: Mapping[tuple[str, int, str], object]
) -> Prepared:
    """The prepared rows `at` of `units` with inputs read alone set as the prepare stage reads them: a
    blank is missing, a value breaking its variable's rule is invalid (NaN, with the rule), a change taken
    back is the input as recorded."""
    a, fresh = scenario.assessment, _take(scenario.prepared, at)
    recorded, row = a.prepared, {u: i for i, u in enumerate(units)}
    values, messages, readings = fresh.values.copy(), dict(fresh.invalid_messages), dict(fresh.readings)
    invalid = {v: m.copy() for v, m in fresh.invalid.items()}
    for (d, y, var), value in delta.items():
        i = row[(d, y)]
        was, reading = int(at[i]), None
        rule: Localised | None = None
        if value is RECORDED:
            x = recorded.values.iat[was, recorded.values.columns.get_loc(var)]
            rule, reading = recorded.invalid_messages.get((was, var)), recorded.readings.get((was, var))
        elif is_blank(value):
            x = np.nan
        else:
            try:
                x = parse_value(value, a.catalogue.variables[var])
            except ValueProblem as exc:
                x, rule = np.nan, exc.rule
        values.iat[i, values.columns.get_loc(var)] = x
        invalid.setdefault(var, np.zeros(len(at), dtype=bool))[i] = rule is not None
        messages.pop((i, var), None)
        readings.pop((i, var), None)
        if rule is not None:
            messages[(i, var)] = rule
        if reading is not None:
            readings[(i, var)] = reading
    return replace(fresh, values=values, invalid=invalid, invalid_messages=messages, readings=readings)


def _prepare_units(base: _Base, changes: pd.DataFrame, units: list[UnitYear]) -> Prepared:
    """The engine's values of `units` under `changes`, from their own input rows.

    Prepared alone, a unit's text numbers could be read with another decimal mark than among all inputs
    (the mark a source proves may rest on other units' rows): then all inputs are prepared again.
    """
    a = base.assessment
    ours = changes[pd.MultiIndex.from_frame(changes[KEY]).isin(units)] if len(changes) else changes
    long = _staged(apply_changes(base.unit_rows(units), ours) if len(ours) else base.unit_rows(units), a.stage)
    b = a.build
    districts = list(b.districts) if b.districts is not None else None
    typed = changes["value"].map(_has_mark).to_numpy(dtype=bool)
    proved = decimal_marks(tidy(changes.assign(file="what_if")), a.catalogue, b.decimal) if typed.any() else {}
    everywhere = {**base.marks, **proved}  # numbers typed as numbers prove no mark
    alone = prepare(long, a.catalogue, b.decimal, districts)
    if alone.problems:
        raise InputError(alone.problems + alone.value_problems)
    index = alone.values.index
    if set(index) == set(units) and _read_alike(long, base, everywhere):
        return _take(alone, index.get_indexer(pd.MultiIndex.from_tuples(units, names=KEY)))
    whole = prepare(_staged(apply_changes(a.inputs, changes), a.stage), a.catalogue, b.decimal, districts)
    return _take(whole, whole.values.index.get_indexer(pd.MultiIndex.from_tuples(units, names=KEY)))


def _staged(long: pd.DataFrame, stage: str) -> pd.DataFrame:
    """The tidy rows of `stage` (`staged`); rows none of which names a stage are all the unit's own."""
    return staged(long, stage) if (long["stage"].astype(str).str.strip() != "").any() else long


def _read_alike(long: pd.DataFrame, base: _Base, everywhere: Mapping[tuple[str, str], str]) -> bool:
    """True when the text numbers of `long`, read alone, are read as among all inputs (`everywhere`: each
    source's decimal mark there): they have no mark to read, or their source proves the same mark alone."""
    marked = long["variable"].isin(base.numeric).to_numpy() & long["value"].map(_has_mark).to_numpy(dtype=bool)
    if not marked.any():
        return True
    alone = decimal_marks(long, base.assessment.catalogue, base.assessment.build.decimal)
    source = pd.MultiIndex.from_arrays([long["file"].astype(str), long["sheet"].astype(str)])
    return all(alone.get(k) == everywhere.get(k) for k in dict.fromkeys(source[marked]))


def _has_mark(value: object) -> bool:
    return isinstance(value, str) and any(m in value for m in DECIMAL_MARKS)


def _take(p: Prepared, at: np.ndarray) -> Prepared:
    """The rows `at` of prepared values, numbered from 0 in that order."""
    new = {int(old): i for i, old in enumerate(at)}
    return replace(
        p,
        values=p.values.iloc[at],
        invalid={v: m[at] for v, m in p.invalid.items()},
        invalid_messages={(new[i], v): m for (i, v), m in p.invalid_messages.items() if i in new},
        from_general={v: m[at] for v, m in p.from_general.items()},
        readings={(new[i], v): r for (i, v), r in p.readings.items() if i in new},
        problems=[],
        value_problems=[],
        warnings=[],
    )


def _splice(p: Prepared, at: np.ndarray, rows: Prepared) -> Prepared:
    """Prepared values with rows `at` replaced by `rows` (numbered from 0 in that order)."""
    values = p.values.copy()
    values.iloc[at] = rows.values.reindex(columns=values.columns).to_numpy()

    def masks(old: Mapping[str, np.ndarray], new: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        out = {}
        for v in set(old) | set(new):
            m = old[v].copy() if v in old else np.zeros(len(values), dtype=bool)
            m[at] = new.get(v, False)
            if m.any():
                out[v] = m
        return out

    moved = {int(i) for i in at}

    def entries(old: Mapping[tuple[int, str], object], new: Mapping[tuple[int, str], object]) -> dict:
        kept = {k: m for k, m in old.items() if k[0] not in moved}
        return {**kept, **{(int(at[i]), v): m for (i, v), m in new.items()}}

    return replace(
        p,
        values=values,
        invalid=masks(p.invalid, rows.invalid),
        invalid_messages=entries(p.invalid_messages, rows.invalid_messages),
        from_general=masks(p.from_general, rows.from_general),
        readings=entries(p.readings, rows.readings),
    )


def _moved(old: Prepared, new: Prepared) -> set[str]:
    """The variables whose value, validity, reading or origin (Part I) differ between two row sets."""
    a, b = old.values.to_numpy(), new.values.reindex(columns=old.values.columns).to_numpy()
    differ = ~((a == b) | (np.isnan(a) & np.isnan(b)))
    out = set(old.values.columns[differ.any(axis=0)])
    for kind in ("invalid", "from_general"):
        x, y = getattr(old, kind), getattr(new, kind)
        out |= {v for v in set(x) | set(y) if not np.array_equal(x.get(v, False), y.get(v, False))}
    for kind in ("invalid_messages", "readings"):
        x, y = getattr(old, kind), getattr(new, kind)
        out |= {v for (_, v) in set(x) ^ set(y)} | {v for (i, v) in set(x) & set(y) if x[(i, v)] != y[(i, v)]}
    return out


def _evaluate(a: Assessment, p: Prepared, at: np.ndarray, codes: list[str]) -> pd.DataFrame:
    """Criterion rows of `codes` for the prepared rows `at` (a Min-Max criterion: all units of its year)."""
    rows = _take(p, at)
    return evaluate(
        rows.values,
        a.catalogue,
        a.options,
        a.bounds,
        rows.invalid,
        rows.invalid_messages,
        rows.from_general,
        a.build.explain,
        rows.readings,
        findings=False,
        codes=codes,
    ).criteria


def _write(scores: pd.DataFrame, base: _Base, rows: pd.DataFrame) -> set[UnitYear]:
    """Put rescored rows (criteria, or pillars and totals) in their places of `scores`; the unit-years
    whose points or status moved."""
    at = base.at(zip(rows["district"].astype(str).tolist(), rows["year"].tolist(), rows["code"].astype(str).tolist()))
    rows = rows.assign(status=rows["status"].astype(str))
    if "provisional" not in rows:
        rows = rows.assign(provisional=(rows["status"] == Status.NEEDS_PEERS).to_numpy())
    moved = (scores["points"].to_numpy()[at] != rows["points"].to_numpy()) | (
        scores["status"].to_numpy()[at] != rows["status"].to_numpy()
    )
    columns = SCORED + [c for c in score_columns(base.assessment.build.explain) if c.startswith("explanation_")]
    for col in columns:
        scores.iloc[at, scores.columns.get_loc(col)] = rows[col].to_numpy()
    return set(zip(rows["district"].astype(str)[moved], rows["year"][moved].astype(int)))


# ------------------------------------------------------------------ what the panel shows

STANDING_COLUMNS = ["district", "points", "rank", "recorded_points", "recorded_rank", "delta", "rank_change"]


def standing(scenario: Scenario, year: int) -> pd.DataFrame:
    """Totals of the units of `year` with the changes, best first: rank (1 = best, ties share the best
    rank), the recorded total and rank, `delta` (points gained) and `rank_change` (> 0: places gained)."""
    now = _ranked_totals(scenario.scores, year)
    before = _ranked_totals(scenario.assessment.scores, year)
    out = now.merge(before, on="district", suffixes=("", "_recorded"))
    out = out.rename(columns={"points_recorded": "recorded_points", "rank_recorded": "recorded_rank"})
    out["delta"] = out["points"] - out["recorded_points"]
    out["rank_change"] = out["recorded_rank"] - out["rank"]
    return out.sort_values(["rank", "district"]).reset_index(drop=True)[STANDING_COLUMNS]


def _ranked_totals(scores: pd.DataFrame, year: int) -> pd.DataFrame:
    totals = scores[(scores["level"] == "total") & (scores["year"] == year)]
    return ranked(totals)[["district", "points", "rank"]]


def unit_scores(scenario: Scenario, district: str, year: int) -> pd.DataFrame:
    """Every score row of one unit-year with the changes, beside the recorded points (`recorded`, `delta`)."""
    district = check_unit(scenario.assessment, district, year)
    pick = scenario.base.at((district, year, c) for c in _codes(scenario))
    now, before = scenario.scores.iloc[pick], scenario.assessment.scores.iloc[pick]
    return now.assign(
        recorded=before["points"].to_numpy(), delta=now["points"].to_numpy() - before["points"].to_numpy()
    ).reset_index(drop=True)


def _codes(scenario: Scenario) -> list[str]:
    cat = scenario.assessment.catalogue
    return list(cat.criteria) + [p.code for p in cat.pillars] + ["TOTAL"]


def unit_changes(scenario: Scenario, district: str, year: int) -> pd.DataFrame:
    """The changes made to one unit-year's inputs."""
    district = check_unit(scenario.assessment, district, year)
    c = scenario.changes
    return c[(c["district"] == district) & (c["year"] == year)].reset_index(drop=True)


def values_of(scenario: Scenario, district: str, year: int) -> dict[str, float]:
    """The engine's values of one unit-year with the changes (NaN: missing or invalid)."""
    district = check_unit(scenario.assessment, district, year)
    return scenario.prepared.values.loc[(district, year)].to_dict()


def changed_inputs(scenario: Scenario) -> pd.DataFrame:
    """Every input with the changes, as a long table (`district, year, variable, value, evidence`, and
    `stage, reason` where some value is appraised; a changed input has evidence `what_if`): scored again
    by `dxkit score`, it gives the scenario's scores."""
    table = scenario.inputs
    stages = ["stage", "reason"] if (table["stage"].astype(str).str.strip() != "").any() else []
    return table[[*CHANGE_COLUMNS, "evidence", *stages]].reset_index(drop=True)

"""One object carrying the data, the framework, the options, the scores and how they were built.

A value has a stage: the unit's own (`self`, *tự đánh giá*) or the province's correction
(`appraised`, *thẩm định*, with its reason). Each stage is scored as its own assessment, so Min-Max
peers are those of one stage; the appraised assessment carries the self one (`self_stage`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata

import pandas as pd

from dxkit.core import fmt, vocab
from dxkit.core.bounds import bounds_warnings
from dxkit.core.catalogue import Catalogue, load_catalogue
from dxkit.core.engine import Bounds, aggregate, evaluate, resolve_options, score_columns
from dxkit.core.prepare import (
    APPRAISED,
    SELF,
    STAGES,
    Prepared,
    apply_changes,
    appraised_rows,
    confirmations,
    prepare,
    stage_problems,
    staged,
)
from dxkit.core.problems import InputError, Problem, Reason, distinct
from dxkit.core.vocab import Message, Status, t


@dataclass(frozen=True)
class Build:
    """How an assessment was built, as data (like COINr's log): what it rests on and what it cost."""

    framework_id: str
    framework_path: str
    options: dict[str, str]
    bounds: bool  # reference Min-Max bounds given (else: the units of the same year)
    bounds_source: str  # where the bounds came from (a file), for the method notes
    decimal: str | None  # the decimal mark asked for (None: what each source proves)
    districts: tuple[str, ...] | None  # the district list the units were matched against
    explain: bool
    inputs_fingerprint: str  # sha256 (16 hex digits) of the inputs table
    version: str  # the dxkit version that built it
    counts: dict[str, int] = field(default_factory=dict)  # input rows, unit-years, invalid values, …
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: prepare, score


@dataclass
class Assessment:
    """Scores of some units and years under one framework, with everything needed to explain them.

    `prepared` holds the inputs' problems followed by what scoring found (`findings`: rules' errors
    and warnings with a reason code, bounds warnings).

    `inputs` is every input row, of both stages; `scores` are those of `stage`. The appraised
    assessment carries the units' own scores as `self_stage` (None when nothing is appraised: the
    appraised values are then the units' own).
    """

    catalogue: Catalogue
    inputs: pd.DataFrame
    prepared: Prepared
    options: dict[str, str]
    bounds: Bounds | None
    scores: pd.DataFrame
    build: Build
    findings: list[Problem] = field(default_factory=list)
    stage: str = SELF
    self_stage: Assessment | None = None

    @property
    def appraised(self) -> bool:
        """True when some input is an appraised value."""
        return self.build.counts.get("appraised_values", 0) > 0

    def of_stage(self, stage: str) -> Assessment:
        """The assessment of `stage` (`self` or `appraised`): this one or the self-assessment it carries.
        Without an appraisal the two are one (the same scores, labelled with the stage asked for). A
        ValueError for the appraised stage of inputs scored with `stage="self"` (score them again
        without it; `has_stage` tells first)."""
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)}, not {stage!r}")
        if stage == self.stage:
            return self
        if not self.appraised:
            return replace(self, stage=stage)
        if self.self_stage is not None:
            return self.self_stage
        raise ValueError("these scores are of the self stage only: score again with stage='appraised'")

    def has_stage(self, stage: str) -> bool:
        """True when `of_stage(stage)` has the scores of `stage` (False only for the appraised stage of
        appraised inputs scored with `stage="self"`)."""
        return stage == self.stage or not self.appraised or self.self_stage is not None

    @property
    def bounds_source(self) -> str:
        return self.build.bounds_source

    def rescore(
        self,
        changes: pd.DataFrame | Iterable[tuple] | None = None,
        options: Mapping[str, str] | None = None,
        bounds: Bounds | None = None,
        explain: bool | None = None,
    ) -> Assessment:
        """The same inputs scored again with input `changes` (rows `district, year, variable, value`),
        other `options` (merged over these) or other `bounds` (`{}`: none, the units of the same year).

        Without changes the prepared values are scored again as they are (nothing re-read or re-parsed);
        with changes the changed inputs are prepared again (a change may touch Part I, parts, checks).
        `explain` defaults to how this assessment was built.
        """
        opts = {**self.options, **(options or {})}
        bounds = self.bounds if bounds is None else bounds
        explain = self.build.explain if explain is None else explain
        b = self.build
        if changes is not None:
            return score(
                apply_changes(self.inputs, changes),
                self.catalogue,
                opts,
                bounds,
                explain,
                b.decimal,
                list(b.districts) if b.districts is not None else None,
                b.bounds_source,
                self.stage,
            )
        again = _scored(
            self.inputs,
            self.catalogue,
            self._unscored(),
            opts,
            bounds,
            explain,
            replace(b, timings={"prepare": 0.0}),
            self.stage,
        )
        if self.self_stage is not None:
            again.self_stage = self.self_stage.rescore(options=opts, bounds=bounds, explain=explain)
        return again

    def _unscored(self) -> Prepared:
        """The prepared inputs without what scoring added to their problems."""
        p = self.prepared
        errors = sum(f.severity == "error" for f in self.findings)
        return replace(
            p,
            value_problems=p.value_problems[: len(p.value_problems) - errors],
            warnings=p.warnings[: len(p.warnings) - (len(self.findings) - errors)],
        )

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the inputs and scores, those of the units' own values included (once)."""
        p = self.prepared
        found = p.problems + p.value_problems + p.warnings
        if self.self_stage is None:
            return found
        return distinct(found + self.self_stage.problems)

    def criteria(self) -> pd.DataFrame:
        return self.scores[self.scores["level"] == "criterion"].reset_index(drop=True)

    def pillars(self) -> pd.DataFrame:
        return self.scores[self.scores["level"] == "pillar"].reset_index(drop=True)

    def totals(self) -> pd.DataFrame:
        return self.scores[self.scores["level"] == "total"].reset_index(drop=True)

    def assumptions(self, lang: str = vocab.DEFAULT) -> pd.DataFrame:
        """The options and Min-Max bounds the numbers assume: meaning and the criteria each one moves."""
        rows = [
            {
                "option": name,
                "value": value,
                "label": self.catalogue.options[name].label(lang),
                "meaning": self.catalogue.options[name].values[value](lang),
                "criteria": ", ".join(self.catalogue.option_scope(name)),
            }
            for name, value in self.options.items()
        ]
        minmax = [c.code for c in self.catalogue.criteria.values() if c.rule_type == "minmax"]
        if self.bounds:
            given = "; ".join(
                f"{code} {year}: {fmt.number(lo, lang, 4)}–{fmt.number(hi, lang, 4)}"
                for code, by_year in self.bounds.items()
                for year, (lo, hi) in sorted(by_year.items())
            )
            src = f" ({self.bounds_source})" if self.bounds_source else ""
            meaning = t("core.assumptions.bounds.given", lang, source=src, given=given)
        else:
            meaning = t("core.assumptions.bounds.peers", lang)
        rows.append(
            {
                "option": "minmax_bounds",
                "value": "reference" if self.bounds else "peers",
                "label": t("core.assumptions.bounds.label", lang),
                "meaning": meaning,
                "criteria": ", ".join(minmax),
            }
        )
        rows.append(
            {
                "option": "stage",
                "value": self.stage,
                "label": t("appraisal.assumption.label", lang),
                "meaning": self._stage_meaning(lang),
                "criteria": "",
            }
        )
        return pd.DataFrame(rows)

    def _stage_meaning(self, lang: str) -> str:
        """Which values were scored: the units' own, or with the province's appraised values applied."""
        given = appraised_rows(self.inputs)
        if given.empty:
            return t(f"appraisal.assumption.{self.stage}_none", lang)
        names = self.prepared.names
        places = given.assign(district=given["district"].map(lambda d: names.get(d, d)))
        places = places[["district", "year"]].astype(str).drop_duplicates()
        shown = ", ".join(f"{d} {y}" for d, y in places.itertuples(index=False))
        return t(f"appraisal.assumption.{self.stage}", lang, n=len(given), places=shown, **self.catalogue.nouns())

    def assumptions_text(self) -> str:
        """The options and bounds as ids, 'threshold_reading=as_written; …; minmax_bounds=peers': the
        `assumptions` column of the scores table, for scripts. A reader is told them in words by
        `assumptions(lang)` (label and meaning of each)."""
        return "; ".join(f"{r.option}={r.value}" for r in self.assumptions().itertuples())

    def table(self) -> pd.DataFrame:
        """The scores with their stage and the assumptions stated on every row (what `dxkit score` writes)."""
        return self.scores.assign(stage=self.stage, assumptions=self.assumptions_text(), framework=self.catalogue.id)


def score(
    inputs: pd.DataFrame,
    catalogue: Catalogue | None = None,
    options: Mapping[str, str] | None = None,
    bounds: Bounds | None = None,
    explain: bool = True,
    decimal: str | None = None,
    districts: list[str] | None = None,
    bounds_source: str = "",
    stage: str | None = None,
) -> Assessment:
    """Score a tidy inputs table (district, year, variable, value, ..., stage, reason).

    `decimal` ('.' or ',') is the decimal mark of text numbers (default: what each source proves);
    `districts` lists the units expected (display names; an unlisted unit is an error).
    `stage`: `appraised` (the default where any value is appraised) scores the units' own values with
    the appraised ones applied and carries the self-assessment as `self_stage`; `self` (the default
    otherwise) scores the units' own values only.
    Raises InputError listing every blocking problem (unknown variables or units, bad years,
    conflicting sources, stage labels, appraised values without a reason). Bad values do not raise:
    their criterion gets status `invalid` and 0 points.
    """
    t0 = time.perf_counter()
    catalogue = catalogue or load_catalogue()
    opts = resolve_options(catalogue, options)
    errors = stage_problems(inputs)
    given = len(appraised_rows(inputs))
    appraised = given > 0
    stage = stage or (APPRAISED if appraised else SELF)
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {', '.join(STAGES)}, not {stage!r}")
    # every appraised value is checked, even when some rows' stage is refused (all problems at once)
    sets = [SELF, APPRAISED] if appraised and (stage == APPRAISED or errors) else [stage]
    prepared_of = {s: prepare(staged(inputs, s), catalogue, decimal, districts) for s in sets}
    if APPRAISED in prepared_of:
        prepared_of[APPRAISED].warnings += confirmations(inputs, catalogue)
    prepared = prepared_of[stage]
    blocking = errors + distinct(p for s in sets for p in prepared_of[s].problems)
    if blocking:
        raise InputError(distinct(blocking + [p for s in sets for p in prepared_of[s].value_problems]))
    if prepared.values.empty:
        raise InputError(
            [
                Problem(
                    "error",
                    Message("core.no_data"),
                    reason=Reason.NO_DATA,
                    file=", ".join(sorted({str(f) for f in inputs.get("file", [])})),
                )
            ]
        )
    build = Build(
        catalogue.id,
        str(catalogue.path or ""),
        opts,
        bool(bounds),
        bounds_source,
        decimal,
        tuple(districts) if districts is not None else None,
        explain,
        fingerprint(inputs),
        _version(),
        counts={"appraised_values": given},
        timings={"prepare": time.perf_counter() - t0},
    )
    result = _scored(inputs, catalogue, prepared, opts, bounds, explain, build, stage)
    if len(sets) > 1:
        result.self_stage = _scored(inputs, catalogue, prepared_of[SELF], opts, bounds, explain, build, SELF)
    return result


def _scored(
    inputs: pd.DataFrame,
    catalogue: Catalogue,
    prepared: Prepared,
    options: Mapping[str, str],
    bounds: Bounds | None,
    explain: bool,
    build: Build,
    stage: str = SELF,
) -> Assessment:
    """Run the engine on prepared values of `stage` and put the assessment together (the build completed)."""
    t1 = time.perf_counter()
    opts = resolve_options(catalogue, options)
    scored = evaluate(
        prepared.values,
        catalogue,
        opts,
        bounds,
        prepared.invalid,
        prepared.invalid_messages,
        prepared.from_general,
        explain,
        prepared.readings,
    )
    found = scored.problems + bounds_warnings(prepared.values, catalogue, bounds)
    counts = {
        "input_rows": len(inputs),
        "unit_years": len(prepared.values),
        "invalid_values": len(prepared.value_problems),
        "from_part_i": sum(int(v.sum()) for v in prepared.from_general.values()),
        "appraised_values": build.counts.get("appraised_values", 0),
    }
    prepared = replace(
        prepared,
        value_problems=prepared.value_problems + [p for p in found if p.severity == "error"],
        warnings=prepared.warnings + [p for p in found if p.severity == "warning"],
    )
    found = [p for p in found if p.severity == "error"] + [p for p in found if p.severity == "warning"]
    crit = scored.criteria
    agg = aggregate(crit, catalogue, explain)
    scores = pd.concat([crit.assign(provisional=crit["status"] == Status.NEEDS_PEERS), agg], ignore_index=True)
    columns = score_columns(explain) + ["provisional"]
    scores = (
        scores[columns]
        .astype({"district": str, "status": str})
        .sort_values(["district", "year"], kind="stable")
        .reset_index(drop=True)
    )
    build = replace(
        build,
        options=dict(opts),
        bounds=bool(bounds),
        explain=explain,
        counts=counts,
        timings={**build.timings, "score": time.perf_counter() - t1},
    )
    return Assessment(catalogue, inputs, prepared, dict(opts), bounds, scores, build, found, stage)


def fingerprint(inputs: pd.DataFrame) -> str:
    """A short sha256 of an inputs table (its columns and every cell as text), to tell inputs apart."""
    digest = hashlib.sha256("\x1f".join(map(str, inputs.columns)).encode())
    digest.update(pd.util.hash_pandas_object(inputs.astype(str), index=False).to_numpy().tobytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _version() -> str:
    try:
        return metadata.version("dxkit")
    except metadata.PackageNotFoundError:
        return "unknown"

"""What every report notebook starts from: the scored inputs, the rank intervals, whether the data is synthetic.

`dxkit batch` builds this once and hands the notebooks a cache file (a papermill parameter); a
notebook opened in JupyterLab, or given a cache that does not match its inputs, builds it itself.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

import dxkit
from dxkit import analysis as an
from dxkit.analysis import appraisal as appraisals
from dxkit.analysis._common import TOTAL, check_unit, unit_scores, warm
from dxkit.analysis.trends import movers
from dxkit.core import fmt, vocab
from dxkit.core.assessment import Assessment
from dxkit.core.atomic import write_atomic
from dxkit.core.catalogue import Catalogue
from dxkit.core.crosswalk import Crosswalk
from dxkit.core.paths import SAMPLE_DIR
from dxkit.core.problems import Problem

INTERVAL_DRAWS = 1000
INTERVAL_ERROR = 0.05


@dataclass
class YearReport:
    """What every report of one year rests on, computed once: the standing of all units (every year,
    for the trend), the readings and rank intervals, the scoring choices and the Min-Max bounds used."""

    year: int
    lang: str
    synthetic: bool
    catalogue: Catalogue
    profile: pd.DataFrame  # analysis.profile of every unit and year
    readings: pd.DataFrame  # analysis.sensitivity of the year's units
    intervals: pd.DataFrame  # analysis.rank_intervals of the year's units (attrs: rel_error)
    assumptions: pd.DataFrame  # Assessment.assumptions
    bounds_used: pd.DataFrame  # analysis.minmax_bounds of the year
    bounds_source: str | None  # the reference bounds file's name, when one was given
    evidence: pd.DataFrame  # analysis.evidence.missing_evidence of the year's units
    # analysis.appraisal of the year (empty without an appraisal): units by Δ, criteria and departments corrected
    appraisal_units: pd.DataFrame = field(default_factory=pd.DataFrame)
    appraisal_criteria: pd.DataFrame = field(default_factory=pd.DataFrame)
    appraisal_departments: pd.DataFrame = field(default_factory=pd.DataFrame)
    appraisal_by_unit: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.appraisal.appraisals of the year

    @property
    def appraised(self) -> bool:
        """True when some value of the year was appraised by the province."""
        return not self.appraisal_units.empty

    @property
    def alone(self) -> bool:
        """True when only one unit has data in the year: nothing to rank or compare with."""
        return len(self.totals()) <= 1

    def totals(self) -> pd.DataFrame:
        """The TOTAL profile rows of the year, best first."""
        p = self.profile
        return p[(p["year"] == self.year) & (p["code"] == TOTAL)].sort_values(["rank", "district"])


class OfYear:
    """A view of one year's report model: its year and language are the model's."""

    shared: YearReport

    @property
    def year(self) -> int:
        return self.shared.year

    @property
    def lang(self) -> str:
        return self.shared.lang


@dataclass
class UnitReport(OfYear):
    """One district-year's analysis, computed once: every table its text, charts and notebook show."""

    shared: YearReport
    district: str
    scores: pd.DataFrame  # the unit's score rows, every level (plain columns)
    losses: pd.DataFrame  # analysis.losses
    departments: pd.DataFrame  # analysis.losses_by_department
    pending: pd.DataFrame  # analysis.pending
    yoy: pd.DataFrame  # analysis.year_over_year (attrs: has_previous, previous)
    movers: pd.DataFrame  # analysis.top_movers of `yoy`
    quick_wins: pd.DataFrame  # analysis.quick_wins
    plan: pd.DataFrame | None  # analysis.plan_to_target; None when no plan is made (see `unit_report`)
    target_total: float | None  # the target asked for; None: one rank up
    target_rank: int | None  # the rank planned for when no target total was asked
    readings: pd.DataFrame  # the unit's rows of `shared.readings`
    interval: pd.Series | None  # the unit's row of `shared.intervals` (None without intervals)
    evidence: pd.DataFrame  # the unit's rows of `shared.evidence`
    general: pd.DataFrame  # general_information
    warnings: list[Problem]  # the reading's warnings about the unit-year
    appraisal: pd.DataFrame = field(default_factory=pd.DataFrame)  # analysis.appraisal.unit_appraisal (if appraised)

    @property
    def appraised(self) -> bool:
        """True when some value of the unit-year was appraised by the province, or its points moved with
        other units' appraised values."""
        return not self.appraisal.empty

    def criteria(self) -> pd.DataFrame:
        return self.scores[self.scores["level"] == "criterion"]

    def profile(self) -> pd.DataFrame:
        """The unit's profile rows (TOTAL, then the pillars) in catalogue order."""
        p = self.shared.profile
        return p[(p["district"] == self.district) & (p["year"] == self.year)]

    def pillars(self) -> pd.DataFrame:
        own = self.profile()
        return own[own["level"] == "pillar"]

    def standing(self) -> pd.Series:
        """The unit's TOTAL profile row."""
        return _standing(self.shared, self.district)

    def nothing_entered(self) -> bool:
        """True when every criterion is missing."""
        return _nothing_entered(self.scores)


@dataclass
class ReportData:
    """The scored inputs with their rank intervals and, per year and district analysed, the report model."""

    assessment: Assessment
    intervals: pd.DataFrame  # analysis.rank_intervals of every district and year
    synthetic: bool
    fingerprint: str = ""  # of the inputs and scoring choices it was built from (see `fingerprint`)
    lang: str = vocab.DEFAULT
    bounds_source: str | None = None
    years: dict[int, YearReport] = field(default_factory=dict)
    units: dict[tuple[str, int], UnitReport] = field(default_factory=dict)
    earlier: Assessment | None = None  # the years assessed with an earlier framework (`framework_for`)
    crosswalk: Crosswalk | None = None  # from the earlier framework's criteria to the current one's

    def year(self, year: int) -> YearReport:
        """The year's shared tables (computed here the first time)."""
        if year not in self.years:
            self.years[year] = year_report(
                self.assessment, year, self.lang, self.synthetic, self.bounds_source, self.intervals
            )
        return self.years[year]

    def unit(self, district: str, year: int, target_total: float | None = None) -> UnitReport:
        """One district-year's report model (`district`: any spelling of a known unit), computed here the
        first time, or again for another target."""
        district = check_unit(self.assessment, district, year)
        found = self.units.get((district, year))
        if found is None or found.target_total != target_total:
            found = self.units[(district, year)] = unit_report(
                self.assessment,
                district,
                year,
                target_total=target_total,
                shared=self.year(year),
                earlier=self.earlier,
                crosswalk=self.crosswalk,
            )
        return found

    def analyse(self, year: int, districts: Iterable[str]) -> ReportData:
        """Compute the year's tables and the districts' report models once (for the notebooks to share)."""
        for district in districts:
            self.unit(district, year)
        return self

    def reading(self, lang: str, synthetic: bool | None) -> ReportData:
        """This data for a reader in `lang` (with `synthetic` when given): the analysis again when either differs."""
        synthetic = self.synthetic if synthetic is None else synthetic
        if (lang, synthetic) == (self.lang, self.synthetic):
            return self
        return replace(self, lang=lang, synthetic=synthetic, years={}, units={})


def year_report(
    assessment: Assessment,
    year: int,
    lang: str = vocab.DEFAULT,
    synthetic: bool = False,
    bounds_source: str | None = None,
    intervals: pd.DataFrame | None = None,
) -> YearReport:
    """The shared tables of `year` (`intervals`: analysis.rank_intervals, or none)."""
    from dxkit.analysis.evidence import missing_evidence

    readings = an.sensitivity(assessment)
    evidence = missing_evidence(assessment, lang=lang)
    appraised = appraisals.has_appraisal(assessment)
    return YearReport(
        year,
        lang,
        synthetic,
        assessment.catalogue,
        an.profile(assessment, lang),
        readings[readings["year"] == year],
        pd.DataFrame() if intervals is None else intervals[intervals["year"] == year],
        assessment.assumptions(lang),
        an.minmax_bounds(assessment, year),
        bounds_source,
        evidence[evidence["year"] == year],
        appraisals.units_by_change(assessment, year) if appraised else pd.DataFrame(),
        appraisals.criteria_corrected(assessment, year, lang) if appraised else pd.DataFrame(),
        appraisals.departments_corrected(assessment, year, lang) if appraised else pd.DataFrame(),
        appraisals.appraisals(assessment, year, lang) if appraised else pd.DataFrame(),
    )


def unit_report(
    assessment: Assessment,
    district: str,
    year: int,
    lang: str = vocab.DEFAULT,
    *,
    target_total: float | None = None,
    synthetic: bool = False,
    bounds_source: str | None = None,
    intervals: pd.DataFrame | None = None,
    shared: YearReport | None = None,
    earlier: Assessment | None = None,
    crosswalk: Crosswalk | None = None,
) -> UnitReport:
    """Everything one district-year's report shows, from the analysis (`district`: any spelling; `shared`:
    the year's tables when already computed, else from `lang`, `synthetic`, `bounds_source`, `intervals`;
    `earlier`, `crosswalk`: the years assessed with an earlier framework, compared through the crosswalk).
    The unit's points are those of the appraised stage; `appraisal` explains how they differ from its
    self-assessment, when some of its values were appraised or its points moved with other units'
    appraised values (Min-Max).

    The plan aims at `target_total` or, without one, one rank up; none is made for a unit without data,
    the leader or a unit alone in its year (without a target)."""
    district = check_unit(assessment, district, year)
    shared = shared or year_report(assessment, year, lang, synthetic, bounds_source, intervals)
    lang, scores = shared.lang, unit_scores(assessment, district, year)
    yoy = an.year_over_year(assessment, district, year, lang=lang, earlier=earlier, crosswalk=crosswalk)
    entered = not _nothing_entered(scores)
    rank = _rank_up(shared, district) if entered and target_total is None else None
    planned = entered and (target_total is not None or rank is not None)
    interval = _rows(shared.intervals, district, year)
    return UnitReport(
        shared,
        district,
        scores,
        losses=an.losses(assessment, district, year, lang),
        departments=an.losses_by_department(assessment, district, year, lang),
        pending=an.pending(assessment, district, year, lang),
        yoy=yoy,
        movers=movers(yoy),
        quick_wins=an.quick_wins(assessment, district, year, lang) if entered else pd.DataFrame(),
        plan=an.plan_to_target(assessment, district, year, target_total, rank, lang) if planned else None,
        target_total=target_total,
        target_rank=rank,
        readings=_rows(shared.readings, district, year),
        interval=interval.iloc[0] if len(interval) else None,
        evidence=_rows(shared.evidence, district, year),
        general=general_information(assessment, district, year, lang),
        warnings=[p for p in assessment.prepared.warnings if p.district == district and p.year == year],
        appraisal=(
            _rows(shared.appraisal_by_unit, district, year).drop(columns=["district", "year"]).reset_index(drop=True)
            if appraisals.has_appraisal(assessment)
            else pd.DataFrame()
        ),
    )


def _nothing_entered(scores: pd.DataFrame) -> bool:
    return bool((scores.loc[scores["level"] == "criterion", "status"] == "missing").all())


def _standing(shared: YearReport, district: str) -> pd.Series:
    totals = shared.totals()
    return totals[totals["district"] == district].iloc[0]


def _rank_up(shared: YearReport, district: str) -> int | None:
    """One rank up from the district's; None for the leader or a unit alone in its year."""
    row = _standing(shared, district)
    return None if row["n_units"] == 1 or row["rank"] == 1 else int(row["rank"]) - 1


def _rows(table: pd.DataFrame, district: str, year: int) -> pd.DataFrame:
    """The rows of one district-year."""
    if table.empty:
        return table
    return table[(table["district"] == district) & (table["year"] == year)]


def _files(inputs: str | Path) -> list[Path]:
    from dxkit.intake import input_files

    return [f.resolve() for f in input_files([inputs])[0]]


def is_sample(inputs: str | Path) -> bool:
    """True when the inputs come from the bundled (synthetic) sample folder."""
    return any(f.is_relative_to(SAMPLE_DIR.resolve()) for f in _files(inputs))


def _stat(path: Path) -> tuple:
    return str(path), path.stat().st_size, path.stat().st_mtime_ns


def fingerprint(
    inputs: str | Path,
    *,
    framework: str | Path | None = None,
    options: Mapping[str, str] | None = None,
    bounds: str | Path | None = None,
    decimal: str | None = None,
    districts: str | Path | None = None,
    framework_for: Mapping[int, str | Path] | None = None,
    crosswalk: str | Path | None = None,
) -> str:
    """Which input files (size, time changed), which scoring choices (and their files), which dxkit:
    report data and reports are current for the inputs only when this agrees."""
    chosen = tuple(_stat(Path(f).resolve()) if f else None for f in (framework, bounds, districts, crosswalk))
    earlier = tuple(sorted((int(y), _stat(Path(f).resolve())) for y, f in (framework_for or {}).items()))
    key = (
        dxkit.__version__,
        tuple(_stat(f) for f in _files(inputs)),
        chosen,
        earlier,
        tuple(sorted((options or {}).items())),
        decimal,
    )
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def build(
    inputs: str | Path,
    synthetic: bool | None = None,
    *,
    framework: str | Path | None = None,
    options: Mapping[str, str] | None = None,
    bounds: str | Path | None = None,
    decimal: str | None = None,
    districts: str | Path | None = None,
    framework_for: Mapping[int, str | Path] | None = None,
    crosswalk: str | Path | None = None,
    lang: str = vocab.DEFAULT,
) -> ReportData:
    """Read and score `inputs` with the given choices, as `dxkit score` does, and compute every district's
    rank interval. `synthetic=None`: detect the sample. `districts`: a district list CSV (display names).
    `framework_for` {year: file}: years assessed with an earlier framework, scored with it and compared
    with the current framework's years through `crosswalk` (a CSV, see intake.crosswalk; without one
    the two frameworks' criteria must be the same). The report model is for a reader in `lang`;
    `ReportData.analyse` computes it."""
    from dxkit.analysis import rank_intervals
    from dxkit.intake import read_paths
    from dxkit.intake.districts import read_district_list

    key = fingerprint(
        inputs,
        framework=framework,
        options=options,
        bounds=bounds,
        decimal=decimal,
        districts=districts,
        framework_for=framework_for,
        crosswalk=crosswalk,
    )
    catalogue = dxkit.load_catalogue(framework)
    names = read_district_list(districts) if districts else None
    long, earlier, crosswalk_of = revised(
        read_paths([inputs]), catalogue, framework_for or {}, crosswalk, dict(options or {}), decimal, names
    )
    assessment = dxkit.score(
        long,
        catalogue,
        dict(options or {}),
        dxkit.read_bounds(bounds, catalogue) if bounds else None,
        decimal=decimal,
        districts=names,
        bounds_source=str(bounds or ""),
    )
    intervals = rank_intervals(assessment, rel_error=INTERVAL_ERROR, draws=INTERVAL_DRAWS)
    return ReportData(
        assessment,
        intervals,
        is_sample(inputs) if synthetic is None else synthetic,
        key,
        lang,
        Path(bounds).name if bounds else None,
        earlier=earlier,
        crosswalk=crosswalk_of,
    )


def revised(
    long: pd.DataFrame,
    catalogue: Catalogue,
    framework_for: Mapping[int, str | Path],
    crosswalk: str | Path | None,
    options: dict[str, str],
    decimal: str | None,
    districts: list[str] | None,
) -> tuple[pd.DataFrame, Assessment | None, Crosswalk | None]:
    """The input rows of the current framework's years, and the years `framework_for` names scored with
    that earlier framework, with the crosswalk between the two (None, None without `framework_for`)."""
    from dxkit.core.problems import InputError
    from dxkit.intake.crosswalk import read_crosswalk

    if not framework_for:
        if crosswalk:
            raise InputError([Problem("error", vocab.Message("crosswalk.needs_framework_for"), file=str(crosswalk))])
        return long, None, None
    files = sorted({str(Path(f).resolve()) for f in framework_for.values()})
    if len(files) > 1:
        raise InputError([Problem("error", vocab.Message("crosswalk.one_earlier_framework", files=", ".join(files)))])
    before = dxkit.load_catalogue(files[0])
    of_earlier = pd.to_numeric(long["year"], errors="coerce").isin([int(y) for y in framework_for])
    earlier = dxkit.score(
        long[of_earlier],
        before,
        {k: v for k, v in options.items() if k in before.options},
        decimal=decimal,
        districts=districts,
    )
    walk = read_crosswalk(crosswalk, before, catalogue) if crosswalk else Crosswalk.of(before, catalogue)
    return long[~of_earlier], earlier, walk


_READ: dict[tuple[str, int, int], ReportData] = {}  # the cache file this process read (path, size, time)


def read_cache(path: str | Path) -> ReportData:
    """The report data a cache file holds, read once per process: a warm kernel process reads the
    batch's cache before forking, and every kernel forked from it finds the data already there."""
    path = Path(path).resolve()
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _READ:
        _READ.clear()
        _READ[key] = pickle.loads(path.read_bytes())
        warm(_READ[key].assessment)  # the look-ups every unit's analysis shares, before the kernels fork
    return _READ[key]


def save(data: ReportData, path: str | Path) -> Path:
    return write_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def load(
    inputs: str | Path,
    cache: str | Path | None = None,
    synthetic: bool | None = None,
    *,
    framework: str | Path | None = None,
    options: Mapping[str, str] | None = None,
    bounds: str | Path | None = None,
    decimal: str | None = None,
    districts: str | Path | None = None,
    framework_for: Mapping[int, str | Path] | None = None,
    crosswalk: str | Path | None = None,
    lang: str = vocab.DEFAULT,
) -> ReportData:
    """The report data of `inputs` and choices for a reader in `lang`: from `cache` (written by `save`)
    when it was built from exactly these, else built."""
    key = fingerprint(
        inputs,
        framework=framework,
        options=options,
        bounds=bounds,
        decimal=decimal,
        districts=districts,
        framework_for=framework_for,
        crosswalk=crosswalk,
    )
    if cache and Path(cache).is_file():
        data = read_cache(cache)
        if data.fingerprint == key:
            return data.reading(lang, synthetic)
    return build(
        inputs,
        synthetic,
        framework=framework,
        options=options,
        bounds=bounds,
        decimal=decimal,
        districts=districts,
        framework_for=framework_for,
        crosswalk=crosswalk,
        lang=lang,
    )


def general_information(assessment: Assessment, district: str, year: int, lang: str = vocab.DEFAULT) -> pd.DataFrame:
    """Part I as given for one district-year (code as the form numbers it, name, value), in catalogue order,
    numbers in the language's format with their unit ('257.000 người', '12,5 tỷ đồng')."""
    fields = assessment.catalogue.general_fields
    general = assessment.prepared.general
    if (district, year) not in general.index:
        return pd.DataFrame(columns=["code", "name", "value"])
    given = general.loc[(district, year)].reindex(list(fields)).dropna()
    given = given[given.astype(str).str.strip() != ""]
    rows = []
    for code, value in given.items():
        field = fields[code]
        number = float("nan") if field.type == "text" else pd.to_numeric(value, errors="coerce")
        if not pd.isna(number):
            value = f"{fmt.number(number, lang)} {field.unit(lang) if field.unit else ''}".strip()
        rows.append({"code": shown_code(code), "name": field.name(lang), "value": str(value)})
    return pd.DataFrame(rows, columns=["code", "name", "value"])


def shown_code(code: str) -> str:
    """A Part I field's code as the form numbers it: 'I.20.1.name' → 'I.20.1' (the words after the numbers
    name dxkit's variables, not the form's rows); 'I.4' as it is."""
    parts = code.split(".")
    while len(parts) > 1 and not parts[-1].isdigit():
        parts.pop()
    return ".".join(parts)

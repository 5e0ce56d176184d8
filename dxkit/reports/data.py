"""What every report notebook starts from: the scored inputs, the rank intervals, whether the data is synthetic.

`dxkit batch` builds this once and hands the notebooks a cache file (a papermill parameter); a
notebook opened in JupyterLab, or given a cache that does not match its inputs, builds it itself.
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import dxkit
from dxkit.core import fmt
from dxkit.core.assessment import Assessment
from dxkit.core.atomic import write_atomic

INTERVAL_DRAWS = 1000
INTERVAL_ERROR = 0.05


@dataclass
class ReportData:
    assessment: Assessment
    intervals: pd.DataFrame  # analysis.rank_intervals of every district and year
    synthetic: bool
    fingerprint: str = ""  # of the inputs and scoring choices it was built from (see `fingerprint`)


def _files(inputs: str | Path) -> list[Path]:
    from dxkit.intake import input_files

    return [f.resolve() for f in input_files([inputs])[0]]


def is_sample(inputs: str | Path) -> bool:
    """True when the inputs come from the bundled (synthetic) sample folder."""
    from dxkit.sample import SAMPLE_DIR

    return any(f.is_relative_to(SAMPLE_DIR.resolve()) for f in _files(inputs))


def _stat(path: Path) -> tuple:
    return str(path), path.stat().st_size, path.stat().st_mtime_ns


def fingerprint(inputs: str | Path, *, framework: str | Path | None = None, options: Mapping[str, str] | None = None,
                bounds: str | Path | None = None, decimal: str | None = None,
                districts: str | Path | None = None) -> str:
    """Which input files (size, time changed), which scoring choices (and their files), which dxkit:
    report data and reports are current for the inputs only when this agrees."""
    chosen = tuple(_stat(Path(f).resolve()) if f else None for f in (framework, bounds, districts))
    key = (dxkit.__version__, tuple(_stat(f) for f in _files(inputs)), chosen,
           tuple(sorted((options or {}).items())), decimal)
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def build(inputs: str | Path, synthetic: bool | None = None, *, framework: str | Path | None = None,
          options: Mapping[str, str] | None = None, bounds: str | Path | None = None, decimal: str | None = None,
          districts: str | Path | None = None) -> ReportData:
    """Read and score `inputs` with the given choices, as `dxkit score` does, and compute every district's
    rank interval. `synthetic=None`: detect the sample. `districts`: a district list CSV (display names)."""
    from dxkit.analysis import rank_intervals
    from dxkit.intake import read_paths
    from dxkit.intake.districts import read_district_list

    key = fingerprint(inputs, framework=framework, options=options, bounds=bounds, decimal=decimal,
                      districts=districts)
    catalogue = dxkit.load_catalogue(framework)
    assessment = dxkit.score(read_paths([inputs]), catalogue, dict(options or {}),
                             dxkit.read_bounds(bounds, catalogue) if bounds else None, decimal=decimal,
                             districts=read_district_list(districts) if districts else None,
                             bounds_source=str(bounds or ""))
    intervals = rank_intervals(assessment, rel_error=INTERVAL_ERROR, draws=INTERVAL_DRAWS)
    return ReportData(assessment, intervals, is_sample(inputs) if synthetic is None else synthetic, key)


def save(data: ReportData, path: str | Path) -> Path:
    return write_atomic(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def load(inputs: str | Path, cache: str | Path | None = None, synthetic: bool | None = None, *,
         framework: str | Path | None = None, options: Mapping[str, str] | None = None,
         bounds: str | Path | None = None, decimal: str | None = None,
         districts: str | Path | None = None) -> ReportData:
    """The report data of `inputs` and choices: from `cache` (written by `save`) when it was built from
    exactly these, else built."""
    choices = {"framework": framework, "options": options, "bounds": bounds, "decimal": decimal,
               "districts": districts}
    if cache and Path(cache).is_file():
        data = pickle.loads(Path(cache).read_bytes())
        if data.fingerprint == fingerprint(inputs, **choices):
            if synthetic is not None:
                data.synthetic = synthetic
            return data
    return build(inputs, synthetic, **choices)


def general_information(assessment: Assessment, district: str, year: int, lang: str = "vi") -> pd.DataFrame:
    """Part I as given for one district-year (code, name, value), in catalogue order, numbers formatted."""
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
        rows.append({"code": code, "name": field.name(lang), "value": str(value)})
    return pd.DataFrame(rows, columns=["code", "name", "value"])

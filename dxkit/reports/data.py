"""What every report notebook starts from: the scored inputs, the rank intervals, whether the data is synthetic.

`dxkit batch` builds this once and hands the notebooks a cache file (a papermill parameter); a
notebook opened in JupyterLab, or given a cache that does not match its inputs, builds it itself.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import dxkit
from dxkit import fmt
from dxkit.assessment import Assessment
from dxkit.atomic import write_atomic

INTERVAL_DRAWS = 1000
INTERVAL_ERROR = 0.05


@dataclass
class ReportData:
    assessment: Assessment
    intervals: pd.DataFrame  # analysis.rank_intervals of every district and year
    synthetic: bool


def _files(inputs: str | Path) -> list[Path]:
    from dxkit.intake import input_files

    return [f.resolve() for f in input_files([inputs])[0]]


def is_sample(inputs: str | Path) -> bool:
    """True when the inputs come from the bundled (synthetic) sample folder."""
    from dxkit.intake.sample import SAMPLE_DIR

    return any(f.is_relative_to(SAMPLE_DIR.resolve()) for f in _files(inputs))


def _fingerprint(inputs: str | Path) -> tuple:
    """Which files, how big, when changed, read by which dxkit: a cache is used only if all agree."""
    return dxkit.__version__, tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in _files(inputs))


def build(inputs: str | Path, synthetic: bool | None = None) -> ReportData:
    """Read and score `inputs`, and compute every district's rank interval. `synthetic=None`: detect the sample."""
    from dxkit.analysis import rank_intervals
    from dxkit.intake import read_paths

    assessment = dxkit.score(read_paths([inputs]))
    intervals = rank_intervals(assessment, rel_error=INTERVAL_ERROR, draws=INTERVAL_DRAWS)
    return ReportData(assessment, intervals, is_sample(inputs) if synthetic is None else synthetic)


def save(data: ReportData, inputs: str | Path, path: str | Path) -> Path:
    return write_atomic(path, pickle.dumps((_fingerprint(inputs), data), protocol=pickle.HIGHEST_PROTOCOL))


def load(inputs: str | Path, cache: str | Path | None = None, synthetic: bool | None = None) -> ReportData:
    """The report data of `inputs`: from `cache` (written by `save`) when it matches the inputs, else built."""
    if cache and Path(cache).is_file():
        fingerprint, data = pickle.loads(Path(cache).read_bytes())
        if fingerprint == _fingerprint(inputs):
            if synthetic is not None:
                data.synthetic = synthetic
            return data
    return build(inputs, synthetic)


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

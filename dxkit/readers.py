"""Read input files into the tidy inputs table (district, year, variable, value, evidence, file, sheet, cell).

Readers also keep `district_raw`, the district exactly as written, so validation can say where a
name was normalised (Unicode NFD, stray spaces) instead of silently merging it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dxkit.prepare import TIDY_COLUMNS, tidy
from dxkit.problems import InputError, Problem

LONG_REQUIRED = ["district", "year", "variable", "value"]
WIDE_KEYS = ["district", "year"]
RAW_DISTRICT = "district_raw"
INTAKE_COLUMNS = TIDY_COLUMNS + [RAW_DISTRICT]


def finish(df: pd.DataFrame) -> pd.DataFrame:
    """The tidy table of a reader's rows, with the district as written kept in `district_raw`."""
    out = tidy(df)
    out[RAW_DISTRICT] = df["district"].map(lambda d: "" if d is None else str(d)).to_numpy()
    return out


def _read_csv_text(path: Path, nrows: int | None = None) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=nrows)
    except UnicodeDecodeError as exc:
        raise InputError([Problem("error", f"tệp không phải UTF-8 ({exc.reason})",
                                  f"file is not UTF-8 ({exc.reason})", file=str(path))]) from None
    except pd.errors.EmptyDataError:
        raise InputError([Problem("error", "tệp rỗng", "file is empty", file=str(path))]) from None


def read_long_csv(path: str | Path) -> pd.DataFrame:
    """Long CSV: one row per district × year × variable; `evidence` optional."""
    path = Path(path)
    df = _read_csv_text(path)
    df.columns = [c.strip().lower() for c in df.columns]
    missing = [c for c in LONG_REQUIRED if c not in df.columns]
    if missing:
        raise InputError([Problem("error", f"thiếu cột {', '.join(missing)} (cần: {', '.join(LONG_REQUIRED)})",
                                  f"missing column(s) {', '.join(missing)} (need: {', '.join(LONG_REQUIRED)})",
                                  file=str(path), cell="row 1")])
    df["file"], df["sheet"] = str(path), ""
    df["cell"] = [f"row {i + 2}" for i in range(len(df))]
    return finish(df)


def read_wide_csv(path: str | Path) -> pd.DataFrame:
    """Wide CSV: one row per district × year, one column per variable id."""
    path = Path(path)
    df = _read_csv_text(path)
    df.columns = [c.strip() for c in df.columns]
    lower = {c.lower(): c for c in df.columns}
    missing = [k for k in WIDE_KEYS if k not in lower]
    if missing:
        raise InputError([Problem("error", f"thiếu cột {', '.join(missing)}", f"missing column(s) {', '.join(missing)}",
                                  file=str(path), cell="row 1")])
    df = df.rename(columns={lower[k]: k for k in WIDE_KEYS})
    df["_row"] = range(2, len(df) + 2)
    long = df.melt(id_vars=WIDE_KEYS + ["_row"], var_name="variable", value_name="value")
    long["file"], long["sheet"] = str(path), ""
    long["cell"] = [f"row {r}, column {v}" for r, v in zip(long["_row"], long["variable"])]
    return finish(long.drop(columns="_row"))


def _header(path: Path) -> list[str]:
    return [c.strip().lower() for c in _read_csv_text(path, nrows=0).columns]


def is_wide(path: Path) -> bool:
    return "variable" not in _header(path)


def is_district_list(path: str | Path) -> bool:
    """A CSV with a `district` column, no `year`, `variable` or variable-id column lists districts.

    A wide CSV that only forgot its `year` column is read as inputs, so its reader reports it.
    """
    try:
        header = _header(Path(path))
    except InputError:  # unreadable: not a district list; its reader will say why
        return False
    return ("district" in header and "year" not in header and "variable" not in header
            and not any(re.match(r"^[IVX]+\.\d", c) for c in header))


def read_inputs(path: str | Path) -> pd.DataFrame:
    """Any CSV input form dxkit reads (long or wide), as the tidy inputs table."""
    path = Path(path)
    return read_wide_csv(path) if is_wide(path) else read_long_csv(path)


__all__ = ["INTAKE_COLUMNS", "RAW_DISTRICT", "TIDY_COLUMNS", "finish", "is_district_list", "read_inputs",
           "read_long_csv", "read_wide_csv"]

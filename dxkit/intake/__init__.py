"""Data intake: read every input form dxkit accepts into one tidy table.

Forms: filled dxkit workbooks (`.xlsx`, one per district or several per-department ones merged),
long CSV (`district,year,variable,value[,evidence]`), wide CSV (one row per district-year), and
folders holding any mix of them. A district list (CSV with `district` but no `year`) is skipped.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from dxkit.intake.workbook import read_workbook
from dxkit.problems import InputError, Problem
from dxkit.readers import INTAKE_COLUMNS, is_district_list, read_inputs

READERS: dict[str, Callable[[Path], pd.DataFrame]] = {".csv": read_inputs, ".xlsx": read_workbook,
                                                      ".xlsm": read_workbook}


def _ignored(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or (path.suffix.lower() == ".csv" and is_district_list(path))


def input_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The input files named by `paths` (folders searched recursively), and the paths that do not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READERS)
        elif p.exists():
            files.append(p)
        else:
            problems.append(Problem("error", "không tìm thấy tệp", "file not found", file=str(p)))
    return [f for f in files if not _ignored(f)], problems


def read_all(paths: Iterable[str | Path]) -> tuple[pd.DataFrame, list[Problem]]:
    """Everything readable as one tidy table, and a problem for every file that could not be read."""
    files, problems = input_files(paths)
    frames = []
    for f in files:
        reader = READERS.get(f.suffix.lower())
        if reader is None:
            problems.append(Problem("error", f"không đọc được loại tệp {f.suffix}",
                                    f"unsupported file type {f.suffix}", file=str(f)))
            continue
        try:
            frames.append(reader(f))
        except InputError as exc:
            problems += exc.problems
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=INTAKE_COLUMNS)
    return table, problems


def read_paths(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Files and folders (any mix of the supported forms) as one tidy table; InputError if one is unreadable."""
    table, problems = read_all(paths)
    if problems:
        raise InputError(problems)
    return table


__all__ = ["READERS", "input_files", "read_all", "read_paths", "read_workbook"]

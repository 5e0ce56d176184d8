"""Data intake: read every input form dxkit accepts into one tidy table.

Forms: filled dxkit workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`; one per district or several
per-department ones merged), long CSV (`district,year,variable,value[,evidence]`), wide CSV (one row
per district-year), and folders holding any mix of them.

The rule: a file is read or refused with a reason, never skipped without one.

- A file named on the command line is read whatever its name; a district list, a file dxkit wrote
  (scores, problems, evidence CSV) or a file of another type is refused with an error saying why.
- In a folder (searched recursively) the same holds, except for what is not data by convention and
  is passed over: hidden files and folders, Office lock files (`~$…`), the `outputs/` folders where
  dxkit writes (`dxkit.core.paths.OUTPUTS_DIR`), district lists (CSV with a district column and no year or
  variable), and documents kept beside the data (`NOT_DATA`: notes, PDFs, images). Any other file
  type is refused by name (`.xlsb`, `.numbers`, `.zip`…: save it as .xlsx or .csv, or move it out).
- "No data" is an error: a folder without a single data file, a CSV with only a header, a workbook
  without a data sheet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from dxkit.core.paths import OUTPUTS_DIR
from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Message
from dxkit.intake.readers import INTAKE_COLUMNS, column_name, csv_form, is_district_list, read_inputs
from dxkit.intake.workbook import SPREADSHEETS, read_book, read_workbook


def _read_csv(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    return read_inputs(path), []


# suffix → reader giving the tidy table of a file and its warnings (InputError when it cannot be used)
READERS: dict[str, Callable[[Path], tuple[pd.DataFrame, list[Problem]]]] = {
    ".csv": _read_csv,
    **{s: read_book for s in SPREADSHEETS},
}
NOT_DATA = (
    ".md",
    ".txt",
    ".rst",
    ".pdf",
    ".doc",
    ".docx",
    ".odt",
    ".rtf",
    ".html",
    ".htm",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
)
_KNOWN = ", ".join(READERS)


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def unsupported(path: Path) -> Problem:
    """The refusal of a file whose type dxkit does not read."""
    kind = path.suffix or Message("intake.files.no_extension")
    return Problem("error", Message("intake.files.unsupported", kind=kind, known=_KNOWN), file=str(path))


def _looks_like_data(path: Path) -> bool:
    """True for a text file whose first line reads as a long or wide CSV header (data under another name)."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            first = f.readline()
    except OSError:
        return False
    columns = [c.strip() for c in re.split(r"[,;\t]", first)]
    return (
        len(columns) > 1 and csv_form(columns) in ("long", "wide") and "district" in {column_name(c) for c in columns}
    )


def _folder(root: Path) -> tuple[list[Path], list[Problem]]:
    """The data files of a folder and the refusals of the files it holds that dxkit cannot read."""
    files: list[Path] = []
    problems: list[Problem] = []
    for here, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and d != OUTPUTS_DIR)
        for name in sorted(names):
            path = Path(here) / name
            suffix = path.suffix.lower()
            if suffix in NOT_DATA and _looks_like_data(path):
                problems.append(Problem("error", Message("intake.files.text_with_data_header"), file=str(path)))
                continue
            if _hidden(name) or suffix in NOT_DATA or (suffix == ".csv" and is_district_list(path)):
                continue
            if suffix in READERS:
                files.append(path)
            else:
                problems.append(unsupported(path))
    if not files and not problems:
        problems.append(Problem("error", Message("intake.files.empty_folder", known=_KNOWN), file=str(root)))
    return files, problems


def input_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The input files named by `paths` (folders searched recursively), and the problems found on the way."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if p.is_dir():
            found, refused = _folder(p)
            files += found
            problems += refused
        elif p.exists():
            files.append(p)
        else:
            problems.append(Problem("error", Message("intake.files.not_found"), file=str(p)))
    return files, problems


def read_all(paths: Iterable[str | Path]) -> tuple[pd.DataFrame, list[Problem]]:
    """Everything readable as one tidy table, and a problem for every file that could not be read."""
    files, problems = input_files(paths)
    frames = []
    for f in files:
        reader = READERS.get(f.suffix.lower())
        if reader is None:
            problems.append(unsupported(f))
            continue
        try:
            frame, warnings = reader(f)
        except InputError as exc:
            problems += exc.problems
            continue
        frames.append(frame)
        problems += warnings
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=INTAKE_COLUMNS)
    return table, problems


def read_paths(paths: Iterable[str | Path]) -> pd.DataFrame:
    """Files and folders (any mix of the supported forms) as one tidy table; InputError if one is unreadable."""
    table, problems = read_all(paths)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return table


__all__ = ["NOT_DATA", "READERS", "input_files", "read_all", "read_paths", "read_workbook", "unsupported"]

"""Data intake: read every input form dxkit accepts into one tidy table."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from dxkit.prepare import TIDY_COLUMNS
from dxkit.problems import InputError, Problem
from dxkit.readers import read_inputs

READERS = {".csv": read_inputs}


def read_paths(paths: list[str | Path]) -> pd.DataFrame:
    """Files and folders (any mix of the supported forms) as one tidy inputs table."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.suffix.lower() in READERS and not f.name.startswith((".", "~$")))
        elif p.exists():
            files.append(p)
        else:
            problems.append(Problem("error", "không tìm thấy tệp", "file not found", file=str(p)))
    frames = []
    for f in files:
        reader = READERS.get(f.suffix.lower())
        if reader is None:
            problems.append(Problem("error", f"không đọc được loại tệp {f.suffix}", f"unsupported file type {f.suffix}", file=str(f)))
            continue
        try:
            frames.append(reader(f))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TIDY_COLUMNS)

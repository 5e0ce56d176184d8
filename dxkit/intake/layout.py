"""The workbook layout shared by the template writer and the workbook reader.

The reader never depends on labels or positions a person can see: every data sheet has a hidden
row of machine keys (`dxkit:variable`, `dxkit:value`, `dxkit:evidence`) naming its columns, every
data row carries its variable id in a hidden first column, and the cover carries the district,
year and framework next to hidden keys.
"""
from __future__ import annotations

import re
from typing import Iterable

KEY_PREFIX = "dxkit:"
VARIABLE_KEY = "dxkit:variable"
VALUE_KEY = "dxkit:value"
EVIDENCE_KEY = "dxkit:evidence"
COVER_KEYS = ("district", "year", "framework", "framework_version", "department")
COVER_VALUE_COLUMN = 3            # cover: hidden key in column A, label in B, value in C

COVER_SHEET = "Bìa - Hướng dẫn"
GENERAL_SHEET = "Thông tin chung"
LISTS_SHEET = "Danh mục"
YES_NO = ("Có", "Không")

SHEET_NAME_MAX = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\) for a department name."""
    title = _FORBIDDEN.sub("-", name).strip("' ")
    if len(title) > SHEET_NAME_MAX and title.lower().startswith("phòng "):
        title = title[len("phòng "):]
    title = title[:SHEET_NAME_MAX].rstrip()
    candidate, n = title, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        candidate, n = title[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    return candidate


def scan_sheet(rows: Iterable[tuple]) -> tuple[dict[str, object], list[tuple[int, str, tuple, dict[str, int]]]]:
    """Cover facts and keyed data rows of one sheet, from its rows of cell values.

    Data rows are (row number, variable id, cells, column index by machine key); they are the rows
    with something in the hidden first column after the sheet's key row.
    """
    facts: dict[str, object] = {}
    data: list[tuple[int, str, tuple, dict[str, int]]] = []
    columns: dict[str, int] | None = None
    for r, line in enumerate(rows, start=1):
        key = line[0] if line else None
        if not isinstance(key, str) or not key.strip():
            continue
        key = key.strip()
        if key == VARIABLE_KEY:
            columns = {k: j for j, k in enumerate(line) if isinstance(k, str) and k.startswith(KEY_PREFIX)}
        elif key.startswith(KEY_PREFIX):
            facts[key[len(KEY_PREFIX):]] = line[COVER_VALUE_COLUMN - 1] if len(line) >= COVER_VALUE_COLUMN else None
        elif columns is not None:
            data.append((r, key, line, columns))
    return facts, data

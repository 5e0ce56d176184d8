"""The workbook layout shared by the template writer and the workbook reader.

The reader never depends on labels or positions a person can see: every data sheet has a hidden
row of machine keys (`dxkit:variable`, `dxkit:value`, `dxkit:evidence`) naming its columns, every
data row carries its variable id in a hidden first column, and the cover carries the district,
year and framework next to hidden keys.
"""
from __future__ import annotations

import re

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

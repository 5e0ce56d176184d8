"""The workbook layout shared by the template writer and the workbook reader.

The reader never depends on labels or positions a person can see: every data sheet has a hidden
row of machine keys (`dxkit:variable`, `dxkit:value`, `dxkit:evidence`) naming its columns, every
data row carries its variable id in a hidden first column, and the cover carries the district,
year and framework next to hidden keys. A sheet is recognised by these markers alone (`read_sheet`),
so a sheet whose markers were damaged (key row deleted, hidden column removed) is told apart from a
sheet a person added.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dxkit.core import vocab
from dxkit.intake.readers import looks_like_variable

KEY_PREFIX = "dxkit:"
VARIABLE_KEY = "dxkit:variable"
VALUE_KEY = "dxkit:value"
EVIDENCE_KEY = "dxkit:evidence"
COVER_KEYS = ("district", "year", "framework", "framework_version", "department")
COVER_VALUE_COLUMN = 3  # cover: hidden key in column A, label in B, value in C


def sheet_name(kind: str, lang: str = vocab.DEFAULT) -> str:
    """The name of one of the template's own sheets in `lang`: kind 'cover', 'general' or 'lists'."""
    return vocab.t(f"intake.template.sheet.{kind}", lang)


def yes_no(lang: str = vocab.DEFAULT) -> tuple[str, str]:
    """The two words of a yes/no dropdown in `lang` ('Có', 'Không'): the words a value may be given in
    (`core.yes`, `core.no`, which the reader accepts in any language), capitalised."""
    return vocab.t("core.yes", lang).capitalize(), vocab.t("core.no", lang).capitalize()


COVER_SHEET, GENERAL_SHEET, LISTS_SHEET = (sheet_name(kind) for kind in ("cover", "general", "lists"))
LISTS_SHEETS = frozenset(sheet_name("lists", lang) for lang in vocab.languages())  # hidden, holds no marker
YES_NO = yes_no()  # in the default language

SHEET_NAME_MAX = 31
LINE_HEIGHT = 15.0  # points per line of wrapped text (row heights are set: not every office suite measures)


def wrapped_lines(text: object, width: float) -> int:
    """How many lines `text` takes wrapped in a column `width` characters wide."""
    return sum(max(1, math.ceil(len(part) / (width * 1.1))) for part in str(text or "").split("\n"))


_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: set[str], lang: str = vocab.DEFAULT) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, none of []:*?/\\) for a department name
    (a long one loses the prefix 'Phòng ', 'Office of ' of `lang`)."""
    title = _FORBIDDEN.sub("-", name).strip("' ")
    prefix = vocab.t("intake.template.department_prefix", lang)
    if len(title) > SHEET_NAME_MAX and title.lower().startswith(prefix):
        title = title[len(prefix) :]
    title = title[:SHEET_NAME_MAX].rstrip()
    candidate, n = title, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        candidate, n = title[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    return candidate


@dataclass
class SheetScan:
    """What one sheet holds by its hidden markers (rows are 1-based)."""

    facts: dict[str, object] = field(default_factory=dict)  # cover key → value (column C)
    fact_rows: dict[str, int] = field(default_factory=dict)  # cover key → its row
    data: list[tuple[int, str, Sequence, dict[str, int]]] = field(default_factory=list)
    key_row: int | None = None  # the hidden `dxkit:variable` row
    columns: dict[str, int] = field(default_factory=dict)  # its machine keys → column index (0-based)
    orphans: list[int] = field(default_factory=list)  # variable ids in column A, no key row above
    marked: bool = False  # a dxkit key somewhere: made by `dxkit template`
    empty: bool = True


def read_sheet(rows: Iterable[Sequence]) -> SheetScan:
    """Cover facts, keyed data rows and the markers of one sheet, from its rows of cell values.

    Data rows are (row number, variable id, cells, column index by machine key): the rows with
    something in the hidden first column after the sheet's key row.
    """
    scan = SheetScan()
    columns: dict[str, int] | None = None
    for r, line in enumerate(rows, start=1):
        texts = [v.strip() if isinstance(v, str) else v for v in line]
        if any(v not in ("", None) for v in texts):
            scan.empty = False
            scan.marked = scan.marked or any(isinstance(v, str) and v.startswith(KEY_PREFIX) for v in texts)
        key = texts[0] if texts else None
        if not isinstance(key, str) or not key:
            continue
        if key == VARIABLE_KEY:
            columns = {k: j for j, k in enumerate(texts) if isinstance(k, str) and k.startswith(KEY_PREFIX)}
            scan.key_row, scan.columns = r, columns
        elif key.startswith(KEY_PREFIX):
            scan.facts[key[len(KEY_PREFIX) :]] = (
                line[COVER_VALUE_COLUMN - 1] if len(line) >= COVER_VALUE_COLUMN else None
            )
            scan.fact_rows[key[len(KEY_PREFIX) :]] = r
        elif columns is not None:
            scan.data.append((r, key, line, columns))
        elif looks_like_variable(key):
            scan.orphans.append(r)
    return scan


def scan_sheet(rows: Iterable[Sequence]) -> tuple[dict[str, object], list[tuple[int, str, Sequence, dict[str, int]]]]:
    """Cover facts and keyed data rows of one sheet (see `read_sheet`)."""
    scan = read_sheet(rows)
    return scan.facts, scan.data

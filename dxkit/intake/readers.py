"""Read CSV input files into the tidy inputs table (district, year, variable, value, evidence, file, sheet, cell).

A CSV value's `cell` is its row (and, in a wide CSV, its column) in no language: `#2`, `#2:II.1.5`
(`dxkit.core.problems.csv_cell`); a problem says it in the reader's language ('dòng 2, cột II.1.5').

Readers also keep `district_raw`, the district exactly as written, so validation can say where a
name was normalised (Unicode NFD, stray spaces) instead of silently merging it.

A CSV is one of four forms, told apart by its header alone (`csv_form`):

- `output`: a file dxkit itself writes (scores, `validate --csv`, `evidence --csv`: it has a column
  such as `max_points` or `rule_vi`). It is refused, never read as data.
- `long`: a `variable` or `value` column; one row per district × year × variable.
- `wide`: a column named like a variable id (`II.1.5`); one row per district × year.
- `districts`: a district column and nothing else of the above: a list of units, not data.

Headers may be English or Vietnamese, in any case, with or without diacritics and stray spaces:
`district`/`huyện`/`đơn vị`/`xã`, `year`/`năm`, `variable`/`biến`/`mã biến`, `value`/`giá trị`,
`evidence`/`tài liệu`/`tài liệu kiểm chứng`, `stage`/`giai đoạn`, `reason`/`lý do`/`lý do điều chỉnh`.
A missing column is an error naming the closest header. A file with a header but no data rows is an
error too.

Stages: a long CSV may carry the province's appraisal in the same file or another one, as rows
with `stage` `appraised` (or `thẩm định`; blank or `self`/`tự đánh giá`: the unit's own value) and
the `reason` for the correction (`dxkit.core.prepare.stage_problems` says what is refused). A wide
CSV has one row per unit and no place for a reason per value: a `stage` or `reason` column there
is refused, naming the long form and the workbook instead.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from pathlib import Path

import pandas as pd

from dxkit.core.prepare import TIDY_COLUMNS, tidy
from dxkit.core.problems import InputError, Problem, csv_cell
from dxkit.core.values import map_cells
from dxkit.core.vocab import Joined, Localised, Message, languages

LONG_REQUIRED = ["district", "year", "variable", "value"]
WIDE_KEYS = ["district", "year"]
RAW_DISTRICT = "district_raw"
INTAKE_COLUMNS = TIDY_COLUMNS + [RAW_DISTRICT]
ALIASES = {
    "district": ("district", "huyện", "đơn vị", "xã"),
    "year": ("year", "năm"),
    "variable": ("variable", "biến", "mã biến"),
    "value": ("value", "giá trị"),
    "evidence": ("evidence", "tài liệu", "tài liệu kiểm chứng"),
    "stage": ("stage", "giai đoạn"),
    "reason": ("reason", "lý do", "lý do điều chỉnh"),
}
STAGE_COLUMNS = ("stage", "reason")
# Columns only files dxkit writes have: scores, problems (`rule_<lang>`), explanations, evidence lists.
OUTPUT_MARKERS = (
    "max_points",
    "evidence_required",
    *(f"{column}_{lang}" for column in ("explanation", "rule") for lang in languages()),
)
VARIABLE_ID = re.compile(r"^[A-Z]{1,5}(\.[0-9A-Za-z_]+)+$", re.IGNORECASE)


def fold(text: str) -> str:
    """A header as compared: NFC, single spaces, no diacritics, case-folded ('Giá  Trị ' → 'gia tri')."""
    text = unicodedata.normalize("NFD", " ".join(str(text).split()).replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


_CANONICAL = {fold(alias): name for name, aliases in ALIASES.items() for alias in aliases}


def column_name(header: str) -> str | None:
    """The canonical column a header names (`Huyện` → district), or None."""
    return _CANONICAL.get(fold(header))


def looks_like_variable(text: object) -> bool:
    """True for text shaped like a variable id (`I.4`, `II.3.1.a`, `C.1.2`)."""
    return isinstance(text, str) and bool(VARIABLE_ID.match(text.strip()))


def _as_written(name: object) -> str:
    return "" if name is None else str(name)


def finish(df: pd.DataFrame) -> pd.DataFrame:
    """The tidy table of a reader's rows, with the district as written kept in `district_raw`."""
    out = tidy(df)
    out[RAW_DISTRICT] = map_cells(_as_written, df["district"])
    return out


HEADER_ROW = 1  # the row of a CSV's header


def _error(path: Path, rule: Message, row: int | None = None) -> InputError:
    return InputError([Problem("error", rule, file=str(path), row=row)])


def library_detail(words: str | Localised) -> Message:
    """A library's own words (English) after a refusal: ' (…)' in the languages that show them."""
    return Message("intake.detail", detail=words)


def separator(path: Path) -> str:
    """`;` for a CSV written with the list separator of Vietnamese (and many European) settings, else `,`."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            first = f.readline()
    except OSError:
        return ","
    return ";" if first.count(";") > first.count(",") else ","


def read_csv_table(path: Path, nrows: int | None = None) -> pd.DataFrame:
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=nrows, sep=separator(path)
        )
    except UnicodeDecodeError as exc:
        raise _error(path, Message("intake.csv.not_utf8", reason=exc.reason)) from None
    except pd.errors.EmptyDataError:
        raise _error(path, Message("intake.csv.empty")) from None
    except pd.errors.ParserError as exc:
        raise _error(path, Message("intake.csv.malformed", detail=library_detail(str(exc)))) from None


def _canonical(path: Path, columns: list[str]) -> dict[str, str]:
    """Original header → canonical name, for the headers that name a known column."""
    found: dict[str, str] = {}
    for col in columns:
        name = _CANONICAL.get(fold(col))
        if name is None:
            continue
        if name in found.values():
            other = next(c for c, n in found.items() if n == name)
            raise _error(path, Message("intake.csv.same_meaning", name=name, first=other, second=col), row=HEADER_ROW)
        found[col] = name
    return found


def csv_form(columns: list[str]) -> str:
    """`output`, `long`, `wide` or `districts`: which CSV form a header belongs to (see the module doc)."""
    folded = {fold(c) for c in columns}
    names = {_CANONICAL.get(f) for f in folded}
    if folded & set(OUTPUT_MARKERS):
        return "output"
    if names & {"variable", "value"}:
        return "long"
    if any(looks_like_variable(c) for c in columns):
        return "wide"
    return "districts" if "district" in names and "year" not in names else "long"


def _closest(name: str, spare: dict[str, str]) -> str | None:
    """The header (of `spare`, folded → as written) most like one of `name`'s aliases, if close enough."""
    ratio, best = max(
        ((difflib.SequenceMatcher(None, fold(a), f).ratio(), c) for a in ALIASES[name] for f, c in spare.items()),
        default=(0.0, None),
    )
    return best if ratio >= 0.6 else None


def _missing(path: Path, columns: list[str], need: list[str]) -> None:
    """Raise for the columns of `need` that no header names, each with the closest header written."""
    have = set(_canonical(path, columns).values())
    missing = [n for n in need if n not in have]
    if not missing:
        return
    spare = {fold(c): c for c in columns if fold(c) not in _CANONICAL}
    said = []
    for name in missing:
        near = _closest(name, spare)
        said.append(Joined([name, Message("intake.csv.closest", header=near) if near else ""], ""))
    rule = Message(
        "intake.csv.missing_columns",
        columns=Joined(said, "; "),
        need=Joined([Message(f"intake.csv.column.{n}") for n in need], ", "),
    )
    raise _error(path, rule, row=HEADER_ROW)


def _no_rows(path: Path, df: pd.DataFrame) -> None:
    if df.empty:
        raise _error(path, Message("intake.csv.no_rows"))


def _overfull(path: Path) -> None:
    """Raise naming every row with more fields than the header (a separator inside an unquoted reason
    or evidence would shift the row's columns), never read shifted."""
    sep = separator(path)
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        lines = csv.reader(f, delimiter=sep)
        width = len(next(lines, []))
        over = [(lines.line_num, len(row)) for row in lines if len(row) > width]
    if over:
        mark = Message(f"intake.csv.mark.{'semicolon' if sep == ';' else 'comma'}")
        raise InputError(
            [
                Problem(
                    "error", Message("intake.csv.extra_fields", n=n, header=width, mark=mark), file=str(path), row=row
                )
                for row, n in over
            ]
        )


def read_long_csv(path: str | Path) -> pd.DataFrame:
    """Long CSV: one row per district × year × variable; `evidence` optional. A row with more fields
    than the header is an error naming it (`_overfull`)."""
    path = Path(path)
    try:
        df = read_csv_table(path)
    except InputError:
        _overfull(path)  # a later row with a field too many is refused by pandas: say which and why
        raise
    _overfull(path)  # the first data row with a field too many is read by pandas as shifted
    _missing(path, list(df.columns), LONG_REQUIRED)
    _no_rows(path, df)
    df = df.rename(columns=_canonical(path, list(df.columns)))
    df["file"], df["sheet"] = str(path), ""
    df["cell"] = [csv_cell(i + HEADER_ROW + 1) for i in range(len(df))]
    return finish(df)


def read_wide_csv(path: str | Path) -> pd.DataFrame:
    """Wide CSV: one row per district × year, one column per variable id."""
    path = Path(path)
    df = read_csv_table(path)
    df.columns = [c.strip() for c in df.columns]
    _missing(path, list(df.columns), WIDE_KEYS)
    _no_rows(path, df)
    named = _canonical(path, list(df.columns))
    staged = [c for c, name in named.items() if name in STAGE_COLUMNS]
    if staged:
        raise _error(path, Message("appraisal.input.wide_form", column=staged[0]), row=HEADER_ROW)
    df = df.rename(columns=named)
    df["_row"] = range(HEADER_ROW + 1, len(df) + HEADER_ROW + 1)
    long = df.melt(id_vars=WIDE_KEYS + ["_row"], var_name="variable", value_name="value")
    long["file"], long["sheet"] = str(path), ""
    long["cell"] = [csv_cell(r, v) for r, v in zip(long["_row"], long["variable"])]
    return finish(long.drop(columns="_row"))


def _form_of(path: Path) -> str:
    return csv_form(list(read_csv_table(path, nrows=0).columns))


def is_district_list(path: str | Path) -> bool:
    """A CSV whose header is a district list's (see `csv_form`); an unreadable file is not one."""
    try:
        return _form_of(Path(path)) == "districts"
    except InputError:  # its reader will say why
        return False


def read_inputs(path: str | Path) -> pd.DataFrame:
    """Any CSV input form dxkit reads (long or wide), as the tidy inputs table; other CSVs are refused."""
    path = Path(path)
    form = _form_of(path)
    if form == "output":
        raise _error(path, Message("intake.csv.output_file"), row=HEADER_ROW)
    if form == "districts":
        raise _error(path, Message("intake.csv.district_list"), row=HEADER_ROW)
    return read_wide_csv(path) if form == "wide" else read_long_csv(path)


__all__ = [
    "ALIASES",
    "INTAKE_COLUMNS",
    "RAW_DISTRICT",
    "TIDY_COLUMNS",
    "csv_form",
    "finish",
    "fold",
    "is_district_list",
    "looks_like_variable",
    "read_inputs",
    "read_long_csv",
    "read_wide_csv",
]

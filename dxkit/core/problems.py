"""Problems found in input data, each saying where it is and which rule it breaks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from dxkit.core.vocab import DEFAULT, Localised, languages, t


class Reason(StrEnum):
    """Stable codes of the problems dxkit finds, so tests and the UI match on codes, not on words.

    A `Reason` is a `str`: `problem.reason == "ratio_capped"` and `== Reason.RATIO_CAPPED` both hold.
    """

    # input keys and sources
    MISSING_DISTRICT = "missing_district"  # a row without a district name
    BAD_YEAR = "bad_year"  # a year that is not a whole number 1900–2200
    UNKNOWN_VARIABLE = "unknown_variable"  # a variable id not in the framework
    UNLISTED_DISTRICT = "unlisted_district"  # a unit missing from the district list
    LISTED_WITHOUT_DATA = "listed_without_data"  # a listed unit no input mentions
    LOOK_ALIKE_NAMES = "look_alike_names"  # names differing only in diacritics
    NAME_NORMALISED = "name_normalised"  # a unit spelling that was normalised
    CONFLICTING_SOURCES = "conflicting_sources"  # two sources give different values
    NO_DATA = "no_data"  # no data rows at all
    # values
    AMBIGUOUS_DECIMAL = "ambiguous_decimal"  # '1.217': thousands group or decimal mark?
    INVALID_VALUE = "invalid_value"  # a value breaking its variable's type or range
    INVALID_SOURCE = "invalid_source"  # left blank, and its Part I source is invalid
    PART_LARGER_THAN_WHOLE = "part_larger_than_whole"
    CONTRADICTION = "contradiction"  # an error check of the framework holds
    VALUES_DIFFER = "values_differ"  # a warning check: the same fact given twice, differing
    DIFFERS_FROM_PART_I = "differs_from_part_i"  # a given denominator disagrees with Part I
    WHOLE_FROM_PART_I = "whole_from_part_i"  # a part above a whole taken from Part I: enter the whole
    # stages: the unit's own values and the province's appraisal
    UNKNOWN_STAGE = "unknown_stage"  # a stage label that is neither self nor appraised
    NO_REASON = "no_reason"  # an appraised value without the reason for the correction
    REASON_WITHOUT_VALUE = "reason_without_value"  # a reason for a correction, no appraised value
    REASON_ON_SELF = "reason_on_self"  # a reason on a unit's own value (blank stage or no stage column)
    NO_SELF_ASSESSMENT = "no_self_assessment"  # an appraised value of a unit-year without its own values
    REVIEWER_FORMULA = "reviewer_formula"  # a formula in a reviewer's cell of the workbook
    CONFIRMATION = "confirmation"  # an appraised value equal to the unit's own: not a correction
    # scoring
    RATIO_CAPPED = "ratio_capped"  # a ratio above 100% capped, to review
    MISSING_INPUT = "missing_input"  # a criterion would score 0 for missing inputs
    PROVISIONAL = "provisional"  # Min-Max without peers: the total is provisional
    UNKNOWN_OPTION = "unknown_option"
    BAD_OPTION_VALUE = "bad_option_value"


# the order a problem says where it is
WHERE = ("file", "sheet", "cell", "row", "column", "district", "year", "variable", "value")
_SPREADSHEET_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")
CSV_ROW = "#"  # how a tidy table's `cell` names a CSV row, in no language: '#2', '#2:II.1.1' (see `csv_cell`)


def csv_cell(row: int, column: str = "") -> str:
    """Where a CSV value is, as the tidy inputs table's `cell` column keeps it, in no language:
    '#2' (row 2), '#2:II.1.1' (row 2, column II.1.1). A Problem or a Place given it reads row and column."""
    return f"{CSV_ROW}{row}:{column}" if column else f"{CSV_ROW}{row}"


def read_csv_cell(cell: str) -> tuple[int, str] | None:
    """(row, column) of a `csv_cell` text, or None for anything else (a spreadsheet reference 'F33')."""
    head, _, column = cell.partition(":")
    if not head.startswith(CSV_ROW) or not head[len(CSV_ROW) :].isdigit():
        return None
    return int(head[len(CSV_ROW) :]), column


def _where(parts: dict[str, object], lang: str) -> str:
    """'tệp a.csv, dòng 2, cột II.1.1, huyện X' in `lang`: the non-empty parts, in `WHERE` order."""
    return ", ".join(t(f"core.where.{k}", lang, value=v) for k in WHERE if (v := parts.get(k, "")) not in ("", None))


@dataclass(frozen=True)
class Place:
    """Where a value is read from, written in a language when shown: 'tệp a.csv, ô F33' / 'file a.csv,
    row 2, column II.1.1'. `cell` is a spreadsheet reference ('F33') or a `csv_cell` ('#2:II.1.1')."""

    file: str = ""
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    column: str = ""

    def parts(self) -> dict[str, object]:
        row, column, cell = self.row, self.column, self.cell
        found = read_csv_cell(cell)
        if found is not None:
            cell = ""
            row = found[0] if row is None else row
            column = column or found[1]
        return {"file": self.file, "sheet": self.sheet, "cell": cell, "row": row, "column": column}

    def text(self, lang: str = DEFAULT) -> str:
        return _where(self.parts(), lang)


@dataclass(frozen=True)
class Problem:
    """One problem: `severity` is 'error' (blocks or invalidates) or 'warning'; `rule` says which rule
    is broken, in any language (a `vocab.Message`, written only when shown).

    Where it is: `file`, `sheet`, `cell` (a spreadsheet reference: 'F33'), `row` and `column` (of a
    CSV: row 2, column 'II.1.1'); a `csv_cell` given as `cell` ('#2:II.1.1') is read into `row` and
    `column`, so the tidy table's `cell` column can be passed as it is."""

    severity: str
    rule: Localised
    file: str = ""
    sheet: str = ""
    cell: str = ""
    district: str = ""
    year: int | None = None
    variable: str = ""
    value: str = ""
    reason: str = ""  # a `Reason` (a stable code: "ambiguous_decimal", "ratio_capped", …)
    row: int | None = None  # a CSV row (1: the header)
    column: str = ""  # a CSV column, as its header is written

    def __post_init__(self) -> None:
        found = read_csv_cell(self.cell)
        if found is not None:
            object.__setattr__(self, "cell", "")
            if self.row is None:
                object.__setattr__(self, "row", found[0])
            if not self.column:
                object.__setattr__(self, "column", found[1])

    @property
    def place(self) -> Place:
        """Where the problem is in its file (file, sheet, cell or row and column)."""
        return Place(self.file, self.sheet, self.cell, self.row, self.column)

    def rule_text(self, lang: str = DEFAULT) -> str:
        """The rule broken, in `lang`."""
        return self.rule.text(lang)

    def message(self, lang: str = DEFAULT) -> str:
        """'tệp a.csv, dòng 3, huyện X, biến II.1.1: <rule>' in `lang`."""
        shown = {k: getattr(self, k) for k in WHERE}
        shown["value"] = repr(self.value) if self.value != "" else ""
        where = _where(shown, lang)
        rule = self.rule_text(lang)
        return f"{where}: {rule}" if where else rule


def distinct(problems: Iterable[Problem]) -> list[Problem]:
    """`problems` in their order without repeats: the same severity, place and rule (in the default
    language) said twice, as when each stage of the inputs is checked and both hold the same row."""

    def said(p: Problem) -> tuple:
        return (p.severity, p.reason, p.file, p.sheet, p.cell, p.row, p.district, p.year, p.variable, p.rule_text())

    return list({said(p): p for p in problems}.values())


class InputError(ValueError):
    """Input data cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem], lang: str = DEFAULT):
        self.problems = problems
        self.lang = lang
        super().__init__(self.text(lang))

    def text(self, lang: str = DEFAULT) -> str:
        """Every error, one per line, in `lang`."""
        errors = [p for p in self.problems if p.severity == "error"]
        head = t("core.input_errors", lang, n=len(errors))
        return head + ":\n- " + "\n- ".join(p.message(lang) for p in errors)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table, errors first, in a stable order: where (file, sheet, cell, row, column,
    district, year, variable, value), the rule in every language (`rule_vi`, `rule_en`)."""
    columns = ["severity", *WHERE, *(f"rule_{lang}" for lang in languages())]
    df = pd.DataFrame(
        [
            {
                **{k: getattr(p, k) for k in ("severity", *WHERE)},
                **{f"rule_{lang}": p.rule_text(lang) for lang in languages()},
            }
            for p in problems
        ],
        columns=columns,
    )
    df["row"] = df["row"].astype("Int64")  # a CSV row, blank for a spreadsheet cell
    if df.empty:
        return df
    df["_order"] = df["severity"].map({"error": 0, "warning": 1})
    df["_line"], df["_col"] = zip(*(_line(p) for p in problems))
    order = ["_order", "file", "sheet", "_line", "_col", "district", "year", "variable"]
    return df.sort_values(order, kind="stable").drop(columns=["_order", "_line", "_col"]).reset_index(drop=True)


def _line(problem: Problem) -> tuple[int, int]:
    """(row, column) of where a problem is within its file and sheet, for listing them in row order: a
    CSV row, a spreadsheet cell's row and column; after them (row 2**31) a problem of the whole file."""
    at = read_csv_cell(problem.cell)
    if at is not None:
        return at[0], 0
    cell = _SPREADSHEET_CELL.fullmatch(problem.cell)
    if cell is not None:
        letters = cell.group(1)
        return int(cell.group(2)), sum(26**i * (ord(c) - 64) for i, c in enumerate(reversed(letters)))
    return (problem.row, 0) if problem.row is not None else (2**31, 0)

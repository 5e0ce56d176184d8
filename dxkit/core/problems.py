"""Problems found in input data, each saying where it is and which rule it breaks."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

import pandas as pd


class Reason(StrEnum):
    """Stable codes of the problems dxkit finds, so tests and the UI match on codes, not on words.

    A `Reason` is a `str`: `problem.reason == "ratio_capped"` and `== Reason.RATIO_CAPPED` both hold.
    """

    # input keys and sources
    MISSING_DISTRICT = "missing_district"          # a row without a district name
    BAD_YEAR = "bad_year"                          # a year that is not a whole number 1900–2200
    UNKNOWN_VARIABLE = "unknown_variable"          # a variable id not in the framework
    UNLISTED_DISTRICT = "unlisted_district"        # a unit missing from the district list
    LISTED_WITHOUT_DATA = "listed_without_data"    # a listed unit no input mentions
    LOOK_ALIKE_NAMES = "look_alike_names"          # names differing only in diacritics
    NAME_NORMALISED = "name_normalised"            # a unit spelling that was normalised
    CONFLICTING_SOURCES = "conflicting_sources"    # two sources give different values
    NO_DATA = "no_data"                            # no data rows at all
    # values
    AMBIGUOUS_DECIMAL = "ambiguous_decimal"        # '1.217': thousands group or decimal mark?
    INVALID_VALUE = "invalid_value"                # a value breaking its variable's type or range
    INVALID_SOURCE = "invalid_source"              # left blank, and its Part I source is invalid
    PART_LARGER_THAN_WHOLE = "part_larger_than_whole"
    CONTRADICTION = "contradiction"                # an error check of the framework holds
    VALUES_DIFFER = "values_differ"                # a warning check: the same fact given twice, differing
    DIFFERS_FROM_PART_I = "differs_from_part_i"    # a given denominator disagrees with Part I
    WHOLE_FROM_PART_I = "whole_from_part_i"        # a part above a whole taken from Part I: enter the whole
    # scoring
    RATIO_CAPPED = "ratio_capped"                  # a ratio above 100% capped, to review
    MISSING_INPUT = "missing_input"                # a criterion would score 0 for missing inputs
    PROVISIONAL = "provisional"                    # Min-Max without peers: the total is provisional
    UNKNOWN_OPTION = "unknown_option"
    BAD_OPTION_VALUE = "bad_option_value"

PROBLEM_COLUMNS = [
    "severity", "file", "sheet", "cell", "district", "year", "variable", "value", "rule_vi", "rule_en",
]


@dataclass(frozen=True)
class Problem:
    """One problem: `severity` is 'error' (blocks or invalidates) or 'warning'."""

    severity: str
    rule_vi: str
    rule_en: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    district: str = ""
    year: int | None = None
    variable: str = ""
    value: str = ""
    reason: str = ""  # a `Reason` (a stable code: "ambiguous_decimal", "ratio_capped", …)

    def message(self, lang: str = "vi") -> str:
        where = ", ".join(
            f"{k} {v}" for k, v in (
                ("file" if lang == "en" else "tệp", self.file), ("sheet", self.sheet),
                ("cell" if lang == "en" else "ô/dòng", self.cell),
                ("district" if lang == "en" else "huyện", self.district),
                ("year" if lang == "en" else "năm", self.year if self.year is not None else ""),
                ("variable" if lang == "en" else "biến", self.variable),
                ("value" if lang == "en" else "giá trị", repr(self.value) if self.value != "" else ""),
            ) if v != ""
        )
        rule = self.rule_en if lang == "en" else self.rule_vi
        return f"{where}: {rule}" if where else rule


class InputError(ValueError):
    """Input data cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem], lang: str = "vi"):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        head = (f"{len(errors)} error(s) in the input" if lang == "en"
                else f"Dữ liệu đầu vào có {len(errors)} lỗi")
        super().__init__(head + ":\n- " + "\n- ".join(p.message(lang) for p in errors))


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table, errors first, in a stable order."""
    df = pd.DataFrame([asdict(p) for p in problems], columns=PROBLEM_COLUMNS)
    if df.empty:
        return df
    df["_order"] = df["severity"].map({"error": 0, "warning": 1})
    return (
        df.sort_values(["_order", "file", "district", "year", "variable"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )

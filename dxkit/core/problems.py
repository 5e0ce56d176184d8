"""Problems found in input data, each saying where it is and which rule it breaks."""

from __future__ import annotations

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
    # scoring
    RATIO_CAPPED = "ratio_capped"  # a ratio above 100% capped, to review
    MISSING_INPUT = "missing_input"  # a criterion would score 0 for missing inputs
    PROVISIONAL = "provisional"  # Min-Max without peers: the total is provisional
    UNKNOWN_OPTION = "unknown_option"
    BAD_OPTION_VALUE = "bad_option_value"


WHERE = ("file", "sheet", "cell", "district", "year", "variable", "value")  # the order a problem says where


@dataclass(frozen=True)
class Problem:
    """One problem: `severity` is 'error' (blocks or invalidates) or 'warning'; `rule` says which rule
    is broken, in any language (a `vocab.Message`, written only when shown)."""

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

    def rule_text(self, lang: str = DEFAULT) -> str:
        """The rule broken, in `lang`."""
        return self.rule.text(lang)

    def message(self, lang: str = DEFAULT) -> str:
        """'tệp a.csv, ô/dòng 3, huyện X, biến II.1.1: <rule>' in `lang`."""
        shown = {
            "year": "" if self.year is None else self.year,
            "value": repr(self.value) if self.value != "" else "",
        }
        where = ", ".join(
            t(f"core.where.{k}", lang, value=v) for k in WHERE if (v := shown.get(k, getattr(self, k))) != ""
        )
        rule = self.rule_text(lang)
        return f"{where}: {rule}" if where else rule


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
    """Problems as a table, errors first, in a stable order."""
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
    if df.empty:
        return df
    df["_order"] = df["severity"].map({"error": 0, "warning": 1})
    return (
        df.sort_values(["_order", "file", "district", "year", "variable"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )

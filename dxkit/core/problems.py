"""Problems found in input data, each saying where it is and which rule it breaks."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

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
    reason: str = ""  # a stable reason code where a caller acts on it (e.g. "ambiguous_decimal")

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

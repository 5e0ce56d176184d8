"""What dxkit writes stays inert where it is opened: no text a spreadsheet would run as a formula."""
from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """Text that a spreadsheet would read as a formula (`=…`, `+…`, `-…`, `@…`) gets a leading `'`.

    Numbers stay numbers; a negative number written as text (`-3`) is data, not a formula, and is kept.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if value.startswith(("-", "+")) and _is_number(value):
        return value
    return "'" + value


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells (and column names) are inert in a spreadsheet."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].map(cell)
    out.columns = [cell(c) for c in out.columns]
    return out

"""What dxkit writes stays inert where it is opened: no text a spreadsheet would run as a formula."""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@")


def cell(value: object) -> object:
    """Text that a spreadsheet would read as a formula (`=…`, `+…`, `-…`, `@…`, also after leading
    blanks) gets a leading `'`; a carriage return becomes a line feed, which CSV writers quote (a
    bare CR would end the record and start the next one with the rest of the text).

    Numbers stay numbers; a negative number written as text (`-3`) is data, not a formula, and is kept.
    """
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    head = text.lstrip()
    if not head.startswith(FORMULA_STARTS) or (head.startswith(("-", "+")) and _is_number(head)):
        return text
    return "'" + text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells (and column names) are inert in a spreadsheet.

    Each distinct text of a column is looked at once and only the cells whose text changes are
    replaced: a scores table repeats its units, codes and statuses over hundreds of thousands of rows."""
    out = df.copy()
    for col in out.columns:
        column = out[col]
        if column.dtype == object or isinstance(column.dtype, pd.StringDtype):
            changed = {v: c for v in column.dropna().unique() if isinstance(v, str) and (c := cell(v)) != v}
            if changed:
                out[col] = column.mask(column.isin(list(changed)), column.map(changed))
    out.columns = [cell(c) for c in out.columns]
    return out

"""Read a filled dxkit workbook (see `template`) into the tidy inputs table, cell by cell."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from dxkit.intake import layout
from dxkit.problems import InputError, Problem
from dxkit.readers import finish


def _cell_value(value: object) -> object:
    """Excel stores 12 as 12.0 now and then; keep whole numbers whole so sources compare equal."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def _not_template(path: Path, why_vi: str, why_en: str) -> InputError:
    return InputError([Problem("error", f"không phải biểu mẫu dxkit: {why_vi} (tạo biểu bằng `dxkit template`)",
                               f"not a dxkit workbook: {why_en} (make one with `dxkit template`)", file=str(path))])


def read_workbook(path: str | Path) -> pd.DataFrame:
    """Every keyed row of every data sheet, with its value cell (`F12`) as provenance; blank cells included."""
    path = Path(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise InputError([Problem("error", f"không mở được tệp Excel ({exc})", f"cannot open the workbook ({exc})",
                                  file=str(path))]) from None
    cover: dict[str, object] = {}
    rows: list[dict[str, object]] = []
    try:
        for ws in wb.worksheets:
            facts, data = layout.scan_sheet(ws.iter_rows(min_row=1, min_col=1, values_only=True))
            cover.update(facts)
            rows += [_row(r, ws.title, variable, line, columns) for r, variable, line, columns in data]
    finally:
        wb.close()
    if cover.get("district") is None or cover.get("year") is None:
        raise _not_template(path, "thiếu tên huyện và năm ở trang bìa", "the cover has no district and year")
    if not rows:
        raise _not_template(path, "không có sheet số liệu", "no data sheet")
    df = pd.DataFrame(rows)
    df["district"] = str(cover["district"])
    df["year"] = _cell_value(cover["year"])
    df["file"] = str(path)
    return finish(df)


def _row(r: int, sheet: str, variable: str, line: tuple, columns: dict[str, int]) -> dict[str, object]:
    def at(key: str) -> object:
        j = columns.get(key)
        return _cell_value(line[j]) if j is not None and j < len(line) else ""

    return {"variable": variable, "value": at(layout.VALUE_KEY), "evidence": at(layout.EVIDENCE_KEY),
            "sheet": sheet, "cell": f"{get_column_letter(columns.get(layout.VALUE_KEY, 0) + 1)}{r}"}

"""Read a filled dxkit workbook (see `template`) into the tidy inputs table, cell by cell.

Any spreadsheet format `xlsx.read_grids` opens is read the same way (`.xlsx`, `.xlsm`, `.ods`, `.xls`:
a template opened and saved by LibreOffice or an older Excel). Sheets are recognised by their hidden
markers (`layout.read_sheet`), and nothing is dropped silently; the whole file is refused, with every
reason, when:

- a sheet has the template's variable ids but lost its hidden key row, or keeps dxkit keys but lost
  the hidden variable-id column, or its key row has no `dxkit:value` key;
- a value cell is merged with another cell (the merged range is named);
- a value, evidence or cover cell holds a formula without a computed value or a formula error.

A merged evidence cell gives its text to every row it spans. A row whose reviewer's cells (the
province's appraisal: `dxkit:appraised`, `dxkit:reason`) hold something gives a second row, of
stage `appraised`, placed at the appraised value's cell; a workbook made before these columns
existed reads as before. A sheet without any marker (a sheet a
person added, other than the hidden list sheet) is not read, with a warning naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from dxkit.core.prepare import APPRAISED
from dxkit.core.problems import InputError, Problem, Reason
from dxkit.core.vocab import Message
from dxkit.intake import layout
from dxkit.intake.readers import finish
from dxkit.intake.xlsx import MAX_CELLS, MAX_UNPACKED_BYTES, Grid, read_grids

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
APPRAISED_KEY = layout.KEY_PREFIX + "appraised"  # the province reviewer's value of a row
REASON_KEY = layout.KEY_PREFIX + "reason"  # and the reason for the correction
REVIEW_KEYS = (APPRAISED_KEY, REASON_KEY)
READ_KEYS = (layout.VALUE_KEY, layout.EVIDENCE_KEY, *REVIEW_KEYS)


def _cell_value(value: object) -> object:
    """Excel stores 12 as 12.0 now and then; keep whole numbers whole so sources compare equal."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def _not_template(path: Path, why: str) -> InputError:
    """`why` names a message `intake.workbook.<why>`."""
    rule = Message("intake.workbook.not_template", why=Message(f"intake.workbook.{why}"))
    return InputError([Problem("error", rule, file=str(path))])


def _structure(path: Path, grid: Grid, scan: layout.SheetScan) -> list[Problem]:
    """Why a sheet's markers cannot be used (errors), or a warning for a sheet without any."""

    def problem(severity: str, rule: Message, cell: str = "") -> list[Problem]:
        return [Problem(severity, rule, file=str(path), sheet=grid.name, cell=cell)]

    if scan.key_row is not None:
        if layout.VALUE_KEY in scan.columns:
            return []
        return problem("error", Message("intake.workbook.no_value_key", key=layout.VALUE_KEY), _ref(scan.key_row, 1))
    if scan.marked and not scan.facts:
        return problem("error", Message("intake.workbook.lost_variable_column"))
    if scan.orphans:
        return problem(
            "error", Message("intake.workbook.lost_key_row", key=layout.VARIABLE_KEY), _ref(scan.orphans[0], 1)
        )
    if not scan.empty and not scan.facts and grid.name not in layout.LISTS_SHEETS:
        return problem("warning", Message("intake.workbook.not_template_sheet"))
    return []


def _merged(path: Path, grid: Grid, scan: layout.SheetScan) -> tuple[list[Problem], dict[tuple[int, int], object]]:
    """Merged ranges over value cells (errors), and the text a merged evidence range gives each of its cells."""
    problems: list[Problem] = []
    fill: dict[tuple[int, int], object] = {}
    rows = {r: columns for r, _, _, columns in scan.data}
    for r0, c0, r1, c1 in grid.merged:
        if (r0, c0) == (r1, c1):
            continue
        inside = [(r, columns) for r, columns in rows.items() if r0 <= r <= r1]
        if any(c0 <= columns.get(layout.VALUE_KEY, -1) + 1 <= c1 for _, columns in inside):
            where = f"{_ref(r0, c0)}:{_ref(r1, c1)}"
            problems.append(
                Problem(
                    "error",
                    Message("intake.workbook.merged_values", where=where),
                    file=str(path),
                    sheet=grid.name,
                    cell=where,
                )
            )
            continue
        anchor = grid.rows[r0 - 1][c0 - 1] if r0 <= len(grid.rows) and c0 <= len(grid.rows[r0 - 1]) else ""
        fill.update(
            {
                (r, columns[layout.EVIDENCE_KEY] + 1): anchor
                for r, columns in inside
                if layout.EVIDENCE_KEY in columns and c0 <= columns[layout.EVIDENCE_KEY] + 1 <= c1
            }
        )
    return problems, fill


def _unusable(path: Path, grid: Grid, scan: layout.SheetScan) -> list[Problem]:
    """Formula cells without a usable value where a value, evidence, appraisal or cover fact is read,
    and any formula in a reviewer's cell (what the reviewer decided is typed, never computed)."""
    cells = {(r, columns[k] + 1): variable for r, variable, _, columns in scan.data for k in READ_KEYS if k in columns}
    cells.update({(r, layout.COVER_VALUE_COLUMN): "" for r in scan.fact_rows.values()})
    review = {(r, columns[k] + 1) for r, _, _, columns in scan.data for k in REVIEW_KEYS if k in columns}
    formula = Message("intake.workbook.reviewer_formula")
    return [
        Problem(
            "error",
            formula if cell in review and cell in grid.formulas else grid.bad[cell],
            file=str(path),
            sheet=grid.name,
            cell=_ref(*cell),
            variable=variable,
            reason=Reason.REVIEWER_FORMULA if cell in review and cell in grid.formulas else "",
        )
        for cell, variable in cells.items()
        if cell in grid.bad or (cell in review and cell in grid.formulas)
    ]


def _rows(
    r: int,
    sheet: str,
    variable: str,
    line: Sequence[object],
    columns: dict[str, int],
    fill: dict[tuple[int, int], object],
) -> list[dict[str, object]]:
    """The row's own value and, when the reviewer's cells hold something, its appraised value."""

    def at(key: str) -> object:
        j = columns.get(key)
        if j is None:
            return ""
        return _cell_value(fill[(r, j + 1)] if (r, j + 1) in fill else line[j] if j < len(line) else None)

    own = {
        "variable": variable,
        "value": at(layout.VALUE_KEY),
        "evidence": at(layout.EVIDENCE_KEY),
        "sheet": sheet,
        "cell": _ref(r, columns.get(layout.VALUE_KEY, 0) + 1),
        "stage": "",
        "reason": "",
    }
    appraised, reason = at(APPRAISED_KEY), at(REASON_KEY)
    if _blank(appraised) and _blank(reason):
        return [own]
    cell = _ref(r, columns.get(APPRAISED_KEY, 0) + 1)
    return [own, {**own, "value": appraised, "evidence": "", "cell": cell, "stage": APPRAISED, "reason": reason}]


def read_book(
    path: str | Path, max_bytes: int = MAX_UNPACKED_BYTES, max_cells: int = MAX_CELLS
) -> tuple[pd.DataFrame, list[Problem]]:
    """Every keyed row of every data sheet (blank cells included), and the warnings about sheets not read."""
    path = Path(path)
    cover: dict[str, object] = {}
    rows: list[dict[str, object]] = []
    problems: list[Problem] = []
    for grid in read_grids(path, max_bytes, max_cells):
        scan = layout.read_sheet(grid.rows)
        cover.update(scan.facts)
        merged, fill = _merged(path, grid, scan)
        problems += _structure(path, grid, scan) + merged + _unusable(path, grid, scan)
        rows += [
            row
            for r, variable, line, columns in scan.data
            for row in _rows(r, grid.name, variable, line, columns, fill)
        ]
    errors = [p for p in problems if p.severity == "error"]
    if _blank(cover.get("district")) or _blank(cover.get("year")):
        raise InputError(errors + _not_template(path, "no_cover").problems)
    if errors:
        raise InputError(errors)
    if not rows:
        raise _not_template(path, "no_data_sheet")
    df = pd.DataFrame(rows)
    df["district"] = str(cover["district"])
    df["year"] = _cell_value(cover["year"])
    df["file"] = str(path)
    return finish(df), problems


def read_workbook(path: str | Path) -> pd.DataFrame:
    """The tidy inputs of a filled workbook (see `read_book`); InputError when it cannot be used."""
    return read_book(path)[0]

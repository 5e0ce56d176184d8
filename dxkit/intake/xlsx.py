"""Spreadsheet files: save an openpyxl workbook atomically; open any spreadsheet safely as grids of values.

`read_grids` reads `.xlsx`/`.xlsm`, `.ods` and `.xls` (told apart by their bytes, not their name) with
python-calamine, which reads every cell whatever the sheet's `<dimension>` says. Before any sheet is
loaded it refuses a file that is far beyond any real template (a filled template unpacks to under
1 MB and has a few thousand cells):

- `MAX_UNPACKED_BYTES` (200 MiB): the sum of the zip entries' sizes, from the zip directory alone
  (the size of the file itself for `.xls`, which is not compressed);
- `MAX_CELLS` (1,000,000): the cells of the sheets' extents (last used row × last used column, from
  a streaming pass over the sheet XML; `.xls` is bounded by its own format, 65,536 × 256).

The same pass lists the cells whose value cannot be used: a formula without a computed value and a
formula error (`#DIV/0!`), which calamine would read as blank; and every formula cell (calamine
reads a formula's cached value as if typed), for the cells where only a typed value will do. For `.ods` it also gives the merged
ranges, which calamine does not. Every refusal is a Problem in any language; a library's own message
appears only in the languages that show it (`readers.library_detail`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

import python_calamine as calamine
from openpyxl import Workbook
from openpyxl.utils import column_index_from_string

from dxkit.core.atomic import write_atomic
from dxkit.core.problems import InputError, Problem
from dxkit.core.vocab import Localised, Message
from dxkit.intake.readers import library_detail

MAX_UNPACKED_BYTES = 200 * 2**20
MAX_CELLS = 1_000_000
ZIP_MAGIC, OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*")
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_ODS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

NO_CACHED_VALUE = Message("intake.spreadsheet.no_cached_value")


@dataclass
class Grid:
    """One sheet: its rows of values from A1 ('' when blank), merged ranges and unusable cells (1-based)."""

    name: str
    rows: Sequence[Sequence[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, first col, last row, last col
    bad: dict[tuple[int, int], Localised] = field(default_factory=dict)  # (row, col) → why
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, col) of every formula cell (.xlsx, .ods)


def _refuse(path: Path, why: Localised) -> InputError:
    return InputError([Problem("error", Message("intake.spreadsheet.cannot_open", why=why), file=str(path))])


def _damaged(path: Path, detail: str | Localised = "") -> InputError:
    """The refusal of a file that is no spreadsheet; `detail` (a library's words) only where shown."""
    shown = library_detail(detail) if detail else ""
    return _refuse(path, Message("intake.spreadsheet.damaged", detail=shown))


def _encrypted(path: Path) -> InputError:
    return _refuse(path, Message("intake.spreadsheet.encrypted"))


def _too_big(path: Path, what: Message) -> InputError:
    return _refuse(path, Message("intake.spreadsheet.too_big", what=what))


def _too_many_cells(path: Path, max_cells: int) -> InputError:
    return _too_big(path, Message("intake.spreadsheet.too_many_cells", cells=f"{max_cells:,}"))


def _cell(ref: str) -> tuple[int, int]:
    m = _CELL_REF.match(ref)
    return (int(m.group(2)), column_index_from_string(m.group(1))) if m else (0, 0)


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def _xlsx_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from the workbook and its relationships."""
    targets = {}
    with z.open("xl/_rels/workbook.xml.rels") as f:
        for _, el in iterparse(f):
            if _local(el.tag) == "Relationship":
                target = el.get("Target", "")
                targets[el.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    with z.open("xl/workbook.xml") as f:
        return {
            el.get("name", ""): targets.get(el.get(_REL), "") for _, el in iterparse(f) if _local(el.tag) == "sheet"
        }


def _scan_xlsx(f: IO[bytes], grid: Grid) -> int:
    """Unusable cells of a sheet's XML into `grid.bad`; returns the extent (cells up to the last value)."""
    last_row = last_col = row = col = 0
    for event, el in iterparse(f, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start":
            if tag == "row":
                row, col = int(el.get("r") or row + 1), 0
            continue
        if tag == "row":
            el.clear()
        if tag != "c":
            continue
        row, col = _cell(el.get("r")) if el.get("r") else (row, col + 1)
        parts = {_local(child.tag): child for child in el}
        value = parts.get("v")
        filled = (value is not None and bool(value.text)) or "is" in parts
        if filled:
            last_row, last_col = max(last_row, row), max(last_col, col)
        if "f" in parts:
            grid.formulas.add((row, col))
        if el.get("t") == "e":
            code = value.text if value is not None else ""
            grid.bad[(row, col)] = Message("intake.spreadsheet.formula_error", code=code)
        elif "f" in parts and not filled:
            grid.bad[(row, col)] = NO_CACHED_VALUE
    return last_row * last_col


def _ods_cells(f: IO[bytes]) -> Iterator[tuple[str, int, int, int, int, Element | None]]:
    """(sheet, row, col, rows repeated, cols repeated, cell element or None at a table's start) of content.xml."""
    table, row, col, repeat_rows = "", 0, 0, 1
    for event, el in iterparse(f, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start" and tag == "table":
            table, row = el.get(f"{_ODS}name", ""), 0
            yield table, 0, 0, 0, 0, None
        elif event == "start" and tag == "table-row":
            repeat_rows, col = int(el.get(f"{_ODS}number-rows-repeated", 1)), 0
            row += 1
        elif event == "end" and tag == "table-row":
            row += repeat_rows - 1
            el.clear()
        elif event == "end" and tag in ("table-cell", "covered-table-cell"):
            repeat_cols = int(el.get(f"{_ODS}number-columns-repeated", 1))
            yield table, row, col + 1, repeat_rows, repeat_cols, el
            col += repeat_cols


def _scan_ods(f: IO[bytes], grids: dict[str, Grid], max_cells: int, path: Path) -> None:
    """Merged ranges and unusable cells of every sheet of content.xml; refuses a sheet over `max_cells`."""
    last: dict[str, tuple[int, int]] = {}
    for table, row, col, repeat_rows, repeat_cols, el in _ods_cells(f):
        grid = grids.setdefault(table, Grid(table, []))
        if el is None or _local(el.tag) != "table-cell":
            continue
        typed = el.get(f"{_OFFICE}value-type") is not None
        if typed or len(el):
            r, c = last.get(table, (0, 0))
            last[table] = (max(r, row + repeat_rows - 1), max(c, col + repeat_cols - 1))
            if sum(r * c for r, c in last.values()) > max_cells:
                raise _too_many_cells(path, max_cells)
        spans = int(el.get(f"{_ODS}number-rows-spanned", 1)), int(el.get(f"{_ODS}number-columns-spanned", 1))
        if spans != (1, 1):
            grid.merged.append((row, col, row + spans[0] - 1, col + spans[1] - 1))
        if el.get(f"{_ODS}formula"):
            grid.formulas.add((row, col))
            if not typed:
                grid.bad[(row, col)] = NO_CACHED_VALUE


def _prescan(path: Path, z: zipfile.ZipFile, max_bytes: int, max_cells: int) -> dict[str, Grid]:
    """Per sheet of an .xlsx or .ods zip, what calamine does not tell; refuses bombs first."""
    unpacked = sum(i.file_size for i in z.infolist())
    if unpacked > max_bytes:
        size, limit = f"{unpacked / 2**20:,.0f}", f"{max_bytes / 2**20:,.0f}"
        raise _too_big(path, Message("intake.spreadsheet.unpacks_to", size=size, limit=limit))
    names = set(z.namelist())
    grids: dict[str, Grid] = {}
    if "xl/workbook.xml" in names:
        total = 0
        for name, part in _xlsx_parts(z).items():
            grids[name] = Grid(name, [])
            if part in names:
                with z.open(part) as f:
                    total += _scan_xlsx(f, grids[name])
            if total > max_cells:
                raise _too_many_cells(path, max_cells)
        return grids
    if "content.xml" in names and "mimetype" in names and z.read("mimetype").strip() == ODS_MIME:
        with z.open("content.xml") as f:
            _scan_ods(f, grids, max_cells, path)
        return grids
    raise _damaged(path, Message("intake.spreadsheet.zip_neither"))


def _load(path: Path, grids: dict[str, Grid]) -> list[Grid]:
    """Every sheet's values (with `grids`' merged ranges and unusable cells) through calamine."""
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        out = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            grid = grids.get(name) or Grid(name, [])
            grid.rows = sheet.to_python(skip_empty_area=False)
            grid.merged += [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
            out.append(grid)
        book.close()
    except calamine.PasswordError:
        raise _encrypted(path) from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise _refuse(path, Message("intake.spreadsheet.unreadable", detail=library_detail(str(exc)))) from None
    return out


def read_grids(path: str | Path, max_bytes: int = MAX_UNPACKED_BYTES, max_cells: int = MAX_CELLS) -> list[Grid]:
    """Every sheet of a spreadsheet as a Grid, after the checks of the module doc (InputError when refused)."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as z:
                grids = _prescan(path, z, max_bytes, max_cells)
        except InputError:
            raise
        except (zipfile.BadZipFile, KeyError, SyntaxError, ValueError) as exc:  # truncated zip, missing part, bad XML
            raise _damaged(path, str(exc)) from None
        return _load(path, grids)
    if head == OLE_MAGIC:
        if path.stat().st_size > max_bytes:
            limit = f"{max_bytes / 2**20:,.0f}"
            raise _too_big(path, Message("intake.spreadsheet.over_size", limit=limit))
        if ENCRYPTED_MARK in path.read_bytes():
            raise _encrypted(path)
        return _load(path, {})
    raise _damaged(path)


def _repack(data: bytes, stamp: datetime) -> bytes:
    """The same xlsx with every zip entry and the document's modified time set to `stamp`."""
    out = io.BytesIO()
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m.group(1) + iso, content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()


def save_workbook(wb: Workbook, path: str | Path, stamp: datetime | None = None) -> Path:
    """Write `wb` whole or not at all; with `stamp`, the bytes depend only on the content."""
    if stamp is not None:
        wb.properties.created = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return write_atomic(path, _repack(buffer.getvalue(), stamp) if stamp is not None else buffer.getvalue())

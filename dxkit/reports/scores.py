"""Scores to take away: the ranking, every criterion and every explanation as a workbook or a table.

`score_tables` builds the tables in the reader's language (one place for headers and words);
`write_scores` writes them in the format the file's extension names — `.xlsx` (a real workbook: frozen
headers, filters, number formats, widths), `.csv` (the long table, UTF-8 with a BOM so spreadsheet
programs on Windows read "Chư Prông" right) or `.parquet` — and refuses any other. Text a spreadsheet
would run as a formula is neutralised in every format.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from dxkit.analysis import appraisal as appraisals
from dxkit.analysis.standings import standings
from dxkit.core import fmt, inert
from dxkit.core.assessment import Assessment
from dxkit.core.atomic import OutputError, write_atomic
from dxkit.core.catalogue import Variable
from dxkit.core.problems import Place
from dxkit.core.vocab import DEFAULT, Message, Status, t
from dxkit.intake.layout import LINE_HEIGHT, wrapped_lines
from dxkit.reports.labels import label

FORMATS = (".xlsx", ".csv", ".parquet")
POINTS, PERCENT, WHOLE = "0.00", "0.0%", "0"
PRINT_FIT_COLUMNS = 20  # wider sheets (criteria × many units) print across pages rather than unreadably small
GAIN, RANK_GAIN = "+0.00;-0.00;0.00", "+0;-0;0"  # a "+" on gains, as the reports print them


@dataclass(frozen=True)
class Sheet:
    """A table to write, with its title and the number format of each column (by header)."""

    title: str
    table: pd.DataFrame
    formats: dict[str, str]
    wide: tuple[str, ...] = ()  # headers of long-text columns (wrapped, wider)
    widths: tuple[float, ...] = ()  # each column's width, when set by hand; rows then as high as their text


def _h(key: str, lang: str, **fields: object) -> str:
    """A column header of the scores (the total's is the reports' own: `label("total")`)."""
    return t(f"scores.column.{key}", lang, **fields)


def _status(values: pd.Series, lang: str) -> list[str]:
    words = {s: Status(s).label(lang) for s in pd.unique(values)}  # a word per status, not per row
    return [words[s] for s in values.tolist()]


def ranking_sheet(assessment: Assessment, lang: str = DEFAULT) -> Sheet:
    """Unit × pillars, total, index, rank, change since the previous year and status; latest year first."""
    cat = assessment.catalogue
    total = standings(assessment)
    pillars = assessment.scores[assessment.scores["level"] == "pillar"]
    wide = pillars.pivot_table(index=["district", "year"], columns="code", values="points", observed=True)
    codes = [p.code for p in cat.pillars]
    heads = {p.code: f"{p.code} {p.name(lang)}" for p in cat.pillars}
    table = total.merge(wide.reset_index(), on=["district", "year"], how="left")
    table = table.sort_values(["year", "rank", "district"], ascending=[False, True, True], kind="stable")
    out = pd.DataFrame(
        {
            _h("year", lang): table["year"].to_numpy(),
            _h("rank", lang): table["rank"].to_numpy(),
            _h("district", lang): table["district"].to_numpy(),
            **{heads[c]: table[c].to_numpy() for c in codes},
            label("total", lang): table["points"].to_numpy(),
            _h("index", lang): table["index"].to_numpy(),
            _h("previous_year", lang): table["previous_year"].to_numpy(),
            _h("points_change", lang): table["points_change"].to_numpy(),
            _h("rank_change", lang): table["rank_change"].to_numpy(),
            _h("status", lang): _status(table["status"], lang),
            _h("provisional", lang): [t("core.yes" if p else "core.no", lang) for p in table["provisional"]],
        }
    )
    formats = {heads[c]: POINTS for c in codes}
    formats.update(
        {
            _h("year", lang): WHOLE,
            _h("rank", lang): WHOLE,
            label("total", lang): POINTS,
            _h("index", lang): PERCENT,
            _h("previous_year", lang): WHOLE,
            _h("points_change", lang): GAIN,
            _h("rank_change", lang): RANK_GAIN,
        }
    )
    return Sheet(t("scores.sheet.ranking", lang), out, formats)


def criteria_sheet(assessment: Assessment, lang: str = DEFAULT) -> Sheet:
    """Criteria × units: each criterion's points for every unit and year (latest year first)."""
    cat = assessment.catalogue
    crit = assessment.scores[assessment.scores["level"] == "criterion"]
    wide = crit.pivot_table(index="code", columns=["year", "district"], values="points", observed=True)
    wide = wide.reindex(index=list(cat.criteria), columns=sorted(wide.columns, key=lambda k: (-k[0], k[1])))
    units = {key: _h("unit_year", lang, district=key[1], year=key[0]) for key in wide.columns}
    out = pd.DataFrame(
        {
            _h("code", lang): list(cat.criteria),
            _h("criterion", lang): [c.name(lang) for c in cat.criteria.values()],
            _h("max_points", lang): [c.max_points for c in cat.criteria.values()],
            **{units[key]: wide[key].to_numpy() for key in wide.columns},
        }
    )
    formats = {_h("max_points", lang): POINTS, **{units[key]: POINTS for key in wide.columns}}
    return Sheet(t("scores.sheet.criteria", lang), out, formats, wide=(_h("criterion", lang),))


def explanations_table(assessment: Assessment, lang: str = DEFAULT) -> pd.DataFrame:
    """Long: one row per unit, year and criterion with its inputs, points, status and explanation."""
    cat = assessment.catalogue
    crit = assessment.scores[assessment.scores["level"] == "criterion"]
    inputs = _inputs_text(assessment, crit, lang)
    return pd.DataFrame(
        {
            _h("year", lang): crit["year"].to_numpy(),
            _h("district", lang): crit["district"].astype(str).to_numpy(),
            _h("code", lang): crit["code"].astype(str).to_numpy(),
            _h("criterion", lang): [cat.criteria[c].name(lang) for c in crit["code"]],
            _h("inputs", lang): inputs,
            _h("points", lang): crit["points"].to_numpy(),
            _h("max_points", lang): crit["max_points"].to_numpy(),
            _h("status", lang): _status(crit["status"], lang),
            _h("explanation", lang): crit[f"explanation_{lang}"].to_numpy() if f"explanation_{lang}" in crit else "",
        }
    )


def long_table(assessment: Assessment, lang: str = DEFAULT) -> pd.DataFrame:
    """Every score (total, pillars, criteria) of every unit and year, long, with names and explanations."""
    cat = assessment.catalogue
    s = assessment.scores
    level_words = {level: t(f"scores.level.{level}", lang) for level in ("total", "pillar", "criterion")}
    names = {
        **{p.code: p.name(lang) for p in cat.pillars},
        **{c: v.name(lang) for c, v in cat.criteria.items()},
    }
    is_total = (s["level"] == "total").to_numpy()
    return pd.DataFrame(
        {
            _h("year", lang): s["year"].to_numpy(),
            _h("district", lang): s["district"].astype(str).to_numpy(),
            _h("level", lang): s["level"].astype(str).map(level_words).to_numpy(),
            _h("code", lang): np.where(is_total, "", s["code"].astype(str)),
            _h("name", lang): np.where(is_total, label("total", lang), s["code"].astype(str).map(names).fillna("")),
            _h("points", lang): s["points"].round(6).to_numpy(),
            _h("max_points", lang): s["max_points"].to_numpy(),
            _h("index", lang): (s["index"] * 100).round(4).to_numpy(),  # the header says %
            _h("status", lang): _status(s["status"], lang),
            _h("explanation", lang): s[f"explanation_{lang}"].to_numpy() if f"explanation_{lang}" in s else "",
        }
    )


def about_sheet(assessment: Assessment, lang: str = DEFAULT) -> Sheet:
    """How these scores were built: the framework, each scoring choice in words (what it means and the
    criteria it touches), the Min-Max bounds, the inputs' fingerprint and the dxkit version."""
    b = assessment.build
    choices = assessment.assumptions(lang)
    rows = [
        (t("scores.about.framework", lang), f"{assessment.catalogue.name(lang)} ({b.framework_id})"),
        *(
            (str(r.label), f"{r.meaning} ({r.criteria})" if r.criteria else str(r.meaning))
            for r in choices.itertuples()
        ),
        (t("scores.about.inputs", lang), b.inputs_fingerprint),
        (t("scores.about.version", lang), b.version),
    ]
    out = pd.DataFrame(rows, columns=[_h("item", lang), _h("value", lang)])
    return Sheet(t("scores.sheet.about", lang), out, {}, wide=(_h("value", lang),))


def appraisal_sheets(assessment: Assessment, lang: str = DEFAULT) -> list[Sheet]:
    """The appraisal, when some value was appraised and scored (none otherwise, nor for scores of the
    self stage only): the units by the change of their total, the criteria that moved in each unit with
    the corrected inputs and reasons, every value corrected (where it was read, in words: 'dòng 2')."""
    if not appraisals.has_appraisal(assessment):
        return []
    fixed = appraisals.corrections(assessment, lang)
    years = sorted(set(fixed["year"]), reverse=True)
    if not years:  # every appraised value confirmed the unit's own
        return []
    units = pd.concat([appraisals.units_by_change(assessment, y) for y in years], ignore_index=True)
    # the criteria moved in each of these units, in their order (an inner merge keeps the left keys' order)
    moved = units[["district", "year"]].merge(appraisals.appraisals(assessment, lang=lang), on=["district", "year"])
    points = {_h(k, lang): POINTS for k in ("self_total", "appraised_total", "self_points", "appraised_points")}
    change = {_h("delta", lang): GAIN}
    by_unit = pd.DataFrame(
        {
            _h("year", lang): units["year"].to_numpy(),
            _h("district", lang): units["district"].to_numpy(),
            _h("self_total", lang): units["self_total"].to_numpy(),
            _h("appraised_total", lang): units["appraised_total"].to_numpy(),
            _h("delta", lang): units["delta"].to_numpy(),
            _h("self_rank", lang): units["self_rank"].to_numpy(),
            _h("appraised_rank", lang): units["appraised_rank"].to_numpy(),
            _h("values_corrected", lang): units["values"].to_numpy(),
            _h("criteria_moved", lang): units["criteria"].to_numpy(),
        }
    )
    by_criterion = pd.DataFrame(
        {
            _h("year", lang): moved["year"].to_numpy(),
            _h("district", lang): moved["district"].to_numpy(),
            _h("code", lang): moved["code"].to_numpy(),
            _h("criterion", lang): moved["criterion"].to_numpy(),
            _h("self_points", lang): moved["self_points"].to_numpy(),
            _h("appraised_points", lang): moved["appraised_points"].to_numpy(),
            _h("delta", lang): moved["delta"].to_numpy(),
            _h("changes", lang): [c or t("scores.moved_by_peers", lang) for c in moved["changes"]],
            _h("reason", lang): moved["reason"].to_numpy(),
            _h("department", lang): moved["department"].to_numpy(),
        }
    )
    values = pd.DataFrame(
        {
            _h("year", lang): fixed["year"].to_numpy(),
            _h("district", lang): fixed["district"].to_numpy(),
            _h("variable", lang): fixed["variable"].to_numpy(),
            _h("criteria", lang): [", ".join(c) for c in fixed["codes"]],
            _h("department", lang): fixed["department"].to_numpy(),
            _h("self_value", lang): fixed["self_value"].to_numpy(),
            _h("appraised_value", lang): fixed["appraised_value"].to_numpy(),
            _h("reason", lang): fixed["reason"].to_numpy(),
            _h("source", lang): [
                Place(f, sh, c).text(lang) for f, sh, c in fixed[["file", "sheet", "cell"]].to_numpy()
            ],
        }
    )
    whole = {_h("year", lang): WHOLE}
    return [
        Sheet(t("scores.sheet.appraisal_units", lang), by_unit, {**whole, **points, **change}),
        Sheet(
            t("scores.sheet.appraisal_criteria", lang),
            by_criterion,
            {**whole, **points, **change},
            wide=(_h("criterion", lang), _h("changes", lang), _h("reason", lang)),
        ),
        Sheet(t("scores.sheet.appraisal_values", lang), values, whole, wide=(_h("reason", lang),)),
    ]


def score_sheets(assessment: Assessment, lang: str = DEFAULT) -> list[Sheet]:
    """The workbook's sheets: ranking, criteria, explanations, the appraisal (when there is one), how it
    was built. The scores are those of the assessment's stage (the appraised one where there is one)."""
    explain = explanations_table(assessment, lang)
    return [
        ranking_sheet(assessment, lang),
        criteria_sheet(assessment, lang),
        Sheet(
            t("scores.sheet.explanations", lang),
            explain,
            {_h("year", lang): WHOLE, _h("points", lang): POINTS, _h("max_points", lang): POINTS},
            wide=(_h("criterion", lang), _h("inputs", lang), _h("explanation", lang)),
        ),
        *appraisal_sheets(assessment, lang),
        about_sheet(assessment, lang),
    ]


def check_format(path: str | Path) -> str:
    """The format `path`'s extension names ('.xlsx', '.csv', '.parquet'); any other is refused."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        said = Message("scores.suffix", suffix=suffix) if suffix else Message("scores.no_suffix")
        raise OutputError(Message("scores.unknown_format", path=path, format=said, known=", ".join(FORMATS)))
    return suffix


def write_scores(assessment: Assessment, path: str | Path, lang: str = DEFAULT) -> Path:
    """The scores for people, in the format `path`'s extension names: the workbook (`.xlsx`) or the long
    table with names and explanations in `lang` (`.csv`, `.parquet`)."""
    if check_format(path) == ".xlsx":
        return write_workbook(score_sheets(assessment, lang), path)
    return write_table(long_table(assessment, lang), path)


def write_table(table: pd.DataFrame, path: str | Path) -> Path:
    """One table in the format `path`'s extension names (`.xlsx`: one sheet), whole or not at all, inert."""
    suffix = check_format(path)
    if suffix == ".xlsx":
        return write_workbook([Sheet(Path(path).stem[:31] or "dxkit", table, {})], path)
    if suffix == ".parquet":
        return write_atomic(path, inert.frame(table).to_parquet(index=False))
    return write_csv(table, path)


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """A table as UTF-8 CSV with a BOM (Excel on Windows reads the diacritics right), whole or not at all."""
    return write_atomic(path, "\ufeff" + inert.frame(table).to_csv(index=False))


def write_workbook(sheets: list[Sheet], path: str | Path) -> Path:
    """Sheets as a real workbook: bold frozen header, filters, number formats, widths; inert text.

    openpyxl (write-only) writes each sheet's frame — header, widths, styles, frozen row, filter, print
    setup — and the rows are streamed into it as XML built a column at a time, in chunks: the time and
    memory stay those of the tables themselves, not of a Python object per cell."""
    wb = Workbook(write_only=True)
    frames = []
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        ws.row_dimensions[1].height = _header_height(sheet)
        columns = _columns(sheet)
        for j, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(j)].width = column.width
        _set_up_page(ws, sheet)
        ws.append([_header_cell(ws, name) for name in sheet.table.columns])
        frames.append((ws, [_style_id(ws, c) for c in columns]))
    frame = io.BytesIO()
    wb.save(frame)
    out = io.BytesIO()
    with zipfile.ZipFile(frame) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        rows = {ws.path[1:]: (sheet, styles) for sheet, (ws, styles) in zip(sheets, frames, strict=True)}
        for item in zin.infolist():
            if item.filename in rows:
                with zout.open(item.filename, "w") as part:
                    _stream_rows(part, zin.read(item), *rows[item.filename])
            else:
                zout.writestr(item, zin.read(item))
    return write_atomic(path, out.getvalue())


def fill_sheet(ws: Worksheet, sheet: Sheet) -> None:
    """`sheet` into worksheet `ws` cell by cell (for a small sheet its caller styles further): header,
    values (text inert), formats, widths, print setup — as `write_workbook` writes its sheets."""
    table = sheet.table
    ws.append([str(c) for c in table.columns])
    for record in table.itertuples(index=False):
        ws.append([_value(v) for v in record])
    for cell in ws[1]:
        _style_header(cell)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text whatever it starts with: '=…' is never a formula
    for j, column in enumerate(_columns(sheet), start=1):
        ws.column_dimensions[get_column_letter(j)].width = column.width
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            if column.number_format:
                cell.number_format = column.number_format
            if column.alignment:
                cell.alignment = column.alignment
    for i, height in enumerate(_row_heights(sheet, 0, len(table)), start=2):
        ws.row_dimensions[i].height = height
    ws.row_dimensions[1].height = _header_height(sheet)
    _set_up_page(ws, sheet)


@dataclass(frozen=True)
class _Column:
    """How a column of values is written: its number format, alignment and width."""

    number_format: str | None
    alignment: Alignment | None
    width: float


def _columns(sheet: Sheet) -> list[_Column]:
    """Each column's format (by header), alignment (long text wrapped; rows set high: at the top) and
    width: long text 60, numbers 10 or their header's, text its longest of the first 500 (≤ 40); or
    the width set by hand."""
    out = []
    for j, name in enumerate(sheet.table.columns):
        fmt = sheet.formats.get(name)
        wrap = name in sheet.wide
        if wrap:
            width: float = 60
        else:
            shown = [] if fmt else [len(str(v)) + 2 for v in sheet.table[name].head(500)]  # numbers: ≤ 10 wide
            width = min(max([len(str(name)) // 2 + 2, 10 if fmt else 8, *shown]), 40)
        if j < len(sheet.widths):
            width = sheet.widths[j]
        align = Alignment(wrap_text=True, vertical="top") if wrap else None
        if sheet.widths and not wrap:
            align = Alignment(vertical="top")
        out.append(_Column(fmt or None, align, width))
    return out


def _row_heights(sheet: Sheet, start: int, stop: int) -> list[float]:
    """Heights of rows `start`…`stop` (0-based) when the widths are set by hand (not every office suite
    measures wrapped text): a line per wrapped line of the row's tallest cell; none when not set."""
    if not sheet.widths:
        return []
    rows = sheet.table.iloc[start:stop].itertuples(index=False)
    return [LINE_HEIGHT * max(wrapped_lines(_value(v), w) for v, w in zip(row, sheet.widths)) for row in rows]


def _header_height(sheet: Sheet) -> float:
    """The header row as high as its longest wrapped header (not every office suite measures)."""
    widths = [c.width for c in _columns(sheet)]
    return 15 * max([1, *(math.ceil(len(str(n)) / max(w - 1, 1)) for n, w in zip(sheet.table.columns, widths))])


def _style_header(cell: Cell | WriteOnlyCell) -> None:
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDE6F0")
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header_cell(ws: WriteOnlyWorksheet, name: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, str(name))
    cell.data_type = "s"  # a header is text whatever it starts with
    _style_header(cell)
    return cell


def _style_id(ws: WriteOnlyWorksheet, column: _Column) -> int:
    """The workbook's style index of `column`'s values (0: none), registered for styles.xml."""
    cell = WriteOnlyCell(ws)
    if column.number_format:
        cell.number_format = column.number_format
    if column.alignment:
        cell.alignment = column.alignment
    return cell.style_id if cell.has_style else 0


def _set_up_page(ws: Worksheet | WriteOnlyWorksheet, sheet: Sheet) -> None:
    """Frozen header and filters; printed A4 landscape, header on every page, a table of up to
    PRINT_FIT_COLUMNS columns fitted to the page width."""
    n = len(sheet.table.columns)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    if n <= PRINT_FIT_COLUMNS:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    if n:
        ws.auto_filter.ref = f"A1:{get_column_letter(n)}{len(sheet.table) + 1}"


CHUNK = 20_000  # rows built and compressed at a time: memory stays flat however long the sheet


def _stream_rows(part: IO[bytes], frame: bytes, sheet: Sheet, styles: list[int]) -> None:
    """The sheet's XML `frame` (openpyxl's, header row only) with its dimension and every row of values."""
    head, tail = frame.split(b"</sheetData>")
    n, width = len(sheet.table), len(sheet.table.columns)
    if width:
        dimension = f'<dimension ref="A1:{get_column_letter(width)}{n + 1}"/>'.encode()
        head = head.replace(b"<sheetViews", dimension + b"<sheetViews", 1)
    part.write(head)
    letters = [get_column_letter(j) for j in range(1, width + 1)]
    for start in range(0, n, CHUNK):
        stop = min(start + CHUNK, n)
        numbers = [str(r) for r in range(start + 2, stop + 2)]
        cells = [
            _cells(sheet.table.iloc[start:stop, j], letter, style, numbers)
            for j, (letter, style) in enumerate(zip(letters, styles, strict=True))
        ]
        heights = _row_heights(sheet, start, stop)
        opens = (
            [f'<row r="{r}" ht="{h:.16g}" customHeight="1">' for r, h in zip(numbers, heights, strict=True)]
            if heights
            else [f'<row r="{r}">' for r in numbers]
        )
        part.write("".join([o + "".join(row) + "</row>" for o, *row in zip(opens, *cells)]).encode())
    part.write(b"</sheetData>" + tail)


def _cells(values: pd.Series, letter: str, style: int, rows: list[str]) -> list[str]:
    """One column's cells as XML, row by row: numbers as numbers, text as inline strings (never a
    formula: '=…' stays text), empty values empty (only their style written, when they have one)."""
    s = f' s="{style}"' if style else ""
    blank = f'<c r="{letter}{{}}"{s}/>' if style else ""
    kind = values.dtype.kind if isinstance(values.dtype, np.dtype) else "O"  # numpy's: no NA to meet
    if kind == "b":
        return [f'<c r="{letter}{r}"{s} t="b"><v>{int(v)}</v></c>' for r, v in zip(rows, values.tolist())]
    if kind in "iuf":
        return [
            f'<c r="{letter}{r}"{s}><v>{v:.16g}</v></c>' if math.isfinite(v) else blank.format(r)
            for r, v in zip(rows, values.tolist())
        ]
    return [_cell(v, f'<c r="{letter}{r}"{s}', blank.format(r)) for r, v in zip(rows, values.tolist())]


def _cell(v: object, start: str, blank: str) -> str:
    """One cell of a column of mixed values (text, numbers, yes/no, empty) as XML after `start`."""
    v = _value(v)
    if v == "":
        return f'{start} t="inlineStr"/>'
    if isinstance(v, str):
        if ILLEGAL_CHARACTERS_RE.search(v):
            raise IllegalCharacterError(f"{v} cannot be used in worksheets.")
        text = v[:32767].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'{start} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if isinstance(v, bool):
        return f'{start} t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float) and math.isfinite(v):
        return f"{start}><v>{v:.16g}</v></c>"
    if v is None or isinstance(v, float):
        return blank
    raise TypeError(f"cannot write {v!r} ({type(v).__name__}) in a worksheet")


def _value(v: object) -> object:
    """A cell value: NaN/NA → empty, numpy scalars → Python (text is made inert by its cell type)."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    return v


def _inputs_text(assessment: Assessment, crit: pd.DataFrame, lang: str) -> list[str]:
    """Each criterion row's inputs as the engine read them: 'a = 588; b = 1.000'."""
    cat, values = assessment.catalogue, assessment.prepared.values
    index = {key: i for i, key in enumerate(values.index)}
    matrix = {v: values[v].to_numpy() for v in values.columns}
    out = []
    for district, year, code in zip(crit["district"].astype(str), crit["year"], crit["code"].astype(str)):
        row = index.get((district, year))
        names = cat.resolved(code, assessment.options).variables
        parts = []
        for name in names:
            x = matrix[name][row] if row is not None and name in matrix else np.nan
            parts.append(f"{name} = {_shown(cat.variables[name], x, lang)}")
        out.append("; ".join(parts))
    return out


def _shown(var: Variable, x: float, lang: str) -> str:
    if np.isnan(x):
        return "—"
    if var.type == "choice":
        return var.choices[int(x)].label(lang)
    if var.type == "bool":
        return t("core.yes" if x else "core.no", lang)
    return fmt.number(x, lang, 6)

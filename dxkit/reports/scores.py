"""Scores to take away: the ranking, every criterion and every explanation as a workbook or a table.

`score_tables` builds the tables in the reader's language (one place for headers and words);
`write_scores` writes them in the format the file's extension names — `.xlsx` (a real workbook: frozen
headers, filters, number formats, widths), `.csv` (the long table, UTF-8 with a BOM so spreadsheet
programs on Windows read "Chư Prông" right) or `.parquet` — and refuses any other. Text a spreadsheet
would run as a formula is neutralised in every format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
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
from dxkit.intake.xlsx import save_workbook
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
    return [Status(s).label(lang) for s in values]


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
    moved = pd.concat(
        [
            appraisals.unit_appraisal(assessment, d, y, lang).assign(district=d, year=y)
            for d, y in units[["district", "year"]].itertuples(index=False)
        ],
        ignore_index=True,
    )
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
    """Sheets as a real workbook: bold frozen header, filters, number formats, widths; inert text."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        fill_sheet(wb.create_sheet(sheet.title[:31]), sheet)
    return save_workbook(wb, path)


def fill_sheet(ws: Worksheet, sheet: Sheet) -> None:
    """`sheet` into worksheet `ws`: header, values (text inert), formats, widths, print setup."""
    table = sheet.table
    ws.append([str(c) for c in table.columns])
    for record in table.itertuples(index=False):
        ws.append([_value(v) for v in record])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text whatever it starts with: '=…' is never a formula
    for j, name in enumerate(table.columns, start=1):
        letter = get_column_letter(j)
        fmt = sheet.formats.get(name)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = fmt
        if name in sheet.wide:
            width = 60
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        else:
            shown = [] if fmt else [len(str(v)) + 2 for v in table[name].head(500)]  # numbers: ≤ 10 wide
            width = min(max([len(str(name)) // 2 + 2, 10 if fmt else 8, *shown]), 40)
        ws.column_dimensions[letter].width = width
    for j, given in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = given
    for row in ws.iter_rows(min_row=2) if sheet.widths else ():  # heights set: not every office suite measures
        ws.row_dimensions[row[0].row].height = LINE_HEIGHT * max(
            wrapped_lines(cell.value, width) for cell, width in zip(row, sheet.widths)
        )
        for cell in row:
            cell.alignment = Alignment(wrap_text=cell.alignment.wrap_text, vertical="top")
    widths = [ws.column_dimensions[get_column_letter(j)].width or 8 for j in range(1, len(table.columns) + 1)]
    lines = max([1, *(math.ceil(len(str(n)) / max(w - 1, 1)) for n, w in zip(table.columns, widths))])
    ws.row_dimensions[1].height = 15 * lines  # wrapped headers are not measured by every office suite
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # printed: A4 landscape, header on every page, and a table of up to
    ws.page_setup.orientation = "landscape"  # PRINT_FIT_COLUMNS columns fitted to the page width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if len(table.columns) <= PRINT_FIT_COLUMNS:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    if len(table.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table) + 1}"


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

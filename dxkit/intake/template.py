"""`dxkit template`: the Excel workbook each department fills in, built from the catalogue.

One workbook per district and year: a cover with instructions, "Thông tin chung" (Part I) and one
sheet per responsible department with the variables it owns. Input cells are yellow and unlocked,
everything else is protected; booleans and choices have dropdowns, numbers are checked by Excel
(whole / non-negative). Beside each value and its evidence, two blue unlocked columns are for the
province's reviewer (appraisal, *thẩm định*): the value accepted and the reason for the correction
(a Text cell, so what is typed stays text); the reader takes them as the value's appraised stage
and refuses a formula in either. Hidden keys (see `layout`) let the reader ignore the labels, so a workbook
in any language (`lang`, Vietnamese by default; words in `locales/<lang>/intake.yaml`) reads back alike.
The workbook has no formula cell: every text (district, department, catalogue texts) is a string
cell, even one starting with `=`, so it shows as written and reads back unchanged.

Every sheet prints on A4 landscape, all its columns on the width of a page, its header row repeated
on every page, a page header naming the district, the year and the department, and "Trang 2 / 12" at
the foot. Part I and each department's sheet end with a signature block (the officer who prepared
the figures, the leader who approves them, with the contact fields Part I names); it has nothing in
the hidden first column, so the reader never takes it for data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import zip_longest
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from dxkit import __version__
from dxkit.core.catalogue import Catalogue, Criterion, GeneralField, Variable
from dxkit.core.values import clean_text
from dxkit.core.vocab import DEFAULT, t
from dxkit.intake import layout
from dxkit.intake.layout import LINE_HEIGHT, wrapped_lines
from dxkit.intake.workbook import APPRAISED_KEY, REASON_KEY
from dxkit.intake.xlsx import save_workbook

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
REVIEW_FILL = PatternFill("solid", fgColor="DDEBF7")  # the province reviewer's cells
TEXT_FORMAT = "@"  # Excel's Text format: a cell typed in keeps what was typed
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE_ROW, NOTE_ROW, KEY_ROW, HEADER_ROW = 1, 2, 3, 4
FONT = "Calibri"  # openpyxl's default font of a workbook
# Printing: A4 landscape, narrow margins (inches), header and footer in 9 pt.
MARGINS = dict(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
HEADER_SIZE = 9
HEADER_FIELD_MAX = 100  # a page header holds at most 255 characters: longer free texts are cut
SIGNATURE_GAP = 2  # rows between the last row of a sheet and its signature block
SIGNATURE_HEIGHT = 60.0  # the blank row a person signs in
CONTACT_GROUP = "contact"  # framework schema: `group: contact` marks Part I's contact fields
_DASH = re.compile(r"\s[–—-]\s")  # "Chuyên viên cung cấp số liệu – Họ tên": role – field


@dataclass(frozen=True)
class Column:
    """A column of a data sheet: its machine key, header (`intake.template.column.<header>`, none if
    empty), width, whether it is filled in, and by the province's reviewer."""

    key: str
    header: str
    width: float
    input: bool = False
    review: bool = False

    def title(self, lang: str) -> str:
        return t(f"intake.template.column.{self.header}", lang) if self.header else ""


GENERAL_COLUMNS = (
    Column(layout.VARIABLE_KEY, "", 10),  # hidden: the variable id of each row
    Column("code", "general.code", 15),
    Column("name", "general.name", 58),
    Column("unit", "general.unit", 16),
    Column(layout.VALUE_KEY, "general.value", 28, input=True),
    Column(layout.EVIDENCE_KEY, "general.evidence", 30, input=True),
    Column(APPRAISED_KEY, "general.appraised", 20, input=True, review=True),
    Column(REASON_KEY, "general.reason", 26, input=True, review=True),
    Column("department", "general.department", 30),
)
CRITERIA_COLUMNS = (
    Column(layout.VARIABLE_KEY, "", 10),  # hidden: the variable id of each row
    Column("code", "criteria.code", 10),
    Column("criterion", "criteria.criterion", 36),
    Column("label", "criteria.label", 48),
    Column("unit", "criteria.unit", 14),
    Column(layout.VALUE_KEY, "criteria.value", 22, input=True),
    Column(layout.EVIDENCE_KEY, "criteria.evidence", 32, input=True),
    Column(APPRAISED_KEY, "criteria.appraised", 20, input=True, review=True),
    Column(REASON_KEY, "criteria.reason", 26, input=True, review=True),
    Column("evidence_required", "criteria.evidence_required", 26),
    Column("partners", "criteria.partners", 30),
    Column("method", "criteria.method", 60),
)
# Per criterion, these columns are written once and merged over the criterion's rows.
MERGED_KEYS = ("criterion", "evidence_required", "partners", "method")

# The cover's instructions, in this order (`intake.template.instruction.<name>`).
INSTRUCTIONS = ("sheets", "yellow", "dropdowns", "numbers", "blank", "evidence", "part_i", "appraisal", "structure")


def _font(bold: bool = False, italic: bool = False, size: float = 11, color: str | None = None) -> Font:
    """The font of every text the template writes: the workbook's own (Calibri), so titles print alike."""
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=color)


def _t(key: str, lang: str, /, **fields: object) -> str:
    """A text of the template (`intake.template.<key>`) in `lang`."""
    return t(f"intake.template.{key}", lang, **fields)


def owned_criteria(catalogue: Catalogue) -> dict[str, list[Criterion]]:
    """Department id → the criteria it fills in (those it is first responsible for), in catalogue order."""
    owned: dict[str, list[Criterion]] = {}
    for crit in catalogue.criteria.values():
        owned.setdefault(crit.responsible[0], []).append(crit)
    return {d: owned[d] for d in catalogue.departments if d in owned}


def template_departments(catalogue: Catalogue) -> list[str]:
    """Ids of the departments that fill something in (criteria or Part I), in catalogue order."""
    suppliers = {g.department for g in catalogue.general} | set(owned_criteria(catalogue))
    return [d for d in catalogue.departments if d in suppliers]


class _Lists:
    """The hidden sheet holding the dropdown lists; each distinct list is one column."""

    def __init__(self, wb: Workbook, lang: str):
        self.ws = wb.create_sheet(layout.sheet_name("lists", lang))
        self.ws.sheet_state = "hidden"
        self.ws.protection.sheet = True
        self.columns: dict[tuple[str, ...], str] = {}

    def formula(self, labels: tuple[str, ...]) -> str:
        if labels not in self.columns:
            col = get_column_letter(len(self.columns) + 1)
            for i, label in enumerate(labels, start=1):
                self.ws[f"{col}{i}"] = label
            self.columns[labels] = f"={quote_sheetname(self.ws.title)}!${col}$1:${col}${len(labels)}"
        return self.columns[labels]


class _Validations:
    """Excel data validation of one sheet's input cells, one rule per kind of value."""

    def __init__(self, ws: Worksheet, lists: _Lists, lang: str):
        self.ws, self.lists, self.lang = ws, lists, lang
        self.rules: dict[str | tuple[str, ...], DataValidation] = {}

    def _rule(self, key: str | tuple[str, ...]) -> DataValidation:
        if key not in self.rules:
            if isinstance(key, tuple):
                dv = DataValidation(
                    type="list",
                    formula1=self.lists.formula(key),
                    allow_blank=True,
                    error=_t("check.choose", self.lang),
                    prompt=_t("check.choose_prompt", self.lang),
                )
            elif key == "count":
                dv = DataValidation(
                    type="whole",
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    error=_t("check.count", self.lang),
                )
            else:
                dv = DataValidation(
                    type="decimal",
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    error=_t("check.amount", self.lang),
                )
            dv.errorTitle, dv.showErrorMessage, dv.showInputMessage = _t("check.title", self.lang), True, True
            self.ws.add_data_validation(dv)
            self.rules[key] = dv
        return self.rules[key]

    def add(self, cell: str, kind: str, choices: tuple[str, ...] = ()) -> None:
        """Validate `cell` for a value of type `kind` (count, amount, bool, choice; text is free)."""
        if kind == "bool":
            self._rule(layout.yes_no(self.lang)).add(cell)
        elif kind == "choice":
            self._rule(choices).add(cell)
        elif kind in ("count", "amount"):
            self._rule(kind).add(cell)


def _start_sheet(ws: Worksheet, title: str, note: str, columns: tuple[Column, ...], lang: str) -> None:
    ws.cell(TITLE_ROW, 2, title).font = _font(bold=True, size=13)
    ws.cell(NOTE_ROW, 2, note).font = _font(italic=True, color="7F7F7F")
    for j, col in enumerate(columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        ws.cell(KEY_ROW, j, col.key)
        head = ws.cell(HEADER_ROW, j, col.title(lang))
        head.font, head.fill, head.border = _font(bold=True), HEADER_FILL, BORDER
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.row_dimensions[HEADER_ROW].height = (
        max(wrapped_lines(c.title(lang), c.width * 0.8) for c in columns) * LINE_HEIGHT
    )
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False


def _header_field(text: object) -> str:
    """A free text for a page header: cut short, `&` doubled (a single `&` starts an Excel code)."""
    return str(text)[:HEADER_FIELD_MAX].replace("&", "&&")


def _print_setup(
    ws: Worksheet, district: str, year: int, part: str, lang: str, repeat: str | None = None, pages: int = 0
) -> None:
    """A4 landscape, every column on the width of a page (and on `pages` pages tall, 0: as many as
    needed), the used range as print area, `repeat` rows ("4:4") on top of every page; page header
    "district — year — part", footer "page / pages"."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, pages
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(**MARGINS)
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    if repeat:
        ws.print_title_rows = repeat
    header = _t("print.header", lang, district=_header_field(district), year=year, part=_header_field(part))
    ws.oddHeader.center.text, ws.oddHeader.center.size = header, HEADER_SIZE
    ws.oddFooter.center.text, ws.oddFooter.center.size = _t("print.footer", lang), HEADER_SIZE


def _contact_roles(catalogue: Catalogue, lang: str) -> list[list[str]]:
    """Part I's contact fields (`group: contact`) by the item they belong to, in framework order (the
    officer who provides the data, then the approving leader): the labels of their fields, a name's
    part after its dash ("Chuyên viên cung cấp số liệu – Họ tên" → "Họ tên")."""
    fields = [g for g in catalogue.general if g.group == CONTACT_GROUP]
    codes = [g.code for g in fields]
    roles: dict[str, list[str]] = {}
    for g in fields:
        if any(c.startswith(g.code + ".") for c in codes):
            continue  # a heading such as "Thông tin liên hệ"
        roles.setdefault(g.code.rpartition(".")[0], []).append(_DASH.split(g.name.text(lang))[-1].strip())
    return list(roles.values())


def _signature(ws: Worksheet, row: int, width: int, district: str, roles: list[list[str]], lang: str) -> None:
    """The signature block from `row` on, over columns 2..`width`: who prepared the sheet (left) and the
    leader who approves it (right), each with the contact fields of its role.
    Column A stays empty: the reader takes only rows with a variable id there for data."""
    half = (width - 1) // 2
    spans = ((2, 1 + half), (width - half + 1, width))
    preparer, approver = (roles[i] if len(roles) > i else [] for i in (0, 1))
    labels = [fields or [_t("signature.name", lang)] for fields in (preparer, approver)]

    def put(r: int, span: tuple[int, int], text: str, font: Font, horizontal: str = "center") -> None:
        cell = ws.cell(r, span[0], text)
        cell.font, cell.alignment = font, Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if span[1] > span[0]:
            ws.merge_cells(start_row=r, end_row=r, start_column=span[0], end_column=span[1])

    put(row, spans[1], _t("signature.place_date", lang, district=district), _font(italic=True))
    for span, role in zip(spans, ("preparer", "approver")):
        put(row + 1, span, _t(f"signature.{role}", lang), _font(bold=True))
        put(row + 2, span, _t(f"signature.{role}_hint", lang), _font(italic=True))
    ws.row_dimensions[row + 3].height = SIGNATURE_HEIGHT
    r = row + 3
    for left, right in zip_longest(*labels):
        r += 1
        for span, label in zip(spans, (left, right)):
            if label:
                put(r, span, _t("signature.line", lang, label=label), _font(), horizontal="left")


def _section(ws: Worksheet, row: int, text: str, width: int) -> None:
    """A grey heading row, framed (no inner borders, so its text runs across the row when printed)."""
    ws.cell(row, 2, text).font = _font(bold=True)
    for j in range(2, width + 1):
        cell = ws.cell(row, j)
        cell.fill = SECTION_FILL
        cell.border = Border(top=THIN, bottom=THIN, left=THIN if j == 2 else None, right=THIN if j == width else None)


def _write_row(
    ws: Worksheet,
    row: int,
    columns: tuple[Column, ...],
    values: Mapping[str, object],
    validations: _Validations,
    kind: str,
    choices: tuple[str, ...] = (),
) -> None:
    """One data row: labels locked, input cells unlocked, yellow (blue: the reviewer's), values validated."""
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row, j, values.get(col.key))
        cell.border, cell.alignment = BORDER, WRAP
        if col.input:
            cell.fill, cell.protection = REVIEW_FILL if col.review else INPUT_FILL, Protection(locked=False)
            if col.key in (layout.VALUE_KEY, APPRAISED_KEY):
                validations.add(cell.coordinate, kind, choices)
            elif col.key == REASON_KEY:
                cell.number_format = TEXT_FORMAT  # what the reviewer types stays text, '=…' included


def _height(values: Mapping[str, object], columns: tuple[Column, ...], skip: tuple[str, ...] = ()) -> float:
    """Row height that shows the wrapped texts of `values` (the hidden key column and `skip` ignored)."""
    ignored = (layout.VARIABLE_KEY, *skip)
    return max(wrapped_lines(values.get(c.key), c.width) for c in columns if c.key not in ignored) * LINE_HEIGHT


def _write_general(
    ws: Worksheet,
    catalogue: Catalogue,
    fields: list[GeneralField],
    district: str,
    year: int,
    lists: _Lists,
    lang: str,
) -> int:
    """Part I rows (a field with sub-fields, such as I.20, is a heading) and the signature block;
    returns the number of inputs."""
    _start_sheet(ws, _t("general.title", lang), _t("general.note", lang), GENERAL_COLUMNS, lang)
    validations = _Validations(ws, lists, lang)
    parents = {g.code for g in catalogue.general for h in catalogue.general if h.code.startswith(g.code + ".")}
    row, inputs = HEADER_ROW + 1, 0
    for g in fields:
        values = {
            "code": g.code,
            "name": g.name.text(lang),
            "unit": g.unit.text(lang) if g.unit else "",
            "department": (
                catalogue.department_name(g.department, lang)
                if g.department
                else _t("general.district_committee", lang, unit=catalogue.unit_noun(lang))
            ),
        }
        if g.code in parents:
            _section(ws, row, f"{g.code}. {g.name.text(lang)}", len(GENERAL_COLUMNS))
        else:
            _write_row(ws, row, GENERAL_COLUMNS, {**values, layout.VARIABLE_KEY: g.code}, validations, g.type)
            ws.row_dimensions[row].height = _height(values, GENERAL_COLUMNS)
            inputs += 1
        row += 1
    _signature(ws, row - 1 + SIGNATURE_GAP, len(GENERAL_COLUMNS), district, _contact_roles(catalogue, lang), lang)
    _print_setup(ws, district, year, _t("print.general", lang), lang, f"{HEADER_ROW}:{HEADER_ROW}")
    return inputs


def _partners(catalogue: Catalogue, crit: Criterion, lang: str) -> str:
    """The other responsible departments and the coordinating units, one line each."""

    def names(departments: tuple[str, ...]) -> str:
        return "; ".join(catalogue.department_name(d, lang) for d in departments)

    lines = []
    if len(crit.responsible) > 1:
        lines.append(_t("criteria.co_responsible", lang, departments=names(crit.responsible[1:])))
    if crit.coordinating:
        lines.append(_t("criteria.coordinating", lang, departments=names(crit.coordinating)))
    return "\n".join(lines)


def _label(var: Variable, lang: str) -> str:
    """What to enter; a denominator Part I already gives says it may be left blank."""
    if not var.from_general:
        return var.label.text(lang)
    return _t("criteria.blank_from_part_i", lang, label=var.label.text(lang), fields=" + ".join(var.from_general))


def _write_criteria(
    ws: Worksheet,
    catalogue: Catalogue,
    dept_id: str,
    criteria: list[Criterion],
    district: str,
    year: int,
    lists: _Lists,
    lang: str,
) -> None:
    """A department's sheet: its criteria by pillar, one row per variable, shared texts merged; then
    the signature block."""
    name = catalogue.department_name(dept_id, lang)
    title = _t("criteria.title", lang, department=name.upper(), district=district, year=year)
    _start_sheet(ws, title, _t("criteria.note", lang), CRITERIA_COLUMNS, lang)
    validations = _Validations(ws, lists, lang)
    pillars = {p.code: p for p in catalogue.pillars}
    merged = [j for j, c in enumerate(CRITERIA_COLUMNS, start=1) if c.key in MERGED_KEYS]
    row, pillar = HEADER_ROW + 1, None
    for crit in criteria:
        if crit.pillar != pillar:
            pillar = crit.pillar
            p = pillars[pillar]
            heading = _t("criteria.pillar", lang, code=p.code, name=p.name.text(lang), points=f"{p.max_points:g}")
            _section(ws, row, heading, len(CRITERIA_COLUMNS))
            row += 1
        shared = {
            "criterion": _t("criteria.criterion", lang, name=crit.name.text(lang), points=f"{crit.max_points:g}"),
            "evidence_required": crit.evidence.text(lang),
            "partners": _partners(catalogue, crit, lang),
            "method": crit.method.text(lang),
        }
        first = row
        for var in crit.inputs:
            values = {
                layout.VARIABLE_KEY: var.id,
                "code": crit.code,
                "label": _label(var, lang),
                "unit": var.unit.text(lang),
                **(shared if row == first else {}),
            }
            choices = tuple(c.label.text(lang) for c in var.choices)
            _write_row(ws, row, CRITERIA_COLUMNS, values, validations, var.type, choices)
            ws.row_dimensions[row].height = _height(values, CRITERIA_COLUMNS, skip=MERGED_KEYS)
            row += 1
        block = sum(ws.row_dimensions[r].height for r in range(first, row))
        need = _height(shared, CRITERIA_COLUMNS)
        if need > block:
            ws.row_dimensions[row - 1].height += need - block
        if row - first > 1:
            for j in merged:
                ws.merge_cells(start_row=first, end_row=row - 1, start_column=j, end_column=j)
    _signature(ws, row - 1 + SIGNATURE_GAP, len(CRITERIA_COLUMNS), district, _contact_roles(catalogue, lang), lang)
    _print_setup(ws, district, year, name, lang, f"{HEADER_ROW}:{HEADER_ROW}")


def _write_cover(
    ws: Worksheet,
    catalogue: Catalogue,
    district: str,
    year: int,
    department: str | None,
    sheets: list[tuple[str, str, int]],
    lang: str,
) -> None:
    """District, year and framework next to their hidden keys, the instructions and the list of sheets."""
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 34, 70
    ws.column_dimensions["D"].width = 16
    ws["B1"] = _t("cover.title", lang, year=year, district=district.upper())
    ws["B1"].font = _font(bold=True, size=14)
    facts: list[tuple[str, object]] = [
        ("district", district),
        ("year", year),
        ("framework", catalogue.id),
        ("framework_version", catalogue.version),
    ]
    if department:
        facts.append(("department", catalogue.department_name(department, lang)))
    row = 3
    for key, value in facts:
        ws.cell(row, 1, layout.KEY_PREFIX + key)
        ws.cell(row, 2, _t(f"cover.{key}", lang, unit=catalogue.unit_noun(lang))).font = _font(bold=True)
        ws.cell(row, layout.COVER_VALUE_COLUMN, value).alignment = Alignment(horizontal="left")
        row += 1
    ws.cell(row, 2, _t("cover.framework_name", lang)).font = _font(bold=True)
    ws.cell(row, 3, catalogue.name.text(lang))
    if catalogue.source.text(lang):
        row += 1
        ws.cell(row, 2, _t("cover.source", lang)).font = _font(bold=True)
        ws.cell(row, 3, catalogue.source.text(lang)).alignment = WRAP
    row += 2
    ws.cell(row, 2, _t("cover.instructions", lang)).font = _font(bold=True)
    for i, name in enumerate(INSTRUCTIONS, start=1):
        text = _t(f"instruction.{name}", lang)
        row += 1
        ws.cell(row, 2, f"{i}.").alignment = WRAP
        ws.cell(row, 3, text).alignment = WRAP
        ws.row_dimensions[row].height = math.ceil(len(text) / 75) * LINE_HEIGHT
    row += 2
    for j, head in enumerate(("sheet", "filled_by", "inputs"), start=2):
        ws.cell(row, j, _t(f"cover.{head}", lang)).font = _font(bold=True)
    for line in sheets:
        row += 1
        for j, value in enumerate(line, start=2):
            ws.cell(row, j, value)
    row += 2
    ws.cell(row, 2, _t("cover.made_by", lang, version=__version__)).font = _font(italic=True, color="7F7F7F")
    ws.protection.sheet = True
    part = catalogue.department_name(department, lang) if department else ws.title
    _print_setup(ws, district, year, part, lang, pages=1)


def _as_text(wb: Workbook) -> None:
    """Every cell written as text stays text: a free text such as a district `=HYPERLINK(…)` is never a formula."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def template_workbook(
    catalogue: Catalogue, district: str, year: int, department: str | None = None, lang: str = DEFAULT
) -> Workbook:
    """The data-collection workbook for one district and year (one department's part if `department`),
    its words in `lang`."""
    if department is not None and department not in template_departments(catalogue):
        raise ValueError(f"unknown department {department!r} (known: {', '.join(template_departments(catalogue))})")
    district = clean_text(district)
    wb = Workbook()
    cover = wb.active
    cover.title = layout.sheet_name("cover", lang)
    lists = _Lists(wb, lang)
    sheets: list[tuple[str, str, int]] = []
    fields = [g for g in catalogue.general if department is None or g.department == department]
    if fields:
        ws = wb.create_sheet(layout.sheet_name("general", lang), index=len(wb.sheetnames) - 1)
        count = _write_general(ws, catalogue, fields, district, year, lists, lang)
        sheets.append((ws.title, _t("cover.general_suppliers", lang), count))
    taken = set(wb.sheetnames)
    for dept_id, criteria in owned_criteria(catalogue).items():
        if department is not None and dept_id != department:
            continue
        name = catalogue.department_name(dept_id, lang)
        ws = wb.create_sheet(layout.sheet_title(name, taken, lang), index=len(wb.sheetnames) - 1)
        taken.add(ws.title)
        _write_criteria(ws, catalogue, dept_id, criteria, district, year, lists, lang)
        sheets.append((ws.title, name, sum(len(c.inputs) for c in criteria)))
    _write_cover(cover, catalogue, district, year, department, sheets, lang)
    _as_text(wb)
    return wb


def write_template(
    path: str | Path,
    catalogue: Catalogue,
    district: str,
    year: int,
    department: str | None = None,
    stamp: datetime | None = None,
    lang: str = DEFAULT,
) -> Path:
    """Write the workbook to `path` (atomically); `stamp` fixes its timestamps for reproducible files."""
    return save_workbook(template_workbook(catalogue, district, year, department, lang), path, stamp)

"""`dxkit template`: the Excel workbook each department fills in, built from the catalogue.

One workbook per district and year: a cover with instructions, "Thông tin chung" (Part I) and one
sheet per responsible department with the variables it owns. Input cells are yellow and unlocked,
everything else is protected; booleans and choices have Vietnamese dropdowns, numbers are checked
by Excel (whole / non-negative). Hidden keys (see `layout`) let the reader ignore the labels.
The workbook has no formula cell: every text (district, department, catalogue texts) is a string
cell, even one starting with `=`, so it shows as written and reads back unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dxkit import __version__
from dxkit.core.catalogue import Catalogue, Criterion, GeneralField, Variable
from dxkit.core.values import clean_text
from dxkit.intake import layout
from dxkit.intake.xlsx import save_workbook

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TITLE_ROW, NOTE_ROW, KEY_ROW, HEADER_ROW = 1, 2, 3, 4
LINE_HEIGHT = 15.0


@dataclass(frozen=True)
class Column:
    """A column of a data sheet: its machine key, Vietnamese header, width, and whether it is filled in."""

    key: str
    header: str
    width: float
    input: bool = False


GENERAL_COLUMNS = (
    Column(layout.VARIABLE_KEY, "", 10),  # hidden: the variable id of each row
    Column("code", "Mã", 12),
    Column("name", "Nội dung", 58),
    Column("unit", "Đơn vị tính", 16),
    Column(layout.VALUE_KEY, "Giá trị", 28, input=True),
    Column(layout.EVIDENCE_KEY, "Nguồn số liệu / ghi chú", 30, input=True),
    Column("department", "Đơn vị cung cấp", 30),
)
CRITERIA_COLUMNS = (
    Column(layout.VARIABLE_KEY, "", 10),  # hidden: the variable id of each row
    Column("code", "Mã tiêu chí", 10),
    Column("criterion", "Tên tiêu chí (điểm tối đa)", 36),
    Column("label", "Nội dung cần nhập", 48),
    Column("unit", "Đơn vị tính", 14),
    Column(layout.VALUE_KEY, "Giá trị", 22, input=True),
    Column(layout.EVIDENCE_KEY, "Tài liệu kiểm chứng (số, ký hiệu văn bản / đường dẫn)", 32, input=True),
    Column("evidence_required", "Tài liệu kiểm chứng yêu cầu", 26),
    Column("partners", "Đồng phụ trách / đơn vị phối hợp", 30),
    Column("method", "Cách xác định và tính điểm", 60),
)
# Per criterion, these columns are written once and merged over the criterion's rows.
MERGED_KEYS = ("criterion", "evidence_required", "partners", "method")

INSTRUCTIONS = (
    'Mỗi phòng, ban điền vào sheet mang tên đơn vị mình; sheet "Thông tin chung" là phần I '
    '(cột "Đơn vị cung cấp" cho biết ai điền dòng nào).',
    'Chỉ nhập vào các ô nền vàng: cột "Giá trị" và cột tài liệu kiểm chứng. Các ô khác đã được khóa.',
    "Ô Có/Không và ô lựa chọn: chọn trong danh sách thả xuống.",
    "Số lượng là số nguyên không âm; kinh phí là số không âm theo đơn vị tính ghi ở từng dòng. "
    "Nhập số không có dấu phân cách hàng nghìn (125430, không viết 125.430).",
    'Chưa có số liệu thì để trống, không ghi 0 thay cho "chưa có".',
    "Cột tài liệu kiểm chứng: ghi số, ký hiệu văn bản (ví dụ 125/QĐ-UBND ngày 10/3/2024) hoặc đường dẫn.",
    'Dòng ghi "Để trống: lấy từ phần I" là mẫu số có sẵn ở sheet "Thông tin chung": '
    "để trống nếu đúng bằng số liệu phần I.",
    "Không đổi tên sheet, không chèn hoặc xóa dòng, cột. Một tiêu chí do hai phòng cùng phụ trách nằm ở "
    "sheet của phòng phụ trách thứ nhất, có ghi tên phòng còn lại.",
)


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

    def __init__(self, wb: Workbook):
        self.ws = wb.create_sheet(layout.LISTS_SHEET)
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

    def __init__(self, ws: Worksheet, lists: _Lists):
        self.ws, self.lists, self.rules = ws, lists, {}

    def _rule(self, key: str | tuple[str, ...]) -> DataValidation:
        if key not in self.rules:
            if isinstance(key, tuple):
                dv = DataValidation(
                    type="list",
                    formula1=self.lists.formula(key),
                    allow_blank=True,
                    error="Chọn một giá trị trong danh sách thả xuống.",
                    prompt="Chọn trong danh sách.",
                )
            elif key == "count":
                dv = DataValidation(
                    type="whole",
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    error="Nhập số nguyên không âm (ví dụ 125430).",
                )
            else:
                dv = DataValidation(
                    type="decimal",
                    operator="greaterThanOrEqual",
                    formula1="0",
                    allow_blank=True,
                    error="Nhập số không âm (ví dụ 12,5).",
                )
            dv.errorTitle, dv.showErrorMessage, dv.showInputMessage = "Giá trị không hợp lệ", True, True
            self.ws.add_data_validation(dv)
            self.rules[key] = dv
        return self.rules[key]

    def add(self, cell: str, kind: str, choices: tuple[str, ...] = ()) -> None:
        """Validate `cell` for a value of type `kind` (count, amount, bool, choice; text is free)."""
        if kind == "bool":
            self._rule(layout.YES_NO).add(cell)
        elif kind == "choice":
            self._rule(choices).add(cell)
        elif kind in ("count", "amount"):
            self._rule(kind).add(cell)


def _start_sheet(ws: Worksheet, title: str, note: str, columns: tuple[Column, ...]) -> None:
    ws.cell(TITLE_ROW, 2, title).font = Font(bold=True, size=13)
    ws.cell(NOTE_ROW, 2, note).font = Font(italic=True, color="7F7F7F")
    for j, col in enumerate(columns, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        ws.cell(KEY_ROW, j, col.key)
        head = ws.cell(HEADER_ROW, j, col.header)
        head.font, head.fill, head.border = Font(bold=True), HEADER_FILL, BORDER
        head.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False


def _section(ws: Worksheet, row: int, text: str, width: int) -> None:
    ws.cell(row, 2, text).font = Font(bold=True)
    for j in range(2, width + 1):
        ws.cell(row, j).fill = SECTION_FILL


def _write_row(
    ws: Worksheet,
    row: int,
    columns: tuple[Column, ...],
    values: dict[str, object],
    validations: _Validations,
    kind: str,
    choices: tuple[str, ...] = (),
) -> None:
    """One data row: labels locked, input cells yellow, unlocked and validated."""
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row, j, values.get(col.key))
        cell.border, cell.alignment = BORDER, WRAP
        if col.input:
            cell.fill, cell.protection = INPUT_FILL, Protection(locked=False)
            if col.key == layout.VALUE_KEY:
                validations.add(cell.coordinate, kind, choices)


def _lines(text: object, width: float) -> int:
    return sum(max(1, math.ceil(len(part) / (width * 1.1))) for part in str(text or "").split("\n"))


def _height(values: dict[str, object], columns: tuple[Column, ...], skip: tuple[str, ...] = ()) -> float:
    """Row height that shows the wrapped texts of `values` (the hidden key column and `skip` ignored)."""
    ignored = (layout.VARIABLE_KEY, *skip)
    return max(_lines(values.get(c.key), c.width) for c in columns if c.key not in ignored) * LINE_HEIGHT


def _write_general(ws: Worksheet, catalogue: Catalogue, fields: list[GeneralField], lists: _Lists) -> int:
    """Part I rows (a field with sub-fields, such as I.20, is a heading); returns the number of inputs."""
    _start_sheet(
        ws, "PHẦN I. THÔNG TIN CHUNG", "Nhập vào các ô nền vàng; mẫu số của nhiều tiêu chí lấy từ đây.", GENERAL_COLUMNS
    )
    validations = _Validations(ws, lists)
    parents = {g.code for g in catalogue.general for h in catalogue.general if h.code.startswith(g.code + ".")}
    row, inputs = HEADER_ROW + 1, 0
    for g in fields:
        values = {
            "code": g.code,
            "name": g.name.vi,
            "unit": g.unit.vi if g.unit else "",
            "department": catalogue.department_name(g.department) if g.department else "UBND cấp huyện",
        }
        if g.code in parents:
            _section(ws, row, f"{g.code}. {g.name.vi}", len(GENERAL_COLUMNS))
        else:
            _write_row(ws, row, GENERAL_COLUMNS, {**values, layout.VARIABLE_KEY: g.code}, validations, g.type)
            ws.row_dimensions[row].height = _height(values, GENERAL_COLUMNS)
            inputs += 1
        row += 1
    return inputs


def _partners(catalogue: Catalogue, crit: Criterion) -> str:
    """The other responsible departments and the coordinating units, one line each."""
    lines = []
    if len(crit.responsible) > 1:
        lines.append("Đồng phụ trách: " + "; ".join(catalogue.department_name(d) for d in crit.responsible[1:]))
    if crit.coordinating:
        lines.append("Phối hợp: " + "; ".join(catalogue.department_name(d) for d in crit.coordinating))
    return "\n".join(lines)


def _label(var: Variable) -> str:
    """What to enter; a denominator Part I already gives says it may be left blank."""
    if not var.from_general:
        return var.label.vi
    return f"{var.label.vi}\n(Để trống: lấy từ phần I, mục {' + '.join(var.from_general)})"


def _write_criteria(
    ws: Worksheet,
    catalogue: Catalogue,
    dept_id: str,
    criteria: list[Criterion],
    district: str,
    year: int,
    lists: _Lists,
) -> None:
    """A department's sheet: its criteria by pillar, one row per variable, shared texts merged."""
    _start_sheet(
        ws,
        f"{catalogue.department_name(dept_id).upper()} — {district} — năm {year}",
        "Nhập vào các ô nền vàng. Mỗi dòng là một số liệu; tiêu chí có nhiều số liệu chiếm nhiều dòng.",
        CRITERIA_COLUMNS,
    )
    validations = _Validations(ws, lists)
    pillars = {p.code: p for p in catalogue.pillars}
    merged = [j for j, c in enumerate(CRITERIA_COLUMNS, start=1) if c.key in MERGED_KEYS]
    row, pillar = HEADER_ROW + 1, None
    for crit in criteria:
        if crit.pillar != pillar:
            pillar = crit.pillar
            p = pillars[pillar]
            _section(ws, row, f"{p.code}. {p.name.vi} ({p.max_points:g} điểm)", len(CRITERIA_COLUMNS))
            row += 1
        shared = {
            "criterion": f"{crit.name.vi} ({crit.max_points:g} điểm)",
            "evidence_required": crit.evidence.vi,
            "partners": _partners(catalogue, crit),
            "method": crit.method.vi,
        }
        first = row
        for var in crit.inputs:
            values = {
                layout.VARIABLE_KEY: var.id,
                "code": crit.code,
                "label": _label(var),
                "unit": var.unit.vi,
                **(shared if row == first else {}),
            }
            _write_row(ws, row, CRITERIA_COLUMNS, values, validations, var.type, tuple(c.label.vi for c in var.choices))
            ws.row_dimensions[row].height = _height(values, CRITERIA_COLUMNS, skip=MERGED_KEYS)
            row += 1
        block = sum(ws.row_dimensions[r].height for r in range(first, row))
        need = _height(shared, CRITERIA_COLUMNS)
        if need > block:
            ws.row_dimensions[row - 1].height += need - block
        if row - first > 1:
            for j in merged:
                ws.merge_cells(start_row=first, end_row=row - 1, start_column=j, end_column=j)


def _write_cover(
    ws: Worksheet,
    catalogue: Catalogue,
    district: str,
    year: int,
    department: str | None,
    sheets: list[tuple[str, str, int]],
) -> None:
    """District, year and framework next to their hidden keys, the instructions and the list of sheets."""
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 34, 70
    ws["B1"] = f"BIỂU THU THẬP SỐ LIỆU — {catalogue.name.vi.upper()}"
    ws["B1"].font = Font(bold=True, size=14)
    facts = [
        ("district", "Huyện, thị xã, thành phố", district),
        ("year", "Năm đánh giá", year),
        ("framework", "Mã bộ chỉ số", catalogue.id),
        ("framework_version", "Phiên bản bộ chỉ số", catalogue.version),
    ]
    if department:
        facts.append(("department", "Phòng, ban điền biểu", catalogue.department_name(department)))
    row = 3
    for key, label, value in facts:
        ws.cell(row, 1, layout.KEY_PREFIX + key)
        ws.cell(row, 2, label).font = Font(bold=True)
        ws.cell(row, layout.COVER_VALUE_COLUMN, value)
        row += 1
    ws.cell(row, 2, "Tên bộ chỉ số").font = Font(bold=True)
    ws.cell(row, 3, catalogue.name.vi)
    if catalogue.source.vi:
        row += 1
        ws.cell(row, 2, "Căn cứ").font = Font(bold=True)
        ws.cell(row, 3, catalogue.source.vi).alignment = WRAP
    row += 2
    ws.cell(row, 2, "HƯỚNG DẪN").font = Font(bold=True)
    for i, text in enumerate(INSTRUCTIONS, start=1):
        row += 1
        ws.cell(row, 2, f"{i}.")
        ws.cell(row, 3, text).alignment = WRAP
        ws.row_dimensions[row].height = math.ceil(len(text) / 75) * LINE_HEIGHT
    row += 2
    for j, head in enumerate(("Sheet", "Đơn vị điền", "Số ô cần nhập"), start=2):
        ws.cell(row, j, head).font = Font(bold=True)
    for line in sheets:
        row += 1
        for j, value in enumerate(line, start=2):
            ws.cell(row, j, value)
    row += 2
    ws.cell(row, 2, f"Tạo bởi dxkit {__version__}.").font = Font(italic=True, color="7F7F7F")
    ws.protection.sheet = True


def _as_text(wb: Workbook) -> None:
    """Every cell written as text stays text: a free text such as a district `=HYPERLINK(…)` is never a formula."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def template_workbook(catalogue: Catalogue, district: str, year: int, department: str | None = None) -> Workbook:
    """The data-collection workbook for one district and year (one department's part if `department`)."""
    if department is not None and department not in template_departments(catalogue):
        raise ValueError(f"unknown department {department!r} (known: {', '.join(template_departments(catalogue))})")
    district = clean_text(district)
    wb = Workbook()
    cover = wb.active
    cover.title = layout.COVER_SHEET
    lists = _Lists(wb)
    sheets: list[tuple[str, str, int]] = []
    fields = [g for g in catalogue.general if department is None or g.department == department]
    if fields:
        ws = wb.create_sheet(layout.GENERAL_SHEET, index=len(wb.sheetnames) - 1)
        count = _write_general(ws, catalogue, fields, lists)
        sheets.append((ws.title, 'Các phòng, ban theo cột "Đơn vị cung cấp"', count))
    taken = set(wb.sheetnames)
    for dept_id, criteria in owned_criteria(catalogue).items():
        if department is not None and dept_id != department:
            continue
        ws = wb.create_sheet(
            layout.sheet_title(catalogue.department_name(dept_id), taken), index=len(wb.sheetnames) - 1
        )
        taken.add(ws.title)
        _write_criteria(ws, catalogue, dept_id, criteria, district, year, lists)
        sheets.append((ws.title, catalogue.department_name(dept_id), sum(len(c.inputs) for c in criteria)))
    _write_cover(cover, catalogue, district, year, department, sheets)
    _as_text(wb)
    return wb


def write_template(
    path: str | Path,
    catalogue: Catalogue,
    district: str,
    year: int,
    department: str | None = None,
    stamp: datetime | None = None,
) -> Path:
    """Write the workbook to `path` (atomically); `stamp` fixes its timestamps for reproducible files."""
    return save_workbook(template_workbook(catalogue, district, year, department), path, stamp)

"""Issue 11, item 5: the template prints — A4 landscape, every column on the width of a page, header row
on every page, a page header naming district, year and department, page numbers at the foot, and a
signature block the reader never takes for data.

The LibreOffice test needs `soffice` (Debian: libreoffice-calc-nogui); it is skipped with the reason
when `soffice` is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from dxkit import sample
from dxkit.intake import layout
from dxkit.intake.template import owned_criteria, template_workbook, write_template
from dxkit.intake.workbook import read_book

DISTRICT, YEAR = "Chư Prông", 2024
A4_LANDSCAPE = (842, 595)  # points, rounded
CONTACT_LABELS = ("Họ tên", "Đơn vị công tác", "Chức vụ", "Điện thoại liên hệ", "Email")  # I.20.1.*, I.20.2.*
PAGES_BEFORE = 14  # LibreOffice 7.4 printed the template to 14 pages before issue 11 (cover on 3 portrait pages)


@pytest.fixture(scope="module")
def wb(dti):
    return template_workbook(dti, DISTRICT, YEAR)


def _data_sheets(wb) -> list:
    return [ws for ws in wb.worksheets if ws.title not in (layout.COVER_SHEET, layout.LISTS_SHEET)]


def _last_data_row(ws) -> int:
    return max(c.row for c in ws["A"] if c.value and not str(c.value).startswith(layout.KEY_PREFIX))


def _row_of(ws, text: str) -> int:
    return next(c.row for row in ws.iter_rows() for c in row if c.value == text)


def test_every_sheet_prints_a4_landscape_one_page_wide(wb):
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        setup = ws.page_setup
        assert (str(setup.paperSize), setup.orientation, setup.fitToWidth) == (ws.PAPERSIZE_A4, "landscape", 1), (
            ws.title
        )
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToHeight == (1 if ws.title == layout.COVER_SHEET else 0), ws.title  # the cover is one page
        assert ws.print_area.endswith(f"$A$1:${openpyxl.utils.get_column_letter(ws.max_column)}${ws.max_row}")
        assert ws.page_margins.left < 0.75 and ws.print_options.horizontalCentered
    for ws in _data_sheets(wb):
        assert ws.print_title_rows == "$4:$4", ws.title  # the column headers on top of every page
        headers = [c for c in ws[4] if c.value]
        assert all(c.border.left.style == "thin" for c in headers)
        lines = 1 if ws.title == layout.GENERAL_SHEET else 2  # "Tài liệu kiểm chứng (số, ký hiệu…)" wraps
        assert ws.row_dimensions[4].height == 15 * lines, ws.title  # headers shown whole


def test_page_header_names_district_year_and_department(wb, dti):
    headers = {ws.title: ws.oddHeader.center.text for ws in wb.worksheets if ws.sheet_state != "hidden"}
    assert headers[layout.GENERAL_SHEET] == "Chư Prông — năm 2024 — Phần I. Thông tin chung"
    for dept in owned_criteria(dti):
        name = dti.department_name(dept)
        assert headers[name] == f"Chư Prông — năm 2024 — {name}"
    assert {ws.oddFooter.center.text for ws in wb.worksheets if ws.sheet_state != "hidden"} == {"Trang &P / &N"}


def test_page_header_in_english_and_a_free_text_never_an_excel_code(dti):
    book = template_workbook(dti, "Ia & Pa", 2025, department="cong_an", lang="en")
    ws = book.worksheets[1]  # cover, the police's sheet, lists
    assert ws.oddHeader.center.text == f"Ia && Pa — 2025 — {dti.department_name('cong_an', 'en')}"  # & doubled
    assert ws.oddFooter.center.text == "Page &P of &N"
    assert book.worksheets[0].oddHeader.center.text.startswith("Ia && Pa — 2025 — ")
    long = template_workbook(dti, "x" * 400, 2025, department="cong_an")
    assert all(len(ws.oddHeader.center.text) < 255 for ws in long.worksheets if ws.sheet_state != "hidden")


def test_cover_says_the_template_year(dti):
    for year in (2024, 2026):
        cover = template_workbook(dti, DISTRICT, year)[layout.COVER_SHEET]
        assert cover["B1"].value == f"BIỂU THU THẬP SỐ LIỆU NĂM {year} — CHƯ PRÔNG"
    cover = template_workbook(dti, DISTRICT, 2026, lang="en").worksheets[0]
    assert cover["B1"].value == "DATA COLLECTION FORM 2026 — CHƯ PRÔNG"


def test_signature_block_under_each_data_sheet_with_part_i_contact_fields(wb):
    for ws in _data_sheets(wb):
        last = _last_data_row(ws)
        top = _row_of(ws, "NGƯỜI LẬP BIỂU")
        assert top > last + 1 and ws.cell(top, 2).value == "NGƯỜI LẬP BIỂU", ws.title
        assert "LÃNH ĐẠO PHÊ DUYỆT" in [c.value for c in ws[top]]
        assert "(Ký, ghi rõ họ tên, đóng dấu)" in [c.value for c in ws[top + 1]]
        assert [c.value for c in ws[top - 1] if c.value] == ["Chư Prông, ngày …… tháng …… năm ……"]
        lines = [c.value for row in ws.iter_rows(min_row=top + 3) for c in row if c.value]
        # the labels of the framework's contact fields (Part I, `group: contact`), one set per role
        labels = [line.split(":")[0] for line in lines]
        assert labels == [label for label in CONTACT_LABELS for _ in ("preparer", "approver")]  # row by row
        assert all(ws.cell(r, 1).value is None for r in range(last + 1, ws.max_row + 1))  # no key: never data
        assert ws.print_area.endswith(f"${ws.max_row}")


def test_signature_block_without_contact_fields(toy):
    book = template_workbook(toy, "Xã A", 2025)
    ws = book["Phòng Văn hóa - Xã hội"]
    top = _row_of(ws, "NGƯỜI LẬP BIỂU")
    assert [c.value for row in ws.iter_rows(min_row=top + 3) for c in row if c.value] == [
        "Họ và tên: ………………………………………………",
        "Họ và tên: ………………………………………………",
    ]


def test_filled_template_with_signed_block_reads_back_the_same_values(dti, tmp_path):
    """Round trip: values typed, the signature lines written over by hand; the same values, no problem."""
    values, evidence = sample.unit(dti, 3, YEAR)
    path = write_template(tmp_path / "t.xlsx", dti, DISTRICT, YEAR)
    book = openpyxl.load_workbook(path)
    typed: dict[str, object] = {}
    for ws in _data_sheets(book):
        _, data = layout.scan_sheet(ws.iter_rows(values_only=True))
        for r, variable, _, columns in data:
            if variable in values:
                value = sample._cell(
                    values[variable],
                    {c.id: c.label.vi for c in dti.variables[variable].choices} if variable in dti.variables else {},
                )
                ws.cell(r, columns[layout.VALUE_KEY] + 1, value)
                ws.cell(r, columns[layout.EVIDENCE_KEY] + 1, evidence.get(variable))
                typed[variable] = value
        top = _row_of(ws, "NGƯỜI LẬP BIỂU")
        ws.cell(top + 3, 2, "Nguyễn Văn A")  # signed in the blank row, name typed over the dotted line
        ws.cell(top + 4, 2, "Họ tên: Nguyễn Văn A")
    book.save(path)
    df, problems = read_book(path)
    assert problems == []
    rows = {(ws.title, c.row) for ws in _data_sheets(book) for c in ws["A"] if c.value and c.row > 4}
    assert len(df) == len(rows) == len(dti.variables) + len(_leaves(dti))
    read = df.set_index("variable")["value"]
    assert {k: read[k] for k in typed} == {
        k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in typed.items()
    }


def _leaves(catalogue):
    codes = [g.code for g in catalogue.general]
    return [c for c in codes if not any(d.startswith(c + ".") for d in codes)]


# ------------------------------------------------------------------------------------------- LibreOffice

soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)


@pytest.fixture(scope="module")
def printed(dti, tmp_path_factory) -> tuple[Path, list[str]]:
    """The template printed to PDF by LibreOffice (its own profile), and the text of each page."""
    pypdf = pytest.importorskip("pypdf")
    root = tmp_path_factory.mktemp("print")
    xlsx = write_template(root / "template.xlsx", dti, DISTRICT, YEAR)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{root}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root),
            str(xlsx),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    pdf = root / "template.pdf"
    reader = pypdf.PdfReader(pdf)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {A4_LANDSCAPE}, sizes  # every page A4 landscape
    return pdf, [p.extract_text() for p in reader.pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@soffice
def test_libreoffice_prints_every_column_and_the_header_row_on_every_page(printed, wb):
    _, pages = printed
    parts = {ws.title: ws.oddHeader.center.text.split(" — ")[-1] for ws in _data_sheets(wb)}
    by_sheet: dict[str, list[str]] = {}
    for i, text in enumerate(pages, start=1):
        head = text.strip().splitlines()[0].strip()
        assert head.startswith("Chư Prông — năm 2024 — "), (i, head)  # the page header on every page
        assert f"Trang {i} / {len(pages)}" in text
        owner = [title for title, part in parts.items() if head.endswith(part)]
        if owner:
            by_sheet.setdefault(owner[0], []).append(text)
    assert set(by_sheet) == set(parts)  # every data sheet printed, its department in the page header
    for ws in _data_sheets(wb):
        headers = [str(c.value) for c in ws[4] if c.value]
        for text in by_sheet[ws.title]:
            # every header on every page: no column printed alone, the first and value columns on each page
            missing = [h for h in headers if _flat(h) not in _flat(text)]
            assert missing == [], (ws.title, missing)
        assert sum("NGƯỜI LẬP BIỂU" in text for text in by_sheet[ws.title]) == 1  # signature block printed once
        assert "LÃNH ĐẠO PHÊ DUYỆT" in by_sheet[ws.title][-1]


@soffice
def test_libreoffice_page_count_is_reasonable(printed, wb):
    _, pages = printed
    sheets = sum(ws.sheet_state != "hidden" for ws in wb.worksheets)
    # 12 pages with LibreOffice 7.4: cover 1, Part I 1, Culture and Information 3, the 7 other offices 1 each
    assert sheets <= len(pages) < PAGES_BEFORE, len(pages)
    assert "BIỂU THU THẬP SỐ LIỆU NĂM 2024 — CHƯ PRÔNG" in pages[0] and "NĂM 2023" not in pages[0]
    assert "Tạo bởi dxkit" in pages[0]  # the whole cover on its first page

"""The framework's handbook (`dxkit framework doc`): summary, assignment table, each department's tasks."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from dxkit import load_catalogue
from dxkit.core import atomic
from dxkit.core.atomic import OutputError
from dxkit.core.problems import InputError
from dxkit.reports import handbook
from dxkit.reports.handbook import HandbookError, assignment_rows, handbook_html, write_handbook
from dxkit.reports.pdf import PdfEngineMissing, find_chromium
from tests.conftest import DATA

HOSTILE = {
    "name": "<script>alert('x')</script> Bộ chỉ số",
    "criterion": '=HYPERLINK("http://evil.example","bấm")',
    "method": "=1+1",
    "evidence": "+SUM(A1:A2)",
    "department": "@Phòng <b>độc</b>",
}


def _table(html: str, cls: str) -> str:
    """The first table of class `cls` in `html`."""
    start = html.index(f'<table class="hb-table {cls}">')
    return html[start : html.index("</table>", start)]


def _hostile(tmp_path: Path):
    """The toy framework with texts a spreadsheet would run and a browser would execute."""
    raw = yaml.safe_load((DATA / "toy_commune.yaml").read_text(encoding="utf-8"))
    raw["framework"]["name"]["vi"] = HOSTILE["name"]
    crit = raw["pillars"][0]["criteria"][0]
    crit["name"]["vi"], crit["method"]["vi"], crit["evidence"]["vi"] = (
        HOSTILE["criterion"],
        HOSTILE["method"],
        HOSTILE["evidence"],
    )
    raw["departments"][0]["name"]["vi"] = HOSTILE["department"]
    path = tmp_path / "fw" / "hostile.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_catalogue(path)


# ------------------------------------------------------------------------------------------ content


def test_every_criterion_is_in_the_assignment_table_once_with_its_points_and_departments(dti):
    html = handbook_html(dti)
    table = _table(html, "hb-assign")
    for c in dti.criteria.values():
        assert table.count(f'<td class="code">{c.code}</td>') == 1, c.code
    rows = {r.code: r for r in assignment_rows(dti) if r.kind == "criterion"}
    assert list(rows) == list(dti.criteria)
    for code, c in dti.criteria.items():
        assert rows[code].points == c.max_points
        assert rows[code].responsible == "; ".join(dti.departments[d].name.vi for d in c.responsible)
        assert rows[code].coordinating == "; ".join(dti.departments[d].name.vi for d in c.coordinating)
    row = rows["II.1.3"]
    assert (row.responsible, row.coordinating) == ("Phòng Văn hóa và Thông tin", "Văn phòng HĐND và UBND huyện")
    assert "<td>Phòng Văn hóa và Thông tin</td><td>Văn phòng HĐND và UBND huyện</td>" in table


def test_numbering_follows_the_seed(dti):
    rows = assignment_rows(dti)
    by_code = {r.code: r for r in rows if r.kind != "part"}
    parts = [r for r in rows if r.kind == "part"]
    assert [(r.stt, r.name) for r in parts] == [("I", "Thông tin chung"), ("II", "Chỉ số đánh giá")]
    assert parts[1].points == 1000
    assert [by_code[c].stt for c in ("I.1", "I.4", "I.19", "I.20", "I.20.1.name", "I.20.2.email")] == [
        "1",
        "4",
        "19",
        "20",
        "",
        "",
    ]
    assert [by_code[c].stt for c in ("II.1", "II.1.1", "II.1.6", "II.2", "II.2.1", "II.8.3")] == [
        "1",
        "1.1",
        "1.6",
        "2",
        "2.1",
        "8.3",
    ]
    assert rows.index(parts[1]) == len(dti.general) + 1  # Part I first, then the pillars


def test_pillars_are_group_rows_with_their_points(dti):
    pillars = [r for r in assignment_rows(dti) if r.kind == "pillar"]
    assert [(r.code, r.name, r.points) for r in pillars] == [(p.code, p.name.vi, p.max_points) for p in dti.pillars]
    table = _table(handbook_html(dti), "hb-assign")
    assert table.count('<tr class="hb-pillar">') == len(dti.pillars)
    assert (
        '<tr class="hb-pillar"><td class="stt">6</td><td>Hoạt động chính quyền số</td><td class="num">260</td>' in table
    )


def test_summary_names_the_framework_its_pillars_and_departments(dti):
    html = handbook_html(dti)
    summary = html[html.index("1. Tóm tắt bộ chỉ số") : html.index("2. Bảng phân công")]
    for text in ("Chỉ số chuyển đổi số cấp huyện (DTI) năm 2023", "Phụ lục 02", "2023", "<td>huyện</td>", "1.000"):
        assert text in summary
    assert '<td>Hạ tầng số</td><td class="num">100</td><td class="num">7</td>' in summary
    vhtt = sum("vhtt" in c.responsible for c in dti.criteria.values())
    assert f'<td>Phòng Văn hóa và Thông tin</td><td class="num">{vhtt}</td>' in summary


def test_one_department_gets_exactly_its_criteria_and_figures(dti, tmp_path):
    files = write_handbook(dti, tmp_path, ["html", "xlsx"], department="vhtt")
    assert [f.name for f in files] == ["vn-district-dti-2023-vhtt.html", "vn-district-dti-2023-vhtt.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f.name for f in files]
    mine = [c for c in dti.criteria.values() if "vhtt" in c.responsible]
    helps = [c for c in dti.criteria.values() if "vhtt" in c.coordinating]
    fields = [g.code for g in dti.general if g.department == "vhtt"]

    ws = load_workbook(files[1]).active
    assert ws.title == "Phòng Văn hóa và Thông tin"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    by_role: dict[str, list[tuple]] = {}
    for row in rows:
        by_role.setdefault(row[0], []).append(row)
    assert list(by_role) == ["Phụ trách", "Phối hợp", "Thông tin chung (phần I)"]
    assert [r[4] for r in by_role["Phụ trách"]] == [v.id for c in mine for v in c.inputs]
    assert list(dict.fromkeys(r[1] for r in by_role["Phụ trách"])) == [c.code for c in mine]
    assert list(dict.fromkeys(r[1] for r in by_role["Phối hợp"])) == [c.code for c in helps]
    assert [r[4] for r in by_role["Thông tin chung (phần I)"]] == fields
    denominator = next(r for r in rows if r[4] == "II.3.1.b")
    assert denominator[6:9] == ("người", "số nguyên ≥ 0", "I.4")

    html = files[0].read_text(encoding="utf-8")
    assert "Nhiệm vụ của Phòng Văn hóa và Thông tin" in html
    assert '<table class="hb-table hb-assign">' not in html  # only the department's tasks
    assert "1. Tóm tắt bộ chỉ số" not in html and "2. Bảng phân công" not in html
    codes = set(re.findall(r'<td class="code">([^<]+)</td>', html))
    assert codes == {c.code for c in mine + helps} | set(fields)
    responsible = _table(html, "hb-tasks")
    for v in (v for c in mine for v in c.inputs):
        assert f'<span class="hb-id">{v.id}</span>' in responsible
    assert "mặc định lấy từ phần I: I.4" in responsible


def test_english(dti):
    html = handbook_html(dti, lang="en")
    assert '<html lang="en">' in html
    for text in (
        "District-level Digital Transformation Index (DTI) 2023",
        "2. Assignment of the criteria",
        "How it is determined and scored",
        "<td>Office of Culture and Information</td>",
        "<td>district</td>",
        "General information",
    ):
        assert text in html, text
    for text in ("Điểm tối đa", "Phòng Văn hóa và Thông tin", "Thông tin chung"):
        assert text not in html, text
    one = handbook_html(dti, "tckh", lang="en")
    assert "Office of Finance and Planning: tasks" in one


def test_an_unknown_department_is_refused_naming_the_known_ones(dti, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(HandbookError) as err:
        write_handbook(dti, out, department="vhxh")
    assert isinstance(err.value, ValueError)
    assert err.value.known == list(dti.departments)
    assert "'vhxh'" in str(err.value) and "vhtt, vp_ubnd" in str(err.value)
    assert err.value.message("en").startswith("no department 'vhxh' in the framework (known: vhtt, vp_ubnd")
    assert not out.exists()
    with pytest.raises(HandbookError, match="docx"):
        write_handbook(dti, out, ["html", "docx"])


# ------------------------------------------------------------------------------------------ files


def test_workbook_reads_back_inert(tmp_path):
    cat = _hostile(tmp_path)
    (path,) = write_handbook(cat, tmp_path / "out", ["xlsx"])
    assert path.name == "toy-commune-2025.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tóm tắt", "Bảng phân công", "@Phòng <b>độc<-b>"]  # a sheet name has no "/"
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert {HOSTILE["criterion"], HOSTILE["method"], HOSTILE["evidence"], HOSTILE["department"]} <= values
    table = wb["Bảng phân công"]
    assert [c.value for c in table[1]][:3] == ["STT", "Chỉ số/Chỉ số thành phần", "Điểm tối đa"]
    crit = next(r for r in table.iter_rows(values_only=True) if r[-1] == "C.1.1")
    assert crit == (
        "1.1",
        HOSTILE["criterion"],
        40,
        HOSTILE["method"],
        HOSTILE["evidence"],
        HOSTILE["department"],
        None,
        "C.1.1",
    )
    assert table.print_title_rows == "$1:$1" and table.page_setup.orientation == "landscape"
    summary = list(wb["Tóm tắt"].iter_rows(values_only=True))
    assert ("Trụ cột", "C.1 Xã hội số", 100, 3, None, None) in summary
    assert ("Phòng, ban, đơn vị", HOSTILE["department"], None, 3, 0, 1) in summary


def test_html_escapes_every_framework_text(tmp_path):
    cat = _hostile(tmp_path)
    (path,) = write_handbook(cat, tmp_path / "out")
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Bộ chỉ số" in html
    assert "<b>" not in html and "@Phòng &lt;b&gt;độc&lt;/b&gt;" in html
    assert "<title>&lt;script&gt;" in html


def test_no_file_may_overwrite_the_framework(tmp_path):
    raw = (DATA / "toy_commune.yaml").read_text(encoding="utf-8")
    framework = tmp_path / "toy-commune-2025.html"  # a framework file named like the handbook's page
    framework.write_text(raw, encoding="utf-8")
    cat = load_catalogue(framework)
    with pytest.raises(InputError):
        write_handbook(cat, tmp_path, ["xlsx", "html"])
    with pytest.raises(InputError):
        write_handbook(cat, framework)  # the folder named is the framework file
    assert framework.read_text(encoding="utf-8") == raw
    assert sorted(p.name for p in tmp_path.iterdir()) == [framework.name]
    assert [p.name for p in write_handbook(cat, tmp_path, ["xlsx"])] == ["toy-commune-2025.xlsx"]


def test_the_files_of_a_run_are_replaced_together(toy, tmp_path, monkeypatch):
    first = write_handbook(toy, tmp_path, ["html", "xlsx"])
    before = {p.name: p.read_bytes() for p in first}

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handbook, "write_pages", broken)
    with pytest.raises(OutputError):
        write_handbook(toy, tmp_path, ["html", "xlsx"], lang="en")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no new page, nothing left over
    monkeypatch.undo()

    real, calls = os.replace, []

    def fails_on_the_second_new_file(src, dst):
        if ".new" in str(src):
            calls.append(dst)
            if len(calls) == 2:
                raise OSError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", fails_on_the_second_new_file)
    with pytest.raises(OutputError):
        write_handbook(toy, tmp_path, ["html", "xlsx"], lang="en")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    monkeypatch.undo()

    again = write_handbook(toy, tmp_path, ["html", "xlsx"], lang="en")
    assert "Toy commune-level set" in again[0].read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)


def test_no_pdf_engine_is_told_before_anything_is_written(toy, tmp_path, monkeypatch):
    monkeypatch.setenv("DXKIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(PdfEngineMissing):
        write_handbook(toy, tmp_path / "out", ["html", "pdf"])
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(find_chromium() is None, reason="PDF engine missing (chromium)")
def test_pdf_prints_on_a4_landscape(toy, tmp_path):
    from pypdf import PdfReader

    (path,) = write_handbook(toy, tmp_path, ["pdf"], department="vhxh")
    assert path.name == "toy-commune-2025-vhxh.pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # the page it was printed from is not kept
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 842) < 2 and abs(float(box.height) - 595) < 2  # A4 landscape, in points
    text = "".join(page.extract_text() for page in reader.pages)
    assert "C.1.1" in text and "Trang 1" in text

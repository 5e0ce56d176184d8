"""The whole pipeline on a framework that is not the district DTI: tests/data/commune_dx_2025.yaml (a commune
as the unit, pillars A–E, 16 criteria, 500 points, 3 departments, Part I coded G.x).

`dxkit template` writes two communes' workbooks, a person's values are typed into them with openpyxl,
then `validate`, `score`, `evidence`, `bounds` and `batch` (HTML) run on them with `--framework`, all
from the command line. The batch runs once for the module (kernels are slow); an English `report` of
one commune shows the English noun.
"""

from __future__ import annotations

import contextlib
import io
import re
from html import unescape
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dxkit.cli import main
from dxkit.core.catalogue import load_catalogue
from dxkit.intake import layout
from tests.conftest import DATA

FRAMEWORK = DATA / "commune_dx_2025.yaml"
YEAR = 2025
STRONG, WEAK = "Xã Ia Phìn", "Xã Bàu Cạn"

# What a person types or picks (Có/Không and choice labels from the dropdowns); Part I denominators of
# B.1 (G.5) and E.1 (G.3) are left blank, as the template says.
VALUES = {
    STRONG: {
        "G.1": STRONG,
        "G.2": "Thôn 1, xã Ia Phìn",
        "G.3": 12000,
        "G.4": 3000,
        "G.5": 10,
        "A.1": "Chủ tịch UBND xã",
        "A.2": "Có",
        "A.3.section": "Có",
        "A.3.articles": 8,  # 6 to 11 → 1/2 of 30
        "A.4.quarterly": "Có",
        "A.4.review": "Không",
        "B.1.a": 8,  # of G.5 = 10 → 80% × 40 = 32
        "B.2": 4,
        "B.3.a": 20,
        "B.3.b": 25,  # 80% < 90% → 80/90 × 30
        "C.1.a": 600,
        "C.1.b": 1000,
        "C.2.a": 950,
        "C.2.b": 1000,
        "C.3": "Có",
        "C.4.incidents": 3,
        "C.4.reviewed": "Không",
        "C.5.a": 900,
        "C.5.b": 1000,
        "D.1.a": 30,
        "D.1.b": 100,
        "D.2": 200,
        "E.1.a": 6000,  # of G.3 = 12000 → 50% < 60% → 50/60 × 40
        "E.2": "Hằng quý",
    },
    WEAK: {
        "G.1": WEAK,
        "G.3": 10000,
        "G.5": 5,
        "A.1": "Phó Chủ tịch UBND xã",
        "A.2": "Không",
        "A.3.section": "Không",
        "A.3.articles": 20,
        "A.4.quarterly": "Có",
        "A.4.review": "Có",
        "B.1.a": 5,
        "B.2": 10,
        "B.3.a": 30,
        "B.3.b": 20,  # more computers than officials: honest, capped at 100%, listed for review
        "C.1.a": 900,
        "C.1.b": 1000,
        "C.2.a": 700,
        "C.2.b": 1000,
        "C.3": "Không",
        "C.4.incidents": 1,
        "C.4.reviewed": "Không",
        "C.5.a": 500,
        "C.5.b": 1000,
        "D.1.a": 80,
        "D.1.b": 100,
        "D.2": 50,
        "E.1.a": 9000,
        "E.2": "Chưa hoạt động",
    },
}
NO_EVIDENCE = {"A.2", "C.3"}  # the strong commune gives an evidence reference for every other criterion


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _fill(path: Path, values: dict[str, object], evidence: bool) -> None:
    """Type `values` into the workbook's yellow cells as a person would: the row by the variable id in the
    hidden column A, the column by its header ("Giá trị"), the evidence in the column after it."""
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        header = next((r for r in range(1, 8) if "Giá trị" in [c.value for c in ws[r]]), None)
        if header is None:
            continue
        col = next(c.column for c in ws[header] if c.value == "Giá trị")
        for cell in ws["A"]:
            variable = str(cell.value or "")
            if variable in values and not variable.startswith(layout.KEY_PREFIX):
                ws.cell(cell.row, col, values[variable])
                code = variable.split(".")[0] + "." + variable.split(".")[1] if "." in variable else variable
                if evidence and not variable.startswith("G.") and code not in NO_EVIDENCE:
                    ws.cell(cell.row, col + 1, f"{code}/BC-UBND ngày 10/11/{YEAR}")
    book.save(path)


@pytest.fixture(scope="module")
def commune():
    return load_catalogue(FRAMEWORK)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Two communes' workbooks written by `dxkit template --framework` and filled in."""
    folder = tmp_path_factory.mktemp("communes")
    for name, slug in ((STRONG, "ia_phin"), (WEAK, "bau_can")):
        path = folder / f"{slug}_{YEAR}.xlsx"
        code, _, err = _cli(
            "template", "--year", str(YEAR), "--district", name, "-o", str(path), "--framework", str(FRAMEWORK)
        )
        assert code == 0, err
        _fill(path, VALUES[name], evidence=name == STRONG)
    return folder


@pytest.fixture(scope="module")
def scores(inputs, tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("scores") / "scores.csv"
    code, _, err = _cli("score", str(inputs), "--framework", str(FRAMEWORK), "--out", str(out))
    assert code == 0, err
    return pd.read_csv(out, encoding="utf-8-sig")


@pytest.fixture(scope="module")
def batch(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    code, stdout, stderr = _cli(
        "batch", "--inputs", str(inputs), "--framework", str(FRAMEWORK), "--format", "html", "--out", str(out),
        "--workers", "2", "--quiet",
    )  # fmt: skip
    assert code == 0, stderr
    assert stdout == f"3/3 báo cáo năm {YEAR} → {out / str(YEAR) / 'index.html'}\n"
    return out / str(YEAR)


def _text(path: Path) -> str:
    """The words of an HTML page (tags, scripts and styles dropped)."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


# ------------------------------------------------------------------ the framework


def test_the_commune_framework_has_another_shape(commune):
    assert commune.total_max == 500 and [p.code for p in commune.pillars] == ["A", "B", "C", "D", "E"]
    assert len(commune.criteria) == 16 and len(commune.departments) == 4
    assert {c.rule_type for c in commune.criteria.values()} == {
        "ratio", "tiers", "choice", "yes_no", "parts", "count", "minmax",
    }  # fmt: skip
    assert (commune.unit_noun("vi"), commune.unit_noun("en"), commune.unit_noun("en", many=True)) == (
        "xã",
        "commune",
        "communes",
    )


def test_the_template_speaks_of_the_commune(inputs, commune):
    book = openpyxl.load_workbook(inputs / f"ia_phin_{YEAR}.xlsx")
    assert book.sheetnames[2:-1] == [d.name.vi for d in commune.departments.values() if d.kind == "department"]
    cover = {r[1]: r[2] for r in book.worksheets[0].iter_rows(max_row=8, values_only=True) if r[1]}
    assert cover["Tên xã"] == STRONG and cover["Mã bộ chỉ số"] == "vn-commune-dx-2025"
    general = [r[8] for r in book["Thông tin chung"].iter_rows(min_row=5, max_row=6, values_only=True)]
    assert general == ["UBND cấp xã", "UBND cấp xã"]  # G.1, G.2: no department supplies them
    words = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "huyện" not in words.lower()
    assert "A. Nhận thức và thể chế số (100 điểm)" in words


# ------------------------------------------------------------------ validate, score, evidence, bounds


def test_validate_finds_no_error(inputs):
    code, out, err = _cli("validate", str(inputs), "--framework", str(FRAMEWORK))
    assert code == 0, out + err
    _header, *rows = out.splitlines()
    assert "B.3" in out  # the capped ratio of the weak commune, listed for review
    assert "huyện" not in "\n".join(rows)  # (the table's header is the CLI's: cli.yaml)


def test_scores_hand_checked(scores):
    rows = scores[(scores["year"] == YEAR)].set_index(["district", "code"])["points"]
    strong = rows.loc[STRONG]
    assert strong["A.3"] == pytest.approx(15)  # a section and 8 articles: 1/2 × 30
    assert strong["B.1"] == pytest.approx(32)  # 8 of the 10 villages of Part I: 80% × 40
    assert strong["B.3"] == pytest.approx(0.8 / 0.9 * 30)  # below 90%: ratio / 90% × 30
    assert strong["E.1"] == pytest.approx(0.5 / 0.6 * 40)  # of Part I's population, below 60%
    assert strong["C.2"] == pytest.approx(18)  # 95% on time: the 90% tier, 0.6 × 30
    assert strong["C.4"] == pytest.approx(20) and rows.loc[(WEAK, "C.4")] == 0  # Min-Max of 3 and 1 incidents
    assert rows.loc[(WEAK, "B.3")] == pytest.approx(30)  # 30 computers for 20 officials, capped
    pillars = {"A": 15 + 20 + 20 + 15, "B": 32 + 20 + 0.8 / 0.9 * 30, "C": 30 + 18 + 20 + 20 + 36, "D": 12 + 35}
    for code, points in pillars.items():
        assert strong[code] == pytest.approx(points), code
    assert strong["TOTAL"] == pytest.approx(sum(pillars.values()) + 0.5 / 0.6 * 40 + 17.5)
    totals = scores[scores["code"] == "TOTAL"]
    assert set(totals["max_points"]) == {500} and set(totals["district"]) == {STRONG, WEAK}


def test_evidence_lists_what_earned_points_without_a_reference(inputs, tmp_path):
    out = tmp_path / "evidence.csv"
    code, stdout, err = _cli("evidence", str(inputs), "--framework", str(FRAMEWORK), "--csv", str(out))
    assert code == 0, err
    table = pd.read_csv(out, encoding="utf-8-sig")
    strong = table[table["district"] == STRONG]
    assert sorted(strong["code"]) == sorted(NO_EVIDENCE)  # earned points, no reference given
    weak = table[table["district"] == WEAK]
    assert "A.4" in set(weak["code"]) and "C.3" not in set(weak["code"])  # C.3 earned nothing
    assert "Văn phòng HĐND và UBND xã" in stdout


def test_bounds_of_the_minmax_criteria(inputs, tmp_path):
    out = tmp_path / "bounds.csv"
    code, _, err = _cli("bounds", str(inputs), "--year", str(YEAR), "--out", str(out), "--framework", str(FRAMEWORK))
    assert code == 0, err
    bounds = pd.read_csv(out).set_index("code")
    assert sorted(bounds.index) == ["C.4", "D.2"]
    assert (bounds.loc["C.4", "min"], bounds.loc["C.4", "max"]) == (1, 3)
    assert (bounds.loc["D.2", "min"], bounds.loc["D.2", "max"]) == (50, 200)


# ------------------------------------------------------------------ the reports


def test_reports_say_commune_never_district(batch, commune):
    pages = [batch / "xa-ia-phin" / "report.html", batch / "xa-bau-can" / "report.html"]
    pages += [batch / "_comparison" / "comparison.html", batch / "index.html"]
    for page in pages:
        text = _text(page)
        assert "huyện" not in text.lower(), page
        assert commune.name.vi in text, page  # the framework's name under every title
    report = _text(pages[0])
    assert f"Báo cáo Chuyển đổi số {STRONG} năm {YEAR}" in report
    assert "Điểm theo trụ cột so với các xã khác" in report
    for pillar in commune.pillars:
        assert f"{pillar.code} {pillar.name.vi}" in report
    assert re.search(r"Tổng điểm [\d.,]+ 500", report)  # the total's maximum is the framework's
    assert f"So sánh Chuyển đổi số các xã năm {YEAR}" in _text(pages[2])


def test_the_index_lists_the_communes(batch):
    text = _text(batch / "index.html")
    assert f"Báo cáo Chuyển đổi số các xã năm {YEAR}" in text and "So sánh các xã" in text
    assert text.index(STRONG) < text.index(WEAK)  # ranked
    html = (batch / "index.html").read_text(encoding="utf-8")
    assert 'href="xa-ia-phin/report.html"' in html and 'href="xa-bau-can/report.html"' in html


def test_scores_to_take_away_name_the_pillars(batch, commune):
    book = openpyxl.load_workbook(batch / "scores.xlsx")
    words = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert all(p.name.vi in words for p in commune.pillars)
    assert "huyện" not in words.lower()


def test_an_english_report_says_commune(inputs, tmp_path):
    code, _, err = _cli(
        "report", "--inputs", str(inputs), "--framework", str(FRAMEWORK), "--district", "Ia Phìn",
        "--format", "html", "--out", str(tmp_path), "--lang", "en", "--quiet",
    )  # fmt: skip
    assert code == 0, err
    text = _text(tmp_path / str(YEAR) / "xa-ia-phin" / "report.html")
    assert "Pillar scores against the other communes" in text
    assert "Commune-level Digital Transformation Index (pilot) 2025" in text
    assert "district" not in text.lower()
    assert "Digital transformation reports of the communes" in _text(tmp_path / str(YEAR) / "index.html")

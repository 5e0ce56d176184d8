"""Scores to take away: scores.xlsx (a real workbook), scores.csv (BOM), .parquet; other formats refused.

The hand-made province (tests/province.py): 2024 A 941.76, B 981, C 978, D 981; 2023 A 965 alone.
Ranks 2024: B and D share 1, C 3, A 4. A moved from 965 (rank 1 of 1) to 941.76 (rank 4): −23.24, −3.
"""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook

from dxkit.analysis.standings import standings
from dxkit.core.atomic import OutputError
from dxkit.reports import scores
from dxkit.reports.scores import explanations_table, write_scores
from tests.province import OVERRIDES, assess


def test_standings_rank_and_change_since_the_previous_year(province):
    s = standings(province).set_index(["district", "year"])
    assert s.loc[("B", 2024), "rank"] == 1 and s.loc[("D", 2024), "rank"] == 1
    assert s.loc[("C", 2024), "rank"] == 3 and s.loc[("A", 2024), "rank"] == 4
    a = s.loc[("A", 2024)]
    assert a["previous_year"] == 2023 and a["points_previous"] == pytest.approx(965)
    assert a["points_change"] == pytest.approx(-23.24) and a["rank_change"] == -3
    assert pd.isna(s.loc[("B", 2024), "points_change"]) and pd.isna(s.loc[("B", 2024), "rank_change"])


def test_workbook_has_the_sheets_headers_formats_and_numbers(province, tmp_path):
    path = write_scores(province, tmp_path / "scores.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Xếp hạng", "Điểm từng chỉ số", "Cách tính", "Cách lập bảng"]
    rank = wb["Xếp hạng"]
    header = [c.value for c in rank[1]]
    assert header[:3] == ["Năm", "Hạng", "Đơn vị"]
    assert "II.1 Nhận thức số" in header[3]
    for name in ("Tổng điểm", "Chỉ số (%)", "Thay đổi điểm", "Thay đổi hạng (+ là tăng)", "Tình trạng"):
        assert name in header
    assert rank.freeze_panes == "A2" and rank.auto_filter.ref.startswith("A1:")
    assert rank.print_title_rows == "$1:$1" and rank.page_setup.orientation == "landscape"
    assert rank.sheet_properties.pageSetUpPr.fitToPage and rank.page_setup.fitToWidth == 1
    rows = {(r[0], r[2]): dict(zip(header, r, strict=True)) for r in rank.iter_rows(min_row=2, values_only=True)}
    a = rows[(2024, "A")]
    assert a["Hạng"] == 4 and a["Tổng điểm"] == pytest.approx(941.76)
    assert a["Thay đổi điểm"] == pytest.approx(-23.24) and a["Thay đổi hạng (+ là tăng)"] == -3
    assert rows[(2024, "B")]["Thay đổi điểm"] is None
    col = {name: i + 1 for i, name in enumerate(header)}
    second = list(rank.iter_rows(min_row=2, max_row=2))[0]
    assert second[col["Tổng điểm"] - 1].number_format == "0.00"
    assert second[col["Chỉ số (%)"] - 1].number_format == "0.0%"
    assert second[col["Thay đổi hạng (+ là tăng)"] - 1].number_format == "+0;-0;0"
    crit = wb["Điểm từng chỉ số"]
    head = [c.value for c in crit[1]]
    assert head[:3] == ["Mã", "Chỉ số thành phần", "Điểm tối đa"] and "A (2024)" in head and "A (2023)" in head
    ii29 = next(r for r in crit.iter_rows(min_row=2, values_only=True) if r[0] == "II.2.9")
    assert ii29[head.index("A (2024)")] == 0 and ii29[head.index("B (2024)")] == 20
    explain = wb["Cách tính"]
    head = [c.value for c in explain[1]]
    assert head == ["Năm", "Đơn vị", "Mã", "Chỉ số thành phần", "Số liệu đầu vào", "Điểm", "Điểm tối đa",
                    "Tình trạng", "Cách tính"]  # fmt: skip
    row = next(r for r in explain.iter_rows(min_row=2, values_only=True) if r[:3] == (2024, "A", "II.6.8"))
    assert row[0] == 2024 and "588" in row[4] and row[5] == pytest.approx(11.76)


def test_english_headers_with_lang_en(province, tmp_path):
    wb = load_workbook(write_scores(province, tmp_path / "s.xlsx", lang="en"))
    assert wb.sheetnames == ["Ranking", "Criterion points", "Explanations", "How this was built"]
    assert [c.value for c in wb["Ranking"][1]][:3] == ["Year", "Rank", "Unit"]


def test_csv_is_long_utf8_with_bom_and_names(province, tmp_path):
    path = write_scores(province, tmp_path / "scores.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(path, encoding="utf-8-sig")
    assert list(df.columns[:5]) == ["Năm", "Đơn vị", "Cấp", "Mã", "Tên"]
    total = df[(df["Đơn vị"] == "A") & (df["Năm"] == 2024) & (df["Cấp"] == "tổng")].iloc[0]
    assert total["Tên"] == "Tổng điểm" and pd.isna(total["Mã"]) and total["Điểm"] == pytest.approx(941.76)
    assert "TOTAL" not in raw.decode("utf-8-sig")
    assert (df["Cấp"] == "chỉ số thành phần").sum() == 5 * 74


def test_parquet_reads_back(province, tmp_path):
    df = pd.read_parquet(write_scores(province, tmp_path / "scores.parquet", lang="en"))
    assert len(df) == 5 * (1 + 8 + 74) and "Points" in df.columns


def test_unknown_format_is_refused_and_nothing_written(province, tmp_path):
    with pytest.raises(OutputError) as exc:
        write_scores(province, tmp_path / "scores.txt")
    assert "'.txt'" in exc.value.message("vi") and ".xlsx, .csv, .parquet" in exc.value.message("en")
    assert list(tmp_path.iterdir()) == []


def test_formula_like_names_stay_text_everywhere(dti, tmp_path):
    evil = '=HYPERLINK("http://x","y")'
    a = assess(dti, {(evil, 2024): OVERRIDES[("A", 2024)], ("B", 2024): {}})
    wb = load_workbook(write_scores(a, tmp_path / "s.xlsx"))
    cells = [c for row in wb["Xếp hạng"].iter_rows(min_row=2) for c in row if c.value == evil]
    assert cells and all(c.data_type == "s" for c in cells)
    text = write_scores(a, tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_workbook_with_vietnamese_headers_and_text_not_formulas(dti, tmp_path):
    """LibreOffice converts the ranking sheet (the first) to CSV: headers as written, the name as text."""
    evil = "=1+1"
    a = assess(dti, {(evil, 2024): OVERRIDES[("A", 2024)], ("Chư Prông", 2024): {}})
    path = write_scores(a, tmp_path / "scores.xlsx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "out"), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = (tmp_path / "out" / "scores.csv").read_text(encoding="utf-8")
    head, *rows = text.splitlines()
    assert head.startswith("Năm,Hạng,Đơn vị,") and "Tổng điểm" in head
    assert any(",=1+1," in r for r in rows) and not any(",2,Chư" in r for r in rows)
    assert any(",Chư Prông," in r for r in rows)


def test_how_it_was_built_names_the_choices_in_words_never_their_ids(province, tmp_path):
    wb = load_workbook(write_scores(province, tmp_path / "s.xlsx", lang="en"))
    text = " ".join(str(v) for row in wb["How this was built"].iter_rows(values_only=True) for v in row)
    for option, chosen in province.options.items():
        assert f"{option} = " not in text and f"={chosen}" not in text
    assert "Min-Max" in text and province.build.inputs_fingerprint in text


def test_csv_index_is_a_percentage_as_its_header_says(province, tmp_path):
    df = pd.read_csv(write_scores(province, tmp_path / "s.csv"), encoding="utf-8-sig")
    total = df[(df["Đơn vị"] == "B") & (df["Cấp"] == "tổng")].iloc[0]
    assert total["Chỉ số (%)"] == pytest.approx(98.1)


def test_a_big_workbook_streamed_in_chunks_keeps_every_value_its_format_and_text_inert(dti, tmp_path, monkeypatch):
    """25 units × 2 years: 3,700 explanation rows written 1,000 at a time; formula-like names stay text."""
    evil = ["=1+1", "+A1", "-B2", "@SUM(A1)", "#N/A"]
    names = [*evil, *(f"Huyện {i:02d}" for i in range(20))]
    a = assess(
        dti, {(n, y): OVERRIDES[("A", 2024)] if i % 2 else {} for i, n in enumerate(names) for y in (2023, 2024)}
    )
    monkeypatch.setattr(scores, "CHUNK", 1_000)
    wb = load_workbook(write_scores(a, tmp_path / "big.xlsx"))
    explain = wb["Cách tính"]
    assert explain.max_row == 1 + 25 * 2 * 74 and explain.auto_filter.ref == "A1:I3701"
    assert explain.freeze_panes == "A2" and explain.column_dimensions["I"].width == 60
    expected = explanations_table(a).to_numpy().tolist()
    written = [[c.value for c in row] for row in explain.iter_rows(min_row=2)]
    assert written == [[None if v == "" else v for v in row] for row in expected]
    for row in explain.iter_rows(min_row=2):
        assert [row[i].number_format for i in (0, 5, 6)] == ["0", "0.00", "0.00"]
        assert row[8].alignment.wrap_text and row[8].alignment.vertical == "top"
        assert all(c.data_type == "s" for c in row if isinstance(c.value, str))
    rank = wb["Xếp hạng"]
    header = [c.value for c in rank[1]]
    units = [r[2] for r in rank.iter_rows(min_row=2)]
    assert sorted(c.value for c in units) == sorted(names * 2) and all(c.data_type == "s" for c in units)
    totals = {(r[0], r[2]): r[header.index("Tổng điểm")] for r in rank.iter_rows(min_row=2, values_only=True)}
    for (year, unit), total in totals.items():  # the criteria's points add up to the total written
        own = [r[5] for r in written if r[0] == year and r[1] == unit]
        assert len(own) == 74 and sum(own) == pytest.approx(total)
    heads = {c.value: c.data_type for c in wb["Điểm từng chỉ số"][1]}
    assert all(heads[f"{n} (2024)"] == "s" for n in evil)

"""dxkit.reports.comparison and dxkit.analysis.quality: the province comparison's sections, from hand-made
provinces (tests/province.py) whose numbers are known."""

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dxkit import analysis as an
from dxkit import score
from dxkit.analysis import quality
from dxkit.reports import comparison, plots
from dxkit.reports.data import ReportData, year_report
from dxkit.reports.export import CSS_PATH
from tests.province import OVERRIDES, assess, full_marks, table
from tests.reports.test_svg import NS, assert_laid_out, parse, texts

ROOT = Path(__file__).resolve().parents[2]


def model(a, lang="vi", bounds_source=None) -> ReportData:
    """The report data of an assessment as the notebook gets it (few interval draws: these tests need none)."""
    return ReportData(a, an.rank_intervals(a, rel_error=0.05, draws=10), False, lang=lang, bounds_source=bounds_source)


def rows(part) -> list[list[str]]:
    """The body rows of every table in a displayed part, as the reader sees each cell."""
    body = part.data if hasattr(part, "data") else part
    out = []
    for tr in re.findall(r"<tbody>(.*?)</tbody>", body, re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", tr, re.S):
            out.append(
                [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            )
    return out


def words(part) -> str:
    body = part.data if hasattr(part, "data") else part
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", body))))


# ------------------------------------------------------------------ ranking with change


@pytest.fixture(scope="module")
def gains(dti):
    """The province of tests/province.py with B also in 2023 (961: II.7.1 −19, II.2.9 no −20): in 2024
    B gains 20 points and a rank (2 → 1), A loses 48,24 (990 → 941,76) and three ranks (1 → 4), C and D
    are new."""
    return assess(dti, {**OVERRIDES, ("B", 2023): {"II.7.1.a": 5, "II.2.9": "không"}})


@pytest.fixture(scope="module")
def compared(gains):
    return comparison.build(model(gains), 2024)


def test_the_ranking_carries_the_standings_and_their_change(compared):
    frame = comparison.ranking_frame(compared)
    assert list(frame["district"]) == ["B", "D", "C", "A"]
    assert {"rank", "points", "index", "points_change", "rank_change", "previous_year"} <= set(frame.columns)
    by = frame.set_index("district")
    assert by.loc["B", "points_change"] == pytest.approx(20) and by.loc["B", "rank_change"] == 1
    assert by.loc["A", "points_change"] == pytest.approx(-48.24) and by.loc["A", "rank_change"] == -3
    assert by[["points_change", "rank_change"]].loc[["C", "D"]].isna().all().all()


def test_gains_carry_a_plus_losses_a_minus_and_new_units_a_dash(compared):
    shown = {r[1]: r for r in rows(comparison.ranking(compared))}
    assert shown["B"] == ["1", "B", "981,00", "98,1%", "+20,00", "+1"]
    assert shown["A"] == ["4", "A", "941,76", "94,2%", "−48,24", "−3"]
    assert shown["C"][4:] == ["—", "—"] and shown["D"][0] == "1"
    text = words(comparison.ranking(compared))
    assert "Thay đổi điểm" in text and "Thay đổi hạng" in text and "Thay đổi so với năm 2023. Hạng: +" in text
    assert "1 đơn vị tăng hạng, 1 đơn vị giảm hạng so với năm 2023" in text


def test_english_ranking(gains):
    shown = {r[1]: r for r in rows(comparison.ranking(comparison.build(model(gains, "en"), 2024)))}
    assert shown["B"][2:] == ["981.00", "98.1%", "+20.00", "+1"] and shown["A"][4:] == ["−48.24", "−3"]


def test_an_unchanged_rank_is_zero_and_without_a_previous_year_there_are_no_change_columns(province):
    c = comparison.build(model(province), 2024)
    assert {r[1]: r for r in rows(comparison.ranking(c))}["A"][4:] == ["−23,24", "−3"]
    first = comparison.build(
        model(assess(province.catalogue, {k: v for k, v in OVERRIDES.items() if k[1] == 2024})), 2024
    )
    text = words(comparison.ranking(first))
    assert "Chưa có dữ liệu năm trước để so sánh." in text and "Thay đổi" not in text
    assert all(len(r) == 4 for r in rows(comparison.ranking(first)))


# ------------------------------------------------------------------ pillars


def test_pillar_table_in_rank_order_with_points_and_change(compared):
    frame = comparison.pillar_frame(compared)
    assert list(frame["district"]) == ["B", "D", "C", "A"]
    assert frame.set_index("district").loc["B", "II.2_change"] == pytest.approx(20)
    table_ = {r[1]: r for r in rows(comparison.pillar_table(compared))}
    assert table_["B"][2:4] == ["80\n(0)", "120\n(+20)"]  # II.1, II.2: whole numbers in these columns
    assert table_["A"][2] == "50\n(−30)" and table_["C"][2] == "80"  # C: no previous year
    assert table_["A"][7] == "251,76\n(+1,76)"  # II.6: 250 in 2023
    head = words(comparison.pillar_table(compared))
    assert "II.1 Nhận thức số (tối đa 80)" in head and "II.6 Hoạt động chính quyền số (tối đa 260)" in head


def test_the_heatmap_is_marked_for_the_phone_and_the_table_is_not(compared):
    body = comparison.pillars(compared).data
    block = re.search(r'<div class="dx-heatmap">(.*?)</div>', body, re.S)
    assert block and block.group(1).count("<figure") == 1 and "data:image/svg+xml;base64," in block.group(1)
    assert "<table" not in block.group(1) and "<table" in body[block.end() :]


def test_the_css_hides_the_heatmap_on_a_phone_screen_only():
    css = CSS_PATH.read_text(encoding="utf-8")
    rule = re.search(r"@media screen and \(max-width: ([\d.]+)rem\) \{\s*\.dx-heatmap \{ display: none; \}", css)
    assert rule, "no rule hiding .dx-heatmap on narrow screens"
    width = float(rule.group(1)) * 16
    assert 390 < width <= 720  # a phone (390 px) gets the table; a tablet or A4 print (screen only) the heatmap


# ------------------------------------------------------------------ 200 units


@pytest.fixture(scope="module")
def communes(province):
    """The province's 2024 report model with its profile replaced by 200 communes of long names."""
    shared = year_report(province, 2024)
    p = shared.profile[shared.profile["year"] == 2024]
    template = p[p["district"] == "B"]
    rng = np.random.default_rng(7)
    parts = []
    for i in range(200):
        unit = template.assign(district=f"Xã Ia Hrú Chư Păh số {i + 1}", index=rng.uniform(0.3, 1, len(template)))
        parts.append(unit.assign(points=unit["index"] * unit["max_points"]))
    profile = pd.concat(parts, ignore_index=True)
    totals = profile["code"] == "TOTAL"
    profile.loc[totals, "rank"] = profile.loc[totals, "points"].rank(ascending=False, method="first").astype(int)
    return replace(shared, profile=profile)


def test_of_200_units_one_readable_heatmap_shows_the_best_and_the_worst(communes):
    assert comparison.shown(200) == [*range(15), *range(185, 200)]
    assert comparison.shown(40) == list(range(40)) and comparison.shown(17) == list(range(17))
    chart = plots.pillar_heatmap(communes, comparison.shown(200))
    names = [t for t in texts(chart) if re.match(r"\d+\. ", t)]
    assert len(names) == 30 and names[0].startswith("1. ") and names[15].startswith("186. ")
    assert "hạng 1–15, 186–200" in chart.title and chart.title.replace("\n", " ") in " ".join(texts(chart))
    dashed = [line for line in parse(chart).iter(f"{NS}line") if line.get("stroke-dasharray")]
    cells = sorted({float(r.get("y")) for r in parse(chart).iter(f"{NS}rect") if r.get("class") == "cell"})
    assert [float(line.get("y1")) for line in dashed] == [pytest.approx(cells[15])]  # where units are left out
    assert_laid_out(chart)  # pillar and unit names inside the chart, none touching another
    assert chart.height / 96 * 1.0 < 10.4  # printed at A4 text width (its own width) it fits a page (264 mm)
    whole = plots.pillar_heatmap(communes, comparison.shown(40))
    assert len([t for t in texts(whole) if re.match(r"\d+\. ", t)]) == 40 and whole.height / 96 < 10.4
    assert "stroke-dasharray" not in whole.svg and "hạng" not in whole.title


# ------------------------------------------------------------------ data quality


@pytest.fixture(scope="module")
def flawed(dti):
    """2024: A's II.1.3 ratio 150/100 capped (vhtt); B's II.6.8 'abc' invalid (vhtt) and II.7.1 0/0
    (tckh); C's II.2.9 missing (vhtt); D's II.7.5 missing (nong_nghiep and tckh).
    2023: A alone, II.5.9 (cong_an) and II.8.4 (tckh) pending."""
    units = {
        ("A", 2024): full_marks(dti, {"II.1.3.a": 150}),
        ("B", 2024): full_marks(dti, {"II.6.8.a": "abc", "II.7.1.a": 0, "II.7.1.b": 0}),
        ("C", 2024): full_marks(dti),
        ("D", 2024): full_marks(dti),
        ("A", 2023): full_marks(dti),
    }
    del units[("C", 2024)]["II.2.9"]
    del units[("D", 2024)]["II.7.5.a"], units[("D", 2024)]["II.7.5.b"]
    return score(table(units), dti)


def test_data_issues_counted_by_hand(flawed):
    issues = quality.data_issues(flawed)
    got = set(zip(issues["district"], issues["year"], issues["code"], issues["issue"]))
    assert got == {
        ("A", 2023, "II.5.9", "pending"),
        ("A", 2023, "II.8.4", "pending"),
        ("A", 2024, "II.1.3", "capped"),
        ("B", 2024, "II.6.8", "invalid"),
        ("B", 2024, "II.7.1", "no_denominator"),
        ("C", 2024, "II.2.9", "missing"),
        ("D", 2024, "II.7.5", "missing"),
    }
    units = quality.issues_by_unit(quality.data_issues(flawed, 2024)).set_index("district")
    assert list(units.index) == ["A", "B", "C", "D"]
    assert units.loc["A", list(quality.ISSUES)].tolist() == [0, 0, 0, 1, 0]
    assert units.loc["B", list(quality.ISSUES)].tolist() == [0, 1, 1, 0, 0]
    assert units["points_at_stake"].to_dict() == {"A": 0, "B": 40, "C": 20, "D": 40}
    assert units.loc["B", "codes"] == ("II.6.8", "II.7.1")
    depts = quality.issues_by_department(quality.data_issues(flawed, 2024), flawed.catalogue).set_index("department_id")
    assert list(depts.index) == ["vhtt", "tckh", "nong_nghiep"]  # most issues first
    assert depts.loc["vhtt", ["missing", "invalid", "capped", "n_units"]].tolist() == [1, 1, 1, 3]
    assert depts.loc["tckh", ["missing", "no_denominator", "n_units"]].tolist() == [1, 1, 2]
    assert depts.loc["tckh", "codes"] == ("II.7.1", "II.7.5")


def test_the_quality_section_in_words(flawed):
    c = comparison.build(model(flawed), 2024)
    part = comparison.quality_section(c)
    text = words(part)
    assert "Chất lượng dữ liệu" in text and "4/4 đơn vị có tiêu chí cần bổ sung hoặc rà soát năm 2024" in text
    for word in ("Thiếu dữ liệu", "Không hợp lệ", "Mẫu số bằng 0", "Tỷ lệ trên 100%", "Phòng Văn hóa và Thông tin"):
        assert word in text, word
    assert "Chờ ngưỡng" not in text  # no pending criterion in 2024: no empty column
    by_unit = {r[0]: r for r in rows(part) if r[0] in "ABCD"}
    assert by_unit["B"] == ["B", "0", "1", "1", "0", "40", "II.6.8, II.7.1"]  # missing, invalid, 0/0, capped
    for raw in ("no_denominator", "capped", "ratio_capped", "vhtt", "tckh", "needs_peers"):
        assert raw not in text, raw
    complete = comparison.build(model(assess(flawed.catalogue, {("X", 2024): {}, ("Y", 2024): {}})), 2024)
    assert "Dữ liệu năm 2024 đầy đủ" in words(comparison.quality_section(complete))


# ------------------------------------------------------------------ methods note


def test_the_methods_note_names_the_options_meanings_and_the_bounds(dti):
    a = assess(dti, options={"threshold_reading": "proportional", "zero_denominator": "full"})
    c = comparison.build(model(a), 2024)
    text = words(comparison.methods(c))
    assert f"{dti.name('vi')} (mã {dti.id}, phiên bản {dti.version})" in text
    for name, value in a.options.items():
        assert dti.options[name].label("vi") in text and dti.options[name].values[value]("vi") in text
        assert name not in text and f"={value}" not in text
    assert "proportional" not in text and "as_written" not in text
    bounds = {r[0].split()[0]: r for r in rows(comparison.methods(c)) if r[0].startswith("II.")}
    # II.8.4: A, B, D have 10, C has 4; II.5.9: every unit 10 incidents
    assert bounds["II.8.4"][2:] == ["4 (C)", "10 (A, B, D)", "4 đơn vị năm 2024 trong dữ liệu"]
    assert bounds["II.5.9"][3] == "10 (A, B, C và 1 đơn vị khác)"
    assert bounds["II.8.4"][1] == "(x − min)/(max − min) × điểm tối đa"
    best = comparison.build(model(assess(dti, options={"minmax_method": "ratio_to_best"})), 2024)
    assert "x/max × điểm tối đa" in words(comparison.methods(best))


def test_reference_bounds_are_named_with_their_file(dti):
    a = assess(dti, bounds={"II.8.4": {2024: (0.0, 20.0)}})
    text = words(comparison.methods(comparison.build(model(a, bounds_source="nguong.csv"), 2024)))
    assert "ngưỡng tham chiếu cho trước, tệp nguong.csv" in text and "20 (" not in text


def test_a_lone_year_shows_pending_bounds_without_comparing(province):
    c = comparison.build(model(province), 2023)
    assert c.alone and c.lone is not None
    text = " ".join(words(part) for part in comparison.sections(c))
    assert "chưa có: cần ít nhất 2 đơn vị cùng năm" in text
    for word in ("Hạng", "Bản đồ nhiệt", "trung vị"):
        assert word not in text, word
    assert text.count("hạng") == 1  # "Chưa xếp hạng: chỉ có dữ liệu của một đơn vị năm 2023", once


# ------------------------------------------------------------------ the notebook


def test_the_notebook_cells_are_one_or_two_calls():
    cells = json.loads((ROOT / "notebooks" / "province_comparison.ipynb").read_text(encoding="utf-8"))["cells"]
    code = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", [])
    ]
    for source in code[1:]:
        statements = [line for line in source.splitlines() if line.strip() and not line.startswith((" ", "#"))]
        assert len(statements) <= 2 and all(s.startswith("display(comparison.") for s in statements), source

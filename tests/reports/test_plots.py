"""dxkit.reports.plots: the district's charts as SVG (svg.Chart), the comparison's as matplotlib Figures (no
pyplot); Vietnamese labels in DejaVu Sans, black-and-white cues, values written, a computed layout."""

import io
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from dxkit import analysis as an
from dxkit.core.problems import InputError
from dxkit.reports import plots, svg
from dxkit.reports.data import unit_report, year_report
from tests.province import assess
from tests.reports.test_svg import NS, assert_laid_out, boxes, parse, texts


def mpl_texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text) if t.get_text())


def render(fig: Figure) -> bytes:
    """PNG bytes; any warning (a glyph missing from the font, …) fails the test."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


@pytest.fixture(scope="module")
def figures(province):
    return {
        "radar": plots.pillar_radar(unit_report(province, "A", 2024)),
        "intervals": plots.rank_intervals_chart(an.rank_intervals(province, rel_error=0.05, draws=30)),
    }


@pytest.fixture(scope="module")
def heatmap(province):
    return plots.pillar_heatmap(year_report(province, 2024))


@pytest.fixture(scope="module")
def charts(province):
    unit = unit_report(province, "A", 2024)
    return {
        "profile": plots.pillar_profile(unit),
        "losses": plots.losses_by_department_chart(unit),
        "trend": plots.trend(unit),
    }


def test_the_comparisons_charts_are_figures_in_dejavu_sans(figures):
    assert plt.get_fignums() == []  # nothing left open in pyplot
    for name, fig in figures.items():
        assert isinstance(fig, Figure), name
        assert render(fig).startswith(b"\x89PNG"), name
        fonts = {t.get_fontname() for t in fig.findobj(Text) if t.get_text()}
        assert fonts == {"DejaVu Sans"}, (name, fonts)
    assert "Khoảng thứ hạng khi số liệu sai lệch ±5% (30 lần mô phỏng), năm 2024" in mpl_texts(figures["intervals"])


def test_the_districts_charts_are_svg_in_dejavu_sans_with_vietnamese_text(charts):
    for name, chart in charts.items():
        assert isinstance(chart, svg.Chart), name
        root = parse(chart)
        assert root.get("font-family") == "'DejaVu Sans', 'Noto Sans', Arial, sans-serif", name
        assert root.find(f"{NS}title").text == chart.title
        assert chart.width == 605 and 150 < chart.height < 700, (name, chart.height)  # A4 text width at 96 dpi
        assert chart.title in " ".join(texts(chart)), name  # the title is drawn (on one line at this length)
    assert "II.1 Nhận thức số" in texts(charts["profile"])
    assert charts["profile"].title == "A 2024: chỉ số theo trụ cột"
    assert "Phòng Văn hóa và Thông tin" in texts(charts["losses"])
    assert charts["trend"].title == "A: tổng điểm và thứ hạng qua các năm"
    assert {"Tổng điểm", "Thứ hạng (1 = cao nhất)", "Năm", "Trung vị các đơn vị"} <= set(texts(charts["trend"]))


def test_black_and_white_cues(charts, figures):
    profile, losses, trend = (parse(charts[k]) for k in ("profile", "losses", "trend"))
    bars = [r.get("fill") for r in profile.iter(f"{NS}rect") if r.get("class") == "bar"]
    assert bars == [plots.GREY] * 8  # grey, one per pillar …
    assert len([p for p in profile.iter(f"{NS}path") if p.get("class") == "hatch"]) == 8 + 1  # … hatched, legend
    diamonds = [p for p in profile.iter(f"{NS}path") if p.get("fill") == "#ffffff"]
    assert len(diamonds) == 8 + 1  # the peers' median per pillar, and in the legend
    fills = [r.get("fill") for r in losses.iter(f"{NS}rect") if r.get("class") == "bar"]
    assert set(fills) == {"#999999", "#ffffff"}  # won: grey; lost: white …
    assert len([p for p in losses.iter(f"{NS}path") if p.get("class") == "hatch"]) == fills.count("#ffffff") + 1
    lines = [p.get("stroke-dasharray") for p in trend.iter(f"{NS}polyline")]
    assert lines.count(None) == 2 and lines.count(plots.DASHED) == 1  # total and rank solid, median dashed
    assert len(list(trend.iter(f"{NS}circle"))) == 2 + 2 + 1  # the district's points (total, rank), legend
    squares = [r for r in trend.iter(f"{NS}rect") if r.get("fill") == "#ffffff" and r.get("stroke") == "#000"]
    assert len(squares) == 2 + 1  # the median's points, legend
    markers = {line.get_marker() for line in figures["radar"].axes[0].get_lines()}
    assert {"o", "s"} <= markers
    styles = {line.get_linestyle() for line in figures["radar"].axes[0].get_lines()}
    assert {"-", "--"} <= styles


def test_values_written_with_vietnamese_decimal_comma(charts, heatmap):
    assert "62,5" in texts(charts["profile"])  # II.1 of A: 50/80
    assert "62,5" in texts(heatmap)
    assert {"941,8", "965"} <= set(texts(charts["trend"]))  # A's totals, 2024 and 2023
    assert "−58,24" in texts(charts["losses"])  # 20 + 15 + 15 + 8.24, one department


def test_english_labels(province):
    chart = plots.pillar_profile(unit_report(province, "A", 2024, "en"))
    body = texts(chart)
    assert "II.1 Digital awareness" in body and "Median of the units" in body and "62.5" in body
    assert "Index (%)" in body and chart.title == "A 2024: index by pillar"
    trend = texts(plots.trend(unit_report(province, "A", 2024, "en")))
    assert {"941.8", "Total", "Rank (1 = best)", "Year"} <= set(trend)


def test_single_unit_and_no_losses(dti):
    a = assess(dti, {("Solo", 2024): {}})
    profile = texts(plots.pillar_profile(unit_report(a, "Solo", 2024)))
    assert "Trung vị các đơn vị" not in profile and "Thấp nhất – cao nhất" not in profile  # no peers
    chart = plots.losses_by_department_chart(unit_report(assess(dti, {("X", 2024): {}, ("Y", 2024): {}}), "X", 2024))
    assert "Không mất điểm nào" in texts(chart)
    assert not any(t.startswith("−") for t in texts(chart))
    assert_laid_out(chart)
    trend = plots.trend(unit_report(a, "Solo", 2024))
    assert trend.title == "Solo: tổng điểm qua các năm"
    assert "Thứ hạng (1 = cao nhất)" not in texts(trend) and len(list(parse(trend).iter(f"{NS}polyline"))) == 0
    assert_laid_out(trend)


def test_unknown_district_raises(province):
    with pytest.raises(InputError, match="Nowhere"):
        plots.pillar_profile(unit_report(province, "Nowhere", 2024))


def test_layout_keeps_every_text_inside_apart_and_off_the_bars(charts):
    for chart in charts.values():
        assert_laid_out(chart)
    for name, axis, legend in (
        ("profile", "Chỉ số (%)", "A"),
        ("losses", "Điểm", "Điểm mất"),
        ("trend", "Năm", "Trung vị các đơn vị"),
    ):
        placed = dict(boxes(charts[name]))
        bars = [r for r in parse(charts[name]).iter(f"{NS}rect") if r.get("class") == "bar"]
        lowest = max((float(r.get("y")) + float(r.get("height")) for r in bars), default=0)
        assert placed[legend][1] > placed[axis][3] and placed[axis][1] > lowest, name  # the legend under the plot


def test_a_bar_is_as_long_as_its_value(charts):
    chart = charts["profile"]
    at = {text: (box[0] + box[2]) / 2 for text, box in boxes(chart)}  # tick labels are centred on their tick
    bar = next(r for r in parse(chart).iter(f"{NS}rect") if r.get("class") == "bar")  # II.1: 62.5%
    assert float(bar.get("width")) == pytest.approx(0.625 * (at["100"] - at["0"]), abs=0.02)
    assert float(bar.get("x")) == pytest.approx(at["0"], abs=0.01)


def test_the_rank_runs_down_from_1_at_the_top(charts):
    placed = [(text, box) for text, box in boxes(charts["trend"]) if box[0] > 605 / 2]
    ranks = {text: (box[1] + box[3]) / 2 for text, box in placed if text in {"1", "2", "3", "4"}}
    assert list(ranks) == ["1", "2", "3", "4"] and ranks["1"] < ranks["2"] < ranks["3"] < ranks["4"]
    assert [text for text, _ in placed if text.startswith("20")] == ["2023", "2024"]  # years never '2.024'


def test_heatmap_has_a_row_per_unit_and_pillar_names_apart(heatmap):
    """Units are rows (best first, names never rotated), a cell per pillar with its index written in it;
    every text inside the chart, none touching another (pillar names included)."""
    root = parse(heatmap)
    assert heatmap.title == "Chỉ số theo trụ cột các đơn vị năm 2024 (%)" and heatmap.title in texts(heatmap)
    shown = texts(heatmap)
    assert [t for t in shown if t[:1].isdigit() and ". " in t] == ["1. B", "1. D", "3. C", "4. A"]
    assert "transform" not in heatmap.svg  # nothing turned
    cells = [r for r in root.iter(f"{NS}rect") if r.get("class") == "cell"]
    assert len(cells) == 4 * 8
    assert_laid_out(heatmap)
    assert "II.1 Nhận thức số" in " ".join(shown) or {"II.1 Nhận", "thức số"} <= set(shown)


def test_heatmap_shades_from_white_to_black_and_writes_on_dark_cells_in_white(heatmap):
    root = parse(heatmap)
    cells = [r for r in root.iter(f"{NS}rect") if r.get("class") == "cell"]
    assert {c.get("fill") for c in cells} >= {"#000000"}  # 100 %: black
    on_black = [t for t in root.iter(f"{NS}text") if t.text == "100,0"]
    assert on_black and all(t.get("fill") == "#ffffff" for t in on_black)
    assert plots._ink(np.array([1.0, 1.0, 1.0])) == "#000000" and plots._ink(np.zeros(3)) == "#ffffff"

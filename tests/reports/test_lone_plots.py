"""Charts draw free text literally: a name with `$…$` is never read as mathtext (issue 9 §12), markup or
`&` in a name stays text in an SVG chart (no element injected), a long name is wrapped inside the
canvas; a lone unit's charts show no peers."""

import base64
import io
import re
import xml.etree.ElementTree as ET

import pytest
from matplotlib.text import Text

from dxkit import analysis as an
from dxkit import score
from dxkit.reports import plots, present
from dxkit.reports.data import unit_report, year_report
from tests.province import full_marks, table
from tests.reports.test_svg import NS, assert_laid_out, parse, texts

ODD = r"Ia $\undefinedcmd{$ Pa"
MATH = "Đak $x^2$ Pơ"  # valid mathtext: would silently render as a formula
HOSTILE = '<script>alert(1)</script> A & B "x"'
LONG = "Thị xã " + "Rất Dài Tên Đơn Vị " * 8  # longer than a line of the canvas


@pytest.fixture(scope="module")
def odd(dti):
    units = {
        (ODD, 2023): full_marks(dti, {"II.8.4": 3}),
        (ODD, 2024): full_marks(dti, {"II.8.4": 4}),
        (MATH, 2023): full_marks(dti),
        (MATH, 2024): full_marks(dti, {"II.2.9": "không"}),
        (HOSTILE, 2024): full_marks(dti, {"II.1.1": "none"}),
    }
    return score(table(units), dti)


def district_charts(a, name):
    unit = unit_report(a, name, 2024)
    return {
        "profile": plots.pillar_profile(unit),
        "losses": plots.losses_by_department_chart(unit),
        "trend": plots.trend(unit),
    }


def comparison_figures(a, name):
    return {
        "radar": plots.pillar_radar(unit_report(a, name, 2024)),
        "intervals": plots.rank_intervals_chart(an.rank_intervals(a, rel_error=0.05, draws=20), "vi", 2024),
    }


def shown(t: Text) -> tuple[str, bool]:
    """What matplotlib draws for a Text, and whether it parses it as math."""
    s, math = t._preprocess_math(t.get_text())
    return s, bool(math)


@pytest.mark.parametrize("name", [ODD, MATH])
def test_every_matplotlib_chart_draws_dollar_names_literally(odd, name):
    for key, fig in comparison_figures(odd, name).items():
        fig.savefig(io.BytesIO(), format="png", dpi=40)  # mathtext would raise on ODD here
        drawn = [shown(t) for t in fig.findobj(Text) if t.get_text()]
        assert not any(math for _, math in drawn), key
        literal = [s for s, _ in drawn]
        for n in (ODD, MATH):
            if key == "intervals" or n == name:  # tick labels / title and legend
                assert any(n in s for s in literal), (key, n)


@pytest.mark.parametrize("name", [ODD, MATH, HOSTILE])
def test_every_svg_chart_writes_names_as_literal_text(odd, name):
    for key, chart in district_charts(odd, name).items():
        root = parse(chart)
        assert {e.tag.removeprefix(NS) for e in root.iter()} <= {
            "svg",
            "title",
            "defs",
            "pattern",
            "rect",
            "path",
            "circle",
            "line",
            "polyline",
            "text",
        }, key  # no script, no foreignObject, no image
        assert "href" not in chart.svg and "<script" not in chart.svg, key
        assert name in chart.title and root.find(f"{NS}title").text == chart.title, key
        assert any(name in t for t in texts(chart)), key  # in the title (and the legend)


def test_the_heatmap_writes_every_name_as_literal_text(odd):
    chart = plots.pillar_heatmap(year_report(odd, 2024))
    root = parse(chart)
    assert {e.tag.removeprefix(NS) for e in root.iter()} <= {"svg", "title", "rect", "line", "text"}
    assert "href" not in chart.svg and "<script" not in chart.svg
    rows = [t for t in texts(chart) if re.match(r"\d+\. ", t)]
    assert sorted(r.split(". ", 1)[1] for r in rows) == sorted([ODD, MATH, HOSTILE])
    assert_laid_out(chart)


def test_a_long_name_is_wrapped_inside_the_canvas(dti):
    name = LONG.strip()
    a = score(table({(name, 2024): full_marks(dti, {"II.6.1.ipv6": "không"}), ("B", 2024): full_marks(dti)}), dti)
    for key, chart in district_charts(a, name).items():
        assert_laid_out(chart)
        assert name not in texts(chart), key  # too long for one line: wrapped
        assert " ".join(texts(chart)).count("Rất Dài") >= 8, key


def test_figure_alt_text_is_the_title_as_written(odd):
    for fig in (plots.pillar_profile(unit_report(odd, ODD, 2024)), plots.pillar_radar(unit_report(odd, ODD, 2024))):
        html = present.figure(fig).data
        alt = re.search(r'alt="([^"]*)"', html).group(1)
        assert alt == present.esc(f"{ODD} 2024: chỉ số theo trụ cột")
    html = present.figure(plots.trend(unit_report(odd, HOSTILE, 2024))).data
    svg_text = base64.b64decode(re.search(r"base64,([^\"]*)", html).group(1)).decode()
    assert ET.fromstring(svg_text).find(f"{NS}title").text == f"{HOSTILE}: tổng điểm và thứ hạng qua các năm"
    assert "<script>" not in html


def test_a_lone_unit_has_no_peer_marks(dti):
    a = score(
        table({("Chư Prông", 2024): full_marks(dti, {"II.6.8.a": 50}), ("Chư Prông", 2023): full_marks(dti)}), dti
    )
    labels = texts(plots.pillar_profile(unit_report(a, "Chư Prông", 2024)))
    assert not any("Trung vị" in s or "Thấp nhất" in s for s in labels)  # no median, no whiskers
    trend = plots.trend(unit_report(a, "Chư Prông", 2024))
    assert not any("Thứ hạng" in s or "Trung vị" in s for s in texts(trend))
    assert len(list(parse(trend).iter(f"{NS}polyline"))) == 1  # the total alone, one plot
    assert {"2023", "2024"} <= set(texts(trend))
    lone = score(table({("Chư Prông", 2024): full_marks(dti)}), dti)  # II.5.9 and II.8.4 wait for bounds
    chart = plots.losses_by_department_chart(unit_report(lone, "Chư Prông", 2024))
    assert texts(chart)[-3:] == ["Điểm đạt", "Điểm mất", "Chờ ngưỡng tham chiếu"]  # the legend, last
    root = parse(chart)
    pending = [r for r in root.iter(f"{NS}rect") if r.get("stroke-dasharray") == "3,2"]  # a dashed edge …
    dotted = [p for p in root.iter(f"{NS}path") if p.get("class") == "dots"]  # … dotted inside
    assert len(pending) == len(dotted) >= 2  # II.5.9's and II.8.4's departments, and the legend
    assert_laid_out(chart)


def test_a_very_long_name_is_cut_in_the_heatmap_and_its_cells_keep_their_room(dti):
    name = LONG.strip()
    a = score(table({(name, 2024): full_marks(dti), ("B", 2024): full_marks(dti)}), dti)
    chart = plots.pillar_heatmap(year_report(a, 2024))
    rows = [t for t in texts(chart) if re.match(r"\d+\. ", t)]
    assert any(r.endswith("…") and r[3:-1].strip() in name for r in rows) and any(r.endswith(". B") for r in rows)
    cells = [r for r in parse(chart).iter(f"{NS}rect") if r.get("class") == "cell"]
    assert cells and all(float(c.get("width")) > 30 for c in cells)
    assert max(float(c.get("x")) + float(c.get("width")) for c in cells) <= chart.width
    assert_laid_out(chart)

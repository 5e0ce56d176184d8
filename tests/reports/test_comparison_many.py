"""The province comparison of many units stays bounded: of 60 units (more than comparison.WHOLE) every
table and chart shows the best and the worst comparison.ENDS, says how many it leaves out and where they
are; its figures are inert SVG; printed, it keeps to a few pages."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from dxkit import analysis as an
from dxkit.reports import comparison, present
from dxkit.reports.data import ReportData
from dxkit.reports.export import page
from tests.province import assess
from tests.reports.test_comparison import rows, words

N = 60
MOST_ROWS = 2 * comparison.ENDS  # unit rows of any one table


@pytest.fixture(scope="module")
def many(dti):
    """60 units in 2024 (II.6.8 from 0/1000 to 590/1000: all ranks differ; II.1.3 capped: a data issue
    each), the first 20 also in 2023."""
    units = {(f"Xã số {i}", 2024): {"II.6.8.a": 10 * i, "II.6.8.b": 1000, "II.1.3.a": 150} for i in range(N)}
    units.update({(f"Xã số {i}", 2023): {"II.6.8.a": 500, "II.6.8.b": 1000} for i in range(20)})
    a = assess(dti, units)
    return comparison.build(ReportData(a, an.rank_intervals(a, rel_error=0.05, draws=10), False), 2024)


@pytest.fixture(scope="module")
def body(many):
    return "".join(part.data for part in comparison.sections(many))


def test_every_table_shows_the_ends_and_says_what_it_leaves_out(many, body):
    tables = re.findall(r"<tbody>(.*?)</tbody>", body, re.S)
    assert all(t.count("<tr>") <= MOST_ROWS for t in tables)
    assert len(rows(body)) < 8 * MOST_ROWS  # ranking, pillars, 2 Min-Max, intervals, quality, methods
    ranking = rows(comparison.ranking(many))
    assert [r[0] for r in ranking] == [str(k) for k in [*range(1, 16), *range(46, 61)]]
    text = words(comparison.ranking(many))
    assert "… 30 đơn vị xếp hạng 16–45 không in ở đây …" in text
    assert "Có 60 đơn vị" in text and comparison.SCORES_FILE in text
    assert "60/60 đơn vị" in words(comparison.quality_section(many))
    assert "In 30/60 đơn vị có nhiều điểm chưa tính được nhất." in words(comparison.quality_section(many))
    assert body.count('class="dx-gap"') == 5  # ranking, pillar table, two Min-Max criteria, intervals


def test_three_figures_whatever_the_number_of_units(body):
    figures = re.findall(r'src="data:image/svg\+xml;base64,([^"]*)"', body)
    assert len(figures) == 3  # the totals' histogram, the heatmap, the rank intervals
    assert len(body) < 600_000


def test_a_figure_is_inert_svg_with_text_as_text():
    from matplotlib.figure import Figure

    name = '<script>alert(1)</script> & "Ia $x$ Pa"'
    fig = Figure()
    fig.add_subplot().set_title(name.replace("$", r"\$"))
    fig.suptitle("Hạ tầng số")
    svg = base64.b64decode(re.search(r'data:image/svg\+xml;base64,([^"]*)"', present.figure(fig).data).group(1))
    root = ET.fromstring(svg)  # well-formed XML
    assert not [e for e in root.iter() if e.tag.endswith(("script", "foreignObject", "image"))]
    texts = ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("text")]
    assert name in texts and "Hạ tầng số" in texts
    assert b"<script>" not in svg and b"href=" not in svg.replace(b'xlink:href="#', b"")


def _pdf_engine() -> bool:
    from dxkit.reports.pdf import find_chromium

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return find_chromium() is not None


@pytest.mark.skipif(not _pdf_engine(), reason="PDF engine missing (needs chromium + playwright)")
def test_printed_it_keeps_to_a_few_pages(body, tmp_path):
    from dxkit.reports.pdf import html_to_pdf

    html = tmp_path / "comparison.html"
    html.write_text(page("So sánh", body), encoding="utf-8")
    pdf = html_to_pdf(html, tmp_path / "comparison.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 3 <= pages <= 16 and len(pdf) < 1_500_000

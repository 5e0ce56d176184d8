"""dxkit.reports.svg: measured text, escaping in one place, patterns, nice ticks, well-formed inert SVG.

`parse` and `boxes` are shared with the chart tests (test_plots, test_lone_plots)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import combinations

from dxkit.reports import svg

NS = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def parse(chart: svg.Chart) -> ET.Element:
    """The chart's SVG as an element tree (ElementTree raises if it is not well-formed XML)."""
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{NS}svg"
    return root


def texts(chart: svg.Chart) -> list[str]:
    """Every text drawn, in drawing order."""
    return [t.text or "" for t in parse(chart).iter(f"{NS}text")]


def boxes(chart: svg.Chart) -> list[tuple[str, Box]]:
    """Each text with the box its letters take (measured advance widths, the font's ascent and descent);
    an upright text (rotate(-90 x y)) turned accordingly."""
    out = []
    for t in parse(chart).iter(f"{NS}text"):
        x, y, size = float(t.get("x", 0)), float(t.get("y", 0)), float(t.get("font-size", 0))
        width = svg.text_width(t.text or "", size)
        x0 = x - {"start": 0.0, "middle": width / 2, "end": width}[t.get("text-anchor", "start")]
        up, down = svg.ascent(size), svg.descent(size)
        if t.get("transform"):
            assert t.get("transform") == f"rotate(-90 {t.get('x')} {t.get('y')})"
            out.append((t.text or "", (x - up, y - (x0 + width - x), x + down, y - (x0 - x))))
        else:
            out.append((t.text or "", (x0, y - up, x0 + width, y + down)))
    return out


def overlap(a: Box, b: Box, tolerance: float = 0.01) -> bool:
    return a[0] < b[2] - tolerance and b[0] < a[2] - tolerance and a[1] < b[3] - tolerance and b[1] < a[3] - tolerance


def assert_laid_out(chart: svg.Chart) -> None:
    """Every text inside the canvas, no two texts overlapping, no text on a bar."""
    root = parse(chart)
    placed = boxes(chart)
    for text, (x0, y0, x1, y1) in placed:
        assert x0 >= 0 and y0 >= 0 and x1 <= chart.width and y1 <= chart.height, (text, (x0, y0, x1, y1))
    for (a, box_a), (b, box_b) in combinations(placed, 2):
        assert not overlap(box_a, box_b), (a, b)
    bars = [
        (
            float(r.get("x")),
            float(r.get("y")),
            float(r.get("x")) + float(r.get("width")),
            float(r.get("y")) + float(r.get("height")),
        )
        for r in root.iter(f"{NS}rect")
        if r.get("class") == "bar"
    ]
    for text, box in placed:
        assert not any(overlap(box, bar) for bar in bars), text


def test_text_width_is_the_sum_of_the_fonts_advance_widths():
    # DejaVu Sans, 2048 units per em: 'W' advances 2025, 'I' 604, '0' 1303, a space 651
    assert svg.text_width("WI 0", 20) == (2025 + 604 + 651 + 1303) / 2048 * 20
    assert svg.text_width("ệ", 10) > 0 and svg.text_width("", 10) == 0
    assert svg.advance("中") == svg.MISSING  # not in DejaVu Sans: the browser draws it in another font


def test_fit_wraps_words_to_a_measured_width():
    size = 10.0
    width = svg.text_width("Phòng Nội", size) + 0.5
    assert svg.fit("Phòng Nội vụ huyện", size, width) == ["Phòng Nội", "vụ huyện"]
    assert svg.fit("ngắn", size, 1000) == ["ngắn"]
    assert all(svg.text_width(line, size) <= 20 for line in svg.fit("Chuyểnđổisố", size, 20))  # a long word split
    assert svg.wrap("II.6 Hoạt động chính quyền số", 26) == ["II.6 Hoạt động chính quyền", "số"]  # 26 + 2


def test_nice_ticks():
    assert svg.ticks(0, 114) == [0, 20, 40, 60, 80, 100]
    assert svg.ticks(612, 750, 7) == [620, 640, 660, 680, 700, 720, 740]
    assert svg.ticks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1]
    assert svg.ticks(-3, -0.5) == [-3, -2.5, -2, -1.5, -1, -0.5]
    assert svg.ticks(1, 17, 9, integer=True) == [2, 4, 6, 8, 10, 12, 14, 16]
    assert svg.ticks(2022.5, 2024.5, integer=True) == [2023, 2024]
    assert svg.ticks(2024, 2024, integer=True) == [2024]
    assert svg.ticks(1, float("nan")) == []


def test_scale_maps_linearly_and_may_turn_over():
    assert svg.Scale(0, 100, 10, 110)(25) == 35
    rank = svg.Scale(17.5, 0.5, 200, 50)  # rank 1 at the top
    assert rank(1) < rank(17) and rank(0.5) == 50


def test_every_text_is_escaped_and_stays_literal():
    hostile = '<script>alert(1)</script> & "x" \x07 Ia $x$ Pa'
    canvas = svg.Canvas()
    canvas.text(10, 20, hostile)
    canvas.legend([svg.Key(hostile, svg.Fill("#fff", "hatch"))], 30)
    chart = canvas.finish(80, hostile)
    root = parse(chart)
    assert not any(e.tag in (f"{NS}script", f"{NS}foreignObject") for e in root.iter())
    assert texts(chart)[0] == hostile.replace("\x07", "\ufffd")
    assert root.find(f"{NS}title").text == hostile.replace("\x07", "\ufffd")
    assert "<script" not in chart.svg and "href" not in chart.svg


def test_a_document_names_its_fonts_and_its_size():
    canvas = svg.Canvas()
    canvas.text(10, 20, "Chỉ số")
    root = parse(canvas.finish(60.2, "t"))
    assert root.get("font-family") == "'DejaVu Sans', 'Noto Sans', Arial, sans-serif"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("605", "61", "0 0 605 61")


def test_hatch_and_dots_are_strokes_inside_their_box():
    canvas = svg.Canvas()
    canvas.rect(0, 0, 18, 9, svg.Fill("#d9d9d9", "hatch"), "bar")
    canvas.rect(0, 20, 10, 5, svg.Fill("#ffffff", "dots", "#666666", "3,2"))
    root = parse(canvas.finish(30, "t"))
    assert not list(root.iter(f"{NS}pattern"))  # Chromium would print a pattern fill as a picture
    hatch, dots = root.iter(f"{NS}path")
    # lines x + y = 9k through the 18 × 9 box: k = 1 from (0, 9) to (9, 0), k = 2 from (9, 9) to (18, 0)
    assert (hatch.get("class"), hatch.get("d")) == ("hatch", "M0.0,9.0l9.0,-9.0M9.0,9.0l9.0,-9.0")
    assert (dots.get("class"), dots.get("d")) == ("dots", "M2.5,22.5h0M7.5,22.5h0")  # a dot every 5 px
    assert dots.get("stroke-linecap") == "round"
    boxes_ = [(r.get("fill"), r.get("stroke"), r.get("stroke-dasharray")) for r in root.iter(f"{NS}rect")]
    assert boxes_[1:] == [("#d9d9d9", "#000000", None), ("#ffffff", "#666666", "3,2")]  # after the background


def test_legend_rows_fit_the_canvas():
    canvas = svg.Canvas()
    keys = [svg.Key(f"Một mục chú giải khá dài số {k}", svg.Stroke(1.5, "5,3", "square", "#fff")) for k in range(6)]
    bottom = canvas.legend(keys, 10)
    chart = canvas.finish(bottom, "t")
    assert bottom > 10 + 2 * svg.block_height(1, svg.TEXT)  # more than one row
    assert_laid_out(chart)
    assert len([e for e in parse(chart).iter(f"{NS}rect") if e.get("fill") == "#fff"]) == 6  # white squares


def test_shorten_cuts_a_text_to_a_measured_width_with_an_ellipsis():
    assert svg.shorten("Ia Pa", 10, 1000) == "Ia Pa"
    cut = svg.shorten("Thị xã Rất Dài Tên Đơn Vị", 10, 60)
    assert cut.endswith("…") and "Thị xã Rất Dài".startswith(cut[:-1].rstrip()) and svg.text_width(cut, 10) <= 60

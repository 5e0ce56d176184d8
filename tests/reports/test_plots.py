"""dxkit.reports.plots: Figures (no pyplot), Vietnamese labels in DejaVu Sans, black-and-white cues, PNG output."""

import io
import warnings
from itertools import pairwise

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from dxkit import analysis as an
from dxkit.core.problems import InputError
from dxkit.reports import plots
from dxkit.reports.data import unit_report, year_report
from tests.province import assess


def texts(fig: Figure) -> str:
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
        "profile": plots.pillar_profile(unit_report(province, "A", 2024)),
        "radar": plots.pillar_radar(unit_report(province, "A", 2024)),
        "heatmap": plots.pillar_heatmap(year_report(province, 2024)),
        "losses": plots.losses_by_department_chart(unit_report(province, "A", 2024)),
        "trend": plots.trend(unit_report(province, "A", 2024)),
        "intervals": plots.rank_intervals_chart(an.rank_intervals(province, rel_error=0.05, draws=30)),
    }


def test_every_chart_is_a_figure_in_dejavu_sans_with_vietnamese_text(figures):
    assert plt.get_fignums() == []  # nothing left open in pyplot
    for name, fig in figures.items():
        assert isinstance(fig, Figure), name
        assert render(fig).startswith(b"\x89PNG"), name
        fonts = {t.get_fontname() for t in fig.findobj(Text) if t.get_text()}
        assert fonts == {"DejaVu Sans"}, (name, fonts)
    assert "II.1 Nhận thức số" in texts(figures["profile"])
    assert "Chỉ số theo trụ cột các đơn vị năm 2024 (%)" in texts(figures["heatmap"])
    assert "Phòng Văn hóa và Thông tin" in texts(figures["losses"])
    assert "A: tổng điểm và thứ hạng qua các năm" in texts(figures["trend"])
    assert "Khoảng thứ hạng khi số liệu sai lệch ±5% (30 lần mô phỏng), năm 2024" in texts(figures["intervals"])


def test_black_and_white_cues(figures):
    hatches = {p.get_hatch() for p in figures["profile"].axes[0].patches}
    assert "///" in hatches
    markers = {line.get_marker() for line in figures["radar"].axes[0].get_lines()}
    assert {"o", "s"} <= markers
    styles = {line.get_linestyle() for line in figures["radar"].axes[0].get_lines()}
    assert {"-", "--"} <= styles
    assert "///" in {p.get_hatch() for p in figures["losses"].axes[0].patches}


def test_values_written_with_vietnamese_decimal_comma(figures):
    assert "62,5" in texts(figures["profile"])  # II.1 of A: 50/80
    assert "62,5" in texts(figures["heatmap"])
    assert "941,8" in texts(figures["trend"])
    assert "−58,24" in texts(figures["losses"])


def test_english_labels(province):
    fig = plots.pillar_profile(unit_report(province, "A", 2024, "en"))
    body = texts(fig)
    assert "II.1 Digital awareness" in body and "Median of the units" in body and "62.5" in body


def test_single_unit_and_no_losses(dti):
    a = assess(dti, {("Solo", 2024): {}})
    profile = texts(plots.pillar_profile(unit_report(a, "Solo", 2024)))
    assert "Trung vị các đơn vị" not in profile  # no peers, no median
    losses = texts(
        plots.losses_by_department_chart(unit_report(assess(dti, {("X", 2024): {}, ("Y", 2024): {}}), "X", 2024))
    )
    assert "Không mất điểm nào" in losses
    render(plots.trend(unit_report(a, "Solo", 2024)))


def test_unknown_district_raises(province):
    with pytest.raises(InputError, match="Nowhere"):
        plots.pillar_profile(unit_report(province, "Nowhere", 2024))


def test_heatmap_has_a_row_per_unit_and_pillar_names_apart(figures):
    """Units are rows (best first, names never rotated); pillar names never touch, at screen and report dpi."""
    fig = figures["heatmap"]
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1. B", "1. D", "3. C", "4. A"]
    assert all(t.get_rotation() == 0 for t in ax.get_xticklabels() + ax.get_yticklabels())
    for dpi in (100, 144):
        fig.set_dpi(dpi)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
        assert all(a.x1 < b.x0 for a, b in pairwise(boxes)), dpi

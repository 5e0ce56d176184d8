"""Charts draw free text literally: a name with `$…$` is never read as mathtext (issue 9 §12),
and a lone unit's charts show no peers."""

import io
import re

import pytest
from matplotlib.text import Text

from dxkit import analysis as an
from dxkit import score
from dxkit.reports import plots, present
from dxkit.reports.data import unit_report, year_report
from tests.province import full_marks, table

ODD = r"Ia $\undefinedcmd{$ Pa"
MATH = "Đak $x^2$ Pơ"  # valid mathtext: would silently render as a formula


@pytest.fixture(scope="module")
def odd(dti):
    units = {
        (ODD, 2023): full_marks(dti, {"II.8.4": 3}),
        (ODD, 2024): full_marks(dti, {"II.8.4": 4}),
        (MATH, 2023): full_marks(dti),
        (MATH, 2024): full_marks(dti, {"II.2.9": "không"}),
    }
    return score(table(units), dti)


def charts(a, name):
    return {
        "profile": plots.pillar_profile(unit_report(a, name, 2024)),
        "radar": plots.pillar_radar(unit_report(a, name, 2024)),
        "heatmap": plots.pillar_heatmap(year_report(a, 2024)),
        "losses": plots.losses_by_department_chart(unit_report(a, name, 2024)),
        "trend": plots.trend(unit_report(a, name, 2024)),
        "intervals": plots.rank_intervals_chart(an.rank_intervals(a, rel_error=0.05, draws=20), "vi", 2024),
    }


def shown(t: Text) -> tuple[str, bool]:
    """What matplotlib draws for a Text, and whether it parses it as math."""
    s, math = t._preprocess_math(t.get_text())
    return s, bool(math)


@pytest.mark.parametrize("name", [ODD, MATH])
def test_every_chart_draws_dollar_names_literally(odd, name):
    for key, fig in charts(odd, name).items():
        fig.savefig(io.BytesIO(), format="png", dpi=40)  # mathtext would raise on ODD here
        drawn = [shown(t) for t in fig.findobj(Text) if t.get_text()]
        assert not any(math for _, math in drawn), key
        literal = [s for s, _ in drawn]
        for n in (ODD, MATH):
            if key in ("heatmap", "intervals") or n == name:  # tick labels / title and legend
                assert any(n in s for s in literal), (key, n)


def test_figure_alt_text_is_the_title_as_written(odd):
    html = present.figure(plots.pillar_profile(unit_report(odd, ODD, 2024))).data
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt == present.esc(f"{ODD} 2024: chỉ số theo trụ cột")


def test_a_lone_unit_has_no_peer_marks(dti):
    a = score(
        table({("Chư Prông", 2024): full_marks(dti, {"II.6.8.a": 50}), ("Chư Prông", 2023): full_marks(dti)}), dti
    )
    labels = [t.get_text() for t in plots.pillar_profile(unit_report(a, "Chư Prông", 2024)).findobj(Text)]
    assert not any("Trung vị" in s or "Thấp nhất" in s for s in labels)  # no median, no whiskers
    fig = plots.trend(unit_report(a, "Chư Prông", 2024))
    assert len(fig.axes) == 1 and not any(
        "Thứ hạng" in t.get_text() or "Trung vị" in t.get_text() for t in fig.findobj(Text)
    )
    lone = score(table({("Chư Prông", 2024): full_marks(dti)}), dti)  # II.5.9 and II.8.4 wait for bounds
    legend = [
        t.get_text()
        for t in plots.losses_by_department_chart(unit_report(lone, "Chư Prông", 2024)).legends[0].get_texts()
    ]
    assert legend == ["Điểm đạt", "Điểm mất", "Chờ ngưỡng tham chiếu"]

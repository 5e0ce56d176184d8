"""Charts of a report model (dxkit.reports.data). A district's charts read its `UnitReport`, the province's
its `YearReport`; none calls the analysis.

The district report's three charts (`pillar_profile`, `losses_by_department_chart`, `trend`) and the
comparison's heatmap (`pillar_heatmap`) are written directly as SVG (`svg.Chart`, see dxkit.reports.svg:
a few ms each, text laid out by the browser); the others (`totals_histogram`, `rank_intervals_chart`,
`pillar_radar`) are matplotlib Figures (Agg canvas, never shown), in DejaVu Sans (full Vietnamese
diacritics).

Labels are in the report's language (reports.chart.* in the vocabulary) with pillar names from the
catalogue. Every text is drawn literally: an SVG chart escapes it as XML; for matplotlib `$` in a name
('Ia $x$ Pa') is escaped so that it is never read as mathtext, and TeX is never used. Every chart stays
readable printed in black and white on A4: series differ by hatch, marker and line style, not by colour
alone, and values are written on the chart.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise
from typing import TYPE_CHECKING, Any, cast

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.projections.polar import PolarAxes
from matplotlib.ticker import MaxNLocator

from dxkit.analysis._common import TOTAL
from dxkit.core import fmt, vocab
from dxkit.core.vocab import Status
from dxkit.reports import numbers, svg
from dxkit.reports.data import UnitReport, YearReport

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

A4_TEXT_WIDTH = 6.3  # inches: A4 minus 2.5 cm margins
STYLE: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Noto Sans", "Arial"],  # drawn in the first; an SVG names them all
    "font.size": 8.5,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "text.usetex": False,
}
SVG_STYLE: dict[RcKeyType, Any] = {**STYLE, "svg.fonttype": "none", "svg.hashsalt": "dxkit"}  # text as text, stable ids
PROFILE_ROW = 0.45 * 96  # px per pillar (0.45 in, as the matplotlib chart had)
DEPARTMENT_ROW = 0.4 * 96  # px per department
BAR = 0.8  # a bar's thickness, as a share of its row
TREND_PLOT = 150.0  # px: the height of the trend's plots
LINE = 1.5  # px: a series' line
RANGE = 1.33  # px: the peers' lowest–highest line
DASHED = "5,3"
OWN = svg.Stroke(LINE, None, "circle")  # the district's series: solid, black circles
MEDIAN = svg.Stroke(LINE, DASHED, "square", "#ffffff")  # the units' median: dashed, white squares
GREY = "#d9d9d9"  # the district's bars, under the hatch
WON = svg.Fill("#999999")
LOST = svg.Fill("#ffffff", "hatch")
PENDING = svg.Fill("#ffffff", "dots", "#666666", "3,2")
svg.warm()  # the font's widths read now: the zygote preloads this module, so its kernels start with them


def lit(text: object) -> str:
    """`text` as matplotlib draws it literally: every `$` escaped, so no mathtext is parsed."""
    return str(text).replace("$", r"\$")


def _words(key: str, lang: str, **fields: object) -> str:
    """The words `reports.<key>` ('chart.median', 'total', …) in `lang`, as written (for an SVG chart)."""
    return vocab.t(f"reports.{key}", lang, **fields)


def _w(key: str, lang: str, **fields: object) -> str:
    """The words `reports.<key>` in `lang`, drawn literally by matplotlib."""
    return lit(_words(key, lang, **fields))


def _pending(lang: str) -> str:
    """'Chờ ngưỡng tham chiếu': the status word, as a legend entry."""
    word = Status.NEEDS_PEERS.label(lang)
    return word[:1].upper() + word[1:]


@contextmanager
def _figure(width: float, height: float) -> Iterator[Figure]:
    """A Figure on an Agg canvas, built and laid out inside the dxkit style (so all text, ticks too, keeps its
    font); the layout is then fixed, so that saving the figure does not compute it again."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasAgg(fig)
        yield fig
        fig.draw_without_rendering()
        fig.set_layout_engine("none")


def _title(fig: Figure, text: str) -> None:
    fig.suptitle(textwrap.fill(text, 70))  # `text` comes from _w, already literal


def _legend(fig: Figure, ncol: int) -> None:
    """One legend for the figure, under the plot, so it never covers data or the title."""
    fig.legend(loc="outside lower center", ncol=ncol)


def _pillar_label(code: str, name: str, width: int) -> str:
    return lit(textwrap.fill(f"{code} {name}", width))


def _pct(x: float, lang: str) -> str:
    return fmt.number(x * 100, lang, 1)


def _pillars(shared: YearReport) -> pd.DataFrame:
    prof = shared.profile
    return prof[(prof["year"] == shared.year) & (prof["level"] == "pillar")]


def _unit_pillars(unit: UnitReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The district's pillar rows and the peers' median, min and max index per pillar (catalogue order)."""
    pillars = _pillars(unit.shared)
    own = pillars[pillars["district"] == unit.district].set_index("code")
    stats = pillars.groupby("code")["index"].agg(["median", "min", "max"]).reindex(own.index)
    return own, stats


def _rows(labels: list[list[str]], top: float, row: float) -> tuple[float, list[float], float]:
    """Where horizontal bars go under `top`: the plot's left edge (right of the widest name and its tick),
    each row's middle (a row `row` px tall, or as tall as its wrapped name), and the rows' bottom."""
    left = svg.PAD + max((svg.block_width(lines, svg.TEXT) for lines in labels), default=0) + svg.TICK + 2
    heights = [max(row, svg.block_height(len(lines), svg.TEXT) + svg.GAP) for lines in labels]
    middles = [top + sum(heights[:k]) + h / 2 for k, h in enumerate(heights)]
    return left, middles, top + sum(heights)


def _row_axis(canvas: svg.Canvas, left: float, top: float, bottom: float, rows: dict[float, list[str]]) -> None:
    """The vertical axis at `left` from `top` to `bottom`, each row's name right-aligned at its tick
    (`rows`: middle → the name's lines)."""
    canvas.line(left, top, left, bottom)
    for middle, lines in rows.items():
        canvas.line(left - svg.TICK, middle, left, middle)
        canvas.lines(left - svg.TICK - 2, middle, lines, svg.TEXT, "end")


def pillar_profile(unit: UnitReport) -> svg.Chart:
    """Horizontal bars of the district's pillar indices (%, each written right of the plot) and, when the
    district has peers, their median (white diamond) and lowest–highest range (a line)."""
    district, year, lang = unit.district, unit.year, unit.lang
    own, stats = _unit_pillars(unit)
    peers = bool(len(own) and own["n_units"].iloc[0] > 1)
    title = _words("chart.profile", lang, district=district, year=year)
    labels = [svg.wrap(f"{c} {n}", 26) for c, n in zip(own.index, own["name"])]
    values = [_pct(v, lang) for v in own["index"]]
    canvas = svg.Canvas()
    top = canvas.centred(title, svg.PAD) + 2 * svg.GAP
    left, middles, bottom = _rows(labels, top, PROFILE_ROW)
    right = canvas.width - svg.PAD - max((svg.text_width(v, svg.SMALL) for v in values), default=0) - svg.GAP
    x = svg.Scale(0, 100, left, right)
    bar = svg.Fill(GREY, "hatch")
    thick = BAR * PROFILE_ROW
    for middle, index, text, (mid, low, high) in zip(middles, own["index"] * 100, values, stats.to_numpy() * 100):
        if np.isfinite(index):
            canvas.rect(x(0), middle - thick / 2, x(index) - x(0), thick, bar, "bar")
        if peers and np.isfinite([low, mid, high]).all():
            canvas.line(x(low), middle, x(high), middle, RANGE)
            canvas.marker(x(mid), middle, "diamond", "#ffffff")
        canvas.lines(right + svg.GAP, middle, [text], svg.SMALL)
    _row_axis(canvas, left, top, bottom, dict(zip(middles, labels)))
    marks = [0, 20, 40, 60, 80, 100]
    under = canvas.x_axis(x, bottom, marks, [fmt.number(m, lang) for m in marks])
    under = canvas.centred(_words("chart.index", lang), under, svg.TEXT, (left, right))
    keys = [svg.Key(district, bar)]
    if peers:
        keys += [
            svg.Key(_words("chart.median", lang), svg.Stroke(0, None, "diamond", "#ffffff")),
            svg.Key(_words("range", lang), svg.Stroke(RANGE)),
        ]
    return canvas.finish(canvas.legend(keys, under + svg.GAP) + svg.PAD, title)


def pillar_radar(unit: UnitReport) -> Figure:
    """Radar of the district's pillar indices against the peers' median (solid vs dashed, distinct markers)."""
    district, year, lang = unit.district, unit.year, unit.lang
    own, stats = _unit_pillars(unit)
    angles = np.linspace(0, 2 * np.pi, len(own), endpoint=False)
    closed = np.append(angles, angles[0])
    with _figure(A4_TEXT_WIDTH, 5.2) as fig:
        ax = cast(PolarAxes, fig.add_subplot(projection="polar"))
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        values = np.append(own["index"].to_numpy(), own["index"].iloc[0]) * 100
        ax.plot(closed, values, "-o", color="black", linewidth=1.5, label=lit(district))
        ax.fill(closed, values, color="0.85", alpha=0.6)
        if own["n_units"].iloc[0] > 1:
            median = np.append(stats["median"].to_numpy(), stats["median"].iloc[0]) * 100
            ax.plot(
                closed,
                median,
                "--s",
                color="black",
                linewidth=1,
                markerfacecolor="white",
                label=_w("chart.median", lang),
            )
        ax.set_xticks(angles, [_pillar_label(c, n, 18) for c, n in zip(own.index, own["name"])], fontsize=7.5)
        ax.tick_params(axis="x", pad=10)
        for label, angle in zip(ax.get_xticklabels(), angles):
            side = np.sin(angle)  # > 0: right half of the circle (clockwise from the top)
            label.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1 else "center")
        ax.set_ylim(0, 100)
        ax.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], fontsize=7)
        _title(fig, _w("chart.profile", lang, district=district, year=year))
        _legend(fig, 2)
    return fig


HEATMAP_ROW = 0.18 * 96  # px per unit row (0.18 in, as the matplotlib chart had)
HEATMAP_LABEL_GAP = 0.1 * 96  # px at least between two pillar names
HEATMAP_LABEL_SIZES = (7.5, 7.0, 6.5, 6.0, 5.5)  # pt: the pillar names' sizes tried, largest first
HEATMAP_VALUE = 7 * 96 / 72  # px: the index written in each cell (7 pt)
DARK_CELL = 0.408  # a cell's relative luminance under which its value is written in white (as seaborn does)
CUT = svg.Stroke(1.2, "4,2")  # where rows leave units out
HEATMAP_NAMES = 0.4  # the unit names take at most this share of the chart's width


def _ink(rgb: np.ndarray) -> str:
    """Black or white text, whichever reads on a cell of colour `rgb` (its relative luminance, as seaborn)."""
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return "#000000" if float(linear @ [0.2126, 0.7152, 0.0722]) > DARK_CELL else "#ffffff"


def _greys(values: np.ndarray, low: float) -> np.ndarray:
    """RGB in [0, 1] of each value on matplotlib's 'Greys' scale from `low` (white) to 100 (black)."""
    from matplotlib import colormaps

    share = np.clip((values - low) / max(100.0 - low, 1e-9), 0.0, 1.0)
    return np.asarray(colormaps["Greys"](np.nan_to_num(share)))[..., :3]


def _hex(rgb: np.ndarray) -> str:
    return "#" + "".join(f"{round(float(c) * 255):02x}" for c in rgb)


def _column_labels(pillars: list[tuple[str, str]], column: float) -> tuple[float, list[list[str]]]:
    """Pillar names over their columns `column` px wide, wrapped so that no two neighbours come closer
    than HEATMAP_LABEL_GAP: of the wraps and sizes that fit, the one with the fewest lines, a point
    smaller counting as one and a half lines more. Returns the size (px) and each name's lines."""
    best: tuple[float, float, list[list[str]]] = (
        float("inf"),
        HEATMAP_LABEL_SIZES[-1] * 96 / 72,
        [[c, n] for c, n in pillars],
    )
    for points in HEATMAP_LABEL_SIZES:
        size = points * 96 / 72
        for chars in (18, 16, 14, 12, 10, 8):
            texts = [textwrap.wrap(f"{c} {n}", chars, break_long_words=False) or [c] for c, n in pillars]
            widths = [svg.block_width(lines, size) for lines in texts]
            cost = max(len(lines) for lines in texts) + 1.5 * (HEATMAP_LABEL_SIZES[0] - points)
            if cost < best[0] and all((a + b) / 2 + HEATMAP_LABEL_GAP <= column for a, b in pairwise(widths)):
                best = (cost, size, texts)
    return best[1], best[2]


def pillar_heatmap(shared: YearReport, rows: Sequence[int] | None = None) -> svg.Chart:
    """Units (best total first; `rows`: their positions in that order, default all) × pillars, grey scale
    with every index written in its cell. One row per unit (names never rotated), a dashed line where
    `rows` skips units; pillar names are wrapped over their columns, and set smaller until no two touch."""
    year, lang = shared.year, shared.lang
    pillars = _pillars(shared)
    totals = shared.totals()
    part = totals.iloc[list(rows)] if rows is not None else totals
    codes = list(dict.fromkeys(pillars["code"]))
    names = dict(zip(pillars["code"], pillars["name"]))
    grid = pillars.pivot(index="district", columns="code", values="index").reindex(
        index=part["district"], columns=codes
    )
    values = grid.to_numpy(dtype=float) * 100
    low = min(90.0, np.floor(np.nanmin(values) / 10) * 10) if np.isfinite(values).any() else 0.0
    title = _words("chart.heatmap", lang, year=year)
    ranks = part["rank"].astype(int).tolist()
    cuts = [k for k, (a, b) in enumerate(pairwise(rows or []), start=1) if b != a + 1]
    if cuts:
        spans = ", ".join(f"{ranks[a]}–{ranks[b - 1]}" for a, b in pairwise([0, *cuts, len(ranks)]))
        title = vocab.t("comparison.chart.heatmap_ranks", lang, title=title, ranks=spans)
    canvas = svg.Canvas()
    top = canvas.centred(title, svg.PAD) + svg.GAP
    room = HEATMAP_NAMES * canvas.width  # a very long name is cut ('…'): the pillar table gives it whole
    units = [svg.shorten(f"{r}. {d}", svg.TEXT, room) for r, d in zip(ranks, part["district"])]
    left = svg.PAD + max((svg.text_width(u, svg.TEXT) for u in units), default=0.0) + svg.GAP
    right = canvas.width - svg.PAD
    column = (right - left) / max(len(codes), 1)
    size, labels = _column_labels([(c, names[c]) for c in codes], column)
    head = max((len(lines) for lines in labels), default=1)
    plot = top + svg.block_height(head, size) + svg.GAP
    for j, lines in enumerate(labels):
        x = left + (j + 0.5) * column
        for k, line in enumerate(lines):
            canvas.text(
                x, plot - svg.GAP - (len(lines) - 1 - k) * size * svg.LEADING - svg.descent(size), line, size, "middle"
            )
    colours = _greys(values, low)
    for i, unit in enumerate(units):
        y = plot + i * HEATMAP_ROW
        canvas.lines(left - svg.GAP, y + HEATMAP_ROW / 2, [unit], svg.TEXT, "end")
        for j in range(len(codes)):
            if np.isfinite(values[i, j]):  # one decimal in every cell ('100,0', '82,6'); a gap stays white
                x = left + j * column
                canvas.rect(x, y, column, HEATMAP_ROW, svg.Fill(_hex(colours[i, j]), stroke="#ffffff"), "cell")
                text = numbers.fixed(values[i, j], lang, 1)
                canvas.lines(x + column / 2, y + HEATMAP_ROW / 2, [text], HEATMAP_VALUE, "middle", _ink(colours[i, j]))
    for k in cuts:
        y = plot + k * HEATMAP_ROW
        canvas.line(left, y, right, y, CUT.width, CUT.dash)
    return canvas.finish(plot + len(units) * HEATMAP_ROW + svg.PAD, title)


def losses_by_department_chart(unit: UnitReport) -> svg.Chart:
    """Stacked bars per responsible department: points won (grey), lost (hatched, '−x' written after the
    bar) and, when a Min-Max criterion waits for peers or reference bounds, pending (dotted, dashed edge:
    neither won nor lost); with no loss at all, a line says so above the plot."""
    district, year, lang = unit.district, unit.year, unit.lang
    depts = unit.departments
    title = _words("chart.losses", lang, district=district, year=year)
    labels = [svg.wrap(d, 34) for d in depts["department"]]
    losses = [f"−{fmt.number(lost, lang)}" if lost > 0 else "" for lost in depts["lost"]]
    ends = (depts["points"] + depts["lost"] + depts["pending"]).astype(float).tolist()
    full = max([*depts["max_points"].astype(float), *ends, 1.0])
    canvas = svg.Canvas()
    top = canvas.centred(title, svg.PAD) + 2 * svg.GAP
    if depts["lost"].sum() == 0:
        top = canvas.centred(_words("chart.no_losses", lang), top) + svg.GAP
    left, middles, bottom = _rows(labels, top, DEPARTMENT_ROW)
    edge = canvas.width - svg.PAD
    right = edge - svg.text_width(fmt.number(full, lang), svg.TEXT) / 2  # room for the last tick's label
    room = [edge - left - svg.GAP - svg.text_width(text, svg.SMALL) for text in losses]  # px a bar may take
    hi = max([full, *(end * (right - left) / r for end, r in zip(ends, room) if r > 0)])  # each label fits
    x = svg.Scale(0, hi, left, right)
    thick = BAR * DEPARTMENT_ROW
    for middle, won, lost, wait, text in zip(middles, depts["points"], depts["lost"], depts["pending"], losses):
        start = 0.0
        for value, fill in ((won, WON), (lost, LOST), (wait, PENDING)):
            if value > 0:
                canvas.rect(x(start), middle - thick / 2, x(start + value) - x(start), thick, fill, "bar")
                start += value
        if text:
            canvas.lines(x(start) + svg.GAP, middle, [text], svg.SMALL)
    _row_axis(canvas, left, top, bottom, dict(zip(middles, labels)))
    marks = svg.ticks(0, x.hi, 7)
    under = canvas.x_axis(x, bottom, marks, [fmt.number(m, lang) for m in marks])
    under = canvas.centred(_words("points", lang), under, svg.TEXT, (left, right))
    keys = [svg.Key(_words("chart.won", lang), WON), svg.Key(_words("lost", lang), LOST)]
    if depts["pending"].sum() > 0:
        keys.append(svg.Key(_pending(lang), PENDING))
    return canvas.finish(canvas.legend(keys, under + svg.GAP) + svg.PAD, title)


def _room_above(lo: float, hi: float, bottom: float, top: float, room: float) -> svg.Scale:
    """A vertical scale on [bottom, top] (px) where [lo, hi] takes all but `room` px at the top."""
    return svg.Scale(lo, hi + (hi - lo) * room / (bottom - top - room), bottom, top)


def _year_panel(
    canvas: svg.Canvas,
    box: tuple[float, float],
    y: svg.Scale,
    name: str,
    marks: list[float],
    years: list[int],
    lang: str,
) -> tuple[svg.Scale, float]:
    """A plot over the years, across `box` (left, right): its vertical axis (scale `y`, ticks at `marks`, its
    `name` upright at the left) and its axis of years, a margin at each end. Returns the years' scale and
    the height under the axis's name."""
    left, right = box
    labels = [fmt.number(m, lang) for m in marks]
    names = svg.fit(name, svg.TEXT, y.start - y.end)
    canvas.y_label(left, y.end, y.start, names)
    plot = left + svg.block_height(len(names), svg.TEXT) + svg.GAP
    plot += max((svg.text_width(label, svg.TEXT) for label in labels), default=0) + 2 + svg.TICK
    canvas.y_axis(y, plot, marks, labels)
    margin = max(0.15 * (years[-1] - years[0]), 0.5)
    x = svg.Scale(years[0] - margin, years[-1] + margin, plot, right)
    ticks = svg.ticks(years[0], years[-1], 6, integer=True)
    under = canvas.x_axis(x, y.start, ticks, [str(int(t)) for t in ticks])  # years never grouped ('2.024')
    return x, canvas.centred(_words("chart.year", lang), under, svg.TEXT, (plot, right))


def trend(unit: UnitReport) -> svg.Chart:
    """Total (with the units' median) and rank (1 at the top) over the years with data for the district,
    each total written over its point. When the district is the only unit in every year there is nothing
    to compare: the total alone."""
    district, lang, prof = unit.district, unit.lang, unit.shared.profile
    totals = prof[prof["code"] == TOTAL]
    own = totals[totals["district"] == district].sort_values("year")
    compared = bool((own["n_units"] > 1).any())
    median = totals.groupby("year")["points"].median().reindex(own["year"]).astype(float).tolist()
    title = _words("chart.trend" if compared else "chart.trend_alone", lang, district=district)
    years = own["year"].astype(int).tolist()
    points = own["points"].astype(float).tolist()
    canvas = svg.Canvas()
    top = canvas.centred(title, svg.PAD) + 2 * svg.GAP
    bottom = top + TREND_PLOT
    panels = 2 if compared else 1
    width = (canvas.width - 2 * svg.PAD - 6 * svg.GAP * (panels - 1)) / panels
    known = [v for v in [*points, *(median if compared else [])] if np.isfinite(v)] or [0.0]
    lo, hi = min(known), max(known)
    pad = 0.08 * (hi - lo) or max(abs(hi) * 0.05, 1.0)
    y = _room_above(lo - pad, hi + pad, bottom, top, svg.SMALL * svg.LEADING + svg.GAP)
    x, under = _year_panel(
        canvas, (svg.PAD, svg.PAD + width), y, _words("total", lang), svg.ticks(y.lo, y.hi, 7), years, lang
    )
    if compared:
        canvas.series([(x(t), y(v)) for t, v in zip(years, median)], MEDIAN)
    canvas.series([(x(t), y(v)) for t, v in zip(years, points)], OWN)
    for t, v in zip(years, points):
        if np.isfinite(v):
            canvas.text(x(t), y(v) - svg.GAP - svg.descent(svg.SMALL), fmt.number(v, lang, 1), svg.SMALL, "middle")
    keys = [svg.Key(district, OWN)]
    if compared:
        keys.append(svg.Key(_words("chart.median", lang), MEDIAN))
        n = int(own["n_units"].max())
        rank = svg.Scale(n + 0.5, 0.5, bottom, top)
        box = (canvas.width - svg.PAD - width, canvas.width - svg.PAD)
        marks = svg.ticks(1, n, 9, integer=True)
        x, below = _year_panel(canvas, box, rank, _words("chart.rank", lang), marks, years, lang)
        canvas.series([(x(t), rank(r)) for t, r in zip(years, own["rank"].astype(float))], OWN)
        under = max(under, below)
    return canvas.finish(canvas.legend(keys, under + svg.GAP) + svg.PAD, title)


def rank_intervals_chart(intervals: pd.DataFrame, lang: str = vocab.DEFAULT, year: int | None = None) -> Figure:
    """From `rank_intervals`: per district the lowest–highest rank (thin), the 90% interval (thick),
    the median (white circle) and the rank with the data as given (×)."""
    year = intervals["year"].max() if year is None else year
    rows = intervals[intervals["year"] == year].sort_values(["rank", "district"]).iloc[::-1]
    y = np.arange(len(rows))
    error = fmt.percent(intervals.attrs.get("rel_error", np.nan), lang)
    draws = int(rows["draws"].iloc[0]) if len(rows) else 0
    with _figure(A4_TEXT_WIDTH, 0.3 * len(rows) + 1.4) as fig:
        ax = fig.add_subplot()
        ax.hlines(y, rows["rank_min"], rows["rank_max"], color="black", linewidth=0.8, label=_w("range", lang))
        ax.hlines(y, rows["rank_p05"], rows["rank_p95"], color="0.4", linewidth=5, label=_w("chart.p90", lang))
        ax.plot(
            rows["rank_median"], y, "o", color="black", markerfacecolor="white", label=_w("chart.rank_median", lang)
        )
        ax.plot(rows["rank"], y, "x", color="black", markersize=7, label=_w("chart.rank_base", lang))
        ax.set_yticks(y, [lit(d) for d in rows["district"]])
        n = int(rows["n_units"].max()) if len(rows) else 1
        ax.set_xlim(0.5, n + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(_w("chart.rank", lang))
        _title(fig, _w("chart.intervals", lang, error=error, draws=draws, year=year))
        _legend(fig, 2)
    return fig


def totals_histogram(shared: YearReport) -> Figure:
    """How the year's totals spread over the units: a histogram, its median marked (dashed) and written."""
    year, lang = shared.year, shared.lang
    totals = shared.totals()["points"].astype(float)
    median = float(totals.median())
    with _figure(A4_TEXT_WIDTH, 2.6) as fig:
        ax = fig.add_subplot()
        ax.hist(totals, bins="auto", color="0.8", edgecolor="black", linewidth=0.6)
        ax.axvline(median, color="black", linestyle="--", linewidth=1.2, label=_w("chart.median", lang))
        ax.annotate(
            lit(fmt.number(median, lang, 1)),
            (median, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -10),
            textcoords="offset points",
            fontsize=7.5,
        )
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(_w("total", lang))
        ax.set_ylabel(lit(vocab.t("comparison.chart.units", lang)))
        _title(fig, lit(vocab.t("comparison.chart.distribution", lang, n=len(totals), year=year)))
        _legend(fig, 1)
    return fig

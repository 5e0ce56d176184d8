"""Charts of a report model (dxkit.reports.data): each returns a matplotlib Figure (Agg canvas, never shown).

A district's charts read its `UnitReport`, the province's its `YearReport`; none calls the analysis.

Labels are in the report's language (reports.chart.* in the vocabulary) with pillar names from the
catalogue, in DejaVu Sans (full Vietnamese diacritics). Every text is drawn literally: `$` in a name
('Ia $x$ Pa') is escaped so matplotlib never reads it as mathtext, and TeX is never used. Every chart
stays readable printed in black and white on A4: series differ by hatch, marker and line style, not
by colour alone, and values are written on the chart. Hatched bars are `rasterized`: pixels in a chart's
SVG (present.figure), whose hatch patterns would weigh some 300 KB each in a printed PDF.
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
from matplotlib.font_manager import FontProperties
from matplotlib.projections.polar import PolarAxes
from matplotlib.ticker import MaxNLocator

from dxkit.analysis._common import TOTAL
from dxkit.core import fmt, vocab
from dxkit.core.vocab import Status
from dxkit.reports import numbers
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
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
    "text.usetex": False,
}
SVG_STYLE: dict[RcKeyType, Any] = {**STYLE, "svg.fonttype": "none", "svg.hashsalt": "dxkit"}  # text as text, stable ids


def lit(text: object) -> str:
    """`text` as matplotlib draws it literally: every `$` escaped, so no mathtext is parsed."""
    return str(text).replace("$", r"\$")


def _w(key: str, lang: str, **fields: object) -> str:
    """The words `reports.<key>` ('chart.median', 'total', …) in `lang`, drawn literally."""
    return lit(vocab.t(f"reports.{key}", lang, **fields))


def _pending(lang: str) -> str:
    """'Chờ ngưỡng tham chiếu': the status word, as a legend entry."""
    word = Status.NEEDS_PEERS.label(lang)
    return lit(word[:1].upper() + word[1:])


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


def _pillar_label(code: str, name: str, width: int = 26) -> str:
    return lit(textwrap.fill(f"{code} {name}", width))


def _pct(x: float, lang: str) -> str:
    return fmt.number(x * 100, lang, 1)


def _pillars(shared: YearReport) -> pd.DataFrame:
    prof = shared.profile
    return prof[(prof["year"] == shared.year) & (prof["level"] == "pillar")]


def _unit_pillars(unit: UnitReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The district's pillar rows and the peers' median, min and max index per pillar (catalogue order)."""
    pillars = _pillars(unit.shared)
    own = unit.pillars().set_index("code")
    stats = pillars.groupby("code")["index"].agg(["median", "min", "max"]).reindex(own.index)
    return own, stats


def pillar_profile(unit: UnitReport) -> Figure:
    """Horizontal bars of the district's pillar indices, with the peers' median and range."""
    district, year, lang = unit.district, unit.year, unit.lang
    own, stats = _unit_pillars(unit)
    y = np.arange(len(own))[::-1]
    with _figure(A4_TEXT_WIDTH, 0.45 * len(own) + 1.2) as fig:
        ax = fig.add_subplot()
        ax.barh(
            y, own["index"] * 100, color="0.85", edgecolor="black", hatch="///", label=lit(district), rasterized=True
        )
        for yi, value in zip(y, own["index"]):
            ax.text(104, yi, _pct(value, lang), va="center", fontsize=8)
        if own["n_units"].iloc[0] > 1:
            ax.hlines(y, stats["min"] * 100, stats["max"] * 100, color="black", linewidth=1, label=_w("range", lang))
            ax.plot(
                stats["median"] * 100, y, "D", color="black", markerfacecolor="white", label=_w("chart.median", lang)
            )
        ax.set_yticks(y, [_pillar_label(c, n) for c, n in zip(own.index, own["name"])])
        ax.set_xlim(0, 114)
        ax.set_xticks([0, 20, 40, 60, 80, 100])
        ax.set_xlabel(_w("chart.index", lang))
        _title(fig, _w("chart.profile", lang, district=district, year=year))
        _legend(fig, 3)
    return fig


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


HEATMAP_ROW = 0.18  # inches per unit row
HEATMAP_HEAD = 1.25  # inches for the title and the wrapped pillar names
HEATMAP_LABEL_GAP = 0.1  # inches at least between two pillar names (text widths vary a little with the dpi)
DARK_CELL = 0.408  # a cell's relative luminance under which its value is written in white (as seaborn does)


def _ink(rgb: np.ndarray) -> str:
    """Black or white text, whichever reads on a cell of colour `rgb` (its relative luminance, as seaborn)."""
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return "black" if float(linear @ [0.2126, 0.7152, 0.0722]) > DARK_CELL else "white"


def pillar_heatmap(shared: YearReport, rows: Sequence[int] | None = None) -> Figure:
    """Units (best total first; `rows`: their positions in that order, default all) × pillars, grey scale
    with every index written in its cell. One row per unit (names never rotated), a line where `rows`
    skips units; pillar names are wrapped over their columns, and set smaller until no two touch.
    Plain matplotlib: seaborn would import scipy (2 s)."""
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
    title = _w("chart.heatmap", lang, year=year)
    ranks = part["rank"].astype(int).tolist()
    cuts = [k for k, (a, b) in enumerate(pairwise(rows or []), start=1) if b != a + 1]
    if cuts:
        spans = ", ".join(f"{ranks[a]}–{ranks[b - 1]}" for a, b in pairwise([0, *cuts, len(ranks)]))
        whole = vocab.t("reports.chart.heatmap", lang, year=year)
        title = lit(vocab.t("comparison.chart.heatmap_ranks", lang, title=whole, ranks=spans))
    with _figure(A4_TEXT_WIDTH, HEATMAP_HEAD + HEATMAP_ROW * max(len(part), 1)) as fig:
        ax = fig.add_subplot()
        shade = np.ma.masked_invalid(values)
        mesh = ax.pcolormesh(shade, cmap="Greys", vmin=low, vmax=100, edgecolors="white", linewidth=1)
        colours = mesh.to_rgba(values)
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):  # one decimal in every cell ('100,0', '82,6')
                text = lit(numbers.fixed(v, lang, 1))
                ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=7, color=_ink(colours[i, j, :3]))
        for k in cuts:
            ax.axhline(k, color="black", linewidth=1.2, linestyle=(0, (4, 2)))
        ax.set_xlim(0, len(codes))
        ax.set_ylim(len(part), 0)
        ax.spines[:].set_visible(False)
        ax.tick_params(which="both", length=0)
        ax.set_yticks(np.arange(len(part)) + 0.5, [lit(f"{r}. {d}") for r, d in zip(ranks, part["district"])])
        ax.xaxis.tick_top()
        _title(fig, title)
        _fit_column_labels(fig, ax, [(c, names[c]) for c in codes])
    return fig


def _fit_column_labels(fig: Figure, ax: Any, pillars: list[tuple[str, str]]) -> None:
    """Pillar names over their columns, wrapped to the column's width so that no two neighbours come closer
    than HEATMAP_LABEL_GAP (measured with the figure's renderer): of the wraps and font sizes that fit, the
    one with the fewest lines, a point smaller counting as one and a half lines more."""
    fig.draw_without_rendering()  # lays the figure out: the columns' width is known (names on top only take height)
    renderer = cast(Any, fig.canvas).get_renderer()
    column = ax.get_window_extent(renderer).width / max(len(pillars), 1)
    gap = HEATMAP_LABEL_GAP * fig.dpi
    best: tuple[float, float, list[str]] = (float("inf"), 5.5, [f"{c}\n{n}" for c, n in pillars])
    for size in (7.5, 7.0, 6.5, 6.0, 5.5):
        font = FontProperties(family=STYLE["font.family"], size=size)
        for chars in (18, 16, 14, 12, 10, 8):
            texts = [textwrap.fill(f"{c} {n}", chars, break_long_words=False) for c, n in pillars]
            widths = [
                max(renderer.get_text_width_height_descent(line, font, ismath=False)[0] for line in text.split("\n"))
                for text in texts
            ]
            cost = max(text.count("\n") + 1 for text in texts) + 1.5 * (7.5 - size)
            if cost < best[0] and all(1.05 * (a + b) / 2 + gap <= column for a, b in pairwise(widths)):
                best = (cost, size, texts)
    _, size, texts = best
    ax.set_xticks(np.arange(len(pillars)) + 0.5, [lit(t) for t in texts], fontsize=size, va="bottom", linespacing=1.1)


def losses_by_department_chart(unit: UnitReport) -> Figure:
    """Stacked bars per responsible department: points won (grey), lost (hatched) and, when a Min-Max
    criterion waits for peers or reference bounds, pending (dotted: neither won nor lost); losses written."""
    district, year, lang = unit.district, unit.year, unit.lang
    depts = unit.departments.iloc[::-1]
    y = np.arange(len(depts))
    with _figure(A4_TEXT_WIDTH, 0.4 * len(depts) + 1.3) as fig:
        ax = fig.add_subplot()
        ax.barh(y, depts["points"], color="0.6", edgecolor="black", label=_w("chart.won", lang))
        ax.barh(
            y,
            depts["lost"],
            left=depts["points"],
            color="white",
            edgecolor="black",
            hatch="///",
            rasterized=True,
            label=_w("lost", lang),
        )
        if depts["pending"].sum() > 0:
            ax.barh(
                y,
                depts["pending"],
                left=depts["points"] + depts["lost"],
                color="white",
                edgecolor="0.4",
                hatch="..",
                rasterized=True,
                linestyle="--",
                label=_pending(lang),
            )
        for yi, (won, lost, wait) in enumerate(zip(depts["points"], depts["lost"], depts["pending"])):
            if lost > 0:
                ax.text(
                    won + lost + wait + depts["max_points"].max() * 0.01,
                    yi,
                    f"−{fmt.number(lost, lang)}",
                    va="center",
                    fontsize=8,
                )
        ax.set_yticks(y, [lit(textwrap.fill(d, 34)) for d in depts["department"]])
        ax.set_xlim(0, depts["max_points"].max() * 1.12)
        ax.set_xlabel(_w("points", lang))
        _title(fig, _w("chart.losses", lang, district=district, year=year))
        if depts["lost"].sum() == 0:
            ax.text(0.5, 0.5, _w("chart.no_losses", lang), transform=ax.transAxes, ha="center", fontsize=11)
        _legend(fig, 3)
    return fig


def trend(unit: UnitReport) -> Figure:
    """Total (with the units' median) and rank over the years with data for the district.

    When the district is the only unit in every year there is nothing to compare: the total alone.
    """
    district, lang, prof = unit.district, unit.lang, unit.shared.profile
    totals = prof[prof["code"] == TOTAL]
    own = totals[totals["district"] == district].sort_values("year")
    compared = bool((own["n_units"] > 1).any())
    median = totals.groupby("year")["points"].median().reindex(own["year"])
    with _figure(A4_TEXT_WIDTH, 2.8) as fig:
        if compared:
            left, right = fig.subplots(1, 2)
        else:
            left, right = fig.add_subplot(), None
        left.plot(own["year"], own["points"], "-o", color="black", label=lit(district))
        if compared:
            left.plot(
                own["year"],
                median.to_numpy(),
                "--s",
                color="black",
                markerfacecolor="white",
                label=_w("chart.median", lang),
            )
        for x, v in zip(own["year"], own["points"]):
            left.annotate(
                lit(fmt.number(v, lang, 1)),
                (x, v),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7.5,
            )
        left.set_ylabel(_w("total", lang))
        _legend(fig, 2)
        if right is not None:
            right.plot(own["year"], own["rank"], "-o", color="black")
            right.set_ylim(own["n_units"].max() + 0.5, 0.5)
            right.set_ylabel(_w("chart.rank", lang))
            right.yaxis.set_major_locator(MaxNLocator(integer=True))
        for ax in (left, right):
            if ax is not None:
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
                ax.set_xlabel(_w("chart.year", lang))
                ax.margins(x=0.15)
        _title(fig, _w("chart.trend" if compared else "chart.trend_alone", lang, district=district))
    return fig


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

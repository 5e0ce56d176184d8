"""HTML building blocks for the report notebooks: every text is escaped here, once.

Notebooks display these (``display(table(df))``) rather than Markdown, so that a district
name or a free-text field such as ``<script>`` is always shown as text, in JupyterLab and
in the exported HTML alike.
"""

from __future__ import annotations

import base64
import io
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import pandas as pd

from dxkit.core import fmt, vocab
from dxkit.reports import numbers
from dxkit.reports.escape import esc
from dxkit.reports.numbers import Format
from dxkit.reports.svg import Chart

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class HTML:
    """A block of trusted HTML (built here, every text in it escaped) that a notebook displays as HTML:
    IPython shows what `_repr_html_` returns. Without IPython's own class, the batch and the commands
    that write pages never import IPython."""

    __slots__ = ("data",)

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data

    def __repr__(self) -> str:
        return f"<dxkit HTML, {len(self.data)} characters>"


@dataclass(frozen=True)
class Link:
    """A table cell linking to `href` (both escaped when rendered)."""

    text: str
    href: str


def join(blocks: Iterable[HTML | None]) -> HTML:
    """Blocks shown one after the other as one output (`None`s left out). A notebook's output costs its
    kernel and the batch's worker about a millisecond each: a report's criteria are one output, not 17."""
    return HTML("".join(block.data for block in blocks if block is not None))


def heading(text: str, level: int = 2) -> HTML:
    return HTML(f"<h{level}>{esc(text)}</h{level}>")


def paragraphs(texts: Iterable[str]) -> HTML:
    return HTML("".join(f"<p>{esc(t)}</p>" for t in texts))


def notice(text: str) -> HTML:
    """A framed note that must not be missed (synthetic data, provisional totals)."""
    return HTML(f'<div class="dx-notice" role="note"><p>{esc(text)}</p></div>')


def links(items: Iterable[Link]) -> HTML:
    """A line of links."""
    return HTML('<p class="dx-links">' + " · ".join(_cell(item, vocab.DEFAULT) for item in items) + "</p>")


def title_block(title: str, subtitle: str, note: str | None = None) -> HTML:
    """The report's first lines: title, subtitle and, when given, a notice under them."""
    extra = notice(note).data if note else ""
    return HTML(f'<header class="dx-title"><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>{extra}')


def section(item: Any, level: int = 2) -> HTML:
    """A narrative section (an object with `title` and `paragraphs`) as a heading and paragraphs."""
    return HTML(heading(item.title, level).data + paragraphs(item.paragraphs).data)


def _cell(value: object, lang: str) -> str:
    if isinstance(value, Link):
        return f'<a href="{esc(value.href)}">{esc(value.text)}</a>'
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return "—"
    if isinstance(value, Integral) and not isinstance(value, bool):
        return esc(int(value))
    if isinstance(value, Real):
        return esc(fmt.number(float(value), lang))
    return esc(value)


def _column(values: list[object], how: Format | None, lang: str) -> list[str]:
    """A column's cells as HTML: numbers in the column's format (`how`), anything else as text."""
    if how is None:
        return [_cell(v, lang) for v in values]
    written = numbers.column(values, how, lang)
    return [
        esc(text) if isinstance(v, Real) and not isinstance(v, bool) else _cell(v, lang)
        for v, text in zip(values, written)
    ]


def table(
    df: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    lang: str = vocab.DEFAULT,
    numeric: Iterable[str] = (),
    *,
    formats: Mapping[str, Format] | None = None,
    note: str | None = None,
    gap: tuple[int, str] | None = None,
) -> HTML:
    """A table that reads on a phone (cells stack under their column name on narrow screens).

    `columns` picks and renames columns (source → shown); `formats` gives a source column's number
    format once for all its rows: a name of `numbers.FORMATS` ("points": '15,00'; "signed": '+12,10',
    '−8,50'; "percent1": a ratio as '90,8%'; "integer"; "exact": the fewest decimals showing every
    value of the column) or a callable (value, lang) → text; such a column is right-aligned, and a
    cell that is not a number (text, a link, a '1/3' rank) is shown as it is. Other floats use the
    language's number format (trailing zeros trimmed); the source columns in `numeric` are
    right-aligned. `note`, when given, is a line under the table (see `sums_note`); `gap` (i, text), a
    row across the table before row i saying which rows are left out.
    """
    columns = dict(columns) if columns is not None else {c: str(c) for c in df.columns}
    formats = dict(formats or {})
    right = set(numeric) | set(formats)
    head = "".join(
        f'<th scope="col"{" class=num" if c in right else ""}>{esc(name)}</th>' for c, name in columns.items()
    )
    cells = {c: _column(list(df[c]), formats.get(c), lang) for c in columns}
    rows = []
    for i in range(len(df)):
        row = "".join(
            f'<td data-label="{esc(name)}"{" class=num" if c in right else ""}>{cells[c][i]}</td>'
            for c, name in columns.items()
        )
        rows.append(f"<tr>{row}</tr>")
    if gap is not None:
        rows.insert(gap[0], f'<tr class="dx-gap"><td colspan="{len(columns)}">{esc(gap[1])}</td></tr>')
    under = f'<p class="dx-table-note">{esc(note)}</p>' if note else ""
    return HTML(
        f'<div class="dx-table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f"{under}</div>"
    )


def sums_note(
    df: pd.DataFrame,
    total: pd.Series,
    columns: Mapping[str, str],
    lang: str = vocab.DEFAULT,
    decimals: int = numbers.POINTS,
) -> str | None:
    """The line under a table whose total row (`total`: a boolean mask of `df`) is not the sum of the
    other rows as printed (each rounded to `decimals`) in one of `columns` (source → shown name); None
    when every printed total is the sum of the printed rows."""
    total = total.reindex(df.index, fill_value=False).astype(bool)
    if total.sum() != 1:
        return None
    gaps = {
        name: abs(numbers.sums_differ(float(df.loc[total, c].iloc[0]), df.loc[~total, c].astype(float), decimals))
        for c, name in columns.items()
        if pd.notna(df.loc[total, c].iloc[0]) and df.loc[~total, c].notna().all()
    }
    off = {name: gap for name, gap in gaps.items() if gap}
    if not off:
        return None
    return vocab.t(
        "reports.rounding",
        lang,
        decimals=decimals,
        columns=", ".join(vocab.t("reports.narrative.quoted", lang, text=name) for name in off),
        gap=numbers.fixed(float(max(off.values())), lang, decimals),
    )


def figure(fig: Figure | Chart, alt: str | None = None) -> HTML:
    """A chart embedded as an SVG image (a matplotlib Figure is saved as SVG, then closed); `alt` defaults to
    its title.

    Vector, text as text: sharp at any zoom, a few KB, vectors in a PDF. Offline and inert: a data URL in
    an <img>, where a browser runs no script and loads nothing, and every text is escaped (by svg.Canvas or
    matplotlib). Text is in DejaVu Sans, else another sans-serif font (svg.FAMILY, plots.STYLE).
    """
    if isinstance(fig, Chart):
        body, title = fig.svg.encode(), fig.title
    else:
        body, title = _matplotlib_svg(fig), fig.get_suptitle().replace("\\$", "$")  # titles escape `$` for matplotlib
    data = base64.b64encode(body).decode("ascii")
    return HTML(
        f'<figure class="dx-figure"><img alt="{esc(title if alt is None else alt)}" '
        f'src="data:image/svg+xml;base64,{data}"></figure>'
    )


def _matplotlib_svg(fig: Figure) -> bytes:
    """A matplotlib figure as SVG in the charts' style (the SVG names their fonts), then closed."""
    import matplotlib

    from dxkit.reports.plots import SVG_STYLE

    buf = io.BytesIO()
    with matplotlib.rc_context(SVG_STYLE):
        fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None})
    if "matplotlib.pyplot" in sys.modules:  # figures made through pyplot are kept open by it
        sys.modules["matplotlib.pyplot"].close(fig)
    return buf.getvalue()

"""HTML building blocks for the report notebooks: every text is escaped here, once.

Notebooks display these (``display(table(df))``) rather than Markdown, so that a district
name or a free-text field such as ``<script>`` is always shown as text, in JupyterLab and
in the exported HTML alike.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import pandas as pd
from IPython.display import HTML

from dxkit.core import fmt, vocab

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FIGURE_DPI = 144


@dataclass(frozen=True)
class Link:
    """A table cell linking to `href` (both escaped when rendered)."""

    text: str
    href: str


def esc(value: object) -> str:
    """Text made safe for HTML (quotes too)."""
    return html.escape("" if value is None else str(value), quote=True)


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


def table(
    df: pd.DataFrame, columns: Mapping[str, str] | None = None, lang: str = vocab.DEFAULT, numeric: Iterable[str] = ()
) -> HTML:
    """A table that reads on a phone (cells stack under their column name on narrow screens).

    `columns` picks and renames columns (source → shown); floats use the language's number
    format; the source columns in `numeric` are right-aligned.
    """
    columns = dict(columns) if columns is not None else {c: str(c) for c in df.columns}
    right = set(numeric)
    head = "".join(
        f'<th scope="col"{" class=num" if c in right else ""}>{esc(name)}</th>' for c, name in columns.items()
    )
    rows = []
    for record in df[list(columns)].itertuples(index=False):
        cells = "".join(
            f'<td data-label="{esc(name)}"{" class=num" if c in right else ""}>{_cell(v, lang)}</td>'
            for (c, name), v in zip(columns.items(), record)
        )
        rows.append(f"<tr>{cells}</tr>")
    return HTML(
        f'<div class="dx-table"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def figure(fig: Figure, alt: str | None = None) -> HTML:
    """A matplotlib figure embedded as PNG (works offline), then closed; `alt` defaults to its title."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=FIGURE_DPI, facecolor="white")
    if "matplotlib.pyplot" in sys.modules:  # figures made through pyplot are kept open by it
        sys.modules["matplotlib.pyplot"].close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    alt = fig.get_suptitle().replace("\\$", "$") if alt is None else alt  # titles escape `$` for matplotlib
    return HTML(f'<figure class="dx-figure"><img alt="{esc(alt)}" src="data:image/png;base64,{data}"></figure>')

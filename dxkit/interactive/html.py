"""Inert HTML for the panels: every text escaped (a unit named `<script>` shows literally), tables and bars
that fit a phone's width (they wrap, never scroll sideways)."""

from __future__ import annotations

from collections.abc import Sequence

from dxkit.core import fmt
from dxkit.reports.escape import esc as text  # a value as escaped HTML text: the reports' one escaping

TABLE = "width:100%;table-layout:fixed;border-collapse:collapse;font-size:0.85em"
CELL = "padding:2px 3px;border-bottom:1px solid #ddd;overflow-wrap:break-word;hyphens:auto;vertical-align:top;text-align:left"
UP, DOWN = "#1a7f37", "#b42318"  # gains in green, losses in red


def capital(word: str) -> str:
    """The word with its first letter capitalised ('huyện' → 'Huyện'), the rest as written."""
    return word[:1].upper() + word[1:]


def block(*parts: str, style: str = "") -> str:
    """A block of HTML parts (already escaped)."""
    return f'<div style="max-width:100%;overflow-wrap:anywhere;{style}">{"".join(parts)}</div>'


def heading(value: object) -> str:
    return f'<div style="font-weight:600;margin:8px 0 4px">{text(value)}</div>'


def signed(x: float, lang: str, decimals: int = 2) -> str:
    """A difference with its sign ('+8,24', '−1'), coloured: green a gain, red a loss, plain none."""
    shown = fmt.number(abs(x), lang, decimals)
    if round(x, decimals) == 0:
        return text(fmt.number(0, lang))
    sign, colour = ("+", UP) if x > 0 else ("−", DOWN)
    return f'<span style="color:{colour}">{sign}{text(shown)}</span>'


def table(header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[str] | None = None) -> str:
    """A table of escaped header words and cells already HTML; `widths` of the columns (CSS)."""
    cols = "".join(f'<col style="width:{w}">' for w in widths) if widths else ""
    head = "".join(f'<th style="{CELL}">{text(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f'<td style="{CELL}">{c}</td>' for c in r) + "</tr>" for r in rows)
    return (
        f'<table style="{TABLE}"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def bar(label: str, share: float, said: str, mark: float | None = None) -> str:
    """One labelled bar of `share` (0–1) with what it says; `mark` (0–1) draws the recorded level."""
    width = f"{max(0.0, min(1.0, share)) * 100:.1f}%"
    tick = (
        f'<div style="position:absolute;left:{max(0.0, min(1.0, mark)) * 100:.1f}%;top:0;bottom:0;'
        'border-left:2px solid #333"></div>'
        if mark is not None
        else ""
    )
    return (
        '<div style="margin:2px 0">'
        f'<div style="font-size:0.85em;overflow-wrap:anywhere">{text(label)} · {said}</div>'
        '<div style="position:relative;background:#eee;height:10px;width:100%">'
        f'<div style="background:#2f6db5;height:10px;width:{width}"></div>{tick}</div></div>'
    )

"""Executed notebooks to self-contained HTML pages, written atomically.

A report page shows a notebook's outputs only: no code, no prompts, no stderr, no notebook-only cells.
The outputs are put in place as they are (dxkit's own blocks are already escaped HTML, as nbconvert
would put them), markdown through mistune (nbconvert's renderer), plain text and tracebacks escaped.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dxkit.core import vocab
from dxkit.core.atomic import write_atomic
from dxkit.reports.escape import esc
from dxkit.reports.labels import label

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbformat import NotebookNode

CSS_PATH = Path(__file__).parent / "static" / "report.css"
NOTEBOOK_ONLY_TAG = "notebook-only"  # cells for analysts in JupyterLab, left out of exports
RAW_SHOWN = {"", "text/html", "text/markdown"}  # raw cells a page shows (as nbconvert's HTML export does)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")  # CSI, OSC, others


@cache
def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def _markdown(text: str) -> str:
    import mistune

    return str(mistune.html(text))


def _image(mime: str) -> Callable[[Any, str], str]:
    def show(data: Any, lang: str) -> str:
        alt = esc(label("image_no_description", lang))
        return f'<img src="data:{mime};base64,{esc(_text(data).strip())}" alt="{alt}">'

    return show


def _text(data: Any) -> str:
    """A notebook's text field, stored as a string or a list of lines."""
    return "".join(data) if isinstance(data, list) else str(data)


def _pre(text: str, kind: str = "output_text") -> str:
    return f'<pre class="{kind}">{esc(_ANSI.sub("", text))}</pre>'


# The richest form of a display a page can show, in order: HTML and SVG as they are, images inline.
SHOWN: dict[str, Callable[[Any, str], str]] = {
    "text/html": lambda data, lang: f'<div class="output_html">{_text(data)}</div>',
    "image/svg+xml": lambda data, lang: f'<div class="output_svg">{_text(data)}</div>',
    "image/png": _image("image/png"),
    "image/jpeg": _image("image/jpeg"),
    "text/markdown": lambda data, lang: f'<div class="output_markdown">{_markdown(_text(data))}</div>',
    "text/plain": lambda data, lang: _pre(_text(data)),
}


def _output(output: NotebookNode, lang: str) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return _pre(_text(output.get("text", ""))) if output.get("name") == "stdout" else ""
    if kind == "error":
        return _pre(
            "\n".join(output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"]), "output_error"
        )
    data = output.get("data") or {}
    mime = next((m for m in SHOWN if m in data), None)
    return SHOWN[mime](data[mime], lang) if mime else ""


def _cell(cell: NotebookNode, lang: str) -> str:
    if cell.cell_type == "markdown":
        return _markdown(_text(cell.source))
    if cell.cell_type == "raw":
        mime = cell.metadata.get("raw_mimetype", cell.metadata.get("format", ""))
        if mime not in RAW_SHOWN:
            return ""
        return _markdown(_text(cell.source)) if mime == "text/markdown" else _text(cell.source)
    return "".join(_output(o, lang) for o in cell.get("outputs", []))


def report_body(nb: NotebookNode, lang: str = vocab.DEFAULT) -> str:
    """The outputs of an executed notebook as HTML, a `div` per cell that shows something: no code, no
    prompts, no stderr, no notebook-only cells (an image without a description gets `lang`'s words)."""
    parts = []
    for cell in nb.cells:
        if NOTEBOOK_ONLY_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        shown = _cell(cell, lang)
        if shown:
            parts.append(f'<div class="cell" id="cell-{esc(cell.get("id", ""))}">\n{shown}\n</div>')
    return "\n".join(parts)


def page(title: str, body: str, lang: str = vocab.DEFAULT) -> str:
    """A complete offline HTML page: `body` is trusted HTML, `title` is escaped."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f'<footer class="dx-footer">{esc(label("generated", lang))}</footer>\n</body>\n</html>\n'
    )


def export_html(nb: NotebookNode, path: str | Path, title: str, lang: str = vocab.DEFAULT) -> Path:
    """Write the report page of an executed notebook to `path` (atomically)."""
    return write_atomic(path, page(title, report_body(nb, lang), lang))

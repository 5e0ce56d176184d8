"""Executed notebooks to self-contained HTML pages (in-process nbconvert), written atomically."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dxkit.core import vocab
from dxkit.core.atomic import write_atomic
from dxkit.reports.labels import label
from dxkit.reports.present import esc

if TYPE_CHECKING:
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

CSS_PATH = Path(__file__).parent / "static" / "report.css"
NOTEBOOK_ONLY_TAG = "notebook-only"  # cells for analysts in JupyterLab, left out of exports


@cache
def _css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


@cache
def _exporter() -> HTMLExporter:
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )


def page(title: str, body: str, lang: str = vocab.DEFAULT) -> str:
    """A complete offline HTML page: `body` is trusted HTML, `title` is escaped."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f'<footer class="dx-footer">{esc(label("generated", lang))}</footer>\n</body>\n</html>\n'
    )


def report_body(nb: NotebookNode) -> str:
    """The outputs of an executed notebook as HTML: no code, no prompts, no stderr, no notebook-only cells."""
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if NOTEBOOK_ONLY_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    body, _ = _exporter().from_notebook_node(nb)
    return body


def export_html(nb: NotebookNode, path: str | Path, title: str, lang: str = vocab.DEFAULT) -> Path:
    """Write the report page of an executed notebook to `path` (atomically)."""
    return write_atomic(path, page(title, report_body(nb), lang))

"""Interactive analysis in JupyterLab (and as a web page with `dxkit dashboard`): the what-if panel and the
province view, each shown by one call.

    from dxkit import interactive
    interactive.show("inputs/")                  # the what-if panel of the bundled province
    interactive.province("inputs/", lang="en")   # the ranking table and the criterion explorer
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as w

from dxkit.core import vocab
from dxkit.core.assessment import Assessment
from dxkit.core.paths import SAMPLE_DIR
from dxkit.interactive.panel import WhatIfPanel
from dxkit.interactive.province import ProvinceView

__all__ = ["Dashboard", "ProvinceView", "WhatIfPanel", "assessment_of", "dashboard", "province", "served", "show"]

SERVED_ENV = (
    "DXKIT_DASHBOARD"  # the file `dxkit dashboard` leaves for its page: the assessment, its paths, the export folder
)

Inputs = Assessment | str | Path | Sequence[str | Path]


def assessment_of(data: Inputs, **score_kwargs) -> tuple[Assessment, list[str]]:
    """An assessment (as given, or scored from input paths) and the paths it was read from."""
    if isinstance(data, Assessment):
        return data, []
    from dxkit.core.assessment import score
    from dxkit.intake import read_paths

    paths = [str(data)] if isinstance(data, (str, Path)) else [str(p) for p in data]
    return score(read_paths(paths), **score_kwargs), paths


def show(data: Inputs, lang: str = vocab.DEFAULT, district: str | None = None, year: int | None = None) -> WhatIfPanel:
    """The what-if panel of an assessment or of input paths, displayed; returns the panel."""
    from IPython.display import display

    assessment, paths = assessment_of(data)
    panel = WhatIfPanel(assessment, lang, district, year, paths)
    display(panel.widget)
    return panel


def province(data: Inputs, lang: str = vocab.DEFAULT, year: int | None = None) -> ProvinceView:
    """The province view (ranking with the change from last year, criterion explorer), displayed."""
    from IPython.display import display

    assessment, _ = assessment_of(data)
    view = ProvinceView(assessment, lang, year)
    display(view.widget)
    return view


@dataclass
class Dashboard:
    """Both panels in tabs under a title: the page `dxkit dashboard` serves (`widget`)."""

    widget: w.VBox
    panel: WhatIfPanel
    view: ProvinceView


def dashboard(
    data: Inputs, lang: str = vocab.DEFAULT, out_dir: str | Path | None = None, paths: Sequence[str] = ()
) -> Dashboard:
    """The dashboard of an assessment or of input paths (`paths`: those an assessment was read from)."""
    from dxkit.interactive import html
    from dxkit.interactive.panel import t

    assessment, read = assessment_of(data)
    panel = WhatIfPanel(assessment, lang, inputs=[*read, *paths], out_dir=out_dir)
    view = ProvinceView(assessment, lang)
    tabs = w.Tab(children=[panel.widget, view.widget], layout=w.Layout(width="100%", max_width="100%"))
    tabs.titles = (t("dashboard.whatif", lang, assessment), t("dashboard.province", lang, assessment))
    title = w.HTML(f"<h2 style='margin:4px 0'>{html.text(t('dashboard.title', lang, assessment))}</h2>")
    return Dashboard(w.VBox([title, tabs], layout=w.Layout(width="100%", max_width="100%")), panel, view)


def write_served(path: str | Path, assessment: Assessment, paths: Sequence[str], out_dir: str | Path) -> None:
    """Leave for the served page what `dxkit dashboard` scored (read back by `served`)."""
    data = {"assessment": assessment, "paths": list(paths), "out_dir": str(out_dir)}
    Path(path).write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def served(lang: str | None = None) -> Dashboard:
    """The dashboard `dxkit dashboard` serves, displayed: what it scored (the file named by $DXKIT_DASHBOARD,
    written by the command itself), in the language of $DXKIT_LANG; without them, the bundled sample in
    Vietnamese."""
    from IPython.display import display

    lang = lang or os.environ.get("DXKIT_LANG") or vocab.DEFAULT
    given = os.environ.get(SERVED_ENV)
    if given:
        data = pickle.loads(Path(given).read_bytes())  # written by this user's own `dxkit dashboard`
        page = dashboard(data["assessment"], lang, data["out_dir"], data["paths"])
    else:
        page = dashboard(SAMPLE_DIR, lang)
    display(page.widget)
    return page

"""The index page of a year: every district with its total and rank, linking the reports that exist."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from dxkit import fmt
from dxkit.assessment import Assessment
from dxkit.atomic import write_atomic
from dxkit.reports.export import page
from dxkit.reports.labels import label
from dxkit.reports.present import Link, links, table, title_block
from dxkit.reports.slug import inside


def build_index(assessment: Assessment, year: int, out: Path, slugs: dict[str, str], lang: str = "vi",
                synthetic: bool = False) -> Path:
    """Write `out/<year>/index.html`; a district links to its report only where that report exists."""
    from dxkit.analysis import profile

    folder = inside(out, str(year))
    prof = profile(assessment, lang)
    totals = prof[(prof["year"] == year) & (prof["code"] == "TOTAL")].sort_values(["rank", "district"])

    def report(district: str, ext: str, text: str) -> Link | str:
        """A link to the district's report.<ext>, or '' when it was not built."""
        path = f"{slugs[district]}/report.{ext}" if district in slugs else ""
        return Link(text, path) if path and (folder / path).exists() else ""

    rows = pd.DataFrame({
        "rank": totals["rank"],
        "district": [report(d, "html", d) or d for d in totals["district"]],
        "points": totals["points"],
        "index": totals["index"].map(lambda x: fmt.percent(x, lang, 1)),
        "pdf": [report(d, "pdf", "PDF") for d in totals["district"]],
    })
    comparison = [Link(f"{label('comparison', lang)} ({ext.upper()})", f"comparison.{ext}")
                  for ext in ("html", "pdf") if (folder / f"comparison.{ext}").exists()]
    title = label("index_title", lang, year=year)
    body = (title_block(title, label("subtitle", lang), label("synthetic", lang) if synthetic else None).data
            + (links(comparison).data if comparison else "")
            + table(rows, {"rank": label("rank", lang), "district": label("district", lang),
                           "points": label("total", lang), "index": label("index", lang), "pdf": "PDF"},
                    lang, numeric=["rank", "points", "index"]).data)
    return write_atomic(folder / "index.html", page(title, body, lang))

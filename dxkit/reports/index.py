"""The index page of a year: every unit with its total and rank, linking the reports that exist.

A report built from other inputs or choices than this run's (its manifest says so, or it has none)
is linked with the date it was built, marked as from an earlier run.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dxkit.core import vocab
from dxkit.core.atomic import write_atomic
from dxkit.reports.data import YearReport
from dxkit.reports.export import page
from dxkit.reports.folders import COMPARISON_DIR, manifest
from dxkit.reports.labels import label
from dxkit.reports.present import Link, links, table, title_block
from dxkit.reports.slug import inside


def stale_note(folder: Path, fingerprint: str, synthetic: bool, lang: str) -> str:
    """'' when the report in `folder` was built from these inputs and choices, else the mark saying when it was."""
    found = manifest(folder)
    if found.get("fingerprint") == fingerprint and found.get("synthetic") == synthetic:
        return ""
    built = str(found.get("built", ""))[:10]
    return vocab.t("batch.index.earlier", lang, date=built) if built else vocab.t("batch.index.earlier_undated", lang)


def build_index(shared: YearReport, out: Path, slugs: dict[str, str], fingerprint: str = "") -> Path:
    """Write `out/<year>/index.html` from the year's report model (its language, whether synthetic); a
    district links to its report only where that report exists, marked when it is not from
    `fingerprint` (the inputs and choices of this run); the comparison and the scores to take away
    (scores.xlsx, scores.csv) are linked above the table."""
    year, lang, synthetic, catalogue = shared.year, shared.lang, shared.synthetic, shared.catalogue
    folder = inside(out, str(year))
    totals = shared.totals()

    def link(where: str, stem: str, ext: str, text: str) -> Link | str:
        """A link to <where>/<stem>.<ext> with its staleness mark, or '' when it was not built."""
        if not where or not (folder / where / f"{stem}.{ext}").exists():
            return ""
        note = stale_note(folder / where, fingerprint, synthetic, lang)
        return Link(f"{text} ({note})" if note else text, f"{where}/{stem}.{ext}")

    rows = pd.DataFrame(
        {
            "rank": totals["rank"],
            "district": [link(slugs.get(d, ""), "report", "html", d) or d for d in totals["district"]],
            "points": totals["points"],
            "index": totals["index"],
            "pdf": [
                link(slugs.get(d, ""), "report", "pdf", vocab.t("batch.index.pdf", lang)) for d in totals["district"]
            ],
        }
    )
    built = [
        link(COMPARISON_DIR, "comparison", ext, f"{label('comparison', lang, catalogue)} ({ext.upper()})")
        for ext in ("html", "pdf")
    ]
    built += [  # written by every batch from its own scores, just before this page: never stale
        Link(vocab.t(f"batch.index.scores_{ext}", lang), f"scores.{ext}")
        for ext in ("xlsx", "csv")
        if (folder / f"scores.{ext}").exists()
    ]
    comparison = [c for c in built if isinstance(c, Link)]
    title = label("index_title", lang, catalogue, year=year)
    body = (
        title_block(title, catalogue.name(lang), label("synthetic", lang) if synthetic else None).data
        + (links(comparison).data if comparison else "")
        + table(
            rows,
            {
                "rank": label("rank", lang),
                "district": label("district", lang),
                "points": label("total", lang),
                "index": label("index", lang),
                "pdf": vocab.t("batch.index.pdf", lang),
            },
            lang,
            formats={"rank": "integer", "points": "points", "index": "percent1"},
        ).data
    )
    return write_atomic(folder / "index.html", page(title, body, lang))

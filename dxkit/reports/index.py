"""The index page of a year: every district with its total and rank, linking the reports that exist."""
from __future__ import annotations

from pathlib import Path

from dxkit.assessment import Assessment
from dxkit.reports.export import page, write_atomic
from dxkit.reports.labels import label
from dxkit.reports.present import Link, table, title_block
from dxkit.reports.slug import inside


def build_index(assessment: Assessment, year: int, out: Path, slugs: dict[str, str], lang: str = "vi",
                synthetic: bool = False) -> Path:
    """Write `out/<year>/index.html`; a district links to its report only where report.html exists."""
    from dxkit.analysis import profile

    folder = inside(out, str(year))
    totals = profile(assessment)
    totals = totals[(totals["year"] == year) & (totals["code"] == "TOTAL")].sort_values(["rank", "district"])
    rows = []
    for r in totals.itertuples(index=False):
        slug = slugs.get(r.district)
        has = {fmt: slug is not None and (folder / slug / f"report.{fmt}").exists() for fmt in ("html", "pdf")}
        rows.append({
            "rank": r.rank,
            "district": Link(r.district, f"{slug}/report.html") if has["html"] else r.district,
            "total": r.points,
            "index": r.index,
            "pdf": Link("PDF", f"{slug}/report.pdf") if has["pdf"] else "",
        })
    import pandas as pd

    columns = {"rank": label("rank", lang), "district": label("district", lang), "total": label("total", lang),
               "index": label("index", lang), "pdf": "PDF"}
    links = [Link(f"{label('comparison', lang)} ({fmt.upper()})", f"comparison.{fmt}")
             for fmt in ("html", "pdf") if (folder / f"comparison.{fmt}").exists()]
    title = label("index_title", lang, year=year)
    body = (title_block(title, label("subtitle", lang), label("synthetic", lang) if synthetic else None).data
            + (table(pd.DataFrame({"link": links}), {"link": label("comparison", lang)}, lang).data if links else "")
            + table(pd.DataFrame(rows, columns=list(columns)), columns, lang,
                    numeric=[columns["rank"], columns["total"], columns["index"]]).data)
    return write_atomic(folder / "index.html", page(title, body, lang))

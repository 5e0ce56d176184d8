"""Benchmark: the province comparison and one district report as the number of units grows.

A province of N units is made from the bundled inputs (17 districts × 2 years): unit i copies the
bundled district i mod 17, named '<district> <i // 17 + 1>' after the first 17 (which keep their
names, so N = 17 is the bundled province), every number but Part I's scaled by a factor drawn once
per unit-year in 0.85–1.15 (seeded). As `dxkit batch` does, the report model is built once and handed
to the notebooks through a cache; each notebook runs in a fresh kernel (papermill), is exported to
HTML and printed to PDF (Chromium).

Reported per N: the comparison's notebook time (the sum of its cells' papermill durations), its HTML
size, its PDF size and pages; the district report's notebook time and PDF pages. A markdown table.

Usage: python benchmarks/bench_comparison.py [--units 17 200] [--district 'Chư Prông'] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SPREAD = 0.15  # numbers of a copied unit-year are scaled by a factor in 1 ± SPREAD


def province(n: int, folder: Path, seed: int = 13) -> Path:
    """A CSV of `n` units in `folder`, copied from the bundled inputs (see the module's docstring)."""
    from dxkit.core.prepare import SELF, staged
    from dxkit.intake import read_paths

    # the units' own values (the bundled appraisal would conflict with them in one file without its stage)
    long = staged(read_paths([ROOT / "inputs"]), SELF)[["district", "year", "variable", "value", "evidence"]]
    names = list(dict.fromkeys(long["district"]))
    rng = np.random.default_rng(seed)
    parts = []
    for i in range(n):
        base = names[i % len(names)]
        unit = long[long["district"] == base].copy()
        unit["district"] = base if i < len(names) else f"{base} {i // len(names) + 1}"
        if i >= len(names):
            factor = unit["year"].map({y: rng.uniform(1 - SPREAD, 1 + SPREAD) for y in unit["year"].unique()})
            number = pd.to_numeric(unit["value"], errors="coerce")
            scale = number.notna() & ~unit["variable"].str.startswith("I.")
            scaled = number[scale] * factor[scale]
            whole = number[scale] == number[scale].round()
            unit.loc[scale, "value"] = [str(round(v)) if w else f"{v:.2f}" for v, w in zip(scaled, whole)]
        parts.append(unit)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"province_{n}.csv"
    pd.concat(parts, ignore_index=True).to_csv(path, index=False)
    return path


def _seconds(nb) -> float:
    """The notebook's execution time: the sum of its cells' papermill durations."""
    return sum(float(c.metadata.get("papermill", {}).get("duration") or 0) for c in nb.cells)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def measure(n: int, district: str, work: Path, printer) -> dict[str, float]:
    """Build an `n`-unit province and run the comparison and `district`'s report on it."""
    from dxkit.reports import kernels
    from dxkit.reports.data import build, save
    from dxkit.reports.export import export_html

    inputs = province(n, work / f"in{n}")
    started = time.perf_counter()
    data = build(inputs, synthetic=True)
    year = int(data.assessment.totals()["year"].max())
    data.analyse(year, [district])
    cache = save(data, work / f"cache{n}.pickle")
    model_s = time.perf_counter() - started
    params = {"year": year, "inputs": str(inputs), "lang": "vi", "synthetic": True, "cache": str(cache)}
    row: dict[str, float] = {"units": n, "model_s": model_s}
    for name, extra in (("comparison", {}), ("district", {"district": district})):
        notebook = NOTEBOOKS / ("province_comparison.ipynb" if name == "comparison" else "district_report.ipynb")
        out = work / f"{name}{n}"
        out.mkdir(exist_ok=True)
        started = time.perf_counter()
        nb = kernels.execute(notebook, out / "run.ipynb", {**params, **extra})
        row[f"{name}_wall_s"] = time.perf_counter() - started
        row[f"{name}_s"] = _seconds(nb)
        html = export_html(nb, out / "report.html", name)
        printer.print(html, out / "report.pdf", title=name, lang="vi")
        row[f"{name}_html_mb"] = html.stat().st_size / 1e6
        row[f"{name}_pdf_mb"] = (out / "report.pdf").stat().st_size / 1e6
        row[f"{name}_pages"] = _pages(out / "report.pdf")
    return row


COLUMNS = {
    "units": ("units", "{:.0f}"),
    "model_s": ("model (s)", "{:.1f}"),
    "comparison_s": ("comparison cells (s)", "{:.2f}"),
    "comparison_wall_s": ("comparison run (s)", "{:.1f}"),
    "comparison_html_mb": ("comparison HTML (MB)", "{:.2f}"),
    "comparison_pdf_mb": ("comparison PDF (MB)", "{:.2f}"),
    "comparison_pages": ("comparison pages", "{:.0f}"),
    "district_s": ("district cells (s)", "{:.2f}"),
    "district_wall_s": ("district run (s)", "{:.1f}"),
    "district_pdf_mb": ("district PDF (MB)", "{:.2f}"),
    "district_pages": ("district pages", "{:.0f}"),
}


def table(rows: list[dict[str, float]]) -> str:
    head = "| " + " | ".join(name for name, _ in COLUMNS.values()) + " |"
    rule = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    body = ["| " + " | ".join(f.format(r[k]) for k, (_, f) in COLUMNS.items()) + " |" for r in rows]
    return "\n".join([head, rule, *body])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[17, 200])
    parser.add_argument("--district", default="Chư Prông")
    parser.add_argument("--keep", type=Path, help="write the provinces and reports here (default: a temporary folder)")
    args = parser.parse_args(argv)
    from dxkit.reports.pdf import PdfPrinter

    with tempfile.TemporaryDirectory(prefix="dxkit-bench-") as tmp, PdfPrinter() as printer:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        os.environ["JUPYTER_RUNTIME_DIR"] = tmp  # the kernels' IPC sockets, as in a batch's run folder
        rows = []
        for n in args.units:
            rows.append(measure(n, args.district, work, printer))
            print(f"{n} units: done", file=sys.stderr, flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

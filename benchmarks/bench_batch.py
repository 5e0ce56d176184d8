"""Benchmark: `dxkit batch` against a naive pipeline, on the bundled districts, HTML + PDF.

Both build every district report of the latest year plus the province comparison (18 notebooks for
the 17 bundled districts):

- naive: per notebook, three new processes one after the other: the `papermill` CLI, then
  `jupyter nbconvert --to html --no-input`, then a PDF step (`dxkit.reports.pdf.html_to_pdf`, its own
  browser); each notebook reads and scores the inputs itself, as it does when run alone;
- batch: one `dxkit batch` process (inputs scored once and handed to the notebooks, worker
  processes = cores, in-process HTML export, one browser).

Peak memory is the largest total proportional set size (PSS: shared pages split between the
processes sharing them) of the whole process tree, sampled every 500 ms, and CPU the CPU seconds of
all its processes, every 100 ms, from /proc. CPU seconds do not depend on other load on the machine.
The batch runs twice: its wall time is that of the first run, not sampled (sampling its twenty-odd
processes takes CPU from the two cores it keeps busy), its CPU and memory those of the second
("sampled": its wall time under the sampler).

`--breakdown`: one district report's stages, each run REPEAT times in this process as a batch worker
runs them (a warm kernel process, a browser already open), median wall seconds: kernel start (to
its first cell), loading the report model, the charts, the other cells, HTML export, PDF print.

Usage: python benchmarks/bench_batch.py [--inputs inputs/] [--workers N] [--only naive|batch] [--breakdown]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _tree import TreeSampler

from dxkit.reports.batch import default_workers

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed ({done.returncode}):\n{done.stderr[-2000:]}")


def _plan(inputs: Path) -> tuple[int, list[str], dict[str, str]]:
    from dxkit import score
    from dxkit.intake import read_paths
    from dxkit.reports.slug import unique_slugs

    totals = score(read_paths([inputs]), explain=False).totals()
    year = int(totals["year"].max())
    districts = sorted(totals.loc[totals["year"] == year, "district"].unique())
    return year, districts, unique_slugs(districts)


def naive(inputs: Path, out: Path) -> int:
    """papermill, nbconvert and a PDF process per notebook, one after the other; returns the report count."""
    year, districts, slugs = _plan(inputs)
    common = ["-p", "year", str(year), "-p", "inputs", str(inputs), "-p", "lang", "vi"]
    runs = [(NOTEBOOKS / "province_comparison.ipynb", out / "comparison.ipynb", common)]
    runs += [
        (NOTEBOOKS / "district_report.ipynb", out / slugs[d] / "report.ipynb", ["-p", "district", d, *common])
        for d in districts
    ]
    for notebook, executed, params in runs:
        executed.parent.mkdir(parents=True, exist_ok=True)
        _run(["papermill", "--no-progress-bar", str(notebook), str(executed), *params])
        _run(["jupyter", "nbconvert", "--to", "html", "--no-input", str(executed)])
        html = executed.with_suffix(".html")
        _run(
            [
                sys.executable,
                "-c",
                "import sys; from dxkit.reports.pdf import html_to_pdf; html_to_pdf(sys.argv[1], sys.argv[2])",
                str(html),
                str(html.with_suffix(".pdf")),
            ]
        )
    return len(runs)


def batch(inputs: Path, out: Path, *, workers: int) -> int:
    """One `dxkit batch` process; returns the report count."""
    _run(
        [
            sys.executable,
            "-c",
            "import sys; from dxkit.cli import main; sys.exit(main())",
            "batch",
            "--inputs",
            str(inputs),
            "--out",
            str(out),
            "--workers",
            str(workers),
            "--format",
            "html,pdf",
            "--quiet",
        ]
    )
    return len(list(out.glob("*/*/report.pdf"))) + len(list(out.glob("*/_comparison/comparison.pdf")))


def measure(name: str, run: Callable[[Path], int], out: Path, apart: bool = False) -> dict:
    """Run `run(folder)` under the sampler: wall seconds, reports, CPU seconds and peak PSS of the tree.

    With `apart`, the wall seconds are those of a first run without the sampler and CPU and memory those
    of a second, sampled one: sampling every process of a run that keeps both cores busy takes CPU from it
    (the naive pipeline keeps one core busy, so its sampler runs on the other)."""
    wall = None
    if apart:
        start = time.perf_counter()
        run(out / "timed")
        wall = time.perf_counter() - start
    start = time.perf_counter()
    with TreeSampler() as tree:
        reports = run(out / "sampled")
    sampled = time.perf_counter() - start
    wall = sampled if wall is None else wall
    return {
        "pipeline": name,
        "reports": reports,
        "wall_s": round(wall, 1),
        "wall_sampled_s": round(sampled, 1),
        "per_report_s": round(wall / reports, 2),
        "cpu_s": round(tree.cpu_s),
        "cpu_per_report_s": round(tree.cpu_s / reports, 2),
        "peak_mib": round(tree.peak / 2**20),
    }


REPEAT = 5
CHART_CELL = "plots."  # the cells that draw a chart call dxkit.reports.plots
LOAD_CELL = "data = load("  # the cell that imports and loads the report model


def breakdown(inputs: Path) -> dict[str, float]:
    """Median wall seconds of each stage of one district report (see the module docstring)."""
    import statistics

    from nbformat import NotebookNode

    from dxkit.reports.data import build, save
    from dxkit.reports.export import export_html
    from dxkit.reports.kernels import execute
    from dxkit.reports.pdf import PdfPrinter

    year, districts, _ = _plan(inputs)
    district = districts[0]
    stages: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        stages.setdefault(name, []).append(seconds)

    with tempfile.TemporaryDirectory(prefix="dxkit-bench-") as tmp, PdfPrinter() as printer:
        os.environ["JUPYTER_RUNTIME_DIR"] = tmp
        start = time.perf_counter()
        data = build(inputs)
        data.year(year)  # as the batch: the year's tables once; each kernel analyses its own unit
        cache = save(data, Path(tmp) / "cache.pickle")
        add("report model (once per batch)", time.perf_counter() - start)
        params = {"district": district, "year": year, "inputs": str(inputs), "cache": str(cache)}
        notebook = NOTEBOOKS / "district_report.ipynb"
        execute(notebook, Path(tmp) / "warm.ipynb", params)  # the worker's warm kernel process starts
        for i in range(REPEAT):
            out = Path(tmp) / f"r{i}"
            out.mkdir()
            start = time.perf_counter()
            nb: NotebookNode = execute(notebook, out / "report.ipynb", params)
            ran = time.perf_counter() - start
            cells = {"charts": 0.0, "load": 0.0, "other cells": 0.0}
            for cell in nb.cells:
                took = (cell.metadata.get("papermill") or {}).get("duration") or 0.0
                kind = "charts" if CHART_CELL in cell.source else "load" if LOAD_CELL in cell.source else "other cells"
                cells[kind] += took
            add("kernel start + papermill", ran - sum(cells.values()))
            add("cells: imports, report model", cells["load"])
            add("cells: charts", cells["charts"])
            add("cells: text and tables", cells["other cells"])
            start = time.perf_counter()
            export_html(nb, out / "report.html", district)
            add("HTML export", time.perf_counter() - start)
            start = time.perf_counter()
            printer.print(out / "report.html", out / "report.pdf", title=district)
            add("PDF print", time.perf_counter() - start)
    return {name: round(statistics.median(times), 3) for name, times in stages.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", default=str(ROOT / "inputs"))
    parser.add_argument("--workers", type=int, default=default_workers(), help="default: dxkit's (cores + 1)")
    parser.add_argument("--only", choices=["naive", "batch"])
    parser.add_argument("--breakdown", action="store_true")
    args = parser.parse_args()
    inputs = Path(args.inputs).resolve()
    load = os.getloadavg()[0]
    if args.breakdown:
        stages = breakdown(inputs)
        print(f"stage (median of {REPEAT}, wall s; load average before: {load:.1f})")
        for name, seconds in stages.items():
            print(f"  {name:<32} {seconds:>6.3f}")
        print(f"  {'per report (all but the model)':<32} {sum(stages.values()) - stages[next(iter(stages))]:>6.3f}")
        print(json.dumps(stages))
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="dxkit-bench-") as tmp:
        if args.only in (None, "batch"):
            run = functools.partial(batch, inputs, workers=args.workers)
            results.append(measure("dxkit batch", run, Path(tmp) / "batch", apart=True))
        if args.only in (None, "naive"):
            results.append(measure("naive", functools.partial(naive, inputs), Path(tmp) / "naive"))
    print(
        f"{'pipeline':<12} {'reports':>7} {'wall s':>7} {'sampled':>7} {'s/report':>8} {'CPU s':>6} {'CPU/report':>10}"
        f" {'peak MiB':>9}"
        f"   ({os.cpu_count()} cores, load average before: {load:.1f})"
    )
    for r in results:
        print(
            f"{r['pipeline']:<12} {r['reports']:>7} {r['wall_s']:>7.1f} {r['wall_sampled_s']:>7.1f}"
            f" {r['per_report_s']:>8.2f} {r['cpu_s']:>6}"
            f" {r['cpu_per_report_s']:>10.2f} {r['peak_mib']:>9}"
        )
    if len(results) == 2:
        print(f"speed-up: {results[1]['wall_s'] / results[0]['wall_s']:.1f}×")
    print(json.dumps(results))


if __name__ == "__main__":
    main()

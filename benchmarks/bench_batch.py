"""Benchmark: `dxkit batch` against a naive pipeline, on the bundled districts, HTML + PDF.

Both build every district report of the latest year plus the province comparison (18 notebooks for
the 17 bundled districts):

- naive: per notebook, three new processes one after the other: the `papermill` CLI, then
  `jupyter nbconvert --to html --no-input`, then a PDF step (`dxkit.pdf.html_to_pdf`, its own browser);
- batch: one `dxkit batch` process (worker processes = cores, in-process HTML export, one browser).

Peak memory is the largest total proportional set size (PSS: shared pages split between the
processes sharing them) of the whole process tree, sampled every 100 ms from /proc.

Usage: python benchmarks/bench_batch.py [--inputs inputs/] [--workers N] [--only naive|batch]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _descendants(root: int) -> set[int]:
    """`root` and every process below it."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {pid for pid, ppid in parent.items() if ppid in frontier} - tree
        tree |= frontier
    return tree


def _pss(pid: int) -> int:
    """Proportional set size in bytes (shared pages split between their users), 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class PeakMemory:
    """Samples the memory (PSS) of this process tree in a thread; `peak` in bytes."""

    def __init__(self, every: float = 0.1) -> None:
        self.every, self.peak = every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_pss(pid) for pid in _descendants(os.getpid())))
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


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
    runs += [(NOTEBOOKS / "district_report.ipynb", out / slugs[d] / "report.ipynb", ["-p", "district", d, *common])
             for d in districts]
    for notebook, executed, params in runs:
        executed.parent.mkdir(parents=True, exist_ok=True)
        _run(["papermill", "--no-progress-bar", str(notebook), str(executed), *params])
        _run(["jupyter", "nbconvert", "--to", "html", "--no-input", str(executed)])
        html = executed.with_suffix(".html")
        _run([sys.executable, "-c", "import sys; from dxkit.pdf import html_to_pdf; html_to_pdf(sys.argv[1], sys.argv[2])",
              str(html), str(html.with_suffix(".pdf"))])
    return len(runs)


def batch(inputs: Path, out: Path, workers: int) -> int:
    """One `dxkit batch` process; returns the report count."""
    _run([sys.executable, "-c", "import sys; from dxkit.cli import main; sys.exit(main())",
          "batch", "--inputs", str(inputs), "--out", str(out), "--workers", str(workers), "--format", "html,pdf",
          "--quiet"])
    return len(list(out.glob("*/*/report.pdf"))) + len(list(out.glob("*/comparison.pdf")))


def measure(name: str, fn, *args) -> dict:
    start = time.perf_counter()
    with PeakMemory() as mem:
        reports = fn(*args)
    wall = time.perf_counter() - start
    return {"pipeline": name, "reports": reports, "wall_s": round(wall, 1),
            "per_report_s": round(wall / reports, 2), "peak_mib": round(mem.peak / 2**20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", default=str(ROOT / "inputs"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=["naive", "batch"])
    args = parser.parse_args()
    inputs = Path(args.inputs).resolve()
    results = []
    with tempfile.TemporaryDirectory(prefix="dxkit-bench-") as tmp:
        if args.only in (None, "batch"):
            results.append(measure("dxkit batch", batch, inputs, Path(tmp) / "batch", args.workers))
        if args.only in (None, "naive"):
            results.append(measure("naive", naive, inputs, Path(tmp) / "naive"))
    print(f"{'pipeline':<12} {'reports':>7} {'wall s':>7} {'s/report':>8} {'peak MiB':>9}   ({os.cpu_count()} cores)")
    for r in results:
        print(f"{r['pipeline']:<12} {r['reports']:>7} {r['wall_s']:>7.1f} {r['per_report_s']:>8.2f} {r['peak_mib']:>9}")
    if len(results) == 2:
        print(f"speed-up: {results[1]['wall_s'] / results[0]['wall_s']:.1f}×")
    print(json.dumps(results))


if __name__ == "__main__":
    main()

"""Time `dxkit score` and `dxkit validate` on synthetic long CSVs of N units × 2 years (issue 13);
with `--batch`, `dxkit batch` on a province of 200 units and a national set of 3,300.

    python benchmarks/bench_scale.py [--quick] [--sizes 200 1000 3300] [--keep DIR]
    python benchmarks/bench_scale.py --batch [--quick | --province] [--keep DIR] [--workers N]

The units ("Huyện 0001", …) are drawn by `dxkit.sample` from the bundled framework's sample profile,
each from one of its districts' base figures with its own strength. Each command runs in a subprocess,
so its wall time, CPU seconds and peak RSS are its own; the engine alone is timed in-process on the
values the inputs prepare to. Prints a markdown table; the files live in a temporary folder.

`--batch` runs `dxkit batch --format html,pdf --workers W --quiet` on every unit of the province (200
reports and the comparison) and on a sample of the national set's units spread over its ranking (60
reports and the comparison of all 3,300). For each: wall and CPU seconds of the whole process tree per
report, peak PSS, when the first and the last report were done (the batch writes the scores of every
unit, scores.xlsx and scores.csv, while its notebooks run, then the index), and PSS as the reports finish
(`report.pdf` files counted at every sample): at 25, 50, 75 and 100% of them, flat when memory does not
grow with the number of reports. `--province`: every report of the province, the national set's model
only. `--quick` (under 10 minutes on 2 cores): 30 of the province's reports, and the national set's
model only. Before each batch, the report model its parent builds before its first notebook is timed
in this process (`dxkit.reports.data.build`, the year's tables), stage by
stage, in wall and CPU seconds, and one unit's analysis (which its notebook's kernel makes). Every
figure comes with the load average.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd
from _tree import TreeSampler

from dxkit import load_catalogue, sample
from dxkit.core.catalogue import Catalogue
from dxkit.reports.batch import default_workers

SIZES = (200, 1_000, 3_300)
QUICK = (200,)
PROVINCE, NATION = 200, 3_300
# reports per batch run: None = every unit of the year (quick: a sample spread over the ranking)
REPORTS = {PROVINCE: None, NATION: 60}
QUICK_REPORTS = {PROVINCE: 30, NATION: 10}  # the national batch is not run (see the docstring)
QUARTERS = (0.25, 0.5, 0.75, 1.0)
BEFORE = "model before the first notebook"
T = TypeVar("T")


def scaled_profile(catalogue: Catalogue, n: int) -> sample.Profile:
    """The framework's sample profile with `n` units, each on the base figures of one of its districts."""
    profile = sample.profile_for(catalogue)
    base = profile.districts
    districts = tuple(
        {
            **base[i % len(base)],
            "name": f"Huyện {i + 1:04d}",
            "slug": f"huyen{i + 1:04d}",
            "strength": round(0.25 + 0.7 * ((i * 0.618034) % 1), 3),
        }
        for i in range(n)
    )
    return dataclasses.replace(profile, districts=districts, missing=(), workbook=None)


def write_long_csvs(catalogue: Catalogue, sizes: list[int], folder: Path) -> dict[int, Path]:
    """Long CSVs (district, year, variable, value, evidence) of each number of units × the profile's years:
    the largest drawn, the others its first units (a unit's values depend only on its place)."""
    largest = max(sizes)
    profile = dataclasses.replace(scaled_profile(catalogue, largest), csv_name=f"units_{largest}.csv")
    drawn = sample.write_sample(folder / "drawn", catalogue, profile)[0]
    table = pd.read_csv(drawn, dtype=str, keep_default_na=False)
    out = {}
    for n in sizes:
        out[n] = folder / f"units_{n}.csv"
        table[table["district"].isin(profile.names[:n])].to_csv(out[n], index=False)
    return out


# Forks the command from a small process: a child forked from this (large) one would inherit its peak RSS.
LAUNCHER = """import json, os, sys, time
t = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
print(json.dumps([time.perf_counter() - t, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  os.waitstatus_to_exitcode(status)]))
"""


def run(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one `python -m dxkit` command."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, "-m", "dxkit", *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    wall, cpu, peak, code = json.loads(done.stdout.splitlines()[-1])
    if code not in (0, 1):  # 1: the inputs have problems (a synthetic file may); anything else is a failure
        raise RuntimeError(f"dxkit {' '.join(args)} exited {code}")
    return wall, cpu, peak


def engine_seconds(catalogue: Catalogue, path: Path) -> tuple[float, int]:
    """Seconds the engine alone takes on the prepared values of `path` (no explanations), and its unit-years."""
    from dxkit.core.engine import evaluate, resolve_options
    from dxkit.core.prepare import prepare
    from dxkit.intake.readers import read_inputs

    prepared = prepare(read_inputs(path), catalogue)
    opts = resolve_options(catalogue, None)
    t0 = time.perf_counter()
    evaluate(
        prepared.values, catalogue, opts, invalid=prepared.invalid, from_general=prepared.from_general, explain=False
    )
    return time.perf_counter() - t0, len(prepared.values)


def spread(ranking: list[str], n: int | None) -> list[str] | None:
    """`n` units evenly spread over a ranking (best first), the first and the last included; None: all."""
    if n is None or n >= len(ranking):
        return None
    return [ranking[round(i * (len(ranking) - 1) / max(n - 1, 1))] for i in range(n)]


def model(path: Path, reports: int | None) -> tuple[dict[str, tuple[float, float]], list[str] | None]:
    """Wall and CPU seconds of each stage of the report model a batch's parent builds before its first
    notebook, and the units to report (`spread` over the year's ranking)."""
    from dxkit.reports.data import build

    stages: dict[str, tuple[float, float]] = {}

    def timed(name: str, fn: Callable[..., T], *args: object) -> T:
        wall, cpu = time.perf_counter(), time.process_time()
        out = fn(*args)
        stages[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        return out

    data = timed("read, score, rank intervals", build, path)
    totals = data.assessment.totals()
    year = int(totals["year"].max())
    ranking = list(totals[totals["year"] == year].sort_values("points", ascending=False)["district"])
    chosen = spread(ranking, reports)
    timed("the year's tables", data.year, year)
    stages[BEFORE] = (sum(w for w, _ in stages.values()), sum(c for _, c in stages.values()))
    timed("one unit's analysis (in its kernel)", data.unit, ranking[len(ranking) // 2], year)  # not before
    return stages, chosen


def finished(out: Path) -> Callable[[], int]:
    """Counts the reports (PDF) written so far under `out`."""

    def count() -> int:
        return sum(1 for _ in out.glob("*/*/report.pdf")) + sum(1 for _ in out.glob("*/_comparison/*.pdf"))

    return count


def batch_run(path: Path, out: Path, units: list[str] | None, workers: int) -> dict:
    """`dxkit batch` on `path` (the `units`, or all), HTML + PDF: wall, CPU, PSS peak and PSS as reports finish."""
    cmd = [sys.executable, "-m", "dxkit", "batch", "--inputs", str(path), "--out", str(out)]
    cmd += ["--format", "html,pdf", "--workers", str(workers), "--quiet", "--lang", "vi"]
    if units:
        cmd += ["--district", *units]
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with TreeSampler(every=0.25, probe=finished(out)) as tree:
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"dxkit batch failed ({done.returncode}):\n{done.stderr[-2000:]}")
    reports = finished(out)()
    first = next((t for t, _, n in tree.history if n), wall)
    last = next((t for t, _, n in tree.history if n >= reports), wall)
    quarters = []
    for q in QUARTERS:
        reached = next((i for i, (_, _, n) in enumerate(tree.history) if n >= q * reports), len(tree.history) - 1)
        before = next((i for i, (_, _, n) in enumerate(tree.history) if n >= (q - 0.25) * reports), 0)
        window = [pss for _, pss, _ in tree.history[before : reached + 1]] or [0]
        quarters.append((tree.history[reached][1] / 2**20, max(window) / 2**20))
    comparison = next(out.glob("*/_comparison/*.pdf"), None)
    return {
        "reports": reports,
        "wall_s": wall,
        "cpu_s": tree.cpu_s,
        "peak_mib": tree.peak / 2**20,
        "first_report_s": first,
        "last_report_s": last,
        "quarters": quarters,
        "comparison_pdf_mib": comparison.stat().st_size / 2**20 if comparison else float("nan"),
        "load_before": load,
        "load_after": os.getloadavg()[0],
    }


def batches(catalogue: Catalogue, folder: Path, wanted: dict[int, int | None], workers: int, nation: bool) -> int:
    """`--batch`: the report model of the province and of the national set, `dxkit batch` on the province
    and, with `nation`, on the national set (`wanted`: reports per set, None = all; see the docstring)."""
    t0 = time.perf_counter()
    files = {n: folder / "data" / f"units_{n}.csv" for n in (PROVINCE, NATION)}
    if not all(f.is_file() for f in files.values()):  # kept from an earlier run (--keep)
        files = write_long_csvs(catalogue, [PROVINCE, NATION], folder / "data")
    print(f"{NATION:,} units drawn in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    rows = []
    for n, path in files.items():
        load = os.getloadavg()[0]
        stages, units = model(path, wanted[n])
        gc.collect()
        print(f"N={n}: model (load {load:.1f})", file=sys.stderr)
        for name, (wall, cpu) in stages.items():
            print(f"  {name:<34} {wall:>7.1f} s wall {cpu:>7.1f} CPU-s", file=sys.stderr)
        out = folder / f"batch_{n}"
        if out.exists():
            shutil.rmtree(out)
        result = batch_run(path, out, units, workers) if n == PROVINCE or nation else None
        print(f"N={n}: batch {json.dumps(result)}", file=sys.stderr)
        rows.append((n, stages, result))
    print(f"\n{workers} workers, {os.cpu_count()} cores; load average: 1-minute, before → after each batch\n")
    print(
        "| units | reports | wall s | s/report | CPU-s/report | peak PSS MiB | first / last report s | model s (CPU-s)"
        " | PSS MiB at 25/50/75/100% of reports | peak PSS MiB in each quarter | comparison PDF MiB | load |"
    )
    print("|" + "---:|" * 12)
    for n, stages, r in rows:
        wall, cpu = stages[BEFORE]
        cells = [f"{n:,}", "—", "—", "—", "—", "—", "—", f"{wall:.0f} ({cpu:.0f})", "—", "—", "—", "—"]
        if r is not None:
            cells[1:7] = [
                f"{r['reports']}",
                f"{r['wall_s']:.0f}",
                f"{r['wall_s'] / r['reports']:.2f}",
                f"{r['cpu_s'] / r['reports']:.2f}",
                f"{r['peak_mib']:,.0f}",
                f"{r['first_report_s']:.0f} / {r['last_report_s']:.0f}",
            ]
            cells[8:] = [
                " / ".join(f"{at:,.0f}" for at, _ in r["quarters"]),
                " / ".join(f"{peak:,.0f}" for _, peak in r["quarters"]),
                f"{r['comparison_pdf_mib']:.2f}",
                f"{r['load_before']:.1f} → {r['load_after']:.1f}",
            ]
        print("| " + " | ".join(cells) + " |")
    print("\n| units | " + " | ".join(rows[0][1]) + " |")
    print("|" + "---:|" * (len(rows[0][1]) + 1))
    for n, stages, _ in rows:
        print(f"| {n:,} | " + " | ".join(f"{w:.1f} s ({c:.1f} CPU-s)" for w, c in stages.values()) + " |")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only N = {QUICK[0]}; with --batch: fewer reports")
    parser.add_argument("--sizes", type=int, nargs="+", help=f"units (default: {' '.join(map(str, SIZES))})")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--batch", action="store_true", help=f"dxkit batch on {PROVINCE} and {NATION:,} units")
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="with --batch (default: dxkit's, cores + 1)"
    )
    parser.add_argument(
        "--province",
        action="store_true",
        help=f"with --batch: every report of the {PROVINCE} units, the nation's model only",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK if args.quick else SIZES)
    catalogue = load_catalogue()
    with tempfile.TemporaryDirectory(prefix="dxkit-bench-") as tmp:
        if args.batch:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            wanted = QUICK_REPORTS if args.quick else REPORTS
            if args.province:
                wanted = {PROVINCE: None, NATION: QUICK_REPORTS[NATION]}
            return batches(catalogue, folder, wanted, args.workers, nation=not (args.quick or args.province))
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        files = write_long_csvs(catalogue, sizes, folder)
        print(f"{max(sizes):,} units drawn in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        rows = []
        for n, path in files.items():
            out = str(folder / f"scores_{n}.parquet")
            score = run(["score", str(path), "--out", out], folder)
            bare = run(["score", str(path), "--out", out, "--no-explain"], folder)
            check = run(["validate", str(path)], folder)
            engine, unit_years = engine_seconds(catalogue, path)
            lines = path.read_bytes().count(b"\n") - 1
            rows.append((n, unit_years, lines, path.stat().st_size / 2**20, *score, *bare, *check, engine))
            print(f"N={n} done", file=sys.stderr)
    print(
        "| units | unit-years | rows | MiB | score s | CPU s | peak MiB | score --no-explain s | CPU s | peak MiB"
        " | validate s | CPU s | peak MiB | engine alone s |"
    )
    print("|" + "---:|" * 14)
    for r in rows:
        cells = [f"{r[0]:,}", f"{r[1]:,}", f"{r[2]:,}", f"{r[3]:.1f}"]
        cells += [f"{x:.2f}" if i % 3 != 2 else f"{x:.0f}" for i, x in enumerate(r[4:13])] + [f"{r[13]:.3f}"]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

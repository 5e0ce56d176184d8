"""Benchmark: one input changed in the what-if panel, on the bundled province (with explanations).

Scores `inputs/` (17 Gia Lai districts, 2023–2024, synthetic), then times `whatif.change` for many
single-input changes of the latest year — a numerator of an ordinary ratio criterion and the value of a
Min-Max criterion (rescored for every unit of the year), each set to a random value between 0 and twice
its recorded value —, the what-if panel showing a change (its widgets' values, no browser), and for
comparison a few full `Assessment.rescore(changes)`.
Usage: python benchmarks/bench_whatif.py [CHANGES]   (default: 200 of each kind)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main(n: int) -> None:
    import dxkit
    from dxkit.analysis import whatif
    from dxkit.intake import read_paths

    inputs = ROOT / "inputs"
    if not any(inputs.glob("*.csv")):
        raise SystemExit(f"no sample data in {inputs}: nothing to benchmark")
    t0 = time.perf_counter()
    a = dxkit.score(read_paths([inputs]))
    print(f"scored {len(a.prepared.values)} district-years with explanations in {time.perf_counter() - t0:.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a busy machine slows every figure)")
    start = whatif.start(a)
    cat, values = a.catalogue, a.prepared.values
    year = int(values.index.get_level_values("year").max())
    units = [d for d, y in values.index if y == year]
    kinds = {
        "ordinary (ratio numerator)": [c.rule["numerator"][0] for c in cat.criteria.values() if c.rule_type == "ratio"],
        "Min-Max (every peer)": [c.rule["value"] for c in cat.criteria.values() if c.rule_type == "minmax"],
    }
    rng = np.random.default_rng(0)
    whatif.change(start, [(units[0], year, kinds["ordinary (ratio numerator)"][0], 1)])  # warm caches
    print(f"{'change':<28} {'n':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'CPU median ms':>14}")
    for kind, variables in kinds.items():
        times, cpu = [], []
        for _ in range(n):
            unit, var = units[rng.integers(len(units))], variables[rng.integers(len(variables))]
            recorded = values.loc[(unit, year), var]
            value = round(float(rng.uniform(0, 2 * (recorded if recorded == recorded and recorded > 0 else 10))))
            t0, c0 = time.perf_counter(), time.process_time()
            whatif.change(start, [(unit, year, var, value)])
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        report(kind, times, cpu)
    from dxkit.interactive.panel import WhatIfPanel

    panel = WhatIfPanel(a, district=units[0], year=year)
    times, cpu = [], []
    for _ in range(n):
        var = kinds["ordinary (ratio numerator)"][rng.integers(len(kinds["ordinary (ratio numerator)"]))]
        t0, c0 = time.perf_counter(), time.process_time()
        panel.set_input(var, round(float(rng.uniform(0, 1000))))
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    report("panel: change and show", times, cpu)
    full = []
    for _ in range(5):
        t0 = time.perf_counter()
        a.rescore([(units[0], year, kinds["Min-Max (every peer)"][0], 1)])
        full.append((time.perf_counter() - t0) * 1000)
    print(f"{'full rescore (for reference)':<28} {5:>5} {statistics.median(full):>10.1f}")


def report(kind: str, times: list[float], cpu: list[float]) -> None:
    """One line: wall-clock median, p95 and max, and the median CPU time (what a quiet machine would take)."""
    p95 = float(np.percentile(times, 95))
    line = f"{kind:<28} {len(times):>5} {statistics.median(times):>10.1f} {p95:>8.1f} {max(times):>8.1f}"
    print(f"{line} {statistics.median(cpu):>14.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

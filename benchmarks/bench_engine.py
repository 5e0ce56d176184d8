"""Benchmark: score N synthetic district-years (points, no explanations) with the vectorised engine.

Each size runs in its own process so its peak memory (max RSS) is its own.
Usage: python benchmarks/bench_engine.py [N ...]   (default: 1000 10000 100000)
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd


def synthetic_values(n: int, seed: int = 0) -> pd.DataFrame:
    """A numeric wide frame of n district-years over 17-unit years, parts never above their wholes."""
    from dxkit import load_catalogue

    cat = load_catalogue()
    rng = np.random.default_rng(seed)
    cols: dict[str, np.ndarray] = {}
    for var in cat.variables.values():
        if var.type == "bool":
            cols[var.id] = rng.integers(0, 2, n).astype(float)
        elif var.type == "choice":
            cols[var.id] = rng.integers(0, len(var.choices), n).astype(float)
        else:
            cols[var.id] = rng.integers(1, 5000, n).astype(float)
    for var in cat.variables.values():
        if var.part_of:
            cols[var.id] = np.floor(cols[var.part_of] * rng.uniform(0, 1, n))
    index = pd.MultiIndex.from_arrays(
        [[f"D{i % 17}" for i in range(n)], 2000 + np.arange(n) // 17], names=["district", "year"]
    )
    return pd.DataFrame(cols, index=index)


def run_one(n: int) -> dict:
    from dxkit import load_catalogue
    from dxkit.core.engine import score_criteria

    cat = load_catalogue()
    values = synthetic_values(n)
    score_criteria(values.iloc[:100], cat, explain=False)  # warm-up
    t0 = time.perf_counter()
    crit = score_criteria(values, cat, explain=False)
    elapsed = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "district_years": n,
        "criterion_rows": len(crit),
        "seconds": round(elapsed, 3),
        "peak_rss_mib": round(peak_mib, 1),
    }


def main(sizes: list[int]) -> None:
    print(f"{'district-years':>15} {'criterion rows':>15} {'seconds':>8} {'peak RSS MiB':>13}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{r['district_years']:>15,} {r['criterion_rows']:>15,} {r['seconds']:>8.3f} {r['peak_rss_mib']:>13.1f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])

"""Benchmark: the Monte Carlo of rank stability (default 1000 draws, ±5%) on the bundled province.

Scores `inputs/` (17 Gia Lai districts, 2023–2024, synthetic), then times `rank_intervals` and the
option `sensitivity`. All draws of a batch go through the vectorised engine in one call.
Usage: python benchmarks/bench_sensitivity.py [DRAWS ...]   (default: 1000)
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(draw_counts: list[int]) -> None:
    import dxkit
    from dxkit import analysis as an
    from dxkit.intake import read_paths

    inputs = ROOT / "inputs"
    if not any(inputs.glob("*.csv")):
        raise SystemExit(f"no sample data in {inputs}: nothing to benchmark")
    t0 = time.perf_counter()
    a = dxkit.score(read_paths([inputs]), explain=False)
    n_units = len(a.prepared.values)
    print(
        f"scored {n_units} district-years ({a.prepared.values.index.get_level_values('district').nunique()} "
        f"districts) in {time.perf_counter() - t0:.2f} s"
    )
    t0 = time.perf_counter()
    an.sensitivity(a)
    print(
        f"sensitivity, {len(an.alternative_options(a.catalogue, a.options)) + 1} scenarios: "
        f"{time.perf_counter() - t0:.2f} s"
    )
    print(f"{'draws':>6} {'unit-draws':>11} {'seconds':>8} {'peak RSS MiB':>13}")
    for draws in draw_counts:
        t0 = time.perf_counter()
        intervals = an.rank_intervals(a, rel_error=0.05, draws=draws, seed=0)
        elapsed = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{draws:>6} {draws * n_units:>11,} {elapsed:>8.2f} {peak:>13.1f}")
    latest = intervals[intervals["year"] == intervals["year"].max()]
    columns = ["district", "rank", "rank_median", "rank_p05", "rank_p95", "rank_min", "rank_max"]
    print(latest[columns].to_string(index=False))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000])

"""Time reading and validating the whole bundled province (target: under 2 s).

    python benchmarks/bench_intake.py [--repeat N]

Prints, for each step, the best and median wall time over N runs (the catalogue is loaded once,
as `dxkit validate` does).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from dxkit import load_catalogue
from dxkit.intake import read_all
from dxkit.intake.districts import read_district_list
from dxkit.intake.validate import validate, validate_paths

INPUTS = Path(__file__).resolve().parents[1] / "inputs"
TARGET_S = 2.0


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    catalogue = load_catalogue()
    districts = INPUTS / "districts.csv"
    inputs, _ = read_all([INPUTS])
    known = read_district_list(districts)
    steps = {
        "read (CSV + workbook)": lambda: read_all([INPUTS]),
        "validate (already read)": lambda: validate(inputs, catalogue, known),
        "read + validate": lambda: validate_paths([INPUTS], catalogue, districts),
    }
    units = inputs[["district", "year"]].drop_duplicates().shape[0]
    print(f"bundled province: {len(inputs)} input rows, {units} district-years, {args.repeat} runs")
    worst = 0.0
    for name, run in steps.items():
        best, median = timed(run, args.repeat)
        worst = max(worst, median)
        print(f"  {name:<24} best {best:.3f} s   median {median:.3f} s")
    verdict = "OK" if worst < TARGET_S else "TOO SLOW"
    print(f"target < {TARGET_S:.1f} s for read + validate: {verdict}")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())

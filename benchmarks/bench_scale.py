"""Time `dxkit score` and `dxkit validate` on synthetic long CSVs of N units × 2 years (issue 13).

    python benchmarks/bench_scale.py [--quick] [--sizes 200 1000 3300] [--keep DIR]

The units ("Huyện 0001", …) are drawn by `dxkit.sample` from the bundled framework's sample profile,
each from one of its districts' base figures with its own strength. Each command runs in a subprocess,
so its wall time, CPU seconds and peak RSS are its own; the engine alone is timed in-process on the
values the inputs prepare to. Prints a markdown table; the files live in a temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from dxkit import load_catalogue, sample
from dxkit.core.catalogue import Catalogue

SIZES = (200, 1_000, 3_300)
QUICK = (200,)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only N = {QUICK[0]}")
    parser.add_argument("--sizes", type=int, nargs="+", help=f"units (default: {' '.join(map(str, SIZES))})")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK if args.quick else SIZES)
    catalogue = load_catalogue()
    with tempfile.TemporaryDirectory(prefix="dxkit-bench-") as tmp:
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

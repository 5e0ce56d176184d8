"""Time writing scores.xlsx (`dxkit.reports.scores.write_scores`) at 200 and 3,300 units × 2 years (issue 13).

    python benchmarks/bench_scores_xlsx.py [--sizes 200 3300] [--keep DIR] [--before]

The units are `bench_scale`'s synthetic ones, scored with explanations (`dxkit.score`); each assessment is
pickled in the folder (`--keep` reuses it between runs: scoring 3,300 units takes a minute or two). Each
write runs in its own process, which loads the assessment first: wall and CPU seconds of the write, the
process's RSS before it and its peak, and the file's size. `streamed` is `write_workbook` (openpyxl
write-only frame, rows streamed as XML); `--before` adds `cell by cell`, the route every sheet took
before issue 13 (`fill_sheet` on an ordinary workbook; at 3,300 units over 10 minutes and 3 GiB).
Prints a markdown table with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scale import write_long_csvs

import dxkit
from dxkit.intake import read_paths

SIZES = (200, 3_300)
ROUTES = ("streamed", "cell by cell")


def assessment_file(folder: Path, n: int) -> Path:
    """The pickled assessment of `n` units × 2 years with explanations (made once per folder)."""
    path = folder / f"assessment_{n}.pkl"
    if not path.exists():
        catalogue = dxkit.load_catalogue()
        csv = write_long_csvs(catalogue, [n], folder)[n]
        path.write_bytes(pickle.dumps(dxkit.score(read_paths([csv]), catalogue, explain=True)))
    return path


def write_once(pickled: Path, route: str, out: Path) -> dict[str, float]:
    """Write the scores workbook of the pickled assessment by `route`; this process's own figures."""
    from openpyxl import Workbook

    from dxkit.intake.xlsx import save_workbook
    from dxkit.reports.scores import fill_sheet, score_sheets, write_scores

    assessment = pickle.loads(pickled.read_bytes())
    rss = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    wall, cpu = time.perf_counter(), time.process_time()
    if route == "streamed":
        write_scores(assessment, out, "vi")
    else:
        wb = Workbook()
        wb.remove(wb.active)
        for sheet in score_sheets(assessment, "vi"):
            fill_sheet(wb.create_sheet(sheet.title[:31]), sheet)
        save_workbook(wb, out)
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss": rss,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "size": out.stat().st_size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--keep", type=Path, help="folder for the CSVs, assessments and workbooks (reused)")
    parser.add_argument("--before", action="store_true", help="also write cell by cell, as before issue 13")
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)  # pickled route out: one write, in a child
    args = parser.parse_args()
    if args.one:
        pickled, route, out = args.one
        print(json.dumps(write_once(Path(pickled), route, Path(out))))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dxkit-xlsx-"))
    folder.mkdir(parents=True, exist_ok=True)
    routes = ROUTES if args.before else ROUTES[:1]
    print(f"load average {os.getloadavg()[0]:.2f}; each write in its own process (RSS: before the write / peak)\n")
    print("| units × 2 years | route | wall s | CPU s | RSS MiB before | peak RSS MiB | scores.xlsx MiB |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        pickled = assessment_file(folder, n)
        for route in routes:
            out = folder / f"scores_{n}_{route.replace(' ', '_')}.xlsx"
            done = subprocess.run(
                [sys.executable, __file__, "--one", str(pickled), route, str(out)],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(done.stdout.splitlines()[-1])
            print(
                f"| {n:,} | {route} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss']:.0f} | {r['peak']:.0f} "
                f"| {r['size']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()

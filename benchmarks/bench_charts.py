"""Benchmark: the district report's three charts (written as SVG by dxkit.reports.svg), one by one.

The report model of one district (default the bundled inputs' first, its latest year) is built once;
each chart is then drawn `--repeats` times, warm (the first drawing, which reads the font's widths, is
left out), and embedded as a report embeds it (present.figure: base64 data URL in an <img>).

Reported per chart: the median wall time of drawing it and of drawing + embedding it, in ms, and the
size of its SVG in bytes; then the three together. A markdown table.

Usage: python benchmarks/bench_charts.py [--inputs inputs/] [--district 'Chư Prông'] [--repeats 50]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=ROOT / "inputs")
    parser.add_argument("--district", help="default: the first unit of the latest year")
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()

    from dxkit.reports import plots, present
    from dxkit.reports.data import build

    data = build(args.inputs)
    units = data.assessment.totals()
    year = int(units["year"].max())
    district = args.district or str(units[units["year"] == year]["district"].iloc[0])
    data.analyse(year, [district])
    report = data.unit(district, year, None)
    charts = (plots.pillar_profile, plots.losses_by_department_chart, plots.trend)
    for chart in charts:
        present.figure(chart(report))  # warm: the font's widths are read once
    print(f"{district} {year}, median of {args.repeats}, warm, in-process\n")
    print("| chart | draw (ms) | draw + embed (ms) | SVG (bytes) |")
    print("|---|---:|---:|---:|")
    total = [0.0, 0.0, 0]
    for chart in charts:
        draw = _median_ms(lambda c=chart: c(report), args.repeats)
        embed = _median_ms(lambda c=chart: present.figure(c(report)), args.repeats)
        size = len(chart(report).svg.encode())
        total = [total[0] + draw, total[1] + embed, total[2] + size]
        print(f"| `{chart.__name__}` | {draw:.2f} | {embed:.2f} | {size:,} |")
    print(f"| the three | {total[0]:.2f} | {total[1]:.2f} | {total[2]:,} |")


if __name__ == "__main__":
    main()

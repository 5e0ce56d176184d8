"""`dxkit score` and `dxkit bounds`: scores of the inputs, and the Min-Max bounds a province publishes."""

from __future__ import annotations

import argparse
import sys

from dxkit.cli.common import EXIT_INVALID, add_common, assess, command, write_csv
from dxkit.core import fmt
from dxkit.core.assessment import Assessment
from dxkit.core.bounds import observed_bounds
from dxkit.core.paths import check_output
from dxkit.core.values import AMBIGUOUS_DECIMAL


def _setup_score(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="input files or folders (long/wide CSV, workbooks)")
    p.add_argument("--out", "-o", required=True, help="scores CSV to write")
    p.add_argument("--no-explain", action="store_true", help="skip the explanations (faster)")
    add_common(p)


@command("score", _setup_score)
def run_score(args: argparse.Namespace) -> int:
    """Score inputs into a CSV: points, status and explanation of every criterion, pillar and total."""
    check_output(args.out, args.inputs)
    result = assess(args, explain=not args.no_explain)
    write_csv(result.table(), args.out)
    for problem in result.problems:
        print(problem.message(args.lang), file=sys.stderr)
    print(score_summary(result, args.out, args.lang))
    return EXIT_INVALID if (result.criteria()["status"] == "invalid").any() else 0


def score_summary(result: Assessment, out: str, lang: str = "vi") -> str:
    """What was scored, what was invalid and where, what is provisional: the last lines of `dxkit score`."""
    en = lang == "en"
    crit = result.criteria()
    totals = result.totals()
    lines = [f"{len(totals)} unit-years scored → {out}" if en else f"Đã chấm {len(totals)} đơn vị-năm → {out}"]
    invalid = crit[crit["status"] == "invalid"]
    if len(invalid):
        where = "; ".join(
            f"{d} {y}: {', '.join(rows['code'])}" for (d, y), rows in invalid.groupby(["district", "year"], sort=False)
        )
        lines.append(
            f"{len(invalid)} criteria invalid (0 points until corrected; exit status {EXIT_INVALID}): {where}"
            if en
            else f"{len(invalid)} tiêu chí có dữ liệu không hợp lệ (0 điểm cho đến khi sửa; mã thoát "
            f"{EXIT_INVALID}): {where}"
        )
    ambiguous = [p for p in result.problems if p.reason == AMBIGUOUS_DECIMAL]
    if ambiguous:
        lines.append(
            f"{len(ambiguous)} numbers could be read two ways ('1.217'): run again with --decimal . "
            "(decimal point) or --decimal , (decimal comma)"
            if en
            else f"{len(ambiguous)} số có thể hiểu theo hai cách ('1.217'): chạy lại với --decimal . (dấu chấm "
            "thập phân) hoặc --decimal , (dấu phẩy thập phân)"
        )
    provisional = totals[totals["provisional"]]
    if len(provisional):
        codes = ", ".join(sorted(set(crit.loc[crit["status"] == "needs_peers", "code"])))
        lines.append(
            f"{len(provisional)} totals provisional: {codes} need Min-Max peers or --bounds"
            if en
            else f"{len(provisional)} tổng điểm tạm tính: {codes} cần đơn vị so sánh hoặc --bounds"
        )
    lines.append(("Assumptions: " if en else "Giả định: ") + result.assumptions_text())
    return "\n".join(lines)


def _setup_bounds(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="every unit's inputs (files or folders)")
    p.add_argument("--year", type=int, required=True, action="append", help="year(s) to publish bounds for")
    p.add_argument("--out", "-o", required=True, help="bounds CSV to write (code,year,min,max), read by --bounds")
    add_common(p, bounds=False)


@command("bounds", _setup_bounds)
def run_bounds(args: argparse.Namespace) -> int:
    """Publish the Min-Max bounds of a year from all units' data, for units scored alone (--bounds)."""
    check_output(args.out, args.inputs)
    result = assess(args, explain=False)
    table = observed_bounds(result, args.year)
    write_csv(table, args.out)
    en = args.lang == "en"
    for r in table.itertuples(index=False):
        lo, hi = fmt.number(r.min, args.lang, 6), fmt.number(r.max, args.lang, 6)
        print(f"{r.code} {r.year}: min {lo}, max {hi} ({r.units} " + ("units)" if en else "đơn vị)"))
    print(f"{len(table)} bounds → {args.out}" if en else f"{len(table)} ngưỡng → {args.out}")
    return 0

"""Command line: `dxkit score`, `dxkit bounds`, and the other commands registered by their modules.

Exit status: 0 done; 1 validation errors or failed reports; 2 unusable input or arguments (nothing
written); 3 scores written, but some criterion is `invalid`; 4 an output cannot be written; 5 PDF
asked for but no engine; 130 interrupted (Ctrl-C).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from dxkit import fmt, inert
from dxkit.assessment import Assessment, score
from dxkit.bounds import observed_bounds, read_bounds
from dxkit.atomic import OutputError, os_reason, write_atomic
from dxkit.catalogue import CatalogueError, load_catalogue
from dxkit.paths import check_output
from dxkit.problems import InputError, Problem
from dxkit.values import AMBIGUOUS_DECIMAL

EXIT_INVALID = 3   # scores written, but some criterion is invalid
EXIT_OUTPUT = 4    # an output cannot be written
EXIT_INTERRUPTED = 130

COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def command(name: str, setup: Callable[[argparse.ArgumentParser], None]):
    """Register a sub-command: `setup` adds its arguments, the decorated function runs it."""
    def wrap(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (setup, run)
        return run
    return wrap


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV, whole or not at all, with no text a spreadsheet would run as a formula."""
    return write_atomic(path, inert.frame(df).to_csv(index=False))


def parse_options(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"--option needs NAME=VALUE, got {pair!r}")
        out[key.strip()] = value.strip()
    return out


def add_framework(p: argparse.ArgumentParser) -> None:
    p.add_argument("--framework", help="framework YAML file (default: district DTI 2023)")


def add_common(p: argparse.ArgumentParser, bounds: bool = True, lang: bool = True) -> None:
    """What every command reading inputs takes: --framework, --option, --decimal, --districts,
    --lang and (with `bounds`) --bounds."""
    add_framework(p)
    p.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                   help="scoring option, e.g. threshold_reading=proportional, zero_denominator=full")
    if bounds:
        p.add_argument("--bounds", help="CSV of reference Min-Max bounds: code,year,min,max (see `dxkit bounds`)")
    p.add_argument("--decimal", choices=[".", ","],
                   help="decimal mark of numbers written as text (default: what each file or sheet shows; "
                        "'1.217' with no evidence either way is an error)")
    p.add_argument("--districts", help="CSV with a 'district' column: the units expected, as they should be shown")
    if lang:
        p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of messages (default: vi)")


def district_list(args: argparse.Namespace) -> list[str] | None:
    """The names of `--districts`, if given."""
    from dxkit.intake.districts import read_district_list

    return read_district_list(args.districts) if getattr(args, "districts", None) else None


def assess(args: argparse.Namespace, explain: bool = True) -> Assessment:
    """Read and score the inputs of a command with the common options (the one way commands score)."""
    catalogue = load_catalogue(args.framework)
    bounds = read_bounds(args.bounds, catalogue) if getattr(args, "bounds", None) else None
    return score(load_inputs(args.inputs), catalogue, parse_options(args.option), bounds, explain=explain,
                 decimal=args.decimal, districts=district_list(args), bounds_source=getattr(args, "bounds", "") or "")


def _setup_score(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="input files or folders (long/wide CSV, workbooks)")
    p.add_argument("--out", "-o", required=True, help="scores CSV to write")
    p.add_argument("--no-explain", action="store_true", help="skip the explanations (faster)")
    add_common(p)


def load_inputs(paths: list[str]) -> pd.DataFrame:
    """Every input path read into one tidy table (workbooks and folders when the intake is present)."""
    from dxkit import intake

    inputs = intake.read_paths(paths)
    if inputs.empty:
        raise InputError([Problem("error", "không có dòng dữ liệu nào", "no data rows", file=", ".join(paths))])
    return inputs


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
        where = "; ".join(f"{d} {y}: {', '.join(rows['code'])}" for (d, y), rows in
                          invalid.groupby(["district", "year"], sort=False))
        lines.append(f"{len(invalid)} criteria invalid (0 points until corrected; exit status {EXIT_INVALID}): {where}"
                     if en else f"{len(invalid)} tiêu chí có dữ liệu không hợp lệ (0 điểm cho đến khi sửa; mã thoát "
                     f"{EXIT_INVALID}): {where}")
    ambiguous = [p for p in result.problems if p.reason == AMBIGUOUS_DECIMAL]
    if ambiguous:
        lines.append(f"{len(ambiguous)} numbers could be read two ways ('1.217'): run again with --decimal . "
                     "(decimal point) or --decimal , (decimal comma)" if en else
                     f"{len(ambiguous)} số có thể hiểu theo hai cách ('1.217'): chạy lại với --decimal . (dấu chấm "
                     "thập phân) hoặc --decimal , (dấu phẩy thập phân)")
    provisional = totals[totals["provisional"]]
    if len(provisional):
        codes = ", ".join(sorted(set(crit.loc[crit["status"] == "needs_peers", "code"])))
        lines.append(f"{len(provisional)} totals provisional: {codes} need Min-Max peers or --bounds" if en else
                     f"{len(provisional)} tổng điểm tạm tính: {codes} cần đơn vị so sánh hoặc --bounds")
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


def main(argv: list[str] | None = None) -> int:
    import dxkit.commands  # noqa: F401  registers the other sub-commands

    parser = argparse.ArgumentParser(prog="dxkit", description="Digital Transformation Index toolkit")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (setup, run) in COMMANDS.items():
        setup(sub.add_parser(name, help=(run.__doc__ or "").strip().splitlines()[0] if run.__doc__ else None))
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", "vi")
    try:
        return COMMANDS[args.command][1](args)
    except InputError as exc:
        print(str(exc) if lang == "vi" else InputError(exc.problems, "en"), file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"dxkit: {exc.message(lang)}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("dxkit: interrupted, nothing half-written was kept" if lang == "en"
              else "dxkit: đã dừng theo yêu cầu, không giữ lại tệp ghi dở", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CatalogueError as exc:
        head = "the framework file cannot be used" if lang == "en" else "không dùng được tệp bộ chỉ số (chi tiết bằng tiếng Anh)"
        print(f"dxkit: {head}:\n{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"dxkit: {_os_message(exc, lang)}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"dxkit: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001  no traceback reaches a user; the message says what broke
        print(f"dxkit: {'unexpected error' if lang == 'en' else 'lỗi không mong đợi'}: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return 2


def _os_message(exc: OSError, lang: str) -> str:
    """A file-system error in the user's language, naming the file."""
    return f"{exc.filename or ''}: {os_reason(exc, lang)}"


if __name__ == "__main__":  # run as `python -m dxkit.cli`: use the importable module's registry
    from dxkit import cli

    sys.exit(cli.main())

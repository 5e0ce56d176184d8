"""Command line: `dxkit score`, and the other commands registered by their modules."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

import pandas as pd

from dxkit.assessment import read_bounds, score
from dxkit.atomic import write_atomic
from dxkit.catalogue import CatalogueError, load_catalogue
from dxkit.problems import InputError, Problem

COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def command(name: str, setup: Callable[[argparse.ArgumentParser], None]):
    """Register a sub-command: `setup` adds its arguments, the decorated function runs it."""
    def wrap(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (setup, run)
        return run
    return wrap


def write_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV, whole or not at all."""
    return write_atomic(path, df.to_csv(index=False))


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


def add_common(p: argparse.ArgumentParser, bounds: bool = True) -> None:
    """--framework, --option, --lang and (with `bounds`) --bounds."""
    add_framework(p)
    p.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                   help="scoring option, e.g. threshold_reading=proportional, zero_denominator=full")
    if bounds:
        p.add_argument("--bounds", help="CSV of reference Min-Max bounds: code,year,min,max")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of messages")


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
    catalogue = load_catalogue(args.framework)
    bounds = read_bounds(args.bounds, catalogue) if args.bounds else None
    result = score(load_inputs(args.inputs), catalogue, parse_options(args.option), bounds,
                   explain=not args.no_explain)
    write_csv(result.table(), args.out)
    totals = result.totals()
    for problem in result.problems:
        print(problem.message(args.lang), file=sys.stderr)
    print(f"{len(totals)} unit-years scored → {args.out} ({result.assumptions_text()})")
    return 0


def main(argv: list[str] | None = None) -> int:
    import dxkit.commands  # noqa: F401  registers the other sub-commands

    parser = argparse.ArgumentParser(prog="dxkit", description="Digital Transformation Index toolkit")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (setup, run) in COMMANDS.items():
        setup(sub.add_parser(name, help=(run.__doc__ or "").strip().splitlines()[0] if run.__doc__ else None))
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][1](args)
    except InputError as exc:
        print(str(exc) if getattr(args, "lang", "vi") == "vi" else InputError(exc.problems, "en"), file=sys.stderr)
        return 2
    except (CatalogueError, ValueError, FileNotFoundError) as exc:
        print(f"dxkit: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # run as `python -m dxkit.cli`: use the importable module's registry
    from dxkit import cli

    sys.exit(cli.main())

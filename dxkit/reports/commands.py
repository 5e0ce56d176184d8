"""CLI sub-commands of the reports: `dxkit report` (one district) and `dxkit batch` (a whole year)."""
from __future__ import annotations

import argparse
import sys

from dxkit.cli import command
from dxkit.reports.labels import LANGS
from dxkit.values import clean_text

FORMATS = ("html", "pdf")


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = set(chosen) - set(FORMATS)
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(f"formats are {', '.join(FORMATS)} (comma-separated), got {text!r}")
    return chosen


def _setup_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="year to report (default: the latest year in the inputs)")
    p.add_argument("--inputs", default="inputs/", help="input file or folder, any form dxkit reads (default: inputs/)")
    p.add_argument("--format", type=_formats, default=FORMATS, metavar="html,pdf",
                   help="html and/or pdf (default: both; HTML is always written, the PDF is printed from it)")
    p.add_argument("--lang", choices=LANGS, default="vi", help="language of the reports (default: vi)")
    p.add_argument("--out", default="outputs/", help="output folder (default: outputs/)")
    p.add_argument("--synthetic", action=argparse.BooleanOptionalAction, default=None,
                   help="say the data is synthetic (default: only when the inputs are the bundled sample)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def _setup_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("--district", required=True, help="district name as in the inputs, e.g. 'Chư Prông'")
    _setup_common(p)


def _setup_batch(p: argparse.ArgumentParser) -> None:
    p.add_argument("--district", nargs="+", action="extend", metavar="NAME",
                   help="only these districts (default: every district with data in the year)")
    p.add_argument("--workers", type=int, help="worker processes (default: number of cores)")
    _setup_common(p)


def _run(args: argparse.Namespace, districts: list[str] | None, comparison: bool, workers: int | None) -> int:
    from dxkit.reports.batch import run_batch, summary

    result = run_batch(args.inputs, year=args.year, districts=districts, pdf="pdf" in args.format, out=args.out,
                       workers=workers, lang=args.lang, comparison=comparison, synthetic=args.synthetic,
                       progress=not args.quiet)
    print(summary(result), file=sys.stderr if result.failures else sys.stdout)
    return 1 if result.failures else 0


@command("report", _setup_report)
def run_report(args: argparse.Namespace) -> int:
    """One district's report: outputs/<year>/<district-slug>/report.{ipynb,html,pdf}."""
    return _run(args, [clean_text(args.district)], comparison=False, workers=1)


@command("batch", _setup_batch)
def run_batch_command(args: argparse.Namespace) -> int:
    """Every district's report of a year, the province comparison and an index page, in parallel."""
    districts = [clean_text(d) for d in args.district] if args.district else None
    return _run(args, districts, comparison=True, workers=args.workers)

"""CLI sub-commands of the reports: `dxkit report` (one district) and `dxkit batch` (a whole year).

Help and messages are in the language of the command line (`--lang`, else DXKIT_LANG, else Vietnamese).
Exit status: 0 all reports done; 1 a report or its PDF failed (the others are done); 2 bad input or
arguments (nothing written); 4 the output folder cannot be written or another run is writing it;
5 PDF asked for but no PDF engine (nothing written); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from dxkit.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    add_common,
    command,
    helptext,
    metavar,
    parse_options,
    whole_number,
)
from dxkit.core.values import clean_text
from dxkit.core.vocab import t

FORMATS = ("html", "pdf")
EXIT_FAILED, EXIT_NO_PDF_ENGINE = 1, 5


def formats(lang: str) -> Callable[[str], tuple[str, ...]]:
    """An argparse `type` reading --format ('html,pdf', 'html', 'pdf'), refusing others in `lang`."""

    def chosen(text: str) -> tuple[str, ...]:
        found = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
        if not found or set(found) - set(FORMATS):
            raise argparse.ArgumentTypeError(f"{t('cli.reports.formats', lang)}: {text!r}")
        return found

    return chosen


def year_file(lang: str) -> Callable[[str], tuple[int, str]]:
    """An argparse `type` reading --framework-for YEAR=FILE, refusing others in `lang`."""

    def pair(text: str) -> tuple[int, str]:
        year, sep, path = text.partition("=")
        if not sep or not year.strip().isdigit() or not path.strip():
            raise argparse.ArgumentTypeError(t("crosswalk.framework_for_pair", lang, pair=repr(text)))
        return int(year), path.strip()

    return pair


def _setup_common(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument(
        "--year", type=whole_number(lang), metavar=metavar("year", lang), help=helptext("reports.year", lang)
    )
    p.add_argument(
        "--inputs", default="inputs/", metavar=metavar("inputs", lang), help=helptext("reports.inputs", lang)
    )
    p.add_argument(
        "--format", type=formats(lang), default=FORMATS, metavar="html,pdf", help=helptext("reports.format", lang)
    )
    p.add_argument("--out", default="outputs/", metavar=metavar("folder", lang), help=helptext("reports.out", lang))
    p.add_argument(
        "--synthetic", action=argparse.BooleanOptionalAction, default=None, help=helptext("reports.synthetic", lang)
    )
    p.add_argument("--quiet", "-q", action="store_true", help=helptext("reports.quiet", lang))
    p.add_argument("--resume", action="store_true", help=helptext("reports.resume", lang))
    p.add_argument(
        "--framework-for",
        type=year_file(lang),
        action="append",
        default=[],
        metavar=metavar("year_file", lang),
        help=helptext("reports.framework_for", lang),
    )
    p.add_argument("--crosswalk", metavar=metavar("file", lang), help=helptext("reports.crosswalk", lang))
    add_common(p, lang, lang_key="reports.lang")


def _describe(p: argparse.ArgumentParser, name: str, lang: str) -> None:
    """What the command does and its exit statuses, under its usage line."""
    p.description = f"{t(f'cli.help.{name}.about', lang)}. {t('cli.help.reports.exit_codes', lang)}"


def _setup_report(p: argparse.ArgumentParser, lang: str) -> None:
    _describe(p, "report", lang)
    p.add_argument(
        "--district", required=True, metavar=metavar("district", lang), help=helptext("report.district", lang)
    )
    _setup_common(p, lang)


def _setup_batch(p: argparse.ArgumentParser, lang: str) -> None:
    _describe(p, "batch", lang)
    p.add_argument(
        "--district",
        nargs="+",
        action="extend",
        metavar=metavar("district", lang),
        help=helptext("batch.district", lang),
    )
    p.add_argument(
        "--workers", type=whole_number(lang), metavar=metavar("number", lang), help=helptext("batch.workers", lang)
    )
    _setup_common(p, lang)


def _run(args: argparse.Namespace, districts: list[str] | None, comparison: bool, workers: int | None) -> int:
    from dxkit.core.atomic import OutputError
    from dxkit.reports.batch import figures, run_batch, summary
    from dxkit.reports.pdf import PdfEngineMissing

    lang = args.lang
    try:
        result = run_batch(
            args.inputs,
            year=args.year,
            districts=districts,
            pdf="pdf" in args.format,
            out=args.out,
            workers=workers,
            lang=lang,
            comparison=comparison,
            synthetic=args.synthetic,
            progress=not args.quiet,
            framework=args.framework,
            options=parse_options(args.option, lang),
            bounds=args.bounds,
            decimal=args.decimal,
            district_list=args.districts,
            framework_for=dict(args.framework_for),
            crosswalk=args.crosswalk,
            resume=args.resume,
        )
    except PdfEngineMissing as exc:
        print(f"{exc.message(lang)} {t('cli.reports.use_html', lang)}", file=sys.stderr)
        return EXIT_NO_PDF_ENGINE
    except OutputError as exc:
        print(exc.message(lang), file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print(t("cli.reports.stopped", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    if not args.quiet:
        print(figures(result), file=sys.stderr)
    print(summary(result), file=sys.stderr if result.failures or result.interrupted else sys.stdout)
    return EXIT_INTERRUPTED if result.interrupted else EXIT_FAILED if result.failures else 0


@command("report", _setup_report)
def run_report(args: argparse.Namespace) -> int:
    """One district's report: outputs/<year>/<district-slug>/report.{ipynb,html,pdf}."""
    return _run(args, [clean_text(args.district)], comparison=False, workers=1)


@command("batch", _setup_batch)
def run_batch_command(args: argparse.Namespace) -> int:
    """Every district's report of a year, the province comparison and an index page, in parallel."""
    districts = [clean_text(d) for d in args.district] if args.district else None
    return _run(args, districts, comparison=True, workers=args.workers)

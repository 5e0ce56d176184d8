"""CLI sub-commands of the reports: `dxkit report` (one district) and `dxkit batch` (a whole year).

Help is bilingual (Vietnamese, then English); everything else is said in the `--lang` chosen.
Exit status: 0 all reports done; 1 a report or its PDF failed (the others are done); 2 bad input or
arguments (nothing written); 4 the output folder cannot be written or another run is writing it;
5 PDF asked for but no PDF engine (nothing written); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys

from dxkit.cli.common import EXIT_INTERRUPTED, EXIT_OUTPUT, add_common, command, parse_options
from dxkit.core.values import clean_text
from dxkit.core.vocab import t, texts

FORMATS = ("html", "pdf")
EXIT_FAILED, EXIT_NO_PDF_ENGINE = 1, 5
EXIT_CODES = (
    " Mã thoát / exit status: 0 xong / done; 1 có báo cáo hoặc PDF lỗi / a report or its PDF failed; "
    "2 dữ liệu hoặc tham số sai / bad input or arguments; "
    "4 không ghi được thư mục đầu ra / output folder not writable; 5 thiếu công cụ PDF / no PDF engine; "
    "130 Ctrl-C."
)
LANG = " --lang: ngôn ngữ của báo cáo và thông báo / language of the reports and messages."


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    if not chosen or set(chosen) - set(FORMATS):
        raise argparse.ArgumentTypeError(" / ".join(texts("cli.reports.formats").values()) + f": {text!r}")
    return chosen


def _setup_common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--year",
        type=int,
        help="năm báo cáo (mặc định: năm mới nhất có dữ liệu) / year to report "
        "(default: the latest year in the inputs)",
    )
    p.add_argument(
        "--inputs", default="inputs/", help="tệp hoặc thư mục dữ liệu / input file or folder (default: inputs/)"
    )
    p.add_argument(
        "--format",
        type=_formats,
        default=FORMATS,
        metavar="html,pdf",
        help="html,pdf (mặc định / default), html hoặc / or pdf. HTML luôn được ghi (PDF in từ HTML); "
        "khi cần PDF mà thiếu Chromium hoặc Playwright thì báo lỗi trước khi chạy sổ nào / HTML is "
        "always written (the PDF is printed from it); asking for PDF without Chromium or Playwright "
        "is an error before any notebook runs: use --format html then",
    )
    p.add_argument(
        "--out",
        default="outputs/",
        help="thư mục đầu ra, không nằm trong thư mục dữ liệu / output "
        "folder, never inside an input folder (default: outputs/)",
    )
    p.add_argument(
        "--synthetic",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="ghi rõ dữ liệu là mô phỏng / say the data is synthetic (default: only for the bundled sample)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="không hiện tiến độ / no progress bar")
    add_common(p)


def _setup_report(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Báo cáo của một huyện / one district's report: <out>/<year>/<district>/report.{html,pdf}." + LANG + EXIT_CODES
    )
    p.add_argument(
        "--district",
        required=True,
        help="tên huyện, viết kiểu nào cũng được / district name, any spelling, e.g. 'Chư Prông'",
    )
    _setup_common(p)


def _setup_batch(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Báo cáo mọi huyện của một năm, so sánh tỉnh và trang mục lục / every district's report of "
        "a year, the province comparison and an index page." + LANG + EXIT_CODES
    )
    p.add_argument(
        "--district",
        nargs="+",
        action="extend",
        metavar="NAME",
        help="chỉ các huyện này / only these districts (default: every district with data in the year)",
    )
    p.add_argument("--workers", type=int, help="số tiến trình / worker processes (default: number of cores)")
    _setup_common(p)


def _run(args: argparse.Namespace, districts: list[str] | None, comparison: bool, workers: int | None) -> int:
    from dxkit.core.atomic import OutputError
    from dxkit.reports.batch import run_batch, summary
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

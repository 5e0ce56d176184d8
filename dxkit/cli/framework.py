"""`dxkit framework check|doc|new`: check a framework file, write its handbook, start one from a table."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dxkit.cli.common import EXIT_OUTPUT, add_lang, command, helptext, metavar
from dxkit.core.catalogue import DEFAULT_FRAMEWORK, load_catalogue
from dxkit.core.vocab import t

EXIT_UNUSABLE, EXIT_NO_PDF_ENGINE = 1, 5


def _setup(p: argparse.ArgumentParser, lang: str) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar=metavar("command", lang))
    for name, setup in (("check", _setup_check), ("doc", _setup_doc), ("new", _setup_new)):
        about = helptext(f"framework.{name}.about", lang)
        setup(sub.add_parser(name, help=about, description=about), lang)


def _setup_check(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("files", nargs="+", metavar=metavar("file", lang), help=helptext("framework.check.files", lang))
    p.add_argument("--strict", action="store_true", help=helptext("framework.check.strict", lang))
    add_lang(p, lang)


def _setup_doc(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument(
        "file",
        nargs="?",
        default=str(DEFAULT_FRAMEWORK),
        metavar=metavar("file", lang),
        help=helptext("framework.doc.file", lang),
    )
    p.add_argument("--department", metavar=metavar("department", lang), help=helptext("framework.doc.department", lang))
    p.add_argument("--format", default="html", help=helptext("framework.doc.format", lang))
    p.add_argument(
        "--out",
        "-o",
        default="outputs/framework",
        metavar=metavar("folder", lang),
        help=helptext("framework.doc.out", lang),
    )
    add_lang(p, lang, "framework.doc.lang")


def _setup_new(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument(
        "--from", dest="table", required=True, metavar=metavar("file", lang), help=helptext("framework.new.table", lang)
    )
    p.add_argument(
        "--out", "-o", required=True, metavar=metavar("file", lang), help=helptext("framework.new.out", lang)
    )
    p.add_argument("--force", action="store_true", help=helptext("framework.new.force", lang))
    add_lang(p, lang)


@command("framework", _setup)
def run_framework(args: argparse.Namespace) -> int:
    """One of check, doc, new."""
    return {"check": _check, "doc": _doc, "new": _new}[args.action](args)


def _check(args: argparse.Namespace) -> int:
    """Every problem of each file, placed and with a suggestion; 1 when a file is unusable
    (with --strict: also when it has warnings)."""
    from dxkit.core.framework_file import read_framework

    lang, status = args.lang, 0
    for path in args.files:
        cat, check = read_framework(path)
        if cat is not None and check.usable and not check.findings:
            print(
                t(
                    "framework.usable",
                    lang,
                    file=path,
                    criteria=len(cat.criteria),
                    pillars=len(cat.pillars),
                    total=f"{cat.total_max:g}",
                )
            )
            continue
        print(check.text(lang), file=sys.stdout if check.usable else sys.stderr)
        if not check.usable or args.strict:
            status = EXIT_UNUSABLE
    return status


def _doc(args: argparse.Namespace) -> int:
    """The framework as the document a steering committee issues: html, pdf and/or xlsx."""
    from dxkit.core.atomic import OutputError
    from dxkit.reports.handbook import HandbookError, write_handbook
    from dxkit.reports.pdf import PdfEngineMissing

    lang = args.lang
    catalogue = load_catalogue(args.file)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    try:
        written = write_handbook(catalogue, args.out, formats, args.department, lang)
    except HandbookError as exc:
        print(f"dxkit: {exc.message(lang)}", file=sys.stderr)
        return 2
    except PdfEngineMissing as exc:
        print(f"{exc.message(lang)} {t('cli.framework.use_html', lang)}", file=sys.stderr)
        return EXIT_NO_PDF_ENGINE
    except OutputError as exc:
        print(f"dxkit: {exc.message(lang)}", file=sys.stderr)
        return EXIT_OUTPUT
    for path in written:
        print(path)
    return 0


def _new(args: argparse.Namespace) -> int:
    """A framework file started from a published table: proposed rules where the method matches a
    known pattern, TODO elsewhere (`framework check` refuses it until each TODO is resolved)."""
    from dxkit.core.atomic import write_atomic
    from dxkit.core.paths import check_output
    from dxkit.intake.draft import draft_framework

    lang = args.lang
    out = Path(args.out)
    check_output(out, [args.table])
    if out.exists() and not args.force:
        print(f"dxkit: {t('cli.framework.exists', lang, path=out)}", file=sys.stderr)
        return 2
    draft = draft_framework(args.table, lang)
    write_atomic(out, draft.text)
    print(f"{out}: {draft.summary(lang)}")
    for problem in draft.warnings:  # what the draft changed or guessed, by row of the table
        print(f"- {problem.message(lang)}", file=sys.stderr)
    if draft.todo or draft.undecided:
        print(t("cli.framework.todo_next", lang, path=out), file=sys.stderr)
    return 0

"""CLI sub-commands of the data intake: `dxkit template`, `dxkit validate`, `dxkit evidence`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dxkit.analysis.evidence import missing_evidence
from dxkit.analysis.evidence_check import STATES, check_evidence
from dxkit.cli.common import (
    add_common,
    add_framework,
    add_lang,
    assess,
    command,
    helptext,
    metavar,
    parse_options,
    whole_number,
)
from dxkit.core import fmt
from dxkit.core.catalogue import load_catalogue
from dxkit.core.paths import check_output
from dxkit.core.problems import InputError, Place, Problem, problems_frame
from dxkit.core.vocab import DEFAULT, Message, t
from dxkit.intake.bounds import read_bounds
from dxkit.intake.docs import index_documents
from dxkit.intake.template import template_departments, write_template
from dxkit.intake.validate import validate_paths
from dxkit.reports.evidence_check import FORMATS as EVIDENCE_FORMATS
from dxkit.reports.evidence_check import check_out, chosen_formats, write_evidence_check
from dxkit.reports.scores import write_csv

EVIDENCE_OUT = "outputs/evidence"  # where `evidence --docs` writes when --out is not given
SCREEN_COLUMNS = ("severity", "file", "sheet", "place", "district", "year", "variable", "value", "rule")


def _setup_template(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument(
        "--year",
        type=whole_number(lang),
        required=True,
        metavar=metavar("year", lang),
        help=helptext("template.year", lang),
    )
    p.add_argument(
        "--district", required=True, metavar=metavar("district", lang), help=helptext("template.district", lang)
    )
    p.add_argument("--out", "-o", required=True, metavar=metavar("file", lang), help=helptext("template.out", lang))
    p.add_argument("--department", metavar=metavar("department", lang), help=helptext("template.department", lang))
    p.add_argument("--force", action="store_true", help=helptext("template.force", lang))
    add_framework(p, lang)
    add_lang(p, lang, "template.lang")


@command("template", _setup_template)
def run_template(args: argparse.Namespace) -> int:
    """Write the Excel workbook the departments of one district fill in, in --lang."""
    lang = args.lang
    if Path(args.out).exists() and not args.force:
        print(f"dxkit: {t('cli.template.exists', lang, path=args.out)}", file=sys.stderr)
        return 2
    catalogue = load_catalogue(args.framework)
    known = template_departments(catalogue)
    if args.department is not None and args.department not in known:
        said = t("cli.template.unknown_department", lang, department=repr(args.department), known=", ".join(known))
        print(f"dxkit: {said}", file=sys.stderr)
        return 2
    path = write_template(args.out, catalogue, args.district, args.year, args.department, lang=lang)
    print(f"{path}: {args.district}, {args.year}" + (f", {args.department}" if args.department else ""))
    return 0


def problems_table(problems: list[Problem], lang: str = DEFAULT, unit: str = "") -> pd.DataFrame:
    """Problems for the screen: errors first, headers, severities and rules in `lang` (no internal codes);
    the unit's column is headed `unit` (what the framework calls it), else the neutral word."""
    df = problems_frame(problems)
    df["rule"] = df[f"rule_{lang}"]
    df["place"] = [
        Place(cell=cell, row=None if pd.isna(row) else int(row), column=column).text(lang)
        for cell, row, column in zip(df["cell"], df["row"], df["column"])
    ]
    df = df[list(SCREEN_COLUMNS)].copy()
    df["severity"] = df["severity"].map(lambda s: t(f"cli.severity.{s}", lang))
    df["year"] = df["year"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    headers = {c: t(f"cli.header.{c}", lang) for c in SCREEN_COLUMNS}
    return df.rename(columns={**headers, "district": unit or headers["district"]})


def text_table(df: pd.DataFrame) -> str:
    """A plain left-aligned table; the last column (the rule) is not padded."""
    cells = [list(map(str, df.columns))] + [["" if pd.isna(v) else str(v) for v in row] for row in df.to_numpy()]
    widths = [max(len(r[j]) for r in cells) for j in range(len(df.columns) - 1)]
    return "\n".join("  ".join([c.ljust(w) for c, w in zip(r, widths)] + [r[-1]]) for r in cells)


def _setup_validate(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("inputs", nargs="+", metavar=metavar("inputs", lang), help=helptext("validate.inputs", lang))
    p.add_argument("--csv", metavar=metavar("file", lang), help=helptext("validate.csv", lang))
    add_common(p, lang)


@command("validate", _setup_validate)
def run_validate(args: argparse.Namespace) -> int:
    """Check inputs and list every problem at once; exit status 1 if there is an error."""
    if args.csv:
        check_output(args.csv, args.inputs)
    catalogue = load_catalogue(args.framework)
    bounds = read_bounds(args.bounds, catalogue) if args.bounds else None
    result = validate_paths(
        args.inputs,
        catalogue,
        args.districts,
        parse_options(args.option, args.lang),
        bounds=bounds,
        decimal=args.decimal,
    )
    if result.problems:
        print(text_table(problems_table(result.problems, args.lang, catalogue.unit_noun(args.lang))))
    if args.csv:
        write_csv(result.frame(), args.csv)
    print(
        t(
            "cli.validate.summary",
            args.lang,
            rows=len(result.inputs),
            errors=len(result.errors),
            warnings=len(result.warnings),
        )
    )
    return 0 if result.ok else 1


def _setup_evidence(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("inputs", nargs="+", metavar=metavar("inputs", lang), help=helptext("evidence.inputs", lang))
    p.add_argument("--csv", metavar=metavar("file", lang), help=helptext("evidence.csv", lang))
    p.add_argument("--docs", metavar=metavar("folder", lang), help=helptext("evidence.docs", lang))
    p.add_argument("--out", metavar=metavar("folder", lang), help=helptext("evidence.out", lang))
    p.add_argument("--format", metavar=",".join(EVIDENCE_FORMATS), help=helptext("evidence.format", lang))
    add_common(p, lang)


@command("evidence", _setup_evidence)
def run_evidence(args: argparse.Namespace) -> int:
    """List, per department, the criteria that earned points without an evidence reference; with
    --docs, check every reference against the documents folder (see `_check_documents`)."""
    if args.docs is not None:
        return _check_documents(args)
    given = [option for option, value in (("--out", args.out), ("--format", args.format)) if value is not None]
    if given:
        raise InputError([Problem("error", Message("evidence_check.folder.needs_docs", option=given[0]))])
    if args.csv:
        check_output(args.csv, args.inputs)
    lang = args.lang
    table = missing_evidence(assess(args, explain=False), lang=lang)
    for (_, name), rows in table.groupby(["department", "department_name"], sort=False):
        print(t("cli.evidence.department", lang, name=name, n=len(rows)))
        for r in rows.itertuples(index=False):
            points = fmt.points(r.points, r.max_points, lang)
            fields = {"district": r.district, "year": r.year, "code": r.code, "criterion": r.criterion}
            print("  " + t("cli.evidence.criterion", lang, **fields, points=points, needed=r.evidence_required))
    if args.csv:
        write_csv(table, args.csv)
    print(t("cli.evidence.total", lang, n=len(table)))
    return 0


def _check_documents(args: argparse.Namespace) -> int:
    """Match every reference cited to the files of --docs; write each unit and year's page and workbook
    into --out and print, per unit and year, how many references were found, ambiguous, not found,
    refused and left unchecked (links). The folder and the outputs are checked before any input is read."""
    lang = args.lang
    index = index_documents(args.docs)
    out = args.out or EVIDENCE_OUT
    formats = chosen_formats((args.format or ",".join(EVIDENCE_FORMATS)).split(","))
    check_out(out, index, args.inputs)
    if args.csv:
        check_out(args.csv, index, args.inputs, folder=False)
    check = check_evidence(assess(args, explain=False, stage="self"), index, lang)  # what the unit claimed
    for folder in index.unreadable:
        print(f"dxkit: {t('evidence_check.summary.unreadable', lang, folder=folder)}", file=sys.stderr)
    for r in check.counts().itertuples(index=False):
        counts = {s: getattr(r, s) for s in STATES}
        print(
            t(
                "evidence_check.summary.unit",
                lang,
                unit=r.district,
                year=r.year,
                n=sum(counts.values()),
                nothing=r.nothing_found,
                **counts,
            )
        )
    written = write_evidence_check(check, out, formats, args.inputs, lang)
    if args.csv:
        joined = {k: check.criteria[k].map("\n".join) for k in ("cited", "found", "ambiguous", "missing", "links")}
        write_csv(check.criteria.assign(**joined), args.csv)
    print(t("evidence_check.summary.written", lang, n=len(written), folder=out))
    return 0

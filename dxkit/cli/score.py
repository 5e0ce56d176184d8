"""`dxkit score` and `dxkit bounds`: scores of the inputs, and the Min-Max bounds a province publishes."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from dxkit.cli.common import EXIT_INVALID, add_common, assess, command, helptext, metavar, whole_number
from dxkit.core import fmt
from dxkit.core.assessment import Assessment
from dxkit.core.bounds import observed_bounds
from dxkit.core.paths import check_output
from dxkit.core.prepare import APPRAISED, SELF, STAGES
from dxkit.core.values import AMBIGUOUS_DECIMAL
from dxkit.core.vocab import DEFAULT, t
from dxkit.reports.scores import check_format, write_csv, write_scores, write_table


def _setup_score(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("inputs", nargs="+", metavar=metavar("inputs", lang), help=helptext("score.inputs", lang))
    p.add_argument("--out", "-o", required=True, metavar=metavar("file", lang), help=helptext("score.out", lang))
    p.add_argument("--no-explain", action="store_true", help=helptext("score.no_explain", lang))
    p.add_argument("--stage", choices=[*STAGES, BOTH], help=helptext("score.stage", lang))
    add_common(p, lang)


BOTH = "both"  # --stage both: the self-assessed and the appraised scores, told apart by the column `stage`


@command("score", _setup_score)
def run_score(args: argparse.Namespace) -> int:
    """Score inputs into a CSV: points, status and explanation of every criterion, pillar and total."""
    check_output(args.out, args.inputs)
    workbook = check_format(args.out) == ".xlsx"
    stage = APPRAISED if args.stage == BOTH else args.stage
    result = assess(args, explain=workbook or not args.no_explain, stage=stage)
    if workbook:
        write_scores(result, args.out, args.lang)
    else:
        write_table(staged_table(result, args.stage == BOTH), args.out)
    for problem in result.problems:
        print(problem.message(args.lang), file=sys.stderr)
    print(score_summary(result, args.out, args.lang))
    return EXIT_INVALID if (result.criteria()["status"] == "invalid").any() else 0


def staged_table(result: Assessment, both: bool = False) -> pd.DataFrame:
    """The scores table `dxkit score` writes: of the result's stage, or (`both`) the self-assessed
    rows, then the appraised ones, each labelled with its stage (the same scores twice when nothing
    is appraised)."""
    if not both:
        return result.table()
    return pd.concat([result.of_stage(s).table() for s in (SELF, APPRAISED)], ignore_index=True)


def score_summary(result: Assessment, out: str, lang: str = DEFAULT) -> str:
    """What was scored, what was invalid and where, what is provisional: the last lines of `dxkit score`."""
    crit = result.criteria()
    totals = result.totals()
    lines = [t("cli.score.scored", lang, n=len(totals), out=out)]
    invalid = crit[crit["status"] == "invalid"]
    if len(invalid):
        where = "; ".join(
            f"{d} {y}: {', '.join(rows['code'])}" for (d, y), rows in invalid.groupby(["district", "year"], sort=False)
        )
        lines.append(t("cli.score.invalid", lang, n=len(invalid), exit=EXIT_INVALID, where=where))
    ambiguous = [p for p in result.problems if p.reason == AMBIGUOUS_DECIMAL]
    if ambiguous:
        lines.append(t("cli.score.ambiguous", lang, n=len(ambiguous)))
    provisional = totals[totals["provisional"]]
    if len(provisional):
        codes = ", ".join(sorted(set(crit.loc[crit["status"] == "needs_peers", "code"])))
        lines.append(t("cli.score.provisional", lang, n=len(provisional), codes=codes))
    lines.append(t("cli.score.assumptions", lang))
    lines += ["  - " + said for said in assumptions_said(result, lang)]
    return "\n".join(lines)


def assumptions_said(result: Assessment, lang: str = DEFAULT) -> list[str]:
    """What the numbers assume, in words of `lang`: 'label: meaning (--option name=value)'. An option's
    id stays, in parentheses, only as the `--option` a user types to change it; the Min-Max bounds
    have none to type (they are given with --bounds)."""
    out = []
    for r in result.assumptions(lang).itertuples(index=False):
        typed = t("cli.score.typed", lang, name=r.option, value=r.value) if r.option in result.catalogue.options else ""
        out.append(t("cli.score.assumption", lang, label=r.label, meaning=r.meaning, typed=typed))
    return out


def _setup_bounds(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("inputs", nargs="+", metavar=metavar("inputs", lang), help=helptext("bounds.inputs", lang))
    p.add_argument(
        "--year",
        type=whole_number(lang),
        required=True,
        action="append",
        metavar=metavar("year", lang),
        help=helptext("bounds.year", lang),
    )
    p.add_argument("--out", "-o", required=True, metavar=metavar("file", lang), help=helptext("bounds.out", lang))
    add_common(p, lang, bounds=False)


@command("bounds", _setup_bounds)
def run_bounds(args: argparse.Namespace) -> int:
    """Publish the Min-Max bounds of a year from all units' data, for units scored alone (--bounds)."""
    check_output(args.out, args.inputs)
    result = assess(args, explain=False)
    table = observed_bounds(result, args.year)
    write_csv(table, args.out)
    lang = args.lang
    for r in table.itertuples(index=False):
        lo, hi = fmt.number(r.min, lang, 6), fmt.number(r.max, lang, 6)
        print(t("cli.bounds.bound", lang, code=r.code, year=r.year, min=lo, max=hi, units=r.units))
    print(t("cli.bounds.written", lang, n=len(table), out=args.out))
    return 0

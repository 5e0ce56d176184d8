"""CLI sub-commands of the data intake: `dxkit template`, `dxkit validate`, `dxkit evidence`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from dxkit.analysis.evidence import missing_evidence
from dxkit.cli.common import add_common, add_framework, assess, command, parse_options, write_csv
from dxkit.core import fmt
from dxkit.core.catalogue import load_catalogue
from dxkit.core.paths import check_output
from dxkit.core.problems import Problem, problems_frame
from dxkit.intake.bounds import read_bounds
from dxkit.intake.template import write_template
from dxkit.intake.validate import validate_paths

HEADERS = {
    "vi": {
        "severity": "mức",
        "file": "tệp",
        "sheet": "sheet",
        "cell": "ô/dòng",
        "district": "huyện",
        "year": "năm",
        "variable": "biến",
        "value": "giá trị",
        "rule": "quy tắc",
    },
    "en": {
        "severity": "severity",
        "file": "file",
        "sheet": "sheet",
        "cell": "cell/row",
        "district": "district",
        "year": "year",
        "variable": "variable",
        "value": "value",
        "rule": "rule",
    },
}
SEVERITY_WORDS = {"vi": {"error": "lỗi", "warning": "cảnh báo"}, "en": {"error": "error", "warning": "warning"}}


def _setup_template(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help="year assessed")
    p.add_argument("--district", required=True, help="district name as it should appear in the results")
    p.add_argument("--out", "-o", required=True, help="workbook to write (.xlsx)")
    p.add_argument("--department", help="only this department's part (id from the framework, e.g. vhtt)")
    p.add_argument("--force", action="store_true", help="replace an existing file (it may hold filled values)")
    add_framework(p)


@command("template", _setup_template)
def run_template(args: argparse.Namespace) -> int:
    """Write the Excel workbook the departments of one district fill in."""
    if Path(args.out).exists() and not args.force:
        print(
            f"dxkit: {args.out} đã tồn tại (có thể đã điền số liệu); dùng --force để ghi đè / "
            f"already exists (it may hold filled values); use --force to replace it",
            file=sys.stderr,
        )
        return 2
    path = write_template(args.out, load_catalogue(args.framework), args.district, args.year, args.department)
    print(f"{path}: {args.district}, {args.year}" + (f", {args.department}" if args.department else ""))
    return 0


def problems_table(problems: list[Problem], lang: str = "vi") -> pd.DataFrame:
    """Problems for the screen: errors first, headers and rules in `lang`."""
    df = problems_frame(problems)
    df["rule"] = df.pop("rule_en" if lang == "en" else "rule_vi")
    df = df.drop(columns=["rule_vi", "rule_en"], errors="ignore")
    df["severity"] = df["severity"].map(SEVERITY_WORDS[lang])
    df["year"] = df["year"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    return df.rename(columns=HEADERS[lang])


def text_table(df: pd.DataFrame) -> str:
    """A plain left-aligned table; the last column (the rule) is not padded."""
    cells = [list(map(str, df.columns))] + [["" if pd.isna(v) else str(v) for v in row] for row in df.to_numpy()]
    widths = [max(len(r[j]) for r in cells) for j in range(len(df.columns) - 1)]
    return "\n".join("  ".join([c.ljust(w) for c, w in zip(r, widths)] + [r[-1]]) for r in cells)


def _setup_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="input files or folders (workbooks, long/wide CSV)")
    p.add_argument("--csv", help="also write every problem to this CSV")
    add_common(p)


@command("validate", _setup_validate)
def run_validate(args: argparse.Namespace) -> int:
    """Check inputs and list every problem at once; exit status 1 if there is an error."""
    if args.csv:
        check_output(args.csv, args.inputs)
    catalogue = load_catalogue(args.framework)
    bounds = read_bounds(args.bounds, catalogue) if args.bounds else None
    result = validate_paths(
        args.inputs, catalogue, args.districts, parse_options(args.option), bounds=bounds, decimal=args.decimal
    )
    if result.problems:
        print(text_table(problems_table(result.problems, args.lang)))
    if args.csv:
        write_csv(result.frame(), args.csv)
    n_err, n_warn, n_rows = len(result.errors), len(result.warnings), len(result.inputs)
    print(
        f"{n_rows} input rows: {n_err} error(s), {n_warn} warning(s)"
        if args.lang == "en"
        else f"{n_rows} dòng dữ liệu: {n_err} lỗi, {n_warn} cảnh báo"
    )
    return 0 if result.ok else 1


def _setup_evidence(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="input files or folders (workbooks, long/wide CSV)")
    p.add_argument("--csv", help="also write the list to this CSV")
    add_common(p)


@command("evidence", _setup_evidence)
def run_evidence(args: argparse.Namespace) -> int:
    """List, per department, the criteria that earned points without an evidence reference."""
    if args.csv:
        check_output(args.csv, args.inputs)
    table = missing_evidence(assess(args, explain=False), lang=args.lang)
    en = args.lang == "en"
    for (_, name), rows in table.groupby(["department", "department_name"], sort=False):
        print(f"{name}: {len(rows)} " + ("criteria without evidence" if en else "tiêu chí chưa có tài liệu kiểm chứng"))
        for r in rows.itertuples(index=False):
            print(
                f"  {r.district} {r.year} {r.code} {r.criterion} — {fmt.points(r.points, r.max_points, args.lang)}; "
                + ("needs: " if en else "cần: ")
                + r.evidence_required
            )
    if args.csv:
        write_csv(table, args.csv)
    print(
        f"{len(table)} "
        + ("criteria with points and no evidence" if en else "tiêu chí có điểm nhưng chưa có tài liệu kiểm chứng")
    )
    return 0

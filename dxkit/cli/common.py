"""What every command shares: the registry, the common arguments, reading and scoring the inputs,
writing CSV, the exit codes."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

import pandas as pd

from dxkit.core import vocab
from dxkit.core.assessment import Assessment, score
from dxkit.core.atomic import os_reason
from dxkit.core.catalogue import load_catalogue
from dxkit.core.problems import InputError, Problem
from dxkit.intake.bounds import read_bounds

EXIT_INVALID = 3  # scores written, but some criterion is invalid
EXIT_OUTPUT = 4  # an output cannot be written
EXIT_INTERRUPTED = 130
ENV_LANG = "DXKIT_LANG"  # the language of messages when --lang is not given

COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def command(name: str, setup: Callable[[argparse.ArgumentParser], None]):
    """Register a sub-command: `setup` adds its arguments, the decorated function runs it."""

    def wrap(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (setup, run)
        return run

    return wrap


def parse_options(pairs: list[str], lang: str = vocab.DEFAULT) -> dict[str, str]:
    """The `--option NAME=VALUE` pairs as a dict; a pair without '=' ends the command, saying so in `lang`."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(vocab.t("cli.option_needs_pair", lang, pair=repr(pair)))
        out[key.strip()] = value.strip()
    return out


class LanguageError(ValueError):
    """The language asked for through the environment is not one dxkit speaks."""


def language(args: argparse.Namespace) -> str:
    """The language of a command's messages: its `--lang`, else `$DXKIT_LANG`, else the default.

    An unknown `$DXKIT_LANG` is a LanguageError naming the known languages (in the default language).
    """
    given = getattr(args, "lang", None)
    if given:
        return str(given)
    value = os.environ.get(ENV_LANG, "").strip()
    if not value:
        return vocab.DEFAULT
    if value not in vocab.languages():
        raise LanguageError(
            vocab.t("cli.unknown_language", variable=ENV_LANG, value=repr(value), known=", ".join(vocab.languages()))
        )
    return value


def add_framework(p: argparse.ArgumentParser) -> None:
    p.add_argument("--framework", help="framework YAML file (default: district DTI 2023)")


def add_common(p: argparse.ArgumentParser, bounds: bool = True, lang: bool = True) -> None:
    """What every command reading inputs takes: --framework, --option, --decimal, --districts,
    --lang and (with `bounds`) --bounds."""
    add_framework(p)
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="scoring option, e.g. threshold_reading=proportional, zero_denominator=full",
    )
    if bounds:
        p.add_argument("--bounds", help="CSV of reference Min-Max bounds: code,year,min,max (see `dxkit bounds`)")
    p.add_argument(
        "--decimal",
        choices=[".", ","],
        help="decimal mark of numbers written as text (default: what each file or sheet shows; "
        "'1.217' with no evidence either way is an error)",
    )
    p.add_argument("--districts", help="CSV with a 'district' column: the units expected, as they should be shown")
    if lang:
        p.add_argument(
            "--lang",
            choices=vocab.languages(),
            help=f"language of messages (default: ${ENV_LANG}, else {vocab.DEFAULT})",
        )


def district_list(args: argparse.Namespace) -> list[str] | None:
    """The names of `--districts`, if given."""
    from dxkit.intake.districts import read_district_list

    return read_district_list(args.districts) if getattr(args, "districts", None) else None


def assess(args: argparse.Namespace, explain: bool = True) -> Assessment:
    """Read and score the inputs of a command with the common options (the one way commands score)."""
    catalogue = load_catalogue(args.framework)
    bounds = read_bounds(args.bounds, catalogue) if getattr(args, "bounds", None) else None
    return score(
        load_inputs(args.inputs),
        catalogue,
        parse_options(args.option, args.lang),
        bounds,
        explain=explain,
        decimal=args.decimal,
        districts=district_list(args),
        bounds_source=getattr(args, "bounds", "") or "",
    )


def load_inputs(paths: list[str]) -> pd.DataFrame:
    """Every input path read into one tidy table (workbooks and folders when the intake is present)."""
    from dxkit import intake

    inputs = intake.read_paths(paths)
    if inputs.empty:
        raise InputError([Problem("error", vocab.Message("cli.no_data_rows"), file=", ".join(paths))])
    return inputs


def os_message(exc: OSError, lang: str) -> str:
    """A file-system error in the user's language, naming the file."""
    return f"{exc.filename or ''}: {os_reason(exc, lang)}"

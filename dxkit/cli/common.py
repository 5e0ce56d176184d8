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

Setup = Callable[[argparse.ArgumentParser, str], None]  # adds a command's arguments, with help in a language
COMMANDS: dict[str, tuple[Setup, Callable[[argparse.Namespace], int]]] = {}


def command(name: str, setup: Setup):
    """Register a sub-command: `setup(parser, lang)` adds its arguments (help from the vocabulary,
    `cli.help.<name>.*`), the decorated function runs it; `cli.help.<name>.about` says what it does."""

    def wrap(run: Callable[[argparse.Namespace], int]):
        COMMANDS[name] = (setup, run)
        return run

    return wrap


def helptext(key: str, lang: str, /, **fields: object) -> str:
    """The help `cli.help.<key>` of an argument in `lang`, ready for argparse (which %-formats help)."""
    return vocab.t(f"cli.help.{key}", lang, **fields).replace("%", "%%")


def metavar(key: str, lang: str) -> str:
    """How help names an argument's value in `lang`: TỆP / FILE, NĂM / YEAR (`cli.help.metavar.<key>`)."""
    return vocab.t(f"cli.help.metavar.{key}", lang)


def whole_number(lang: str) -> Callable[[str], int]:
    """An argparse `type` reading a whole number, refusing anything else in `lang`."""

    def whole(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(vocab.t("cli.help.not_whole", lang, value=repr(text))) from None

    return whole


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


def asked_language(argv: list[str]) -> str | None:
    """The language a command line asks for with `--lang X` or `--lang=X` (the last one), if dxkit
    speaks it: read before parsing, so that --help and argparse's errors are in it too."""
    found = None
    args = iter(argv)
    for arg in args:
        if arg == "--":
            break
        if arg == "--lang":
            found = next(args, None)
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found if found in vocab.languages() else None


def language(given: str | None = None) -> str:
    """The language of a command's help and messages: `given` (its --lang), else `$DXKIT_LANG`, else
    the default.

    An unknown `$DXKIT_LANG` is a LanguageError naming the known languages (in the default language).
    """
    if given:
        return given
    value = os.environ.get(ENV_LANG, "").strip()
    if not value:
        return vocab.DEFAULT
    if value not in vocab.languages():
        raise LanguageError(
            vocab.t("cli.unknown_language", variable=ENV_LANG, value=repr(value), known=", ".join(vocab.languages()))
        )
    return value


def add_lang(p: argparse.ArgumentParser, lang: str, key: str = "common.lang") -> None:
    """--lang: the language of help and messages (`key`: its help, saying what else it sets)."""
    p.add_argument(
        "--lang",
        choices=vocab.languages(),
        default=argparse.SUPPRESS,  # not given: the command line's language (`language`)
        help=helptext(key, lang, variable=ENV_LANG, default=vocab.DEFAULT),
    )


def add_framework(p: argparse.ArgumentParser, lang: str) -> None:
    p.add_argument("--framework", metavar=metavar("file", lang), help=helptext("common.framework", lang))


def add_common(p: argparse.ArgumentParser, lang: str, bounds: bool = True, lang_key: str = "common.lang") -> None:
    """What every command reading inputs takes: --framework, --option, --decimal, --districts,
    --lang and (with `bounds`) --bounds; help in `lang`."""
    add_framework(p, lang)
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar=metavar("option", lang),
        help=helptext("common.option", lang),
    )
    if bounds:
        p.add_argument("--bounds", metavar=metavar("file", lang), help=helptext("common.bounds", lang))
    p.add_argument("--decimal", choices=[".", ","], help=helptext("common.decimal", lang))
    p.add_argument("--districts", metavar=metavar("file", lang), help=helptext("common.districts", lang))
    add_lang(p, lang, lang_key)


def district_list(args: argparse.Namespace) -> list[str] | None:
    """The names of `--districts`, if given."""
    from dxkit.intake.districts import read_district_list

    return read_district_list(args.districts) if getattr(args, "districts", None) else None


def assess(args: argparse.Namespace, explain: bool = True, stage: str | None = None) -> Assessment:
    """Read and score the inputs of a command with the common options (the one way commands score);
    `stage`: of the values (default: appraised where any value is appraised, else self)."""
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
        stage=stage,
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

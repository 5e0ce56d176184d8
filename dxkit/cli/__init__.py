"""Command line: `dxkit score`, `bounds`, `template`, `validate`, `evidence`, `report`, `batch`.

Nothing imports this package; each sub-command registers itself (`dxkit.cli.common.command`).
Exit status: 0 done; 1 validation errors or failed reports; 2 unusable input or arguments (nothing
written); 3 scores written, but some criterion is `invalid`; 4 an output cannot be written; 5 PDF
asked for but no engine; 130 interrupted (Ctrl-C).

Messages are in the language of `--lang`, else of the environment variable DXKIT_LANG, else Vietnamese;
an unknown DXKIT_LANG is refused (exit status 2) naming the languages dxkit speaks.
"""

from __future__ import annotations

import argparse
import os
import sys

from dxkit.cli import intake, reports, score  # noqa: F401  each registers its sub-commands
from dxkit.cli.common import COMMANDS, EXIT_INTERRUPTED, EXIT_OUTPUT, LanguageError, language, os_message
from dxkit.core.atomic import OutputError
from dxkit.core.catalogue import CatalogueError
from dxkit.core.problems import InputError
from dxkit.core.vocab import t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dxkit", description="Digital Transformation Index toolkit")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (setup, run) in COMMANDS.items():
        setup(sub.add_parser(name, help=(run.__doc__ or "").strip().splitlines()[0] if run.__doc__ else None))
    args = parser.parse_args(argv)
    try:
        lang = language(args)
    except LanguageError as exc:
        print(f"dxkit: {exc}", file=sys.stderr)
        return 2
    if "lang" in args:
        args.lang = lang
    try:
        return COMMANDS[args.command][1](args)
    except InputError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 2
    except BrokenPipeError:  # `dxkit evidence … | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OutputError as exc:
        print(f"dxkit: {exc.message(lang)}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print(f"dxkit: {t('cli.interrupted', lang)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except CatalogueError as exc:
        print(f"dxkit: {t('cli.framework_unusable', lang)}:\n{exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"dxkit: {os_message(exc, lang)}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"dxkit: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        print(f"dxkit: {t('cli.unexpected', lang, error=f'{type(exc).__name__}: {exc}')}", file=sys.stderr)
        return 2

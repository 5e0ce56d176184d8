"""Command line: `dxkit score`, `bounds`, `template`, `validate`, `evidence`, `report`, `batch`, `framework`.

Nothing imports this package; each sub-command registers itself (`dxkit.cli.common.command`).
Exit status: 0 done; 1 validation errors or failed reports; 2 unusable input or arguments (nothing
written); 3 scores written, but some criterion is `invalid`; 4 an output cannot be written; 5 PDF
asked for but no engine; 130 interrupted (Ctrl-C).

Help (`--help`), argparse's own words and every message are in one language: the one of `--lang`
(read before parsing, so `dxkit --lang en --help` is English), else of the environment variable
DXKIT_LANG, else Vietnamese; an unknown DXKIT_LANG is refused (exit status 2) naming the languages
dxkit speaks.
"""

from __future__ import annotations

import argparse
import os
import sys

from dxkit.cli import dashboard, framework, intake, reports, score  # noqa: F401  each registers its sub-commands
from dxkit.cli.common import (
    COMMANDS,
    ENV_LANG,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    LanguageError,
    add_lang,
    asked_language,
    language,
    metavar,
    os_message,
)
from dxkit.cli.words import argparse_words
from dxkit.core import vocab
from dxkit.core.atomic import OutputError
from dxkit.core.catalogue import CatalogueError
from dxkit.core.problems import InputError
from dxkit.core.vocab import t


def parser(lang: str) -> argparse.ArgumentParser:
    """The `dxkit` parser, its help in `lang` (build it inside `argparse_words(lang)`)."""
    top = argparse.ArgumentParser(
        prog="dxkit",
        description=t("cli.help.program", lang),
        epilog=t(
            "cli.help.epilog",
            lang,
            variable=ENV_LANG,
            languages=", ".join(vocab.languages()),
            command=metavar("command", lang),
        ),
    )
    add_lang(top, lang)
    sub = top.add_subparsers(
        dest="command", required=True, title=t("cli.help.commands", lang), metavar=metavar("command", lang)
    )
    for name, (setup, _) in COMMANDS.items():
        about = t(f"cli.help.{name}.about", lang)
        setup(sub.add_parser(name, help=about.replace("%", "%%"), description=about), lang)
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        lang = language(asked_language(argv))
    except LanguageError as exc:
        print(f"dxkit: {exc}", file=sys.stderr)
        return 2
    with argparse_words(lang):
        args = parser(lang).parse_args(argv)
    lang = args.lang = getattr(args, "lang", None) or lang  # --lang as parsed, else DXKIT_LANG, else Vietnamese
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
        print(f"dxkit: {t('cli.framework_unusable', lang)}:\n{exc.text(lang)}", file=sys.stderr)
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


def run() -> None:
    """The `dxkit` command: `main`, then exit with its status without tearing the interpreter down.

    After a batch, Python spends about 0.3 s freeing, object by object, the scored data it is about to
    drop anyway. The output is flushed and the exit handlers run (temporary folders, the warm kernel
    process, multiprocessing's children) as at a normal exit; only the freeing is skipped. Where another
    thread still runs, or `main` exits itself (--help, an argument error), the exit is the usual one.
    """
    import atexit
    import contextlib
    import threading

    status = main()
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        raise SystemExit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):  # what the command and the exit handlers wrote
        with contextlib.suppress(OSError, ValueError):  # a reader gone (`| head`), a stream closed: nothing to say
            stream.flush()
    os._exit(status)

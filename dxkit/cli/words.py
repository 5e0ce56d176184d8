"""argparse's own words ("usage:", "options", "the following arguments are required: …") in the
language of the command line, from the vocabulary (`cli.argparse.<key>`).

argparse writes its words through the module globals `argparse._` and `argparse.ngettext` (gettext),
looked up each time a parser is built, formats its help or reports an error. `argparse_words(lang)`
replaces them while dxkit builds its parser and parses a command line, and puts them back after, so
nothing else in the process (a test runner, a notebook) hears dxkit's language. A message argparse
adds in a later Python is shown in English until it is added here (`tests/cli/test_help.py` checks
every message of the installed argparse is either here or a programming error no user sees).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from dxkit.core import vocab

# key of `cli.argparse.<key>` → argparse's English message (its gettext msgid)
MESSAGES = {
    "usage": "usage: ",
    "positionals": "positional arguments",
    "options": "options",
    "help": "show this help message and exit",
    "error": "%(prog)s: error: %(message)s\n",
    "argument": "argument %(argument_name)s: %(message)s",
    "required": "the following arguments are required: %s",
    "one_required": "one of the arguments %s is required",
    "invalid_choice": "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid_value": "invalid %(type)s value: %(value)r",
    "unrecognized": "unrecognized arguments: %s",
    "expected_one": "expected one argument",
    "expected_at_most_one": "expected at most one argument",
    "expected_at_least_one": "expected at least one argument",
    "ambiguous": "ambiguous option: %(option)s could match %(matches)s",
    "not_allowed_with": "not allowed with argument %s",
    "ignored_explicit": "ignored explicit argument %r",
    "unexpected_option": "unexpected option string: %s",
    "cannot_open": "can't open '%(filename)s': %(error)s",
    "unknown_parser": "unknown parser %(parser_name)r (choices: %(choices)s)",
}
# key of `cli.argparse.<key>.one` / `.other` → argparse's (singular, plural) English messages
PLURALS = {
    "expected_n": ("expected %s argument", "expected %s arguments"),
}
_BY_MESSAGE = {message: key for key, message in MESSAGES.items()}
_BY_PAIR = {pair: key for key, pair in PLURALS.items()}


def gettext(message: str, lang: str) -> str:
    """argparse's `message` in `lang` (unchanged when it is not one of `MESSAGES`)."""
    key = _BY_MESSAGE.get(message) if isinstance(message, str) else None
    return vocab.template(f"cli.argparse.{key}", lang) if key else message


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """argparse's singular or plural message for `n` in `lang` (English when not one of `PLURALS`)."""
    key = _BY_PAIR.get((singular, plural))
    if key is None:
        return singular if n == 1 else plural
    return vocab.template(f"cli.argparse.{key}.{'one' if n == 1 else 'other'}", lang)


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """Within the block, argparse speaks `lang`: build the parser and parse the command line in it."""
    names = vars(argparse)  # the module's globals, where argparse looks its gettext functions up
    saved = names["_"], names["ngettext"]
    names["_"] = lambda message: gettext(message, lang)
    names["ngettext"] = lambda singular, plural, n: ngettext(singular, plural, n, lang)
    try:
        yield
    finally:
        names["_"], names["ngettext"] = saved

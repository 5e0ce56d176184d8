"""`python -m dxkit` and the `dxkit` command: the command line (`dxkit.cli`)."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line; for `dxkit batch`, its helper processes start first, while it loads."""
    if command(sys.argv[1:]) == "batch":
        from dxkit.reports.batch import start_helpers

        start_helpers()
    from dxkit.cli import run

    run()


def command(argv: list[str]) -> str | None:
    """The sub-command named in `argv` (after the options before it: `--lang en`), if any."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


if __name__ == "__main__":
    main()

"""Write files and folders whole or not at all: build next to the target, then rename.

A folder of outputs (a report's notebook, HTML and PDF) is built in a hidden staging folder beside
its final one and swapped in by `replace_dir`. Only one writer works in a parent folder at a time
(`locked`), so that writer may `sweep` what an interrupted or killed run left there.
"""
from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old|[0-9a-f]{8}\.tmp)$")


class Busy(RuntimeError):
    """Another process holds the lock of a folder."""


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write `data` (text as UTF-8) to `path` through a temporary file; a failure leaves no trace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def staging_dir(final: Path) -> Path:
    """The hidden folder beside `final` where its next version is built (same file system)."""
    return final.with_name(f".{final.name}.new")


@contextmanager
def no_interrupt() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back until the block is done (they are delivered right after)."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def replace_dir(new: Path, final: Path) -> Path:
    """Put folder `new` in the place of `final` (which may not exist yet) and remove the old one.

    The old folder is renamed aside, then `new` renamed in, with Ctrl-C held back in between; a
    kill in between leaves no `final` but the old folder aside, which `sweep` puts back.
    """
    aside = final.with_name(f".{final.name}.old")
    with no_interrupt():
        if final.exists():
            os.replace(final, aside)
        os.replace(new, final)
    shutil.rmtree(aside, ignore_errors=True)
    return final


def sweep(folder: Path) -> None:
    """Remove what interrupted writers left in `folder` (staging folders, temporary files) and put
    back an old folder whose replacement was cut off. Call it only while holding `locked(folder)`."""
    for entry in folder.iterdir():
        match = _LEFTOVER.match(entry.name)
        if match is None:
            continue
        final = folder / match["name"]
        if match["kind"] == "old" and not final.exists():
            os.replace(entry, final)
        elif entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


@contextmanager
def locked(folder: Path) -> Iterator[Path]:
    """Create `folder` and hold an exclusive lock on it; `Busy` if another process holds it.

    The lock is the folder's own (flock on it), so it leaves no file behind and dies with its holder.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise Busy(str(folder)) from exc
        yield folder
    finally:
        os.close(fd)

"""Write files and folders whole or not at all: build next to the target, then rename.

A folder of outputs (a report's notebook, HTML and PDF) is built in a hidden staging folder beside
its final one and swapped in by `replace_dir`. Only one writer works in a parent folder at a time
(`locked`), so that writer may `sweep` what an interrupted or killed run left there.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dxkit.core import vocab
from dxkit.core.vocab import Localised, Message

_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old|[0-9a-f]{8}\.tmp)$")


# The errors a reader meets writing or reading files, each with its words (`input.os_reason.<name>`);
# any other is told in the system's own words.
_REASONS = ("ENOENT", "EACCES", "EPERM", "EROFS", "ENOSPC", "EISDIR", "ENOTDIR", "EDQUOT", "ENAMETOOLONG")


@dataclass(frozen=True)
class OsReason:
    """The system's reason for an OSError, written in a language only when shown."""

    errno: int | None
    strerror: str

    @classmethod
    def of(cls, exc: OSError) -> OsReason:
        return cls(exc.errno, exc.strerror or type(exc).__name__)

    def text(self, lang: str = vocab.DEFAULT) -> str:
        name = errno.errorcode.get(self.errno or 0, "")
        if name in _REASONS:
            return vocab.t(f"input.os_reason.{name}", lang)
        return vocab.t("input.os_reason.other", lang, strerror=self.strerror)


def os_reason(exc: OSError, lang: str = vocab.DEFAULT) -> str:
    """The system's reason for `exc`, in the reader's language."""
    return OsReason.of(exc).text(lang)


class Busy(RuntimeError):
    """Another process holds the lock of a folder."""


class OutputError(Exception):
    """An output cannot be written (read-only, full, not a regular file or folder) or is busy."""

    def __init__(self, rule: Localised) -> None:
        self.rule = rule
        super().__init__(rule)

    def message(self, lang: str = vocab.DEFAULT) -> str:
        """Why, in `lang`."""
        return self.rule.text(lang)

    text = message

    def __str__(self) -> str:
        return self.message()

    @classmethod
    def cannot_write(cls, target: str | Path, exc: OSError) -> OutputError:
        """The error of writing `target` (the file the user named, never a temporary one)."""
        return cls(Message("input.output.cannot_write", target=str(target), reason=OsReason.of(exc)))


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file: a device, a pipe or a folder is not an output."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError.cannot_write(path, exc) from None
    if not stat.S_ISREG(mode):
        raise OutputError(Message("input.output.not_regular", path=str(path)))


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write `data` (text as UTF-8) to `path` through a temporary file; a failure leaves no trace.

    Only a regular file (or nothing) is replaced; every failure is an OutputError naming `path`.
    """
    path = Path(path)
    check_target(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise OutputError.cannot_write(path, exc) from None
    except BaseException:
        _discard(tmp)
        raise
    return path


def _discard(tmp: Path) -> None:
    """Remove a temporary file if it can be (on a read-only disk even trying fails)."""
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)


def staging_dir(final: Path) -> Path:
    """The hidden folder beside `final` where its next version is built (same file system)."""
    return final.with_name(f".{final.name}.new")


@contextmanager
def no_interrupt() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back until the block is done (they are delivered right after).

    The signals are blocked in this thread; in the main thread, where Python runs every signal's handler,
    the handlers also only note them during the block (another thread may receive a signal this one
    blocks, and Python would then raise KeyboardInterrupt here all the same)."""
    held = {signal.SIGINT, signal.SIGTERM}
    caught: list[int] = []
    handlers: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in held:
            handlers[signum] = signal.signal(signum, lambda number, frame: caught.append(number))
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        for held_signal, handler in handlers.items():
            signal.signal(held_signal, handler if handler is not None else signal.SIG_DFL)  # type: ignore[arg-type]
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        for number in dict.fromkeys(caught):
            signal.raise_signal(number)  # now, to the handler the block began with


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


def replace_files(files: Sequence[Path], folder: Path) -> list[Path]:
    """Move `files` into `folder`, replacing their namesakes all together or not at all: the old ones go
    aside first (where `sweep` would put them back after a kill), then the new ones in; on an error the
    old ones are put back."""
    finals = [folder / f.name for f in files]
    aside = [f.with_name(f".{f.name}.old") for f in finals]
    moved: list[Path] = []
    with no_interrupt():
        try:
            for final, old in zip(finals, aside):
                if final.exists():
                    os.replace(final, old)
            for new, final in zip(files, finals):
                os.replace(new, final)
                moved.append(final)
        except OSError:
            for final in moved:
                final.unlink(missing_ok=True)
            for final, old in zip(finals, aside):
                if old.exists():
                    os.replace(old, final)
            raise
    for old in aside:
        old.unlink(missing_ok=True)
    return finals


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


def write_together(out: Path, name: str, write: Callable[[Path], Sequence[Path]]) -> list[Path]:
    """The files `write(staging)` writes into a staging folder, moved into folder `out` all together or not
    at all (`replace_files`), `out` locked against another run and swept of a killed run's leftovers;
    OutputError when `out` is busy or cannot be written."""
    try:
        with locked(out):
            sweep(out)
            staging = staging_dir(out / name)
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            try:
                return replace_files(write(staging), out)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except Busy:
        raise OutputError(Message("batch.busy", folder=out)) from None
    except OSError as exc:
        raise OutputError.cannot_write(out, exc) from None

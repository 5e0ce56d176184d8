"""A warm process that kernels fork from: `python -m dxkit.reports.zygote SOCKET`.

It imports once what every report kernel imports (ipykernel, IPython, pandas, matplotlib, dxkit's
report modules), then listens on the Unix socket SOCKET. A client (a process running notebooks) keeps one connection
open and sends one request at a time, waiting for the reply: a JSON line with the kernel's arguments
after `-m ipykernel_launcher`, its environment and working folder. Each request forks a child that
becomes a fresh IPython kernel (the report data cache the request's environment names,
`DXKIT_REPORT_CACHE`, is read here first, once): a new process, a new shell and namespace, its own random seeds,
nothing run in it before; only the imports are shared. The reply is the child's pid. A child leads
its own process group (the kernel manager signals the group) and is killed when the zygote dies, or
when the connection it was forked for closes (its client ended, even by SIGKILL); the zygote kills
its children and exits when its standard input closes (its parent is gone).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import selectors
import signal
import socket
import sys
from typing import Any, BinaryIO, cast

PRELOAD = (  # what the report notebooks and an IPython kernel import
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",  # debugpy's pydevd: a tenth of a second a kernel would spend importing it
    "IPython.core.completerlib",
    "faulthandler",
    "tornado.platform.asyncio",
    "IPython.core.interactiveshell",
    # matplotlib_inline.backend_inline (0.2 s) is left to a notebook that imports pyplot; dxkit's charts do not
    "pandas",
    "pandas.core.reshape.reshape",  # imported by pandas at a report's first pivot
    "matplotlib.backends.backend_svg",  # a chart drawn with matplotlib is written as SVG
    "dxkit.intake",  # the report data names its input files through it (and openpyxl, calamine)
    "dxkit.analysis",
    "dxkit.reports.comparison",
    "dxkit.reports.data",
    "dxkit.reports.narrative",
    "dxkit.reports.plots",
    "dxkit.reports.present",
)
PR_SET_PDEATHSIG = 1
CACHE_ENV = "DXKIT_REPORT_CACHE"  # a report data cache the kernels will load: read here, once, for all
KERNEL_ARGS = ("--HistoryManager.enabled=False",)  # a report kernel keeps no input history (no SQLite, no thread)


def die_with_parent() -> None:
    """Linux: this process gets SIGKILL when its parent ends (nothing elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def preload() -> None:
    """Import what kernels use, with the backend an IPython kernel sets, in this process only."""
    import importlib

    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # pydevd's note on frozen modules, on stderr
    for name in PRELOAD:
        with contextlib.suppress(ImportError):  # an optional one (debugpy) may be missing
            importlib.import_module(name)


def _read_cache(path: str | None) -> None:
    """Read the report data cache a kernel will load (once: the next kernels of the batch find it here)."""
    if path:
        from dxkit.reports.data import read_cache

        with contextlib.suppress(Exception):  # only a head start: a kernel reads the file itself otherwise
            read_cache(path)


def _reap(children: set[int]) -> None:
    """Collect the children that ended (a dead kernel must not stay a zombie: its pid reads as alive)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)


def _become_kernel(request: dict[str, Any], sockets: list[socket.socket], zygote: int) -> None:
    """In the forked child of the warm process `zygote` (its pid): a clean process for a kernel, then the
    kernel; never returns."""
    try:
        os.setsid()
        die_with_parent()
        if os.getppid() != zygote:  # it died between the fork and prctl: no signal will come
            os._exit(1)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, signal.SIG_DFL)
        for sock in sockets:  # the zygote's: the listener and every client's connection
            sock.close()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        _fresh_random()
        parent = str(os.getppid())  # the kernel watches the zygote as a kernel watches its launcher
        os.environ["JPY_PARENT_PID"] = parent
        sys.argv = ["ipykernel_launcher", *request["argv"], f"--IPKernelApp.parent_handle={parent}", *KERNEL_ARGS]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
    except BaseException:  # a kernel that cannot start: the manager sees it die and retries
        import traceback

        traceback.print_exc()
        os._exit(1)
    os._exit(0)


def _fresh_random() -> None:
    """Seeds from the operating system, as a new process would have (a fork copies its parent's)."""
    import random

    random.seed()
    with contextlib.suppress(ImportError):
        import numpy

        numpy.random.seed()


def serve(path: str) -> None:
    """Preload, listen on `path`, fork a kernel per request until standard input closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the terminal's whole group: the parent decides
    die_with_parent()
    preload()
    me = os.getpid()
    children: set[int] = set()
    signal.signal(signal.SIGCHLD, lambda *_: _reap(children))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener.bind(path)
    listener.listen(8)
    clients: dict[socket.socket, tuple[BinaryIO, set[int]]] = {}  # connection → its reader, the kernels forked for it
    events = selectors.DefaultSelector()
    events.register(listener, selectors.EVENT_READ)
    stdin = sys.stdin.fileno()
    events.register(stdin, selectors.EVENT_READ)
    try:
        while True:
            for key, _ in events.select():
                if key.fileobj is listener:
                    conn, _ = listener.accept()
                    clients[conn] = (conn.makefile("rb"), set())
                    events.register(conn, selectors.EVENT_READ)
                elif key.fd == stdin:  # readable: the parent closed it, or is gone
                    if not os.read(stdin, 1):
                        return
                else:
                    conn = cast(socket.socket, key.fileobj)
                    reader, forked = clients[conn]
                    line = reader.readline()
                    if not line:  # the client ended: so do the kernels forked for it
                        events.unregister(conn)
                        del clients[conn]
                        reader.close()
                        conn.close()
                        _kill(forked & children)
                        continue
                    request = json.loads(line)
                    # what is in memory at the fork stays out of the kernels' collections (`gc.freeze`: its
                    # pages stay shared); thawed first, so that data another cache replaces can be collected
                    gc.unfreeze()
                    _read_cache(request["env"].get(CACHE_ENV))
                    gc.freeze()
                    pid = os.fork()
                    if pid == 0:
                        _become_kernel(request, [listener, *clients], me)
                    children.add(pid)
                    forked.add(pid)
                    forked &= children  # forget the kernels that ended
                    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    finally:
        _kill(children)
        with contextlib.suppress(OSError):
            os.unlink(path)


def _kill(kernels: set[int]) -> None:
    """SIGKILL to each kernel's process group (a kernel leads its own)."""
    for pid in list(kernels):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)


if __name__ == "__main__":
    serve(sys.argv[1])

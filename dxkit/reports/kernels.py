"""Run one notebook in a fresh kernel with papermill.

Kernels talk over IPC sockets in the run's folder (no TCP ports to collide) and are forked from a
warm process (`dxkit.reports.zygote`) that has imported the report stack once: each kernel is still
a new process with a fresh IPython shell, but starts in milliseconds instead of the second and a half
a new Python spends importing ipykernel, pandas, matplotlib and dxkit. `dxkit report` starts its
own with its first kernel; a batch starts one for all its workers (`share`), which ends with the
batch. Where it cannot start, kernels are launched the usual way.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

KERNEL_START_ATTEMPTS = 3
ZYGOTE_START_SECONDS = 30.0  # the warm process's imports, on a loaded machine
LAUNCHER = ("-m", "ipykernel_launcher")  # a Python kernel's command: PYTHON -m ipykernel_launcher ARGS
FOLDER_PREFIX = "dxkit-zygote-"  # + the owner's pid + '-': a warm process's folder (its socket) in the temporary folder


class Zygote:
    """The warm process kernels fork from, and this process's connection to it.

    `Zygote()` starts a warm process owned by this process; `Zygote(path)` uses one another process
    started (a batch's, shared by its workers). A connection stays open while its process lives: when
    it closes (the process ended, even by SIGKILL), the warm process kills the kernels it forked for it.
    """

    def __init__(self, path: str | None = None) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        if path is None:
            self.folder: str | None = tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-")
            path = os.path.join(self.folder, "zygote.sock")
            try:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "dxkit.reports.zygote", path], stdin=subprocess.PIPE, close_fds=True
                )
            except BaseException:
                os.rmdir(self.folder)
                raise
        else:
            self.folder = None
        self.path = path
        self.failed = False
        self._conn: socket.socket | None = None
        self._replies: Any = None

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int | None:
        """A kernel forked with `argv` (after `-m ipykernel_launcher`), `env` and `cwd`: its pid, or None
        when the warm process is not there (it failed, or did not start in time)."""
        deadline = time.monotonic() + ZYGOTE_START_SECONDS
        while not self.failed:
            try:
                if self._conn is None:
                    self._connect()
                assert self._conn is not None
                self._conn.sendall(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n")
                return int(json.loads(self._replies.readline())["pid"])
            except (FileNotFoundError, ConnectionRefusedError):
                self._disconnect()
                gone = self.process is not None and self.process.poll() is not None
                if gone or time.monotonic() > deadline:
                    self.close()
                    break
                time.sleep(0.05)
            except (OSError, ValueError, KeyError):  # the warm process ended (an empty reply) or misbehaved
                self.close()
        return None

    def _connect(self) -> None:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(self.path)
        except OSError:
            conn.close()
            raise
        self._conn, self._replies = conn, conn.makefile("rb")

    def _disconnect(self) -> None:
        with contextlib.suppress(OSError):
            if self._replies is not None:
                self._replies.close()
            if self._conn is not None:
                self._conn.close()
        self._conn = self._replies = None

    def close(self) -> None:
        """Forget the warm process; the one this process started ends (its kernels with it)."""
        self.failed = True
        self._disconnect()
        if self.process is None:
            return
        with contextlib.suppress(OSError):
            if self.process.stdin:
                self.process.stdin.close()
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # not there when the warm process ended before it listened
        if self.folder:
            with contextlib.suppress(OSError):
                os.rmdir(self.folder)


_zygote: Zygote | None = None


def zygote() -> Zygote | None:
    """This process's warm process, started the first time (None once it has failed)."""
    global _zygote
    if _zygote is None:
        _zygote = Zygote()
        import atexit

        atexit.register(_zygote.close)
    return None if _zygote.failed else _zygote


def share(path: str) -> None:
    """Fork this process's kernels from the warm process listening at `path` (started by another process)."""
    global _zygote
    _zygote = Zygote(path)


class Forked:
    """A forked kernel seen as `subprocess.Popen` sees a child (what jupyter_client's provisioner uses)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not _running(self.pid):
            self.returncode = 0  # its parent, the warm process, collected the status
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _running(pid: int) -> bool:
    """True while `pid` runs (a zombie, ended but not yet collected, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _kernel_manager_class() -> type:
    """A kernel manager talking over IPC sockets in the run's folder, its kernels forked when they can be."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import default

    prefix = os.path.join(jupyter_runtime_dir(), f"kernel-{os.getpid()}")

    class ForkingProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            warm = zygote() if tuple(cmd[1:3]) == LAUNCHER and _same_python(cmd[0]) else None
            env = kwargs.get("env") or dict(os.environ)
            pid = warm.fork(cmd[3:], env, str(kwargs.get("cwd") or os.getcwd())) if warm else None
            if pid is None:
                return await super().launch_kernel(cmd, **kwargs)
            self.process = Forked(pid)  # type: ignore[assignment]  # what the provisioner needs of a Popen
            self.pid = self.pgid = pid
            self.cwd = kwargs.get("cwd", Path.cwd())
            return self.connection_info

    class IpcKernelManager(AsyncKernelManager):
        @default("client_factory")
        def _client_factory_default(self) -> type:
            return _ready_client_class()

        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            return prefix

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            if self.provisioner is None:
                self.provisioner = ForkingProvisioner(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kw)

    return IpcKernelManager


READY_POLL_SECONDS = 1.0  # no kernel_info reply by then: ask again (the kernel may still be starting)
IOPUB_POLL_SECONDS = 0.05  # no idle on IOPub by then: its subscription was not through yet, ask again


def _ready_client_class() -> type:
    """A kernel client that is ready as soon as the kernel has answered `kernel_info` on the shell
    channel and gone idle after it on IOPub (which shows IOPub is connected).

    jupyter_client's `wait_for_ready` checks the same, then waits 0.2 s for IOPub to stay quiet: a
    fifth of a second per report that nothing runs in."""
    from queue import Empty

    from jupyter_client.asynchronous import AsyncKernelClient

    class ReadyClient(AsyncKernelClient):
        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """Ask `kernel_info` (again each second the shell channel stays silent: a kernel still starting
            gets the first request late) until the kernel answers any of the requests and IOPub shows it
            idle after one of them."""
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            asked = {self.kernel_info()}
            while True:
                try:
                    reply = await self.shell_channel.get_msg(timeout=READY_POLL_SECONDS)
                except Empty:
                    reply = None
                if reply is None:
                    if not await self._async_is_alive():
                        raise RuntimeError("Kernel died before replying to kernel_info")
                    asked.add(self.kernel_info())
                elif reply["parent_header"].get("msg_id") in asked:
                    if await self._idle_after(asked):
                        self._handle_kernel_info_reply(reply)
                        return
                    asked.add(self.kernel_info())  # IOPub was not connected yet: its idle is asked again
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

        async def _idle_after(self, asked: set[str]) -> bool:
            """True once IOPub shows the kernel idle after one of the requests `asked`; False if it stays silent."""
            while True:
                try:
                    msg = await self.iopub_channel.get_msg(timeout=IOPUB_POLL_SECONDS)
                except Empty:
                    return False
                content, parent = msg.get("content", {}), msg.get("parent_header", {})
                if content.get("execution_state") == "idle" and parent.get("msg_id") in asked:
                    return True

    return ReadyClient


def _same_python(executable: str) -> bool:
    """True when a kernel command's Python is this one (the warm process runs this one)."""
    import shutil

    found = shutil.which(executable)
    return found is not None and os.path.realpath(found) == os.path.realpath(sys.executable)


def execute(
    notebook: Path, output: Path, parameters: dict[str, Any], attempts: int = KERNEL_START_ATTEMPTS
) -> NotebookNode:
    """Run `notebook` with papermill into `output`, written once at the end (kept when a cell fails, to show
    the error).

    A kernel that dies or does not start in time is retried up to `attempts` times; an error
    raised by a cell is not (papermill's PapermillExecutionError propagates).
    """
    import papermill
    import zmq

    from dxkit.reports.zygote import CACHE_ENV

    if parameters.get("cache"):  # the warm process reads it once for all the kernels it forks
        os.environ[CACHE_ENV] = str(parameters["cache"])
    attempt = 1
    while True:
        try:
            return papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
                progress_bar=False,
                kernel_manager_class=_kernel_manager_class(),
                shutdown_kernel="immediate",
                request_save_on_cell_execute=False,  # written once, when it ends (or fails): not 26 times
            )
        except (RuntimeError, TimeoutError, zmq.ZMQBaseError):
            if attempt >= attempts:
                raise
            time.sleep(0.5 * attempt)
            attempt += 1

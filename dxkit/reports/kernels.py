"""Run one notebook in a fresh kernel with papermill: kernels talk over IPC sockets in the run's folder."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

KERNEL_START_ATTEMPTS = 3


def _kernel_manager_class() -> type:
    """A kernel manager talking over IPC sockets in the run's folder: no TCP ports to collide."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir
    from traitlets import default

    prefix = os.path.join(jupyter_runtime_dir(), f"kernel-{os.getpid()}")

    class IpcKernelManager(AsyncKernelManager):
        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            return prefix

    return IpcKernelManager


def execute(
    notebook: Path, output: Path, parameters: dict[str, Any], attempts: int = KERNEL_START_ATTEMPTS
) -> NotebookNode:
    """Run `notebook` with papermill into `output` (kept when a cell fails, to show the error).

    A kernel that dies or does not start in time is retried up to `attempts` times; an error
    raised by a cell is not (papermill's PapermillExecutionError propagates).
    """
    import papermill
    import zmq

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
            )
        except (RuntimeError, TimeoutError, zmq.ZMQBaseError):
            if attempt >= attempts:
                raise
            time.sleep(0.5 * attempt)
            attempt += 1

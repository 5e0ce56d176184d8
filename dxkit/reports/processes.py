"""Child processes of this machine's runs (Linux /proc): to end workers, kernels and browsers for good."""

from __future__ import annotations

import os
import signal
from contextlib import suppress
from pathlib import Path


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (empty where there is no /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def kill_tree(pid: int) -> None:
    """SIGKILL `pid` and every process under it."""
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue += children(current)
    for current in tree:
        with suppress(OSError):
            os.kill(current, signal.SIGKILL)

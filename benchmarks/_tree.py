"""What a benchmark's child processes use, sampled from /proc: CPU seconds and memory (PSS) of the whole tree.

PSS (proportional set size) splits shared pages between the processes sharing them, so the sum over
the tree is what the tree costs the machine. CPU seconds do not depend on other load on the machine.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, CPU ticks used so far) of every process."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            out[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return out


def _pss(pid: int) -> int:
    """Proportional set size in bytes (shared pages split between their users), 0 if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeSampler:
    """Samples this process's descendants every `every` s in a thread: CPU seconds, and every `pss_every` s
    peak memory (PSS, bytes).

    CPU is the last value seen of each descendant, so it misses at most `every` s per process. PSS is read
    less often: the kernel walks a process's page tables to sum it, some milliseconds for each of a batch's
    twenty-odd processes, which at every tick would take a good part of a core from what is measured.
    `probe`, when given, is called at every PSS sample; `history` keeps (seconds since start, PSS, probe's value).
    """

    def __init__(self, every: float = 0.1, probe: Callable[[], int] | None = None, pss_every: float = 0.5) -> None:
        self.every, self.peak, self.probe = every, 0, probe
        self.pss_ticks = max(1, round(pss_every / every))
        self.history: list[tuple[float, int, int]] = []
        self._ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu_s(self) -> float:
        return sum(self._ticks.values()) / TICK

    def _run(self) -> None:
        root, start, tick = os.getpid(), time.perf_counter(), 0
        while not self._stop.is_set():
            procs = _processes()
            tree: set[int] = set()
            frontier = {root}
            while frontier:
                frontier = {pid for pid, (ppid, _) in procs.items() if ppid in frontier} - tree
                tree |= frontier
            for pid in tree:
                self._ticks[pid] = max(self._ticks.get(pid, 0), procs[pid][1])
            if tick % self.pss_ticks == 0:
                pss = sum(_pss(pid) for pid in tree)
                self.peak = max(self.peak, pss)
                if self.probe is not None:
                    self.history.append((time.perf_counter() - start, pss, self.probe()))
            tick += 1
            self._stop.wait(self.every)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

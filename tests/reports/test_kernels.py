"""Kernels forked from the warm process: each a fresh kernel, dying with it; a normal launch otherwise."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from dxkit.reports import kernels


def _notebook(folder: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def _outputs(nb) -> list[str]:
    return ["".join(o.get("text", "")) for c in nb.cells for o in c.outputs]


PROBE = (
    "import os, random, sys",
    "print(os.getpid(), os.getppid(), os.getpgid(0), random.random(), 'left' in globals(), "
    "'pandas' in sys.modules, os.environ.get('DXKIT_PROBE'))",
    "left = 1",
)


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("DXKIT_PROBE", "seen")
    return tmp_path


def test_each_notebook_gets_a_fresh_forked_kernel(runtime):
    path = _notebook(runtime, *PROBE)
    runs = [_outputs(kernels.execute(path, runtime / f"out{i}.ipynb", {}))[0].split() for i in range(2)]
    warm = kernels.zygote()
    assert warm is not None and warm.process.poll() is None
    pids = {int(r[0]) for r in runs}
    assert len(pids) == 2 and os.getpid() not in pids
    for pid, parent, group, _, left, preloaded, env in runs:
        assert int(parent) == warm.process.pid  # forked from the warm process ...
        assert group == pid  # ... leading its own process group (the kernel manager signals the group)
        assert left == "False"  # nothing of an earlier notebook
        assert preloaded == "True"  # the imports are shared
        assert env == "seen"  # the environment is the launcher's
    assert runs[0][3] != runs[1][3]  # its own random seed


def test_a_kernel_dies_with_the_warm_process(runtime, monkeypatch):
    monkeypatch.setattr(kernels, "_zygote", None)  # a warm process of its own (the others' is restored after)
    path = _notebook(runtime, "import os; print(os.getpid())")
    kernels.execute(path, runtime / "out.ipynb", {})
    warm = kernels.zygote()
    assert warm is not None
    fork_pid = warm.fork(["-f", str(runtime / "unused.json")], dict(os.environ), str(runtime))
    assert fork_pid is not None
    os.kill(warm.process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while kernels._running(fork_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not kernels._running(fork_pid)
    warm.process.wait()
    assert warm.fork(["-f", "x.json"], {}, str(runtime)) is None  # gone: kernels are launched as usual
    assert kernels.zygote() is None


def test_without_the_warm_process_a_kernel_is_launched_as_usual(runtime, monkeypatch):
    monkeypatch.setattr(kernels, "_zygote", None)
    monkeypatch.setattr(kernels, "zygote", lambda: None)
    path = _notebook(runtime, "import os; print(os.getppid())")
    nb = kernels.execute(path, runtime / "out.ipynb", {})
    assert int(_outputs(nb)[0]) == os.getpid()  # a child of this process, not of a warm one


def _gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while kernels._running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not kernels._running(pid)


def test_a_shared_warm_process_ends_the_kernels_of_a_client_that_ends(runtime):
    """A batch's workers share one warm process: when a worker ends (its connection closes, as when
    it is killed), the kernels forked for it end; another worker's kernels and the warm process stay."""
    owner = kernels.Zygote()
    try:
        first, second = kernels.Zygote(owner.path), kernels.Zygote(owner.path)
        assert first.process is None  # a client: it started nothing
        env = dict(os.environ)
        mine = [first.fork(["-f", str(runtime / f"a{i}.json")], env, str(runtime)) for i in range(2)]
        other = second.fork(["-f", str(runtime / "b.json")], env, str(runtime))
        assert None not in mine and other is not None and len({*mine, other}) == 3
        first.close()
        assert all(_gone(pid) for pid in mine if pid is not None)
        assert kernels._running(other) and owner.process is not None and owner.process.poll() is None
        again = second.fork(["-f", str(runtime / "c.json")], env, str(runtime))  # the connection still serves
        assert again is not None and kernels._running(again)
    finally:
        owner.close()
    assert _gone(other) and (again is None or _gone(again))


@pytest.mark.parametrize("delay", [0.0, 1.6])
def test_the_client_is_ready_once_the_kernel_answers_however_late_it_starts(runtime, delay):
    """A kernel that starts after the first `kernel_info` (asked again every second meanwhile) is ready as
    soon as it answers one of them and IOPub shows it idle: not the fixed 0.2 s of jupyter_client's wait,
    and not never (a reply to an earlier request counts)."""
    import asyncio
    import json
    import sys

    spec = runtime / "kernels" / "slow"
    spec.mkdir(parents=True)
    start = f"import time; time.sleep({delay}); from ipykernel import kernelapp; kernelapp.launch_new_instance()"
    argv = [sys.executable, "-c", start, "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "slow", "language": "python"}))
    os.environ["JUPYTER_PATH"] = str(runtime)

    async def ready() -> float:
        manager = kernels._kernel_manager_class()(kernel_name="slow")
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        began = time.monotonic()
        try:
            await client.wait_for_ready(timeout=30)
            return time.monotonic() - began
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    try:
        took = asyncio.run(ready())
    finally:
        del os.environ["JUPYTER_PATH"]
    assert took < delay + 8  # a cold Python start of ipykernel, on a loaded machine


PRELOAD_PROBE = """
import json, sys
from pathlib import Path
import nbformat
from dxkit.reports import zygote
zygote.preload()
zygote._read_cache(sys.argv[1])
import IPython.display
IPython.display.display = lambda *objects, **kw: None
before = set(sys.modules)
for notebook, unit in json.loads(sys.argv[2]):
    cells = nbformat.read(notebook, as_version=4).cells
    code = [c.source for c in cells if c.cell_type == "code" and "notebook-only" not in c.metadata.get("tags", [])]
    namespace = {"__name__": "__main__"}
    exec(code[0], namespace)  # the parameters cell, then what papermill injects
    namespace.update(year=2024, inputs=sys.argv[3], cache=sys.argv[1], **({"district": unit} if unit else {}))
    for source in code[1:]:
        exec(source, namespace)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_the_warm_process_has_imported_what_the_report_notebooks_use(tmp_path):
    """What a report notebook imports that the warm process has not, every kernel of a batch imports
    again (`import dxkit` importing the intake once hid that the report data uses it)."""
    import json
    import subprocess
    import sys

    from dxkit.core.paths import SAMPLE_DIR
    from dxkit.reports.batch import COMPARISON_NOTEBOOK, DISTRICT_NOTEBOOK, NOTEBOOKS
    from dxkit.reports.data import build, save

    data = build(SAMPLE_DIR)
    data.year(2024)
    cache = save(data, tmp_path / "report-data.pickle")
    notebooks = [[str(NOTEBOOKS / DISTRICT_NOTEBOOK), "Chư Prông"], [str(NOTEBOOKS / COMPARISON_NOTEBOOK), None]]
    run = subprocess.run(
        [sys.executable, "-c", PRELOAD_PROBE, str(cache), json.dumps(notebooks), str(SAMPLE_DIR)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    imported = json.loads(run.stdout.splitlines()[-1])
    heavy = ("dxkit", "pandas", "numpy", "matplotlib", "openpyxl", "python_calamine", "IPython", "ipykernel")
    assert [m for m in imported if m.split(".")[0] in heavy] == []


def test_a_warm_process_closed_before_it_listens_leaves_no_folder():
    warm = kernels.Zygote()  # still importing: its socket is not there yet
    folder = Path(warm.folder)
    assert folder.is_dir()
    warm.close()
    assert not folder.exists() and warm.process.poll() is not None


def test_a_warm_process_that_cannot_start_leaves_no_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(kernels.tempfile, "tempdir", str(tmp_path))

    def refuse(*args, **kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(kernels.subprocess, "Popen", refuse)
    with pytest.raises(OSError):
        kernels.Zygote()
    assert list(tmp_path.iterdir()) == []

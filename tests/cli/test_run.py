"""`dxkit` (the console script and `python -m dxkit`): main's status, its whole output, the exit handlers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import atexit, sys
from pathlib import Path
from dxkit.cli import run
marker = Path(sys.argv.pop())
atexit.register(lambda: print("exit handlers ran") or marker.write_text("ran"))
sys.argv = ["dxkit", "validate", *sys.argv[1:]]
run()
raise AssertionError("run() returned")
"""


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    marker = tmp_path / "exit-handlers"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout to a pipe, block-buffered
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args, str(marker)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    return done, marker


def test_the_command_exits_with_mains_status_after_its_output_and_exit_handlers(tmp_path):
    done, marker = _run(tmp_path, "inputs")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip().splitlines()
    assert lines[-2:] == ["4415 dòng dữ liệu: 0 lỗi, 6 cảnh báo", "exit handlers ran"]  # all of it, flushed
    assert marker.read_text() == "ran"

    done, marker = _run(tmp_path, str(tmp_path / "missing.csv"))
    assert done.returncode == 1 and "không tìm thấy tệp" in done.stdout and marker.read_text() == "ran"


def test_python_dash_m_dxkit_goes_the_same_way(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "dxkit", "validate", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 1 and done.stdout.rstrip().endswith("0 dòng dữ liệu: 1 lỗi, 0 cảnh báo")


def test_the_sub_command_is_found_after_the_options_before_it():
    from dxkit.__main__ import command

    assert command(["batch", "--inputs", "x"]) == "batch"
    assert command(["--lang", "en", "batch"]) == "batch"
    assert command(["--lang=en", "batch"]) == "batch"
    assert command(["score", "batch"]) == "score"
    assert command(["--help"]) is None and command([]) is None


def test_a_batch_refused_by_its_arguments_leaves_no_helper_behind(tmp_path):
    """`dxkit batch` starts its helpers before it reads its arguments: refused, they end with it."""
    import tempfile

    done = subprocess.Popen(
        [sys.executable, "-m", "dxkit", "batch", "--no-such-option"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    _, err = done.communicate(timeout=120)
    assert done.returncode == 2 and "--no-such-option" in err
    assert list(Path(tempfile.gettempdir()).glob(f"dxkit-zygote-{done.pid}-*")) == []
    alive = [p for p in Path("/proc").glob("[0-9]*/cmdline") if _reads(p, f"zygote-{done.pid}-")]
    assert alive == []


def _reads(path: Path, text: str) -> bool:
    try:
        return text in path.read_bytes().decode(errors="replace")
    except OSError:
        return False


def test_helpers_that_cannot_start_leave_the_batch_to_start_its_own(monkeypatch):
    """The early start is a head start only: a failure there (no file descriptors left…) is the batch's to report."""
    from dxkit.reports import batch

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(batch, "Zygote", refuse)
    monkeypatch.setattr(batch, "_early", None)
    batch.start_helpers()
    assert batch._early is None

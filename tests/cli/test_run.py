"""`dxkit` (the console script and `python -m dxkit`): main's status, its whole output, the exit handlers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import atexit, sys
from pathlib import Path
from dxkit.cli import run
marker = Path(sys.argv.pop())
atexit.register(lambda: marker.write_text("ran"))
sys.argv = ["dxkit", "validate", *sys.argv[1:]]
run()
raise AssertionError("run() returned")
"""


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    marker = tmp_path / "exit-handlers"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args, str(marker)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    return done, marker


def test_the_command_exits_with_mains_status_after_its_output_and_exit_handlers(tmp_path):
    done, marker = _run(tmp_path, "inputs")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("4415 dòng dữ liệu: 0 lỗi, 6 cảnh báo")  # the last line, flushed
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

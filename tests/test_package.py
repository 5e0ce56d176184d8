"""An installable package: the wheel carries the notebooks, frameworks and CSS, and `dxkit batch` runs from an
empty folder with nothing but the installed wheel (issue 10, part 8)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args, cwd, **kw):
    return subprocess.run([str(a) for a in args], cwd=cwd, check=True, capture_output=True, text=True, **kw)


def test_the_wheel_installs_and_runs_a_batch_from_an_empty_folder(tmp_path):
    dist, empty, out = tmp_path / "dist", tmp_path / "empty", tmp_path / "out"
    empty.mkdir()
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT], cwd=tmp_path)
    wheel = next(dist.glob("dxkit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "dxkit/notebooks/district_report.ipynb",
        "dxkit/notebooks/province_comparison.ipynb",
        "dxkit/frameworks/vn_district_dti_2023.yaml",
        "dxkit/reports/static/report.css",
    } <= names
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "-q", "--no-deps", wheel], cwd=tmp_path)
    where = _run([python, "-c", "import dxkit; print(dxkit.__file__)"], cwd=empty).stdout
    assert str(venv) in where  # the wheel's dxkit, not the working copy
    # the venv borrows the system's packages, so it borrows their Jupyter data too (nbconvert's templates), as
    # a venv with its own nbconvert would have them under its own prefix
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    _run(
        [
            venv / "bin" / "dxkit",
            "batch",
            "--inputs",
            ROOT / "inputs",
            "--year",
            "2024",
            "--district",
            "Chư Prông",
            "--format",
            "html",
            "--out",
            out,
            "--quiet",
        ],
        cwd=empty,
        env=env,
    )
    report = (out / "2024" / "chu-prong" / "report.html").read_text(encoding="utf-8")
    assert "Chư Prông" in report and (out / "2024" / "index.html").exists()
    assert sorted(p.name for p in empty.iterdir()) == []  # nothing written where it ran
